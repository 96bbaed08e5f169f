package com.platform.workergateway.emulator.throttle;

/**
 * An account-wide limit of one operation.
 *
 * @param perSecond sustained calls per second
 * @param burst calls that may be saved up and spent at once
 */
public record RateLimit(double perSecond, int burst) {

	public RateLimit {
		if (perSecond < 0 || burst < 1) {
			throw new IllegalArgumentException(
					"A rate limit needs per-second >= 0 and burst >= 1, got " + perSecond + "/s burst " + burst);
		}
	}

}

package com.platform.workergateway.emulator.fault;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the faults that hit one call do to it.
 *
 * @param latency total delay before answering
 * @param hang whether the call is never answered
 * @param error the error to answer with instead of the operation's result
 */
public record FaultEffect(Duration latency, boolean hang, @Nullable String error) {

	public static final FaultEffect NONE = new FaultEffect(Duration.ZERO, false, null);

	FaultEffect plus(Fault fault) {
		Duration added = (fault.latency() != null) ? this.latency.plus(fault.latency()) : this.latency;
		String firstError = (this.error != null) ? this.error : fault.error();
		return new FaultEffect(added, this.hang || fault.hang(), firstError);
	}

}

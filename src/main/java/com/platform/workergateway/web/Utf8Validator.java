package com.platform.workergateway.web;

/**
 * Checks that bytes, fed in pieces, are well-formed UTF-8 (RFC 3629): no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF, no truncated sequence. Jackson's decoder
 * lets some of these through (an encoded surrogate, for one).
 */
final class Utf8Validator {

	/** Continuation bytes still expected. */
	private int pending;

	/** Allowed range of the next continuation byte (narrower right after some leads). */
	private int low = 0x80;

	private int high = 0xBF;

	/**
	 * @param value the next byte
	 * @return whether the bytes so far can still be well-formed
	 */
	boolean accept(byte value) {
		int b = value & 0xFF;
		if (this.pending > 0) {
			if (b < this.low || b > this.high) {
				return false;
			}
			this.pending--;
			this.low = 0x80;
			this.high = 0xBF;
			return true;
		}
		return b < 0x80 || lead(b);
	}

	/**
	 * @return whether the input ended on a character boundary
	 */
	boolean complete() {
		return this.pending == 0;
	}

	private boolean lead(int b) {
		if (b >= 0xC2 && b <= 0xDF) {
			this.pending = 1;
		}
		else if (b >= 0xE0 && b <= 0xEF) {
			this.pending = 2;
			this.low = (b == 0xE0) ? 0xA0 : 0x80;
			this.high = (b == 0xED) ? 0x9F : 0xBF;
		}
		else if (b >= 0xF0 && b <= 0xF4) {
			this.pending = 3;
			this.low = (b == 0xF0) ? 0x90 : 0x80;
			this.high = (b == 0xF4) ? 0x8F : 0xBF;
		}
		else {
			return false;
		}
		return true;
	}

}

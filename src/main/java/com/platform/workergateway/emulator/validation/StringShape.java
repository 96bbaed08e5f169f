package com.platform.workergateway.emulator.validation;

/**
 * A string shape of the service model with its length bounds, counted in characters
 * (Unicode code points, as Smithy's length trait counts them).
 *
 * @param name the model's shape name
 * @param min minimum length
 * @param max maximum length
 */
public record StringShape(String name, int min, int max) {

	/** {@code id}: hostname, taskrunnerId, object ids. */
	public static final StringShape ID = new StringShape("id", 1, 1024);

	/** {@code string}: workerGroup, errorId, errorStackTrace, instance identity. */
	public static final StringShape STRING = new StringShape("string", 0, 1024);

	/** {@code taskId}. */
	public static final StringShape TASK_ID = new StringShape("taskId", 1, 2048);

	/** {@code fieldNameString}: field keys and refValue. */
	public static final StringShape FIELD_NAME = new StringShape("fieldNameString", 1, 256);

	/** {@code fieldStringValue}: field stringValue. */
	public static final StringShape FIELD_VALUE = new StringShape("fieldStringValue", 0, 10240);

	/**
	 * {@code errorMessage}: no length bound. The model gives it no pattern either; the
	 * emulator still applies the pattern, as to every string, so that a client that
	 * passes here never sends what XML-based storage upstream could refuse.
	 */
	public static final StringShape ERROR_MESSAGE = new StringShape("errorMessage", 0, Integer.MAX_VALUE);

}

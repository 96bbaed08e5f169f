package com.platform.workergateway.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link ModelText} by walking code points, which also catches unpaired
 * surrogates; cheaper and clearer than the model's regular expression.
 */
public class ModelTextValidator implements ConstraintValidator<ModelText, CharSequence> {

	private int min;

	private int max;

	@Override
	public void initialize(ModelText constraint) {
		this.min = constraint.min();
		this.max = constraint.max();
	}

	@Override
	public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		String text = value.toString();
		int length = 0;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int codePoint = text.codePointAt(i);
			if (!isAllowed(codePoint)) {
				return violation(context, String.format(
						"contains a character the service does not accept (U+%04X at" + " index %d)", codePoint, i));
			}
			length++;
		}
		if (length < this.min || length > this.max) {
			return violation(context, "must be " + this.min + " to " + this.max + " characters long, but is " + length);
		}
		return true;
	}

	/**
	 * The model's pattern; a lone surrogate is its own code point and so is refused.
	 */
	public static boolean isAllowed(int codePoint) {
		return codePoint == '\t' || codePoint == '\n' || codePoint == '\r' || (codePoint >= 0x20 && codePoint <= 0xD7FF)
				|| (codePoint >= 0xE000 && codePoint <= 0xFFFD) || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
	}

	private static boolean violation(ConstraintValidatorContext context, String message) {
		context.disableDefaultConstraintViolation();
		context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
			.addConstraintViolation();
		return false;
	}

}

package com.platform.workergateway.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A string member of the Data Pipeline model: a length in characters (Unicode code
 * points) and the model's pattern, which admits tab, CR, LF and every XML-legal character
 * from U+0020 up ({@code [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*}).
 * A {@code null} value is valid: required members add {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = ModelTextValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface ModelText {

	/**
	 * Minimum length in characters.
	 * @return the minimum
	 */
	int min() default 0;

	/**
	 * Maximum length in characters.
	 * @return the maximum
	 */
	int max() default Integer.MAX_VALUE;

	String message() default "must be {min} to {max} characters of the service's allowed set";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}

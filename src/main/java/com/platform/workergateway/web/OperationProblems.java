package com.platform.workergateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint can answer beyond those every call can meet
 * ({@link ProblemType#everyCall()}), for the API description: named by their
 * {@link ProblemType}, so their URNs and meanings come from its table.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OperationProblems {

	ProblemType[] value();

}

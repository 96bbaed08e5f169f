package com.platform.workergateway.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;

/**
 * The problems a report on a task can get beyond the common ones, documented once for
 * every task-report endpoint.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponses({
		@ApiResponse(responseCode = "404",
				description = "Unknown or ended task (urn:worker-gateway:problem:task-not-found)",
				content = @Content(mediaType = "application/problem+json",
						schema = @Schema(ref = "#/components/schemas/Problem"))),
		@ApiResponse(responseCode = "410",
				description = "Pipeline deleted (urn:worker-gateway:problem:pipeline-deleted)",
				content = @Content(mediaType = "application/problem+json",
						schema = @Schema(ref = "#/components/schemas/Problem"))) })
@interface TaskReportProblems {

}

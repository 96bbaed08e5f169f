package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A PollForTask request, with the service model's member names.
 *
 * @param workerGroup the worker group to take a task for (exact, case-sensitive)
 * @param hostname the public DNS name of the calling task runner
 * @param instanceIdentity EC2 instance identity of the task runner, if any
 */
public record PollForTask(String workerGroup, @Nullable String hostname, @Nullable InstanceIdentity instanceIdentity) {

	/**
	 * Identity document of an EC2 task runner.
	 *
	 * @param document the instance identity document
	 * @param signature its signature
	 */
	public record InstanceIdentity(@Nullable String document, @Nullable String signature) {

	}

}

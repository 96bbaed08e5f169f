package com.platform.workergateway.poll;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.model.ModelText;
import com.platform.workergateway.upstream.PollForTask;

/**
 * The body of {@code POST /v1/tasks/poll}. The model allows an empty worker group, but no
 * pipeline can name one, so the gateway requires at least one character.
 *
 * @param workerGroup the worker group to take a task for
 * @param hostname the worker's host name
 * @param instanceIdentity the worker's EC2 instance identity, if it runs on EC2
 */
public record PollRequest(@NotNull @ModelText(min = 1, max = 1024) String workerGroup,
		@ModelText(min = 1, max = 1024) @Nullable String hostname, @Valid @Nullable InstanceIdentity instanceIdentity) {

	PollForTask toUpstream() {
		return new PollForTask(this.workerGroup, this.hostname,
				(this.instanceIdentity != null) ? this.instanceIdentity.toUpstream() : null);
	}

	/**
	 * An EC2 instance identity document and its signature.
	 *
	 * @param document the document
	 * @param signature its signature
	 */
	public record InstanceIdentity(@ModelText(max = 1024) @Nullable String document,
			@ModelText(max = 1024) @Nullable String signature) {

		PollForTask.InstanceIdentity toUpstream() {
			return new PollForTask.InstanceIdentity(this.document, this.signature);
		}

	}

}

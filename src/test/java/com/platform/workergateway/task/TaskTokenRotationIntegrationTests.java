package com.platform.workergateway.task;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token signed before a key rotation, by a replica that had only the previous key,
 * still works on a gateway whose key ring is {@code [current, previous]}.
 */
@GatewayIntegrationTest
class TaskTokenRotationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Value("${worker-gateway.task-token.keys[1].secret}")
	String previousSecret;

	@Test
	void shouldAcceptTokensSignedWithThePreviousKey() {
		String group = "wg-" + UUID.randomUUID();
		String taskId = this.emulator.schedule(group).taskId();
		WorkerClient worker = new WorkerClient(this.port);
		worker.takeTask(group);
		TaskTokenCodec beforeRotation = new TaskTokenCodec(
				List.of(SigningKey.fromBase64("previous", this.previousSecret)));
		String oldToken = beforeRotation.encode(new TaskToken(group, taskId));

		ResponseEntity<Map> ack = worker.progress(oldToken);
		ResponseEntity<Map> status = worker.status(Map.of("taskToken", oldToken, "taskStatus", "FINISHED"));

		assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.emulator.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.FINISHED);
	}

}

package com.platform.workergateway.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.task.Field;
import com.platform.workergateway.emulator.task.NewTask;
import com.platform.workergateway.emulator.task.PipelineObject;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example workers ({@code examples/python/worker.py},
 * {@code examples/shell/worker.sh}) as real processes against the gateway, with the
 * embedded emulator's ledger as the witness of what they did upstream. Progress and
 * heartbeat intervals are 1 s and polls wait 2 s, so that every scenario takes a few
 * seconds; the gateway's coalescing windows (10 s for progress, 60 s for heartbeats) are
 * shortened to match, or the emulator would see one progress report per 10 s and a
 * {@code terminate} only after a minute.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "worker-gateway.report.progress-coalesce-window=500ms",
		"worker-gateway.report.heartbeat-coalesce-window=500ms" })
class ExampleWorkersIntegrationTests {

	private static final Log logger = LogFactory.getLog(ExampleWorkersIntegrationTests.class);

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private static final String SET_TASK_STATUS = "SetTaskStatus";

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@TempDir
	Path logs;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private final String group = "wg-examples-" + UUID.randomUUID();

	@RegisterExtension
	final AfterTestExecutionCallback outputOnFailure = (context) -> context.getExecutionException()
		.ifPresent((failure) -> this.workers
			.forEach((worker) -> logger.error("Output of " + worker + ":\n" + worker.output())));

	@BeforeEach
	void resetEmulator() {
		this.emulator.reset();
	}

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(WorkerProcess::destroy);
	}

	@ParameterizedTest
	@EnumSource(ExampleWorker.class)
	void shouldFinishTaskWhenCommandSucceeds(ExampleWorker kind) throws InterruptedException {
		String taskId = schedule("echo \"working on $TASK_ID\"; sleep 3");

		WorkerProcess worker = start(kind, "--max-tasks", "1");

		await().atMost(AWAIT).until(() -> ledger(taskId).state().ended());
		TaskLedgerEntry entry = ledger(taskId);
		assertThat(entry.state()).isEqualTo(TaskState.FINISHED);
		assertThat(entry.finalStatus()).isEqualTo("FINISHED");
		assertThat(entry.assignments()).anySatisfy((assignment) -> assertThat(assignment.acknowledgedAt()).isNotNull());
		assertThat(entry.progressReports()).isGreaterThanOrEqualTo(2);
		assertThat(entry.errorId()).isNull();
		assertThat(worker.awaitExit(AWAIT)).isZero();
		assertThat(worker.output()).contains("working on " + taskId);
	}

	@ParameterizedTest
	@EnumSource(ExampleWorker.class)
	void shouldReportFailureWithErrorFieldsWhenCommandFails(ExampleWorker kind) throws InterruptedException {
		String taskId = schedule("echo 'boom: \"quoted\" \\ back' >&2; exit 3");

		WorkerProcess worker = start(kind, "--max-tasks", "1");

		await().atMost(AWAIT).until(() -> ledger(taskId).state().ended());
		TaskLedgerEntry entry = ledger(taskId);
		assertThat(entry.state()).isEqualTo(TaskState.FAILED);
		assertThat(entry.finalStatus()).isEqualTo("FAILED");
		assertThat(entry.errorId()).isEqualTo("CommandFailed");
		assertThat(entry.errorMessage()).contains("exited with status 3");
		assertThat(entry.errorStackTrace()).contains("boom: \"quoted\" \\ back");
		assertThat(worker.awaitExit(AWAIT)).isZero();
	}

	@ParameterizedTest
	@EnumSource(ExampleWorker.class)
	void shouldStopCommandWithoutStatusWhenTaskIsCanceled(ExampleWorker kind) throws InterruptedException {
		String taskId = schedule("sleep 60");
		WorkerProcess worker = start(kind, "--max-tasks", "1");
		ProcessHandle command = await().atMost(AWAIT)
			.until(() -> commandOf(worker, "sleep 60"), Optional::isPresent)
			.get();
		assertThat(ledger(taskId).state()).isEqualTo(TaskState.ACKNOWLEDGED);

		this.emulator.cancel(taskId);

		assertThat(worker.awaitExit(AWAIT)).isZero();
		TaskLedgerEntry entry = ledger(taskId);
		assertThat(entry.state()).isEqualTo(TaskState.CANCELED);
		assertThat(entry.finalStatus()).isNull();
		assertThat(this.emulator.calls().received(SET_TASK_STATUS)).isZero();
		await().atMost(AWAIT).until(() -> !command.isAlive());
	}

	@ParameterizedTest
	@EnumSource(ExampleWorker.class)
	void shouldExitWhenRunnerIsTerminated(ExampleWorker kind) throws InterruptedException {
		String taskrunnerId = "runner-" + UUID.randomUUID();
		WorkerProcess worker = start(kind, "--taskrunner-id", taskrunnerId);
		await().atMost(AWAIT)
			.until(() -> this.emulator.runners()
				.stream()
				.anyMatch((runner) -> runner.taskrunnerId().equals(taskrunnerId) && runner.heartbeats() > 0));

		this.emulator.terminate(taskrunnerId);

		assertThat(worker.awaitExit(AWAIT)).isZero();
		assertThat(this.emulator.runners()).filteredOn((runner) -> runner.taskrunnerId().equals(taskrunnerId))
			.singleElement()
			.satisfies((runner) -> assertThat(runner.lastWorkerGroup()).isEqualTo(this.group));
	}

	private String schedule(String command) {
		PipelineObject activity = new PipelineObject("@ShellActivity_1", "ShellActivity",
				List.of(Field.string("type", "ShellCommandActivity"), Field.string("command", command)));
		return this.emulator.schedule(new NewTask(this.group, null, null, Map.of(activity.id(), activity))).taskId();
	}

	/**
	 * The worker's child process running the given command line, once it runs.
	 */
	private static Optional<ProcessHandle> commandOf(WorkerProcess worker, String commandLine) {
		return worker.process()
			.descendants()
			.filter((process) -> process.info().commandLine().filter((line) -> line.endsWith(commandLine)).isPresent())
			.findFirst();
	}

	private TaskLedgerEntry ledger(String taskId) {
		return this.emulator.ledger(taskId).orElseThrow();
	}

	private WorkerProcess start(ExampleWorker kind, String... options) {
		// Fails, never skips: a worker example that is not run is not tested. .ci/run
		// installs what is missing.
		Path interpreter = kind.interpreter().orElse(null);
		assertThat(interpreter)
			.as("an interpreter for the " + kind + " worker (" + kind.interpreters()
					+ ") on the PATH; .ci/run installs it")
			.isNotNull();
		assertThat(kind.missingTools()).as("tools the " + kind + " worker runs, on the PATH; .ci/run installs them")
			.isEmpty();
		List<String> arguments = new ArrayList<>(List.of("--gateway", "http://localhost:" + this.port, "--worker-group",
				this.group, "--wait", "2", "--progress-interval", "1", "--heartbeat-interval", "1"));
		arguments.addAll(List.of(options));
		WorkerProcess worker = WorkerProcess.start(kind, interpreter, arguments, this.logs);
		this.workers.add(worker);
		return worker;
	}

}

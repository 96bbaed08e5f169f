package com.platform.workergateway.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.platform.workergateway.emulator.admin.EmulatorAdmin;
import com.platform.workergateway.emulator.call.CallCounter;
import com.platform.workergateway.emulator.call.EmulatorCalls;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.fault.FaultInjector;
import com.platform.workergateway.emulator.runner.RunnerEntry;
import com.platform.workergateway.emulator.runner.RunnerRegistry;
import com.platform.workergateway.emulator.task.InMemoryTaskQueue;
import com.platform.workergateway.emulator.task.NewTask;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.throttle.AccountRateLimits;
import com.platform.workergateway.emulator.wire.AwsJsonHandler;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The emulated service's state, and the Java face of the admin API for tests: schedule
 * tasks, read their ledger, cancel, terminate, inject faults, count calls, reset.
 */
public final class EmulatorDataPipeline implements EmulatorAdmin, AutoCloseable {

	private final InMemoryTaskQueue tasks;

	private final RunnerRegistry runners;

	private final AccountRateLimits rateLimits;

	private final FaultInjector faults = new FaultInjector(Math::random);

	private final CallCounter calls = new CallCounter();

	private final Scheduler scheduler;

	private final EmulatorProperties.Credentials credentials;

	private final Clock clock;

	public EmulatorDataPipeline(EmulatorProperties properties) {
		this(properties, Schedulers.parallel(), Clock.systemUTC(), System::nanoTime);
	}

	/**
	 * @param scheduler timers of held polls and acknowledgements, and the ledger's clock
	 * @param clock the clock of heartbeats and of signature dates
	 * @param nanoTime the clock of the rate-limit buckets
	 */
	EmulatorDataPipeline(EmulatorProperties properties, Scheduler scheduler, Clock clock, LongSupplier nanoTime) {
		this.scheduler = scheduler;
		this.credentials = properties.credentials();
		this.clock = clock;
		this.tasks = new InMemoryTaskQueue(scheduler, properties.pollHold(), properties.ackTimeout());
		this.runners = new RunnerRegistry(clock);
		this.rateLimits = new AccountRateLimits(properties.rateLimits().byOperation(), nanoTime);
	}

	/**
	 * Schedules a task with a default attempt object for a worker group.
	 */
	public TaskLedgerEntry schedule(String workerGroup) {
		return schedule(NewTask.forWorkerGroup(workerGroup));
	}

	@Override
	public TaskLedgerEntry schedule(NewTask task) {
		return this.tasks.schedule(task);
	}

	@Override
	public List<TaskLedgerEntry> ledger() {
		return this.tasks.ledger();
	}

	@Override
	public Optional<TaskLedgerEntry> ledger(String taskId) {
		return this.tasks.ledger(taskId);
	}

	/**
	 * Number of PollForTask calls held right now for a worker group.
	 */
	public int waitingPolls(String workerGroup) {
		return this.tasks.waitingPolls(workerGroup);
	}

	@Override
	public TaskLedgerEntry cancel(String taskId) {
		return this.tasks.cancel(taskId);
	}

	@Override
	public RunnerEntry terminate(String taskrunnerId) {
		return this.runners.terminate(taskrunnerId);
	}

	@Override
	public List<RunnerEntry> runners() {
		return this.runners.runners();
	}

	@Override
	public Fault addFault(Fault fault) {
		return this.faults.add(fault);
	}

	@Override
	public List<Fault> faults() {
		return this.faults.faults();
	}

	@Override
	public void clearFaults() {
		this.faults.clear();
	}

	@Override
	public EmulatorCalls calls() {
		return this.calls.snapshot();
	}

	@Override
	public void reset() {
		this.faults.clear();
		this.tasks.reset();
		this.runners.reset();
		this.calls.reset();
		this.rateLimits.reset();
	}

	/**
	 * Stops the timers and answers every held poll with no task, so that nothing waits on
	 * an emulator that is gone.
	 */
	@Override
	public void close() {
		this.tasks.reset();
	}

	AwsJsonHandler awsJsonHandler() {
		return new AwsJsonHandler(this.tasks, this.runners, this.rateLimits, this.faults, this.calls, this.scheduler,
				this.credentials.accessKeyId(), this.credentials.secretAccessKey(), this.clock);
	}

}

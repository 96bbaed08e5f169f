package com.platform.workergateway.emulator.admin;

import java.util.List;
import java.util.Optional;

import com.platform.workergateway.emulator.call.EmulatorCalls;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.runner.RunnerEntry;
import com.platform.workergateway.emulator.task.NewTask;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;

/**
 * What the admin API can do with the emulator; the same operations are there for Java
 * tests on {@code EmulatorDataPipeline}, which implements this.
 */
public interface EmulatorAdmin {

	TaskLedgerEntry schedule(NewTask task);

	List<TaskLedgerEntry> ledger();

	Optional<TaskLedgerEntry> ledger(String taskId);

	/**
	 * Cancels a task: a queued one at once, a handed-out one at its next progress report.
	 */
	TaskLedgerEntry cancel(String taskId);

	/**
	 * Makes a runner's heartbeats answer {@code terminate: true} from now on.
	 */
	RunnerEntry terminate(String taskrunnerId);

	List<RunnerEntry> runners();

	Fault addFault(Fault fault);

	List<Fault> faults();

	void clearFaults();

	EmulatorCalls calls();

	/**
	 * Forgets tasks, runners, faults and call counts and refills the rate-limit buckets.
	 */
	void reset();

}

package com.platform.workergateway.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.platform.workergateway.upstream.TaskObject;

/**
 * Progress fields of coalesced reports, per task, waiting for the task's next upstream
 * report: merged per key, the latest value wins.
 */
final class PendingFields {

	private final Map<String, Entry> tasks = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	PendingFields(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Keeps fields that did not go upstream; a later value of a key replaces an earlier
	 * one.
	 */
	void hold(String taskId, List<TaskObject.Field> fields) {
		if (fields.isEmpty()) {
			return;
		}
		this.tasks.compute(taskId, (id, entry) -> {
			Entry held = (entry != null) ? entry : new Entry();
			fields.forEach((field) -> held.fields.put(field.key(), field));
			held.touchedAt = this.nanoTime.getAsLong();
			return held;
		});
	}

	/**
	 * Takes the task's pending fields, merged with those of the report going upstream now
	 * (which win, being the latest).
	 */
	List<TaskObject.Field> takeMergedWith(String taskId, List<TaskObject.Field> latest) {
		Entry held = this.tasks.remove(taskId);
		if (held == null) {
			return latest;
		}
		Map<String, TaskObject.Field> merged = new LinkedHashMap<>(held.fields);
		latest.forEach((field) -> merged.put(field.key(), field));
		return new ArrayList<>(merged.values());
	}

	/**
	 * Puts back fields whose upstream report failed, under any value of the same key held
	 * since (which is later).
	 */
	void restore(String taskId, List<TaskObject.Field> fields) {
		if (fields.isEmpty()) {
			return;
		}
		this.tasks.compute(taskId, (id, entry) -> {
			Entry held = (entry != null) ? entry : new Entry();
			Map<String, TaskObject.Field> restored = new LinkedHashMap<>();
			fields.forEach((field) -> restored.put(field.key(), field));
			restored.putAll(held.fields);
			held.fields.clear();
			held.fields.putAll(restored);
			held.touchedAt = this.nanoTime.getAsLong();
			return held;
		});
	}

	/**
	 * Forgets the fields of tasks not reported on within the retention.
	 * @return how many fields were forgotten
	 */
	int sweep(Duration retention) {
		long now = this.nanoTime.getAsLong();
		int[] forgotten = { 0 };
		this.tasks.values().removeIf((entry) -> {
			boolean old = now - entry.touchedAt > retention.toNanos();
			if (old) {
				forgotten[0] += entry.fields.size();
			}
			return old;
		});
		return forgotten[0];
	}

	/** Fields of one task; guarded by the map's compute. */
	private static final class Entry {

		private final Map<String, TaskObject.Field> fields = new LinkedHashMap<>();

		private long touchedAt;

	}

}

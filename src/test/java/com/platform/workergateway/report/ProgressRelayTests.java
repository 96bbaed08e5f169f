package com.platform.workergateway.report;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import com.platform.workergateway.budget.Priority;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.upstream.TaskObject.Field;
import com.platform.workergateway.upstream.TaskProgress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coalescing keeps the fields workers send: held per key, the latest value winning, and
 * sent with the task's next upstream report or just before its status.
 */
class ProgressRelayTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private final AtomicLong now = new AtomicLong(1);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<TaskProgress> sent = new ArrayList<>();

	private final Deque<RuntimeException> failures = new ArrayDeque<>();

	/** Records what goes upstream; fails the next call when a failure is queued. */
	private final UpstreamReports reports = new UpstreamReports(null, null, this.meters) {

		@Override
		public Mono<Boolean> reportTaskProgress(TaskProgress progress, Priority priority) {
			return Mono.defer(() -> {
				RuntimeException failure = ProgressRelayTests.this.failures.poll();
				if (failure != null) {
					return Mono.error(failure);
				}
				ProgressRelayTests.this.sent.add(progress);
				return Mono.just(ProgressRelayTests.this.canceled);
			});
		}

	};

	private final ProgressRelay relay = new ProgressRelay(this.reports,
			new TaskActivity(this.meters, this.now::get, Duration.ofMinutes(2), Duration.ofHours(1)), WINDOW,
			this.now::get, this.meters);

	private boolean canceled;

	@Test
	void shouldMergeCoalescedFieldsIntoTheNextUpstreamReportLatestWinning() {
		report(field("a", "1"));
		report(field("a", "2"), field("b", "x"));
		report(field("a", "3"));
		assertThat(this.sent).hasSize(1);

		this.now.addAndGet(WINDOW.toNanos());
		report(field("c", "y"));

		assertThat(this.sent).hasSize(2);
		assertThat(this.sent.get(1).fields()).containsExactly(field("a", "3"), field("b", "x"), field("c", "y"));
	}

	@Test
	void shouldLetTheReportGoingUpstreamWinOverHeldValues() {
		report(field("a", "1"));
		report(field("a", "2"), field("b", "x"));

		this.now.addAndGet(WINDOW.toNanos());
		report(field("a", "4"));

		assertThat(this.sent.get(1).fields()).containsExactly(field("a", "4"), field("b", "x"));
	}

	@Test
	void shouldSendHeldFieldsBeforeTheStatusAndNothingWhenNoneAreHeld() {
		report(field("a", "1"));
		report(field("b", "x"));

		StepVerifier.create(this.relay.flush("t-1")).expectComplete().verify(Duration.ofSeconds(5));
		StepVerifier.create(this.relay.flush("t-1")).expectComplete().verify(Duration.ofSeconds(5));

		assertThat(this.sent).hasSize(2);
		assertThat(this.sent.get(1).fields()).containsExactly(field("b", "x"));
	}

	@Test
	void shouldKeepTheFieldsOfAReportThatFailedForTheNextOne() {
		report(field("a", "1"));
		this.now.addAndGet(WINDOW.toNanos());
		this.failures.add(new IllegalStateException("upstream failed"));

		StepVerifier.create(this.relay.report("t-1", List.of(field("b", "x"))))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(5));
		report(field("c", "y"));

		assertThat(this.sent).hasSize(2);
		assertThat(this.sent.get(1).fields()).containsExactly(field("b", "x"), field("c", "y"));
	}

	@Test
	void shouldDropTheFieldsOfACanceledTaskAndCountThem() {
		this.canceled = true;
		report(field("a", "1"));
		report(field("b", "x"));

		StepVerifier.create(this.relay.flush("t-1")).expectComplete().verify(Duration.ofSeconds(5));

		assertThat(this.sent).hasSize(1);
		assertThat(this.meters.get("worker.gateway.progress.fields.dropped").counter().count()).isEqualTo(1);
	}

	private void report(Field... fields) {
		StepVerifier.create(this.relay.report("t-1", List.of(fields)))
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private static Field field(String key, String value) {
		return new Field(key, value, null);
	}

}

package com.platform.workergateway.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.platform.workergateway.upstream.TaskObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders in which hand-off, write and the end of a poll exchange can happen.
 */
class PollDeliveryTests {

	private static final TaskObject TASK = new TaskObject("t-1", "df-1", "@a_Attempt=1", Map.of());

	private final List<String> givenBack = new ArrayList<>();

	private final PollDelivery delivery = new PollDelivery(
			(group, task, reason) -> this.givenBack.add(group + "/" + task.taskId() + "/" + reason));

	@Test
	void shouldKeepAWrittenAnswer() {
		this.delivery.handedOff("g", TASK);
		this.delivery.written();
		this.delivery.ended();
		this.delivery.received();

		assertThat(this.givenBack).isEmpty();
	}

	@Test
	void shouldGiveBackATaskWhoseExchangeEndedUnwritten() {
		this.delivery.handedOff("g", TASK);
		this.delivery.ended();

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_WRITTEN");
	}

	@Test
	void shouldGiveBackATaskHandedOffAfterTheExchangeEnded() {
		this.delivery.ended();
		this.delivery.handedOff("g", TASK);

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_WRITTEN");
	}

	@Test
	void shouldGiveBackOnlyOnce() {
		this.delivery.handedOff("g", TASK);
		this.delivery.ended();
		this.delivery.ended();
		this.delivery.written();

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_WRITTEN");
	}

	@Test
	void shouldGiveBackAWrittenTaskWhenTheConnectionIsResetBeforeItWasRead() {
		this.delivery.handedOff("g", TASK);
		this.delivery.written();
		this.delivery.ended();
		this.delivery.reset();

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_READ");
	}

	@Test
	void shouldKeepAWrittenTaskOnceItWasReceived() {
		this.delivery.handedOff("g", TASK);
		this.delivery.written();
		this.delivery.received();
		this.delivery.reset();

		assertThat(this.givenBack).isEmpty();
	}

	@Test
	void shouldStillGiveBackWhenTheWriteFailsAfterTheWatchEnded() {
		this.delivery.handedOff("g", TASK);
		this.delivery.received();
		this.delivery.ended();

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_WRITTEN");
	}

	@Test
	void shouldIgnoreAResetOfAnAnswerNeverWritten() {
		this.delivery.handedOff("g", TASK);
		this.delivery.ended();
		this.delivery.reset();

		assertThat(this.givenBack).containsExactly("g/t-1/ANSWER_NOT_WRITTEN");
	}

	@Test
	void shouldGiveNothingBackForAnEmptyAnswer() {
		this.delivery.ended();

		assertThat(this.givenBack).isEmpty();
	}

}

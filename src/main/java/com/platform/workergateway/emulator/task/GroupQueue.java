package com.platform.workergateway.emulator.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One worker group's queued tasks and held polls, oldest first. At most one of the two is
 * non-empty at any time: a task meets a waiting poll at once.
 */
final class GroupQueue {

	final Deque<EmulatedTask> tasks = new ArrayDeque<>();

	final Deque<Waiter> waiters = new ArrayDeque<>();

}

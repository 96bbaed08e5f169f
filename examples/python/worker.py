#!/usr/bin/env python3
"""Example worker for the worker gateway (worker API v1), standard library only.

Lifecycle: heartbeat in the background; poll with ``Prefer: wait``; acknowledge a task at
once with a first progress report; run its work (the ``command`` of the task's
ShellCommandActivity object, through ``/bin/sh -c``) while a background thread reports
progress; stop the work and report nothing more when progress answers ``canceled``;
finish with FINISHED, or FAILED with the error fields; poll again. Exits 0 after
``--max-tasks`` tasks, after a heartbeat answered ``terminate``, or after SIGTERM/SIGINT
(each waits for the current task; a second signal stops the task's command).

See docs/worker-api.md for the contract this follows. Requires Python 3.9+.
"""

import argparse
import collections
import email.utils
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request

LOG = logging.getLogger("worker")

PROBLEM_PREFIX = "urn:worker-gateway:problem:"
# The service model's limit on errorStackTrace (and errorId), in characters.
MAX_ERROR_FIELD = 1024
# What the gateway caps Prefer: wait at by default; the client timeout when no wait is asked.
DEFAULT_MAX_WAIT = 60
# Acknowledge well within Data Pipeline's 2-minute re-assignment window, or give up.
ACK_DEADLINE = 90.0
# How long a status report is retried before the task is left to Data Pipeline's retry logic.
STATUS_DEADLINE = 300.0
# Time a command gets between SIGTERM and SIGKILL.
KILL_GRACE = 5.0
EXIT_CONFIG_ERROR = 2


# ---------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------


class ApiError(Exception):
    """A failed call: an HTTP problem (status > 0) or a transport failure (status 0)."""

    def __init__(self, status, slug="", detail="", retry_after=None):
        super().__init__("HTTP %s %s %s" % (status, slug, detail) if status else detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.retry_after = retry_after

    @property
    def retryable(self):
        """Throttling, unavailability, upstream errors and transport failures are worth a retry."""
        return self.status == 0 or self.status in (429, 500, 502, 503, 504)

    @property
    def task_gone(self):
        """The task no longer exists upstream: drop it."""
        return self.status in (404, 410)


class Interrupted(BaseException):
    """Raised by the signal handler to abandon an idle poll."""


def parse_retry_after(value):
    """Retry-After in seconds (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


class Gateway:
    """The four calls of the worker API over urllib; a fresh connection per call."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        # No proxy for the gateway unless the environment says so; urllib honours *_proxy.
        self.opener = urllib.request.build_opener()

    def call(self, path, body, timeout, headers=None):
        """POSTs JSON; returns (status, parsed body or None, headers) or raises ApiError."""
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None), response.headers
        except urllib.error.HTTPError as error:
            raise self._problem(error) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            # Refused, reset, timed out, or an unreadable body: a transport failure.
            raise ApiError(0, "transport", "%s: %s" % (type(error).__name__, getattr(error, "reason", error))) from None

    @staticmethod
    def _problem(error):
        slug, detail = "", ""
        try:
            problem = json.loads(error.read() or b"{}")
            kind = str(problem.get("type", ""))
            slug = kind[len(PROBLEM_PREFIX):] if kind.startswith(PROBLEM_PREFIX) else kind
            detail = str(problem.get("detail") or problem.get("title") or "")
            if problem.get("requestId"):
                detail += " (requestId %s)" % problem["requestId"]
        except (ValueError, OSError, AttributeError):
            pass
        retry_after = parse_retry_after(error.headers.get("Retry-After") if error.headers else None)
        return ApiError(error.code, slug, detail, retry_after)

    def poll(self, worker_group, hostname, wait):
        headers = {}
        if wait is not None:
            headers["Prefer"] = "wait=%d" % wait
        # The gateway holds the poll for the wait: the client must wait 10 s longer.
        timeout = (wait if wait is not None else DEFAULT_MAX_WAIT) + 10
        status, task, _ = self.call(
            "/v1/tasks/poll", {"workerGroup": worker_group, "hostname": hostname}, timeout, headers)
        return task if status == 200 else None

    def progress(self, task_token, fields=None):
        body = {"taskToken": task_token}
        if fields:
            body["fields"] = fields
        _, answer, _ = self.call("/v1/tasks/progress", body, 30)
        return bool(answer and answer.get("canceled"))

    def status(self, task_token, task_status, error_id=None, error_message=None, error_stack_trace=None):
        body = {"taskToken": task_token, "taskStatus": task_status}
        for key, value in (("errorId", error_id), ("errorMessage", error_message),
                           ("errorStackTrace", error_stack_trace)):
            if value is not None:
                body[key] = value
        self.call("/v1/tasks/status", body, 30)

    def heartbeat(self, taskrunner_id, worker_group, hostname):
        _, answer, _ = self.call(
            "/v1/runners/heartbeat",
            {"taskrunnerId": taskrunner_id, "workerGroup": worker_group, "hostname": hostname}, 30)
        return bool(answer and answer.get("terminate"))


class Backoff:
    """Exponential backoff with jitter; Retry-After, when the gateway sends one, wins."""

    def __init__(self, base=1.0, cap=60.0):
        self.base = base
        self.cap = cap
        self.failures = 0

    def reset(self):
        self.failures = 0

    def next_delay(self, error=None):
        self.failures += 1
        if error is not None and error.retry_after is not None:
            # Honour the server's hint, plus a little jitter so a fleet does not return at once.
            return error.retry_after + random.uniform(0, 1)
        ceiling = min(self.cap, self.base * (2 ** min(self.failures - 1, 16)))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


# ---------------------------------------------------------------------------------------
# Task content
# ---------------------------------------------------------------------------------------


def field_value(obj, key):
    for field in obj.get("fields") or []:
        if field.get("key") == key:
            return field.get("stringValue")
    return None


def find_command(task):
    """The command of the task's ShellCommandActivity object (the attempt's first), or None."""
    objects = task.get("objects") or {}
    ordered = sorted(objects.values(), key=lambda o: o.get("id") != task.get("attemptId"))
    for obj in ordered:
        if field_value(obj, "type") == "ShellCommandActivity":
            command = field_value(obj, "command")
            if command:
                return command
    return None


def model_text(text, limit=None, keep="tail"):
    """Makes text acceptable to Data Pipeline: only XML 1.0 characters, at most `limit` long.

    Control characters other than tab, CR and LF, lone surrogates and U+FFFE/U+FFFF are
    replaced. When the text is too long, the end (keep="tail") or the start is kept.
    """
    clean = "".join(
        c if (c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000") else "?"
        for c in text)
    if limit is not None and len(clean) > limit:
        marker = "[truncated]\n" if keep == "tail" else "\n[truncated]"
        room = limit - len(marker)
        clean = marker + clean[-room:] if keep == "tail" else clean[:room] + marker
    return clean


# ---------------------------------------------------------------------------------------
# The worker
# ---------------------------------------------------------------------------------------


class Worker:

    def __init__(self, args, gateway):
        self.args = args
        self.gateway = gateway
        self.hostname = socket.gethostname() or "localhost"
        self.stopping = threading.Event()      # SIGTERM/SIGINT: finish the current task, then exit
        self.terminating = threading.Event()   # heartbeat said terminate
        self.polling = False                   # main thread is in an idle poll that may be abandoned
        self.signals = 0
        self.current = None                    # the running command (Popen), for a second signal
        self.lock = threading.Lock()

    # -- signals and heartbeat ----------------------------------------------------------

    def install_signal_handlers(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.on_signal)
        if hasattr(signal, "SIGUSR1"):
            # Sent by the heartbeat thread to cut an idle poll short on `terminate`.
            signal.signal(signal.SIGUSR1, self.on_wake)

    def on_signal(self, signum, _frame):
        self.signals += 1
        name = signal.Signals(signum).name
        self.stopping.set()
        if self.signals == 1:
            LOG.info("%s received: exiting after the current task (send again to stop the task)", name)
        else:
            LOG.warning("%s received again: stopping the current command", name)
            with self.lock:
                process = self.current
            if process is not None:
                kill_tree(process)
        if self.polling:
            raise Interrupted()

    def on_wake(self, _signum, _frame):
        if self.polling:
            raise Interrupted()

    def heartbeat_loop(self):
        backoff = Backoff(cap=self.args.heartbeat_interval)
        delay = 0.0
        while not self.stopping.wait(delay):
            try:
                terminate = self.gateway.heartbeat(self.args.taskrunner_id, self.args.worker_group, self.hostname)
                backoff.reset()
                delay = self.args.heartbeat_interval
            except ApiError as error:
                delay = backoff.next_delay(error) if error.retryable else self.args.heartbeat_interval
                LOG.warning("heartbeat failed (%s); next in %.1fs", error, delay)
                continue
            if terminate:
                LOG.info("heartbeat answered terminate: no more polls, exiting after the current task")
                self.terminating.set()
                if self.polling and hasattr(signal, "SIGUSR1"):
                    os.kill(os.getpid(), signal.SIGUSR1)
                return

    def should_stop(self):
        return self.stopping.is_set() or self.terminating.is_set()

    def sleep(self, seconds):
        """Sleeps, but wakes up to stop."""
        deadline = time.monotonic() + seconds
        while not self.should_stop():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.stopping.wait(min(left, 0.5))

    # -- main loop ----------------------------------------------------------------------

    def run(self):
        LOG.info("worker %s polling worker group %r at %s",
                 self.args.taskrunner_id, self.args.worker_group, self.gateway.base_url)
        threading.Thread(target=self.heartbeat_loop, name="heartbeat", daemon=True).start()
        done = 0
        backoff = Backoff()
        while not self.should_stop() and (self.args.max_tasks is None or done < self.args.max_tasks):
            try:
                task = self.poll_once()
            except ApiError as error:
                if error.retryable:
                    delay = backoff.next_delay(error)
                    LOG.warning("poll failed (%s); polling again in %.1fs", error, delay)
                    self.sleep(delay)
                    continue
                # 400/401/403/413: the worker's configuration is wrong; retrying cannot help.
                LOG.error("poll rejected (%s): check the worker group and WORKER_GATEWAY_TOKEN", error)
                return EXIT_CONFIG_ERROR
            backoff.reset()
            if task is None:
                continue
            done += 1
            self.handle(task)
        reason = ("terminate" if self.terminating.is_set() else "signal" if self.stopping.is_set()
                  else "max-tasks reached")
        LOG.info("exiting (%s) after %d task(s)", reason, done)
        return 0

    def poll_once(self):
        self.polling = True
        try:
            if self.should_stop():
                return None
            return self.gateway.poll(self.args.worker_group, self.hostname, self.args.wait)
        except Interrupted:
            LOG.info("idle poll abandoned")
            return None
        finally:
            self.polling = False

    # -- one task -----------------------------------------------------------------------

    def handle(self, task):
        token = task["taskToken"]
        task_id = task.get("taskId", "?")
        log = TaskLog(task_id)
        log.info("received (pipeline %s, attempt %s)", task.get("pipelineId"), task.get("attemptId"))
        try:
            ack = self.report_with_retry(token, log, "acknowledgement", ACK_DEADLINE)
        except ApiError as error:
            log.error("not acknowledged (%s): dropping it; Data Pipeline will re-assign it", error)
            return
        if ack:
            log.info("canceled before it started: not running it")
            return
        log.info("acknowledged")
        try:
            outcome = self.work(task, token, log)
        except Exception:  # a bug in the worker must still end the task
            log.exception("worker error")
            outcome = ("FAILED", "WorkerError", "The worker failed while running the task",
                       traceback.format_exc())
        if outcome is None:
            return
        self.finish(token, log, *outcome)

    def report_with_retry(self, token, log, what, deadline):
        """A progress report, retried on transient errors until the deadline (it is safe to repeat)."""
        backoff = Backoff(cap=15)
        give_up = time.monotonic() + deadline
        while True:
            try:
                return self.gateway.progress(token)
            except ApiError as error:
                if not error.retryable or time.monotonic() >= give_up:
                    raise
                delay = min(backoff.next_delay(error), max(0.0, give_up - time.monotonic()))
                log.warning("%s failed (%s); retrying in %.1fs", what, error, delay)
                time.sleep(delay)

    def work(self, task, token, log):
        """Runs the task's work with progress reports; returns the status to report, or None."""
        command = find_command(task)
        ended = threading.Event()
        state = {"canceled": False, "gone": False}
        process = None
        if command is None:
            log.info("no ShellCommandActivity command: sleeping %.1fs instead", self.args.default_sleep)
        else:
            log.info("running: %s", command)
            env = dict(os.environ, TASK_ID=task.get("taskId", ""), PIPELINE_ID=task.get("pipelineId") or "",
                       ATTEMPT_ID=task.get("attemptId") or "")
            env.pop("WORKER_GATEWAY_TOKEN", None)  # the work does not need the worker's credential
            try:
                process = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.DEVNULL,
                                           stderr=subprocess.PIPE, env=env, start_new_session=True)
            except OSError as error:
                return ("FAILED", "CommandNotStarted", "Could not start /bin/sh: %s" % error,
                        traceback.format_exc())
            with self.lock:
                self.current = process
        reporter = threading.Thread(target=self.progress_loop, name="progress",
                                    args=(token, log, ended, state, process), daemon=True)
        reporter.start()
        try:
            if process is None:
                ended.wait(self.args.default_sleep)
                stderr_tail, returncode = "", 0
            else:
                stderr_tail = drain(process.stderr)
                returncode = process.wait()
        finally:
            with self.lock:
                self.current = None
            ended.set()
            reporter.join()
        if state["canceled"]:
            log.info("canceled: work stopped, no status reported")
            return None
        if state["gone"]:
            log.warning("task dropped: work stopped, no status reported")
            return None
        if returncode == 0:
            return ("FINISHED", None, None, None)
        if returncode < 0:
            message = "Command killed by signal %s" % signal.Signals(-returncode).name
        else:
            message = "Command exited with status %d" % returncode
        return ("FAILED", "CommandFailed", "%s: %s" % (message, command), stderr_tail or message)

    def progress_loop(self, token, log, ended, state, process):
        """Reports progress every interval until the work ends; stops the work on cancel."""
        interval = self.args.progress_interval
        delay = interval
        while not ended.wait(delay):
            delay = interval
            try:
                canceled = self.gateway.progress(token)
            except ApiError as error:
                if error.task_gone or not error.retryable:
                    # 404/410: the task is no longer ours; 400/403: this report can never succeed.
                    log.warning("progress rejected (%s): stopping the work and dropping the task", error)
                    state["gone"] = True
                else:
                    # A missed report is not fatal (Data Pipeline waits minutes); try again sooner.
                    delay = min(interval, error.retry_after or 5.0)
                    log.warning("progress failed (%s); next try in %.1fs", error, delay)
                    continue
            else:
                log.debug("progress reported")
                if not canceled:
                    continue
                log.info("progress answered canceled: stopping the work")
                state["canceled"] = True
            if process is not None:
                kill_tree(process)
            ended.set()
            return

    def finish(self, token, log, task_status, error_id, error_message, error_stack_trace):
        if error_stack_trace is not None:
            error_stack_trace = model_text(error_stack_trace, MAX_ERROR_FIELD, keep="tail")
        if error_message is not None:
            error_message = model_text(error_message, MAX_ERROR_FIELD, keep="head")
        backoff = Backoff(cap=30)
        give_up = time.monotonic() + STATUS_DEADLINE
        while True:
            try:
                self.gateway.status(token, task_status, error_id, error_message, error_stack_trace)
                log.info("reported %s%s", task_status, " (%s)" % error_message if error_message else "")
                return
            except ApiError as error:
                if error.task_gone:
                    log.warning("status not needed: task gone (%s)", error)
                    return
                if not error.retryable or time.monotonic() >= give_up:
                    # 400: a bug in this worker; log it and drop the task (Data Pipeline retries it).
                    log.error("status %s not reported (%s): dropping the task", task_status, error)
                    return
                delay = backoff.next_delay(error)
                log.warning("status failed (%s); retrying in %.1fs (status reports are safe to retry)",
                            error, delay)
                time.sleep(delay)


class TaskLog(logging.LoggerAdapter):
    """Prefixes log lines with the task id (never the task token)."""

    def __init__(self, task_id):
        short = task_id if len(task_id) <= 24 else task_id[:12] + "…" + task_id[-8:]
        super().__init__(LOG, {"task": short})

    def process(self, msg, kwargs):
        return "task %s: %s" % (self.extra["task"], msg), kwargs


def drain(stream, keep=8192):
    """Copies the command's stderr to ours as it comes and returns its last `keep` characters."""
    tail = collections.deque()
    size = 0
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        sys.stderr.write("  | " + line if line.endswith("\n") else "  | " + line + "\n")
        tail.append(line)
        size += len(line)
        while size > keep and len(tail) > 1:
            size -= len(tail.popleft())
    stream.close()
    return "".join(tail)


def kill_tree(process):
    """Stops the command and everything it started: SIGTERM, then SIGKILL after a grace period."""
    def stop():
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(KILL_GRACE)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    threading.Thread(target=stop, name="kill", daemon=True).start()


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def env_number(name, kind, default):
    value = os.environ.get(name)
    return kind(value) if value not in (None, "") else default


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Example worker for the worker gateway (API v1).")
    parser.add_argument("--gateway", default=os.environ.get("WORKER_GATEWAY_URL", "http://localhost:8080"),
                        help="gateway base URL (env WORKER_GATEWAY_URL; default %(default)s)")
    parser.add_argument("--worker-group", default=os.environ.get("WORKER_GROUP"),
                        help="worker group to take tasks for (env WORKER_GROUP; required)")
    parser.add_argument("--taskrunner-id", default=os.environ.get("TASKRUNNER_ID"),
                        help="id in heartbeats (env TASKRUNNER_ID; default <hostname>-<pid>)")
    parser.add_argument("--wait", type=int, default=env_number("WORKER_WAIT", int, None),
                        help="seconds a poll may wait, sent as Prefer: wait (env WORKER_WAIT; "
                             "default: the gateway's, 45 s plus jitter)")
    parser.add_argument("--max-tasks", type=int, default=env_number("WORKER_MAX_TASKS", int, None),
                        help="exit after this many tasks (env WORKER_MAX_TASKS; default: no limit)")
    parser.add_argument("--progress-interval", type=float,
                        default=env_number("WORKER_PROGRESS_INTERVAL", float, 60.0),
                        help="seconds between progress reports (env WORKER_PROGRESS_INTERVAL; default 60)")
    parser.add_argument("--heartbeat-interval", type=float,
                        default=env_number("WORKER_HEARTBEAT_INTERVAL", float, 900.0),
                        help="seconds between heartbeats (env WORKER_HEARTBEAT_INTERVAL; default 900)")
    parser.add_argument("--default-sleep", type=float, default=env_number("WORKER_DEFAULT_SLEEP", float, 2.0),
                        help="seconds of 'work' for a task without a command (default 2)")
    parser.add_argument("--verbose", "-v", action="store_true", help="log every progress report")
    args = parser.parse_args(argv)
    if not args.worker_group:
        parser.error("--worker-group (or WORKER_GROUP) is required")
    if args.wait is not None and args.wait < 1:
        parser.error("--wait must be >= 1")
    if args.progress_interval <= 0 or args.heartbeat_interval <= 0:
        parser.error("intervals must be > 0")
    if not args.taskrunner_id:
        args.taskrunner_id = "%s-%d" % (socket.gethostname() or "worker", os.getpid())
    return args


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)-5s [%(threadName)s] %(message)s")
    worker = Worker(args, Gateway(args.gateway, os.environ.get("WORKER_GATEWAY_TOKEN") or None))
    worker.install_signal_handlers()
    return worker.run()


if __name__ == "__main__":
    sys.exit(main())

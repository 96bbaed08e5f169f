#!/bin/sh
# Example worker for the worker gateway (worker API v1): POSIX sh, curl, awk, sed.
#
# Lifecycle: heartbeat in the background; poll with `Prefer: wait`; acknowledge a task at
# once with a first progress report; run the `command` of the task's ShellCommandActivity
# object with /bin/sh -c while a background subshell reports progress; stop the command and
# report nothing more when progress answers `canceled`; finish with FINISHED, or FAILED with
# errorId, errorMessage and the command's stderr as errorStackTrace; poll again.
# Exits 0 after WORKER_MAX_TASKS tasks, after a heartbeat answered `terminate`, or after
# SIGTERM/SIGINT (each waits for the current task; a second signal stops its command).
#
# JSON without jq: a small awk tokenizer reads the few members this script needs (taskToken,
# taskId, canceled, terminate, the problem type, and the ShellCommandActivity command). It
# understands JSON strings and escapes, but it is not a general parser: it expects the
# gateway's answers to be well-formed and does not validate them. Request bodies are built
# with an awk encoder that escapes quotes, backslashes and control characters and replaces
# what Data Pipeline refuses (invalid UTF-8, control characters other than tab/CR/LF).
#
# Intervals are whole seconds. See docs/worker-api.md for the contract and examples/README.md.
#
# Usage: worker.sh [--gateway URL] [--worker-group G] [--taskrunner-id ID] [--wait S]
#                  [--max-tasks N] [--progress-interval S] [--heartbeat-interval S]
#                  [--default-sleep S]
# or the same through WORKER_GATEWAY_URL, WORKER_GROUP, TASKRUNNER_ID, WORKER_WAIT,
# WORKER_MAX_TASKS, WORKER_PROGRESS_INTERVAL, WORKER_HEARTBEAT_INTERVAL, WORKER_DEFAULT_SLEEP.
# WORKER_GATEWAY_TOKEN, when set, is sent as `Authorization: Bearer <token>`.

set -u

GATEWAY=${WORKER_GATEWAY_URL:-http://localhost:8080}
GROUP=${WORKER_GROUP:-}
RUNNER_ID=${TASKRUNNER_ID:-}
WAIT=${WORKER_WAIT:-}
MAX_TASKS=${WORKER_MAX_TASKS:-}
PROGRESS_INTERVAL=${WORKER_PROGRESS_INTERVAL:-60}
HEARTBEAT_INTERVAL=${WORKER_HEARTBEAT_INTERVAL:-900}
DEFAULT_SLEEP=${WORKER_DEFAULT_SLEEP:-2}

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^WORKER_GATEWAY_TOKEN/p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--gateway) GATEWAY=$2; shift 2 ;;
	--worker-group) GROUP=$2; shift 2 ;;
	--taskrunner-id) RUNNER_ID=$2; shift 2 ;;
	--wait) WAIT=$2; shift 2 ;;
	--max-tasks) MAX_TASKS=$2; shift 2 ;;
	--progress-interval) PROGRESS_INTERVAL=$2; shift 2 ;;
	--heartbeat-interval) HEARTBEAT_INTERVAL=$2; shift 2 ;;
	--default-sleep) DEFAULT_SLEEP=$2; shift 2 ;;
	-h | --help) usage ;;
	*) echo "worker.sh: unknown argument: $1" >&2; usage ;;
	esac
done

is_number() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }

[ -n "$GROUP" ] || { echo "worker.sh: --worker-group (or WORKER_GROUP) is required" >&2; exit 2; }
for value in "$PROGRESS_INTERVAL" "$HEARTBEAT_INTERVAL" "$DEFAULT_SLEEP" ${WAIT:+"$WAIT"} ${MAX_TASKS:+"$MAX_TASKS"}; do
	is_number "$value" || { echo "worker.sh: not a whole number of seconds/tasks: $value" >&2; exit 2; }
done
[ "$PROGRESS_INTERVAL" -gt 0 ] && [ "$HEARTBEAT_INTERVAL" -gt 0 ] || { echo "worker.sh: intervals must be > 0" >&2; exit 2; }
[ -z "$WAIT" ] || [ "$WAIT" -gt 0 ] || { echo "worker.sh: --wait must be >= 1" >&2; exit 2; }
GATEWAY=${GATEWAY%/}
HOST=$(uname -n 2>/dev/null)
[ -n "$HOST" ] || HOST=localhost
[ -n "$RUNNER_ID" ] || RUNNER_ID="$HOST-$$"
MAIN_PID=$$

# Data Pipeline re-assigns a task not acknowledged within 2 minutes: retry the ack up to 90 s.
ACK_DEADLINE=90
# Status reports are safe to retry; after this long the task is left to Data Pipeline.
STATUS_DEADLINE=300
# What the gateway caps Prefer: wait at by default; the client timeout when no wait is asked.
DEFAULT_MAX_WAIT=60
# The service model's limit on errorStackTrace, in characters.
MAX_ERROR_FIELD=1024
KILL_GRACE=5

log() {
	printf '%s %-5s [worker.sh] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >&2
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/worker.XXXXXX") || exit 1
chmod 700 "$WORK"
# The token goes to curl through a header file, so it never shows in `ps`.
AUTH_HEADER=
if [ -n "${WORKER_GATEWAY_TOKEN:-}" ]; then
	AUTH_HEADER="$WORK/auth.header"
	(umask 077 && printf 'Authorization: Bearer %s\n' "$WORKER_GATEWAY_TOKEN" >"$AUTH_HEADER")
fi

# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------

# json_get NAME FILE: prints the top-level member NAME (a string, decoded, or a literal such
# as true), or with NAME=command the command of the task's ShellCommandActivity object (the
# attempt object's first). Fails when absent.
JSON_GET='
function hexval(h, k, v, d) {
	v = 0
	for (k = 1; k <= 4; k++) {
		d = index("0123456789abcdef", tolower(substr(h, k, 1))) - 1
		if (d < 0) return -1
		v = v * 16 + d
	}
	return v
}
function utf8(c) {
	if (c < 128) return sprintf("%c", c)
	if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
	if (c < 65536) return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
	return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64)
}
function readstr(   out, ch, e, c, lo) {
	out = ""
	i++
	while (i <= n) {
		ch = substr(buf, i, 1)
		if (ch == "\"") { i++; return out }
		if (ch != "\\") { out = out ch; i++; continue }
		e = substr(buf, i + 1, 1)
		i += 2
		if (e == "n") out = out "\n"
		else if (e == "t") out = out "\t"
		else if (e == "r") out = out "\r"
		else if (e == "b") out = out "\b"
		else if (e == "f") out = out "\f"
		else if (e == "u") {
			c = hexval(substr(buf, i, 4)); i += 4
			if (c >= 55296 && c < 56320 && substr(buf, i, 2) == "\\u") {
				lo = hexval(substr(buf, i + 2, 4))
				if (lo >= 56320 && lo < 57344) { c = 65536 + (c - 55296) * 1024 + (lo - 56320); i += 6 }
			}
			out = out ((c < 0) ? "?" : utf8(c))
		}
		else out = out e
	}
	return out
}
function value(v,   m) {
	if (ctx[depth] != "o") return
	m = key[depth]
	if (depth == 1) top[m] = v
	else if (depth == 5 && name[4] == "fields" && name[2] == "objects") {
		if (m == "key") fk = v
		else if (m == "stringValue") { fv = v; fvset = 1 }
	}
}
function open_container(kind) {
	name[depth + 1] = (depth > 0 && ctx[depth] == "o") ? key[depth] : ""
	depth++
	ctx[depth] = kind
	iskey = (kind == "o")
	if (depth == 3 && name[2] == "objects") { obj = name[3]; order[++objects] = obj }
	if (depth == 5) { fk = ""; fv = ""; fvset = 0 }
}
function close_container() {
	if (depth == 5 && name[4] == "fields" && name[2] == "objects") {
		if (fk == "type" && fv == "ShellCommandActivity") shell[obj] = 1
		if (fk == "command" && fvset) cmd[obj] = fv
	}
	depth--
	iskey = 0
}
{ buf = buf $0 "\n" }
END {
	n = length(buf); i = 1; depth = 0; iskey = 0; objects = 0
	while (i <= n) {
		ch = substr(buf, i, 1)
		if (ch == "\"") {
			s = readstr()
			if (iskey) { key[depth] = s; iskey = 0 } else value(s)
		}
		else if (ch == "{") { open_container("o"); i++ }
		else if (ch == "[") { open_container("a"); i++ }
		else if (ch == "}" || ch == "]") { close_container(); i++ }
		else if (ch == ",") { iskey = (ctx[depth] == "o"); i++ }
		else if (ch == ":" || ch == " " || ch == "\t" || ch == "\n" || ch == "\r") i++
		else {
			lit = ""
			while (i <= n && index(",}] \t\r\n", substr(buf, i, 1)) == 0) { lit = lit substr(buf, i, 1); i++ }
			value(lit)
		}
	}
	if (want != "command") {
		if (!(want in top)) exit 1
		printf "%s", top[want]
		exit 0
	}
	a = top["attemptId"]
	if ((a in shell) && (a in cmd) && cmd[a] != "") { printf "%s", cmd[a]; exit 0 }
	for (k = 1; k <= objects; k++) {
		o = order[k]
		if ((o in shell) && (o in cmd) && cmd[o] != "") { printf "%s", cmd[o]; exit 0 }
	}
	exit 1
}'

json_get() {
	LC_ALL=C awk -v want="$1" "$JSON_GET" "$2"
}

# json_str [LIMIT [head|tail]] < text: prints text as a JSON string literal. Escapes quotes,
# backslashes and control characters; replaces invalid UTF-8, U+FFFE/U+FFFF and control
# characters other than tab/CR/LF with "?" (Data Pipeline refuses them); keeps at most LIMIT
# characters, the head or the tail, marking the cut.
JSON_STR='
BEGIN { for (b = 1; b < 256; b++) ord[sprintf("%c", b)] = b; nc = 0 }
function add(x) { chars[++nc] = x }
function bytes(s,   j, len, b, need, lo, hi, k, ok, c) {
	len = length(s)
	j = 1
	if (NR == 1 && skiplead) while (j <= len && ord[substr(s, j, 1)] >= 128 && ord[substr(s, j, 1)] < 192) j++
	while (j <= len) {
		b = ord[substr(s, j, 1)]
		if (b < 32) { add(b == 9 ? "\\t" : b == 13 ? "\\r" : "?"); j++; continue }
		if (b == 34) { add("\\\""); j++; continue }
		if (b == 92) { add("\\\\"); j++; continue }
		if (b < 128) { add(substr(s, j, 1)); j++; continue }
		need = 0; lo = 128; hi = 191
		if (b >= 194 && b <= 223) need = 1
		else if (b == 224) { need = 2; lo = 160 }
		else if (b == 237) { need = 2; hi = 159 }
		else if (b >= 225 && b <= 239) need = 2
		else if (b == 240) { need = 3; lo = 144 }
		else if (b >= 241 && b <= 243) need = 3
		else if (b == 244) { need = 3; hi = 143 }
		ok = (need > 0 && j + need <= len)
		for (k = 1; ok && k <= need; k++) {
			c = ord[substr(s, j + k, 1)]
			if (c < (k == 1 ? lo : 128) || c > (k == 1 ? hi : 191)) ok = 0
		}
		if (ok && b == 239 && ord[substr(s, j + 1, 1)] == 191 && ord[substr(s, j + 2, 1)] >= 190) ok = 0
		if (!ok) { add("?"); j++; continue }
		add(substr(s, j, need + 1))
		j += need + 1
	}
}
{ if (NR > 1) add("\\n"); bytes($0) }
END {
	first = 1; last = nc; pre = ""; post = ""
	if (limit > 0 && nc > limit) {
		if (keep == "tail") { pre = "[truncated]\\n"; first = nc - (limit - 12) + 1 }
		else { post = "\\n[truncated]"; last = limit - 12 }
	}
	printf "\"%s", pre
	for (k = first; k <= last; k++) printf "%s", chars[k]
	printf "%s\"", post
}'

json_str() {
	tr -d '\000' | LC_ALL=C awk -v limit="${1:-0}" -v keep="${2:-head}" -v skiplead="${3:-0}" "$JSON_STR"
}

jstr() { printf '%s' "$1" | json_str; }

# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------

# api TAG PATH BODY TIMEOUT [PREFER]: POSTs BODY (a JSON string); sets HTTP_CODE (000 on a
# transport failure), leaving the answer in $WORK/TAG.body and its headers in
# $WORK/TAG.headers. curl runs in the background so that signals reach our traps at once.
api() {
	tag=$1 path=$2 body=$3 timeout=$4 prefer=${5:-}
	printf '%s' "$body" >"$WORK/$tag.request"
	: >"$WORK/$tag.body"
	: >"$WORK/$tag.headers"
	set -- -sS --connect-timeout 10 --max-time "$timeout" -o "$WORK/$tag.body" -D "$WORK/$tag.headers" \
		-w '%{http_code}' -H 'Content-Type: application/json' -H 'Accept: application/json' \
		--data-binary @"$WORK/$tag.request"
	[ -z "$prefer" ] || set -- "$@" -H "Prefer: $prefer"
	[ -z "$AUTH_HEADER" ] || set -- "$@" -H @"$AUTH_HEADER"
	curl "$@" "$GATEWAY$path" >"$WORK/$tag.code" 2>"$WORK/$tag.err" &
	curl_pid=$!
	[ "$tag" != poll ] || POLL_PID=$curl_pid
	wait_for "$curl_pid"
	POLL_PID=
	HTTP_CODE=$(cat "$WORK/$tag.code" 2>/dev/null)
	is_number "$HTTP_CODE" || HTTP_CODE=000
}

# wait_for PID: waits until PID has ended, across traps; sets WAIT_RC to its exit status.
wait_for() {
	while :; do
		# (stderr: dash reports a job ended by a signal, e.g. a canceled command, as "Terminated")
		wait "$1" 2>/dev/null
		WAIT_RC=$?
		if [ "$WAIT_RC" -gt 128 ] && kill -0 "$1" 2>/dev/null; then
			continue
		fi
		return 0
	done
}

# describe TAG: a one-line account of a failed call, for the log.
describe() {
	if [ "$HTTP_CODE" = 000 ]; then
		printf 'transport failure: %s' "$(tr '\n' ' ' <"$WORK/$1.err")"
	else
		printf 'HTTP %s %s %s' "$HTTP_CODE" \
			"$(json_get type "$WORK/$1.body" 2>/dev/null | sed 's/^urn:worker-gateway:problem://')" \
			"$(json_get detail "$WORK/$1.body" 2>/dev/null | tr '\n' ' ')"
	fi
}

retryable() {
	case $HTTP_CODE in 000 | 429 | 500 | 502 | 503 | 504) return 0 ;; *) return 1 ;; esac
}

random_below() { # prints a random integer in [0, $1)
	seed=$(od -An -N4 -tu4 /dev/urandom 2>/dev/null | tr -d ' ')
	awk -v n="$1" -v seed="${seed:-$$}" 'BEGIN { srand(seed); print int(rand() * n) }'
}

# next_delay TAG FAILURES: Retry-After (plus up to 1 s of jitter) when the gateway sent one,
# else exponential backoff with jitter: half of min(60, 2^(n-1)) plus a random part of it.
next_delay() {
	retry_after=$(sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]:[[:space:]]*\([0-9][0-9]*\).*/\1/p' \
		"$WORK/$1.headers" 2>/dev/null | tail -n 1)
	if [ -n "$retry_after" ]; then
		echo $((retry_after + $(random_below 2)))
		return
	fi
	ceiling=1 k=1
	while [ "$k" -lt "$2" ] && [ "$ceiling" -lt 60 ]; do ceiling=$((ceiling * 2)) k=$((k + 1)); done
	[ "$ceiling" -le 60 ] || ceiling=60
	half=$(((ceiling + 1) / 2))
	echo $((half + $(random_below $((ceiling - half + 1)))))
}

# --------------------------------------------------------------------------------------
# Signals, heartbeat, cleanup
# --------------------------------------------------------------------------------------

STOPPING=0
SIGNALS=0
POLL_PID=
CMD_PID=
HEARTBEAT_PID=

should_stop() { [ "$STOPPING" = 1 ] || [ -f "$WORK/terminate" ]; }

# Interruptible sleep (whole seconds) that ends early when the worker should stop.
nap() {
	left=$1
	while [ "$left" -gt 0 ] && ! should_stop; do
		sleep 1
		left=$((left - 1))
	done
}

# kill_tree PID [now]: TERM to PID and all its descendants, then KILL to survivors after a
# grace period (at once with "now").
kill_tree() {
	pids=$(ps -A -o pid= -o ppid= | awk -v root="$1" '
		{ parent[$1] = $2; pid[NR] = $1 }
		END {
			want[root] = 1
			for (changed = 1; changed;) {
				changed = 0
				for (r = 1; r <= NR; r++) if (!(pid[r] in want) && (parent[pid[r]] in want)) { want[pid[r]] = 1; changed = 1 }
			}
			for (p in want) print p
		}')
	# shellcheck disable=SC2086
	kill -TERM $pids 2>/dev/null
	[ "${2:-}" != now ] || return 0
	(
		sleep "$KILL_GRACE"
		# shellcheck disable=SC2086
		kill -KILL $pids 2>/dev/null
	) >/dev/null 2>&1 &
}

on_signal() {
	SIGNALS=$((SIGNALS + 1))
	STOPPING=1
	if [ "$SIGNALS" -eq 1 ]; then
		log INFO "$1 received: exiting after the current task (send again to stop the task)"
	else
		log WARN "$1 received again: stopping the current command"
		[ -z "$CMD_PID" ] || kill_tree "$CMD_PID"
	fi
	[ -z "$POLL_PID" ] || kill "$POLL_PID" 2>/dev/null
}

on_wake() { # from the heartbeat subshell on `terminate`: cut an idle poll short
	[ -z "$POLL_PID" ] || kill "$POLL_PID" 2>/dev/null
}

cleanup() {
	[ -z "$HEARTBEAT_PID" ] || kill_tree "$HEARTBEAT_PID" now
	[ -z "$CMD_PID" ] || kill_tree "$CMD_PID"
	rm -rf "$WORK"
}

trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGINT' INT
trap 'on_wake' USR1
trap 'cleanup' EXIT

heartbeat_loop() {
	body="{\"taskrunnerId\":$(jstr "$RUNNER_ID"),\"workerGroup\":$(jstr "$GROUP"),\"hostname\":$(jstr "$HOST")}"
	failures=0
	while kill -0 "$MAIN_PID" 2>/dev/null; do
		api heartbeat /v1/runners/heartbeat "$body" 30
		if [ "$HTTP_CODE" = 200 ]; then
			failures=0
			delay=$HEARTBEAT_INTERVAL
			if [ "$(json_get terminate "$WORK/heartbeat.body")" = true ]; then
				log INFO "heartbeat answered terminate: no more polls, exiting after the current task"
				: >"$WORK/terminate"
				kill -USR1 "$MAIN_PID" 2>/dev/null
				return 0
			fi
		else
			failures=$((failures + 1))
			delay=$HEARTBEAT_INTERVAL
			if retryable; then
				delay=$(next_delay heartbeat "$failures")
				[ "$delay" -le "$HEARTBEAT_INTERVAL" ] || delay=$HEARTBEAT_INTERVAL
			fi
			log WARN "heartbeat failed ($(describe heartbeat)); next in ${delay}s"
		fi
		while [ "$delay" -gt 0 ] && kill -0 "$MAIN_PID" 2>/dev/null; do
			sleep 1
			delay=$((delay - 1))
		done
	done
}

# --------------------------------------------------------------------------------------
# One task
# --------------------------------------------------------------------------------------

# report_progress TAG: one progress report on the current task; returns 0 when it went
# through (PROGRESS_CANCELED says whether the task is canceled), 1 otherwise.
report_progress() {
	api "$1" /v1/tasks/progress "{\"taskToken\":$TOKEN_JSON}" 30
	[ "$HTTP_CODE" = 200 ] || return 1
	PROGRESS_CANCELED=$(json_get canceled "$WORK/$1.body")
	return 0
}

# acknowledge: the first progress report, retried on transient errors for ACK_DEADLINE.
# Returns 0 when acknowledged, 1 when canceled, 2 when the task must be dropped.
acknowledge() {
	started=$(date +%s) failures=0
	while :; do
		if report_progress ack; then
			[ "$PROGRESS_CANCELED" = true ] && return 1
			return 0
		fi
		failures=$((failures + 1))
		if ! retryable || [ $(($(date +%s) - started)) -ge "$ACK_DEADLINE" ]; then
			log ERROR "task $TASK_LOG_ID: not acknowledged ($(describe ack)): dropping it; Data Pipeline will re-assign it"
			return 2
		fi
		delay=$(next_delay ack "$failures")
		[ "$delay" -le 15 ] || delay=15
		log WARN "task $TASK_LOG_ID: acknowledgement failed ($(describe ack)); retrying in ${delay}s"
		sleep "$delay"
	done
}

# progress_loop: in a background subshell while the command runs. Reports every
# PROGRESS_INTERVAL; on `canceled` (or a report that can never succeed: 4xx other than 429)
# marks it and stops the command.
progress_loop() {
	delay=$PROGRESS_INTERVAL
	while :; do
		while [ "$delay" -gt 0 ]; do
			[ -f "$WORK/ended" ] && return 0
			sleep 1
			delay=$((delay - 1))
		done
		[ -f "$WORK/ended" ] && return 0
		delay=$PROGRESS_INTERVAL
		if report_progress progress; then
			[ "$PROGRESS_CANCELED" = true ] || continue
			log INFO "task $TASK_LOG_ID: progress answered canceled: stopping the command"
			: >"$WORK/canceled"
		elif ! retryable; then
			# 404/410: the task is no longer ours; 400/403: this report can never succeed.
			log WARN "task $TASK_LOG_ID: progress rejected ($(describe progress)): stopping the command and dropping the task"
			: >"$WORK/gone"
		else
			# A missed report is not fatal (Data Pipeline waits minutes); try again sooner.
			[ "$delay" -le 5 ] || delay=5
			log WARN "task $TASK_LOG_ID: progress failed ($(describe progress)); next try in ${delay}s"
			continue
		fi
		kill_tree "$1"
		return 0
	done
}

# finish STATUS [ERROR_ID ERROR_MESSAGE STACK_TRACE_FILE]: SetTaskStatus, retried on
# transient errors for STATUS_DEADLINE.
finish() {
	body="{\"taskToken\":$TOKEN_JSON,\"taskStatus\":\"$1\""
	if [ $# -gt 1 ]; then
		message=$(printf '%s' "$3" | json_str "$MAX_ERROR_FIELD" head)
		trace=$(tail -c 8192 "$4" | json_str "$MAX_ERROR_FIELD" tail "$([ "$(wc -c <"$4")" -gt 8192 ] && echo 1 || echo 0)")
		body="$body,\"errorId\":$(jstr "$2"),\"errorMessage\":$message,\"errorStackTrace\":$trace"
	fi
	body="$body}"
	started=$(date +%s) failures=0
	while :; do
		api status /v1/tasks/status "$body" 30
		case $HTTP_CODE in
		204 | 200)
			log INFO "task $TASK_LOG_ID: reported $1${3:+ ($3)}"
			return 0
			;;
		404 | 410)
			log WARN "task $TASK_LOG_ID: status not needed: task gone ($(describe status))"
			return 0
			;;
		esac
		failures=$((failures + 1))
		if ! retryable || [ $(($(date +%s) - started)) -ge "$STATUS_DEADLINE" ]; then
			# 400: a bug in this worker; log it and drop the task (Data Pipeline retries it).
			log ERROR "task $TASK_LOG_ID: status $1 not reported ($(describe status)): dropping the task"
			return 1
		fi
		delay=$(next_delay status "$failures")
		[ "$delay" -le 30 ] || delay=30
		log WARN "task $TASK_LOG_ID: status failed ($(describe status)); retrying in ${delay}s"
		sleep "$delay"
	done
}

handle_task() {
	TASK_ID=$(json_get taskId "$WORK/poll.body")
	# Data Pipeline's task ids are about 1 KB: log a short form.
	if [ "${#TASK_ID}" -gt 24 ]; then
		TASK_LOG_ID="$(printf '%.12s' "$TASK_ID")...${TASK_ID#"${TASK_ID%????????}"}"
	else
		TASK_LOG_ID=$TASK_ID
	fi
	TOKEN=$(json_get taskToken "$WORK/poll.body") || { log ERROR "a task without a taskToken: dropping it"; return; }
	TOKEN_JSON=$(jstr "$TOKEN")
	PIPELINE_ID=$(json_get pipelineId "$WORK/poll.body")
	ATTEMPT_ID=$(json_get attemptId "$WORK/poll.body")
	log INFO "task $TASK_LOG_ID: received (pipeline $PIPELINE_ID, attempt $ATTEMPT_ID)"
	acknowledge
	case $? in
	1) log INFO "task $TASK_LOG_ID: canceled before it started: not running it"; return ;;
	2) return ;;
	esac
	log INFO "task $TASK_LOG_ID: acknowledged"

	if json_get command "$WORK/poll.body" >"$WORK/command"; then
		command=$(cat "$WORK/command")
		log INFO "task $TASK_LOG_ID: running: $command"
	else
		command="sleep $DEFAULT_SLEEP"
		log INFO "task $TASK_LOG_ID: no ShellCommandActivity command: sleeping ${DEFAULT_SLEEP}s instead"
	fi
	rm -f "$WORK/ended" "$WORK/canceled" "$WORK/gone"
	(
		export TASK_ID PIPELINE_ID ATTEMPT_ID
		unset WORKER_GATEWAY_TOKEN # the work does not need the worker's credential
		exec /bin/sh -c "$command"
	) </dev/null 2>"$WORK/stderr" &
	CMD_PID=$!
	progress_loop "$CMD_PID" &
	progress_pid=$!
	wait_for "$CMD_PID"
	rc=$WAIT_RC
	CMD_PID=
	: >"$WORK/ended"
	wait_for "$progress_pid"
	if [ -s "$WORK/stderr" ]; then
		sed 's/^/  | /' "$WORK/stderr" >&2
	fi

	if [ -f "$WORK/canceled" ]; then
		log INFO "task $TASK_LOG_ID: canceled: command stopped, no status reported"
	elif [ -f "$WORK/gone" ]; then
		log WARN "task $TASK_LOG_ID: task dropped: command stopped, no status reported"
	elif [ "$rc" -eq 0 ]; then
		finish FINISHED
	else
		if [ "$rc" -gt 128 ]; then
			message="Command killed by signal $((rc - 128))"
		else
			message="Command exited with status $rc"
		fi
		[ -s "$WORK/stderr" ] || printf '%s\n' "$message" >"$WORK/stderr"
		finish FAILED CommandFailed "$message: $command" "$WORK/stderr"
	fi
}

# --------------------------------------------------------------------------------------
# Main loop
# --------------------------------------------------------------------------------------

log INFO "worker $RUNNER_ID polling worker group '$GROUP' at $GATEWAY"
heartbeat_loop &
HEARTBEAT_PID=$!

if [ -n "$WAIT" ]; then
	PREFER="wait=$WAIT"
	POLL_TIMEOUT=$((WAIT + 10))
else
	PREFER=
	POLL_TIMEOUT=$((DEFAULT_MAX_WAIT + 10))
fi
POLL_BODY="{\"workerGroup\":$(jstr "$GROUP"),\"hostname\":$(jstr "$HOST")}"
done_tasks=0
poll_failures=0
status=0
while ! should_stop; do
	if [ -n "$MAX_TASKS" ] && [ "$done_tasks" -ge "$MAX_TASKS" ]; then
		break
	fi
	api poll /v1/tasks/poll "$POLL_BODY" "$POLL_TIMEOUT" "$PREFER"
	case $HTTP_CODE in
	200)
		poll_failures=0
		done_tasks=$((done_tasks + 1))
		handle_task
		;;
	204)
		poll_failures=0
		;;
	*)
		if should_stop; then
			log INFO "idle poll abandoned"
			break
		fi
		if retryable; then
			poll_failures=$((poll_failures + 1))
			delay=$(next_delay poll "$poll_failures")
			log WARN "poll failed ($(describe poll)); polling again in ${delay}s"
			nap "$delay"
		else
			# 400/401/403/413: the worker's configuration is wrong; retrying cannot help.
			log ERROR "poll rejected ($(describe poll)): check the worker group and WORKER_GATEWAY_TOKEN"
			status=2
			break
		fi
		;;
	esac
done

if [ -f "$WORK/terminate" ]; then
	reason=terminate
elif [ "$STOPPING" = 1 ]; then
	reason=signal
else
	reason="max-tasks reached"
fi
[ "$status" -ne 0 ] || log INFO "exiting ($reason) after $done_tasks task(s)"
exit "$status"

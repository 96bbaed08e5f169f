#!/usr/bin/env bash
# Proves the runtime layout of the container image without Docker.
#
# After `./mvnw -B verify` has built the jar, this script does what the Dockerfile does:
#   1. the same layered extraction (its options read from the Dockerfile),
#   2. copies the layers into an "/app" directory in the order of the Dockerfile's COPY lines,
#   3. starts the application there with the Dockerfile's ENTRYPOINT, read from the Dockerfile
#      itself (single source of the JVM flags), in emulator mode (--spring.profiles.active=local)
#      with the chart's default application.yml (taken from k8s/configmap.yaml) mounted the way
#      the chart mounts it (SPRING_CONFIG_ADDITIONAL_LOCATION) and free ports,
#   4. waits for /actuator/health/readiness on the management port to be UP (90 s at most),
#      checks liveness and the Prometheus endpoint the ServiceMonitor scrapes,
#   5. stops it with SIGTERM (what the kubelet sends) and expects a prompt, clean exit.
# The first pass uses the machine's java. A JVM without AOT caches (before Java 25) gets their
# closest equivalent instead: the Dockerfile's training run with -XX:ArchiveClassesAtExit writes a
# dynamic CDS archive (JDK 13+), and the ENTRYPOINT starts from it with -XX:SharedArchiveFile and
# -Xshare:on (an archive that cannot be used fails the check). When the Temurin 25 JDK is installed
# (TEMURIN_25, default /usr/lib/jvm/temurin-25-jdk-amd64), a second pass repeats the image's
# training run (the Dockerfile's RUN ["java", "-XX:AOTCacheOutput=..."] line) with it and
# steps 3-5 from that AOT cache (-XX:AOTMode=on: a cache that cannot be used fails the check);
# without it the second pass is skipped with a note. Both ready times are printed.
# Exits non-zero on any failure. Usage: ci/image-layout-check.sh [path/to/app.jar]
set -euo pipefail

cd "$(dirname "$0")/.."
readonly READY_TIMEOUT=90
readonly STOP_TIMEOUT=30

fail() {
  echo "image-layout-check: FAIL: $*" >&2
  exit 1
}
log() { echo "image-layout-check: $*"; }

command -v curl >/dev/null || fail "curl is required"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

jar="${1:-}"
if [[ -z "$jar" ]]; then
  jar=$(ls target/worker-gateway-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)
fi
[[ -n "$jar" && -f "$jar" ]] || fail "no application jar in target/: run ./mvnw -B verify (or package) first"

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Layered extraction, exactly as in the Dockerfile's build stage (its options, our paths).
extract_line=$(grep -E 'java -Djarmode=tools -jar .* extract ' Dockerfile) \
  || fail "Dockerfile has no layered extraction command"
[[ "$extract_line" == *"--layers"* ]] || fail "Dockerfile extraction lacks --layers"
read -r -a extract_options <<<"$(sed -E -e 's/.* extract //' -e 's/--destination [^ ]+//' <<<"$extract_line")"
log "extracting $jar (extract ${extract_options[*]})"
"$java_cmd" -Djarmode=tools -jar "$jar" extract "${extract_options[@]}" --destination "$work/extracted" >/dev/null

# 2. Copy the layers in the Dockerfile's order; every extracted layer must be copied.
mapfile -t layers < <(sed -nE 's#^COPY --from=build /workspace/extracted/([a-z-]+)/ \./$#\1#p' Dockerfile)
[[ "${layers[*]}" == "dependencies spring-boot-loader snapshot-dependencies application" ]] \
  || fail "Dockerfile copies layers [${layers[*]}], expected dependencies spring-boot-loader snapshot-dependencies application"
mapfile -t extracted < <(find "$work/extracted" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
mapfile -t copied < <(printf '%s\n' "${layers[@]}" | sort)
[[ "${extracted[*]}" == "${copied[*]}" ]] \
  || fail "the jar has layers [${extracted[*]}] but the Dockerfile copies [${copied[*]}]"
app="$work/app"
mkdir -p "$app" "$work/tmp" "$work/config"
for layer in "${layers[@]}"; do
  cp -R "$work/extracted/$layer/." "$app/"
done

# 3. The ENTRYPOINT and the training run, parsed from the Dockerfile (one-line exec-form JSON arrays).
exec_form() { sed -E -e 's/^[A-Z]+ \[//' -e 's/\][[:space:]]*$//' -e 's/", "/\n/g' -e 's/"//g' <<<"$1"; }
entrypoint_line=$(grep -E '^ENTRYPOINT \[' Dockerfile) || fail "Dockerfile has no exec-form ENTRYPOINT"
mapfile -t entrypoint < <(exec_form "$entrypoint_line")
[[ "${entrypoint[0]}" == "java" ]] || fail "ENTRYPOINT does not start with java: ${entrypoint[*]}"
training_line=$(grep -E '^RUN \["java", "-XX:AOTCacheOutput=' Dockerfile) || fail "Dockerfile has no AOT training run"
mapfile -t training < <(exec_form "$training_line")

# The chart's default application.yml, as the ConfigMap mounts it.
sed -n '/^  application.yml: |$/,$p' k8s/configmap.yaml | tail -n +2 | sed 's/^    //' >"$work/config/application.yml"
[[ -s "$work/config/application.yml" ]] || fail "could not read application.yml from k8s/configmap.yaml"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  for _ in $(seq 1 50); do
    # Below Linux's ephemeral range (32768-60999), where outgoing connections take ports.
    port=$((10000 + RANDOM % 20000))
    if ! port_in_use "$port" && [[ " ${taken[*]:-} " != *" $port "* ]]; then
      taken+=("$port")
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}
taken=()

start_app() {
  api_port=$(free_port); taken+=("$api_port")
  management_port=$(free_port); taken+=("$management_port")
  emulator_port=$(free_port); taken+=("$emulator_port")
  log "starting on api=$api_port management=$management_port emulator=$emulator_port"
  (
    cd "$app"
    export SPRING_CONFIG_ADDITIONAL_LOCATION="file:$work/config/application.yml"
    exec "${run_cmd[@]}" \
      --spring.profiles.active=local \
      --server.port="$api_port" \
      --management.server.port="$management_port" \
      --worker-gateway.emulator.port="$emulator_port"
  ) >"$work/app.log" 2>&1 &
  pid=$!
}

show_log() {
  echo "---- application log (last 80 lines) ----" >&2
  tail -n 80 "$work/app.log" >&2 || true
}

# 4.-5. One pass: start with run_cmd, readiness, probes, SIGTERM; sets ready_ms.
check_pass() {
  local label=$1
  local attempt start_ns
  for attempt in 1 2 3; do
    start_ns=$(date +%s%N)
    start_app
    management="http://127.0.0.1:$management_port"
    deadline=$((SECONDS + READY_TIMEOUT))
    ready=false
    until [[ "$(curl -s "$management/actuator/health/readiness" 2>/dev/null || true)" == *'"status":"UP"'* ]]; do
      if ! kill -0 "$pid" 2>/dev/null; then
        if grep -q "Address already in use" "$work/app.log" && ((attempt < 3)); then
          log "a port was taken meanwhile (attempt $attempt); retrying with other ports"
          continue 2
        fi
        show_log
        fail "$label: the application exited before it was ready"
      fi
      if ((SECONDS >= deadline)); then
        show_log
        fail "$label: readiness not UP within ${READY_TIMEOUT}s"
      fi
      sleep 0.05
    done
    ready=true
    break
  done
  [[ "$ready" == true ]] || fail "$label: the application did not start"
  ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
  log "$label: ready after ${ready_ms} ms"

  expect_ok "$management/actuator/health/liveness"
  expect_ok "$management/actuator/prometheus"
  api_code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/" || true)
  [[ "$api_code" != "000" ]] || { show_log; fail "$label: nothing answers on the API port $api_port"; }

  # Graceful stop: SIGTERM, as the kubelet sends after the preStop pause.
  kill -TERM "$pid"
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      show_log
      fail "$label: the application did not stop within ${STOP_TIMEOUT}s of SIGTERM"
    fi
    sleep 0.2
  done
  status=0
  wait "$pid" || status=$?
  pid=""
  # 143 = 128 + SIGTERM: the JVM's normal exit status after a signal-initiated shutdown.
  [[ "$status" == "0" || "$status" == "143" ]] || { show_log; fail "$label: exit status $status after SIGTERM"; }
  grep -q 'Graceful shutdown complete' "$work/app.log" \
    || log "note: no 'Graceful shutdown complete' log line (logging configuration may hide it)"
}

expect_ok() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
  [[ "$code" == "200" ]] || { show_log; fail "$1 answered $code, expected 200"; }
}

has_aot_cache() { "$1" -XX:AOTCache="$work/none.aot" -version >/dev/null 2>&1; }

# A JVM without AOT caches stores the classes of the same training run in a dynamic CDS
# archive: app.aot becomes app.jsa.
cds_archive() { echo "${1%.aot}.jsa"; }

# The Dockerfile's training run with a JVM, in the application directory; on a JVM without AOT
# caches, with a CDS archive instead. Sets archive (the file written) and training_s.
train() {
  local java=$1
  local cmd=("$java" -Djava.io.tmpdir="$work/tmp")
  local arg
  archive=""
  for arg in "${training[@]:1}"; do
    if [[ "$arg" == -XX:AOTCacheOutput=* ]]; then
      archive=${arg#-XX:AOTCacheOutput=}
      if ! has_aot_cache "$java"; then
        archive=$(cds_archive "$archive")
        arg=-XX:ArchiveClassesAtExit=$archive
      fi
    fi
    cmd+=("$arg")
  done
  log "training run: ${cmd[*]}"
  local start=$SECONDS
  (cd "$app" && "${cmd[@]}" >"$work/training.log" 2>&1) \
    || { tail -n 40 "$work/training.log" >&2; fail "the training run failed"; }
  [[ -s "$app/$archive" ]] || fail "the training run wrote no $archive"
  training_s=$((SECONDS - start))
  log "training run: $archive written in ${training_s} s"
}

# The entrypoint for a JVM, with further JVM options (before -jar): the image's flags; on a JVM
# without AOT caches, the CDS archive of the training run in place of the AOT cache.
entrypoint_for() {
  local java=$1
  shift
  run_cmd=("$java")
  local arg
  for arg in "${entrypoint[@]:1}"; do
    if [[ "$arg" == -XX:AOTCache=* ]] && ! has_aot_cache "$java"; then
      arg=-XX:SharedArchiveFile=$(cds_archive "${arg#-XX:AOTCache=}")
      log "note: $java has no AOT cache (before Java 25): starting from the CDS archive ($arg -Xshare:on)"
      run_cmd+=(-Xshare:on)
    fi
    if [[ "$arg" == "-jar" ]]; then
      run_cmd+=(-Djava.io.tmpdir="$work/tmp" "$@")
    fi
    run_cmd+=("$arg")
  done
}

# Pass 1: the machine's java; before Java 25 from a CDS archive of the image's training run.
first_label=$("$java_cmd" -version 2>&1 | head -n 1)
if ! has_aot_cache "$java_cmd"; then
  train "$java_cmd"
  first_label="$first_label with the CDS archive of the training run"
fi
entrypoint_for "$java_cmd"
log "entrypoint: ${run_cmd[*]}"
check_pass "$first_label"
first_ready_ms=$ready_ms

# Pass 2: the image's Java with the image's training run and AOT cache.
temurin25="${TEMURIN_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ -x "$temurin25/bin/java" ]]; then
  train "$temurin25/bin/java"
  entrypoint_for "$temurin25/bin/java" -XX:AOTMode=on
  check_pass "Java 25 with the AOT cache"
  log "ready times: ${first_ready_ms} ms ($first_label) / ${ready_ms} ms (Java 25 with the AOT cache, as the image starts)"
else
  log "note: no Temurin 25 JDK at $temurin25: the AOT-cache pass is skipped (ready after ${first_ready_ms} ms)"
fi
log "OK: layered image layout starts, becomes ready and stops cleanly"

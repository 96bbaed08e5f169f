#!/usr/bin/env bash
# Proves the runtime layout of the container image without Docker.
#
# After `./mvnw -B verify` has built the jar, this script does what the Dockerfile does:
#   1. the same layered extraction (java -Djarmode=tools ... extract --layers --launcher),
#   2. copies the layers into an "/app" directory in the order of the Dockerfile's COPY lines,
#   3. starts the application there with the Dockerfile's ENTRYPOINT, read from the Dockerfile
#      itself (single source of the JVM flags), in emulator mode (--spring.profiles.active=local)
#      with the chart's default application.yml (taken from k8s/configmap.yaml) mounted the way
#      the chart mounts it (SPRING_CONFIG_ADDITIONAL_LOCATION) and free ports,
#   4. waits for /actuator/health/readiness on the management port to be UP (90 s at most),
#      checks liveness and the Prometheus endpoint the ServiceMonitor scrapes,
#   5. stops it with SIGTERM (what the kubelet sends) and expects a prompt, clean exit.
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

# 1. Layered extraction, exactly as in the Dockerfile's build stage.
extract_line=$(grep -E 'java -Djarmode=tools -jar .* extract ' Dockerfile) \
  || fail "Dockerfile has no layered extraction command"
for option in --layers --launcher; do
  [[ "$extract_line" == *"$option"* ]] || fail "Dockerfile extraction lacks $option"
done
log "extracting $jar"
"$java_cmd" -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$work/extracted" >/dev/null

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

# 3. The ENTRYPOINT, parsed from the Dockerfile (one-line exec-form JSON array).
entrypoint_line=$(grep -E '^ENTRYPOINT \[' Dockerfile) || fail "Dockerfile has no exec-form ENTRYPOINT"
mapfile -t entrypoint < <(sed -E -e 's/^ENTRYPOINT \[//' -e 's/\][[:space:]]*$//' -e 's/", "/\n/g' -e 's/"//g' \
  <<<"$entrypoint_line")
[[ "${entrypoint[0]}" == "java" ]] || fail "ENTRYPOINT does not start with java: ${entrypoint[*]}"
entrypoint[0]="$java_cmd"
log "entrypoint: ${entrypoint[*]}"

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
    exec "${entrypoint[@]}" -Djava.io.tmpdir="$work/tmp" \
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

# 4. Readiness on the management port, as the kubelet probes it. A port taken between our
# check and the bind (another process on a shared machine) is retried with new ports.
for attempt in 1 2 3; do
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
      fail "the application exited before it was ready"
    fi
    if ((SECONDS >= deadline)); then
      show_log
      fail "readiness not UP within ${READY_TIMEOUT}s"
    fi
    sleep 1
  done
  ready=true
  break
done
[[ "$ready" == true ]] || fail "the application did not start"
log "ready after ${SECONDS}s"

expect_ok() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
  [[ "$code" == "200" ]] || { show_log; fail "$1 answered $code, expected 200"; }
}
expect_ok "$management/actuator/health/liveness"
expect_ok "$management/actuator/prometheus"
api_code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/" || true)
[[ "$api_code" != "000" ]] || { show_log; fail "nothing answers on the API port $api_port"; }

# 5. Graceful stop: SIGTERM, as the kubelet sends after the preStop pause.
kill -TERM "$pid"
deadline=$((SECONDS + STOP_TIMEOUT))
while kill -0 "$pid" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    show_log
    fail "the application did not stop within ${STOP_TIMEOUT}s of SIGTERM"
  fi
  sleep 1
done
status=0
wait "$pid" || status=$?
pid=""
# 143 = 128 + SIGTERM: the JVM's normal exit status after a signal-initiated shutdown.
[[ "$status" == "0" || "$status" == "143" ]] || { show_log; fail "exit status $status after SIGTERM"; }
grep -q 'Graceful shutdown complete' "$work/app.log" \
  || log "note: no 'Graceful shutdown complete' log line (logging configuration may hide it)"
log "OK: layered image layout starts, becomes ready and stops cleanly"

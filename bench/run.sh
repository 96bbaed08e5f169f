#!/usr/bin/env bash
# The benchmark and fault-injection harness of issue 6 (see docs/benchmarks.md).
#
#   bench/run.sh                                  # everything, about 15 minutes
#   bench/run.sh --soak-seconds=600               # the full 10-minute soak
#   bench/run.sh --only=held,overhead --runs=5    # some scenarios
#   bench/run.sh --only=maxwaiters --gateway-java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#                                                 # the chart's defaults (k8s/) hold max-waiters
#   bench/run.sh --only=startup --java25=/opt/jdk-25
#                                                 # the image's start from its AOT cache with this
#                                                 # Java 25 JDK (default /usr/lib/jvm/temurin-25-jdk-amd64;
#                                                 # skipped when there is none)
#   ./mvnw -B -Pbench verify                      # the same through Maven
#
# It builds the gateway jar and the load driver (bench/driver), then the driver starts the
# emulator and the gateway as separate JVMs, drives them, prints the tables and writes
# docs/benchmarks.md. Settings are --name=value (see bench/driver/.../Config.java);
# BENCH_TOKEN (or --token=) is sent as "Authorization: Bearer" when worker authentication
# is on; without it the gateway is started with worker-gateway.security.enabled=false.
set -euo pipefail
cd "$(dirname "$0")/.."

# 10,000 held polls need more than 10,000 sockets in the driver, the gateway and the emulator.
ulimit -n "$(ulimit -Hn)" || true
if [ "$(ulimit -n)" -lt 12000 ]; then
	echo "warning: ulimit -n is $(ulimit -n); the 10,000-worker level needs more than 12,000" >&2
fi

if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
	./mvnw -B -q -DskipTests package
fi
./mvnw -B -q -f bench/driver/pom.xml package

exec java -Xmx3g -XX:+UseG1GC -cp "bench/driver/target/classes:bench/driver/target/lib/*" bench.Bench \
	--gateway-jar=target/worker-gateway-0.1.0-SNAPSHOT.jar --work-dir=target/bench --out=docs/benchmarks.md \
	"--command=${BENCH_COMMAND:-bench/run.sh${*:+ $*}}" "$@"

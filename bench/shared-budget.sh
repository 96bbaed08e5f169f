#!/usr/bin/env bash
# The shared account budget, end to end (issue 13, docs/benchmarks.md "Shared API budget"):
# 2 and 3 gateway JVMs, one emulator with the account's rate limits on, one redis-server,
# 300 tasks at once; local shares vs the shared store; then Redis stopped and restarted mid-run.
#
#   bench/shared-budget.sh [--runs=local-2,shared-2,local-3,shared-3,outage-2] [--tasks=300] [--groups=6]
#                          [--workers=3] [--redis-command-timeout=500ms]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install -y redis-server)" >&2; exit 1; }
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
	./mvnw -B -q -DskipTests package
fi
./mvnw -B -q -f bench/driver/pom.xml package
exec java -Xmx512m -cp "bench/driver/target/classes:bench/driver/target/lib/*" bench.SharedBudgetBench "$@"

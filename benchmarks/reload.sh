#!/usr/bin/env bash
# Builds the benchmarks jar and the greeter example cog, then runs the reload driver: reload time of a
# small plugin (p50, p99 over 100 reloads) against its first load, and the heap after the reloads
# against the heap before, measured in one run. See docs/benchmarks.md.
#
#   benchmarks/reload.sh [--no-build] [--docs] [driver options: --reloads N --warmup N]
#
# --docs rewrites the "reload" section of docs/benchmarks.md with the report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=true
args=()
while (($#)); do
  case "$1" in
    --no-build) build=false ;;
    --docs) args+=(--docs docs/benchmarks.md) ;;
    *) args+=("$1") ;;
  esac
  shift
done
if $build; then
  sh ./mvnw -B -q -ntp package -pl benchmarks -am -DskipTests </dev/null
fi
java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.cogwheel.benchmarks.ReloadDriver "${args[@]}"

#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar, runs the JMH storage benchmarks with JSON results, and prints
# the ratios against their baselines as Markdown (BenchmarkReport reads the JSON; nothing is typed by hand).
#
#   benchmarks/run.sh [--no-build] [--docs SECTION] [JMH options...]
#
#   --no-build       use the jar as it is
#   --docs SECTION   also replace section SECTION of docs/benchmarks.md with the report
#   JMH options      passed to the JMH jar, e.g. a benchmark regex, or -f 2 for more forks
#
# The database is the test fixture's: COGWHEEL_TEST_DATABASE_URL if set, else embedded PostgreSQL 17.
# Results: benchmarks/target/jmh-results[-SECTION].json and benchmarks/target/benchmarks-report[-SECTION].md.
set -euo pipefail

command_line="benchmarks/run.sh${*:+ $*}"
if [[ -n "${COGWHEEL_TEST_DATABASE_URL:-}" ]]; then
  shown="${COGWHEEL_TEST_DATABASE_URL}"
  # Never write a password into the report.
  if [[ "$shown" == *password=* || "$shown" =~ ://[^/@]*:[^/@]*@ ]]; then
    shown="<a URL with a password>"
  fi
  command_line="COGWHEEL_TEST_DATABASE_URL='${shown}' ${command_line}"
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=true
section=""
jmh_args=()
while (($#)); do
  case "$1" in
    --no-build) build=false ;;
    --docs) section="${2:?--docs needs a section name}"; shift ;;
    *) jmh_args+=("$1") ;;
  esac
  shift
done

jar=benchmarks/target/benchmarks.jar
results="benchmarks/target/jmh-results${section:+-$section}.json"
report="benchmarks/target/benchmarks-report${section:+-$section}.md"

if $build; then
  sh ./mvnw -B -q -ntp package -pl benchmarks -am -DskipTests </dev/null
fi
[[ -f "$jar" ]] || { echo "run.sh: $jar is missing; run without --no-build" >&2; exit 1; }

java -jar "$jar" -rf json -rff "$results" "${jmh_args[@]}"

report_args=("$results" --command "$command_line")
if [[ -n "$section" ]]; then
  report_args+=(--update docs/benchmarks.md --section "$section")
fi
java -cp "$jar" dev.cogwheel.benchmarks.BenchmarkReport "${report_args[@]}" | tee "$report"

#!/usr/bin/env bash
# Runs the whole suite N times in a row (through scripts/test.sh) while stress-ng keeps every core busy,
# and prints each run's "N passed, N failed" line and "K of N runs green". A test that only fails here
# depends on machine speed (real sleeps, real-time budgets): fix it, never retry it away.
# Usage: scripts/soak-tests.sh [N]   (default 5; extra arguments go to dotnet test)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
shift || true
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N] [dotnet test arguments]" >&2; exit 2; }

source scripts/lib/ensure-packages.sh
ensure_packages stress-ng

# The hog: one CPU worker per core, for as long as the runs take; stopped on any exit.
stress-ng --cpu "$(nproc)" --timeout 0 --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true; wait "$hog" 2>/dev/null || true' EXIT

logs="$(pwd)/TestResults-soak"
rm -rf "$logs"
mkdir -p "$logs"
green=0
lines=()
for run in $(seq 1 "$runs"); do
  echo "=== run $run of $runs (stress-ng on $(nproc) cores) ==="
  status=0
  bash scripts/test.sh "$@" >"$logs/run-$run.log" 2>&1 || status=$?
  line="$(tail -n 1 "$logs/run-$run.log")"
  [[ "$line" =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]] || line="no result line (see $logs/run-$run.log)"
  if [ "$status" -eq 0 ]; then
    green=$((green + 1))
  else
    grep -E '^\s+Failed [A-Za-z]' "$logs/run-$run.log" | sed 's/^ */  /' || true
  fi
  lines+=("run $run: $line")
  echo "run $run: $line"
done

printf '%s\n' "${lines[@]}"
echo "$green of $runs runs green"
[ "$green" -eq "$runs" ]

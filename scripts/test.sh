#!/usr/bin/env bash
# Runs every test the way CI does: installs what the tests need (ffmpeg, espeak-ng, a font, Chromium, s3rver,
# PostgreSQL), starts a throwaway PostgreSQL (stopped at the end), runs `dotnet test`, and ends with the line
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/ensure-packages.sh
source scripts/lib/test-postgres.sh
ensure_packages ffmpeg espeak-ng chromium fonts-dejavu-core
if [ -f tests/s3server/package-lock.json ]; then
  (cd tests/s3server && npm ci --no-audit --no-fund --loglevel=error)
fi

start_test_postgres
trap stop_test_postgres EXIT

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test DramaGen.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
done
echo "$passed passed, $failed failed"
exit $status

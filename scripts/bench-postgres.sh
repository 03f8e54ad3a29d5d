#!/usr/bin/env bash
# Runs the benchmark with a throwaway PostgreSQL (the one scripts/test.sh starts, stopped at the end) as DATABASE_URL,
# so its PostgreSQL parts run too: bash scripts/bench-postgres.sh --only p
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/test-postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
DATABASE_URL="$DRAMAGEN_TEST_DATABASE_URL" dotnet run -c Release --project bench/DramaGen.Bench -- "$@"

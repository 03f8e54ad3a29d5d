# Sourced by scripts/test.sh: a throwaway PostgreSQL from Debian's package, with its own data directory and port,
# for the tests of JOB_STORE=postgres. PostgreSQL refuses to run as root (CI runs as root): it then runs as the
# `postgres` user. The tests find it through DRAMAGEN_TEST_DATABASE_URL; stop_test_postgres removes all of it.
start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    else
      echo "Missing postgresql: install it (sudo apt-get install postgresql) and run again." >&2
      return 1
    fi
  fi
  TEST_PG_DIR=$(mktemp -d /tmp/dramagen-pg.XXXXXX)
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$TEST_PG_DIR"
    as=(runuser -u postgres --)
  fi
  TEST_PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data")
  "${as[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -A trust -U postgres >"$TEST_PG_DIR/initdb.log" 2>&1
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    if "${TEST_PG_CTL[@]}" -o "-p $port -k $TEST_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
        -l "$TEST_PG_DIR/log" -w start >/dev/null; then
      export DRAMAGEN_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
      echo "PostgreSQL for the tests on 127.0.0.1:$port ($TEST_PG_DIR)"
      return 0
    fi
  done
  echo "PostgreSQL did not start; its log:" >&2
  cat "$TEST_PG_DIR/log" >&2 || true
  return 1
}

stop_test_postgres() {
  [ -n "${TEST_PG_DIR:-}" ] || return 0
  "${TEST_PG_CTL[@]}" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TEST_PG_DIR"
  TEST_PG_DIR=
}

#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests, as the unprivileged `postgres` user, on a
# local port, and prints the DATABASE_URL to use. Idempotent: a server already running is reused.
set -euo pipefail
PGPORT="${TEGENKRACHT_TEST_PGPORT:-55432}"
PGDATA="${TEGENKRACHT_TEST_PGDATA:-/tmp/tegenkracht-pg}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL server binaries not found; install the 'postgresql' package" >&2
  exit 1
fi
as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}
if ! as_postgres "$PGBIN/pg_ctl -D '$PGDATA' status" >/dev/null 2>&1; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
  as_postgres "$PGBIN/initdb -D '$PGDATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  as_postgres "$PGBIN/pg_ctl -D '$PGDATA' -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400' -l '$PGDATA/server.log' -w start" >/dev/null
fi
as_postgres "$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='tegenkracht_test'\"" | grep -q 1 \
  || as_postgres "$PGBIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres tegenkracht_test"
echo "postgres://postgres@127.0.0.1:$PGPORT/tegenkracht_test?sslmode=disable"

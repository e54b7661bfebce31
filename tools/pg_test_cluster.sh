#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl under a temporary folder, unix socket only.
#   eval "$(tools/pg_test_cluster.sh start)"   → prints `export LIAISON_DESK_TEST_PG=…` (and the data dir)
#   tools/pg_test_cluster.sh stop DIR          → stops it and removes DIR
# The server refuses to run as root: when we are root it runs as the `postgres` user (Debian's package
# makes it). Roles: `liaison` (trust, superuser: the tests create and drop databases) and `clerk_pw`
# (scram-sha-256, password "right-password": the wrong-password test).
set -euo pipefail

bindir() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  echo "PostgreSQL is not installed (initdb not found)" >&2; exit 1
}

as_owner() {  # run a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  BIN=$(bindir)
  DIR=$(mktemp -d /tmp/liaison-pg-XXXXXX)
  chmod 755 "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1
  # clerk_pw must give its password; everyone else is trusted (local socket only, no TCP).
  as_owner sh -c "printf '%s\n' 'local all clerk_pw scram-sha-256' 'local all all trust' > '$DIR/data/pg_hba.conf'"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-k $DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  as_owner "$BIN/psql" -h "$DIR" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE liaison LOGIN SUPERUSER" \
    -c "CREATE ROLE clerk_pw LOGIN PASSWORD 'right-password'" >/dev/null
  echo "export LIAISON_DESK_TEST_PG='postgresql://liaison@/postgres?host=$DIR'"
  echo "export LIAISON_DESK_TEST_PG_DIR='$DIR'"
  echo "export LIAISON_DESK_TEST_PG_BIN='$BIN'"
  ;;
stop)
  DIR=${2:?usage: pg_test_cluster.sh stop DIR}
  BIN=$(bindir)
  [ -d "$DIR/data" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2; exit 2
  ;;
esac

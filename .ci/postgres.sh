#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests, on this machine only.
#
#   eval "$(.ci/postgres.sh start /tmp/toc-pg)"   # prints: export TOC_TEST_POSTGRES_URL=...
#   make test                                     # store tests now run on SQLite and PostgreSQL
#   .ci/postgres.sh stop /tmp/toc-pg              # stops the cluster and removes the folder
#
# The cluster lives in the folder given (created if missing, removed on stop), listens on
# 127.0.0.1 on the first free port from TOC_PG_PORT (default 55432), trusts local
# connections, and holds one database, toc_test. Run as root, it runs as the unprivileged
# `postgres` user (initdb refuses root). It needs Debian's postgresql package
# (apt-get install -y postgresql); nothing is downloaded. Durability is off: it is scratch.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop FOLDER" >&2
  exit 2
}

[ $# -eq 2 ] || usage
action=$1
folder=$2

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$found" ]; then
    echo "$found"
  elif command -v initdb >/dev/null; then
    dirname "$(command -v initdb)"
  else
    echo "no PostgreSQL server found: apt-get install -y postgresql" >&2
    exit 1
  fi
}

# Run a server program as the owner of the cluster: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port=${TOC_PG_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

start() {
  local bin port
  bin=$(bindir)
  mkdir -p "$folder"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$folder"
  as_owner "$bin/initdb" --pgdata="$folder/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 ||
    { cat "$folder/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bin/pg_ctl" --pgdata="$folder/data" --log="$folder/server.log" --wait \
    --options="-h 127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$folder/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres toc_test
  echo "$port" >"$folder/port"
  echo "export TOC_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/toc_test"
}

stop() {
  if [ -d "$folder/data" ]; then
    as_owner "$(bindir)/pg_ctl" --pgdata="$folder/data" --mode=fast --wait stop >/dev/null || true
  fi
  rm -rf "$folder"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac

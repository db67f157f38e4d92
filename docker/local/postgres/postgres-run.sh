#!/usr/bin/env bash
# PostgreSQL as the official image starts it: an empty $PGDATA is initialised with POSTGRES_USER (default postgres)
# whose password is POSTGRES_PASSWORD (scram over TCP, trust on the local socket) and a database POSTGRES_DB (default
# the user's name); then the server runs in the foreground, listening on every address.
set -euo pipefail
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "local-postgres: initialising $PGDATA (user $user, database $db)"
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # on a private socket, so the healthcheck (pg_isready on the usual one) does not pass before this is done
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/tmp" start >/dev/null
    createdb -h /tmp -U "$user" "$db"
    pg_ctl -D "$PGDATA" -w stop >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'

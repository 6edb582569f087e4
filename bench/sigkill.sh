#!/usr/bin/env bash
# SIGKILL durability: no acknowledged submission may be lost when the server
# process dies mid-load. The figures in docs/benchmarks.md ("SIGKILL
# durability") come from this script.
#
#   bash bench/sigkill.sh                       # SQLite (synchronous=FULL), 30 s of load, 8 clients
#   bash bench/sigkill.sh --quick               # ~10 s: 5 s of load, 4 clients (cheap enough for CI)
#   bash bench/sigkill.sh --postgres 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
#   bash bench/sigkill.sh --duration 60 --clients 16 --sqlite-sync-normal
#
# It builds tongban and the load client (bench/sigkill), starts `tongban serve`
# on a fresh data directory (and, with --postgres, a fresh database made on that
# server and dropped at the end), waits for /readyz (the demo installs on first
# start), runs N clients that each sign in as their own demo citizen and loop
# draft → submit, recording every case number answered with 201. After the
# load has run for --duration seconds it sends SIGKILL to the server, restarts
# it on the same data and checks, as each citizen, that every acknowledged
# number is among their cases. It exits non-zero and prints the missing numbers
# on loss.
#
# A SIGKILL tests a process crash: what the server acknowledged must have been
# handed to the operating system. It does not cut power, so it cannot tell
# synchronous=FULL from NORMAL on SQLite (both survive a process crash in WAL
# mode; only FULL also survives power loss). --sqlite-sync-normal is there to
# show exactly that.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration=30
clients=8
postgres=""
sync_normal=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) duration=5; clients=4 ;;
    --duration) duration=$2; shift ;;
    --clients) clients=$2; shift ;;
    --postgres) postgres=$2; shift ;;
    --sqlite-sync-normal) sync_normal=true ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tongban-sigkill.XXXXXX")
server_pid=""
db_url=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n $db_url ]]; then
    "$work/sigkill" dropdb -admin "$postgres" -db "$db_url" || echo "could not drop the test database" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tongban" ./cmd/tongban
go build -o "$work/sigkill" ./bench/sigkill

port=$("$work/sigkill" freeport)
url="http://127.0.0.1:$port"
serve_args=(serve --addr "127.0.0.1:$port" --data "$work/data" --log-level warn)
engine="sqlite (synchronous=FULL)"
if [[ -n $postgres ]]; then
  db_url=$("$work/sigkill" createdb -admin "$postgres")
  serve_args+=(--database "$db_url")
  engine="postgresql"
elif [[ $sync_normal == true ]]; then
  serve_args+=(--sqlite-sync-normal)
  engine="sqlite (synchronous=NORMAL)"
fi

start_server() {
  "$work/tongban" "${serve_args[@]}" >>"$work/server.log" 2>&1 &
  server_pid=$!
  if ! "$work/sigkill" wait -url "$url" -timeout 120s; then
    tail -20 "$work/server.log" >&2
    exit 1
  fi
}

echo "engine: $engine; clients: $clients; load before the kill: ${duration}s"
echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
started=$SECONDS
start_server
echo "server up in $((SECONDS - started))s (demo installed); starting the load"

acked="$work/acked.txt"
# The client's own bound is well past the kill, so the kill always comes first.
"$work/sigkill" load -url "$url" -clients "$clients" -duration "$((duration + 60))s" -acked "$acked" &
load_pid=$!
sleep "$duration"
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "server killed with SIGKILL after ${duration}s of load"
wait "$load_pid"

start_server
echo "server restarted on the same data; verifying"
"$work/sigkill" verify -url "$url" -clients "$clients" -acked "$acked"
echo "PASS: no acknowledged submission lost ($engine)"

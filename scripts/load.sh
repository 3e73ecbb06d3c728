#!/usr/bin/env bash
# Load test of the directory list API and list page, and of the training
# activities list API, activities list page and calendar month page
# (MONTH, default 2026-05: a month with demo activities), and the public
# certificate verification page, on both engines
# with the demo data set scaled ×100, next to a bare net/http handler.
# Usage: [ENGINES="sqlite postgres"] [SCALE=100] [MONTH=YYYY-MM] scripts/load.sh [duration-per-target] [connections]
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth) for the second half.
# Only loopback addresses are used. Results go to stdout as Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-20s}
CONNS=${2:-64}
SCALE=${SCALE:-100}
MONTH=${MONTH:-2026-05}
PORT=${PORT:-18080}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/topcop" ./cmd/topcop
go build -o "$work/loadgen" ./tools/loadgen

echo "# load test $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | cut -d' ' -f3)"
echo "demo scale ×$SCALE, $CONNS connections, $DUR per target after a 2 s warm-up"

run_engine() {
  local name=$1 dsn=$2
  echo
  echo "## $name"
  local t0=$(date +%s)
  "$work/topcop" demo --db "$dsn" --scale "$SCALE" 2>/dev/null | head -n 1
  echo "(loaded in $(( $(date +%s) - t0 )) s)"
  TOPCOP_LOG_LEVEL=warn "$work/topcop" serve --db "$dsn" --addr "127.0.0.1:$PORT" --trusted-proxies 127.0.0.1/32 >/dev/null 2>"$work/serve-$name.log" &
  local pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  "$work/loadgen" -base "http://127.0.0.1:$PORT" -c "$CONNS" -d "$DUR" -month "$MONTH"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

ENGINES=${ENGINES:-sqlite postgres}
case " $ENGINES " in *" sqlite "*) run_engine sqlite "sqlite:$work/load.db" ;; esac

if [[ " $ENGINES " != *" postgres "* ]]; then
  :
elif pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS topcop_load" -qc "CREATE DATABASE topcop_load" >/dev/null
  run_engine postgres "postgres://postgres@127.0.0.1:5432/topcop_load?sslmode=disable"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE topcop_load" >/dev/null
else
  echo "PostgreSQL not reachable; skipped"
fi

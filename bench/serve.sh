#!/usr/bin/env bash
# Load on `sitrep serve`: incident-list queries (GET /api/events with the
# filters the web app sends) from wrk on loopback, one row per query mix,
# with requests/s, latency percentiles and errors.
#
#   bench/serve.sh                        # or: make bench-serve
#   SITREP_BENCH_DB=/tmp/q.db bench/serve.sh   # another store (e.g. bench/store.sh's)
#   DURATION=20 CONNECTIONS=32 bench/serve.sh
#
# Environment: BUILD (default: build), SITREP_DATA (default ../shared/data):
# without SITREP_BENCH_DB the store is made from the MUC-4 messages (1,500
# documents) when the data is there, else from samples/. DURATION seconds per
# row (default 10), CONNECTIONS (default 16), THREADS of wrk (default 2),
# SERVER_THREADS of the server (default: its own, two per core, at least 4).
# The server and wrk share the machine's cores: the figures are what one
# machine does with both.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${BUILD:-$repo/build}
sitrep=$build/sitrep
data=${SITREP_DATA:-$repo/../shared/data}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}

for need in "$sitrep" wrk python3; do
  if ! command -v "$need" >/dev/null 2>&1; then
    echo "serve.sh: $need is missing (make; apt-get install wrk python3)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

db=${SITREP_BENCH_DB:-}
if [[ -z $db ]]; then
  db=$tmp/bench.db
  if [[ -d $data/muc4 ]]; then
    what="MUC-4 train+dev (sitrep eval muc4-docs --split all)"
    # One message has no text (E106): exit status 1, the rest is stored.
    "$sitrep" eval muc4-docs --split all | "$sitrep" ingest --db "$db" - 2>/dev/null || true
  else
    what="samples/ ($data/muc4 is absent)"
    "$sitrep" ingest --db "$db" "$repo/samples" 2>/dev/null || true
  fi
else
  what=$db
fi
incidents=$("$sitrep" stats --db "$db" --format jsonl | python3 -c 'import json,sys; print(json.load(sys.stdin)["incidents"])')

"$sitrep" serve --db "$db" --port 0 ${SERVER_THREADS:+--threads "$SERVER_THREADS"} > "$tmp/serve.out" 2>&1 &
server=$!
for _ in $(seq 50); do
  grep -q 'http://' "$tmp/serve.out" 2>/dev/null && break
  sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" | head -n1)
if [[ -z $base ]]; then
  echo "serve.sh: the server did not start:" >&2
  cat "$tmp/serve.out" >&2
  exit 2
fi

# A query mix: wrk sends these paths in turn (one Lua state per thread).
mix() {
  local name=$1
  shift
  {
    echo 'local paths = {'
    for p in "$@"; do echo "  \"$p\","; done
    echo '}'
    echo 'local i = 0'
    echo 'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end'
  } > "$tmp/$name.lua"
}
mix first-page "/api/events?limit=50"
mix filters "/api/events?type=attack&limit=50" "/api/events?country=SV&limit=50" \
  "/api/events?country=CO&type=attack&sort=killed&limit=50" "/api/events?min_killed=5&sort=killed&limit=50" \
  "/api/events?from=1989-01&to=1989-12&limit=50" "/api/events?group=ISIS&branches=1&limit=50" \
  "/api/events?group=FMLN&limit=50&offset=50"
mix text "/api/events?q=bomb&limit=50" "/api/events?q=kidnapped&limit=50" "/api/events?q=%22car%20bomb%22&limit=50"
mix app-search "/api/events?q=ISIS-K&limit=50" "/api/stats/timeline?by=month" "/api/points?limit=2000"

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
echo "machine: $(nproc) cores${cpu_model:+, $cpu_model}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "store: $what, $incidents incidents; wrk -t$threads -c$connections -d${duration}s --latency"
echo
echo "| mix | requests/s | p50 ms | p90 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|"
for name in first-page filters text app-search; do
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$tmp/$name.lua" "$base" > "$tmp/$name.out" 2>&1 || true
  python3 - "$name" "$tmp/$name.out" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
out = open(path).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\b", out, re.M)
    if not m:
        return "?"
    v = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    return f"{v:.2f}"
rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
errors = 0
for m in re.finditer(r"Non-2xx or 3xx responses: (\d+)", out):
    errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m:
    errors += sum(int(x) for x in m.groups())
print(f"| {name} | {float(rps.group(1)) if rps else 0:,.0f} | {ms('50')} | {ms('90')} | {ms('99')} | {errors} |")
if not rps:
    sys.stderr.write(out)
PY
done

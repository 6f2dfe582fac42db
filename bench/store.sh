#!/usr/bin/env bash
# The incident database's costs (bench/store_bench.cc) as two tables: what
# storing adds to clean + extract on MUC-4 and on samples/, and the latency of
# Store::events on a store of synthetic incidents.
#
#   bench/store.sh                  # or: make bench-store
#   BUILD=/tmp/b bench/store.sh     # another build folder
#   INCIDENTS=20000 bench/store.sh  # a smaller query store (quicker)
#
# Environment: BUILD (default: build, beside this folder), SITREP_DATA (the
# shared data folder, default ../shared/data; without it the MUC-4 row is
# skipped), INCIDENTS (incidents the query store must hold, default 100000),
# GEN_SECONDS (stop generating after this many seconds, default 1200),
# SITREP_BENCH_DB (a query store to reuse, or where to keep the one made),
# FILTER (default Store: a regular expression over benchmark names).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${BUILD:-$repo/build}
bench=$build/sitrep_bench
filter=${FILTER:-Store}

if [[ ! -x $bench ]]; then
  echo "store.sh: $bench is missing; build it first (make, or cmake --build $build" \
       "--target sitrep_bench)" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "store.sh: python3 is needed to read the benchmarks" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
echo "machine: $(nproc) cores${cpu_model:+, $cpu_model}; load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg) at the start; temp folder ${TMPDIR:-/tmp}"
echo "run: SITREP_BENCH_INCIDENTS=${INCIDENTS:-100000} SITREP_BENCH_GEN_SECONDS=${GEN_SECONDS:-1200}" \
     "$bench --benchmark_filter=$filter"
echo

if ! SITREP_BENCH_INCIDENTS=${INCIDENTS:-100000} SITREP_BENCH_GEN_SECONDS=${GEN_SECONDS:-1200} \
     "$bench" --benchmark_filter="$filter" --benchmark_format=json \
     >"$tmp/store.json" 2>"$tmp/store.err"; then
  echo "store.sh: sitrep_bench failed:" >&2
  cat "$tmp/store.err" >&2
  exit 1
fi

# The generation's progress lines, then the tables.
grep '^store_bench:' "$tmp/store.err" || true
echo

python3 - "$tmp/store.json" <<'PY'
import json
import sys

TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
BAR_MS = 50.0

with open(sys.argv[1], encoding="utf-8") as f:
    report = json.load(f)
benches = [b for b in report.get("benchmarks", []) if b.get("run_type", "iteration") == "iteration"]


def table(head, rows):
    cells = [head] + rows
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    for r in cells:
        print("  ".join(v.ljust(widths[i]) if i == 0 else v.rjust(widths[i]) for i, v in enumerate(r)))
    print()


status = 0
ingest = []
for b in benches:
    if not b["name"].startswith("BM_StoreIngest"):
        continue
    corpus = {"BM_StoreIngestMuc4": "MUC-4 train+dev", "BM_StoreIngestSamples": "samples/"}.get(
        b["name"].split("/")[0], b["name"])
    if b.get("error_occurred"):
        print(f"{corpus}: skipped: {b.get('error_message', '')}", file=sys.stderr)
        continue
    ingest.append((corpus, f"{b['documents']:,.0f}", f"{b['words']:,.0f}",
                   f"{b['extract_docs_per_s']:,.0f}", f"{b['ingest_docs_per_s']:,.0f}",
                   f"{b['extract_words_per_s']:,.0f}", f"{b['ingest_words_per_s']:,.0f}",
                   f"{b['ingest_over_extract']:.2f}", f"{100 * b['store_share']:.0f}%",
                   f"{b['incidents']:,.0f}", f"{b['db_mb']:.1f}"))
if ingest:
    print("Ingest: clean + extract alone vs clean + extract + Store::put (wall clock)")
    table(("corpus", "docs", "words", "extract docs/s", "ingest docs/s", "extract words/s",
           "ingest words/s", "ingest/extract time", "in store", "incidents", "db MB"), ingest)

queries = []
gen = None
for b in benches:
    if not b["name"].startswith("BM_StoreQuery/"):
        continue
    name = b["name"].split("/")[1]
    if b.get("error_occurred"):
        print(f"query {name}: skipped: {b.get('error_message', '')}", file=sys.stderr)
        status = 1
        continue
    ms = b["real_time"] * TO_MS[b.get("time_unit", "ns")]
    gen = b
    queries.append((name, f"{b['matches']:,.0f}", f"{b['returned']:,.0f}", f"{ms:.2f}",
                    "ok" if ms < BAR_MS else "OVER"))
if queries:
    made = (f"{gen['gen_docs']:,.0f} synthetic documents put in {gen['gen_seconds']:.0f} s, "
            f"{gen['gen_docs_per_s']:,.0f} docs/s" if gen["gen_seconds"] > 0
            else f"{gen['gen_docs']:,.0f} documents, a store made before (SITREP_BENCH_DB)")
    print(f"Queries: Store::events on {gen['incidents']:,.0f} incidents ({made})")
    table(("query", "matches", "returned", "ms/query", f"< {BAR_MS:.0f} ms"), queries)
sys.exit(status)
PY

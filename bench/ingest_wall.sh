#!/usr/bin/env bash
# What a user of the command line sees: the wall-clock time of
# `sitrep ingest` (extraction and storage on two threads, into a fresh
# database) against `sitrep extract` alone on the same input, run by turns so
# that the machine's load drifts over both alike. Also their CPU time (user +
# system): what ingest costs in all, whatever the cores.
#
#   bench/ingest_wall.sh              # MUC-4 train+dev as news, and samples/
#   ROUNDS=5 bench/ingest_wall.sh     # more rounds (default 3)
#
# Environment: BUILD (default: build, beside this folder), ROUNDS. MUC-4 is
# skipped when `sitrep eval muc4-docs` cannot read the shared data.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${BUILD:-$repo/build}
sitrep=$build/sitrep
rounds=${ROUNDS:-3}

if [[ ! -x $sitrep ]]; then
  echo "ingest_wall.sh: $sitrep is missing; build it first (make)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Seconds of wall clock and of CPU (user + system) of a command, as "wall cpu".
timed() {
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
  # (time puts "Command exited with non-zero status N" first when it did)
  tail -n 1 "$tmp/time" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
}

corpus() {  # name, then the paths
  local name=$1
  shift
  local ratios=() cpu_ratios=()
  for ((r = 1; r <= rounds; r++)); do
    rm -f "$tmp/i.db" "$tmp/i.db-wal" "$tmp/i.db-shm"
    read -r ew ec < <(timed "$sitrep" extract --format jsonl "$@")
    read -r iw ic < <(timed "$sitrep" ingest --quiet --db "$tmp/i.db" "$@")
    ratios+=("$(awk -v a="$iw" -v b="$ew" 'BEGIN { printf "%.2f", a / b }')")
    cpu_ratios+=("$(awk -v a="$ic" -v b="$ec" 'BEGIN { printf "%.2f", a / b }')")
    printf '%-18s round %d: extract %5.2f s wall %5.2f s CPU; ingest %5.2f s wall %5.2f s CPU\n' \
      "$name" "$r" "$ew" "$ec" "$iw" "$ic"
  done
  printf '%-18s ingest/extract wall clock: %s; CPU: %s\n\n' "$name" "${ratios[*]}" "${cpu_ratios[*]}"
}

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
if "$sitrep" eval muc4-docs --split all >"$tmp/muc4.jsonl" 2>/dev/null && [[ -s $tmp/muc4.jsonl ]]; then
  corpus "MUC-4 train+dev" "$tmp/muc4.jsonl"
else
  echo "MUC-4: skipped (sitrep eval muc4-docs could not read the shared data)"
fi
corpus "samples/" "$repo/samples/text" "$repo/samples/html" "$repo/samples/jsonl" "$repo/samples/warc"

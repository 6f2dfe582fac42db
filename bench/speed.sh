#!/usr/bin/env bash
# Words per CPU-second, end to end, on the MUC-4 train and dev texts: sitrep
# (clean + extract, bench/corpus_bench.cc) and wink-nlp's English pipeline
# (bench/wink/words_per_second.mjs) in one run, with the ratio.
#
#   bench/speed.sh                  # or: make bench-speed
#   BUILD=/tmp/b bench/speed.sh     # another build folder
#
# The two take turns for ROUNDS rounds so that a change in the machine's load
# falls on both; the table gives each side's median round and the ratio of
# the medians, and the per-round ratios follow it.
#
# Environment: BUILD (default: build, beside this folder), SITREP_DATA (the
# shared data folder; both sides default to ../shared/data), ROUNDS (default
# 3), MIN_TIME (CPU seconds Google Benchmark spends per benchmark and round,
# default 2), WINK_PASSES (timed passes of wink over the corpus per round,
# default 2), WINK_PIPE (default sbd,pos,ner; `full` for wink's whole default
# pipeline).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${BUILD:-$repo/build}
bench=$build/sitrep_bench
rounds=${ROUNDS:-3}
min_time=${MIN_TIME:-2}
wink_passes=${WINK_PASSES:-2}
wink_pipe=${WINK_PIPE:-sbd,pos,ner}

if [[ ! -x $bench ]]; then
  echo "speed.sh: $bench is missing; build it first (make, or cmake --build $build" \
       "--target sitrep_bench)" >&2
  exit 2
fi
for tool in node python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "speed.sh: $tool is needed to run and read the benchmarks" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
echo "machine: $(nproc) cores${cpu_model:+, $cpu_model}; load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "sitrep: $bench --benchmark_filter=Corpus --benchmark_min_time=$min_time"
echo "wink:   node bench/wink/words_per_second.mjs --passes $wink_passes --pipe $wink_pipe"
echo "$rounds rounds, taking turns"
echo

status=0
for ((r = 1; r <= rounds; r++)); do
  if ! "$bench" --benchmark_filter=Corpus --benchmark_format=json \
       --benchmark_min_time="$min_time" >"$tmp/sitrep-$r.json" 2>"$tmp/sitrep.err"; then
    echo "speed.sh: sitrep_bench failed:" >&2
    cat "$tmp/sitrep.err" >&2
    status=1
    break
  fi
  if ! node "$here/wink/words_per_second.mjs" --passes "$wink_passes" --pipe "$wink_pipe" \
       >"$tmp/wink-$r.json"; then
    status=1
    break
  fi
done

python3 - "$tmp" "$rounds" <<'PY' || status=1
import json
import os
import statistics
import sys

TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
CORPORA = {"BM_CorpusExtractMuc4": "MUC-4 train+dev", "BM_CorpusExtractSamples": "samples/text"}
MUC4 = "MUC-4 train+dev"
folder, rounds = sys.argv[1], int(sys.argv[2])


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


# (tool, corpus) -> per-round measurements: words, cpu s per pass, rate, rss
runs = {}
skipped = {}
notes = []
for r in range(1, rounds + 1):
    report = load(os.path.join(folder, f"sitrep-{r}.json"))
    for b in (report or {}).get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = b["name"].split("/")[0]
        corpus = CORPORA.get(name, name)
        if b.get("error_occurred"):
            skipped[("sitrep", corpus)] = b.get("error_message", "")
            continue
        cpu = b["cpu_time"] * TO_SECONDS[b.get("time_unit", "ns")]
        runs.setdefault(("sitrep", corpus), []).append(
            (int(b["corpus_words"]), cpu, b["words"], b["peak_rss_mb"]))
        if r == 1 and b.get("clean_fallbacks"):
            notes.append(f"sitrep {corpus}: clean found no body in {b['clean_fallbacks']:.0f} of "
                         f"{b['documents']:.0f} documents; their raw text went to extract as is")
    wink = load(os.path.join(folder, f"wink-{r}.json"))
    if wink is not None:
        passes = wink.get("passes", 1)
        runs.setdefault(("wink-nlp", MUC4), []).append(
            (wink["words"] // passes, wink["cpu_seconds"] / passes,
             wink["words_per_cpu_second"], wink["peak_rss_mb"]))
        wink_about = (f"wink-nlp {wink.get('wink_nlp')} + model {wink.get('model')}, "
                      f"pipe {wink.get('pipe')}, node {wink.get('node')}")

for (tool, corpus), why in skipped.items():
    print(f"{tool} {corpus}: skipped: {why}", file=sys.stderr)


def median_run(key):
    got = runs.get(key, [])
    if not got:
        return None
    return sorted(got, key=lambda m: m[2])[(len(got) - 1) // 2]


order = [("sitrep", MUC4), ("wink-nlp", MUC4), ("sitrep", "samples/text")]
head = ("tool", "corpus", "words", "CPU s/pass", "words/CPU-s", "peak RSS MB", "rounds")
cells = [head]
for key in order:
    m = median_run(key)
    if m:
        cells.append((*key, f"{m[0]:,}", f"{m[1]:.3f}", f"{m[2]:,.0f}", f"{m[3]:.1f}",
                      str(len(runs[key]))))
widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
for row in cells:
    print("  ".join(v.ljust(widths[i]) if i < 2 else v.rjust(widths[i])
                    for i, v in enumerate(row)))
print()

ours, theirs = median_run(("sitrep", MUC4)), median_run(("wink-nlp", MUC4))
if ours and theirs:
    print(f"ratio sitrep/wink (words per CPU-second, MUC-4 train+dev, medians): "
          f"{ours[2] / theirs[2]:.2f}")
    pairs = zip(runs[("sitrep", MUC4)], runs[("wink-nlp", MUC4)])
    print("per round: " + "  ".join(f"{a[2] / b[2]:.2f}" for a, b in pairs))
    print(wink_about)
else:
    print("ratio sitrep/wink: not measured (see the messages above)")
for note in notes:
    print(f"note: {note}")
sys.exit(0 if ours and theirs else 1)
PY

exit "$status"

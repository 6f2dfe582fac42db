#!/usr/bin/env bash
# `make demo`: runs sitrep on the bundled sample corpus and shows what it found.
set -euo pipefail
sitrep=${1:-build/sitrep}
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "== sitrep clean samples/{text,html,jsonl,warc} (every input format: text, HTML, gzip, JSON Lines, WARC)"
"$sitrep" clean --format table samples/text samples/html samples/jsonl samples/warc/crawl.warc.gz
echo
echo "== one cleaned record as JSON Lines (body cut to 400 bytes here)"
"$sitrep" clean --format jsonl samples/text/pulwama-crpf-convoy-bombing.txt >"$out"
python3 - "$out" <<'PY' || cut -c1-600 "$out"
import json, sys
d = json.load(open(sys.argv[1]))
d["body"] = d["body"][:400] + "..."
print(json.dumps(d, indent=2, ensure_ascii=False))
PY
echo
echo "== sitrep extract samples/text samples/html (the events each article reports)"
"$sitrep" extract --format table samples/text samples/html
echo
echo "== one event record as JSON Lines (SPEC section 3)"
"$sitrep" extract --format jsonl samples/text/pulwama-crpf-convoy-bombing.txt >"$out"
python3 - "$out" <<'PY' || head -c 1500 "$out"
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d["type"] == "attack":
        print(json.dumps(d, indent=2, ensure_ascii=False))
        break
PY
echo
# Kept beside the binary for `make serve` (the web app over it).
db=$(dirname "$sitrep")/demo.db
rm -f "$db" "$db-wal" "$db-shm"
echo "== sitrep ingest --db $db samples/text samples/html samples/jsonl (clean, extract, fuse, store)"
"$sitrep" ingest --db "$db" samples/text samples/html samples/jsonl || true
echo
echo "== the same again: nothing changes"
"$sitrep" ingest --db "$db" samples/text samples/html samples/jsonl || true
echo
echo "== sitrep events --db ... --type attack --sort killed (fused incidents; 'sources' counts the articles)"
"$sitrep" events --db "$db" --format table --type attack --sort killed --limit 15
echo
incident=$("$sitrep" events --db "$db" --format jsonl --sort sources --limit 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
echo "== sitrep show --db ... $incident (the incident most sources report, with each source's evidence)"
"$sitrep" show --db "$db" --format text "$incident"
echo
echo "== sitrep docs --db ... (stories: articles telling the same story share one)"
"$sitrep" docs --db "$db" --format table
echo
echo "== sitrep group --db ... ISIS (with its branches)"
"$sitrep" group --db "$db" --format text ISIS | cut -c1-160
echo
echo "== the web app over this database: make serve, then open http://127.0.0.1:8080/"

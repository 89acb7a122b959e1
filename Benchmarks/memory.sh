#!/usr/bin/env bash
# Peak resident memory (GNU time %M) of `scalpel build-pairs` on ~1 GB of input, with --jobs 1
# and 2, and --round-bytes at its default (32 MiB) and at 8 MiB.
#
# Inputs are generated under .build/bench-memory (never committed):
# - corpus:     Examples/web-corpus/corpus.jsonl repeated with fresh ids (~2.5 KB records);
# - wide:       every 40 consecutive corpus records that build-pairs accepts joined into one
#               (~100 KB records, nearly all accepted), so that --round-bytes, not the
#               4096-records-per-round limit, ends each round;
# - one-record-accepted / one-record-all: a single record of ~60 MB (27,000 corpus documents
#               joined), to see what "plus the largest record" costs; the first is accepted,
#               the second rejected (rewrite_too_large) before its pairs are encoded;
# - tiny:       the first corpus record alone: the fixed cost of the process.
#
#   Benchmarks/memory.sh [megabytes]      # default 1000 MB per input
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-1000}
work=.build/bench-memory
mkdir -p "$work"
source_file=Examples/web-corpus/corpus.jsonl
source_bytes=$(wc -c < "$source_file")
copies=$(( (megabytes * 1000000 + source_bytes - 1) / source_bytes ))

corpus="$work/corpus-${megabytes}mb.jsonl"
if [[ ! -f $corpus ]]; then
  for ((copy = 0; copy < copies; copy++)); do
    sed "s/\"id\": \"/\"id\": \"c$copy-/" "$source_file"
  done > "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi

swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required" >&2; exit 1; }

# One ~60 MB document made of the corpus documents that build-pairs accepts on their own
# (so the whole record is accepted and its pairs are encoded), and one made of all documents
# (rejected as rewrite_too_large after the alignment, before any pair is encoded).
"$bin" build-pairs "$source_file" -o "$work/source-pairs.jsonl" -q
for variant in accepted all; do
  target="$work/one-record-$variant.jsonl"
  [[ -f $target ]] && continue
  python3 - "$source_file" "$work/source-pairs.jsonl" "$variant" "$target.tmp" <<'PYTHON'
import json, sys
source, pairs, variant, target = sys.argv[1:]
accepted = {json.loads(line)["id"].rsplit("#", 1)[0] for line in open(pairs, encoding="utf-8")}
records = [json.loads(line) for line in open(source, encoding="utf-8")]
if variant == "accepted":
    records = [r for r in records if r["id"] in accepted]
records = (records * 100)[: 90 * 300]
with open(target, "w", encoding="utf-8") as out:
    out.write(json.dumps({"id": "one-" + variant,
                          "text": "\n".join(r["text"] for r in records),
                          "refined": "\n".join(r["refined"] for r in records)},
                         ensure_ascii=False) + "\n")
PYTHON
  mv "$target.tmp" "$target"
done

# Every 40 consecutive records of the repeated corpus joined into one, keeping only the
# documents that build-pairs accepts on their own, so that nearly every record is accepted.
wide="$work/wide-${megabytes}mb.jsonl"
if [[ ! -f $wide ]]; then
  python3 - "$corpus" "$work/source-pairs.jsonl" "$wide.tmp" <<'PYTHON'
import json, sys
source, pairs, target = sys.argv[1:]
accepted = {json.loads(line)["id"].rsplit("#", 1)[0] for line in open(pairs, encoding="utf-8")}
group = []
with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
    def flush():
        out.write(json.dumps({"id": "w-" + group[0]["id"],
                              "text": "\n".join(r["text"] for r in group),
                              "refined": "\n".join(r["refined"] for r in group)},
                             ensure_ascii=False) + "\n")
    for line in lines:
        record = json.loads(line)
        if record["id"].split("-", 1)[1] not in accepted:
            continue
        group.append(record)
        if len(group) == 40:
            flush()
            group = []
    if group:
        flush()
PYTHON
  mv "$wide.tmp" "$wide"
fi

tiny="$work/tiny.jsonl"
head -n 1 "$source_file" > "$tiny"

largest() { LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }' "$1"; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(uname -sr)"
echo "binary: $bin"
echo
echo "| input | input MB | records | largest record KiB | jobs | --round-bytes | accepted | seconds | peak RSS MiB | 3 × round + largest, MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for input in "$corpus" "$wide" "$work/one-record-accepted.jsonl" "$work/one-record-all.jsonl" "$tiny"; do
  input_mb=$(( $(wc -c < "$input") / 1000000 ))
  records=$(wc -l < "$input")
  largest_bytes=$(largest "$input")
  for jobs in 1 2; do
    for round in default 8388608; do
      round_args=()
      round_bytes=33554432
      if [[ $round != default ]]; then
        round_args=(--round-bytes "$round")
        round_bytes=$round
      fi
      /usr/bin/time -f '%M %e' -o "$work/time" "$bin" build-pairs "$input" \
        -o "$work/pairs.jsonl" --rejects "$work/rejects.jsonl" --stats "$work/stats.json" \
        --jobs "$jobs" "${round_args[@]}" -q
      read -r rss_kb seconds < "$work/time"
      accepted=$(python3 -c "import json; print(json.load(open('$work/stats.json'))['records_accepted'])")
      bound_mb=$(( (3 * round_bytes + largest_bytes) / 1048576 ))
      label=$round
      [[ $round == default ]] && label="default (33554432)"
      echo "| $(basename "$input") | $input_mb | $records | $(( largest_bytes / 1024 )) | $jobs | $label | $accepted | $seconds | $(( rss_kb / 1024 )) | $bound_mb |"
      rm -f "$work/pairs.jsonl" "$work/rejects.jsonl"
    done
  done
done

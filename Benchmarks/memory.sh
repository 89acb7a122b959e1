#!/usr/bin/env bash
# Peak resident memory (GNU time %M) of `scalpel build-pairs` on ~1 GB of input, with --jobs 1
# and 2, and --round-bytes at its default (32 MiB) and at 8 MiB.
#
# Two inputs are generated under .build/bench-memory (never committed):
# - corpus: Examples/web-corpus/corpus.jsonl repeated with fresh ids (~2.5 KB records);
# - wide:   every 40 consecutive corpus records joined into one (~100 KB records), so that
#           the --round-bytes limit, not the 4096-records-per-round limit, ends each round.
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

wide="$work/wide-${megabytes}mb.jsonl"
if [[ ! -f $wide ]]; then
  python3 - "$corpus" "$wide.tmp" <<'EOF'
import json, sys
source, target = sys.argv[1], sys.argv[2]
group = []
with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
    def flush():
        out.write(json.dumps({"id": "w-" + group[0]["id"],
                              "text": "\n".join(r["text"] for r in group),
                              "refined": "\n".join(r["refined"] for r in group)},
                             ensure_ascii=False) + "\n")
    for line in lines:
        group.append(json.loads(line))
        if len(group) == 40:
            flush()
            group = []
    if group:
        flush()
EOF
  mv "$wide.tmp" "$wide"
fi

swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required" >&2; exit 1; }

largest() { LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }' "$1"; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(uname -sr)"
echo "binary: $bin"
echo
echo "| input | input MB | records | largest record KB | jobs | --round-bytes | seconds | peak RSS MiB | 3 × round + largest, MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for input in "$corpus" "$wide"; do
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
      bound_mb=$(( (3 * round_bytes + largest_bytes) / 1048576 ))
      label=$round
      [[ $round == default ]] && label="default (33554432)"
      echo "| $(basename "$input") | $input_mb | $records | $(( largest_bytes / 1024 )) | $jobs | $label | $seconds | $(( rss_kb / 1024 )) | $bound_mb |"
      rm -f "$work/pairs.jsonl" "$work/rejects.jsonl"
    done
  done
done

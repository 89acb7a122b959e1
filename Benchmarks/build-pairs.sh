#!/usr/bin/env bash
# End-to-end throughput of `scalpel build-pairs` and `scalpel apply` (MB of original+refined JSONL per second),
# on the bundled corpus repeated with fresh ids, with --jobs 1 and --jobs 2.
#
#   Benchmarks/build-pairs.sh [copies]      # default 40 copies (~30 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-40}
work=.build/bench-build-pairs
mkdir -p "$work"
input="$work/corpus-x$copies.jsonl"
if [[ ! -f $input ]]; then
  for ((copy = 0; copy < copies; copy++)); do
    sed "s/\"id\": \"/\"id\": \"c$copy-/" Examples/web-corpus/corpus.jsonl
  done > "$input"
fi
swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
echo "input: $input ($(du -m "$input" | cut -f1) MB, $(wc -l < "$input") records); $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-8s %10s %10s %12s\n' jobs seconds "MB/s" "peak RSS MB"
for jobs in 1 2; do
  best=""
  for run in 1 2 3; do
    command=("$bin" build-pairs "$input" -o "$work/pairs.jsonl" --rejects "$work/rejects.jsonl"
      --stats "$work/stats-$jobs.json" --jobs "$jobs" -q)
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f '%M' -o "$work/rss" "${command[@]}"
    else
      "${command[@]}"
      echo 0 > "$work/rss"  # GNU time (Debian package "time") is not installed
    fi
    seconds=$(python3 -c "import json;print(json.load(open('$work/stats-$jobs.json'))['seconds'])")
    if [[ -z $best ]] || python3 -c "import sys; sys.exit(0 if $seconds < $best else 1)"; then
      best=$seconds
      rss=$(( $(cat "$work/rss") / 1024 ))
    fi
  done
  mbps=$(python3 -c "import json;s=json.load(open('$work/stats-$jobs.json'));print(round(s['input_bytes']/$best/1e6,1))")
  printf '%-8s %10s %10s %12s\n' "$jobs" "$best" "$mbps" "$rss"
done

# apply: the pairs just written, executed back on the same input (a round trip).
echo "apply (programs: the pairs above)"
printf '%-8s %10s %10s %12s\n' jobs seconds "MB/s" "peak RSS MB"
bytes=$(wc -c < "$input")
for jobs in 1 2; do
  best=""
  for run in 1 2 3; do
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f '%M' -o "$work/rss-apply" "$bin" apply "$input" --programs "$work/pairs.jsonl" \
        -o "$work/refined.jsonl" --jobs "$jobs" -q
    else
      "$bin" apply "$input" --programs "$work/pairs.jsonl" -o "$work/refined.jsonl" --jobs "$jobs" -q
      echo 0 > "$work/rss-apply"
    fi
    seconds=$(python3 -c "import time; print(round(time.time() - $start, 3))")
    if [[ -z $best ]] || python3 -c "import sys; sys.exit(0 if $seconds < $best else 1)"; then
      best=$seconds
      rss=$(( $(cat "$work/rss-apply") / 1024 ))
    fi
  done
  printf '%-8s %10s %10s %12s\n' "$jobs" "$best" "$(python3 -c "print(round($bytes/$best/1e6,1))")" "$rss"
done

#!/usr/bin/env bash
# Instruction count of `scalpel build-pairs` under callgrind: repeatable whatever the load.
# Input: the bundled corpus repeated with fresh ids (3 copies, 2.2 MB by default).
#
#   Benchmarks/callgrind.sh [copies]     # prints the total and the top functions
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-3}
work=.build/bench-callgrind
mkdir -p "$work"
input="$work/corpus-x$copies.jsonl"
for ((copy = 1; copy <= copies; copy++)); do
  sed "s/\"id\": \"/\"id\": \"c$copy-/" Examples/web-corpus/corpus.jsonl
done > "$input"
swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
echo "input: $input ($(wc -c < "$input") bytes); commit $(git rev-parse --short HEAD); $(date -u '+%Y-%m-%d %H:%M UTC')"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  "$bin" build-pairs "$input" -o "$work/pairs.jsonl" -q 2>&1 | grep 'refs:'
callgrind_annotate "$work/callgrind.out" 2>/dev/null | sed -n '/file:function/,$p' | sed -n 2,16p | cut -c1-150

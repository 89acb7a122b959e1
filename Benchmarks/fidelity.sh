#!/usr/bin/env bash
# Fidelity of `scalpel build-pairs` against the expert's refined text (issue 10), checked
# without Scalpel: Benchmarks/fidelity/check.py executes every accepted pair's program in
# Python on the chunk re-cut from the original record (via --meta first_line/lines) and
# compares the output P with the record's `refined` text R (exact rate, leftover and
# over-deleted characters from an exact LCS; see check.py's docstring).
#
# Two inputs:
#   generated  Benchmarks/fidelity/generate.py: 500 seeded pure-deletion records with their
#              ground truth (expressible or not, minimal leftover), --chunk-chars 1040 (the
#              default instruction and wrapper take 537 of them, so about 500 are left for
#              the lines) so that longer documents have several chunks
#   corpus     Examples/web-corpus/corpus.jsonl, default options
#
#   Benchmarks/fidelity.sh [count]      # default 500 generated records
# Outputs (pairs, rejects, stats, failures) go to Benchmarks/out/fidelity/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-500}
out=Benchmarks/out/fidelity
mkdir -p "$out"
python3 Benchmarks/fidelity/check.py --self-test >/dev/null
python3 Benchmarks/fidelity/generate.py --count "$count" --max-line-chars 480 \
  -o "$out/generated.jsonl"
swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
echo "commit $(git rev-parse --short HEAD); $(date -u '+%Y-%m-%d %H:%M UTC')"

check() {
  local name=$1 input=$2
  shift 2
  "$bin" build-pairs "$input" -o "$out/$name.pairs.jsonl" --rejects "$out/$name.rejects.jsonl" \
    --stats "$out/$name.stats.json" --meta -q "$@"
  # Scalpel's own executor, only to cross-check the independent one in check.py.
  "$bin" apply "$input" --programs "$out/$name.pairs.jsonl" -o "$out/$name.applied.jsonl" -q \
    "$@"
  python3 Benchmarks/fidelity/check.py --name "$name" --records "$input" \
    --pairs "$out/$name.pairs.jsonl" --rejects "$out/$name.rejects.jsonl" \
    --applied "$out/$name.applied.jsonl" --failures "$out/$name.failures.jsonl"
  python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))
print('  scalpel --stats: dropped_line_joins %d, dropped_ambiguous_strings %d, deleted_chars %d'
      % (s['dropped_line_joins'], s['dropped_ambiguous_strings'], s['deleted_chars']))" \
    "$out/$name.stats.json"
}

check generated "$out/generated.jsonl" --chunk-chars 1040
check corpus Examples/web-corpus/corpus.jsonl

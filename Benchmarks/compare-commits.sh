#!/usr/bin/env bash
# Speed of this checkout against an earlier commit, measured in the same run, interleaved:
# the alignment kernel (AlignmentBenchmark, 20 KB and 1 MB web-like pairs, median MB/s) and
# `scalpel build-pairs` end to end on the bundled corpus repeated N times (one job).
# Each round runs the base and then this checkout back to back; the medians over the rounds
# and their ratio are printed.
#
#   Benchmarks/compare-commits.sh [base-commit] [rounds] [copies]
#       defaults: f89506d (before issue 10), 5 rounds, 20 copies (~15 MB)
#
# The base is checked out with `git worktree` under .build/bench-base-<commit> (ignored) and
# built in release there; nothing outside .build is written.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-f89506d}
rounds=${2:-5}
copies=${3:-20}
work=.build/bench-compare
mkdir -p "$work"
tree=.build/bench-base-$base
if [[ ! -d $tree ]]; then
  git worktree add --detach "$tree" "$base" >&2
fi
(cd "$tree" && swift build -c release --product scalpel >&2 \
  && swift build -c release --product AlignmentBenchmark >&2)
swift build -c release --product scalpel >&2
swift build -c release --product AlignmentBenchmark >&2
base_bin="$(cd "$tree" && swift build -c release --show-bin-path)"
new_bin="$(swift build -c release --show-bin-path)"

input="$work/corpus-x$copies.jsonl"
if [[ ! -f $input ]]; then
  for ((copy = 0; copy < copies; copy++)); do
    sed "s/\"id\": \"/\"id\": \"c$copy-/" Examples/web-corpus/corpus.jsonl
  done > "$input"
fi
echo "base $base vs $(git rev-parse --short HEAD); $rounds rounds; input $(du -m "$input" | cut -f1) MB;" \
  "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"

kernel() {  # prints median MB/s for 20k and 1m
  "$1/AlignmentBenchmark" --sizes 20k,1m --seconds 1 | awk '$1=="20k"||$1=="1m"{print $1, $6}'
}
build_pairs() {  # prints MB/s of one build-pairs run
  "$1/scalpel" build-pairs "$input" -o /dev/null --stats "$work/stats.json" -q --jobs 1
  python3 -c "import json;print(json.load(open('$work/stats.json'))['mb_per_second'])"
}
: > "$work/samples"
for ((round = 1; round <= rounds; round++)); do
  for side in base new; do
    bin=$base_bin
    [[ $side == new ]] && bin=$new_bin
    kernel "$bin" | while read -r size mbps; do echo "$side kernel-$size $mbps"; done >> "$work/samples"
    echo "$side build-pairs $(build_pairs "$bin")" >> "$work/samples"
  done
done
python3 - "$work/samples" <<'EOF'
import statistics, sys
samples = {}
for line in open(sys.argv[1]):
    side, name, value = line.split()
    samples.setdefault((side, name), []).append(float(value))
print(f"{'measure':<18}{'base MB/s':>11}{'new MB/s':>11}{'new/base':>10}")
for name in ("kernel-20k", "kernel-1m", "build-pairs"):
    b = statistics.median(samples[("base", name)])
    n = statistics.median(samples[("new", name)])
    print(f"{name:<18}{b:>11.1f}{n:>11.1f}{n / b:>10.2f}")
EOF

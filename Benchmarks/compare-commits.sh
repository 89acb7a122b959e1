#!/usr/bin/env bash
# Speed of this checkout against an earlier commit, measured in the same run, interleaved:
# the alignment kernel (AlignmentBenchmark, 20 KB and 1 MB web-like pairs, median MB/s),
# `scalpel build-pairs` end to end on the bundled corpus repeated N times (one job), and the
# jobs scaling of build-pairs and apply (wall seconds of --jobs 1 ÷ --jobs 2; apply executes
# the pairs the base's build-pairs wrote). Each round runs the base and this checkout back
# to back, the base first in odd rounds and last in even ones; the medians over the rounds
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
seconds() {  # prints the wall seconds of a command
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  python3 -c "print(($end - $start) / 1e9)"
}
programs="$work/programs.pairs.jsonl"
"$base_bin/scalpel" build-pairs "$input" -o "$programs" -q
jobs_times() {  # prints "name seconds" for build-pairs and apply, --jobs 1 and 2
  for jobs in 1 2; do
    echo "build-pairs-jobs$jobs $(seconds "$1/scalpel" build-pairs "$input" -o "$work/jobs.pairs.jsonl" \
      --rejects "$work/jobs.rejects.jsonl" -q --jobs "$jobs")"
    echo "apply-jobs$jobs $(seconds "$1/scalpel" apply "$input" --programs "$programs" \
      -o "$work/jobs.refined.jsonl" -q --jobs "$jobs")"
  done
}
build_pairs() {  # prints MB/s of one build-pairs run
  "$1/scalpel" build-pairs "$input" -o /dev/null --stats "$work/stats.json" -q --jobs 1
  python3 -c "import json;print(json.load(open('$work/stats.json'))['mb_per_second'])"
}
: > "$work/samples"
for ((round = 1; round <= rounds; round++)); do
  sides="base new"
  ((round % 2 == 0)) && sides="new base"
  for side in $sides; do
    bin=$base_bin
    [[ $side == new ]] && bin=$new_bin
    kernel "$bin" | while read -r size mbps; do echo "$side kernel-$size $mbps"; done >> "$work/samples"
    echo "$side build-pairs $(build_pairs "$bin")" >> "$work/samples"
    jobs_times "$bin" | while read -r name value; do echo "$side $name $value"; done >> "$work/samples"
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
print(f"{'jobs 2 speed-up':<18}{'base':>11}{'new':>11}{'new/base':>10}")
for name in ("build-pairs", "apply"):
    def ratio(side):
        one = statistics.median(samples[(side, f"{name}-jobs1")])
        two = statistics.median(samples[(side, f"{name}-jobs2")])
        return one / two
    b, n = ratio("base"), ratio("new")
    print(f"{name:<18}{b:>10.2f}x{n:>10.2f}x{n / b:>10.2f}")
    for jobs in (1, 2):
        key = f"{name}-jobs{jobs}"
        b_s = statistics.median(samples[("base", key)])
        n_s = statistics.median(samples[("new", key)])
        print(f"  --jobs {jobs} s{'':<7}{b_s:>11.3f}{n_s:>11.3f}{n_s / b_s:>10.2f}")
print("load at end: " + " ".join(open("/proc/loadavg").read().split()[:3]))
EOF

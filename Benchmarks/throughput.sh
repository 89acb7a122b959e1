#!/usr/bin/env bash
# Issue 14 (throughput) in one command: Scalpel and its references measured in one run,
# interleaved (each round runs every contender back to back, the order reversed every other
# round; medians over rounds; ratios of the medians). Six Markdown tables on stdout, also
# written to Benchmarks/results/throughput.md (date, nproc, load at start and end, commit,
# command line):
#   1. build-pairs --jobs 1 on the corpus ×40 vs an orjson round trip vs the paper's pipeline
#   2. the alignment kernel at 5 KB, 20 KB, 100 KB, 1 MB vs rapidfuzz Indel / dmp line mode
#   3. single records of 100 KB, 1 MB, 10 MB, 100 MB: MB/s, per-byte time, outcome
#   4. worst cases (reordered, reversed, unrelated lines) at 1, 5, 20 MB, 300 s timeout
#   5. build-pairs and apply, --jobs 1 vs --jobs 2
#   6. peak RSS ÷ record size for the 10 MB and 100 MB records
#
#   Benchmarks/throughput.sh            # full (~25 min on 2 shared cores)
#   Benchmarks/throughput.sh --quick    # ~4 min: 3 rounds, corpus ×10, no 20 MB / 100 MB inputs
#   Benchmarks/throughput.sh --only 1,5 # some tables; also --rounds N, --out FILE
#
# Python is needed only here: Benchmarks/.venv (shared with peers/run.sh) gets pinned
# orjson, rapidfuzz and fast-diff-match-patch from PyPI. Inputs are generated, from fixed
# seeds, under .build/bench-throughput (git-ignored) and reused; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
command_line="Benchmarks/throughput.sh${*:+ $*}"

venv="$root/Benchmarks/.venv"
if [[ ! -x $venv/bin/python ]]; then
  echo "== creating $venv" >&2
  python3 -m venv "$venv"
fi
# Pinned; bump together with the report.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "orjson==3.13.0" "rapidfuzz==3.14.6" "fast-diff-match-patch==2.1.0"

echo "== swift build -c release --product scalpel / AlignmentBenchmark" >&2
swift build -c release --product scalpel >&2
swift build -c release --product AlignmentBenchmark >&2
bin_dir="$(swift build -c release --show-bin-path)"

exec "$venv/bin/python" "$root/Benchmarks/throughput/throughput.py" --bin-dir "$bin_dir" \
  --command "$command_line" "$@"

#!/usr/bin/env bash
# Benchmark Scalpel's aligner against peers, side by side, in one run.
#
#   Benchmarks/peers/run.sh            # full run (~10 min on 2 cores) -> Benchmarks/results/peers.md
#   Benchmarks/peers/run.sh --quick    # ~2 min, fewer sizes and pairs  -> Benchmarks/results/peers-quick.md
#
# Creates Benchmarks/.venv (PyPI: rapidfuzz, edlib, fast-diff-match-patch), builds
# AlignmentBenchmark in release, dumps the generated pairs with Scalpel's own alignments
# and timings (one process per size, so peak RSS is per size), then runs peers.py.
# Extra arguments go to peers.py (e.g. --cap-seconds 30).
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$(pwd)
command_line="Benchmarks/peers/run.sh${*:+ $*}"

quick=0
peer_args=()
for argument in "$@"; do
  if [[ $argument == --quick ]]; then quick=1; fi
  peer_args+=("$argument")
done

venv="$root/Benchmarks/.venv"
if [[ ! -x $venv/bin/python ]]; then
  echo "== creating $venv" >&2
  python3 -m venv "$venv"
fi
# Pinned to the versions the report was made with; bump together with the report.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "rapidfuzz==3.14.6" "edlib==1.3.9.post1" "fast-diff-match-patch==2.1.0"

echo "== swift build -c release --product AlignmentBenchmark" >&2
swift build -c release --product AlignmentBenchmark >&2
bin="$(swift build -c release --show-bin-path)/AlignmentBenchmark"

if [[ $quick == 1 ]]; then
  sizes=(5k 20k 100k del50 rewrite)
  swift_args=(--pairs 4 --seconds 0.5)
  out="$root/Benchmarks/results/peers-quick.md"
  dump="$root/Benchmarks/out/peers-quick"
else
  sizes=(5k 20k 100k 1m del50 rewrite identical)
  swift_args=(--seconds 2)
  out="$root/Benchmarks/results/peers.md"
  dump="$root/Benchmarks/out/peers"
fi

rm -rf "$dump"
mkdir -p "$dump" "$(dirname "$out")"
echo "== AlignmentBenchmark ${swift_args[*]} --quality --dump $dump (one process per size)" >&2
for size in "${sizes[@]}"; do
  "$bin" --sizes "$size" "${swift_args[@]}" --quality --dump "$dump" | tee -a "$dump/swift.txt" >&2
done

echo "== peers.py" >&2
"$venv/bin/python" "$root/Benchmarks/peers/peers.py" --dump "$dump" --out "$out" \
  --command "$command_line" --swift-log "$dump/swift.txt" "${peer_args[@]}"
echo "== wrote $out" >&2

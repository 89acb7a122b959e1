#!/usr/bin/env bash
# How fast the `scalpel inspect` page of 2,000 documents opens in headless Chromium
# (Specification §6.6 promises under 2 s), against a bare page of the same text, opened
# alternately in one run (Benchmarks/inspect-open/inspect_open.py says how). Needs Debian's
# chromium (/usr/bin/chromium) and python3 (standard library only). Prints a Markdown table,
# also written to Benchmarks/results/inspect-open.md; exits 1 when the median is 2 s or more.
#
#   Benchmarks/inspect-open.sh [rounds]     # default 7
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || { echo "inspect-open: needs chromium (apt install chromium)" >&2; exit 2; }
swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
python3 Benchmarks/inspect-open/inspect_open.py --scalpel "$bin" --chromium "$chromium" \
  --corpus Examples/web-corpus/corpus.jsonl --rounds "${1:-7}" \
  --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  | tee Benchmarks/results/inspect-open.md

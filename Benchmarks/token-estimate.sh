#!/usr/bin/env bash
# Scalpel's approximate token count (ApproximateTokenCount, --chunk-tokens) against the Qwen
# tokenizer (issue 12). The real tokenizer is qwen.tiktoken from the `dashscope` package on
# PyPI (Qwen's byte-level BPE vocabulary, shared by Qwen2, Qwen2.5 and Qwen3), run by
# `tiktoken`; both are installed into .build/bench-venv. Nothing else is downloaded: the
# sample is the bundled corpus plus text generated from word lists and Unicode ranges in
# Benchmarks/token-estimate/tokens.py (see its docstring for the sample and the fit).
#
#   Benchmarks/token-estimate.sh [--fit] [per-script count, default 60]
#
# Prints per script the mean signed error, the mean absolute error and the p99 of the
# absolute relative error of chunk-sized texts; --fit also fits new weights (printed as
# the arrays of ApproximateTokenCount) and their held-out errors.
# Work files go to Benchmarks/out/token-estimate/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
fit=()
if [[ "${1:-}" == "--fit" ]]; then fit=(--fit); shift; fi
count=${1:-60}
out=Benchmarks/out/token-estimate
venv=.build/bench-venv
mkdir -p "$out"
if [[ ! -x "$venv/bin/python" ]]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c "import dashscope, tiktoken" 2>/dev/null ||
  "$venv/bin/pip" install -q dashscope tiktoken >&2
swift build -c release --product TokenEstimate >&2
bin="$(swift build -c release --show-bin-path)/TokenEstimate"
echo "commit $(git rev-parse --short HEAD); $(date -u '+%Y-%m-%d %H:%M UTC');" \
  "dashscope $("$venv/bin/python" -c 'import dashscope; print(dashscope.__version__)')," \
  "tiktoken $("$venv/bin/python" -c 'import tiktoken; print(tiktoken.__version__)')"
"$venv/bin/python" Benchmarks/token-estimate/tokens.py sample -o "$out/texts.jsonl" \
  --per-script "$count"
"$bin" <"$out/texts.jsonl" >"$out/estimates.tsv"
"$venv/bin/python" Benchmarks/token-estimate/tokens.py report --texts "$out/texts.jsonl" \
  --estimates "$out/estimates.tsv" "${fit[@]}"

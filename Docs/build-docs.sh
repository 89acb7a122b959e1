#!/bin/sh
# Builds the Scalpel documentation with DocC, treating every warning as an error.
#
# Usage: Docs/build-docs.sh [output-dir]     (default: .build/docs)
#
# Needs only the Swift toolchain (swift and docc); run it from anywhere.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

output=${1:-.build/docs}
scratch=.build/docs-symbols          # a separate build directory, so flags do not clash
raw="$scratch/symbol-graphs-raw"     # symbol graphs as the compiler writes them
graphs="$scratch/symbol-graphs"      # only the Scalpel module's, for docc

if command -v docc >/dev/null 2>&1; then
  docc=docc
elif command -v xcrun >/dev/null 2>&1 && xcrun --find docc >/dev/null 2>&1; then
  docc="xcrun docc"
else
  echo "build-docs: docc not found; it ships with Swift 5.6 and later toolchains" >&2
  exit 1
fi

# The compiler writes the symbol graphs whenever it compiles the module, so the files in
# $raw always match the sources of the last build in $scratch.
emit_symbol_graphs() {
  mkdir -p "$raw"
  swift build --target Scalpel --scratch-path "$scratch" \
    -Xswiftc -emit-symbol-graph \
    -Xswiftc -emit-symbol-graph-dir -Xswiftc "$root/$raw" \
    -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >&2
}

echo "build-docs: building Scalpel and emitting its symbol graphs" >&2
emit_symbol_graphs
if [ ! -f "$raw/Scalpel.symbols.json" ]; then
  # Up to date, but the graphs are gone: rebuild from scratch once.
  rm -rf "$scratch"
  emit_symbol_graphs
fi
if [ ! -f "$raw/Scalpel.symbols.json" ]; then
  echo "build-docs: the compiler wrote no symbol graph for Scalpel into $raw" >&2
  exit 1
fi

rm -rf "$graphs"
mkdir -p "$graphs"
# Keep Scalpel.symbols.json and Scalpel@<Module>.symbols.json (extensions of other modules).
for file in "$raw"/Scalpel.symbols.json "$raw"/Scalpel@*.symbols.json; do
  if [ -f "$file" ]; then cp "$file" "$graphs/"; fi
done

echo "build-docs: converting Docs/Scalpel.docc" >&2
rm -rf "$output"
# --warnings-as-errors makes docc exit non-zero on any warning.
$docc convert Docs/Scalpel.docc \
  --additional-symbol-graph-dir "$graphs" \
  --fallback-display-name Scalpel \
  --fallback-bundle-identifier org.scalpel.Scalpel \
  --output-path "$output" \
  --warnings-as-errors

echo "build-docs: documentation archive in $output" >&2

#!/usr/bin/env bash
# Peak resident memory (GNU time %M) of `build-pairs --expert-replies` against the same run
# on `refined` fields, on N tiny documents (default 1,000,000), so that the difference is the
# reply index: Specification §5.4 states about 48 bytes per reply line. Both runs read the
# same corpus and build the same pairs; the replies file is shuffled (any order).
# Inputs are generated under .build/bench-replies (never committed).
#
#   Benchmarks/replies-memory.sh [documents]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
work=.build/bench-replies
mkdir -p "$work"
if [[ ! -f $work/corpus-$count.jsonl ]]; then
  python3 - "$count" "$work/corpus-$count.jsonl" "$work/replies-$count.jsonl" <<'PYTHON'
import json, random, sys
count, corpus_path, replies_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
replies = []
with open(corpus_path, "w") as corpus:
    for index in range(count):
        doc = f"d{index:07d}"
        text = f"Home | News | Contact\nParagraph {index} tells what happened on day {index % 365}.\n"
        refined = f"Paragraph {index} tells what happened on day {index % 365}.\n"
        corpus.write(json.dumps({"id": doc, "text": text, "refined": refined}) + "\n")
        content = f"modification_reason: [doc]Removed the menu.[/doc]\nrefined_text: [doc]\n{refined}[/doc]"
        replies.append(json.dumps({"id": "b", "custom_id": f"{doc}#0", "response": {"status_code": 200, "body": {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}}, "error": None}))
random.Random(0).shuffle(replies)
with open(replies_path, "w") as output:
    output.write("\n".join(replies) + "\n")
PYTHON
fi
swift build -c release --product scalpel >&2
bin="$(swift build -c release --show-bin-path)/scalpel"
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required" >&2; exit 1; }
measure() {
  /usr/bin/time -f "%M %e" -o "$work/time" "$bin" build-pairs "$work/corpus-$count.jsonl" "$@" \
    -o "$work/pairs.jsonl" -q
  cat "$work/time"
}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg); documents: $count"
read -r field_kb field_s < <(measure)
read -r replies_kb replies_s < <(measure --expert-replies "$work/replies-$count.jsonl")
read -r field2_kb field2_s < <(measure)
field_kb=$(( (field_kb + field2_kb) / 2 ))
echo "refined field:   peak $((field_kb / 1024)) MiB, ${field_s} s and ${field2_s} s"
echo "expert replies:  peak $((replies_kb / 1024)) MiB, ${replies_s} s"
echo "difference:      $(( (replies_kb - field_kb) * 1024 / count )) bytes per reply line"

#!/usr/bin/env python3
"""Answers scalpel's expert requests the way a batch run would, from the corpus's `refined` texts.

A stand-in for `vllm run-batch` or the OpenAI Batch API, to try the expert stage without a
GPU: for every request line of `scalpel expert-requests`, it writes one batch output line
whose reply is `modification_reason: [doc]...[/doc]` then `refined_text: [doc]...[/doc]`
with that chunk's refinement. Output lines come in a shuffled order, as batch outputs may.
Standard library only.

    python3 simulate_expert.py corpus.jsonl requests.jsonl replies.jsonl

A chunk of a document cut into several chunks gets the refined lines that a line diff
(difflib) matches with its original lines; lines the diff cannot match go to the chunk of
the original line they stand before.
"""
import difflib
import json
import random
import sys


def main(corpus_path, requests_path, output_path):
    refined = {}
    for line in open(corpus_path, encoding="utf-8"):
        record = json.loads(line)
        text = record["text"].replace("\r\n", "\n").replace("\r", "\n")
        refined[str(record["id"])] = (text, record["refined"].replace("\r\n", "\n").replace("\r", "\n"))
    chunks = {}
    for line in open(requests_path, encoding="utf-8"):
        request = json.loads(line)
        document, index = request["custom_id"].rsplit("#", 1)
        body = request["body"]
        prompt = body["messages"][0]["content"] if "messages" in body else body["prompt"]
        text = prompt[prompt.rindex("[doc]\n") + 6 : prompt.rindex("\n[/doc]")]
        chunks.setdefault(document, []).append((int(index), text))
    replies = []
    for document, parts in sorted(chunks.items()):
        parts.sort()
        for index, text in zip((i for i, _ in parts), split(*refined[document], parts)):
            content = (
                "modification_reason: [doc]Removed navigation, advertisements and other noise.[/doc]\n"
                f"refined_text: [doc]\n{text}\n[/doc]"
            )
            replies.append({
                "id": f"batch_req_{document}_{index}",
                "custom_id": f"{document}#{index}",
                "response": {
                    "status_code": 200,
                    "request_id": f"req_{document}_{index}",
                    "body": {"object": "chat.completion", "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}]},
                },
                "error": None,
            })
    random.Random(0).shuffle(replies)
    with open(output_path, "w", encoding="utf-8") as output:
        for reply in replies:
            output.write(json.dumps(reply, ensure_ascii=False) + "\n")
    print(f"simulate_expert: {len(replies)} replies -> {output_path}", file=sys.stderr)


def split(original, refined, parts):
    """The refinement of each requested chunk of one document."""
    if len(parts) == 1 and parts[0][1] == original.removesuffix("\n"):
        return [refined.removesuffix("\n")]
    original_lines = original.removesuffix("\n").split("\n")
    refined_lines = refined.removesuffix("\n").split("\n")
    # The line where each requested chunk starts in the document (unrefinable chunks have
    # no request: their lines are found by searching for the next chunk's text).
    owner = [None] * len(original_lines)
    position = 0
    for order, (_, text) in enumerate(parts):
        lines = text.split("\n")
        while original_lines[position:position + len(lines)] != lines:
            position += 1
        for offset in range(len(lines)):
            owner[position + offset] = order
        position += len(lines)
    result = [[] for _ in parts]
    matcher = difflib.SequenceMatcher(None, original_lines, refined_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            i = min(i1 + (j - j1) if tag == "equal" else i1, len(original_lines) - 1)
            if owner[i] is not None:
                result[owner[i]].append(refined_lines[j])
    return ["\n".join(lines) for lines in result]


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: simulate_expert.py corpus.jsonl requests.jsonl replies.jsonl")
    main(*sys.argv[1:])

#!/usr/bin/env python3
"""Answers scalpel's refiner requests the way a batch run would, from the label programs of pairs.

A stand-in for `vllm run-batch` with a trained refiner, to try the refiner stage without a
GPU: for every request line of `scalpel prompts` (`custom_id` "<doc>#<k>"), it writes one
batch output line (OpenAI Batch / vLLM run_batch output) whose content is the program of
the pair with that id in the pairs files, a perfect refiner. Options make it worse, in a
way that depends only on --seed and the custom_id (so any order of requests gives the same
replies), and the output lines come shuffled, as batch outputs may. Standard library only.

    python3 simulate_refiner.py --pairs pairs.jsonl [--pairs heldout.jsonl] \\
        requests.jsonl replies.jsonl [--seed 0] [degradations]

Pairs may be in any build-pairs --format: the program is "completion" (a string or the
assistant message), "output" or the last assistant message. A request without a pair (a
document build-pairs rejected) is answered keep_all(), or not at all with --unmatched skip.

Degradations, each a share of the requests from 0 to 1, drawn independently per request:
  --missing r      write no reply line (the chunk has no reply)
  --error r        a line with an "error" object and no response
  --status-500 r   response.status_code 500, an error body and no choices
  --length r       finish_reason "length", the program cut in the middle
  --empty r        empty content
  --keep-all r     answer keep_all() whatever the label
  --out-of-range r add remove_lines(N, N) with N past the chunk's last line (instead of
                   a keep_all())
  --drop-calls r   drop each call of the program with probability r (keep_all() if none is left)
  --duplicate r    write a second, usable reply (keep_all()) for the chunk as well
The first five leave the chunk without a program; scalpel counts them by reason (missing,
error, http_status, truncated, no_content).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys

FAILURES = ("missing", "error", "status_500", "length", "empty")
CHANGES = ("keep_all", "out_of_range", "drop_calls")


def label_program(pair: dict):
    """The program of a pair line in any build-pairs format, or None."""
    completion = pair.get("completion")
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list):  # conversational: [{"role":"assistant","content":...}]
        replies = [m.get("content") for m in completion if isinstance(m, dict) and m.get("role") == "assistant"]
        if replies and isinstance(replies[-1], str):
            return replies[-1]
    if isinstance(pair.get("output"), str):  # alpaca
        return pair["output"]
    if isinstance(pair.get("messages"), list):
        replies = [m.get("content") for m in pair["messages"] if isinstance(m, dict) and m.get("role") == "assistant"]
        if replies and isinstance(replies[-1], str):
            return replies[-1]
    return None


def prompt_text(body: dict) -> str:
    if isinstance(body.get("prompt"), str):
        return body["prompt"]
    return "\n".join(m.get("content", "") for m in body.get("messages", []) if isinstance(m, dict))


def choice(request: dict, content: str, finish_reason: str) -> dict:
    if request.get("url") == "/v1/chat/completions":
        return {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}
    return {"index": 0, "text": content, "finish_reason": finish_reason}


def reply(request: dict, serial: int, content=None, finish_reason="stop", status=200, error=None) -> dict:
    custom_id = request["custom_id"]
    line = {"id": f"batch_req_{serial:06d}", "custom_id": custom_id, "response": None, "error": None}
    if error is not None:
        line["error"] = error
        return line
    is_chat = request.get("url") == "/v1/chat/completions"
    if status != 200:
        body = {"object": "error", "message": "Internal Server Error", "type": "InternalServerError", "code": status}
        body = {"error": body}
    else:
        body = {
            "id": f"cmpl-{serial:06d}",
            "object": "chat.completion" if is_chat else "text_completion",
            "model": request.get("body", {}).get("model", "refiner"),
            "choices": [choice(request, content, finish_reason)],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }
    line["response"] = {"status_code": status, "request_id": f"req_{serial:06d}", "body": body}
    return line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("requests", help="requests of scalpel prompts (batch input lines)")
    parser.add_argument("output", help="batch output lines to write")
    parser.add_argument("--pairs", action="append", required=True, help="pairs file of build-pairs, or a directory of them (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unmatched", choices=("keep_all", "skip"), default="keep_all")
    parser.add_argument("--no-shuffle", action="store_true", help="write the replies in request order")
    for name in FAILURES + CHANGES + ("duplicate",):
        parser.add_argument("--" + name.replace("_", "-"), type=float, default=0.0, metavar="r")
    arguments = parser.parse_args(argv)

    paths = []
    for path in arguments.pairs:  # a directory stands for its files (Spark's part-NNNNN), by name
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if not n.startswith((".", "_")))
            paths += [os.path.join(path, n) for n in names if os.path.isfile(os.path.join(path, n))]
        else:
            paths.append(path)
    labels = {}
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.strip():
                    pair = json.loads(line)
                    program = label_program(pair)
                    if program is not None:
                        labels.setdefault(str(pair["id"]), program)

    counts = dict.fromkeys(("requests", "replies", "unmatched") + FAILURES + CHANGES + ("duplicate",), 0)
    replies = []
    with open(arguments.requests, encoding="utf-8") as file:
        for line in file:
            if not line.strip():
                continue
            request = json.loads(line)
            counts["requests"] += 1
            custom_id = request["custom_id"]
            draw = random.Random(f"{arguments.seed}:{custom_id}")
            program = labels.get(custom_id)
            if program is None:
                counts["unmatched"] += 1
                if arguments.unmatched == "skip":
                    continue
                program = "keep_all()"
            failure = next((name for name in FAILURES if draw.random() < getattr(arguments, name)), None)
            if failure:
                counts[failure] += 1
            if failure == "missing":
                continue
            for name in CHANGES:
                share = getattr(arguments, name)
                if draw.random() >= share:
                    continue
                counts[name] += 1
                if name == "keep_all":
                    program = "keep_all()"
                elif name == "out_of_range":
                    past = prompt_text(request.get("body", {})).count("\n") + 2
                    call = f"remove_lines({past}, {past})"
                    program = call if program.strip() == "keep_all()" else program + "\n" + call
                else:
                    calls = [call for call in program.split("\n") if draw.random() >= share]
                    program = "\n".join(calls) if calls else "keep_all()"
            serial = len(replies)
            if failure == "error":
                line = reply(request, serial, error={"code": "server_error", "message": "the worker died"})
            elif failure == "status_500":
                line = reply(request, serial, status=500)
            elif failure == "length":
                line = reply(request, serial, program[: max(1, len(program) // 2)], finish_reason="length")
            elif failure == "empty":
                line = reply(request, serial, "")
            else:
                line = reply(request, serial, program)
            replies.append(line)
            if draw.random() < arguments.duplicate:
                counts["duplicate"] += 1
                replies.append(reply(request, len(replies), "keep_all()"))
    if not arguments.no_shuffle:
        random.Random(arguments.seed).shuffle(replies)
    with open(arguments.output, "w", encoding="utf-8") as output:
        for line in replies:
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
    counts["replies"] = len(replies)
    summary = ", ".join(f"{name.replace('_', '-')} {count}" for name, count in counts.items() if count or name == "replies")
    print(f"simulate_refiner: {summary} -> {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

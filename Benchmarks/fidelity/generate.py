#!/usr/bin/env python3
"""Seeded pure-deletion records for Benchmarks/fidelity.sh (Python 3 standard library only).

Mirrors Tests/ScalpelTests/Support/PureDeletionGenerator.swift (the same kinds, not the
same bytes): web documents made of content lines (sentences, CJK, list items, headings,
kept blank lines; LF, CRLF or mixed endings; with or without a final newline) and what an
expert deletes: whole navigation/footer/cookie lines, inline tags whose letters are shared
with the kept text (`<a href="/x">a</a>`, `<em>e</em>2fsprogs`), inline ads, the second
copy of repeated junk. About a quarter of the documents also get deletions no program can
express: line joins and a token that occurs twice in its line with no unique slide.

`refined` is `text` with the deleted pieces actually removed (never by running Scalpel).
Each record also carries the ground truth, which build-pairs ignores:

    {"id", "text", "refined", "truth": {"expressible", "deleted_chars",
     "minimum_leftover_chars", "features"}}

`minimum_leftover_chars` counts the scalars of the non-expressible pieces (newlines
normalised), i.e. the smallest leftover a correct program can have.

    python3 Benchmarks/fidelity/generate.py [--count 500] [--seed scalpel-fidelity-v1] \
        [--max-line-chars 480] -o out.jsonl
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402  (its independent executor checks the generator's truth)

WORDS = [
    "system", "kernel", "history", "rich", "text", "processing", "services", "versions", "bugs",
    "file", "package", "release", "notes", "wrapping", "network", "driver", "update", "users",
    "support", "manual", "install", "module", "archive", "mirror", "security", "stable", "branch",
    "memory", "page", "cache", "disk", "e2fsprogs", "tools", "format", "library", "binary",
    "source", "patch", "maintainer", "upstream", "mailing", "list", "report", "terminal",
]
SHORT_WORDS = ["a", "e", "the", "is", "of", "to", "in", "and", "an", "it", "on", "as"]
CJK_WORDS = [
    "数据", "处理", "服务", "系统", "文本", "我们", "使用", "版本", "修复", "错误", "文件", "网络",
    "更新", "用户", "支持", "手册", "安装", "模块", "内核", "历史",
]
MENU_WORDS = ["Home", "About", "Contact", "News", "Blog", "Login", "Products", "Docs",
              "Support", "FAQ"]
TAGS = [
    ('<a href="/x">', "</a>"), ("<em>", "</em>"), ("<b>", "</b>"),
    ('<span class="note">', "</span>"), ('<a href="/doc/intro.html">', "</a>"),
    ("<strong>", "</strong>"), ("<i>", "</i>"),
]
ADS = ["[ad]", "[Advertisement]", "(sponsored)", "[广告]"]
AMBIGUOUS_TOKENS = ["[ad]", "***", "|", "»", "[1]"]
REPEATED_JUNK = ["Subscribe to our newsletter!", "Read more...", "Share this page.", "Follow us!"]
OPERATIONS = ["tag-around-short-word", "tag-inside-word", "tag-around-word", "inline-ad",
              "click-here", "repeated-junk", "cjk-inline-junk"]


# ---------------------------------------------------------------- the expressibility rule

def occurrence_count(pattern, line):
    """Start offsets of `pattern` in `line`, overlaps included."""
    count, start = 0, line.find(pattern)
    while start >= 0:
        count += 1
        start = line.find(pattern, start + 1)
    return count


def is_expressible(run, line, limits):
    """Whether some equal-result slide of line[run] occurs exactly once in `line`.

    Deleting line[s:e] gives the same line as deleting line[s+1:e+1] iff line[s] == line[e];
    `limits` keeps the slides off the neighbouring deleted runs.
    """
    return unique_slide(run, line, limits) is not None


def unique_slide(run, line, limits):
    """The leftmost equal-result slide (start, end) of `run` that is unique, or None."""
    start, end = run
    length = end - start
    while start > limits[0] and line[start - 1] == line[start - 1 + length]:
        start -= 1
    while True:
        if occurrence_count(line[start:start + length], line) == 1:
            return (start, start + length)
        if start + length < limits[1] and line[start] == line[start + length]:
            start += 1
        else:
            return None


def deleted_runs(segments):
    """The line text and its maximal runs of deleted characters."""
    text = "".join(t for t, _ in segments)
    flags = [d for t, d in segments for _ in t]
    runs, i = [], 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        runs.append((i, j))
        i = j
    return text, runs


def classify_line(segments):
    """[(run_text, expressible)] for the deleted runs of one kept line."""
    text, runs = deleted_runs(segments)
    result = []
    for index, run in enumerate(runs):
        lower = runs[index - 1][1] if index > 0 else 0
        upper = runs[index + 1][0] if index + 1 < len(runs) else len(text)
        slide = unique_slide(run, text, (lower, upper))
        result.append((text[run[0]:run[1]], slide is not None,
                       text[slide[0]:slide[1]] if slide else None))
    return result


def only_intended_ambiguity(segments):
    text, runs = deleted_runs(segments)
    for index, run in enumerate(runs):
        lower = runs[index - 1][1] if index > 0 else 0
        upper = runs[index + 1][0] if index + 1 < len(runs) else len(text)
        if is_expressible(run, text, (lower, upper)):
            continue
        if text[run[0]:run[1]] not in AMBIGUOUS_TOKENS:
            return False
        if index > 0 and text[lower:run[0]].strip(" ") == "":
            return False
        if index + 1 < len(runs) and text[run[1]:upper].strip(" ") == "":
            return False
    return True


# ---------------------------------------------------------------- documents

class Document:
    def __init__(self, rng):
        self.rng = rng
        self.features = set()

    def chance(self, numerator, denominator):
        return self.rng.randrange(denominator) < numerator

    def word(self):
        return self.rng.choice(SHORT_WORDS) if self.chance(1, 4) else self.rng.choice(WORDS)

    def sentence(self):
        words = [self.word() for _ in range(4 + self.rng.randrange(10))]
        words[0] = words[0][:1].upper() + words[0][1:]
        if self.chance(1, 6):
            words[-1] += ","
            words += [self.word() for _ in range(2 + self.rng.randrange(4))]
        words[-1] += "."
        return words

    def title(self):
        return [w[:1].upper() + w[1:] for w in
                (self.rng.choice(WORDS) for _ in range(2 + self.rng.randrange(3)))]

    def cjk_line(self, allows_junk, used):
        segments = []
        for index in range(4 + self.rng.randrange(10)):
            w = "Linux" if self.chance(1, 10) else self.rng.choice(CJK_WORDS)
            if allows_junk and index > 0 and self.chance(1, 6):
                used.add("cjk-inline-junk")
                if self.chance(1, 2):
                    segments.append(("[广告]", True))
                else:
                    segments += [("<em>", True), (w, False), ("</em>", True)]
                    continue
            segments.append((w, False))
        segments.append(("。", False))
        return segments

    def content_candidate(self, operations, allow_ambiguous, used):
        roll = self.rng.randrange(20)
        if roll < 3:
            return self.cjk_line("cjk-inline-junk" in operations, used), False
        prefix = []
        if roll < 6:
            prefix = [(self.rng.choice(["- ", "* ", "1. ", "• "]), False)]
            tokens = [[(w, False)] for w in self.sentence()]
        elif roll < 8:
            tokens = [[(w, False)] for w in self.title()]
            if self.chance(1, 2):
                prefix = [("# ", False)]
        else:
            tokens = []
            for _ in range(1 + self.rng.randrange(3)):
                tokens += [[(w, False)] for w in self.sentence()]
        line_operations = [op for op in operations if op != "cjk-inline-junk"]
        touched = set()
        for _ in range(self.rng.randrange(3) if line_operations else 0):
            index = self.rng.randrange(len(tokens))
            if index in touched:
                continue
            touched.add(index)
            word = tokens[index][0][0]
            operation = self.rng.choice(line_operations)
            used.add(operation)
            tag_open, tag_close = self.rng.choice(TAGS)
            if operation == "tag-around-short-word":
                tokens[index] = [(tag_open, True), (self.rng.choice(SHORT_WORDS), False),
                                 (tag_close, True)]
            elif operation == "tag-inside-word" and len(word) >= 3:
                split = 1 + self.rng.randrange(2)
                tokens[index] = [(tag_open, True), (word[:split], False), (tag_close, True),
                                 (word[split:], False)]
            elif operation in ("tag-around-word", "tag-inside-word"):
                tokens[index] = [(tag_open, True), (word, False), (tag_close, True)]
            elif operation == "click-here":
                tokens[index].insert(0, ("Click here!!! ", True))
            elif operation == "inline-ad":
                if self.chance(1, 2):
                    tokens[index].append((" " + self.rng.choice(ADS), True))
                else:
                    tokens[index].insert(0, (self.rng.choice(ADS) + " ", True))
            elif operation == "repeated-junk":
                junk = self.rng.choice(REPEATED_JUNK)
                tokens[index] += [(" " + junk, False), (" " + junk, True)]
        ambiguous = False
        if allow_ambiguous and len(tokens) >= 4 and self.chance(1, 3):
            token = self.rng.choice(AMBIGUOUS_TOKENS)
            first = self.rng.randrange(len(tokens) - 2)
            second = first + 2 + self.rng.randrange(len(tokens) - first - 2)
            tokens.insert(second, [(token, True)])
            tokens.insert(first + 1, [(token, False)])
            ambiguous = True
        segments = list(prefix)
        for index, token in enumerate(tokens):
            if index:
                segments.append((" ", False))
            segments += token
        return segments, ambiguous

    def content_line(self, operations, allow_ambiguous, state):
        for _ in range(20):
            used = set()
            segments, ambiguous = self.content_candidate(
                operations, allow_ambiguous and not state["ambiguous"], used)
            if only_intended_ambiguity(segments):
                if ambiguous:
                    state["ambiguous"] = True
                    self.features.add("ambiguous-string")
                self.features |= used
                return segments
        return [(" ".join(self.sentence()), False)]

    def boilerplate(self, recent_title):
        kind = self.rng.randrange(10)
        topic = recent_title or self.title()
        if kind == 0:
            menu = list(MENU_WORDS)
            chosen = [menu.pop(self.rng.randrange(len(menu)))
                      for _ in range(3 + self.rng.randrange(4))]
            return " | ".join(chosen)
        if kind == 1:
            return "Previous topic: " + topic[0] + " " + self.word()
        if kind == 2:
            return "Next: " + ", ".join(topic[-2:])
        return ["Search [Go]", "We use cookies to improve your experience. Accept | Decline",
                "© %d Example Corp. All rights reserved." % (2000 + self.rng.randrange(25)),
                "Share on Facebook | Tweet | Email", "Skip to main content",
                self.rng.choice(REPEATED_JUNK), ""][kind - 3]


def make_record(rng, record_id, max_line_chars):
    doc = Document(rng)
    roll = rng.randrange(20)
    if roll < 2:
        target = 1
    elif roll < 9:
        target = 2 + rng.randrange(7)
    elif roll < 17:
        target = 9 + rng.randrange(32)
    else:
        target = 41 + rng.randrange(40)
    allows_nonexpressible = doc.chance(1, 4)
    style = rng.randrange(5)  # 0-2 LF, 3 CRLF, 4 mixed
    ends_with_newline = doc.chance(17, 20)
    deletes_nothing = doc.chance(1, 25)
    operations = [op for op in OPERATIONS if doc.chance(9, 20)]

    def terminator():
        if style == 3:
            return "\r\n"
        if style == 4:
            return "\r\n" if rng.randrange(2) == 0 else "\n"
        return "\n"

    # A line: {"segments": [(text, deleted)], "end": terminator, "deleted", "join", "content"}
    lines, recent_title, state = [], [], {"ambiguous": False}
    while len(lines) < target:
        roll = rng.randrange(10)
        if not deletes_nothing and roll < 3 and target > 1:
            doc.features.add("boilerplate-lines")
            for _ in range(1 + rng.randrange(3)):
                text = doc.boilerplate(recent_title)
                lines.append({"segments": [(text, True)] if text else [], "end": terminator(),
                              "deleted": True, "join": False, "content": False})
        elif roll == 3 and target > 1:
            lines.append({"segments": [], "end": terminator(), "deleted": False, "join": False,
                          "content": False})
        else:
            segments = doc.content_line([] if deletes_nothing else operations,
                                        allows_nonexpressible and not deletes_nothing, state)
            if deletes_nothing:
                segments = [s for s in segments if not s[1]]
            text = "".join(t for t, _ in segments)
            if len(text) + 1 > max_line_chars:
                continue
            if text.startswith("# ") or "." not in text:
                recent_title = [w for w in text.split(" ") if w != "#"]
            lines.append({"segments": segments, "end": terminator(), "deleted": False,
                          "join": False, "content": True})
    if target == 1:
        lines = [line for line in lines if line["content"]][:1] or [
            {"segments": [("Fallback text with a [ad] marker.", False)], "end": "\n",
             "deleted": False, "join": False, "content": True}]
    if not ends_with_newline:
        lines[-1]["end"] = ""
    if allows_nonexpressible and not deletes_nothing and len(lines) >= 2:
        for _ in range(1 + rng.randrange(2)):
            index = rng.randrange(len(lines) - 1)
            a, b = lines[index], lines[index + 1]
            if (a["content"] and b["content"] and not a["join"] and a["segments"]
                    and not a["segments"][-1][1] and b["segments"] and not b["segments"][0][1]):
                a["join"] = True
                doc.features.add("line-join")

    original = "".join("".join(t for t, _ in l["segments"]) + l["end"] for l in lines)
    refined = ""
    for line in lines:
        if line["deleted"]:
            continue
        refined += "".join(t for t, d in line["segments"] if not d)
        if not line["join"]:
            refined += line["end"]

    # Ground truth, in normalised characters.
    # `witness` is a program (document line numbers) that deletes every expressible piece.
    deleted = minimum_leftover = 0
    expressible = True
    witness = []
    for number, line in enumerate(lines, start=1):
        if line["deleted"]:
            deleted += sum(len(t) for t, _ in line["segments"]) + (1 if line["end"] else 0)
            text = "".join(t for t, _ in line["segments"])
            if line["end"]:
                witness.append(("remove_lines", number, number))
            elif text:  # a last line without newline is emptied, keeping the newline before it
                witness.append(("remove_str", number, text))
            continue
        for text, ok, slid in classify_line(line["segments"]):
            deleted += len(text)
            if ok:
                witness.append(("remove_str", number, slid))
            else:
                expressible = False
                minimum_leftover += len(text)
        if line["join"]:
            deleted += 1
            expressible = False
            minimum_leftover += 1
    assert deleted == len(normalize(original)) - len(normalize(refined)), record_id
    # The truth is achievable: the witness leaves exactly the non-expressible characters.
    witness_output, skipped = check.execute(witness, check.split_lines(normalize(original)))
    assert skipped == 0 and check.is_subsequence(normalize(refined), witness_output), record_id
    assert len(witness_output) - len(normalize(refined)) == minimum_leftover, record_id
    features = set(doc.features)
    if deletes_nothing:
        features = {"no-deletions"}
    if "\r\n" in original:
        features.add("crlf")
    if not ends_with_newline:
        features.add("no-final-newline")
    return {"id": record_id, "text": original, "refined": refined,
            "truth": {"expressible": expressible, "deleted_chars": deleted,
                      "minimum_leftover_chars": minimum_leftover,
                      "features": sorted(features)}}


def normalize(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", default="scalpel-fidelity-v1")
    parser.add_argument("--max-line-chars", type=int, default=480,
                        help="longest line, newline included (keep it below --chunk-chars)")
    parser.add_argument("-o", "--output", default="-")
    options = parser.parse_args()
    out = sys.stdout if options.output == "-" else open(options.output, "w", encoding="utf-8",
                                                         newline="")
    summary = {"records": 0, "expressible": 0, "deleted_chars": 0, "minimum_leftover_chars": 0}
    for index in range(options.count):
        record_id = "gen-%04d" % index
        rng = random.Random("%s:%s" % (options.seed, record_id))
        record = make_record(rng, record_id, options.max_line_chars)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        summary["records"] += 1
        summary["expressible"] += record["truth"]["expressible"]
        summary["deleted_chars"] += record["truth"]["deleted_chars"]
        summary["minimum_leftover_chars"] += record["truth"]["minimum_leftover_chars"]
    if out is not sys.stdout:
        out.close()
    print("generated: " + ", ".join("%s %d" % item for item in summary.items()), file=sys.stderr)


if __name__ == "__main__":
    main()

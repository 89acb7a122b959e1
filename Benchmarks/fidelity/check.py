#!/usr/bin/env python3
"""Independent fidelity check of `scalpel build-pairs` output (Python 3 standard library only).

For every accepted record, the program of each chunk is executed here, without Scalpel,
and the concatenated output P is compared with the record's own `refined` text R.

Route (the simplest correct one): the chunk text is NOT parsed back out of the prompt.
It is re-cut from the original record: the record's `text` is normalised (`\\r\\n` and lone
`\\r` become `\\n`), split into lines like NormalizedText (a final `\\n` gives no extra empty
line), and each pair's `meta.first_line` / `meta.lines` (written with `--meta`) select the
chunk's lines, each with its newline. The chunks must tile the document (no
`--overlap-lines`), so P is the concatenation of the chunk outputs in chunk order (what
the training pairs teach). The document-level program (chunk programs offset by their
first line, as `scalpel apply` runs it) is executed too and reported separately: the two
differ when a document without final newline loses its whole last chunk. With
`--applied`, the document-level output is also compared with `scalpel apply`'s, to
cross-check this executor against Scalpel's.

The executor follows Docs/Scalpel.docc/Articles/ProgramLanguage.md: mark and sweep on the
original chunk; calls outside 1...lineCount are skipped (a remove_lines range partly
outside is skipped whole); remove_str applies only if TEXT starts at exactly one offset of
the original line (overlapping occurrences count); remove_str matches on one line that
overlap form a group and every call of a group of 2+ is skipped; lines in any remove_lines
range are dropped; kept lines are joined with `\\n`, and the output ends with `\\n` iff the
chunk did and at least one line is kept. Characters are Unicode scalars (Python `str`).

Fidelity, from an exact LCS (bit-parallel, checked against the textbook table by
`--self-test`):
  leftover     = |P| - LCS(P, R)              characters the expert deleted that P keeps
  over-deleted = LCS(O, R) - LCS(P, R)        characters of R the original could supply but
                                              P lacks; for pure deletions (R a subsequence
                                              of O) this is |R| - LCS(P, R)
For records with rewrites, leftover also counts rewritten text left as in the original, so
figures are given for pure-deletion records separately. Records with a `truth` object (from
generate.py) are also compared with their ground truth.

    python3 Benchmarks/fidelity/check.py --records in.jsonl --pairs pairs.jsonl \\
        [--rejects rejects.jsonl] [--name NAME] [--failures failures.jsonl]
    python3 Benchmarks/fidelity/check.py --self-test
"""

import argparse
import json
import random
import re
import sys


def normalize(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text):
    """Lines of normalised text, each with its newline (the last one may have none)."""
    if not text:
        return []
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


CALL_PATTERNS = [
    ("remove_lines", re.compile(r"^remove_lines\((\d+), (\d+)\)$")),
    ("remove_str", re.compile(r'^remove_str\((\d+), (".*")\)$')),
    ("keep_all", re.compile(r"^keep_all\(\)$")),
]


def parse_program(program):
    """Calls of a program as Scalpel renders it (one call per line)."""
    calls = []
    for line in program.split("\n"):
        for name, pattern in CALL_PATTERNS:
            match = pattern.match(line)
            if match:
                if name == "remove_lines":
                    calls.append((name, int(match.group(1)), int(match.group(2))))
                elif name == "remove_str":
                    calls.append((name, int(match.group(1)), json.loads(match.group(2))))
                else:
                    calls.append((name,))
                break
        else:
            raise ValueError("unparsable program line: %r" % line)
    return calls


def occurrences(pattern, line):
    starts, start = [], line.find(pattern)
    while start >= 0:
        starts.append(start)
        start = line.find(pattern, start + 1)
    return starts


def execute(calls, chunk_lines):
    """(output text, skipped call count) of a program on a chunk, by the documented rules."""
    count = len(chunk_lines)
    contents = [line[:-1] if line.endswith("\n") else line for line in chunk_lines]
    dropped = [False] * count
    skipped = 0
    matches = {}  # line index -> [(start, end)]
    for call in calls:
        if call[0] == "remove_lines":
            start, end = call[1], call[2]
            if start < 1 or end > count or start > end:
                skipped += 1
                continue
            for index in range(start - 1, end):
                dropped[index] = True
        elif call[0] == "remove_str":
            line_number, text = call[1], call[2]
            if line_number < 1 or line_number > count or not text or "\n" in text \
                    or "\r" in text:
                skipped += 1
                continue
            starts = occurrences(text, contents[line_number - 1])
            if len(starts) != 1:
                skipped += 1
                continue
            matches.setdefault(line_number - 1, []).append((starts[0], starts[0] + len(text)))
    applied = {}
    for index, spans in matches.items():
        spans.sort()
        group_start = 0
        while group_start < len(spans):
            group_end, reach = group_start + 1, spans[group_start][1]
            while group_end < len(spans) and spans[group_end][0] < reach:
                reach = max(reach, spans[group_end][1])
                group_end += 1
            if group_end - group_start == 1:
                applied.setdefault(index, []).append(spans[group_start])
            else:
                skipped += group_end - group_start
            group_start = group_end
    kept = []
    for index in range(count):
        if dropped[index]:
            continue
        content, cursor, pieces = contents[index], 0, []
        for start, end in applied.get(index, []):
            pieces.append(content[cursor:start])
            cursor = end
        pieces.append(content[cursor:])
        kept.append("".join(pieces))
    output = "\n".join(kept)
    if kept and chunk_lines and chunk_lines[-1].endswith("\n"):
        output += "\n"
    return output, skipped


def lcs_length(a, b):
    """Exact LCS length in characters: bit-parallel (Crochemore et al. 2001) on Python ints."""
    prefix = 0
    while prefix < len(a) and prefix < len(b) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < len(a) - prefix and suffix < len(b) - prefix
           and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]):
        suffix += 1
    a, b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    if not a or not b:
        return prefix + suffix
    if len(b) > len(a):
        a, b = b, a
    masks = {}
    for position, character in enumerate(b):
        masks[character] = masks.get(character, 0) | (1 << position)
    full = (1 << len(b)) - 1
    v = full
    for character in a:
        u = v & masks.get(character, 0)
        v = ((v + u) | (v - u)) & full
    return prefix + suffix + len(b) - bin(v).count("1")


def textbook_lcs(a, b):
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def is_subsequence(small, big):
    iterator = iter(big)
    return all(character in iterator for character in small)


def self_test():
    rng = random.Random(7)
    for _ in range(3000):
        a = "".join(rng.choice("ab\n é") for _ in range(rng.randrange(30)))
        b = "".join(rng.choice("ab\n é") for _ in range(rng.randrange(30)))
        assert lcs_length(a, b) == textbook_lcs(a, b), (a, b)
    chunk = split_lines("Home | News\nClick here to read the story.\nThe end.\n")
    calls = parse_program('remove_lines(1, 1)\nremove_str(2, "Click here ")\n'
                          'remove_str(2, "e")\nremove_lines(7, 9)')
    assert execute(calls, chunk) == ("to read the story.\nThe end.\n", 2)
    assert execute(parse_program('remove_str(1, "aa")'), ["aaa\n"]) == ("aaa\n", 1)
    assert execute(parse_program('remove_str(1, "ab")\nremove_str(1, "bc")'), ["abc"]) \
        == ("abc", 2)
    assert execute(parse_program("remove_lines(1, 2)"), split_lines("a\nb")) == ("", 0)
    assert execute(parse_program('remove_lines(2, 2)\nremove_str(3, "foo")'),
                   split_lines("a\nb\nfoo")) == ("a\n", 0)
    assert execute(parse_program('remove_str(1, "\\"hi\\" \\\\ ")'),
                   ['say "hi" \\ x\n']) == ("say x\n", 0)
    assert split_lines("a\nb\n") == ["a\n", "b\n"] and split_lines("a\nb") == ["a\n", "b"]
    print("self-test passed")


def load_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records")
    parser.add_argument("--pairs")
    parser.add_argument("--rejects")
    parser.add_argument("--name", default="")
    parser.add_argument("--failures", help="write one line per inexact accepted record here")
    parser.add_argument("--applied", help="output of `scalpel apply --programs <pairs>`: "
                        "cross-check this executor against Scalpel's on every accepted record")
    parser.add_argument("--self-test", action="store_true")
    options = parser.parse_args()
    if options.self_test:
        self_test()
        return
    if not options.records or not options.pairs:
        parser.error("--records and --pairs are required")

    records = load_jsonl(options.records)
    chunks_by_document = {}
    for pair in load_jsonl(options.pairs):
        meta = pair.get("meta")
        if meta is None:
            sys.exit("pairs need --meta")
        program = pair.get("completion")
        if program is None:
            program = pair.get("output")
        if program is None:
            program = pair["messages"][-1]["content"]
        chunks_by_document.setdefault(str(meta["document_id"]), []).append((meta, program))
    rejects = {}
    if options.rejects:
        for reject in load_jsonl(options.rejects):
            rejects[str(reject["id"])] = reject["reason"]

    totals = {key: 0 for key in [
        "documents", "accepted", "exact", "leftover", "over_deleted", "over_deleted_documents",
        "skipped_calls", "pure", "pure_accepted", "pure_exact", "pure_leftover",
        "truth_expressible", "truth_expressible_accepted", "truth_expressible_exact",
        "truth_expressible_rejected", "truth_minimum_leftover", "truth_excess_leftover",
        "truth_excess_documents", "truth_records", "unrefinable_documents",
        "unrefinable_leftover", "document_level_exact", "chunk_document_disagreements"]}
    reject_counts = {}
    failures = []
    applied = {}
    if options.applied:
        for record in load_jsonl(options.applied):
            applied[str(record["id"])] = record["refined_text"]
    agreement = [0, 0]
    for record in records:
        record_id = str(record["id"])
        original, refined = normalize(record["text"]), normalize(record["refined"])
        truth = record.get("truth")
        is_pure = is_subsequence(refined, original)
        totals["documents"] += 1
        totals["pure"] += is_pure
        if truth is not None:
            totals["truth_records"] += 1
            totals["truth_expressible"] += truth["expressible"]
        chunks = chunks_by_document.get(record_id)
        if chunks is None:
            reason = rejects.get(record_id, "missing")
            reject_counts[reason] = reject_counts.get(reason, 0) + 1
            if truth is not None and truth["expressible"] and not (
                    reason == "too_few_deletions" and 0 < truth["deleted_chars"] < 10):
                totals["truth_expressible_rejected"] += 1
                failures.append({"id": record_id, "rejected": reason})
            continue
        chunks.sort(key=lambda item: item[0]["chunk"])
        lines = split_lines(original)
        output, next_line, skipped = [], 1, 0
        for meta, program in chunks:
            if meta["first_line"] != next_line:
                sys.exit("%s: chunks do not tile the document (use no --overlap-lines)"
                         % record_id)
            chunk_lines = lines[meta["first_line"] - 1:meta["first_line"] - 1 + meta["lines"]]
            next_line += meta["lines"]
            text, chunk_skipped = execute(parse_program(program), chunk_lines)
            output.append(text)
            skipped += chunk_skipped
        if next_line != len(lines) + 1:
            sys.exit("%s: chunks cover %d of %d lines" % (record_id, next_line - 1, len(lines)))
        p = "".join(output)
        # The same programs at document level (chunk programs offset by first_line - 1),
        # which is what `scalpel apply` computes.
        document_calls = []
        for meta, program in chunks:
            for call in parse_program(program):
                offset = meta["first_line"] - 1
                if call[0] == "remove_lines":
                    document_calls.append((call[0], call[1] + offset, call[2] + offset))
                elif call[0] == "remove_str":
                    document_calls.append((call[0], call[1] + offset, call[2]))
        document_output = execute(document_calls, lines)[0]
        totals["document_level_exact"] += document_output == refined
        totals["chunk_document_disagreements"] += document_output != p
        if options.applied:
            agreement[1] += 1
            agreement[0] += applied.get(record_id) == document_output
        common = lcs_length(p, refined)
        leftover = len(p) - common
        over_deleted = (len(refined) if is_pure else lcs_length(original, refined)) - common
        exact = p == refined
        if any(meta.get("unrefinable") for meta, _ in chunks):
            totals["unrefinable_documents"] += 1
            totals["unrefinable_leftover"] += leftover
        totals["accepted"] += 1
        totals["exact"] += exact
        totals["leftover"] += leftover
        totals["over_deleted"] += over_deleted
        totals["over_deleted_documents"] += over_deleted > 0
        totals["skipped_calls"] += skipped
        if is_pure:
            totals["pure_accepted"] += 1
            totals["pure_exact"] += exact
            totals["pure_leftover"] += leftover
        if truth is not None:
            totals["truth_minimum_leftover"] += truth["minimum_leftover_chars"]
            excess = leftover - truth["minimum_leftover_chars"]
            totals["truth_excess_leftover"] += excess
            totals["truth_excess_documents"] += excess != 0
            if truth["expressible"]:
                totals["truth_expressible_accepted"] += 1
                totals["truth_expressible_exact"] += exact
        if not exact or over_deleted:
            failure = {"id": record_id, "leftover": leftover, "over_deleted": over_deleted,
                       "pure": is_pure, "program": "\n".join(program for _, program in chunks)}
            if truth is not None:
                failure["truth"] = truth
            failures.append(failure)

    t = totals
    percent = lambda part, whole: "%.1f%%" % (100.0 * part / whole) if whole else "n/a"
    name = (options.name + ": ") if options.name else ""
    print("%sdocuments %d, accepted %d, rejected %d %s" % (
        name, t["documents"], t["accepted"], t["documents"] - t["accepted"],
        json.dumps(dict(sorted(reject_counts.items())))))
    print("  exact output (P == R): %d of %d accepted (%s); pure-deletion records: %d of %d "
          "accepted (%s)" % (t["exact"], t["accepted"], percent(t["exact"], t["accepted"]),
                             t["pure_exact"], t["pure_accepted"],
                             percent(t["pure_exact"], t["pure_accepted"])))
    print("  leftover chars %d (pure-deletion records %d), over-deleted chars %d, documents "
          "with over-deletion %d, skipped calls %d" % (
              t["leftover"], t["pure_leftover"], t["over_deleted"],
              t["over_deleted_documents"], t["skipped_calls"]))
    if t["unrefinable_documents"]:
        print("  of the leftover, %d chars are in %d documents with an unrefinable chunk (a line "
              "longer than the chunk budget, always keep_all())" % (
                  t["unrefinable_leftover"], t["unrefinable_documents"]))
    print("  document-level program (as `scalpel apply` runs it): exact %d of %d; differs "
          "from the concatenated chunk outputs in %d documents" % (
              t["document_level_exact"], t["accepted"], t["chunk_document_disagreements"]))
    if options.applied:
        print("  this executor (document level) agrees with `scalpel apply` on %d of %d "
              "accepted records" % tuple(agreement))
    if t["truth_records"]:
        print("  ground truth: %d of %d fully expressible; of those accepted %d exact of %d "
              "(%s), rejected %d; leftover above the minimum %d chars (minimum %d) in %d "
              "documents" % (
                  t["truth_expressible"], t["truth_records"], t["truth_expressible_exact"],
                  t["truth_expressible_accepted"],
                  percent(t["truth_expressible_exact"], t["truth_expressible_accepted"]),
                  t["truth_expressible_rejected"], t["truth_excess_leftover"],
                  t["truth_minimum_leftover"], t["truth_excess_documents"]))
    if options.failures:
        with open(options.failures, "w", encoding="utf-8") as handle:
            for failure in failures:
                handle.write(json.dumps(failure, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scalpel's aligner against peer aligners, side by side, on the same pairs in one run.

Reads the pairs that `AlignmentBenchmark --dump DIR` wrote (with Scalpel's own
spans and Swift-side timings), runs every peer in its own subprocess per size
(so peak memory and crashes stay separate), scores every alignment against the
generator's ground truth and the exact Indel optimum, and writes a Markdown report.

    peers.py --dump DIR --out results/peers.md [--quick] [--cap-seconds S]

Run it through Benchmarks/peers/run.sh, which also builds and dumps.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import difflib
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time

CASE_ORDER = ["5k", "20k", "100k", "1m", "del50", "rewrite", "identical"]
CASE_NOTES = {
    "5k": "web-like, ~15% of lines deleted, in-line junk, typos, inserted words",
    "20k": "web-like, ~15% of lines deleted (the size of the paper's peer timings)",
    "100k": "web-like, ~15% of lines deleted",
    "1m": "web-like, ~15% of lines deleted",
    "del50": "20 KB web-like with 50% of lines deleted",
    "rewrite": "20 KB original vs an unrelated 20 KB text (ground truth: delete all, insert all)",
    "identical": "10,000 identical lines (a marker line every 500), runs of 1–8 deleted; ground truth is one of many ties",
}

# name, label, max original bytes (None = no limit), note when skipped
PEERS = [
    ("rf_levenshtein", "rapidfuzz Levenshtein.editops", None),
    ("rf_indel", "rapidfuzz Indel.editops", None),
    ("edlib", "edlib align(task=path) + CIGAR", None),
    ("dmp_chars", "fast-diff-match-patch, chars", None),
    ("dmp_lines", "fast-diff-match-patch, line mode", None),
    ("difflib_chars", "difflib chars, autojunk=False", 100_000),
    ("paper_pipeline", "paper pipeline (difflib, autojunk, deletes)", None),
]
PEER_LABELS = {name: label for name, label, _ in PEERS}
PEER_LABELS["scalpel"] = "Scalpel (Swift)"

REWRITE_FILTER_CHARS = 20  # Specification §3.4: a rewrite hunk with max(del, ins) >= 20 rejects the pair


# --------------------------------------------------------------------------- peers


def peer_function(name):
    """Returns (align, to_blocks): align is timed; to_blocks turns its output into
    edit blocks (i1, i2, j1, j2) in code points: a[i1:i2] deleted, b[j1:j2] inserted."""
    if name in ("rf_levenshtein", "rf_indel"):
        from rapidfuzz.distance import Indel, Levenshtein

        metric = Levenshtein if name == "rf_levenshtein" else Indel

        def align(a, b):
            return metric.editops(a, b)

        def to_blocks(ops, a, b):
            return merge_opcodes(
                (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                for op in ops.as_opcodes()
            )

        return align, to_blocks
    if name == "edlib":
        import edlib

        def align(a, b):
            return edlib.align(a, b, mode="NW", task="path")

        def to_blocks(result, a, b):
            # query = original, target = refined: I = extra in original (deleted),
            # D = missing from original (inserted), X = substitution, = match.
            blocks, i, j = [], 0, 0
            for count, op in re.findall(r"(\d+)([=XIDM])", result["cigar"]):
                n = int(count)
                if op == "=":
                    i, j = i + n, j + n
                    continue
                if op == "M":
                    raise ValueError("edlib returned a non-extended CIGAR")
                di = n if op in "XI" else 0
                dj = n if op in "XD" else 0
                add_block(blocks, i, i + di, j, j + dj)
                i, j = i + di, j + dj
            return blocks

        return align, to_blocks
    if name in ("dmp_chars", "dmp_lines"):
        import fast_diff_match_patch as dmp

        checklines = name == "dmp_lines"

        def align(a, b):
            return dmp.diff(a, b, timelimit=0, checklines=checklines, cleanup="No", counts_only=True)

        def to_blocks(ops, a, b):
            blocks, i, j = [], 0, 0
            for op, n in ops:
                if op == "=":
                    i, j = i + n, j + n
                elif op == "-":
                    add_block(blocks, i, i + n, j, j)
                    i += n
                else:
                    add_block(blocks, i, i, j, j + n)
                    j += n
            return blocks

        return align, to_blocks
    if name == "difflib_chars":

        def align(a, b):
            return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

        def to_blocks(ops, a, b):
            return merge_opcodes(ops)

        return align, to_blocks
    if name == "paper_pipeline":

        def align(a, b):
            return paper_pipeline(a, b)

        def to_blocks(result, a, b):
            return merge_opcodes(result["opcodes"])

        return align, to_blocks
    raise ValueError(name)


def paper_pipeline(a, b):
    """The RefineX pair builder as the paper's code does it: difflib opcodes with the
    default autojunk, keep the 'delete' opcodes, map them to remove_lines/remove_str
    (Algorithm 1), and apply the rewrite filter."""
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    deletions = [(i1, i2) for tag, i1, i2, _, _ in opcodes if tag == "delete"]
    rewrite = max(
        (max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag in ("replace", "insert")),
        default=0,
    )
    line_starts = [0]
    for k, ch in enumerate(a):
        if ch == "\n":
            line_starts.append(k + 1)
    calls = []
    for i1, i2 in deletions:
        pos = i1
        while pos < i2:
            line = bisect.bisect_right(line_starts, pos) - 1
            start = line_starts[line]
            end = line_starts[line + 1] if line + 1 < len(line_starts) else len(a)
            piece_end = min(i2, end)
            if pos == start and piece_end == end:
                if calls and calls[-1][0] == "remove_lines" and calls[-1][2] == line:
                    calls[-1] = ("remove_lines", calls[-1][1], line + 1)
                else:
                    calls.append(("remove_lines", line + 1, line + 1))
            else:
                text = a[pos:piece_end].rstrip("\n")
                if text:
                    calls.append(("remove_str", line + 1, text))
            pos = piece_end
    return {
        "opcodes": opcodes,
        "deletions": deletions,
        "calls": calls,
        "rejected": rewrite >= REWRITE_FILTER_CHARS,
    }


def add_block(blocks, i1, i2, j1, j2):
    if i1 == i2 and j1 == j2:
        return
    if blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
        b = blocks[-1]
        blocks[-1] = (b[0], i2, b[2], j2)
    else:
        blocks.append((i1, i2, j1, j2))


def merge_opcodes(opcodes):
    blocks = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            add_block(blocks, i1, i2, j1, j2)
    return blocks


# ------------------------------------------------------------------------- scoring


def byte_to_cp(text_bytes, offsets):
    """Maps sorted-or-not UTF-8 byte offsets (on scalar boundaries) to code point offsets."""
    if not offsets:
        return {}
    result, prev_byte, prev_cp = {}, 0, 0
    for off in sorted(set(offsets)):
        prev_cp += len(text_bytes[prev_byte:off].decode("utf-8"))
        prev_byte = off
        result[off] = prev_cp
    return result


def spans_to_cp(text_bytes, spans):
    m = byte_to_cp(text_bytes, [x for s in spans for x in s])
    return [(m[s], m[e]) for s, e in spans]


def mask_of(length, spans):
    mask = bytearray(length)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def popcount_and(m1, m2):
    return (int.from_bytes(m1, "little") & int.from_bytes(m2, "little")).bit_count()


def score(a, b, blocks, truth_deleted_cp, truth_mask, deleted_override=None):
    """Scores one alignment: validity, Indel cost, deleted-char overlap, exact spans."""
    valid, pi, pj = True, 0, 0
    for i1, i2, j1, j2 in blocks:
        if i1 < pi or j1 < pj or (i1 - pi) != (j1 - pj) or a[pi:i1] != b[pj:j1]:
            valid = False
            break
        pi, pj = i2, j2
    if valid and (len(a) - pi != len(b) - pj or a[pi:] != b[pj:]):
        valid = False
    cost = sum((i2 - i1) + (j2 - j1) for i1, i2, j1, j2 in blocks)
    deleted = deleted_override if deleted_override is not None else [
        (i1, i2) for i1, i2, _, _ in blocks if i2 > i1
    ]
    pred_mask = mask_of(len(a), deleted)
    reject = any(
        j2 > j1 and max(i2 - i1, j2 - j1) >= REWRITE_FILTER_CHARS for i1, i2, j1, j2 in blocks
    )
    spans = set(deleted)
    return {
        "valid": valid,
        "cost": cost,
        "tp": popcount_and(pred_mask, truth_mask),
        "pred": sum(e - s for s, e in deleted),
        "true": sum(e - s for s, e in truth_deleted_cp),
        "exact": sum(1 for s in truth_deleted_cp if s in spans),
        "true_spans": len(truth_deleted_cp),
        "reject": reject,
    }


# -------------------------------------------------------------------------- worker


def max_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def load_pairs(path, limit=None):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(pairs) >= limit:
                break
            pairs.append(json.loads(line))
    return pairs


def prepare(pair):
    a, b = pair["original"], pair["refined"]
    ab = a.encode("utf-8")
    truth = [tuple(s) for s in spans_to_cp(ab, pair["deleted_spans"])]
    return a, b, ab, truth, mask_of(len(a), truth)


def run_worker(args):
    """Runs one peer (or scores Scalpel) on one case file; writes one JSON line per pair."""
    pairs = load_pairs(args.case_file, args.max_pairs)
    out = open(args.out, "w", encoding="utf-8")

    def emit(obj):
        out.write(json.dumps(obj) + "\n")
        out.flush()

    if args.worker == "scalpel":
        from rapidfuzz.distance import Indel

        for pair in pairs:
            a, b, ab, truth, truth_mask = prepare(pair)
            bb = b.encode("utf-8")
            edits = pair["scalpel_edits"]
            am = byte_to_cp(ab, [x for e in edits for x in e[:2]])
            bm = byte_to_cp(bb, [x for e in edits for x in e[2:]])
            blocks = []
            for i1, i2, j1, j2 in edits:
                add_block(blocks, am[i1], am[i2], bm[j1], bm[j2])
            rec = score(a, b, blocks, truth, truth_mask)
            t0 = time.perf_counter()
            cutoff = rec["cost"] if rec["valid"] else None
            rec["optimum"] = Indel.distance(a, b, score_cutoff=cutoff)
            rec["optimum_seconds"] = time.perf_counter() - t0
            rec["truth_cost"] = sum(e - s for s, e in truth) + sum(
                len(bb[s:e].decode("utf-8")) for s, e in pair["inserted_spans"]
            )
            rec.update(id=pair["id"], ms=pair["scalpel_ms"], bytes=len(ab),
                       exhausted=pair["scalpel_budget_exhausted"])
            emit(rec)
        return

    align, to_blocks = peer_function(args.worker)
    a0, b0 = pairs[0]["original"], pairs[0]["refined"]
    align(a0[:2000], b0[:2000])  # warm-up: imports, caches, first-call costs
    emit({"baseline_rss_kib": max_rss_kib()})
    started = time.perf_counter()
    for index, pair in enumerate(pairs):
        if index > 0 and time.perf_counter() - started > args.cap_seconds:
            break
        a, b, ab, truth, truth_mask = prepare(pair)
        times = []
        while True:
            t0 = time.perf_counter()
            result = align(a, b)
            times.append(time.perf_counter() - t0)
            if len(times) >= 5 or sum(times) >= 0.2 or times[0] >= 0.05:
                break
            del result
        rss_after = max_rss_kib()
        blocks = to_blocks(result, a, b)
        override = None
        extra = {}
        if args.worker == "paper_pipeline":
            override = result["deletions"]
            extra = {"pipeline_rejected": result["rejected"], "calls": len(result["calls"])}
        del result
        rec = score(a, b, blocks, truth, truth_mask, deleted_override=override)
        rec.update(extra)
        rec.update(id=pair["id"], ms=statistics.median(times) * 1000, bytes=len(ab),
                   rss_kib=rss_after)
        emit(rec)


# -------------------------------------------------------------------------- parent


def run_peer(args, name, case, case_file, tmpdir, max_pairs, cap, hard_timeout):
    out_path = os.path.join(tmpdir, f"{case}-{name}.jsonl")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", name, "--case-file", case_file,
           "--out", out_path, "--cap-seconds", str(cap)]
    if max_pairs:
        cmd += ["--max-pairs", str(max_pairs)]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    started = time.perf_counter()
    status = "ok"
    try:
        proc = subprocess.run(cmd, timeout=hard_timeout, env=env, capture_output=True, text=True,
                              preexec_fn=limit_memory)
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
            status = f"failed: {tail[:80]}"
    except subprocess.TimeoutExpired:
        status = f"killed after {hard_timeout:.0f} s"
    elapsed = time.perf_counter() - started
    records, baseline = [], None
    if os.path.exists(out_path):
        with open(out_path, encoding="utf-8") as f:
            for line in f:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if "baseline_rss_kib" in obj:
                    baseline = obj["baseline_rss_kib"]
                else:
                    records.append(obj)
    return {"records": records, "baseline": baseline, "status": status, "elapsed": elapsed}


MEMORY_LIMIT_BYTES = 6 * 1024**3


def limit_memory():
    # The machine is shared: a peer that wants O(N*M) memory fails instead of
    # pushing others into the OOM killer.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def fmt(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, float) and x != x:
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def summarize(records, optimum, scalpel_ms, baseline, pair_total):
    n = len(records)
    if n == 0:
        return None
    ms = statistics.median(r["ms"] for r in records)
    mbs = statistics.median(r["bytes"] / (r["ms"] / 1000) / 1e6 for r in records if r["ms"] > 0)
    tp = sum(r["tp"] for r in records)
    denom = sum(r["pred"] for r in records) + sum(r["true"] for r in records)
    f1 = 2 * tp / denom if denom else 1.0
    true_spans = sum(r["true_spans"] for r in records)
    exact = 100 * sum(r["exact"] for r in records) / true_spans if true_spans else 100.0
    known = [r for r in records if optimum.get(r["id"]) is not None]
    minimal = (100 * sum(1 for r in known if r["valid"] and r["cost"] == optimum[r["id"]]) / len(known)
               if known else None)
    excess = (100 * sum(r["cost"] - optimum[r["id"]] for r in known)
              / max(1, sum(optimum[r["id"]] for r in known)) if known else None)
    same = [scalpel_ms[r["id"]] for r in records if r["id"] in scalpel_ms]
    speedup = ms / statistics.median(same) if same else None
    rss = None
    if baseline is not None and any("rss_kib" in r for r in records):
        rss = max(r.get("rss_kib", 0) for r in records) - baseline
    return {
        "n": n, "total": pair_total, "ms": ms, "mbs": mbs, "f1": f1, "exact": exact,
        "minimal": minimal, "excess": excess, "valid": all(r["valid"] for r in records),
        "reject": 100 * sum(1 for r in records if r["reject"]) / n,
        "pipeline_rejected": (100 * sum(1 for r in records if r.get("pipeline_rejected")) / n
                              if any("pipeline_rejected" in r for r in records) else None),
        "speedup": speedup, "rss_mib": None if rss is None else rss / 1024,
    }


def machine_description():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} logical CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, " \
           f"{platform.system()} {platform.release()}, Python {platform.python_version()}"


def package_versions():
    versions = []
    for dist in ("rapidfuzz", "edlib", "fast-diff-match-patch"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            versions.append(f"{dist} ?")
    return ", ".join(versions)


def run_parent(args):
    summaries = {}
    for case in CASE_ORDER:
        path = os.path.join(args.dump, f"summary-{case}.json")
        if os.path.exists(path) and (not args.sizes or case in args.sizes):
            with open(path, encoding="utf-8") as f:
                summaries[case] = json.loads(f.readline())
    if not summaries:
        sys.exit(f"peers.py: no summary-*.json in {args.dump}; run AlignmentBenchmark --dump first")
    tmpdir = os.path.join(args.dump, "peer-results")
    os.makedirs(tmpdir, exist_ok=True)
    cap = args.cap_seconds
    run_started = time.perf_counter()
    sections, speedups, notes = [], {}, []
    aligner_names = sorted({s.get("aligner", "?") for s in summaries.values()})

    for case, summary in summaries.items():
        case_file = os.path.join(args.dump, f"pairs-{case}.jsonl")
        pair_total = summary["pairs"]
        log(f"[{case}] scoring Scalpel and computing the exact Indel optimum ({pair_total} pairs)")
        ref = run_peer(args, "scalpel", case, case_file, tmpdir, None, cap, args.reference_timeout)
        optimum = {r["id"]: r["optimum"] for r in ref["records"]}
        scalpel_ms = {r["id"]: r["ms"] for r in ref["records"]}
        if ref["status"] != "ok":
            notes.append(f"{case}: exact optimum {ref['status']} after {len(ref['records'])} pairs")
        rows = []
        s = summarize(ref["records"], optimum, scalpel_ms, None, pair_total)
        if s:
            s["ms"], s["mbs"], s["speedup"] = summary["median_ms"], summary["mb_per_s"], 1.0
            s["n"] = pair_total
            s["rss_mib"] = max(0, summary["peak_rss_kib"] - summary.get("baseline_rss_kib", 0)) / 1024
            s["exhausted"] = summary["budget_exhausted_pairs"]
            rows.append(("scalpel", s, "ok"))
        for name, label, max_bytes in PEERS:
            mean_bytes = statistics.mean(r["bytes"] for r in ref["records"]) if ref["records"] else 0
            if max_bytes is not None and mean_bytes > max_bytes * 1.05:
                rows.append((name, None, f"skipped: original > {max_bytes // 1000} KB"))
                continue
            log(f"[{case}] {label}")
            result = run_peer(args, name, case, case_file, tmpdir, None, cap,
                              cap + args.pair_timeout)
            s = summarize(result["records"], optimum, scalpel_ms, result["baseline"], pair_total)
            status = result["status"]
            if status == "ok" and s and s["n"] < pair_total:
                status = f"time cap {cap:.0f} s"
            if not s and status.startswith("killed"):
                status = f"no pair within {cap + args.pair_timeout:.0f} s"
            rows.append((name, s, status))
        sections.append((case, summary, rows))
        for name, s, _ in rows:
            if s and s.get("speedup") is not None:
                speedups.setdefault(name, {})[case] = s["speedup"]
        log(f"[{case}] done, {time.perf_counter() - run_started:.0f} s so far")

    total_seconds = time.perf_counter() - run_started
    report = render(args, sections, speedups, notes, aligner_names, total_seconds)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    print(report)


def render(args, sections, speedups, notes, aligner_names, total_seconds):
    cases = [case for case, _, _ in sections]
    lines = [
        "# Scalpel alignment vs peers",
        "",
        f"- Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {machine_description()}",
        f"- Command: `{args.command or ' '.join(sys.argv)}`",
        f"- Aligner under test: {', '.join(aligner_names)}; peers: {package_versions()}",
        f"- Load average (1/5/15 min) at start: {args.load_at_start}, at end: {load_average()}",
        f"- Mode: {'quick' if args.quick else 'full'}; per-peer time cap {args.cap_seconds:.0f} s per "
        f"size (+{args.pair_timeout:.0f} s for a pair in flight); peers run single-threaded in one "
        f"subprocess per size with a {MEMORY_LIMIT_BYTES // 1024**3} GiB address-space limit; "
        f"total {total_seconds:.0f} s",
        "",
        "## Speed-up of Scalpel over each peer (peer median ms / Scalpel median ms, same pairs)",
        "",
        "| peer | " + " | ".join(cases) + " |",
        "|---|" + "---:|" * len(cases),
    ]
    for name, _, _ in PEERS:
        cells = []
        for case in cases:
            value = speedups.get(name, {}).get(case)
            cells.append("–" if value is None else f"{value:,.0f}×" if value >= 100
                         else f"{value:.1f}×" if value >= 1 else f"{value:.2f}×")
        lines.append(f"| {PEER_LABELS[name]} | " + " | ".join(cells) + " |")
    lines += ["", "A dash: the peer was skipped or did not finish one pair (see the size's table).", ""]
    for case, summary, rows in sections:
        lines += [
            f"## {case}: {CASE_NOTES.get(case, '')}",
            "",
            f"{summary['pairs']} pairs. Scalpel: median {summary['median_ms']:.4f} ms/pair, "
            f"{summary['mb_per_s']:.1f} MB/s, budget exhausted on {summary['budget_exhausted_pairs']} "
            f"pair(s), timed in Swift over {summary['rounds']} round(s).",
            "",
            "| aligner | pairs | median ms | MB/s | Scalpel × | peak ΔRSS MiB | valid | minimal % "
            "| excess cost % | del-F1 | exact spans % | rewrite-reject % | status |",
            "|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---|",
        ]
        for name, s, status in rows:
            if s is None:
                lines.append(f"| {PEER_LABELS[name]} | 0 | | | | | | | | | | | {status} |")
                continue
            reject = fmt(s["reject"], 1)
            if s.get("pipeline_rejected") is not None:
                reject = fmt(s["pipeline_rejected"], 1)
            lines.append(
                f"| {PEER_LABELS[name]} | {s['n']}/{s['total']} | {s['ms']:.3f} | {fmt(s['mbs'])} | "
                f"{'–' if s['speedup'] is None else fmt(s['speedup'], 1)} | {fmt(s['rss_mib'], 1)} | "
                f"{'yes' if s['valid'] else 'NO'} | {fmt(s['minimal'], 0)} | {fmt(s['excess'], 2)} | "
                f"{s['f1']:.3f} | {fmt(s['exact'], 1)} | {reject} | {status} |"
            )
        lines.append("")
    lines += [
        "## Columns",
        "",
        "- median ms: median over pairs of the per-pair median of up to 5 calls; only the library "
        "call is timed (not CIGAR/opcode conversion), on Python `str` decoded beforehand. "
        "Scalpel's time comes from the Swift dump (`Aligner.align` on `[UInt8]`, one thread, "
        "per-pair median over repeated rounds). "
        "MB/s: original UTF-8 bytes per second, median over pairs.",
        "- Scalpel ×: how many times faster Scalpel is than the peer on the same pairs.",
        "- peak ΔRSS: growth of the process's peak RSS over its baseline after loading the pairs "
        "(Swift: after generating them), so it only shows memory above that watermark.",
        "- valid: the alignment's equal parts really match. minimal %: pairs whose Indel cost "
        "(deleted + inserted code points, a substitution counts 2) equals the exact optimum "
        "(`rapidfuzz.distance.Indel.distance`). excess cost %: total cost above the optimum. "
        "rapidfuzz Levenshtein and edlib minimise Levenshtein distance (a substitution costs 1), "
        "so they need not be Indel-minimal; difflib is greedy (longest match first) and never "
        "claims minimality.",
        "- del-F1: F1 of deleted code points of the original vs the generator's ground truth "
        "(micro-averaged over pairs). exact spans %: true deleted spans reproduced exactly as "
        "maximal deleted runs. Equal-cost ties (a deleted `the ` next to another `the `, identical "
        "lines) make both imperfect for any minimal aligner.",
        "- rewrite-reject %: pairs that the rewrite filter (Specification §3.4: a hunk that inserts, with "
        "max(deleted, inserted) ≥ 20 characters) would reject given this alignment; the ground "
        "truth of the web-like sizes has none. For the paper pipeline it is the pipeline's own "
        "reject, and its del-F1 counts only the 'delete' opcodes it keeps.",
    ]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    if args.swift_log and os.path.exists(args.swift_log):
        lines += ["", "## AlignmentBenchmark output (Swift, one process per size)", "", "```"]
        lines += merge_swift_log(args.swift_log)
        lines += ["```"]
    return "\n".join(lines) + "\n"


def merge_swift_log(path):
    """One header, every size's row, the notes once (each size ran in its own process)."""
    head, rows, tail = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            first = line.split(" ", 1)[0]
            if first in CASE_ORDER:
                rows.append(line)
            elif not rows:
                if line not in head:
                    head.append(line)
            elif line not in head and line not in tail:
                tail.append(line)
    return head + rows + tail


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", help="directory written by AlignmentBenchmark --dump")
    parser.add_argument("--out", default="Benchmarks/results/peers.md")
    parser.add_argument("--quick", action="store_true", help="short caps (for development)")
    parser.add_argument("--cap-seconds", type=float, default=None,
                        help="per peer and size: stop starting new pairs after this (default 15, quick 4)")
    parser.add_argument("--pair-timeout", type=float, default=None,
                        help="extra seconds a pair in flight may take before the peer is killed "
                             "(default 30, quick 10)")
    parser.add_argument("--reference-timeout", type=float, default=300)
    parser.add_argument("--sizes", type=lambda s: s.split(","), default=None)
    parser.add_argument("--command", default=None, help="the command line to print in the report")
    parser.add_argument("--swift-log", default=None,
                        help="AlignmentBenchmark output to include in the report")
    # worker mode (internal)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--case-file", help=argparse.SUPPRESS)
    parser.add_argument("--max-pairs", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cap_seconds is None:
        args.cap_seconds = 4.0 if args.quick else 15.0
    if args.pair_timeout is None:
        args.pair_timeout = 10.0 if args.quick else 30.0
    args.load_at_start = load_average()
    if args.worker:
        run_worker(args)
    else:
        if not args.dump:
            parser.error("--dump is required")
        run_parent(args)


if __name__ == "__main__":
    main()

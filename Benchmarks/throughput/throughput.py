#!/usr/bin/env python3
"""Issue 14 (throughput) in one run: Scalpel and its references measured interleaved.

Run it through Benchmarks/throughput.sh, which builds the binaries and the virtual
environment (orjson, rapidfuzz, fast-diff-match-patch) first:

    Benchmarks/throughput.sh [--quick] [--only 1,2,...] [--out FILE]

Tables (Markdown on stdout and in --out, progress on stderr):
  1. end to end, one job, one file: build-pairs vs an orjson round trip vs the paper's pipeline
  2. the alignment kernel per size vs rapidfuzz Indel.editops and fast-diff-match-patch lines
  3. single records of 100 KB .. 100 MB: seconds, MB/s, per-byte time vs 100 KB, outcome
  4. worst cases (reordered, reversed, unrelated lines) at 1, 5, 20 MB, with a timeout
  5. --jobs 1 vs --jobs 2 for build-pairs and apply
  6. peak RSS of build-pairs on the 10 MB and 100 MB single records

Interleaving: every round runs each contender once, back to back, and the order of the
contenders is reversed every other round, so a change of machine load hits all of them
alike; the tables give medians over the rounds and ratios of the medians. Wall times are of
whole processes, measured here with os.wait4 (which also gives each child's peak RSS).
Inputs are generated deterministically under .build/bench-throughput and reused.

The `--worker` modes are the references themselves, each run in its own process.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ----------------------------------------------------------------------------- processes


CHILDREN = set()  # process groups of running children (own sessions, for the timeout)


def stop(signum, frame):
    """On SIGINT/SIGTERM, end the children started here too, then exit."""
    for pid in list(CHILDREN):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sys.exit(128 + signum)


class Run:
    def __init__(self, seconds, rss_kib, status, timed_out):
        self.seconds = seconds
        self.rss_kib = rss_kib
        self.status = status
        self.timed_out = timed_out


def run(cmd, timeout=None, stdout=subprocess.DEVNULL):
    """Runs cmd; wall seconds and peak RSS (KiB) of that child alone, via wait4."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, start_new_session=True)
    CHILDREN.add(proc.pid)
    killed = []

    def kill():
        killed.append(True)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    err = b""
    try:
        # stderr is small (-q); read it before waiting so a chatty child cannot block.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        if timer:
            timer.cancel()
    CHILDREN.discard(proc.pid)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if killed:
        return Run(seconds, usage.ru_maxrss, "timeout", True)
    if proc.returncode != 0:
        tail = (err.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
        return Run(seconds, usage.ru_maxrss, f"exit {proc.returncode}: {tail[:100]}", False)
    return Run(seconds, usage.ru_maxrss, "ok", False)


def run_together(commands):
    """Starts every command at once; wall seconds until the last one ends (all must succeed)."""
    started = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True) for cmd in commands]
    for proc in procs:
        CHILDREN.add(proc.pid)
    codes = [proc.wait() for proc in procs]
    for proc in procs:
        CHILDREN.discard(proc.pid)
    if any(codes):
        raise RuntimeError(f"concurrent runs failed: exit codes {codes}")
    return time.perf_counter() - started


def run_capture(cmd, timeout=None):
    """Runs cmd and returns its stdout (text); raises on failure."""
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({out.returncode}): {out.stderr.strip()[-300:]}")
    return out.stdout


def median(values):
    return statistics.median(values) if values else float("nan")


def orders(names, rounds):
    """Round r runs names in order, reversed on odd rounds."""
    for r in range(rounds):
        yield r, (list(names) if r % 2 == 0 else list(reversed(names)))


# ----------------------------------------------------------------------------- formatting


def f1(x):
    return "–" if x is None or x != x else f"{x:,.1f}"


def f2(x):
    return "–" if x is None or x != x else f"{x:,.2f}"


def f3(x):
    return "–" if x is None or x != x else f"{x:,.3f}"


def met(ok):
    return "–" if ok is None else ("met" if ok else "**not met**")


def table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- inputs


class Inputs:
    def __init__(self, work, bin_dir):
        self.work = work
        self.bench = os.path.join(bin_dir, "AlignmentBenchmark")
        os.makedirs(work, exist_ok=True)

    def path(self, name):
        return os.path.join(self.work, name)

    def corpus(self, copies):
        """Examples/web-corpus/corpus.jsonl repeated with fresh ids, as build-pairs.sh does."""
        target = self.path(f"corpus-x{copies}.jsonl")
        if not os.path.exists(target):
            log(f"generating {target}")
            with open(os.path.join(ROOT, "Examples/web-corpus/corpus.jsonl"), encoding="utf-8") as f:
                source = f.read().splitlines(keepends=True)
            with open(target + ".tmp", "w", encoding="utf-8") as out:
                for copy in range(copies):
                    for line in source:
                        out.write(line.replace('"id": "', f'"id": "c{copy}-', 1))
            os.replace(target + ".tmp", target)
        return target

    def record(self, size, seed=1):
        """One web-like record of about `size` original bytes whose refined text only deletes
        (AlignmentBenchmark --emit-record SIZE --seed SEED --pure-deletion)."""
        target = self.path(f"record-{size}-s{seed}-pure.jsonl")
        if not os.path.exists(target):
            log(f"generating {target}")
            with open(target + ".tmp", "wb") as out:
                subprocess.run([self.bench, "--emit-record", str(size), "--seed", str(seed),
                                "--pure-deletion"], stdout=out, check=True)
            os.replace(target + ".tmp", target)
        return target

    def many_records(self, size, count):
        """`count` records of `size` (seeds 1..count) in one file: the per-byte reference of
        records of that size without the fixed cost of a process."""
        target = self.path(f"records-{size}-x{count}-pure.jsonl")
        if not os.path.exists(target):
            log(f"generating {target}")
            with open(target + ".tmp", "wb") as out:
                for seed in range(1, count + 1):
                    with open(self.record(size, seed), "rb") as f:
                        out.write(f.read())
            os.replace(target + ".tmp", target)
        return target

    def worst(self, kind, size):
        """The size's web record with a refined text that is not a refinement of it."""
        target = self.path(f"worst-{kind}-{size}.jsonl")
        if not os.path.exists(target):
            log(f"generating {target}")
            with open(self.record(size), encoding="utf-8") as f:
                text = json.loads(f.readline())["text"]
            lines = text.split("\n")
            trailing = lines[-1] == ""
            if trailing:
                lines.pop()
            if kind == "reordered":
                lines = lines[:]
                random.Random(14).shuffle(lines)
                refined = "\n".join(lines) + ("\n" if trailing else "")
            elif kind == "reversed":
                refined = "\n".join(reversed(lines)) + ("\n" if trailing else "")
            elif kind == "unrelated":
                with open(self.record(size, seed=2), encoding="utf-8") as f:
                    refined = json.loads(f.readline())["text"]
            else:
                raise ValueError(kind)
            with open(target + ".tmp", "w", encoding="utf-8") as out:
                out.write(json.dumps({"id": f"{kind}-{size}", "text": text, "refined": refined},
                                     ensure_ascii=False) + "\n")
            os.replace(target + ".tmp", target)
        return target

    def kernel_pairs(self, sizes):
        """AlignmentBenchmark --dump: the kernel's pairs, for the peers to align too."""
        directory = self.path("kernel")
        os.makedirs(directory, exist_ok=True)
        missing = [s for s in sizes if not os.path.exists(os.path.join(directory, f"pairs-{s}.jsonl"))]
        if missing:
            log(f"dumping kernel pairs {','.join(missing)}")
            run_capture([self.bench, "--sizes", ",".join(missing), "--seconds", "0",
                         "--dump", directory])
        return {s: os.path.join(directory, f"pairs-{s}.jsonl") for s in sizes}


def label(item):
    return item if isinstance(item, str) else human(item)


def human(size):
    if size >= 1_000_000:
        return f"{size // 1_000_000} MB"
    return f"{size // 1000} KB"


# ----------------------------------------------------------------------------- build-pairs


def stats_outcome(stats_path, rejects_path):
    """'accepted' or 'rejected: reason' for a one-record run."""
    try:
        with open(stats_path, encoding="utf-8") as f:
            stats = json.load(f)
    except (OSError, json.JSONDecodeError):
        stats = {}
    if stats.get("records_accepted"):
        return f"accepted ({stats.get('pairs_out', '?')} pairs)", stats
    reason = None
    try:
        with open(rejects_path, encoding="utf-8") as f:
            line = f.readline()
            if line:
                reject = json.loads(line)
                reason = reject.get("reason")
                detail = reject.get("detail")
                if detail:
                    reason = f"{reason} ({str(detail)[:60]})"
    except (OSError, json.JSONDecodeError):
        pass
    return f"rejected: {reason or '?'}", stats


class Scalpel:
    def __init__(self, bin_dir, work):
        self.bin = os.path.join(bin_dir, "scalpel")
        self.work = work

    def build_pairs(self, path, tag, jobs=1, timeout=None, pairs=None):
        pairs = pairs or os.path.join(self.work, f"out-{tag}.pairs.jsonl")
        rejects = os.path.join(self.work, f"out-{tag}.rejects.jsonl")
        stats = os.path.join(self.work, f"out-{tag}.stats.json")
        for p in (rejects, stats):
            if os.path.exists(p):
                os.remove(p)
        result = run([self.bin, "build-pairs", path, "-o", pairs, "--rejects", rejects,
                      "--stats", stats, "--jobs", str(jobs), "-q"], timeout=timeout)
        result.outcome, result.stats = ("timeout", {}) if result.timed_out else \
            stats_outcome(stats, rejects)
        if result.status not in ("ok", "timeout") and result.outcome.startswith("rejected: ?"):
            result.outcome = result.status
        # A run whose only record is rejected exits 1 by design; it still completed.
        result.completed = not result.timed_out and "records_in" in result.stats
        return result

    def apply(self, path, programs, tag, jobs=1, timeout=None):
        return run([self.bin, "apply", path, "--programs", programs, "-o",
                    os.path.join(self.work, f"out-{tag}.refined.jsonl"), "--jobs", str(jobs), "-q"],
                   timeout=timeout)


# ----------------------------------------------------------------------------- workers


def worker_orjson(path, out_path):
    """An orjson round trip: parse every line, serialise it again, write it out."""
    import orjson

    loads, dumps = orjson.loads, orjson.dumps
    with open(path, "rb") as f, open(out_path, "wb") as out:
        write = out.write
        for line in f:
            write(dumps(loads(line)))
            write(b"\n")


def render_calls(calls):
    rendered = []
    for call in calls:
        if call[0] == "remove_lines":
            rendered.append(f"remove_lines({call[1]}, {call[2]})")
        else:
            rendered.append(f"remove_str({call[1]}, {json.dumps(call[2], ensure_ascii=False)})")
    return "\n".join(rendered)


def worker_paper(path, out_path, cap_seconds):
    """The paper's pipeline end to end: json, difflib (defaults), deletion-only mapping and the
    rewrite filter (peers.py's paper_pipeline), json.dumps of each pair; stops after
    cap_seconds and prints the bytes of input it got through and its seconds."""
    sys.path.insert(0, os.path.join(ROOT, "Benchmarks", "peers"))
    from peers import paper_pipeline

    done_bytes = records = 0
    started = time.perf_counter()
    with open(path, "rb") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            record = json.loads(line)
            result = paper_pipeline(record["text"], record["refined"])
            if not result["rejected"]:
                out.write(json.dumps({"id": record["id"], "text": record["text"],
                                      "program": render_calls(result["calls"])},
                                     ensure_ascii=False) + "\n")
            done_bytes += len(line)
            records += 1
            if time.perf_counter() - started >= cap_seconds:
                break
    print(json.dumps({"bytes": done_bytes, "records": records,
                      "seconds": time.perf_counter() - started}))


def kernel_peer(name):
    if name == "rf_indel":
        from rapidfuzz.distance import Indel

        return lambda a, b: Indel.editops(a, b)
    if name == "dmp_lines":
        import fast_diff_match_patch as dmp

        return lambda a, b: dmp.diff(a, b, timelimit=0, checklines=True, cleanup="No",
                                     counts_only=True)
    raise ValueError(name)


def worker_kernel(name, case_file, seconds):
    """Times a peer aligner on the dumped pairs like AlignmentBenchmark times Scalpel: cycle
    over the pairs for `seconds`, each pair's median time, the median over pairs of each
    pair's MB/s (original UTF-8 bytes). A pair already started is finished."""
    align = kernel_peer(name)
    pairs = []
    with open(case_file, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            pairs.append((p["original"], p["refined"], len(p["original"].encode("utf-8"))))
    align(pairs[0][0][:2000], pairs[0][1][:2000])  # warm-up
    times = [[] for _ in pairs]
    started = time.perf_counter()
    while True:
        for k, (a, b, _) in enumerate(pairs):
            t0 = time.perf_counter()
            align(a, b)
            times[k].append(time.perf_counter() - t0)
            if time.perf_counter() - started >= seconds and all(times[: k + 1]):
                break
        if time.perf_counter() - started >= seconds:
            break
    timed = [(statistics.median(t), pairs[k][2]) for k, t in enumerate(times) if t]
    print(json.dumps({"pairs": len(timed), "of": len(pairs),
                      "median_ms": statistics.median(t for t, _ in timed) * 1000,
                      "mb_per_s": statistics.median(n / t / 1e6 for t, n in timed)}))


# ----------------------------------------------------------------------------- tables


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.work = os.path.abspath(args.work)
        self.inputs = Inputs(self.work, args.bin_dir)
        self.scalpel = Scalpel(args.bin_dir, self.work)
        self.bench_bin = os.path.join(args.bin_dir, "AlignmentBenchmark")
        self.python = sys.executable
        self.rounds = args.rounds or (3 if self.quick else 5)
        self.copies = 10 if self.quick else 40
        self.sections = {}
        self.loads = {}

    def corpus(self):
        return self.inputs.corpus(self.copies)

    # 1 -----------------------------------------------------------------------------------
    def end_to_end(self):
        path = self.corpus()
        size = os.path.getsize(path)
        cap = 4.0 if self.quick else 10.0
        samples = {"scalpel": [], "orjson": [], "paper": []}
        paper_records = []
        orjson_out = os.path.join(self.work, "out-orjson.jsonl")
        paper_out = os.path.join(self.work, "out-paper.jsonl")
        for r, order in orders(["scalpel", "orjson", "paper"], self.rounds):
            for name in order:
                if name == "scalpel":
                    res = self.scalpel.build_pairs(path, "e2e", jobs=1)
                    if res.status != "ok":
                        raise RuntimeError(f"build-pairs failed: {res.status}")
                    samples[name].append(size / res.seconds / 1e6)
                elif name == "orjson":
                    res = run([self.python, __file__, "--worker", "orjson", path, orjson_out])
                    if res.status != "ok":
                        raise RuntimeError(f"orjson worker failed: {res.status}")
                    samples[name].append(size / res.seconds / 1e6)
                else:
                    out = run_capture([self.python, __file__, "--worker", "paper", path, paper_out,
                                       "--cap-seconds", str(cap)])
                    info = json.loads(out)
                    paper_records.append(info["records"])
                    samples[name].append(info["bytes"] / info["seconds"] / 1e6)
            log(f"table 1 round {r + 1}/{self.rounds}: " + ", ".join(
                f"{k} {v[-1]:.1f} MB/s" for k, v in samples.items()))
        s, o, p = (median(samples[k]) for k in ("scalpel", "orjson", "paper"))
        rows = [
            ["`scalpel build-pairs FILE -o … --rejects … --stats … --jobs 1 -q`", f1(s), "1.00", "–", "–"],
            ["orjson round trip (parse, `orjson.dumps`, write every line)", f1(o), f2(s / o),
             "Scalpel ≥ orjson round trip", met(s >= o)],
            [f"paper pipeline (json, difflib defaults, deletion mapping, filter, json.dumps; "
             f"first {min(paper_records):,}–{max(paper_records):,} records, {cap:.0f} s cap)",
             f2(p), f"{s / p:,.0f}", "–", "–"],
        ]
        text = (f"Input: `{os.path.relpath(path, ROOT)}` ({size / 1e6:.1f} MB, the bundled corpus "
                f"×{self.copies} with fresh ids). {self.rounds} rounds, order reversed every other "
                f"round; median MB/s of input JSONL over the rounds. Scalpel and orjson: wall time "
                f"of the whole process (the orjson one includes starting Python, ~0.03 s); the "
                f"paper pipeline, far slower, runs on the file's first records for {cap:.0f} s "
                f"(time inside the process).\n\n")
        text += table(["command", "MB/s", "Scalpel ÷ this", "target", "status"], rows,
                      ["---", "---:", "---:", "---", "---"])
        text += "\n\nPer-round MB/s: " + "; ".join(
            f"{k} " + ", ".join(f"{v:.1f}" for v in samples[k]) for k in samples)
        return text

    # 2 -----------------------------------------------------------------------------------
    def kernel(self):
        sizes = ["5k", "20k", "100k", "1m"]
        files = self.inputs.kernel_pairs(sizes)
        seconds = 0.5 if self.quick else 1.5
        peers = {"5k": ["rf_indel", "dmp_lines"], "20k": ["rf_indel", "dmp_lines"],
                 "100k": ["rf_indel", "dmp_lines"], "1m": ["dmp_lines"]}
        labels = {"scalpel": "Scalpel (AlignmentBenchmark)", "rf_indel": "rapidfuzz Indel.editops",
                  "dmp_lines": "fast-diff-match-patch, line mode"}
        targets = {"20k": 400, "1m": 200}
        rows = []
        per_size = {}
        for size in sizes:
            names = ["scalpel"] + peers[size]
            samples = {n: [] for n in names}
            ms = {n: [] for n in names}
            counts = {}
            for r, order in orders(names, self.rounds):
                for name in order:
                    if name == "scalpel":
                        out = run_capture([self.bench_bin, "--sizes", size, "--seconds", str(seconds)])
                        line = next(l for l in out.splitlines() if l.split()[:1] == [size])
                        fields = line.split()
                        ms[name].append(float(fields[3]))
                        samples[name].append(float(fields[5]))
                        counts[name] = f"{fields[1]}/{fields[1]}"
                    else:
                        out = run_capture([self.python, __file__, "--worker", "kernel", name,
                                           files[size], "--cap-seconds", str(seconds)], timeout=600)
                        info = json.loads(out)
                        ms[name].append(info["median_ms"])
                        samples[name].append(info["mb_per_s"])
                        counts[name] = f"{info['pairs']}/{info['of']}"
            log(f"table 2 {size}: " + ", ".join(f"{n} {median(v):.2f} MB/s" for n, v in samples.items()))
            s = median(samples["scalpel"])
            per_size[size] = s
            target = targets.get(size)
            rows.append([size, labels["scalpel"], counts["scalpel"], f3(median(ms["scalpel"])), f1(s),
                         "1.0", f"≥ {target} MB/s" if target else "–",
                         met(s >= target) if target else "–"])
            for name in peers[size]:
                p = median(samples[name])
                rows.append([size, labels[name], counts[name], f3(median(ms[name])), f2(p),
                             f"{s / p:,.1f}", "–", "–"])
            if size == "1m":
                rows.append([size, labels["rf_indel"], "–", "–", "–", "–", "–",
                             "not run: its bit matrix needs ~N·M/8 bytes (~100 GB)"])
        text = (f"The pairs of `AlignmentBenchmark --sizes 5k,20k,100k,1m` (web-like, ~15% of lines "
                f"deleted, in-line junk, typos, inserted words; dumped once with `--dump`), each size "
                f"timed by Scalpel's benchmark binary (`--sizes SIZE --seconds {seconds}`) and by each "
                f"peer on the same pairs in its own process for {seconds} s, back to back, "
                f"{self.rounds} rounds, order reversed every other round. MB/s: median over pairs of "
                f"original UTF-8 bytes ÷ the pair's median time, then the median over rounds. "
                f"Scalpel ÷ peer is the ratio of the MB/s medians. Pairs: pairs timed / pairs.\n\n")
        text += table(["size", "aligner", "pairs", "median ms/pair", "MB/s", "Scalpel ÷ this",
                       "target", "status"], rows, ["---", "---"] + ["---:"] * 4 + ["---", "---"])
        return text

    # 3 + 6 -------------------------------------------------------------------------------
    def records(self):
        sizes = [100_000, 1_000_000, 10_000_000] + ([] if self.quick else [100_000_000])
        files = {s: self.inputs.record(s) for s in sizes}
        # The per-byte reference: 100 records of 100 KB in one file (the process's fixed
        # cost, start, outputs, sync, manifest, spread over 19 MB like the 10 MB record's).
        reference = "100 KB ×100"
        files[reference] = self.inputs.many_records(100_000, 100)
        items = [reference] + sizes
        timeout = 300
        rounds = 2 if self.quick else 3
        runs = {s: [] for s in items}
        outcome = {}
        for r, order in orders(items, rounds):
            for item in order:
                if runs[item] and runs[item][-1].timed_out:
                    continue
                repeat = 5 if item in (100_000, 1_000_000) else 1  # short runs: more samples
                for _ in range(repeat):
                    res = self.scalpel.build_pairs(files[item], f"rec-{item}".replace(" ", ""),
                                                   timeout=timeout)
                    runs[item].append(res)
                    outcome[item] = res
                    if res.timed_out:
                        break
            log(f"table 3 round {r + 1}/{rounds}: " + ", ".join(
                f"{label(s)} {runs[s][-1].seconds:.2f} s" for s in order))
        rows = []
        per_byte = {}
        self.record_memory = []
        for item in items:
            nbytes = os.path.getsize(files[item])
            ok = [x for x in runs[item] if x.completed]
            if not ok:
                rows.append([label(item), f"{nbytes / 1e6:.2f}", outcome[item].status, "–", "–", "–",
                             "–", "–", "–", outcome[item].outcome])
                continue
            seconds = median([x.seconds for x in ok])
            internal = median([x.stats.get("seconds", 0) for x in ok])
            per_byte[item] = seconds / nbytes
            rel_many = per_byte[item] / per_byte[reference] if reference in per_byte else None
            rel_one = per_byte[item] / per_byte[100_000] if 100_000 in per_byte and item != reference else None
            mbps = nbytes / seconds / 1e6
            target, status = "–", "–"
            if item == 10_000_000:
                target = "≤ 1.5× the 100 KB per-byte time (both columns)"
                status = met(rel_many is not None and rel_many <= 1.5 and rel_one is not None
                             and rel_one <= 1.5)
            if item == 100_000_000:
                target, status = "≥ 20 MB/s", met(mbps >= 20)
            accepted = ok[-1].stats.get("records_accepted")
            result = outcome[item].outcome if item != reference else \
                f"{accepted} of 100 accepted ({ok[-1].stats.get('pairs_out')} pairs)"
            rows.append([label(item), f"{nbytes / 1e6:.2f}", f3(seconds), f3(internal), f1(mbps),
                         f2(rel_many), f2(rel_one), target, status, result])
            if item != reference:
                self.record_memory.append((item, nbytes, max(x.rss_kib for x in ok)))
        text = (f"One JSONL record per file, `AlignmentBenchmark --emit-record BYTES --seed 1 "
                f"--pure-deletion` (a web page of that original size, ~15% of lines deleted plus "
                f"in-line junk and one-letter typo deletions, as in the `1m` kernel case but without "
                f"inserted words, so that the record can be accepted: with them, any large page has "
                f"a rewrite hunk of 20+ characters and is rejected as `rewrite_too_large`), and, as "
                f"the per-byte reference for 100 KB records without the fixed cost of a process "
                f"(start, outputs, sync, manifest: tens of ms), one file of 100 such 100 KB records "
                f"(seeds 1–100). `scalpel build-pairs FILE -o … --rejects … --stats … --jobs 1 -q`, "
                f"files interleaved ({rounds} rounds, order reversed every other round; 5 runs per "
                f"round for the 100 KB and 1 MB records), median wall time of the process; "
                f"'in-process s' is the summary's `seconds`. Input MB and MB/s count the JSONL "
                f"bytes (original + refined, about twice the record's size). Timeout {timeout} s.\n\n")
        text += table(["input", "input MB", "seconds", "in-process s", "MB/s",
                       "per-byte ÷ 100 KB ×100", "per-byte ÷ one 100 KB record", "target", "status",
                       "outcome"], rows, ["---"] + ["---:"] * 6 + ["---", "---", "---"])
        return text

    def memory(self):
        rows = []
        for size, nbytes, rss in getattr(self, "record_memory", []):
            if size < 10_000_000:
                continue
            ratio = rss * 1024 / nbytes
            rows.append([human(size), f"{nbytes / 1e6:.1f}", f"{rss / 1024:.0f}", f2(ratio),
                         f2(rss * 1024 / size), "≤ 3×", met(ratio <= 3)])
        if not rows:
            return "Not run (needs table 3)."
        text = ("Peak RSS (`ru_maxrss` of the build-pairs process, from `os.wait4`, the largest over "
                "table 3's runs) ÷ the record's JSONL bytes (original and refined text, escaped); "
                "the target is read on that column. The last ratio is over the original text's "
                "size alone.\n\n")
        text += table(["record", "input MB", "peak RSS MiB", "RSS ÷ record", "RSS ÷ original text",
                       "target", "status"], rows, ["---"] + ["---:"] * 4 + ["---", "---"])
        if self.quick:
            text += "\n\n`--quick` skips the 100 MB record."
        return text

    # 4 -----------------------------------------------------------------------------------
    def worst(self):
        sizes = [1_000_000, 5_000_000] + ([] if self.quick else [20_000_000])
        kinds = ["reordered", "reversed", "unrelated"]
        timeout = self.args.timeout or (45 if self.quick else 300)
        repeats = 1 if self.quick else 3
        rows = []
        for kind in kinds:
            previous_timed_out = False
            previous = None  # (size, seconds) of the last size that completed
            for size in sizes:
                # Skipped inputs are not generated.
                if previous_timed_out:
                    rows.append([kind, human(size), "–", "skipped", "–", "≥ 20 MB/s",
                                 met(False), "a smaller size timed out"])
                    continue
                if previous and previous[1] * size / previous[0] > timeout:
                    rows.append([kind, human(size), "–", "skipped", "–", "≥ 20 MB/s",
                                 met(False), f"{human(previous[0])} took {previous[1]:.0f} s: even "
                                 f"linear, over the {timeout:.0f} s timeout"])
                    continue
                path = self.inputs.worst(kind, size)
                nbytes = os.path.getsize(path)
                results = []
                while True:
                    res = self.scalpel.build_pairs(path, f"worst-{kind}-{size}", timeout=timeout)
                    results.append(res)
                    # repeat short runs (up to 3), not minute-long ones
                    if not res.completed or res.seconds > 10 or len(results) >= repeats:
                        break
                if res.completed:
                    previous = (size, res.seconds)
                log(f"table 4 {kind} {human(size)}: {res.seconds:.1f} s, {res.outcome}")
                if res.timed_out:
                    previous_timed_out = True
                    rows.append([kind, human(size), f"{nbytes / 1e6:.1f}", f"timeout ({timeout:.0f} s)",
                                 "–", "≥ 20 MB/s", met(False), "timeout"])
                    continue
                ok = [x for x in results if x.completed]
                if not ok:
                    rows.append([kind, human(size), f"{nbytes / 1e6:.1f}", res.status, "–",
                                 "≥ 20 MB/s", "–", res.outcome])
                    continue
                seconds = median([x.seconds for x in ok])
                mbps = nbytes / seconds / 1e6
                rows.append([kind, human(size), f"{nbytes / 1e6:.1f}", f"{seconds:.2f} ({len(ok)} run{'s' if len(ok) > 1 else ''})",
                             f1(mbps), "≥ 20 MB/s", met(mbps >= 20), res.outcome])
        text = (f"The web record of each size (table 3's generator) with, as its refined text, its own "
                f"lines in a fixed random order (`random.Random(14)`), its lines reversed, or another "
                f"page of the same size (seed 2). `scalpel build-pairs … --jobs 1 -q`, wall time "
                f"(median of up to {repeats} runs when a run takes under 10 s), timeout {timeout:.0f} s "
                f"per run; after a timeout, or when the last size's time scaled linearly exceeds the "
                f"timeout, the larger sizes of that kind are skipped (and count as not met).\n\n")
        text += table(["refined text", "size", "input MB", "seconds", "MB/s", "target", "status",
                       "outcome"], rows, ["---", "---"] + ["---:"] * 3 + ["---", "---", "---"])
        if self.quick:
            text += "\n\n`--quick` skips the 20 MB records."
        return text

    # 5 -----------------------------------------------------------------------------------
    def jobs(self):
        path = self.corpus()
        size = os.path.getsize(path)
        programs = os.path.join(self.work, "out-jobs-programs.pairs.jsonl")
        self.scalpel.build_pairs(path, "jobs-programs", jobs=2, pairs=programs)
        # The machine's own ceiling: the same work as two independent one-job processes, each
        # on one half of the file, run at the same time (no shared state at all).
        halves = [os.path.join(self.work, f"corpus-half-{k}.jsonl") for k in (1, 2)]
        if not all(os.path.exists(h) for h in halves):
            with open(path, "rb") as f:
                lines = f.readlines()
            middle = len(lines) // 2
            for half, part in zip(halves, (lines[:middle], lines[middle:])):
                with open(half + ".tmp", "wb") as out:
                    out.writelines(part)
                os.replace(half + ".tmp", half)
        two_processes = [
            [self.scalpel.bin, "build-pairs", half, "-o",
             os.path.join(self.work, f"out-jobs-half-{k}.pairs.jsonl"), "--jobs", "1", "-q"]
            for k, half in enumerate(halves, 1)]
        samples = {k: [] for k in ("bp1", "bp2", "ap1", "ap2", "two")}
        rss = {k: 0 for k in samples}
        for r, order in orders(["bp1", "bp2", "ap1", "ap2", "two"], self.rounds):
            for name in order:
                if name == "two":
                    samples[name].append(run_together(two_processes))
                    continue
                jobs = int(name[2])
                if name.startswith("bp"):
                    res = self.scalpel.build_pairs(path, f"jobs-{jobs}", jobs=jobs)
                else:
                    res = self.scalpel.apply(path, programs, f"jobs-{jobs}", jobs=jobs)
                if res.status != "ok":
                    raise RuntimeError(f"{name} failed: {res.status}")
                samples[name].append(res.seconds)
                rss[name] = max(rss[name], res.rss_kib)
            log(f"table 5 round {r + 1}/{self.rounds}: " + ", ".join(
                f"{k} {v[-1]:.2f} s" for k, v in samples.items()))
        rows = []
        for command, key, target in (("build-pairs", "bp", 1.85), ("apply", "ap", 1.8)):
            t1, t2 = median(samples[key + "1"]), median(samples[key + "2"])
            rows.append([command, f3(t1), f1(size / t1 / 1e6), f3(t2), f1(size / t2 / 1e6),
                         f2(t1 / t2), f"≥ {target}×", met(t1 / t2 >= target),
                         f"{rss[key + '1'] // 1024} / {rss[key + '2'] // 1024}"])
        t1, two = median(samples["bp1"]), median(samples["two"])
        rows.append(["two build-pairs --jobs 1 processes, one per half of the file, at once "
                     "(the machine's ceiling)", f3(t1), f1(size / t1 / 1e6), f3(two),
                     f1(size / two / 1e6), f2(t1 / two), "–", "–", "–"])
        text = (f"Input: the corpus file of table 1 ({size / 1e6:.1f} MB); `apply` executes the "
                f"pairs build-pairs wrote (`--programs`). {self.rounds} rounds of build-pairs "
                f"--jobs 1, --jobs 2, apply --jobs 1, --jobs 2 and two independent build-pairs "
                f"--jobs 1 processes on the two halves of the file started together, order "
                f"reversed every other round; median wall seconds. The last row is what two cores "
                f"of this machine give to work that shares nothing: a `--jobs 2` speed-up is "
                f"bounded by it. On 2 cores shared with other builds, --jobs 2 rarely gets two "
                f"idle cores: read the ratio with the load figures above.\n\n")
        text += table(["command", "jobs 1 s", "jobs 1 MB/s", "jobs 2 s", "jobs 2 MB/s", "speed-up",
                       "target", "status", "peak RSS MiB (1 / 2)"], rows,
                      ["---"] + ["---:"] * 5 + ["---", "---", "---:"])
        return text


TITLES = {
    1: "1. End to end, one job, one file",
    2: "2. Alignment kernel per size vs peers",
    3: "3. Record-size scaling (one record per file)",
    4: "4. Worst cases",
    5: "5. Jobs scaling",
    6: "6. Peak memory for one record",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--cap-seconds", type=float, default=10.0, help=argparse.SUPPRESS)
    parser.add_argument("--bin-dir")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench-throughput"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Benchmarks", "results", "throughput.md"))
    parser.add_argument("--quick", action="store_true", help="fewer rounds, no 20 MB/100 MB inputs")
    parser.add_argument("--only", help="comma-separated table numbers (default: all)")
    parser.add_argument("--rounds", type=int, help="rounds for tables 1, 2 and 5 (default 3 quick, 5)")
    parser.add_argument("--timeout", type=float, help="seconds per worst-case run (default 45 quick, 300)")
    parser.add_argument("--command", default="Benchmarks/throughput/throughput.py")
    args = parser.parse_args()

    if args.worker == "orjson":
        return worker_orjson(*args.worker_args)
    if args.worker == "paper":
        return worker_paper(*args.worker_args, args.cap_seconds)
    if args.worker == "kernel":
        return worker_kernel(*args.worker_args, args.cap_seconds)
    if args.worker:
        raise SystemExit(f"unknown worker {args.worker}")
    if not args.bin_dir:
        raise SystemExit("--bin-dir is required (run Benchmarks/throughput.sh)")

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    only = {int(x) for x in args.only.split(",")} if args.only else set(TITLES)
    bench = Bench(args)
    start_load = loadavg()
    start = datetime.datetime.now(datetime.timezone.utc)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources"],
                           capture_output=True, text=True).stdout.strip()
    log(f"load {start_load}; mode {'quick' if args.quick else 'full'}; work {bench.work}")
    sections = {}
    # Cheap, comparative tables first; the long single-record runs last.
    plan = [(1, bench.end_to_end), (2, bench.kernel), (5, bench.jobs), (3, bench.records),
            (6, bench.memory), (4, bench.worst)]
    for number, method in plan:
        if number not in only:
            continue
        if number == 6 and 3 not in only:
            continue
        load_before = loadavg()
        log(f"table {number}: {TITLES[number]} (load {load_before})")
        t0 = time.monotonic()
        try:
            body = method()
        except Exception as error:  # a failed table is reported, the others still run
            body = f"Failed: `{type(error).__name__}: {error}`"
            log(f"table {number} failed: {error}")
        sections[number] = (body, load_before, loadavg(), time.monotonic() - t0)
    end_load = loadavg()
    end = datetime.datetime.now(datetime.timezone.utc)

    out = [
        "# Throughput (issue 14)",
        "",
        f"- Date: {start:%Y-%m-%d %H:%M} – {end:%H:%M} UTC ({(end - start).total_seconds() / 60:.1f} min)",
        f"- Command: `{args.command}`",
        f"- Mode: {'quick' if args.quick else 'full'}",
        f"- Commit: {commit}{' (Sources/ modified)' if dirty else ''}",
        f"- Machine: nproc {os.cpu_count()}, Python {sys.version.split()[0]}, "
        f"orjson {module_version('orjson')}, rapidfuzz {module_version('rapidfuzz')}, "
        f"fast-diff-match-patch {dist_version('fast-diff-match-patch')}",
        f"- Load average (1/5/15 min) at start: {start_load}, at end: {end_load}. The 2 cores are "
        f"shared with other engineers' Swift builds: absolute figures are noisy, the interleaved "
        f"ratios less so.",
        "",
    ]
    for number in sorted(sections):
        body, before, after, seconds = sections[number]
        out += [f"## {TITLES[number]}", "",
                f"_Load before {before}, after {after}; {seconds:.0f} s._", "", body, ""]
    text = "\n".join(out)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    log(f"wrote {args.out}")


def module_version(name):
    try:
        return __import__(name).__version__
    except Exception:
        return "not installed"


def dist_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "not installed"


if __name__ == "__main__":
    main()

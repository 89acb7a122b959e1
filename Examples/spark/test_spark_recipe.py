#!/usr/bin/env python3
"""Checks the Spark recipe against single-process scalpel, in Spark local mode.

    python Examples/spark/test_spark_recipe.py [--scalpel .build/release/scalpel]

Run it with a Python that has pyspark (Java 17+ on PATH). It splits
Examples/web-corpus/corpus.jsonl into 4 shards and runs, with master local[2]:
  1. build-pairs: Spark's pairs, concatenated part by part, must be byte-identical to
     `scalpel build-pairs corpus.jsonl`; the rejects must be the same records (id, reason,
     detail) in the same order (their `source` is per partition: "-:<line>").
  2. apply: documents joined with their programs in Spark (the programs given shuffled over
     3 files, so the join must not depend on their order) and piped through
     `scalpel apply - --program-field program` must give the same records, in the same order,
     as `scalpel apply corpus.jsonl --programs pairs.jsonl`, apart from the added "program"
     field; the report and the rejects likewise (without `source`).
  3. prompts: Spark's requests (`-- --constrain`), concatenated part by part, must be
     byte-identical to `scalpel prompts --constrain corpus.jsonl`; the rejects likewise.
  4. apply with batch replies: a shuffled batch output file made by
     Examples/web-corpus/simulate_refiner.py from the pairs and the requests of check 3
     (missing, failed, truncated, empty, keep_all, out-of-range and duplicate replies),
     applied by Spark, must give the records of `scalpel apply corpus.jsonl --programs
     replies.jsonl` (apart from "program"), the same rejects and the same report (a chunk
     whose reply failed is "missing program" in Spark's), and Spark's reply counts (lines,
     superseded, failed by reason) must equal the single run's summary `replies`.
Prints "spark-recipe: N passed, M failed" and exits 1 if a check failed. Without pyspark or
Java it prints "spark recipe: skipped: <reason>" and exits 0.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "Examples", "web-corpus", "corpus.jsonl")
RECIPE = os.path.join(HERE, "scalpel_spark.py")
SIMULATE_REFINER = os.path.join(ROOT, "Examples", "web-corpus", "simulate_refiner.py")
# The degradations of the batch replies in check 4 (simulate_refiner.py options).
DEGRADATIONS = [
    "--seed", "2507", "--missing", "0.03", "--error", "0.02", "--status-500", "0.03", "--length", "0.03",
    "--empty", "0.02", "--keep-all", "0.05", "--out-of-range", "0.05", "--drop-calls", "0.1", "--duplicate", "0.1",
]
SHARDS = 4
PARTITIONS = 4
# Keep Spark on the loopback interface and off the UI port.
SPARK_CONF = [
    "spark.driver.host=127.0.0.1",
    "spark.driver.bindAddress=127.0.0.1",
    "spark.ui.enabled=false",
    "spark.ui.showConsoleProgress=false",
]


class CheckFailed(Exception):
    pass


def skip_reason() -> str | None:
    try:
        import pyspark  # noqa: F401
    except Exception as error:  # ImportError, or a broken install
        return f"pyspark cannot be imported with {sys.executable} ({error})"
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        where = f"JAVA_HOME={java_home} has no bin/java" if java_home else "no java on PATH and no JAVA_HOME"
        return f"Java is not installed ({where})"
    try:
        version = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`java -version` failed ({error})"
    if version.returncode != 0:
        return f"`java -version` exited {version.returncode}"
    return None


def read_lines(paths) -> list[str]:
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            lines.extend(file.read().splitlines())
    return lines


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def parts(directory: str) -> list[str]:
    if not os.path.exists(os.path.join(directory, "_SUCCESS")):
        raise CheckFailed(f"{directory} has no _SUCCESS marker")
    return sorted(glob.glob(os.path.join(directory, "part-*")))


def without(records, *keys):
    return [{k: v for k, v in record.items() if k not in keys} for record in records]


def compare(name: str, got: list, want: list) -> None:
    if got == want:
        return
    if len(got) != len(want):
        raise CheckFailed(f"{name}: {len(got)} records from Spark, {len(want)} from one process")
    for index, (a, b) in enumerate(zip(got, want)):
        if a != b:
            raise CheckFailed(f"{name}: record {index} differs:\n  spark:  {str(a)[:300]}\n  single: {str(b)[:300]}")
    raise CheckFailed(f"{name}: differs")


def run(command: list[str], log: str, env=None) -> None:
    with open(log, "w") as output:
        completed = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, env=env, timeout=900, check=False)
    if completed.returncode != 0:
        with open(log, errors="replace") as output:
            tail = output.read()[-3000:]
        raise CheckFailed(f"{' '.join(command[:3])}... exited {completed.returncode}; log tail:\n{tail}")


def spark(arguments: list[str], log: str, scalpel_options: tuple[str, ...] = ()) -> None:
    """Runs the recipe; `scalpel_options` go after `--`, to scalpel in every partition."""
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    env.pop("SPARK_HOME", None)  # use the pip-installed Spark of this Python
    command = [sys.executable, RECIPE, *arguments, "--master", "local[2]", "--partitions", str(PARTITIONS)]
    for setting in SPARK_CONF:
        command += ["--conf", setting]
    if scalpel_options:
        command += ["--", *scalpel_options]
    run(command, log, env)


def check_build_pairs(work: str, scalpel: str) -> str:
    reference_pairs = os.path.join(work, "single", "pairs.jsonl")
    reference_rejects = os.path.join(work, "single", "pairs-rejects.jsonl")
    output = os.path.join(work, "spark-pairs")
    spark(
        ["build-pairs", "--input", os.path.join(work, "shards", "*.jsonl"), "--output", output, "--scalpel", scalpel],
        os.path.join(work, "spark-pairs.log"),
    )
    got = b"".join(read_bytes(path) for path in parts(os.path.join(output, "data")))
    want = read_bytes(reference_pairs)
    if got != want:
        compare("pairs", read_lines(parts(os.path.join(output, "data"))), read_lines([reference_pairs]))
        raise CheckFailed("pairs: same lines but different bytes")
    rejects = [json.loads(line) for line in read_lines(parts(os.path.join(output, "rejects")))]
    compare("rejects", without(rejects, "source"), without(map(json.loads, read_lines([reference_rejects])), "source"))
    if not all(r["source"].startswith("-:") for r in rejects):
        raise CheckFailed("rejects: a source is not '-:<line>'")
    return f"{len(want.splitlines())} pairs byte-identical, {len(rejects)} rejects identical"


def check_apply(work: str, scalpel: str) -> str:
    single = os.path.join(work, "single")
    # The programs, shuffled over 3 files: Spark joins by id, so their order must not matter.
    programs = read_lines([os.path.join(single, "pairs.jsonl")])
    random.Random(2507).shuffle(programs)
    program_dir = os.path.join(work, "programs")
    os.makedirs(program_dir)
    for index in range(3):
        with open(os.path.join(program_dir, f"programs-{index}.jsonl"), "w", encoding="utf-8") as file:
            file.writelines(line + "\n" for line in programs[index::3])
    output = os.path.join(work, "spark-apply")
    spark(
        [
            "apply",
            "--input",
            os.path.join(work, "shards"),
            "--programs",
            program_dir,
            "--output",
            output,
            "--scalpel",
            scalpel,
        ],
        os.path.join(work, "spark-apply.log"),
    )
    got = [json.loads(line) for line in read_lines(parts(os.path.join(output, "data")))]
    want = [json.loads(line) for line in read_lines([os.path.join(single, "refined.jsonl")])]
    with_programs = sum("program" in record for record in got)
    documents_with_programs = len({json.loads(line)["id"].rsplit("#", 1)[0] for line in programs})
    if with_programs != documents_with_programs:
        raise CheckFailed(f"{with_programs} records carry programs, expected {documents_with_programs}")
    compare("refined documents", without(got, "program"), want)
    changed = sum(record["refined_text"] != record["text"] for record in want)
    report = [json.loads(line) for line in read_lines(parts(os.path.join(output, "report")))]
    compare(
        "report",
        without(report, "source"),
        without(map(json.loads, read_lines([os.path.join(single, "report.jsonl")])), "source"),
    )
    rejects = [json.loads(line) for line in read_lines(parts(os.path.join(output, "rejects")))]
    compare(
        "apply rejects",
        without(rejects, "source"),
        without(map(json.loads, read_lines([os.path.join(single, "apply-rejects.jsonl")])), "source"),
    )
    return f"{len(got)} documents identical ({changed} changed, {with_programs} with programs), report identical"


def check_prompts(work: str, scalpel: str) -> str:
    single = os.path.join(work, "single")
    output = os.path.join(work, "spark-prompts")
    spark(
        ["prompts", "--input", os.path.join(work, "shards"), "--output", output, "--scalpel", scalpel],
        os.path.join(work, "spark-prompts.log"),
        scalpel_options=("--constrain",),
    )
    got = b"".join(read_bytes(path) for path in parts(os.path.join(output, "data")))
    want = read_bytes(os.path.join(single, "requests.jsonl"))
    if got != want:
        compare("requests", read_lines(parts(os.path.join(output, "data"))), read_lines([os.path.join(single, "requests.jsonl")]))
        raise CheckFailed("requests: same lines but different bytes")
    rejects = [json.loads(line) for line in read_lines(parts(os.path.join(output, "rejects")))]
    compare(
        "prompts rejects",
        without(rejects, "source"),
        without(map(json.loads, read_lines([os.path.join(single, "prompts-rejects.jsonl")])), "source"),
    )
    return f"{len(want.splitlines())} requests byte-identical, {len(rejects)} rejects identical"


def as_missing_programs(report_line: dict) -> dict:
    """A single-process report line with batch replies, as Spark's --program-field run writes it.

    Spark passes no program for a chunk whose reply failed, so scalpel sees a missing program:
    chunks_reply_failed is counted in chunks_missing_program and the chunk's message is the
    missing-program one.
    """
    line = dict(report_line)
    line["chunks_missing_program"] += line.pop("chunks_reply_failed")
    line["errors"] = [
        dict(error, message="no program for this chunk; left unchanged")
        if error["line"] is None and error["message"].startswith("reply unusable (")
        else error
        for error in line["errors"]
    ]
    return line


def check_apply_replies(work: str, scalpel: str) -> str:
    single = os.path.join(work, "single")
    replies = os.path.join(work, "replies", "replies.jsonl")
    stats = os.path.join(work, "spark-apply-replies.json")
    output = os.path.join(work, "spark-apply-replies")
    spark(
        [
            "apply", "--input", os.path.join(work, "shards"), "--programs", replies, "--output", output,
            "--scalpel", scalpel, "--stats", stats,
        ],
        os.path.join(work, "spark-apply-replies.log"),
    )
    got = [json.loads(line) for line in read_lines(parts(os.path.join(output, "data")))]
    want = [json.loads(line) for line in read_lines([os.path.join(single, "refined-replies.jsonl")])]
    compare("refined documents (replies)", without(got, "program"), want)
    report = [json.loads(line) for line in read_lines(parts(os.path.join(output, "report")))]
    want_report = [as_missing_programs(json.loads(line)) for line in read_lines([os.path.join(single, "report-replies.jsonl")])]
    compare("report (replies)", without(report, "source"), without(want_report, "source"))
    rejects = [json.loads(line) for line in read_lines(parts(os.path.join(output, "rejects")))]
    compare(
        "apply rejects (replies)",
        without(rejects, "source"),
        without(map(json.loads, read_lines([os.path.join(single, "apply-replies-rejects.jsonl")])), "source"),
    )
    with open(stats, encoding="utf-8") as file:
        spark_replies = json.load(file).get("replies")
    with open(os.path.join(single, "apply-replies-stats.json"), encoding="utf-8") as file:
        single_replies = json.load(file)["replies"]
    if spark_replies != single_replies:
        raise CheckFailed(f"reply counts: spark {spark_replies}, single {single_replies}")
    failed = sum(single_replies["failed"].values())
    if not failed or not single_replies["superseded"]:
        raise CheckFailed(f"the replies exercise too little: {single_replies}")
    changed = sum(record["refined_text"] != record["text"] for record in want)
    return (
        f"{len(got)} documents identical ({changed} changed), report identical; replies "
        f"{single_replies['lines']} lines, {single_replies['superseded']} superseded, failed {single_replies['failed']}"
    )


def prepare(work: str, scalpel: str) -> None:
    """The shards and the single-process reference."""
    # 4 shards of consecutive lines, named in corpus order.
    with open(CORPUS, "rb") as file:
        lines = file.read().splitlines(keepends=True)
    os.makedirs(os.path.join(work, "shards"))
    size = -(-len(lines) // SHARDS)
    for index in range(SHARDS):
        with open(os.path.join(work, "shards", f"shard-{index:02d}.jsonl"), "wb") as file:
            file.writelines(lines[index * size : (index + 1) * size])
    # The single-process reference.
    single = os.path.join(work, "single")
    os.makedirs(single)
    run(
        [
            scalpel,
            "build-pairs",
            CORPUS,
            "-o",
            os.path.join(single, "pairs.jsonl"),
            "--rejects",
            os.path.join(single, "pairs-rejects.jsonl"),
            "-q",
        ],
        os.path.join(single, "log"),
    )
    run(
        [
            scalpel,
            "apply",
            CORPUS,
            "--programs",
            os.path.join(single, "pairs.jsonl"),
            "-o",
            os.path.join(single, "refined.jsonl"),
            "--rejects",
            os.path.join(single, "apply-rejects.jsonl"),
            "--report",
            os.path.join(single, "report.jsonl"),
            "-q",
        ],
        os.path.join(single, "log"),
    )
    run(
        [
            scalpel, "prompts", CORPUS, "--constrain", "-o", os.path.join(single, "requests.jsonl"),
            "--rejects", os.path.join(single, "prompts-rejects.jsonl"), "-q",
        ],
        os.path.join(single, "log-prompts"),
    )
    # The refiner's replies, shuffled (simulate_refiner.py shuffles with its seed), degraded.
    os.makedirs(os.path.join(work, "replies"))
    replies = os.path.join(work, "replies", "replies.jsonl")
    run(
        [
            sys.executable, SIMULATE_REFINER, "--pairs", os.path.join(single, "pairs.jsonl"),
            os.path.join(single, "requests.jsonl"), replies, *DEGRADATIONS,
        ],
        os.path.join(single, "log-simulate"),
    )
    run(
        [
            scalpel, "apply", CORPUS, "--programs", replies, "-o", os.path.join(single, "refined-replies.jsonl"),
            "--rejects", os.path.join(single, "apply-replies-rejects.jsonl"),
            "--report", os.path.join(single, "report-replies.jsonl"),
            "--stats", os.path.join(single, "apply-replies-stats.json"), "-q",
        ],
        os.path.join(single, "log-apply-replies"),
    )


CHECKS = (
    ("build-pairs", check_build_pairs),
    ("apply", check_apply),
    ("prompts", check_prompts),
    ("apply batch replies", check_apply_replies),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scalpel", default=os.path.join(ROOT, ".build", "release", "scalpel"))
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    arguments = parser.parse_args()

    reason = skip_reason()
    if reason:
        print(f"spark recipe: skipped: {reason}", flush=True)
        return 0
    scalpel = os.path.abspath(arguments.scalpel)
    if not os.access(scalpel, os.X_OK):
        print(f"spark recipe: no scalpel binary at {scalpel} (swift build -c release --product scalpel)")
        print(f"spark-recipe: 0 passed, {len(CHECKS)} failed")
        return 1

    work = tempfile.mkdtemp(prefix="scalpel-spark-test.")
    checks = CHECKS
    results = []
    try:
        prepare(work, scalpel)
    except Exception:
        print(f"FAIL setup:\n{traceback.format_exc()}", flush=True)
        checks = ()
        results = [False] * len(CHECKS)
    try:
        for name, check in checks:
            started = time.monotonic()
            try:
                detail = check(work, scalpel)
                results.append(True)
                print(f"PASS {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
            except CheckFailed as error:
                results.append(False)
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s): {error}", flush=True)
            except Exception:
                results.append(False)
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s):\n{traceback.format_exc()}", flush=True)
    finally:
        if arguments.keep or not all(results):
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(results)
    print(f"spark-recipe: {passed} passed, {len(CHECKS) - passed} failed", flush=True)
    return 0 if passed == len(CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())

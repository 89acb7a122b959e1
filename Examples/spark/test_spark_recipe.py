#!/usr/bin/env python3
"""Checks the Spark DataFrame recipe against single-process scalpel, in Spark local mode.

    python Examples/spark/test_spark_recipe.py --scalpel .build/release/scalpel [--keep]

Run it with a Python that has pyspark, pandas and pyarrow (Java 17+ on PATH). It writes
Examples/web-corpus/corpus.jsonl as 4 JSONL shards and as 4 Parquet shards (pyarrow), starts
one SparkSession (master local[2]) for all checks, and runs the recipe in it (its `main`,
as `python scalpel_spark.py ...` would), shipping the binary with --ship-binary
(SparkContext.addFile, SparkFiles.get in each task):
  1. build-pairs on the Parquet shards, JSONL out: the pairs are scalpel build-pairs
     corpus.jsonl's lines byte for byte; the rejects the same records (without `source`).
  2. prompts --constrain on the JSONL shards: the requests byte for byte, rejects likewise.
  3. apply on the Parquet shards, Parquet out, --join broadcast, the programs (the pairs of
     the single run) shuffled over 3 files: the records of `scalpel apply corpus.jsonl
     --programs pairs.jsonl` (apart from the added `program` column), the report and the
     rejects likewise.
  4. apply on the JSONL shards with batch replies (a shuffled, degraded batch output made by
     Examples/web-corpus/simulate_refiner.py), --join shuffle: records, report (a chunk whose
     reply failed is a missing program there) and rejects as in the single run, and the reply
     counts (lines, superseded, failed by reason) equal to its summary's `replies`.
Order: Spark orders the partitions of a file scan by size, not by name, so across part files
the order is not defined; every part file must hold its lines in the single run's order, and
all parts together exactly the single run's lines (each line once, as often as there).
Prints "spark-recipe: N passed, M failed" and exits 1 if a check failed. Without pyspark,
pandas, pyarrow or Java it prints "spark recipe: skipped: <reason>" and exits 0.
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
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "Examples", "web-corpus", "corpus.jsonl")
SIMULATE_REFINER = os.path.join(ROOT, "Examples", "web-corpus", "simulate_refiner.py")
# The degradations of the batch replies in check 4 (simulate_refiner.py options).
DEGRADATIONS = [
    "--seed", "2507", "--missing", "0.03", "--error", "0.02", "--status-500", "0.03", "--length", "0.03",
    "--empty", "0.02", "--keep-all", "0.05", "--out-of-range", "0.05", "--drop-calls", "0.1", "--duplicate", "0.1",
]
SHARDS = 4
# Keep Spark on the loopback interface, off the UI port, and small.
SPARK_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.adaptive.enabled": "false",
    "spark.driver.memory": "1g",
}


class CheckFailed(Exception):
    pass


def skip_reason() -> str | None:
    for module in ("pyspark", "pandas", "pyarrow"):
        try:
            __import__(module)
        except Exception as error:  # ImportError, or a broken install
            return f"{module} cannot be imported with {sys.executable} ({error})"
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


def parts(directory: str) -> list[str]:
    if not os.path.exists(os.path.join(directory, "_SUCCESS")):
        raise CheckFailed(f"{directory} has no _SUCCESS marker")
    return sorted(glob.glob(os.path.join(directory, "part-*")))


def text_parts(directory: str) -> list[list[str]]:
    """The lines of each part file, as written (JSONL output)."""
    return [read_lines([path]) for path in parts(directory)]


def parquet_parts(directory: str) -> list[list[dict]]:
    """The rows of each part file (Parquet output), null fields left out."""
    import pyarrow.parquet as pq

    return [[drop_nulls(row) for row in pq.read_table(path).to_pylist()] for path in parts(directory)]


def drop_nulls(value):
    """A record without its null-valued keys, at every depth (Parquet has no absent fields)."""
    if isinstance(value, dict):
        return {key: drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_nulls(item) for item in value]
    return value


def without(records, *keys):
    return [{k: v for k, v in record.items() if k not in keys} for record in records]


def compare_parts(name: str, got_parts: list[list], want: list) -> None:
    """Every part in `want`'s order, and all parts together exactly `want` (as a multiset)."""
    key = lambda item: item if isinstance(item, str) else json.dumps(item, sort_keys=True, ensure_ascii=False)
    positions = defaultdict(list)
    for index, item in enumerate(want):
        positions[key(item)].append(index)
    for queue in positions.values():
        queue.reverse()
    total = 0
    for number, part in enumerate(got_parts):
        last = -1
        for item in part:
            total += 1
            queue = positions.get(key(item))
            if not queue:
                raise CheckFailed(f"{name}: part {number} has a line the single run has not (or too often):\n  {key(item)[:300]}")
            index = queue.pop()
            if index < last:
                raise CheckFailed(f"{name}: part {number} is not in the single run's order at {key(item)[:200]}")
            last = index
    left = [index for queue in positions.values() for index in queue]
    if left:
        raise CheckFailed(
            f"{name}: {total} from Spark, {len(want)} from one process; missing e.g. {key(want[min(left)])[:300]}"
        )


def run(command: list[str], log: str, env=None) -> None:
    with open(log, "w") as output:
        completed = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, env=env, timeout=900, check=False)
    if completed.returncode != 0:
        with open(log, errors="replace") as output:
            tail = output.read()[-3000:]
        raise CheckFailed(f"{' '.join(command[:3])}... exited {completed.returncode}; log tail:\n{tail}")


def json_records(directory: str) -> list[list[dict]]:
    return [[json.loads(line) for line in part] for part in text_parts(directory)]


def single_records(work: str, name: str) -> list[dict]:
    return [json.loads(line) for line in read_lines([os.path.join(work, "single", name)])]


class Recipe:
    """Runs scalpel_spark.main in the one SparkSession of the test."""

    def __init__(self, spark, scalpel: str):
        sys.path.insert(0, HERE)
        import scalpel_spark

        self.module, self.spark, self.scalpel = scalpel_spark, spark, scalpel

    def __call__(self, arguments: list[str], scalpel_options: tuple[str, ...] = ()) -> None:
        argv = [*arguments, "--scalpel", self.scalpel, "--ship-binary"]
        if scalpel_options:
            argv += ["--", *scalpel_options]
        status = self.module.main(argv, spark=self.spark)
        if status != 0:
            raise CheckFailed(f"scalpel_spark {' '.join(arguments[:1])} returned {status}")


def check_build_pairs(work: str, recipe: Recipe) -> str:
    output = os.path.join(work, "spark-pairs")
    recipe(["build-pairs", "--input", os.path.join(work, "parquet", "*.parquet"), "--output", output])
    want = read_lines([os.path.join(work, "single", "pairs.jsonl")])
    got = text_parts(os.path.join(output, "data"))
    compare_parts("pairs", got, want)
    rejects = json_records(os.path.join(output, "rejects"))
    compare_parts("rejects", [without(p, "source") for p in rejects], without(single_records(work, "pairs-rejects.jsonl"), "source"))
    if not all(r["source"].startswith("-:") for p in rejects for r in p):
        raise CheckFailed("rejects: a source is not '-:<line>'")
    return f"{len(want)} pairs byte-identical in {len(got)} parts, {sum(map(len, rejects))} rejects identical (Parquet in)"


def check_prompts(work: str, recipe: Recipe) -> str:
    output = os.path.join(work, "spark-prompts")
    recipe(["prompts", "--input", os.path.join(work, "shards"), "--output", output], ("--constrain",))
    want = read_lines([os.path.join(work, "single", "requests.jsonl")])
    compare_parts("requests", text_parts(os.path.join(output, "data")), want)
    rejects = json_records(os.path.join(output, "rejects"))
    compare_parts("prompts rejects", [without(p, "source") for p in rejects],
                  without(single_records(work, "prompts-rejects.jsonl"), "source"))
    return f"{len(want)} requests byte-identical, {sum(map(len, rejects))} rejects identical (JSONL in)"


def check_apply(work: str, recipe: Recipe) -> str:
    # The programs, shuffled over 3 files: Spark joins by id, so their order must not matter.
    programs = read_lines([os.path.join(work, "single", "pairs.jsonl")])
    random.Random(2507).shuffle(programs)
    program_dir = os.path.join(work, "programs")
    os.makedirs(program_dir)
    for index in range(3):
        with open(os.path.join(program_dir, f"programs-{index}.jsonl"), "w", encoding="utf-8") as file:
            file.writelines(line + "\n" for line in programs[index::3])
    output = os.path.join(work, "spark-apply")
    stats = os.path.join(work, "spark-apply.json")
    recipe([
        "apply", "--input", os.path.join(work, "parquet"), "--programs", program_dir, "--output", output,
        "--output-format", "parquet", "--join", "broadcast", "--stats", stats,
    ])
    got = parquet_parts(os.path.join(output, "data"))
    with_programs = sum("program" in record for part in got for record in part)
    documents_with_programs = len({json.loads(line)["id"].rsplit("#", 1)[0] for line in programs})
    if with_programs != documents_with_programs:
        raise CheckFailed(f"{with_programs} records carry programs, expected {documents_with_programs}")
    want = single_records(work, "refined.jsonl")
    compare_parts("refined documents", [without(p, "program") for p in got], want)
    report = parquet_parts(os.path.join(output, "report"))
    compare_parts("report", [without(p, "source") for p in report],
                  drop_nulls(without(single_records(work, "report.jsonl"), "source")))
    rejects = parquet_parts(os.path.join(output, "rejects"))
    compare_parts("apply rejects", [without(p, "source") for p in rejects],
                  drop_nulls(without(single_records(work, "apply-rejects.jsonl"), "source")))
    with open(stats, encoding="utf-8") as file:
        summary = json.load(file)
    if summary.get("join") != "broadcast" or summary.get("programs_without_document") or summary.get("invalid_program_lines"):
        raise CheckFailed(f"summary: {summary}")
    changed = sum(record["refined_text"] != record["text"] for record in want)
    return f"{len(want)} documents identical ({changed} changed, {with_programs} with programs), report identical (Parquet in and out, broadcast join)"


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


def check_apply_replies(work: str, recipe: Recipe) -> str:
    replies = os.path.join(work, "replies", "replies.jsonl")
    stats = os.path.join(work, "spark-apply-replies.json")
    output = os.path.join(work, "spark-apply-replies")
    recipe([
        "apply", "--input", os.path.join(work, "shards"), "--programs", replies, "--output", output,
        "--join", "shuffle", "--stats", stats,
    ])
    got = json_records(os.path.join(output, "data"))
    want = single_records(work, "refined-replies.jsonl")
    compare_parts("refined documents (replies)", [without(p, "program") for p in got], want)
    report = json_records(os.path.join(output, "report"))
    want_report = [as_missing_programs(line) for line in single_records(work, "report-replies.jsonl")]
    compare_parts("report (replies)", [without(p, "source") for p in report], without(want_report, "source"))
    rejects = json_records(os.path.join(output, "rejects"))
    compare_parts("apply rejects (replies)", [without(p, "source") for p in rejects],
                  without(single_records(work, "apply-replies-rejects.jsonl"), "source"))
    with open(stats, encoding="utf-8") as file:
        summary = json.load(file)
    with open(os.path.join(work, "single", "apply-replies-stats.json"), encoding="utf-8") as file:
        single_replies = json.load(file)["replies"]
    if summary.get("replies") != single_replies:
        raise CheckFailed(f"reply counts: spark {summary.get('replies')}, single {single_replies}")
    if summary.get("join") != "shuffle":
        raise CheckFailed(f"summary: {summary}")
    failed = sum(single_replies["failed"].values())
    if not failed or not single_replies["superseded"]:
        raise CheckFailed(f"the replies exercise too little: {single_replies}")
    changed = sum(record["refined_text"] != record["text"] for record in want)
    return (
        f"{len(want)} documents identical ({changed} changed), report identical; replies "
        f"{single_replies['lines']} lines, {single_replies['superseded']} superseded, failed {single_replies['failed']} (shuffle join)"
    )


def write_parquet_shards(work: str) -> None:
    """The corpus as 4 Parquet shards of consecutive records (columns id, text, refined)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [json.loads(line) for line in read_lines([CORPUS])]
    os.makedirs(os.path.join(work, "parquet"))
    size = -(-len(records) // SHARDS)
    for index in range(SHARDS):
        table = pa.Table.from_pylist(records[index * size : (index + 1) * size])
        pq.write_table(table, os.path.join(work, "parquet", f"shard-{index:02d}.parquet"))


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
    ("build-pairs (Parquet)", check_build_pairs),
    ("prompts (JSONL)", check_prompts),
    ("apply (Parquet, broadcast)", check_apply),
    ("apply batch replies (JSONL, shuffle)", check_apply_replies),
)


def start_spark():
    from pyspark.sql import SparkSession

    os.environ.pop("SPARK_HOME", None)  # use the pip-installed Spark of this Python
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.master("local[2]").appName("scalpel spark recipe check")
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


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

    began = time.monotonic()
    work = tempfile.mkdtemp(prefix="scalpel-spark-test.")
    results = []
    spark = None
    try:
        try:
            prepare(work, scalpel)
            write_parquet_shards(work)
            started = time.monotonic()
            spark = start_spark()
            print(f"spark recipe: SparkSession local[2] started in {time.monotonic() - started:.1f} s", flush=True)
            recipe = Recipe(spark, scalpel)
            checks = CHECKS
        except Exception:
            print(f"FAIL setup:\n{traceback.format_exc()}", flush=True)
            checks = ()
            results = [False] * len(CHECKS)
        for name, check in checks:
            started = time.monotonic()
            try:
                detail = check(work, recipe)
                results.append(True)
                print(f"PASS {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
            except CheckFailed as error:
                results.append(False)
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s): {error}", flush=True)
            except Exception:
                results.append(False)
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s):\n{traceback.format_exc()}", flush=True)
    finally:
        if spark is not None:
            spark.stop()
        if arguments.keep or not all(results):
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(results)
    print(f"spark recipe: {time.monotonic() - began:.1f} s in all", flush=True)
    print(f"spark-recipe: {passed} passed, {len(CHECKS) - passed} failed", flush=True)
    return 0 if passed == len(CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks the datatrove steps against single-process scalpel on the bundled corpus (CI runs it).

    python Examples/datatrove/test_datatrove_pipeline.py --scalpel .build/release/scalpel [--keep]

Run it with a Python that has datatrove, orjson and pyarrow. Examples/web-corpus/corpus.jsonl
is written as 4 Parquet shards and as 4 JSONL shards; every pipeline runs with
LocalPipelineExecutor(tasks=4, workers=2), so rank r reads shard r and the rank files,
concatenated in rank order, are in corpus order (the comparisons are in order):
  1. build-pairs on Parquet (ParquetReader -> ScalpelBuildPairs -> JsonlWriter): the pair
     records of `scalpel build-pairs corpus.jsonl`, the rejects likewise (without `source`);
     then apply (ParquetReader -> AttachPrograms(those pairs) -> ScalpelApply -> JsonlWriter):
     each document's text is the refined_text of `scalpel apply corpus.jsonl --programs
     pairs.jsonl`.
  2. the refiner stage on JSONL (JsonlReader -> ScalpelPrompts(--constrain) -> LabelRefiner
     -> ScalpelApply -> JsonlWriter), LabelRefiner standing in for the model's inference
     step (it answers each request with the label program of its pair, keep_all() without
     one, as Examples/web-corpus/simulate_refiner.py does): the request lines, byte for
     byte, are those of `scalpel prompts --constrain corpus.jsonl`, and the refined texts
     those of `scalpel apply corpus.jsonl --programs replies.jsonl` with replies.jsonl from
     simulate_refiner.py on those requests.
Prints "datatrove-pipeline: N passed, M failed" (exit 1 on a failure). Without datatrove,
orjson or pyarrow it prints "datatrove pipeline: skipped: <reason>" and exits 0.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "Examples", "web-corpus", "corpus.jsonl")
SIMULATE_REFINER = os.path.join(ROOT, "Examples", "web-corpus", "simulate_refiner.py")
SHARDS = 4


class CheckFailed(Exception):
    pass


def skip_reason() -> str | None:
    for module in ("datatrove", "orjson", "pyarrow"):
        try:
            __import__(module)
        except Exception as error:
            return f"{module} cannot be imported with {sys.executable} ({error})"
    return None


def read(pattern: str) -> list[dict]:
    return [json.loads(line) for line in read_lines(pattern)]


def read_lines(pattern: str) -> list[str]:
    return [line for path in sorted(glob.glob(pattern)) for line in open(path, encoding="utf-8").read().splitlines()]


def compare(name: str, got: list, want: list) -> None:
    if got == want:
        return
    if len(got) != len(want):
        raise CheckFailed(f"{name}: {len(got)} from datatrove, {len(want)} from one process")
    for index, (a, b) in enumerate(zip(got, want)):
        if a != b:
            raise CheckFailed(f"{name}: record {index} differs:\n  datatrove: {str(a)[:300]}\n  single:    {str(b)[:300]}")


def without_source(records):
    return [{k: v for k, v in record.items() if k != "source"} for record in records]


def run(command: list[str]) -> None:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise CheckFailed(f"{' '.join(command[:2])} exited {completed.returncode}: {completed.stderr[-2000:]}")


def execute(pipeline, work: str, name: str) -> None:
    from datatrove.executor import LocalPipelineExecutor

    LocalPipelineExecutor(
        pipeline=pipeline, tasks=SHARDS, workers=2, logging_dir=os.path.join(work, "logs", name)
    ).run()


def prepare(work: str, scalpel: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(CORPUS, "rb") as file:
        lines = file.read().splitlines(keepends=True)
    size = -(-len(lines) // SHARDS)
    os.makedirs(os.path.join(work, "shards"))
    os.makedirs(os.path.join(work, "parquet"))
    for index in range(SHARDS):
        part = lines[index * size : (index + 1) * size]
        with open(os.path.join(work, "shards", f"shard-{index:02d}.jsonl"), "wb") as file:
            file.writelines(part)
        table = pa.Table.from_pylist([json.loads(line) for line in part])
        pq.write_table(table, os.path.join(work, "parquet", f"shard-{index:02d}.parquet"))
    single = os.path.join(work, "single")
    os.makedirs(single)
    s = lambda name: os.path.join(single, name)
    run([scalpel, "build-pairs", CORPUS, "-o", s("pairs.jsonl"), "--rejects", s("rejects.jsonl"), "-q"])
    run([scalpel, "apply", CORPUS, "--programs", s("pairs.jsonl"), "-o", s("refined.jsonl"), "-q"])
    run([scalpel, "prompts", CORPUS, "--constrain", "-o", s("requests.jsonl"), "-q"])
    run([sys.executable, SIMULATE_REFINER, "--pairs", s("pairs.jsonl"), s("requests.jsonl"), s("replies.jsonl")])
    run([scalpel, "apply", CORPUS, "--programs", s("replies.jsonl"), "-o", s("refined-replies.jsonl"), "-q"])


def check_parquet_build_and_apply(work: str, scalpel: str) -> str:
    from datatrove.pipeline.readers import ParquetReader
    from datatrove.pipeline.writers import JsonlWriter
    from run_pipeline import AttachPrograms
    from scalpel_datatrove import ScalpelApply, ScalpelBuildPairs, pair_adapter

    parquet = os.path.join(work, "parquet")
    execute(
        [
            ParquetReader(parquet, glob_pattern="*.parquet"),
            ScalpelBuildPairs(scalpel, batch_size=50, rejects_folder=os.path.join(work, "pairs-rejects")),
            JsonlWriter(os.path.join(work, "pairs"), output_filename="${rank}.jsonl", compression=None, adapter=pair_adapter),
        ],
        work,
        "build-pairs",
    )
    single = os.path.join(work, "single")
    pairs = read(os.path.join(work, "pairs", "*.jsonl"))
    compare("pairs", pairs, read(os.path.join(single, "pairs.jsonl")))
    rejects = read(os.path.join(work, "pairs-rejects", "*.jsonl"))
    compare("rejects", without_source(rejects), without_source(read(os.path.join(single, "rejects.jsonl"))))
    execute(
        [
            ParquetReader(parquet, glob_pattern="*.parquet"),
            AttachPrograms(os.path.join(work, "pairs")),
            ScalpelApply(scalpel, batch_size=50),
            JsonlWriter(os.path.join(work, "refined"), output_filename="${rank}.jsonl", compression=None),
        ],
        work,
        "apply",
    )
    got = [(r["id"], r["text"]) for r in read(os.path.join(work, "refined", "*.jsonl"))]
    want = [(r["id"], r["refined_text"]) for r in read(os.path.join(single, "refined.jsonl"))]
    compare("refined texts", got, want)
    changed = sum(a[1] != r["text"] for a, r in zip(want, read(CORPUS)))
    return f"{len(pairs)} pairs and {len(rejects)} rejects identical; {len(got)} refined texts identical ({changed} changed)"


def check_refiner_stage(work: str, scalpel: str) -> str:
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from scalpel_datatrove import ScalpelApply, ScalpelPrompts

    execute(
        [
            JsonlReader(os.path.join(work, "shards"), glob_pattern="*.jsonl"),
            ScalpelPrompts(scalpel, batch_size=50, args=["--constrain"]),
            LabelRefiner(os.path.join(work, "single", "pairs.jsonl"), keep_requests=True),
            ScalpelApply(scalpel, batch_size=50),
            JsonlWriter(os.path.join(work, "refiner"), output_filename="${rank}.jsonl", compression=None),
        ],
        work,
        "refiner",
    )
    single = os.path.join(work, "single")
    documents = read(os.path.join(work, "refiner", "*.jsonl"))
    requests = [line for d in documents for line in d["metadata"].get("scalpel_requests", [])]
    compare("requests", requests, read_lines(os.path.join(single, "requests.jsonl")))
    got = [(d["id"], d["text"]) for d in documents]
    want = [(r["id"], r["refined_text"]) for r in read(os.path.join(single, "refined-replies.jsonl"))]
    compare("refined texts", got, want)
    changed = sum(a[1] != r["text"] for a, r in zip(want, read(CORPUS)))
    return f"{len(requests)} requests byte-identical; {len(got)} refined texts identical ({changed} changed)"


def label_refiner_class():
    from scalpel_datatrove import RefinerInference

    sys.path.insert(0, os.path.dirname(SIMULATE_REFINER))
    from simulate_refiner import label_program

    class LabelRefiner(RefinerInference):
        """The inference step's stand-in: the label program of the request's pair, else keep_all()."""

        name = "🏷 Label refiner (stand-in for the model)"

        def __init__(self, pairs: str, **options):
            super().__init__(**options)
            self.pairs = pairs
            self.labels = None

        def generate(self, request: dict):
            if self.labels is None:
                with open(self.pairs, encoding="utf-8") as file:
                    self.labels = {pair["id"]: label_program(pair) for pair in map(json.loads, file)}
            return self.labels.get(request["custom_id"]) or "keep_all()"

    return LabelRefiner


CHECKS = (
    ("build-pairs and apply (Parquet)", check_parquet_build_and_apply),
    ("refiner stage: prompts -> inference -> apply (JSONL)", check_refiner_stage),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scalpel", default=os.path.join(ROOT, ".build", "release", "scalpel"))
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    arguments = parser.parse_args()
    reason = skip_reason()
    if reason:
        print(f"datatrove pipeline: skipped: {reason}", flush=True)
        return 0
    scalpel = os.path.abspath(arguments.scalpel)
    if not os.access(scalpel, os.X_OK):
        print(f"datatrove pipeline: no scalpel binary at {scalpel}")
        print(f"datatrove-pipeline: 0 passed, {len(CHECKS)} failed")
        return 1
    sys.path.insert(0, HERE)
    global LabelRefiner
    LabelRefiner = label_refiner_class()
    began = time.monotonic()
    work = tempfile.mkdtemp(prefix="scalpel-datatrove-test.")
    results = []
    try:
        prepare(work, scalpel)
        checks = CHECKS
    except Exception:
        print(f"FAIL setup:\n{traceback.format_exc()}", flush=True)
        checks, results = (), [False] * len(CHECKS)
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
    if arguments.keep or not all(results):
        print(f"work directory kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(results)
    print(f"datatrove pipeline: {time.monotonic() - began:.1f} s in all", flush=True)
    print(f"datatrove-pipeline: {passed} passed, {len(CHECKS) - passed} failed", flush=True)
    return 0 if passed == len(CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs scalpel build-pairs and apply as datatrove pipelines over JSONL shards.

    python run_pipeline.py --scalpel ../../.build/release/scalpel --work /tmp/scalpel-dt [--check]

1. Splits Examples/web-corpus/corpus.jsonl into 4 shards (WORK/shards/shard-NN.jsonl),
   unless --input names a folder of shards.
2. build-pairs: JsonlReader -> ScalpelBuildPairs -> JsonlWriter, 4 tasks on 2 workers:
   WORK/pairs/000NN.jsonl (rank NN reads shard NN), WORK/pairs-rejects/000NN.rejects.jsonl.
3. apply: JsonlReader -> AttachPrograms (the pairs of step 2, standing in for a refine
   model's output) -> ScalpelApply -> JsonlWriter: WORK/refined/000NN.jsonl.
With --check, compares with single-process scalpel on the whole corpus and exits 1 on a
difference: the pairs (in order) and rejects must be the same records, and every document
must have the same refined text.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "Examples", "web-corpus", "corpus.jsonl")
sys.path.insert(0, HERE)

from datatrove.data import DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from scalpel_datatrove import ScalpelApply, ScalpelBuildPairs, pair_adapter


class AttachPrograms(PipelineStep):
    """Puts each document's programs (from a pairs or programs JSONL folder) in its metadata.

    Stands in for the refine model: in production an inference step writes the model's
    output into the metadata instead. Loads all programs in memory.
    """

    name = "📎 Attach programs"
    type = "✂️ - FORMAT"

    def __init__(self, folder: str, key: str = "program"):
        super().__init__()
        self.folder, self.key = folder, key

    def load(self) -> dict:
        chunks: dict[str, dict[int, str]] = {}
        for path in sorted(glob.glob(os.path.join(self.folder, "*.jsonl"))):
            with open(path, encoding="utf-8") as file:
                for line in file:
                    record = json.loads(line)
                    identifier, chunk = str(record["id"]), record.get("chunk")
                    program = record.get("program", record.get("completion", record.get("output")))
                    if chunk is None:
                        chunk = 0
                        head, _, digits = identifier.rpartition("#")
                        if "program" not in record and head and digits.isdigit():
                            identifier, chunk = head, int(digits)
                    chunks.setdefault(identifier, {}).setdefault(chunk, program)
        return {
            identifier: by_chunk[0] if list(by_chunk) == [0] else [by_chunk.get(k) for k in range(max(by_chunk) + 1)]
            for identifier, by_chunk in chunks.items()
        }

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        programs = self.load()
        for document in data:
            program = programs.get(str(document.id))
            if program is not None:
                document.metadata[self.key] = program
                self.stat_update("with_program")
            yield document


def split_corpus(shards: str, count: int = 4) -> None:
    with open(CORPUS, "rb") as file:
        lines = file.read().splitlines(keepends=True)
    os.makedirs(shards)
    size = -(-len(lines) // count)
    for index in range(count):
        with open(os.path.join(shards, f"shard-{index:02d}.jsonl"), "wb") as file:
            file.writelines(lines[index * size : (index + 1) * size])


def read(pattern: str) -> list:
    return [json.loads(line) for path in sorted(glob.glob(pattern)) for line in open(path, encoding="utf-8")]


def check(work: str, scalpel: str) -> list[str]:
    single = os.path.join(work, "single")
    os.makedirs(single, exist_ok=True)
    pairs, rejects, refined = (os.path.join(single, name) for name in ("pairs.jsonl", "rejects.jsonl", "refined.jsonl"))
    subprocess.run([scalpel, "build-pairs", CORPUS, "-o", pairs, "--rejects", rejects, "-q"], check=True)
    subprocess.run([scalpel, "apply", CORPUS, "--programs", pairs, "-o", refined, "-q"], check=True)
    problems = []
    got, want = read(os.path.join(work, "pairs", "*.jsonl")), read(pairs)
    if got != want:
        problems.append(f"pairs differ: {len(got)} from datatrove, {len(want)} from one process")
    strip = lambda records: [{k: v for k, v in r.items() if k != "source"} for r in records]
    got_rejects = read(os.path.join(work, "pairs-rejects", "*.jsonl"))
    if strip(got_rejects) != strip(read(rejects)):
        problems.append(f"rejects differ: {len(got_rejects)} from datatrove, {len(read(rejects))} from one process")
    got_text = {r["id"]: r["text"] for r in read(os.path.join(work, "refined", "*.jsonl"))}
    want_text = {r["id"]: r["refined_text"] for r in read(refined)}
    if got_text != want_text:
        differing = sorted(k for k in want_text.keys() | got_text.keys() if got_text.get(k) != want_text.get(k))
        problems.append(f"refined text differs for {len(differing)} documents, e.g. {differing[:3]}")
    print(
        f"check: {len(got)} pairs, {len(got_rejects)} rejects, {len(got_text)} refined documents"
        f" ({sum(got_text[k] != r['text'] for k, r in ((r['id'], r) for r in read(CORPUS)) if k in got_text)} changed)"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scalpel", default=os.path.join(ROOT, ".build", "release", "scalpel"))
    parser.add_argument("--work", required=True, help="working directory (replaced)")
    parser.add_argument("--input", help="folder of JSONL shards {id,text,refined} (default: split the corpus)")
    parser.add_argument("--tasks", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--check", action="store_true", help="compare with single-process scalpel")
    arguments = parser.parse_args()
    scalpel = os.path.abspath(arguments.scalpel) if os.sep in arguments.scalpel else arguments.scalpel

    work = os.path.abspath(arguments.work)
    shutil.rmtree(work, ignore_errors=True)
    shards = arguments.input or os.path.join(work, "shards")
    if not arguments.input:
        split_corpus(shards)

    build = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(shards, glob_pattern="*.jsonl"),
            ScalpelBuildPairs(
                scalpel, batch_size=arguments.batch_size, rejects_folder=os.path.join(work, "pairs-rejects")
            ),
            JsonlWriter(
                os.path.join(work, "pairs"), output_filename="${rank}.jsonl", compression=None, adapter=pair_adapter
            ),
        ],
        tasks=arguments.tasks,
        workers=arguments.workers,
        logging_dir=os.path.join(work, "logs", "build-pairs"),
    )
    build.run()
    apply = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(shards, glob_pattern="*.jsonl"),
            AttachPrograms(os.path.join(work, "pairs")),
            ScalpelApply(scalpel, batch_size=arguments.batch_size),
            JsonlWriter(os.path.join(work, "refined"), output_filename="${rank}.jsonl", compression=None),
        ],
        tasks=arguments.tasks,
        workers=arguments.workers,
        logging_dir=os.path.join(work, "logs", "apply"),
    )
    apply.run()
    if arguments.check:
        problems = check(work, scalpel)
        for problem in problems:
            print(f"FAIL {problem}")
        print(f"datatrove recipe: {0 if problems else 1} passed, {1 if problems else 0} failed")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

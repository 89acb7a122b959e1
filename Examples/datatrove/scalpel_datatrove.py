"""Scalpel as datatrove pipeline steps: one `scalpel` subprocess per batch of documents.

    from scalpel_datatrove import RefinerInference, ScalpelApply, ScalpelBuildPairs, ScalpelPrompts, pair_adapter

`ScalpelPrompts` writes the refiner's batch requests, `RefinerInference` (subclassed with a
model call) answers them, and `ScalpelApply` executes the refinement program in each document's metadata (the output of a
refine model, e.g. written by an inference step earlier in the pipeline) and replaces the
document's text with the refined text. `ScalpelBuildPairs` turns documents with an expert's
refined text in their metadata into training pairs. Both keep the input order within a task.
See README.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Sequence

from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched


# A batch may be rejected whole (or be empty): the pipeline's totals tell the story, so one
# batch's run does not fail for that.
BATCH_FLAGS = ("--allow-empty", "--max-reject-rate", "1")


class ScalpelError(RuntimeError):
    """scalpel exited with a non-zero status (a usage error, or an accounting failure)."""


def _run_scalpel(command: list[str], records: Iterable[dict], side_outputs: Sequence[str]):
    """Runs `command` once; returns its stdout records (decoded) and side-output lines."""
    lines, sides = _run_scalpel_lines(command, records, side_outputs)
    return [json.loads(line) for line in lines], sides


def _run_scalpel_lines(command: list[str], records: Iterable[dict], side_outputs: Sequence[str]):
    """Runs `command` (reading JSONL on stdin) once; returns stdout lines and side-output lines.

    Each name in `side_outputs` ("rejects", "report") becomes `--NAME FILE` in a private
    temporary directory. The batch is written in one go (`communicate`), so a batch must fit
    in memory: that is what `batch_size` bounds.
    """
    payload = "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="scalpel-datatrove.") as side:
        paths = {name: os.path.join(side, f"{name}.jsonl") for name in side_outputs}
        arguments = list(command)
        for name, path in paths.items():
            arguments += [f"--{name}", path]
        completed = subprocess.run(arguments, input=payload, capture_output=True, check=False)
        if completed.returncode != 0:
            raise ScalpelError(
                f"{' '.join(arguments[:2])} exited {completed.returncode}: "
                + completed.stderr.decode("utf-8", "replace")[-2000:]
            )
        sides = {name: [] for name in paths}
        for name, path in paths.items():
            if os.path.exists(path):
                with open(path, encoding="utf-8") as file:
                    sides[name] = [json.loads(line) for line in file if line.strip()]
    output = [line for line in completed.stdout.decode("utf-8").split("\n") if line]
    return output, sides


def _pass_rejected(step: PipelineStep, document: Document, reject: dict) -> bool:
    """Counts a document scalpel rejected and marks it with the reason; whether the step
    passes it on (not when the step drops rejected documents)."""
    step.stat_update(f"rejected_{reject['reason']}")
    if step.drop_rejected:
        return False
    document.metadata["scalpel_rejected"] = reject["reason"]
    return True


class ScalpelApply(PipelineStep):
    """Executes each document's refinement program with `scalpel apply`.

    Args:
        scalpel: path of the scalpel binary (or a name on PATH).
        program_key: metadata key holding the program: a string (chunk 0) or a list of
            strings/None (one per chunk), as `scalpel apply --program-field` reads it. A
            document without it passes through unchanged.
        batch_size: documents per scalpel process.
        original_text_key: when set, the original text is kept in this metadata key.
        report_key: metadata key for this document's line of `--report` (calls applied and
            skipped, parse errors, characters removed, errors); None to drop it.
        drop_rejected: drop the documents scalpel rejects (e.g. `invalid_field` for a
            malformed program field) instead of passing them on unchanged.
        args: extra options for `scalpel apply`, e.g. ["--chunk-chars", "8000"] (use the
            chunk budget the programs were written for) or ["--max-bad-calls", "0"].
    """

    name = "✂️ Scalpel apply"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        scalpel: str = "scalpel",
        program_key: str = "program",
        batch_size: int = 1000,
        original_text_key: str | None = None,
        report_key: str | None = "scalpel",
        drop_rejected: bool = False,
        args: Sequence[str] = (),
    ):
        super().__init__()
        self.scalpel = scalpel
        self.program_key = program_key
        self.batch_size = batch_size
        self.original_text_key = original_text_key
        self.report_key = report_key
        self.drop_rejected = drop_rejected
        self.args = list(args)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        command = [self.scalpel, "apply", "-", "--program-field", "program", "-q", "--jobs", "1", *BATCH_FLAGS, *self.args]
        for batch in batched(data, self.batch_size):
            with self.track_time(unit="batch"):
                # Ids are positions in the batch: scalpel's output, report and rejects map back
                # to the documents whatever their own ids look like.
                records = []
                for position, document in enumerate(batch):
                    record = {"id": str(position), "text": document.text}
                    program = document.metadata.get(self.program_key)
                    if program is not None:
                        record["program"] = program
                    records.append(record)
                output, sides = _run_scalpel(command, records, ("rejects", "report"))
            refined = {record["id"]: record["refined_text"] for record in output}
            reports = {line["id"]: line for line in sides["report"]}
            rejected = {line["id"]: line for line in sides["rejects"]}
            for position, document in enumerate(batch):
                key = str(position)
                self.stat_update("documents")
                if key in rejected:
                    if _pass_rejected(self, document, rejected[key]):
                        yield document
                    continue
                if key not in refined:
                    raise ScalpelError(f"scalpel apply gave no output for document {document.id}")
                report = reports.get(key, {})
                self.stat_update("calls_applied", value=report.get("calls_applied", 0))
                self.stat_update("calls_skipped", value=report.get("calls_skipped", 0))
                self.stat_update("chars_removed", value=report.get("chars_removed", 0))
                if self.original_text_key:
                    document.metadata[self.original_text_key] = document.text
                if self.report_key:
                    document.metadata[self.report_key] = {k: v for k, v in report.items() if k not in ("id", "source")}
                document.text = refined[key]
                self.update_doc_stats(document)
                yield document


class ScalpelBuildPairs(PipelineStep):
    """Builds RefineX training pairs with `scalpel build-pairs`.

    Each input document (original text, id) with the expert's refined text in
    `metadata[refined_key]` becomes one output Document per chunk pair: `id` is the pair id
    (`<doc>#<k>`), `text` the program, and `metadata["pair"]` the pair record exactly as
    build-pairs writes it (write it with `JsonlWriter(..., adapter=pair_adapter)`).

    Args:
        scalpel: path of the scalpel binary (or a name on PATH).
        refined_key: metadata key with the expert-refined text (`refined` for records
            `{"id","text","refined"}` read by JsonlReader).
        batch_size: documents per scalpel process.
        rejects_folder: where rejected documents go, `{rank:05d}.rejects.jsonl` per task
            (`{"id","source","reason","detail"}`; source is "-:<line in batch>"); None: only
            counted in the stats.
        args: extra options for `scalpel build-pairs`, e.g. ["--format", "messages"].
    """

    name = "✂️ Scalpel build-pairs"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        scalpel: str = "scalpel",
        refined_key: str = "refined",
        batch_size: int = 1000,
        rejects_folder: DataFolderLike | None = None,
        args: Sequence[str] = (),
    ):
        super().__init__()
        self.scalpel = scalpel
        self.refined_key = refined_key
        self.batch_size = batch_size
        self.rejects_folder = get_datafolder(rejects_folder) if rejects_folder is not None else None
        self.args = list(args)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        command = [self.scalpel, "build-pairs", "-", "-q", "--jobs", "1", *BATCH_FLAGS, *self.args]
        rejects_file = None
        try:
            if self.rejects_folder is not None:
                rejects_file = self.rejects_folder.open(f"{rank:05d}.rejects.jsonl", "wt", encoding="utf-8")
            for batch in batched(data, self.batch_size):
                with self.track_time(unit="batch"):
                    records = [
                        {"id": document.id, "text": document.text, "refined": document.metadata.get(self.refined_key)}
                        for document in batch
                    ]
                    pairs, sides = _run_scalpel(command, records, ("rejects",))
                self.stat_update("documents", value=len(batch))
                for reject in sides["rejects"]:
                    self.stat_update(f"rejected_{reject['reason']}")
                    if rejects_file is not None:
                        rejects_file.write(json.dumps(reject, ensure_ascii=False) + "\n")
                for pair in pairs:
                    self.stat_update("pairs")
                    program = pair.get("completion", pair.get("output"))
                    if program is None:  # messages format: the assistant's reply
                        program = pair["messages"][-1]["content"]
                    yield Document(text=program, id=pair["id"], metadata={"pair": pair})
        finally:
            if rejects_file is not None:
                rejects_file.close()


def pair_adapter(self, document: Document) -> dict:
    """JsonlWriter adapter writing the pair record as build-pairs wrote it."""
    return document.metadata["pair"]


class ScalpelPrompts(PipelineStep):
    """Writes the refiner's batch requests for each document with `scalpel prompts`.

    Per batch it runs `scalpel prompts - -q --jobs 1` with `{id, text}` per document and puts
    the document's request lines (one per chunk, the OpenAI Batch / vLLM run_batch input
    format, exactly as scalpel wrote them, with `custom_id` "<document id>#<k>") in
    `metadata[requests_key]`, a list of strings. An inference step then answers them (see
    `RefinerInference`), and `ScalpelApply` executes the answers. A document scalpel
    rejects is passed on with `metadata["scalpel_rejected"] = reason` and no requests, or
    dropped with `drop_rejected=True`.

    Args:
        scalpel: path of the scalpel binary (or a name on PATH).
        requests_key: metadata key for the request lines.
        batch_size: documents per scalpel process.
        drop_rejected: drop the documents scalpel rejects.
        args: extra options for `scalpel prompts`, e.g. ["--constrain"] or
            ["--recipe", "/abs/recipe.json"] (the recipe the refiner was trained with).
    """

    name = "✂️ Scalpel prompts"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        scalpel: str = "scalpel",
        requests_key: str = "scalpel_requests",
        batch_size: int = 1000,
        drop_rejected: bool = False,
        args: Sequence[str] = (),
    ):
        super().__init__()
        self.scalpel = scalpel
        self.requests_key = requests_key
        self.batch_size = batch_size
        self.drop_rejected = drop_rejected
        self.args = list(args)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        command = [self.scalpel, "prompts", "-", "-q", "--jobs", "1", *BATCH_FLAGS, *self.args]
        for batch in batched(data, self.batch_size):
            with self.track_time(unit="batch"):
                # Ids are positions in the batch; the custom_id is rewritten to the real id.
                records = [{"id": str(position), "text": document.text} for position, document in enumerate(batch)]
                lines, sides = _run_scalpel_lines(command, records, ("rejects",))
            requests: dict[str, list[str]] = {}
            for line in lines:
                request = json.loads(line)
                position, _, chunk = request["custom_id"].rpartition("#")
                prefix = '{"custom_id":' + json.dumps(request["custom_id"])
                if not line.startswith(prefix):
                    raise ScalpelError(f"unexpected request layout: {line[:80]}")
                custom_id = f"{batch[int(position)].id}#{chunk}"
                requests.setdefault(position, []).append(
                    '{"custom_id":' + json.dumps(custom_id, ensure_ascii=False) + line[len(prefix):]
                )
            rejected = {line["id"]: line for line in sides["rejects"]}
            for position, document in enumerate(batch):
                key = str(position)
                self.stat_update("documents")
                if key in rejected:
                    if _pass_rejected(self, document, rejected[key]):
                        yield document
                    continue
                document.metadata[self.requests_key] = requests.get(key, [])
                self.stat_update("requests", value=len(document.metadata[self.requests_key]))
                yield document


class RefinerInference(PipelineStep):
    """Answers each document's refiner requests and writes its programs for `ScalpelApply`.

    For every request line in `metadata[requests_key]` (from `ScalpelPrompts`) it calls
    `self.generate(request)`, which returns the refiner's program text (or None when there
    is no usable reply), and sets `metadata[program_key]` to what `scalpel apply
    --program-field` reads: a string when only chunk 0 has a program, else a list with one
    string or None per chunk. A chunk without a program is left unchanged by scalpel. The
    requests key is removed unless `keep_requests`.

    Subclass it and implement `generate`, e.g. with a POST of `request["body"]` to an
    OpenAI-compatible server (vLLM `serve`) at `request["url"]`, taking
    `choices[0].text` or `choices[0].message.content` of a 200 reply whose finish_reason is
    not "length". `LabelRefiner` (Examples/datatrove/test_datatrove_pipeline.py) answers
    with the label programs instead, as a perfect refiner would.
    """

    name = "🤖 Refiner inference"
    type = "🔢 - INFERENCE"

    def __init__(self, requests_key: str = "scalpel_requests", program_key: str = "program",
                 keep_requests: bool = False):
        super().__init__()
        self.requests_key, self.program_key, self.keep_requests = requests_key, program_key, keep_requests

    def generate(self, request: dict) -> str | None:
        raise NotImplementedError("RefinerInference.generate: call the refine model here")

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        for document in data:
            lines = document.metadata.get(self.requests_key)
            if not self.keep_requests:
                document.metadata.pop(self.requests_key, None)
            by_chunk: dict[int, str] = {}
            for line in lines or ():
                request = json.loads(line)
                chunk = int(request["custom_id"].rpartition("#")[2])
                with self.track_time(unit="request"):
                    program = self.generate(request)
                self.stat_update("requests")
                if program is None:
                    self.stat_update("no_program")
                    continue
                by_chunk.setdefault(chunk, program)
            if by_chunk:
                document.metadata[self.program_key] = (
                    by_chunk[0] if list(by_chunk) == [0]
                    else [by_chunk.get(k) for k in range(max(by_chunk) + 1)]
                )
            yield document

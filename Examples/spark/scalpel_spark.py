#!/usr/bin/env python3
"""Run `scalpel build-pairs`, `scalpel prompts` or `scalpel apply` over a corpus with Spark DataFrames.

One scalpel process per partition, fed through `DataFrame.mapInArrow`: the partition's rows
become JSONL lines on scalpel's stdin, and its stdout, rejects and report come back as rows.
The binary is shipped with the job (`SparkFiles`) or found at the same path on every node.
See README.md and the "Scaling out" article.

    python scalpel_spark.py build-pairs --input 'shards/*.parquet' --output out/pairs \
        [--output-format jsonl|parquet] [--master local[2]] [-- EXTRA SCALPEL OPTIONS]
    python scalpel_spark.py prompts --input shards/ --output out/requests [-- --constrain]
    python scalpel_spark.py apply --input shards/ --programs out/pairs/data --output out/refined \
        [--join auto|broadcast|shuffle] [--stats summary.json] [-- EXTRA SCALPEL OPTIONS]

Input: JSONL (plain or .gz; read line by line, each line passed to scalpel byte for byte as
Spark decodes it) or Parquet (`*.parquet`, or --input-format parquet; each row becomes a JSON
object of its non-null columns, in column order). apply --programs reads program records
({"id","chunk","program"}), build-pairs pairs and batch output files (OpenAI Batch / vLLM
run_batch output of the `prompts` requests), in any order and layout.

Output directories (one part file per partition; rows of a part in the partition's order):
    OUTPUT/data     pairs (build-pairs), batch requests (prompts) or refined documents (apply)
    OUTPUT/rejects  rejected records, {"id","source","reason","detail"}
    OUTPUT/report   apply only: one report line per written document
as JSONL text (default; the lines exactly as scalpel wrote them) or Parquet.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

SIDE_OUTPUTS = {"build-pairs": ("rejects",), "prompts": ("rejects",), "apply": ("rejects", "report")}
# Why a batch reply gives no program, as scalpel apply counts them (Specification 6.2).
REPLY_FAILURES = ("error", "http_status", "truncated", "no_content")
# Counters printed as warnings: where a single scalpel run would count or fail differently.
WARNINGS = ("invalid_program_lines", "programs_without_document")
# The rows every partition returns: which output a line belongs to, and the line.
ROW_SCHEMA = "kind string, line string"
# apply --join auto broadcasts the programs when their files add up to at most this.
BROADCAST_LIMIT = 256 * 1024 * 1024
# Output rows per Arrow batch handed back to Spark.
BATCH_ROWS = 4096
# Parquet output: the schema of each output is inferred from its first lines.
SCHEMA_SAMPLE = 10000


def expand_inputs(patterns: list[str]) -> list[str]:
    """Input paths for Spark: local globs and directories expanded and sorted by name.

    Anything that is not a local path (hdfs://, s3a://, ...) is passed to Spark unchanged.
    """
    paths: list[str] = []
    for pattern in patterns:
        if "://" in pattern:
            paths.append(pattern)
            continue
        if os.path.isdir(pattern):
            matches = [
                os.path.join(pattern, name)
                for name in os.listdir(pattern)
                if not name.startswith((".", "_")) and os.path.isfile(os.path.join(pattern, name))
            ]
        else:
            matches = [path for path in glob.glob(pattern) if os.path.isfile(path)]
        if not matches:
            raise SystemExit(f"scalpel_spark: no input matches {pattern!r}")
        paths.extend(os.path.abspath(path) for path in sorted(matches))
    return paths


def input_format(paths: list[str], given: str) -> str:
    if given != "auto":
        return given
    parquet = [path.endswith(".parquet") for path in paths]
    if all(parquet):
        return "parquet"
    if any(parquet):
        raise SystemExit("scalpel_spark: the inputs mix Parquet and JSONL files; give --input-format")
    return "jsonl"


# ---------------------------------------------------------------------------------------------
# apply: the programs, read and grouped per document (the rules of scalpel apply)
# ---------------------------------------------------------------------------------------------


def split_pair_id(identifier: str):
    """`doc#k` -> (doc, k), as scalpel splits the ids that build-pairs writes; else None."""
    head, hash_sign, digits = identifier.rpartition("#")
    if hash_sign and digits and len(digits) <= 9 and digits.isascii() and digits.isdigit():
        return head, int(digits)
    return None


def split_custom_id(custom_id):
    """`doc#k` -> (doc, k) as scalpel reads a batch line's custom_id (no leading zeros), else None."""
    if not isinstance(custom_id, str):
        return None
    head, hash_sign, digits = custom_id.rpartition("#")
    if not hash_sign or not digits or len(digits) > 9 or not (digits.isascii() and digits.isdigit()):
        return None
    if digits[0] == "0" and len(digits) > 1:
        return None
    return head, int(digits)


def has_lone_surrogate(value) -> bool:
    """Whether a decoded JSON value holds a lone surrogate (json.loads lets them through)."""
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False


def reply_program(line: dict):
    """(program, None) for a usable batch output line, (None, reason) for one that is not.

    The reasons are scalpel apply's (Specification 6.2): "error" (an error object, no
    response, no integer status_code), "http_status" (status_code other than 200),
    "truncated" (finish_reason "length"), "no_content" (no message.content or text string,
    empty or blank content, or a lone surrogate escape in the line).
    """
    if has_lone_surrogate(line):  # not Unicode text: scalpel reads no content from such a line
        return None, "no_content"
    if line.get("error") is not None:
        return None, "error"
    response = line.get("response")
    if not isinstance(response, dict):
        return None, "error"
    status = response.get("status_code")
    if isinstance(status, bool) or not isinstance(status, int):
        return None, "error"
    if status != 200:
        return None, "http_status"
    body = response.get("body")
    choices = body.get("choices") if isinstance(body, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None, "no_content"
    choice = choices[0]
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        content = choice.get("text")
    if not isinstance(content, str):
        return None, "no_content"
    if choice.get("finish_reason") == "length":
        return None, "truncated"
    if not content.strip(" \t\n\r"):
        return None, "no_content"
    return content, None


def program_entries(indexed_line):
    """A programs line -> [((0, doc id), (position, chunk, program, failure))], or [] if unreadable.

    Reads the layouts `scalpel apply --programs` reads: {"id","chunk","program"} (chunk
    optional), a build-pairs pair (program in "completion", "output" or the last assistant
    message, chunk in the "#k" suffix of the id), or a batch output line (a "custom_id"
    "<doc>#<k>"; the program in response.body.choices[0].message.content or .text). An entry
    of a batch line that gives no program has program None and failure its reason; every
    other entry has failure None (and "" when it is a usable batch reply). The layout is told
    line by line, so one programs input may mix files of either kind.
    """
    line, position = indexed_line
    try:
        value = json.loads(line)
    except ValueError:
        return []
    if not isinstance(value, dict):
        return []
    if "custom_id" in value:
        split = split_custom_id(value["custom_id"])
        if not split:
            return []
        program, failure = reply_program(value)
        return [((0, split[0]), (position, split[1], program, failure or ""))]
    identifier = value.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, (int, str)):
        return []
    identifier = str(identifier)
    is_pair = False
    if "program" in value:
        program = value["program"]
    elif isinstance(value.get("completion"), str):
        program, is_pair = value["completion"], True
    elif isinstance(value.get("output"), str):
        program, is_pair = value["output"], True
    elif isinstance(value.get("messages"), list):
        replies = [m.get("content") for m in value["messages"] if isinstance(m, dict) and m.get("role") == "assistant"]
        if not replies or not isinstance(replies[-1], str):
            return []
        program, is_pair = replies[-1], True
    else:
        return []
    if not isinstance(program, str):
        return []
    chunk = 0
    if "chunk" in value:
        chunk = value["chunk"]
        if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 0:
            return []
    elif is_pair:
        split = split_pair_id(identifier)
        if split:
            identifier, chunk = split
    if not identifier:
        return []
    return [((0, identifier), (position, chunk, program, None))]


def program_field_value(entries):
    """(the --program-field value or None, {reason: failed chunks}, superseded reply lines).

    The value is a string (chunk 0 only) or an array with null gaps; None when no chunk has
    a program. Of several programs for one chunk the first in the programs input wins, as in
    scalpel; a batch reply that gives no program does not count, and when no reply of a
    chunk is usable the chunk's reason is its last reply's. Every reply line of a chunk but
    the one that decides it is superseded.
    """
    by_chunk: dict[int, str] = {}
    failure: dict[int, str] = {}
    replies: dict[int, int] = {}
    for _, chunk, program, reason in sorted(entries, key=lambda entry: entry[0]):
        if reason is not None:  # a batch reply line
            replies[chunk] = replies.get(chunk, 0) + 1
        if program is None:
            if chunk not in by_chunk:
                failure[chunk] = reason
            continue
        by_chunk.setdefault(chunk, program)
    failed: dict[str, int] = {}
    for chunk, reason in failure.items():
        if chunk not in by_chunk:
            failed[reason] = failed.get(reason, 0) + 1
    superseded = sum(count - 1 for count in replies.values())
    if not by_chunk:
        return None, failed, superseded
    if list(by_chunk) == [0]:
        return by_chunk[0], failed, superseded
    return [by_chunk.get(index) for index in range(max(by_chunk) + 1)], failed, superseded


def with_program(line: str, programs, field: str) -> str:
    """Appends `"<field>": programs` to the record's JSON text, leaving every other byte as it was."""
    if programs is None:
        return line
    body = line.rstrip()
    assert body.endswith("}"), "document_key accepted only JSON objects"
    inner = body[:-1].rstrip()
    separator = "" if inner.endswith("{") else ","
    return inner + separator + json.dumps(field) + ":" + json.dumps(programs) + "}"



def program_rows(pdfs):
    """mapInPandas over the programs lines: one row per line, with its entry (or valid=False)."""
    import pandas as pd

    for pdf in pdfs:
        rows = []
        for line, path, start, row in zip(pdf["value"], pdf["file"], pdf["start"], pdf["row"]):
            found = program_entries((line, (path, int(start), int(row))))
            if not found:
                rows.append((None, path, int(start), int(row), None, None, None, False, False))
                continue
            (_, doc), (_, chunk, program, failure) = found[0]
            rows.append((doc, path, int(start), int(row), chunk, program, failure, failure is not None, True))
        yield pd.DataFrame(
            rows, columns=["doc", "file", "start", "row", "chunk", "program", "failure", "is_reply", "valid"]
        ).astype({"start": "int64", "row": "int64", "chunk": "Int64"})


PROGRAM_ROW_SCHEMA = (
    "doc string, file string, start long, row long, chunk long, program string, failure string, "
    "is_reply boolean, valid boolean"
)
GROUPED_SCHEMA = "doc string, program_json string, failed_json string, superseded long"


def group_programs(pdf):
    """applyInPandas per document: its --program-field value (JSON), failures by reason, superseded."""
    import pandas as pd

    entries = [
        ((path, start, row), int(chunk), program, failure)
        for path, start, row, chunk, program, failure in zip(
            pdf["file"], pdf["start"], pdf["row"], pdf["chunk"], pdf["program"], pdf["failure"]
        )
    ]
    entries = [(pos, chunk, None if program is None or program != program else program,
                None if failure is None or failure != failure else failure)
               for pos, chunk, program, failure in entries]
    value, failed, superseded = program_field_value(entries)
    return pd.DataFrame(
        [(pdf["doc"].iloc[0], None if value is None else json.dumps(value), json.dumps(failed), superseded)],
        columns=["doc", "program_json", "failed_json", "superseded"],
    )


def read_programs(spark, paths: list[str]):
    """(programs grouped per document, {invalid_program_lines, reply_lines, program_documents, cached}).

    `cached` is the persisted DataFrame of program lines, to unpersist after the run.

    A line's position is (file, split start, row in the split), so "the first in the programs
    input" is the first by file name and line, as in scalpel, whatever Spark's partitioning.
    """
    from pyspark.sql import functions as F

    lines = spark.read.text(paths).select(
        "value",
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("start"),
        F.monotonically_increasing_id().alias("row"),
    )
    rows = lines.mapInPandas(program_rows, PROGRAM_ROW_SCHEMA).persist()
    totals = rows.agg(
        F.sum(F.when(~F.col("valid"), 1).otherwise(0)).alias("invalid"),
        F.sum(F.when(F.col("is_reply"), 1).otherwise(0)).alias("replies"),
        F.countDistinct("doc").alias("documents"),
    ).collect()[0]
    grouped = rows.where("valid").groupBy("doc").applyInPandas(group_programs, GROUPED_SCHEMA)
    counts = {
        "cached": rows,
        "invalid_program_lines": int(totals["invalid"] or 0),
        "reply_lines": int(totals["replies"] or 0),
        "program_documents": int(totals["documents"] or 0),
    }
    return grouped, counts


# ---------------------------------------------------------------------------------------------
# The partition function: one scalpel process per partition
# ---------------------------------------------------------------------------------------------


def resolve_binary(scalpel: str, shipped: bool) -> str:
    """The binary's path inside a task: from SparkFiles when shipped, made executable."""
    if not shipped:
        return scalpel
    from pyspark import SparkFiles

    path = SparkFiles.get(os.path.basename(scalpel))
    if not os.path.exists(path):
        raise RuntimeError(f"scalpel_spark: the shipped binary is not at {path} (SparkFiles root {SparkFiles.getRootDirectory()})")
    if not os.access(path, os.X_OK):
        try:
            os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError:
            pass
    if not os.access(path, os.X_OK):  # a read-only files directory: an executable copy of our own
        private = os.path.join(tempfile.mkdtemp(prefix="scalpel-bin."), os.path.basename(path))
        shutil.copyfile(path, private)
        os.chmod(private, 0o755)
        path = private
    return path


def record_line(row: dict, program_field: str, program_json) -> bytes:
    """A Parquet row as the JSON object scalpel reads: its non-null columns, in column order."""
    record = {key: value for key, value in row.items() if value is not None}
    if program_json is not None:
        record[program_field] = json.loads(program_json)
    return json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")


def text_line(line: str, program_field: str, program_json) -> bytes:
    if program_json is not None:
        line = with_program(line, json.loads(program_json), program_field)
    return line.encode("utf-8")


def partition_function(scalpel: str, shipped: bool, command: list[str], side_outputs, source: str,
                       data_columns: list[str], program_field: str):
    """The function mapInArrow runs on every partition.

    Writes the partition's rows to one scalpel process (`-`, stdin) as they arrive; scalpel's
    stdout goes to a private temporary file (so neither side waits on the other), its rejects
    and report to files next to it. After scalpel exits 0 the lines come back as rows
    (kind, line), in the order scalpel wrote them, and one "stats" row with the partition's
    counts. A non-zero exit raises, so Spark fails (and retries) the task.
    """

    def run(batches):
        import pyarrow as pa

        binary = resolve_binary(scalpel, shipped)
        with tempfile.TemporaryDirectory(prefix="scalpel-spark.") as side:
            paths = {name: os.path.join(side, f"{name}.jsonl") for name in side_outputs}
            arguments = [binary, *command]
            for name, path in paths.items():
                arguments += [f"--{name}", path]
            stdout_path, stderr_path = os.path.join(side, "stdout"), os.path.join(side, "stderr")
            stats = {"rows": 0, "documents_with_programs": 0, "superseded": 0, "failed": {}}
            with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
                process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr,
                                           env={**os.environ, "LC_ALL": "C"})
                try:
                    for batch in batches:
                        columns = batch.to_pydict()
                        programs = columns.get("program_json", [None] * batch.num_rows)
                        failed = columns.get("failed_json", [None] * batch.num_rows)
                        superseded = columns.get("superseded", [None] * batch.num_rows)
                        lines = []
                        for index in range(batch.num_rows):
                            if source == "text":
                                lines.append(text_line(columns["value"][index], program_field, programs[index]))
                            else:
                                row = {name: columns[name][index] for name in data_columns}
                                lines.append(record_line(row, program_field, programs[index]))
                            if failed[index] is not None:  # the document has program lines
                                stats["documents_with_programs"] += 1
                                stats["superseded"] += int(superseded[index] or 0)
                                for reason, count in json.loads(failed[index]).items():
                                    stats["failed"][reason] = stats["failed"].get(reason, 0) + count
                        stats["rows"] += batch.num_rows
                        process.stdin.write(b"".join(line + b"\n" for line in lines))
                    process.stdin.close()
                except BrokenPipeError:
                    pass  # scalpel exited early: its status says why
                status = process.wait()
            if status != 0:
                with open(stderr_path, "rb") as file:
                    tail = file.read()[-3000:].decode("utf-8", "replace")
                raise RuntimeError(f"scalpel {command[0]} exited {status} in a partition: {tail}")

            def rows_of(kind, path):
                if not os.path.exists(path):
                    return
                with open(path, "rb") as file:
                    chunk = []
                    for raw in file:
                        chunk.append(raw.rstrip(b"\n").decode("utf-8"))
                        if len(chunk) == BATCH_ROWS:
                            yield pa.RecordBatch.from_pydict({"kind": [kind] * len(chunk), "line": chunk})
                            chunk = []
                    if chunk:
                        yield pa.RecordBatch.from_pydict({"kind": [kind] * len(chunk), "line": chunk})

            yield from rows_of("data", stdout_path)
            for name, path in paths.items():
                yield from rows_of(name, path)
            yield pa.RecordBatch.from_pydict({"kind": ["stats"], "line": [json.dumps(stats)]})

    return run


def scalpel_arguments(command: str, program_field: str, extra: list[str]) -> list[str]:
    # A partition may be empty or rejected whole: the driver's totals tell the story.
    arguments = [command, "-", "-q", "--jobs", "1", "--allow-empty", "--max-reject-rate", "1"]
    if command == "apply":
        arguments += ["--program-field", program_field]
    return arguments + list(extra)


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def json_type(value):
    """The Spark type of one decoded JSON value, as a nested tuple (None for null)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        element = None
        for item in value:
            element = merge_types(element, json_type(item))
        return ("array", element)
    return ("struct", tuple((key, json_type(item)) for key, item in value.items()))


def merge_types(a, b):
    """The type of a field that holds values of types a and b; mixed kinds become string."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    if {a, b} == {"bigint", "double"}:
        return "double"
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] == "array":
        return ("array", merge_types(a[1], b[1]))
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] == "struct":
        fields = dict(a[1])
        for key, kind in b[1]:
            fields[key] = merge_types(fields.get(key), kind)
        return ("struct", tuple(fields.items()))
    return "string"  # Spark's from_json keeps a nested value of a string field as its JSON text


def ddl(kind) -> str:
    if kind is None:
        return "string"
    if isinstance(kind, str):
        return kind
    if kind[0] == "array":
        return f"array<{ddl(kind[1])}>"
    return "struct<" + ", ".join(f"`{key}`: {ddl(item)}" for key, item in kind[1]) + ">"


def write_lines(lines, path: str, output_format: str) -> None:
    """Writes a DataFrame of JSON lines (column `line`) as JSONL text or as Parquet.

    Parquet columns are the fields of the first SCHEMA_SAMPLE lines, in order of appearance
    (a field of mixed kinds, such as apply's `program`, a string or an array, is a string
    column: Spark keeps a nested value there as its JSON text); Spark parses every line with
    that schema (from_json). Fields that first appear after the sample are not written: use
    JSONL output for records of changing shape.
    """
    if output_format == "jsonl":
        lines.write.text(path)
        return
    from pyspark.sql import functions as F

    kind = None
    for row in lines.limit(SCHEMA_SAMPLE).collect():
        kind = merge_types(kind, json_type(json.loads(row["line"])))
    if not isinstance(kind, tuple) or kind[0] != "struct" or not kind[1]:
        lines.write.parquet(path)  # no lines (or not objects): the lines themselves
        return
    schema = ", ".join(f"`{key}` {ddl(item)}" for key, item in kind[1])
    lines.select(F.from_json("line", schema).alias("r")).select("r.*").write.parquet(path)


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------


if __name__ != "__main__":
    # Imported (a test, a notebook): send this module's functions to the workers by value, as
    # spark-submit does for its main script, so the executors need no copy of it.
    try:
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    except ImportError:
        pass


def ship(spark, scalpel: str) -> None:
    """Ships the binary with the job: SparkContext.addFile (classic) or addArtifacts (Connect)."""
    try:
        sc = spark.sparkContext
    except Exception:  # Spark Connect has no SparkContext
        spark.addArtifacts(scalpel, file=True)
        return
    shipped = {os.path.basename(f) for f in sc.getConf().get("spark.files", "").split(",") if f}
    if os.path.basename(scalpel) not in shipped:
        # Adding the same path again (a later run in this session) is a no-op; another file of
        # the same name fails here, rather than letting the tasks run the first one.
        sc.addFile(scalpel)


def read_documents(spark, paths: list[str], fmt: str):
    """(documents DataFrame, "text" or "columns", the data columns)."""
    from pyspark.sql import functions as F

    if fmt == "parquet":
        documents = spark.read.parquet(*paths)
        source, columns = "columns", list(documents.columns)
    else:
        documents = spark.read.text(paths)  # one row per line, the line as Spark decoded it
        source, columns = "text", ["value"]
    # The corpus position, taken at the scan: file, split start, row (increasing within a split).
    documents = documents.select(
        "*",
        F.col("_metadata.file_path").alias("_file"),
        F.col("_metadata.file_block_start").alias("_start"),
        F.monotonically_increasing_id().alias("_row"),
    )
    return documents, source, columns


def run(spark, arguments) -> dict:
    """Runs one command on `spark` (a SparkSession, reused across calls); returns the summary."""
    from pyspark.sql import functions as F

    scalpel = arguments.scalpel
    if arguments.ship_binary:
        ship(spark, scalpel)
    inputs = expand_inputs(arguments.input)
    documents, source, data_columns = read_documents(spark, inputs, input_format(inputs, arguments.input_format))
    if source == "columns" and arguments.command == "apply" and arguments.program_field in data_columns:
        raise SystemExit(f"scalpel_spark: the documents already have a {arguments.program_field!r} column")
    counts: dict = {}
    program_counts = None
    if arguments.command == "apply":
        programs, program_counts = read_programs(spark, expand_inputs(arguments.programs))
        if source == "text":
            key = F.get_json_object("value", "$.id")
        else:
            key = F.col("id").cast("string") if "id" in data_columns else F.lit(None).cast("string")
        join = arguments.join
        if join == "auto":
            # Remote programs (hdfs://, s3a://) have no size here: shuffle, unless --join says so.
            paths = expand_inputs(arguments.programs)
            local = all("://" not in p for p in paths)
            size = sum(os.path.getsize(p) for p in paths) if local else None
            join = "broadcast" if local and size <= BROADCAST_LIMIT else "shuffle"
        counts["join"] = join
        keyed = documents.withColumn("_doc", key)
        if join == "broadcast":
            # The corpus is not shuffled: each partition streams its rows past the broadcast
            # programs (a broadcast hash join keeps the streamed side's order).
            documents = keyed.join(F.broadcast(programs), keyed["_doc"] == programs["doc"], "left")
        else:
            # Both sides hash-partitioned by id once; inside each partition, back to corpus order.
            documents = keyed.join(programs.hint("shuffle_hash"), keyed["_doc"] == programs["doc"], "left")
    # Inside each partition, rows in corpus order (file, split, row): Spark packs small files
    # into one partition by size, not by name, and a shuffle join mixes them. A local sort,
    # not a shuffle.
    documents = documents.sortWithinPartitions("_file", "_start", "_row")
    if arguments.command == "apply":
        documents = documents.select(*data_columns, "program_json", "failed_json", "superseded")
    else:
        documents = documents.select(*data_columns)
    command = scalpel_arguments(arguments.command, arguments.program_field, arguments.extra)
    function = partition_function(
        scalpel, arguments.ship_binary, command, SIDE_OUTPUTS[arguments.command], source, data_columns,
        arguments.program_field,
    )
    rows = documents.mapInArrow(function, ROW_SCHEMA).persist()
    try:
        kinds = {row["kind"]: row["count"] for row in rows.groupBy("kind").count().collect()}
        for name in ("data", *SIDE_OUTPUTS[arguments.command]):
            write_lines(rows.where(F.col("kind") == name).select("line"), os.path.join(arguments.output, name),
                        arguments.output_format)
            counts[name] = kinds.get(name, 0)
        stats = [json.loads(row["line"]) for row in rows.where(F.col("kind") == "stats").select("line").collect()]
        counts["partitions"] = len(stats)
        counts["documents"] = sum(s["rows"] for s in stats)
        if program_counts is not None:
            matched = sum(s["documents_with_programs"] for s in stats)
            counts["invalid_program_lines"] = program_counts["invalid_program_lines"]
            # Exact when the corpus ids are unique (a duplicated id takes the programs twice).
            counts["programs_without_document"] = max(0, program_counts["program_documents"] - matched)
            for name in WARNINGS:
                if counts[name]:
                    print(f"scalpel_spark: warning: {counts[name]} {name.replace('_', ' ')}", file=sys.stderr)
            if program_counts["reply_lines"]:
                failed = {reason: sum(s["failed"].get(reason, 0) for s in stats) for reason in REPLY_FAILURES}
                counts["replies"] = {
                    "lines": program_counts["reply_lines"],
                    "superseded": sum(s["superseded"] for s in stats),
                    "failed": failed,
                }
    finally:
        rows.unpersist()
        if program_counts is not None:
            program_counts["cached"].unpersist()
    return counts


def parse_arguments(argv):
    argv = list(argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(SIDE_OUTPUTS))
    parser.add_argument("--input", action="append", required=True, help="file, directory or glob (repeatable)")
    parser.add_argument("--input-format", choices=("auto", "jsonl", "parquet"), default="auto",
                        help="auto: Parquet when every input ends in .parquet, else JSONL")
    parser.add_argument(
        "--programs",
        action="append",
        help="apply: programs JSONL file, directory or glob: program records, build-pairs pairs or "
        "batch output lines (vLLM run_batch / OpenAI Batch output of the prompts requests)",
    )
    parser.add_argument(
        "--program-field",
        default="program",
        help="apply: the field that carries each document's programs into scalpel (default: program); "
        "it stays in the output records, and the documents must not have a field of that name",
    )
    parser.add_argument("--join", choices=("auto", "broadcast", "shuffle"), default="auto",
                        help="apply: broadcast the grouped programs (the corpus is not shuffled), or "
                        "hash-partition both sides by id (the corpus is shuffled once); auto: broadcast "
                        f"when the programs are local files of at most {BROADCAST_LIMIT >> 20} MB in all")
    parser.add_argument("--output", required=True, help="output directory (must not exist)")
    parser.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--scalpel", default=os.environ.get("SCALPEL", "scalpel"), help="path of the scalpel binary")
    parser.add_argument(
        "--ship-binary",
        action="store_true",
        help="send the binary with the job (SparkContext.addFile; SparkFiles.get in every task) "
        "instead of expecting it at the same path on every node",
    )
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    parser.add_argument("--remote", default=None, help="Spark Connect server, e.g. sc://host:15002")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark setting (repeatable)")
    parser.add_argument("--log-level", default="WARN")
    parser.add_argument("--stats", metavar="FILE", help="write the summary (the counts printed on stderr) as JSON")
    arguments = parser.parse_args(argv)
    arguments.extra = extra
    if arguments.command == "apply" and not arguments.programs:
        parser.error("apply needs --programs")
    if os.sep in arguments.scalpel:
        arguments.scalpel = os.path.abspath(arguments.scalpel)
    elif arguments.ship_binary:
        found = shutil.which(arguments.scalpel)
        if not found:
            parser.error(f"--ship-binary: {arguments.scalpel} is not on PATH")
        arguments.scalpel = found
    if "://" not in arguments.output and os.path.exists(arguments.output):
        parser.error(f"output directory {arguments.output} exists")
    return arguments


def session(arguments):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(f"scalpel {arguments.command}")
    if arguments.remote:
        builder = builder.remote(arguments.remote)
    elif arguments.master:
        builder = builder.master(arguments.master)
        if arguments.master.startswith("local"):
            # Run the Python workers with this interpreter (where pyspark is installed).
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for setting in arguments.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not arguments.remote:
        spark.sparkContext.setLogLevel(arguments.log_level)
    return spark


def summary_text(counts: dict) -> str:
    def shown(count):
        if isinstance(count, dict):
            return "{" + ", ".join(f"{name}: {shown(value)}" for name, value in count.items()) + "}"
        return str(count)

    return ", ".join(f"{name}: {shown(count)}" for name, count in counts.items())


def main(argv=None, spark=None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    own = spark is None
    if own:
        spark = session(arguments)
    try:
        counts = run(spark, arguments)
    finally:
        if own:
            spark.stop()
    if arguments.stats:
        with open(arguments.stats, "w", encoding="utf-8") as file:
            json.dump(counts, file, sort_keys=False)
            file.write("\n")
    print(f"scalpel_spark {arguments.command}: {summary_text(counts)} -> {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Run `scalpel build-pairs`, `scalpel prompts` or `scalpel apply` over sharded JSONL with Apache Spark.

One scalpel process per partition, fed through RDD.pipe (stdin -> stdout). See README.md.

    python scalpel_spark.py build-pairs --input 'shards/*.jsonl' --output out/pairs \
        [--partitions N] [--master local[2]] [-- EXTRA SCALPEL OPTIONS]
    python scalpel_spark.py prompts --input 'shards/*.jsonl' --output out/requests \
        [--partitions N] [-- --recipe /abs/recipe.json --constrain]
    python scalpel_spark.py apply --input 'shards/*.jsonl' --programs 'pairs/part-*' \
        --output out/refined [--partitions N] [--stats summary.json] [-- EXTRA SCALPEL OPTIONS]

apply --programs reads program records ({"id","chunk","program"} or build-pairs pairs) and
batch output files (OpenAI Batch / vLLM run_batch output of the `prompts` requests), in any
order.

Output directories (Spark text output, one part-NNNNN file per partition, in input order):
    OUTPUT/data     pairs (build-pairs), batch requests (prompts) or refined documents (apply)
    OUTPUT/rejects  rejected records, {"id","source","reason","detail"}
    OUTPUT/report   apply only: one report line per written document
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WRAPPER = os.path.join(HERE, "scalpel-partition.sh")
SIDE_OUTPUTS = {"build-pairs": ("rejects",), "prompts": ("rejects",), "apply": ("rejects", "report")}
# Why a batch reply gives no program, as scalpel apply counts them (Specification 6.2).
REPLY_FAILURES = ("error", "http_status", "truncated", "no_content")
# Counters printed as warnings: where a single scalpel run would count or fail differently.
WARNINGS = ("invalid_program_lines", "programs_without_document")
# The environment of every scalpel process. RDD.pipe runs the command with exactly this
# environment (not the executor's), so PATH must be given for the wrapper's mktemp and awk.
PIPE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"}


def expand_inputs(patterns: list[str]) -> str:
    """Comma-separated input paths for sc.textFile, in a deterministic order.

    Local globs and directories are expanded here and sorted by name, so partition order (and
    so output order) is the order of the sorted shard names, as in `scalpel DIR`. Anything that
    is not a local path (hdfs://, s3a://, ...) is passed to Spark unchanged.
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
    return ",".join(paths)


def scalpel_command(wrapper: str, scalpel: str, command: str, program_field: str, extra: list[str]) -> str:
    """The command line RDD.pipe runs per partition (RDD.pipe splits it with shlex)."""
    # A partition may be empty or rejected whole: the driver's totals tell the story, so a
    # partition's run does not fail for that.
    arguments = [
        "sh", wrapper, scalpel, command, "-", "-q", "--jobs", "1", "--allow-empty",
        "--max-reject-rate", "1",
    ]
    if command == "apply":
        arguments += ["--program-field", program_field]
    return shlex.join(arguments + extra)


# ---------------------------------------------------------------------------------------------
# apply: join documents and programs by id, in Spark, before the pipe
# ---------------------------------------------------------------------------------------------


def document_key(line: str):
    """(0, id) for a record whose id scalpel can read; None for anything else.

    Lines that are not JSON objects, or have no usable id, get no programs; scalpel rejects or
    passes them exactly as a single process would.
    """
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    identifier = value.get("id")
    if isinstance(identifier, bool) or identifier is None:
        return None
    if isinstance(identifier, (int, str)):
        identifier = str(identifier)
        return (0, identifier) if identifier else None
    return None  # floats: scalpel keeps a number's raw text, which Python does not; use string ids


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


def documents_with_programs(sc, documents, programs_paths: str, partitions: int, field: str, counters: dict):
    """Documents (in input order, `partitions` partitions) carrying their programs.

    Counts, in `counters` (accumulators), the program lines it could not read (scalpel counts
    them as invalid_program_lines too; a batch line without a "<doc>#<k>" custom_id fails a
    single scalpel run), the document ids that have programs but are not in the corpus (a
    single scalpel run fails on those; the recipe reports them), the batch reply lines, the
    superseded ones and the chunks whose replies gave no program, by reason (scalpel apply's
    replies.lines, replies.superseded and replies.failed).
    """
    from pyspark import StorageLevel

    unreadable = counters["invalid_program_lines"] = sc.accumulator(0)
    orphans = counters["programs_without_document"] = sc.accumulator(0)
    reply_lines = counters["reply_lines"] = sc.accumulator(0)
    superseded = counters["replies_superseded"] = sc.accumulator(0)
    failed = {reason: sc.accumulator(0) for reason in REPLY_FAILURES}
    for reason, accumulator in failed.items():
        counters[f"replies_failed_{reason}"] = accumulator

    def entries(indexed_line):
        found = program_entries(indexed_line)
        if not found:
            unreadable.add(1)
        elif found[0][1][3] is not None:
            reply_lines.add(1)
        return found

    def document_with_program(joined):
        document, programs = joined[1]
        if document is None:
            orphans.add(1)
            return []
        line, position = document
        value = None
        if programs is not None:
            value, failures, superseded_lines = programs
            superseded.add(superseded_lines)
            for reason, count in failures.items():
                failed[reason].add(count)
        return [(position, with_program(line, value, field))]

    indexed = documents.zipWithIndex()  # (line, position in the corpus)
    keyed = indexed.map(lambda item: (document_key(item[0]) or (1, item[1]), item))
    programs = sc.textFile(programs_paths).zipWithIndex().flatMap(entries).groupByKey().mapValues(program_field_value)
    joined = keyed.fullOuterJoin(programs, numPartitions=partitions).flatMap(document_with_program)
    # sortByKey samples its input in a job of its own: persisted, the join runs (and counts) once.
    joined.persist(StorageLevel.MEMORY_AND_DISK)
    # Back to corpus order: a range partition of the positions keeps partition i before i+1.
    return joined.sortByKey(numPartitions=partitions).values()


# ---------------------------------------------------------------------------------------------


def run(arguments) -> dict:
    from pyspark import SparkConf, SparkContext, StorageLevel

    scalpel = arguments.scalpel
    ship = arguments.ship_binary
    conf = SparkConf().setAppName(f"scalpel {arguments.command}")
    if arguments.master:
        conf = conf.setMaster(arguments.master)
    for setting in arguments.conf:
        key, _, value = setting.partition("=")
        conf = conf.set(key, value)
    if arguments.master and arguments.master.startswith("local"):
        # Run the Python workers with this interpreter (where pyspark is installed).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel(arguments.log_level)
    try:
        if ship:
            # Ship the binary and the wrapper with the job; every task finds them in its working
            # directory (Spark makes fetched files executable). Files that spark-submit --files
            # already ships are not added again.
            shipped = {os.path.basename(f) for f in sc.getConf().get("spark.files", "").split(",") if f}
            for path in (scalpel, WRAPPER):
                if os.path.basename(path) not in shipped:
                    sc.addFile(path)
        accumulators = {}
        inputs = expand_inputs(arguments.input)
        documents = sc.textFile(inputs, minPartitions=arguments.partitions)
        if arguments.command == "apply":
            programs = expand_inputs(arguments.programs)
            documents = documents_with_programs(
                sc, documents, programs, arguments.partitions, arguments.program_field, accumulators
            )
        if ship:
            # Relative to the task's working directory, where executors fetch added files.
            wrapper, binary = "./" + os.path.basename(WRAPPER), "./" + os.path.basename(scalpel)
        else:
            wrapper, binary = WRAPPER, scalpel
        command = scalpel_command(wrapper, binary, arguments.command, arguments.program_field, arguments.extra)
        piped = documents.pipe(command, env=PIPE_ENV, checkCode=True)
        piped.persist(StorageLevel.MEMORY_AND_DISK)

        tags = {name: f"#scalpel-{name}\t" for name in SIDE_OUTPUTS[arguments.command]}
        counts = {}
        data = piped.filter(lambda line: not line.startswith("#scalpel-"))
        data.saveAsTextFile(os.path.join(arguments.output, "data"))
        counts["data"] = data.count()
        for name, tag in tags.items():
            side = piped.filter(lambda line, tag=tag: line.startswith(tag)).map(lambda line, tag=tag: line[len(tag) :])
            side.saveAsTextFile(os.path.join(arguments.output, name))
            counts[name] = side.count()
        counts["partitions"] = piped.getNumPartitions()
        for name, accumulator in accumulators.items():
            counts[name] = accumulator.value
            if accumulator.value and name in WARNINGS:
                print(f"scalpel_spark: warning: {accumulator.value} {name.replace('_', ' ')}", file=sys.stderr)
        if arguments.command == "apply":
            lines, superseded = counts.pop("reply_lines"), counts.pop("replies_superseded")
            failed = {reason: counts.pop(f"replies_failed_{reason}") for reason in REPLY_FAILURES}
            if lines:
                # The shape of scalpel apply's summary "replies" object.
                counts["replies"] = {"lines": lines, "superseded": superseded, "failed": failed}
        return counts
    finally:
        sc.stop()


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(SIDE_OUTPUTS))
    parser.add_argument("--input", action="append", required=True, help="JSONL file, directory or glob (repeatable)")
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
    parser.add_argument("--output", required=True, help="output directory (must not exist)")
    parser.add_argument("--partitions", type=int, default=2, help="minimum number of partitions (default 2)")
    parser.add_argument("--scalpel", default=os.environ.get("SCALPEL", "scalpel"), help="path of the scalpel binary")
    parser.add_argument(
        "--ship-binary",
        action="store_true",
        help="send the binary and the wrapper with the job (SparkContext.addFile) instead of "
        "expecting them at the same path on every node",
    )
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark setting (repeatable)")
    parser.add_argument("--log-level", default="WARN")
    parser.add_argument("--stats", metavar="FILE", help="write the summary (the counts printed on stderr) as JSON")
    arguments = parser.parse_args(argv)
    arguments.extra = extra
    if arguments.command == "apply" and not arguments.programs:
        parser.error("apply needs --programs")
    if os.sep in arguments.scalpel:
        arguments.scalpel = os.path.abspath(arguments.scalpel)
    if os.path.exists(arguments.output):
        parser.error(f"output directory {arguments.output} exists")
    counts = run(arguments)
    if arguments.stats:
        with open(arguments.stats, "w", encoding="utf-8") as file:
            json.dump(counts, file, sort_keys=False)
            file.write("\n")

    def shown(count):
        if isinstance(count, dict):
            return "{" + ", ".join(f"{name}: {shown(value)}" for name, value in count.items()) + "}"
        return str(count)

    summary = ", ".join(f"{name}: {shown(count)}" for name, count in counts.items())
    print(f"scalpel_spark {arguments.command}: {summary} -> {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

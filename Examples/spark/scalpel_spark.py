#!/usr/bin/env python3
"""Run `scalpel build-pairs` or `scalpel apply` over sharded JSONL with Apache Spark.

One scalpel process per partition, fed through RDD.pipe (stdin -> stdout). See README.md.

    python scalpel_spark.py build-pairs --input 'shards/*.jsonl' --output out/pairs \
        [--partitions N] [--master local[2]] [-- EXTRA SCALPEL OPTIONS]
    python scalpel_spark.py apply --input 'shards/*.jsonl' --programs 'pairs/part-*' \
        --output out/refined [--partitions N] [-- EXTRA SCALPEL OPTIONS]

Output directories (Spark text output, one part-NNNNN file per partition, in input order):
    OUTPUT/data     pairs (build-pairs) or refined documents (apply)
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
SIDE_OUTPUTS = {"build-pairs": ("rejects",), "apply": ("rejects", "report")}
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


def program_entries(indexed_line):
    """A programs line -> [((0, doc id), (position, chunk, program))], or [] if unreadable.

    Reads the layouts `scalpel apply --programs` reads: {"id","chunk","program"} (chunk
    optional), or a build-pairs pair (program in "completion", "output" or the last assistant
    message, chunk in the "#k" suffix of the id).
    """
    line, position = indexed_line
    try:
        value = json.loads(line)
    except ValueError:
        return []
    if not isinstance(value, dict):
        return []
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
    return [((0, identifier), (position, chunk, program))]


def program_field_value(entries):
    """The --program-field value: a string (chunk 0 only) or an array with null gaps.

    Of several programs for one chunk the first in the programs input wins, as in scalpel.
    """
    by_chunk: dict[int, str] = {}
    for _, chunk, program in sorted(entries):
        by_chunk.setdefault(chunk, program)
    if list(by_chunk) == [0]:
        return by_chunk[0]
    return [by_chunk.get(index) for index in range(max(by_chunk) + 1)]


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
    them as invalid_program_lines too) and the document ids that have programs but are not in
    the corpus (a single scalpel run fails on those; the recipe reports them).
    """
    from pyspark import StorageLevel

    unreadable = counters["invalid_program_lines"] = sc.accumulator(0)
    orphans = counters["programs_without_document"] = sc.accumulator(0)

    def entries(indexed_line):
        found = program_entries(indexed_line)
        if not found:
            unreadable.add(1)
        return found

    def document_with_program(joined):
        document, programs = joined[1]
        if document is None:
            orphans.add(1)
            return []
        line, position = document
        return [(position, with_program(line, programs, field))]

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
            if accumulator.value:
                print(f"scalpel_spark: warning: {accumulator.value} {name.replace('_', ' ')}", file=sys.stderr)
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
    parser.add_argument("--programs", action="append", help="apply: programs JSONL file, directory or glob")
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
    arguments = parser.parse_args(argv)
    arguments.extra = extra
    if arguments.command == "apply" and not arguments.programs:
        parser.error("apply needs --programs")
    if os.sep in arguments.scalpel:
        arguments.scalpel = os.path.abspath(arguments.scalpel)
    if os.path.exists(arguments.output):
        parser.error(f"output directory {arguments.output} exists")
    counts = run(arguments)
    summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
    print(f"scalpel_spark {arguments.command}: {summary} -> {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

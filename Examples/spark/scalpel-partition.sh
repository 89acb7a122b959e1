#!/bin/sh
# Runs one scalpel process for one Spark partition and carries its side outputs in-band.
#
#   scalpel-partition.sh SCALPEL COMMAND [ARGS...]
#
# Documents come on stdin and the main output (pairs or refined documents) goes to stdout,
# exactly as `SCALPEL COMMAND ARGS...` would write it. The wrapper adds
# `--rejects FILE` (and, for `apply`, `--report FILE`) pointing into a private temporary
# directory and, once scalpel has exited 0, appends those files to stdout with every line
# prefixed by "#scalpel-rejects<TAB>" or "#scalpel-report<TAB>". Scalpel's own output lines
# are JSON objects, so they never start with "#": the Spark driver splits the partition's
# output on that prefix, and no shared filesystem is needed on the cluster.
#
# The exit status is scalpel's; on failure nothing is appended, and RDD.pipe(checkCode=True)
# fails the task. Scalpel's messages go to stderr (the executor log).
set -u
if [ "$#" -lt 2 ]; then
  echo "usage: scalpel-partition.sh SCALPEL COMMAND [ARGS...]" >&2
  exit 64
fi
scalpel=$1
command=$2
shift 2
side=$(mktemp -d "${TMPDIR:-/tmp}/scalpel-partition.XXXXXX") || exit 1
trap 'rm -rf "$side"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [ "$command" = apply ]; then
  "$scalpel" "$command" "$@" --rejects "$side/rejects.jsonl" --report "$side/report.jsonl"
else
  "$scalpel" "$command" "$@" --rejects "$side/rejects.jsonl"
fi
status=$?
[ "$status" -eq 0 ] || exit "$status"

for name in rejects report; do
  if [ -f "$side/$name.jsonl" ]; then
    awk -v tag="#scalpel-$name" '{ print tag "\t" $0 }' "$side/$name.jsonl" || exit 1
  fi
done
exit 0

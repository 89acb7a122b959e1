import Scalpel

/// `scalpel apply`: argument parsing only; the work is ``ApplyJob``.
enum ApplyCommand {
  static let usage = """
    USAGE: scalpel apply [options] (--programs <file> | --program-field <name>) <input>...

    Executes refinement programs on a corpus. Inputs are JSONL documents (plain or gzip,
    detected by magic bytes), directories of shards (*.jsonl, *.jsonl.gz, *.json,
    *.ndjson, sorted by name), or - for stdin. Every record is written back with all its
    fields, in their order, plus the refined text; or rejected with a reason. The counts
    are printed on stderr (documents in = written + rejected).

    PROGRAMS
      --programs <file>           JSONL programs, one line per chunk (plain, gzip or -):
                                  {"id": <doc id>, "chunk": <k, default 0>, "program": "..."}
                                  or the pairs written by build-pairs (id "<doc>#<k>", program
                                  in "completion", "output" or the last assistant message).
                                  JOIN: a streaming merge join. The file must list documents
                                  in input order, all lines of a document together (chunks in
                                  any order); documents without programs may be left out.
                                  Rejected records with a readable id drop their programs.
                                  Memory holds one document's programs. A program line that no
                                  document took by the end (file out of order, or unknown id)
                                  fails the run (exit 1) and publishes no output.
      --program-field <name>      Instead: the programs are in this field of each record, a
                                  string (chunk 0) or an array of strings/nulls (one per chunk).

    REFINEMENT
      --chunk-chars <n>           Chunk budget in characters (default 12000), as build-pairs.
      --chunk-tokens <n>          Chunk budget in approximate tokens instead. Use the budget
                                  the programs were written for; chunks never overlap, so
                                  pairs built with --overlap-lines do not apply.
      --max-bad-calls <n>         Error budget per chunk (default 1). Bad lines are the
                                  program's parse errors plus the calls the executor skips
                                  (line out of range, text not found or not unique,
                                  overlapping removals). A chunk with more than n bad lines is
                                  left unchanged (counted as chunk_rejected); otherwise its
                                  good calls apply. 0 rejects any chunk with a bad line.
      Each chunk's program runs on that chunk alone (chunk-local line numbers). A chunk
      without a program, or made of one line longer than the budget (unrefinable), stays
      unchanged. Texts are normalised first (\\r\\n and \\r become \\n).

    INPUT
      --id-field <name>           Field with the document id (default "id"; a missing id
                                  becomes "<file>:<line>", as in build-pairs).
      --text-field <name>         Field with the text to refine (default "text").
      --max-record-bytes <n>      Longer input lines are rejected unread (default 536870912).

    OUTPUT
      -o, --output <file>         Refined documents JSONL (default: standard output).
      --output-field <name>       Field for the refined text (default "refined_text"); an
                                  existing field of that name is overwritten in place.
      --output-dir <dir>          Per shard: NAME.refined.jsonl, NAME.rejects.jsonl,
                                  NAME.report.jsonl and NAME.summary.json (instead of
                                  --output/--rejects/--report).
      --rejects <file>            Rejected records as JSONL: {"id","source","reason","detail"}.
      --report <file>             One line per written document: {"id","source","chunks",
                                  "calls_applied","calls_skipped","parse_errors",
                                  "chunks_unchanged","chunks_missing_program","chunks_rejected",
                                  "chars_removed","errors":[{"chunk","line","message"}],
                                  "errors_omitted"}.
      --max-report-errors <n>     Errors listed per document in the report (default 20).
      --stats <file>              The run summary as JSON.

    RUN
      -j, --jobs <n>              Worker threads (default 1); output is identical for any n.
      --resume                    Skip shards (with --output-dir) or the whole run (with
                                  --output) whose output is already complete.
      --round-bytes <n>           Input bytes per round (default 33554432); memory stays
                                  within about 4 x this plus the largest record.
      --progress / --no-progress  Progress line on stderr (default: when stderr is a terminal).
      -q, --quiet                 No summary on stderr.
      -h, --help                  Show this help.

    EXAMPLE
      scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl
      scalpel apply Examples/web-corpus/corpus.jsonl --programs pairs.jsonl \\
        -o refined.jsonl --report report.jsonl --stats stats.json --jobs 2
    """

  struct Parsed {
    var options: ApplyOptions
    var showsProgress: Bool?
    var isQuiet = false
  }

  static func parse(_ arguments: some Sequence<String>) throws -> Parsed? {
    var cursor = CommandLineArguments(arguments)
    var options = ApplyOptions(inputs: [], programs: .none)
    var parsed = Parsed(options: options)
    var programsPath: String?
    var programField: String?
    var chunkBudget = ChunkingOptions.Budget.characters(12_000)
    let known = [
      "--programs", "--program-field", "--chunk-chars", "--chunk-tokens", "--max-bad-calls",
      "--id-field", "--text-field", "--max-record-bytes", "--output", "--output-field",
      "--output-dir", "--rejects", "--report", "--max-report-errors", "--stats", "--help",
    ]
    var runFlags = RunFlags()
    while let (name, inline) = cursor.nextOption() {
      switch name {
      case "-h", "--help": return nil
      case "--programs": programsPath = try cursor.value(for: name, inline: inline)
      case "--program-field": programField = try cursor.value(for: name, inline: inline)
      case "--chunk-chars":
        chunkBudget = .characters(try cursor.integer(for: name, inline: inline, in: 1...Int.max))
      case "--chunk-tokens":
        chunkBudget = .approximateTokens(
          try cursor.integer(for: name, inline: inline, in: 1...Int.max))
      case "--max-bad-calls":
        options.refinement.maximumBadCallCount = try cursor.integer(
          for: name, inline: inline, in: 0...Int.max)
      case "--id-field": options.fields.id = try cursor.value(for: name, inline: inline)
      case "--text-field": options.fields.text = try cursor.value(for: name, inline: inline)
      case "--max-record-bytes":
        options.maximumRecordByteCount = try cursor.integer(
          for: name, inline: inline, in: 1...Int.max)
      case "-o", "--output": options.output = try cursor.value(for: name, inline: inline)
      case "--output-field": options.fields.output = try cursor.value(for: name, inline: inline)
      case "--output-dir": options.outputDirectory = try cursor.value(for: name, inline: inline)
      case "--rejects": options.rejects = try cursor.value(for: name, inline: inline)
      case "--report": options.report = try cursor.value(for: name, inline: inline)
      case "--max-report-errors":
        options.maximumReportedErrorCount = try cursor.integer(
          for: name, inline: inline, in: 0...1_000_000)
      case "--stats": options.statsPath = try cursor.value(for: name, inline: inline)
      default:
        if try runFlags.parse(name, inline, &cursor) { continue }
        throw CommandLineArguments.unknown(name, known: known + RunFlags.names)
      }
    }
    options.jobCount = runFlags.jobCount ?? options.jobCount
    options.resumes = runFlags.resumes
    options.roundByteCount = runFlags.roundByteCount ?? options.roundByteCount
    parsed.showsProgress = runFlags.showsProgress
    parsed.isQuiet = runFlags.isQuiet
    options.inputs = cursor.positional
    if options.inputs.isEmpty { throw UsageError("no input given (use - for standard input)") }
    switch (programsPath, programField) {
    case (let path?, nil): options.programs = .file(path)
    case (nil, let field?): options.programs = .field(field)
    case (nil, nil):
      throw UsageError("give the programs with --programs <file> or --program-field <name>")
    case (_?, _?): throw UsageError("--programs and --program-field cannot be combined")
    }
    if programsPath == "-" && options.inputs.contains("-") {
      throw UsageError("the programs and an input cannot both be standard input")
    }
    if options.outputDirectory != nil
      && (options.output != nil || options.rejects != nil || options.report != nil)
    {
      throw UsageError("--output-dir cannot be combined with --output, --rejects or --report")
    }
    let standardOutputs = [
      options.outputDirectory == nil ? options.output ?? "-" : nil, options.rejects, options.report,
    ]
    .filter { $0 == "-" }
    if standardOutputs.count > 1 { throw UsageError("only one output can be standard output") }
    options.refinement.chunking = ChunkingOptions(budget: chunkBudget)
    parsed.options = options
    return parsed
  }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let parsed = try parse(arguments) else {
      print(usage)
      return 0
    }
    let job = ApplyJob(options: parsed.options)
    var progressLine = ProgressLine(showsProgress: parsed.showsProgress)
    Interruption.install()
    let summary: ApplySummary
    do {
      summary = try job.run(cancellation: Interruption.flag) { progress in
        let summary = progress.summary
        progressLine.update(
          "apply: \(summary.documentCount) documents, \(summary.chunkCount) chunks, \(summary.removedCharacterCount) chars removed, \(summary.rejectedDocumentCount) rejected, \(summary.inputByteCount / 1_000_000) MB"
        )
      }
    } catch {
      guard case .interrupted = error else { throw error }
      progressLine.clear()
      StandardError.write(
        "scalpel apply: interrupted; temporary files removed, nothing partial written")
      return Interruption.exitStatus
    }
    progressLine.clear()
    if !parsed.isQuiet { StandardError.write(summary.humanReadable) }
    return summary.isBalanced ? 0 : 1
  }
}

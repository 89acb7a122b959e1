import Scalpel

/// `scalpel build-pairs`: argument parsing only; the work is ``BuildPairsJob``.
enum BuildPairsCommand {
  static let usage = """
    USAGE: scalpel build-pairs [options] <input>...

    Turns JSONL records of (original, expert-refined) documents into RefineX training
    pairs. Inputs are JSONL files (plain or gzip, detected by magic bytes), directories
    of shards (*.jsonl, *.jsonl.gz, *.json, *.ndjson, sorted by name), or - for stdin.
    Every record ends up either in the output or in the rejects with a reason; the
    counts are printed on stderr (records in = accepted + rejected).

    OUTPUT
      -o, --output <file>         Pairs JSONL (default: standard output).
      --output-dir <dir>          Per shard: NAME.pairs.jsonl, NAME.rejects.jsonl and
                                  NAME.summary.json (instead of --output/--rejects).
      --rejects <file>            Rejected records as JSONL: {"id","source","reason","detail"}.
      --stats <file>              The run summary as JSON.
      --format <name>             prompt-completion (default) | messages | alpaca.
      --instruction <text>        Instruction / system text (default: built-in, names the
                                  three functions).
      --instruction-file <file>   Read the instruction from a file.
      --line-prefix <format>      Line-number prefix; {n} is the line number (default "[{n}]").
      --no-doc-wrapper            Do not wrap the numbered document in [doc]...[/doc].
      --meta                      Add a "meta" object (chunk, lines, calls, deleted chars).

    INPUT
      --id-field <name>           Field with the document id (default "id"; a missing id
                                  becomes "<file>:<line>").
      --text-field <name>         Field with the original text (default "text").
      --refined-field <name>      Field with the refined text (default "refined").
      --expert-response           The refined field is a raw expert reply; use the text of
                                  its "refined_text: [doc]...[/doc]" section.
      --max-record-bytes <n>      Longer input lines are rejected unread (default 536870912).

    PAIRS
      --chunk-chars <n>           Chunk budget in characters (default 12000).
      --chunk-tokens <n>          Chunk budget in approximate tokens instead.
      --overlap-lines <n>         Lines repeated between neighbouring chunks (default 0).
      --keep-all-rate <r>         Share of unchanged documents kept, 0...1 (default 1).
      --seed <n>                  Seed of the keep-all sampling (default 0).
      --max-rewrite-chars <n>     Reject a pair with a rewrite this large (default 20).
      --min-deleted-chars <n>     Reject a pair deleting fewer characters (default 10).
      --max-leftover-share <r>    Reject a pair whose programs leave more than this share
                                  of the expert's deleted characters in the text (line
                                  joins, strings not unique in their line), 0...1
                                  (default 0.05): deletions_not_expressible.
      --tolerate-whitespace-rewrites
                                  Rewrites that only change whitespace never reject a
                                  pair, whatever their size (they are counted either way).
      --work-budget <n>           Alignment work units per input byte (default 512).

    RUN
      -j, --jobs <n>              Worker threads (default 1); output is identical for any n.
      --resume                    Skip shards (with --output-dir) or the whole run (with
                                  --output) whose output is already complete.
      --round-bytes <n>           Input bytes per round (default 33554432); peak memory is
                                  about 10 MiB + 3 x this + 7 x the largest record.
      --progress / --no-progress  Progress line on stderr (default: when stderr is a terminal).
      -q, --quiet                 No summary on stderr.
      -h, --help                  Show this help.

    EXAMPLE
      scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl \\
        --rejects rejects.jsonl --stats stats.json --jobs 2
    """

  struct Parsed {
    var options: BuildPairsOptions
    var showsProgress: Bool?
    var isQuiet = false
  }

  static func parse(_ arguments: some Sequence<String>) throws -> Parsed? {
    var cursor = CommandLineArguments(arguments)
    var configuration = RecordProcessor.Configuration()
    var options = BuildPairsOptions(inputs: [])
    var parsed = Parsed(options: options)
    var chunkBudget = ChunkingOptions.Budget.characters(12_000)
    var overlap = 0
    let known = [
      "--output", "--output-dir", "--rejects", "--stats", "--format", "--instruction",
      "--instruction-file", "--line-prefix", "--no-doc-wrapper", "--meta", "--id-field",
      "--text-field", "--refined-field", "--expert-response", "--max-record-bytes",
      "--chunk-chars", "--chunk-tokens", "--overlap-lines", "--keep-all-rate", "--seed",
      "--max-rewrite-chars", "--min-deleted-chars", "--work-budget", "--max-leftover-share",
      "--tolerate-whitespace-rewrites", "--help",
    ]
    var runFlags = RunFlags()
    while let (name, inline) = cursor.nextOption() {
      switch name {
      case "-h", "--help": return nil
      case "-o", "--output": options.output = try cursor.value(for: name, inline: inline)
      case "--output-dir": options.outputDirectory = try cursor.value(for: name, inline: inline)
      case "--rejects": options.rejects = try cursor.value(for: name, inline: inline)
      case "--stats": options.statsPath = try cursor.value(for: name, inline: inline)
      case "--format":
        let value = try cursor.value(for: name, inline: inline)
        guard let format = TrainingPairFormat(rawValue: value) else {
          throw UsageError("--format must be prompt-completion, messages or alpaca, got '\(value)'")
        }
        configuration.encoding.format = format
      case "--instruction":
        configuration.encoding.instruction = try cursor.value(for: name, inline: inline)
      case "--instruction-file":
        let path = try cursor.value(for: name, inline: inline)
        configuration.encoding.instruction = String(
          decoding: try FileContents.read(path), as: UTF8.self)
      case "--line-prefix":
        let prefix = try cursor.value(for: name, inline: inline)
        guard prefix.contains("{n}") else { throw UsageError("--line-prefix must contain {n}") }
        configuration.encoding.linePrefix = prefix
      case "--no-doc-wrapper":
        try CommandLineArguments.flag(name, inline)
        configuration.encoding.wrapsInDocumentTags = false
      case "--meta":
        try CommandLineArguments.flag(name, inline)
        configuration.encoding.includesMeta = true
      case "--id-field": configuration.fields.id = try cursor.value(for: name, inline: inline)
      case "--text-field":
        configuration.fields.original = try cursor.value(for: name, inline: inline)
      case "--refined-field":
        configuration.fields.refined = try cursor.value(for: name, inline: inline)
      case "--expert-response":
        try CommandLineArguments.flag(name, inline)
        configuration.isExpertResponse = true
      case "--max-record-bytes":
        options.maximumRecordByteCount = try cursor.integer(
          for: name, inline: inline, in: 1...Int.max)
      case "--chunk-chars":
        chunkBudget = .characters(try cursor.integer(for: name, inline: inline, in: 1...Int.max))
      case "--chunk-tokens":
        chunkBudget = .approximateTokens(
          try cursor.integer(for: name, inline: inline, in: 1...Int.max))
      case "--overlap-lines":
        overlap = try cursor.integer(for: name, inline: inline, in: 0...1_000_000)
      case "--keep-all-rate":
        configuration.keepAllRate = try cursor.number(for: name, inline: inline, in: 0...1)
      case "--seed":
        configuration.seed = UInt64(try cursor.integer(for: name, inline: inline, in: 0...Int.max))
      case "--max-rewrite-chars":
        configuration.pairOptions.maximumRewriteCharacterCount = try cursor.integer(
          for: name, inline: inline, in: 1...Int.max)
      case "--min-deleted-chars":
        configuration.pairOptions.minimumDeletedCharacterCount = try cursor.integer(
          for: name, inline: inline, in: 0...Int.max)
      case "--max-leftover-share":
        configuration.pairOptions.maximumLeftoverShare = try cursor.number(
          for: name, inline: inline, in: 0...1)
      case "--tolerate-whitespace-rewrites":
        try CommandLineArguments.flag(name, inline)
        configuration.pairOptions.toleratesWhitespaceRewrites = true
      case "--work-budget":
        configuration.pairOptions.alignment.workBudgetPerByte = try cursor.integer(
          for: name, inline: inline, in: 1...1_000_000)
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
    if options.outputDirectory != nil && (options.output != nil || options.rejects != nil) {
      throw UsageError("--output-dir cannot be combined with --output or --rejects")
    }
    configuration.pairOptions.chunking = ChunkingOptions(
      budget: chunkBudget, overlapLineCount: overlap)
    options.processing = configuration
    parsed.options = options
    return parsed
  }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let parsed = try parse(arguments) else {
      print(usage)
      return 0
    }
    let job = BuildPairsJob(options: parsed.options)
    var progressLine = ProgressLine(showsProgress: parsed.showsProgress)
    Interruption.install()
    let summary: BuildPairsSummary
    do {
      summary = try job.run(cancellation: Interruption.flag) { progress in
        progressLine.update(
          "build-pairs: \(progress.summary.recordCount) records, \(progress.summary.pairCount) pairs, \(progress.summary.rejectedRecordCount) rejected, \(progress.summary.inputByteCount / 1_000_000) MB"
        )
      }
    } catch {
      progressLine.clear()
      throw error
    }
    progressLine.clear()
    if !parsed.isQuiet { StandardError.write(summary.humanReadable) }
    return summary.isBalanced ? 0 : 1
  }
}

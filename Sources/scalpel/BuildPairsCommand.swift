import Scalpel

/// `scalpel build-pairs`: the flag table only; the work is ``BuildPairsJob``.
enum BuildPairsCommand {
  struct Arguments {
    var run = RunArguments()
    var configuration = RecordProcessor.Configuration()
    var chunkBudget = ChunkingOptions.Budget.characters(12_000)
    var overlapLineCount = 0
    var instructionFile: String?
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "build-pairs",
      synopsis: ["scalpel build-pairs [options] <input>..."],
      about: """
        Turns JSONL records of (original, expert-refined) documents into RefineX training
        pairs. Inputs are JSONL files (plain or gzip, detected by magic bytes), directories
        of shards (*.jsonl, *.jsonl.gz, *.json, *.ndjson, sorted by name), or - for stdin.
        Every record ends up either in the output or in the rejects with a reason; the
        counts are printed on stderr (records in = accepted + rejected). Ids are strings or
        integers (1 and "1" are the same id); a second record with an id is rejected as
        duplicate_id; a record without an id gets "<file name>:<line>".
        """,
      groups: [
        RunArguments.outputGroup(
          mainOutput: "Pairs JSONL", perShard: "NAME.pairs.jsonl, NAME.rejects.jsonl", report: nil
        ).lifted(\.run),
        FlagGroup(
          title: "FORMAT",
          flags: [
            .text(
              ["--format"], "<name>", "prompt-completion | messages | alpaca.",
              default: "prompt-completion"
            ) { (arguments: inout Arguments, value: String) throws(UsageError) in
              guard let format = TrainingPairFormat(rawValue: value) else {
                throw UsageError(
                  "--format must be prompt-completion, messages or alpaca, got '\(value)'")
              }
              arguments.configuration.encoding.format = format
            },
            .text(
              ["--instruction"], "<text>",
              "Instruction / system text (default: built-in, names the\nthree functions).",
              conflicts: ["--instruction-file"]
            ) { $0.configuration.encoding.instruction = $1 },
            .text(
              ["--instruction-file"], "<file>", "Read the instruction from a file.",
              conflicts: ["--instruction"]
            ) { $0.instructionFile = $1 },
            .text(
              ["--line-prefix"], "<format>", "Line-number prefix; {n} is the line number.",
              default: "\"[{n}]\""
            ) { (arguments: inout Arguments, prefix: String) throws(UsageError) in
              guard prefix.contains("{n}") else {
                throw UsageError("--line-prefix must contain {n}")
              }
              arguments.configuration.encoding.linePrefix = prefix
            },
            .toggle(["--no-doc-wrapper"], "Do not wrap the numbered document in [doc]...[/doc].") {
              $0.configuration.encoding.wrapsInDocumentTags = false
            },
            .toggle(["--meta"], "Add a \"meta\" object (chunk, lines, calls, deleted chars).") {
              $0.configuration.encoding.includesMeta = true
            },
          ]),
        FlagGroup(
          title: "INPUT",
          flags: [
            .text(["--id-field"], "<name>", "Field with the document id.", default: "\"id\"") {
              $0.configuration.fields.id = $1
            },
            .text(["--text-field"], "<name>", "Field with the original text.", default: "\"text\"")
            {
              $0.configuration.fields.text = $1
            },
            .text(
              ["--refined-field"], "<name>", "Field with the refined text.", default: "\"refined\""
            ) { $0.configuration.fields.refined = $1 },
            .toggle(
              ["--expert-response"],
              "The refined field is a raw expert reply; use the text of\nits \"refined_text: [doc]...[/doc]\" section."
            ) { $0.configuration.isExpertResponse = true },
            RunArguments.maximumRecordBytesFlag.lifted(\.run),
          ]),
        FlagGroup(
          title: "PAIRS",
          flags: [
            .integer(
              ["--chunk-chars"], in: 1...Int.max, "Chunk budget in characters of the whole prompt\n(instruction, [doc] wrapper, line prefixes, text).",
              default: "12000",
              conflicts: ["--chunk-tokens"]
            ) { $0.chunkBudget = .characters($1) },
            .integer(
              ["--chunk-tokens"], in: 1...Int.max, "Chunk budget in approximate Qwen tokens instead.",
              conflicts: ["--chunk-chars"]
            ) { $0.chunkBudget = .approximateTokens($1) },
            .integer(
              ["--max-pair-tokens"], in: 1...Int.max,
              "Reject a document with a pair (prompt + completion) over\nthis many approximate tokens: pair_too_long."
            ) { $0.configuration.maximumPairTokenCount = $1 },
            .integer(
              ["--overlap-lines"], in: 0...1_000_000, "Lines repeated between neighbouring chunks.",
              default: "0"
            ) { $0.overlapLineCount = $1 },
            .number(
              ["--keep-all-rate"], "<r>", in: 0...1, "Share of unchanged documents kept, 0...1.",
              default: "1"
            ) { $0.configuration.keepAllRate = $1 },
            .integer(["--seed"], in: 0...Int.max, "Seed of the keep-all sampling.", default: "0") {
              $0.configuration.seed = UInt64($1)
            },
            .integer(
              ["--max-rewrite-chars"], in: 1...Int.max, "Reject a pair with a rewrite this large.",
              default: "20"
            ) { $0.configuration.pairOptions.maximumRewriteCharacterCount = $1 },
            .integer(
              ["--min-deleted-chars"], in: 0...Int.max, "Reject a pair deleting fewer characters.",
              default: "10"
            ) { $0.configuration.pairOptions.minimumDeletedCharacterCount = $1 },
            .number(
              ["--max-leftover-share"], "<r>", in: 0...1,
              "Reject a pair whose programs leave more than this share of\nthe expert's deleted characters in the text (line joins,\nstrings not unique in their line): deletions_not_expressible.",
              default: "0.05"
            ) { $0.configuration.pairOptions.maximumLeftoverShare = $1 },
            .toggle(
              ["--tolerate-whitespace-rewrites"],
              "Rewrites that only change whitespace never reject a pair,\nwhatever their size (they are counted either way)."
            ) { $0.configuration.pairOptions.toleratesWhitespaceRewrites = true },
            .integer(
              ["--work-budget"], in: 1...1_000_000, "Alignment work units per input byte.",
              default: "512"
            ) { $0.configuration.pairOptions.alignment.workBudgetPerByte = $1 },
          ]),
        RunArguments.runGroup(
          roundBytesHelp:
            "Input bytes per round; peak memory is about 10 MiB + 3 x\nthis + 7 x the largest record + 40 bytes per record (ids)."
        ).lifted(\.run),
      ],
      footer: """
        EXAMPLE
          scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl \\
            --rejects rejects.jsonl --stats stats.json --jobs 2
        """)
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    try JobCommand.main(arguments, table, Arguments(), runArguments: \.run) { arguments, options in
      var configuration = arguments.configuration
      if let path = arguments.instructionFile {
        configuration.encoding.instruction = String(
          decoding: try FileContents.read(path), as: UTF8.self)
      }
      configuration.pairOptions.chunking = ChunkingOptions(
        budget: arguments.chunkBudget, overlapLineCount: arguments.overlapLineCount,
        frame: PromptFrame(encoding: configuration.encoding))
      if let problem = configuration.pairOptions.chunking.frameOverflowDescription {
        throw UsageError(problem + " (see --chunk-chars, --chunk-tokens, --instruction)")
      }
      return BuildPairsJob(options: options, processing: configuration)
    }
  }
}

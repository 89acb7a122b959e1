import Scalpel

/// `scalpel build-pairs`: the flag table only; the work is ``BuildPairsJob``.
enum BuildPairsCommand {
  struct Arguments {
    var run = RunArguments()
    var recipe = Recipe()
    var fields = CorpusFields()
    var isExpertResponse = false
    var expertRepliesPath: String?
    var datasetInfoPath: String?
    var datasetName: String?
    var holdoutRate: Double?
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "build-pairs",
      synopsis: [
        "scalpel build-pairs [options] <input>...",
        "scalpel build-pairs [options] --expert-replies <batch-output.jsonl> <input>...",
      ],
      about: """
        Turns JSONL records of (original, expert-refined) documents into RefineX training
        pairs. Inputs are JSONL files (plain, gzip or zstd, detected by magic bytes),
        directories of shards (*.jsonl, *.jsonl.gz, *.jsonl.zst, *.json, *.ndjson, sorted
        by name), or - for stdin.
        Every record ends up either in the output or in the rejects with a reason; the
        counts are printed on stderr (records in = accepted + rejected). Ids are strings or
        integers (1 and "1" are the same id); a second record with an id is rejected as
        duplicate_id; a record without an id gets "<file name>:<line>".
        With --expert-replies, the refinements come from the batch output of the requests
        that expert-requests wrote, one per chunk; each chunk is then a record of its own.
        """,
      groups: [
        RunArguments.outputGroup(
          mainOutput: "Pairs JSONL", perShard: "NAME.pairs.jsonl, NAME.rejects.jsonl", report: nil
        ).lifted(\.run),
        FlagGroup(title: "FORMAT", flags: [RecipeFlags.recipeFlag] + RecipeFlags.promptFlags)
          .lifted(\.recipe),
        FlagGroup(
          title: "LLAMA-FACTORY",
          flags: [
            .text(
              ["--dataset-info"], "<file>",
              "Register the -o file in this LLaMA-Factory dataset_info.json\n(merged into an existing one; written when the run succeeds);\nfile_name is relative to its directory when the output is in it.",
              conflicts: ["--output-dir"]
            ) { $0.datasetInfoPath = $1 },
            .text(
              ["--dataset-name"], "<name>",
              "The dataset's name there (default: the output's file name\nwithout .jsonl)."
            ) { $0.datasetName = $1 },
          ]),
        FlagGroup(
          title: "INPUT",
          flags: RunArguments.fieldFlags(text: "Field with the original text.").map {
            $0.lifted(\.fields)
          } + [
            .text(
              ["--refined-field"], "<name>", "Field with the refined text.", default: "\"refined\"",
              conflicts: ["--expert-replies"]
            ) { $0.fields.refined = $1 },
            .toggle(
              ["--expert-response"],
              "The refined field is a raw expert reply; use the text of\nits \"refined_text: [doc]...[/doc]\" section.",
              conflicts: ["--expert-replies"]
            ) { $0.isExpertResponse = true },
            .text(
              ["--expert-replies"], "<file>",
              """
              Batch output JSONL (OpenAI Batch / vLLM run_batch) of the
              expert-requests of these inputs, in any order: custom_id
              "<id>#<k>", response.status_code, response.body.choices[0]
              (message.content or text, finish_reason), error. Use the
              same recipe as expert-requests. Chunk rejects: expert_error,
              expert_truncated, expert_unparsable, expert_missing. A reply
              naming no chunk of the inputs fails the run. Memory: about
              55 bytes per reply line; the replies' texts are spooled to
              a temporary file next to the output.
              """
            ) { $0.expertRepliesPath = $1 },
            RunArguments.maximumRecordBytesFlag.lifted(\.run),
          ]),
        FlagGroup(
          title: "PAIRS",
          flags: RecipeFlags.chunkingFlags(overlap: true) + RecipeFlags.filterFlags
        ).lifted(\.recipe),
        FlagGroup(
          title: "HOLD-OUT (labels for scalpel eval)",
          flags: [
            .number(
              ["--holdout-rate"], "<r>", in: 0...1,
              "Write the pairs of this share of the accepted documents\nto --holdout-output instead of the pairs, drawn by\ndocument id and --seed (the same documents in every run,\nin any order or shard); every chunk of a document goes\nthe same way, so none is in both files."
            ) { $0.holdoutRate = $1 },
            .text(
              ["--holdout-output"], "<file>",
              "The held-out pairs (same format as the pairs); with\n--output-dir, per shard NAME.holdout.jsonl.",
              conflicts: ["--output-dir"]
            ) { $0.run.report = $1 },
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
    try JobCommand.main(arguments, table, Arguments(), recipe: \.recipe, runArguments: \.run) {
      arguments, options in
      let processing = arguments.recipe.processing(
        fields: arguments.fields, isExpertResponse: arguments.isExpertResponse)
      if let problem = processing.pairOptions.chunking.frameOverflowDescription {
        throw UsageError(problem + " (see --chunk-chars, --chunk-tokens, --instruction)")
      }
      var job = BuildPairsJob(
        options: options, processing: processing,
        datasetInfo: try datasetInfo(arguments, options, format: arguments.recipe.encoding.format))
      job.expertRepliesPath = arguments.expertRepliesPath
      job.holdoutRate = try holdoutRate(arguments, options)
      return job
    }
  }

  /// The hold-out share, checked against the outputs.
  private static func holdoutRate(_ arguments: Arguments, _ options: JobOptions)
    throws(UsageError) -> Double?
  {
    guard case .files(_, _, let holdoutOutput) = options.destination else {
      return arguments.holdoutRate
    }
    switch (arguments.holdoutRate, holdoutOutput) {
    case (nil, nil): return nil
    case (nil, _?): throw UsageError("--holdout-output needs --holdout-rate")
    case (_?, nil):
      throw UsageError("--holdout-rate needs --holdout-output <file> (or --output-dir)")
    case (let rate?, _?): return rate
    }
  }

  /// The `dataset_info.json` that `--dataset-info` asks for, or `nil`.
  private static func datasetInfo(
    _ arguments: Arguments, _ options: JobOptions, format: TrainingPairFormat
  ) throws(UsageError) -> DatasetInfoFile? {
    guard let path = arguments.datasetInfoPath else {
      if arguments.datasetName != nil { throw UsageError("--dataset-name needs --dataset-info") }
      return nil
    }
    guard path != "-" else { throw UsageError("--dataset-info needs a file, not standard output") }
    guard case .files(let output, _, _) = options.destination, output != "-" else {
      throw UsageError("--dataset-info needs the pairs in one file: give -o <file>.jsonl")
    }
    do {
      return DatasetInfoFile(
        path: path,
        entry: try DatasetInfoEntry(
          name: arguments.datasetName, output: output, datasetInfoPath: path, format: format))
    } catch {
      throw UsageError("--dataset-info: \(error)")
    }
  }
}

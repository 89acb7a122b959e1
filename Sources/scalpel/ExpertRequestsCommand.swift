import Scalpel

/// `scalpel expert-requests`: the flag table only; the work is ``ExpertRequestsJob``.
enum ExpertRequestsCommand {
  struct Arguments {
    var run = RunArguments()
    var recipe = Recipe()
    var fields = CorpusFields()
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "expert-requests",
      synopsis: ["scalpel expert-requests [options] <input>... -o requests.jsonl"],
      about: """
        Writes the expert's requests for raw documents {"id","text"}: draws a deterministic
        sample (--sample-rate, by id hash and seed), cuts each drawn document into chunks
        with the packer build-pairs uses, and writes one request per chunk in the OpenAI
        Batch / vLLM run_batch input format:
          {"custom_id":"<id>#<k>","method":"POST","url":"/v1/chat/completions",
           "body":{"model":...,"messages":[{"role":"user","content":<prompt>}],...}}
        The prompt follows the RefineX expert prompt, the chunk between [doc] and [/doc].
        Inputs are JSONL files (plain, gzip or zstd), directories of shards, or - for stdin.
        Every document is accepted (sampled or not) or rejected with a reason; chunks of
        one line longer than the budget get no request (build-pairs gives them keep_all()).
        Give build-pairs the same recipe and inputs with --expert-replies.
        """,
      groups: [
        RunArguments.outputGroup(
          mainOutput: "Requests JSONL", perShard: "NAME.requests.jsonl, NAME.rejects.jsonl",
          report: nil
        ).lifted(\.run),
        FlagGroup(
          title: "EXPERT",
          flags: [RecipeFlags.recipeFlag] + RecipeFlags.expertFlags + [
            .number(
              ["--sample-rate"], "<r>", in: 0...1,
              "Share of documents sent to the expert, drawn by a hash of\nthe id and --seed (the same documents on every run).",
              default: "1"
            ) { $0.sampleRate = $1 },
            .integer(["--seed"], in: 0...Int.max, "Seed of the sample.", default: "0") {
              $0.seed = UInt64($1)
            },
          ]
        ).lifted(\.recipe),
        FlagGroup(
          title: "CHUNKS (the budget bounds the refiner's prompt: give the same as build-pairs)",
          flags: RecipeFlags.chunkingFlags(overlap: true) + RecipeFlags.frameFlags
        ).lifted(\.recipe),
        RunArguments.documentInputGroup(text: "Field with the text."),
        RunArguments.runGroup(
          roundBytesHelp:
            "Input bytes per round; memory stays within about 4 x this\nplus a few times the largest record."
        ).lifted(\.run),
      ],
      footer: """
        EXAMPLE
          scalpel recipe init -o recipe.json
          scalpel expert-requests --recipe recipe.json corpus.jsonl -o requests.jsonl
          vllm run-batch -i requests.jsonl -o replies.jsonl --model Qwen/Qwen2.5-72B-Instruct
          scalpel build-pairs --recipe recipe.json corpus.jsonl --expert-replies replies.jsonl \\
            -o pairs.jsonl --rejects rejects.jsonl --stats stats.json
        """)
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    try JobCommand.main(arguments, table, Arguments(), recipe: \.recipe, runArguments: \.run) {
      arguments, options in
      if let problem = arguments.recipe.framedChunking.frameOverflowDescription {
        throw UsageError(problem + " (see --chunk-chars, --chunk-tokens, --instruction)")
      }
      var job = ExpertRequestsJob(options: options, recipe: arguments.recipe)
      job.fields = arguments.fields
      return job
    }
  }
}

extension ExpertRequestsCommand.Arguments: DocumentCommandArguments {}

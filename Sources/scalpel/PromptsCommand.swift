import Scalpel

/// `scalpel prompts`: the flag table only; the work is ``PromptsJob``.
enum PromptsCommand {
  struct Arguments {
    var run = RunArguments()
    var recipe = Recipe()
    var fields = CorpusFields()
    var requests = RefinerRequestOptions()
    /// `--completions`: checked against the format once the recipe is known.
    var asksForCompletions = false
    /// `--pairs`: the inputs are pair lines.
    var input = PromptsJob.Input.documents
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "prompts",
      synopsis: [
        "scalpel prompts [options] <input>... -o requests.jsonl",
        "scalpel prompts [options] --pairs <pairs.jsonl>... -o requests.jsonl",
      ],
      about: """
        Writes the refiner's prompts for raw documents {"id","text"}: cuts each document into
        the chunks build-pairs cuts with the same recipe (without overlap) and writes one
        request per chunk whose prompt is byte for byte the prompt of that chunk's training
        pair, in the OpenAI Batch / vLLM run_batch input format, greedy (temperature 0):
          {"custom_id":"<id>#<k>","method":"POST","url":"/v1/chat/completions",
           "body":{"model":"refiner","messages":[...],"temperature":0,"max_tokens":1024}}
        Chat formats (messages, conversational) go to /v1/chat/completions with the system
        and user messages of the pair; prompt-completion and alpaca go to /v1/completions
        with the prompt text ("prompt": instruction, blank line, numbered document; alpaca:
        instruction, newline, input, as LLaMA-Factory joins them).
        Inputs are JSONL files (plain, gzip or zstd), directories of shards, or - for
        stdin. Every document is accepted or rejected with a reason (the codes of
        build-pairs); chunks of one line longer than the budget get no request
        (build-pairs gives them keep_all()) and are counted.
        With --pairs the inputs are pairs files of build-pairs (any --format; held-out
        pairs): one request per pair line, in input order, for the chunk the pair shows,
        custom_id the pair id (plain: its document id and chunk). The prompt is checked to
        be the pair's own byte for byte; a pair made with another recipe, --format,
        --instruction or --line-prefix is rejected as prompt_mismatch, naming the first
        difference, and with --recipe a pair whose meta.recipe is another hash fails the
        run. Score the replies with scalpel eval.
        """,
      groups: [
        RunArguments.outputGroup(
          mainOutput: "Requests JSONL", perShard: "NAME.prompts.jsonl, NAME.rejects.jsonl",
          report: nil
        ).lifted(\.run),
        FlagGroup(
          title: "FORMAT (give the same as build-pairs, or the same --recipe)",
          flags: [RecipeFlags.recipeFlag, RecipeFlags.formatFlag] + RecipeFlags.frameFlags
            + RecipeFlags.chunkingFlags(overlap: false)
        ).lifted(\.recipe),
        FlagGroup(title: "REQUESTS", flags: requestFlags),
        inputGroup,
        RunArguments.runGroup(
          roundBytesHelp:
            "Input bytes per round; memory stays within about 4 x this\nplus a few times the largest record."
        ).lifted(\.run),
      ],
      footer: """
        EXAMPLE
          scalpel prompts --recipe recipe.json corpus.jsonl -o prompts.jsonl --constrain
          vllm run-batch -i prompts.jsonl -o programs.jsonl --model refiner
          scalpel prompts --recipe recipe.json --pairs heldout.jsonl -o heldout-prompts.jsonl
        """)
  }

  /// The document fields, `--max-record-bytes` and `--pairs`.
  static var inputGroup: FlagGroup<Arguments> {
    var group: FlagGroup<Arguments> = RunArguments.documentInputGroup(
      text: "Field with the text.")
    group.flags.insert(
      .toggle(
        ["--pairs"],
        "The inputs are pair lines of build-pairs (-o or\n--holdout-output, any --format): one request per pair,\nits prompt checked to be the pair's own (else\nprompt_mismatch); custom_id is the pair id.",
        conflicts: ["--id-field", "--text-field"]
      ) { $0.input = .pairs }, at: 0)
    return group
  }

  static var requestFlags: [Flag<Arguments>] {
    [
      .text(
        ["--model"], "<name>", "Model name in each request body.", default: "refiner",
        conflicts: ["--plain"]
      ) { $0.requests.model = $1 },
      .integer(
        ["--max-tokens"], in: 1...Int.max,
        "Longest reply in tokens (4 x the longest label program of\nthe bundled corpus).",
        default: String(RefinerRequestOptions.defaultMaximumTokenCount), conflicts: ["--plain"]
      ) { $0.requests.maximumTokenCount = $1 },
      .toggle(
        ["--chat"],
        "Send a text prompt (prompt-completion, alpaca) to\n/v1/chat/completions as one user message.",
        conflicts: ["--completions", "--plain"]
      ) { $0.requests.sendsTextAsChat = true },
      .toggle(
        ["--completions"],
        "Send the prompt text to /v1/completions (the default for\nprompt-completion and alpaca; refused for chat formats).",
        conflicts: ["--chat", "--plain"]
      ) { $0.asksForCompletions = true },
      .toggle(
        ["--plain"],
        "Write {\"id\",\"chunk\",\"prompt\"} lines instead of requests: the\nprompt as a string, or the messages of a chat format."
      ) { $0.requests.layout = .plain },
      .toggle(
        ["--constrain"],
        "Add the regular expression of the chunk's programs\n(keep_all() or remove_lines/remove_str calls, line numbers\n1...lines of the chunk) as vLLM's \"structured_outputs\":\n{\"regex\": ...} (vLLM >= 0.12; plain lines: \"regex\")."
      ) { $0.requests.constrainsPrograms = true },
    ]
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    let arguments = Array(arguments)
    let isRecipeGiven = RecipeFlags.path(in: arguments) != nil
    return try JobCommand.main(
      arguments, table, Arguments(), recipe: \.recipe, runArguments: \.run
    ) { arguments, options in
      if let problem = arguments.recipe.framedChunking.frameOverflowDescription {
        throw UsageError(problem + " (see --chunk-chars, --chunk-tokens, --instruction)")
      }
      let format = arguments.recipe.encoding.format
      if arguments.asksForCompletions && (format == .messages || format == .conversational) {
        throw UsageError(
          "--completions: the \(format.rawValue) format's prompt is chat messages, which only /v1/chat/completions takes (the server applies the chat template)"
        )
      }
      var job = PromptsJob(options: options, recipe: arguments.recipe, requests: arguments.requests)
      job.fields = arguments.fields
      job.input = arguments.input
      if isRecipeGiven && arguments.input == .pairs {
        job.expectedRecipeHash = arguments.recipe.hash
      }
      return job
    }
  }
}

extension PromptsCommand.Arguments: DocumentCommandArguments {}

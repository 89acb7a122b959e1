import Scalpel

/// `scalpel eval`: the flag table only; the work is ``EvalJob``.
enum EvalCommand {
  struct Arguments {
    var run = RunArguments()
    var recipe = Recipe()
    var labels: [String] = []
    var programsPath: String?
    var refinement = RefinementOptions()
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "eval",
      synopsis: [
        "scalpel eval --labels <heldout-pairs.jsonl> --programs <replies.jsonl> [--stats <file>]"
      ],
      about: """
        Scores a trained refiner against held-out labels (build-pairs --holdout-output).
        For each labelled chunk, the label program and the model's program are executed on
        the chunk (recovered from the pair's prompt); the model's as apply would execute
        it (error budget, --max-delete-share; a missing or failed reply deletes nothing).
        Printed on stderr, and in --stats as JSON: precision, recall and F1 of deleted
        characters (Unicode scalars, newlines of removed lines included) and of removed
        lines, overall and by call kind (remove_lines, remove_str); over-deleted and missed
        characters; exact-program and exact-output rates; chunks emptied by the model and
        by the label; the keep_all confusion table (deletes anything or not); parse-error
        and skipped-call rates of the model's programs; what became of every reply (used,
        missing, failed by reason, superseded, for chunks without a label). Every label is
        scored or rejected with a reason (labels in = scored + rejected).
        """,
      groups: [
        FlagGroup(
          title: "INPUT",
          flags: [
            .text(
              ["--labels"], "<file>",
              "Held-out pairs of build-pairs (any --format; plain, gzip, zstd,\na directory of shards, or -); repeatable. The pair id\n\"<doc>#<k>\" names the chunk; the chunk is read back from\nthe numbered prompt (--line-prefix or --recipe)."
            ) { $0.labels.append($1) }.repeatable,
            .text(
              ["--programs"], "<file>",
              """
              The model's programs, in any order: a batch output file of
              the requests of scalpel prompts (custom_id "<doc>#<k>";
              errors, status other than 200, finish_reason length and
              empty content count as failed replies; of several replies
              for a chunk the first usable one wins), or program lines
              {"id","chunk","program"} or pairs (first line per chunk wins).
              Memory: about 53 bytes per reply line (texts spooled beside
              the output); program lines are held in memory.
              """
            ) { $0.programsPath = $1 },
            RunArguments.maximumRecordBytesFlag.lifted(\.run),
          ]),
        FlagGroup(
          title: "RECIPE (the labels' recipe: line prefix, chunk budget)",
          flags: [
            .text(
              ["--recipe"], "<file>",
              "The recipe the labels were made with (flags override it);\na label whose meta.recipe is another recipe's hash fails\nthe run."
            ) { _, _ in }
          ] + RecipeFlags.frameFlags + RecipeFlags.chunkingFlags(overlap: false)
        ).lifted(\.recipe),
        FlagGroup(title: "REFINEMENT (as apply)", flags: ApplyCommand.budgetFlags).lifted(
          \.refinement),
        FlagGroup(
          title: "OUTPUT",
          flags: [
            .text(
              ["--stats"], "<file>",
              "The figures as JSON (the summary, its counters and rates;\nrates are null where their denominator is 0)."
            ) { $0.run.job.statsPath = $1 },
            .text(
              ["-o", "--output"], "<file>",
              """
              One comparison line per scored chunk, in label order
              (default: none; - for standard output):
              {"id","status","exact_output","exact_program",
               "chars":{"label","model","both"},
               "lines":{"label":[...],"model":[...]},"label","model",
               "parse_errors","skipped_calls","reply"}
              """,
              conflicts: ["--output-dir"]
            ) { $0.run.output = $1 },
            .text(
              ["--output-dir"], "<dir>",
              "Per label shard: NAME.eval.jsonl, NAME.rejects.jsonl,\nNAME.summary.json, NAME.manifest.json.",
              conflicts: ["--output", "--rejects"]
            ) { $0.run.outputDirectory = $1 },
            .text(
              ["--rejects"], "<file>",
              "Labels that cannot be scored: {\"id\",\"source\",\"reason\",\"detail\"}."
            ) { $0.run.rejects = $1 },
          ]),
        RunArguments.runGroup(
          roundBytesHelp: "Label bytes per round; memory stays within a few times this."
        ).lifted(\.run),
      ],
      footer: """
        EXAMPLE
          scalpel build-pairs corpus.jsonl -o train.jsonl \\
            --holdout-rate 0.05 --holdout-output heldout.jsonl
          scalpel prompts --pairs heldout.jsonl -o heldout-requests.jsonl
          vllm run-batch -i heldout-requests.jsonl -o replies.jsonl --model refiner
          scalpel eval --labels heldout.jsonl --programs replies.jsonl --stats eval.json
        """)
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    let arguments = Array(arguments)
    let isRecipeGiven = RecipeFlags.path(in: arguments) != nil
    return try JobCommand.main(
      arguments, table, Arguments(), recipe: \.recipe, runArguments: \.run,
      inputs: { arguments, positional throws(UsageError) in
        if let first = positional.first {
          throw UsageError("unexpected argument '\(first)': give the labels with --labels")
        }
        guard !arguments.labels.isEmpty else {
          throw UsageError("give the held-out pairs with --labels <file>")
        }
        return arguments.labels
      }
    ) { arguments, options in
      guard let programsPath = arguments.programsPath else {
        throw UsageError("give the model's programs with --programs <file>")
      }
      var options = options
      if arguments.run.output == nil && arguments.run.outputDirectory == nil {
        options.destination = .files(output: "/dev/null", rejects: arguments.run.rejects)
      }
      var job = EvalJob(options: options, programsPath: programsPath, recipe: arguments.recipe)
      job.checksRecipeHash = isRecipeGiven
      job.refinement = arguments.refinement
      return job
    }
  }
}

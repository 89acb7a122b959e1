import Scalpel

/// `scalpel apply`: the flag table only; the work is ``ApplyJob``.
enum ApplyCommand {
  struct Arguments {
    var run = RunArguments()
    var programsPath: String?
    var programField: String?
    var fields = CorpusFields()
    var refinement = RefinementOptions()
    var recipe = Recipe()
    var maximumReportedErrorCount = 20
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "apply",
      synopsis: ["scalpel apply [options] (--programs <file> | --program-field <name>) <input>..."],
      about: """
        Executes refinement programs on a corpus. Inputs are JSONL documents (plain,
        gzip or zstd, detected by magic bytes), directories of shards (*.jsonl,
        *.jsonl.gz, *.jsonl.zst, *.json, *.ndjson, sorted by name), or - for stdin.
        Every record is written back with all its fields, in their order, plus the
        refined text; or rejected with a reason. The counts are printed on stderr
        (documents in = written + rejected). Two records with the same id (1 and "1" are
        the same id) fail the run, naming both lines.
        """,
      groups: [
        FlagGroup(
          title: "PROGRAMS",
          flags: [
            .text(
              ["--programs"], "<file>",
              """
              JSONL programs, one line per chunk (plain, gzip, zstd or -):
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
              BATCH REPLIES: a regular file (not - or a pipe) whose first line has
              a "custom_id" is a batch output file (OpenAI Batch, vLLM
              run_batch): custom_id "<doc>#<k>", the program in
              response.body.choices[0].message.content or .text. Lines may
              come in any order: they are indexed (about 53 bytes of memory
              per line, texts spooled to disk beside the output). Replies
              with an error, a status other than 200, finish_reason length
              or no content leave their chunk unchanged, counted by reason;
              of several replies for a chunk the first usable one wins and
              the others are superseded. A reply naming no document or
              chunk of the inputs fails the run before anything is written.
              A programs file of which no line gives a program fails the
              run (exit 1).
              """, conflicts: ["--program-field"]
            ) { $0.programsPath = $1 },
            .text(
              ["--program-field"], "<name>",
              "Instead: the programs are in this field of each record, a\nstring (chunk 0) or an array of strings/nulls (one per chunk).",
              conflicts: ["--programs"]
            ) { $0.programField = $1 },
          ]),
        FlagGroup(
          title: "RECIPE",
          flags: [RecipeFlags.recipeFlag] + RecipeFlags.chunkingFlags(overlap: false)
        ).lifted(\.recipe),
        FlagGroup(title: "REFINEMENT", flags: budgetFlags + [documentGuardFlag]).lifted(
          \.refinement),
        FlagGroup(
          title: "INPUT",
          flags: RunArguments.fieldFlags(text: "Field with the text to refine.").map {
            $0.lifted(\.fields)
          } + [
            RunArguments.maximumRecordBytesFlag.lifted(\.run)
          ]),
        RunArguments.outputGroup(
          mainOutput: "Refined documents JSONL",
          perShard: "NAME.refined.jsonl, NAME.rejects.jsonl,\nNAME.report.jsonl",
          report: """
            One line per written document: {"id","source","chunks",
            "calls_applied","calls_skipped","parse_errors",
            "chunks_unchanged","chunks_missing_program","chunks_rejected",
            "chars_removed","errors":[{"chunk","line","message"}],
            "errors_omitted"}; with batch replies "chunks_reply_failed",
            with a delete-share guard "chunks_too_aggressive" and
            "document_too_aggressive" (after "chunks_rejected").
            """
        ).lifted(\.run),
        FlagGroup(
          title: "REPORT",
          flags: [
            .text(
              ["--output-field"], "<name>",
              "Field for the refined text; an existing field of that name\nis overwritten in place.",
              default: "\"refined_text\""
            ) { $0.fields.output = $1 },
            .integer(
              ["--max-report-errors"], in: 0...1_000_000,
              "Errors listed per document in the report.",
              default: "20"
            ) { $0.maximumReportedErrorCount = $1 },
          ]),
        RunArguments.runGroup(
          roundBytesHelp:
            "Input bytes per round; memory stays within about 4 x this\nplus the largest record."
        ).lifted(\.run),
      ],
      footer: """
        Each chunk's program runs on that chunk alone (chunk-local line numbers). A chunk
        without a program, or made of one line longer than the budget (unrefinable), stays
        unchanged. Texts are normalised first (\\r\\n and \\r become \\n).

        EXAMPLE
          scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl
          scalpel apply Examples/web-corpus/corpus.jsonl --programs pairs.jsonl \\
            -o refined.jsonl --report report.jsonl --stats stats.json --jobs 2
        """)
  }

  /// The error budget and the chunk guard, which `eval` shares.
  static var budgetFlags: [Flag<RefinementOptions>] {
    [
      .integer(
        ["--max-bad-calls"], in: 0...Int.max,
        """
        Error budget per chunk. Bad lines are the program's parse
        errors plus the calls the executor skips (line out of range,
        text not found or not unique, overlapping removals). A chunk
        with more than n bad lines is left unchanged (counted as
        chunk_rejected); otherwise its good calls apply. 0 rejects
        any chunk with a bad line.
        """, default: "1"
      ) { $0.maximumBadCallCount = $1 },
      .number(
        ["--max-delete-share"], "<r>", in: 0...1,
        """
        Aggressiveness guard per chunk, 0...1: a program that would
        delete more than this share of its chunk's characters
        (Unicode scalars) leaves the chunk unchanged (status
        too_aggressive; its calls are skipped as chunk_too_aggressive).
        Off by default.
        """
      ) { $0.maximumChunkDeleteShare = $1 },
    ]
  }

  /// The document guard.
  static var documentGuardFlag: Flag<RefinementOptions> {
    .number(
      ["--max-document-delete-share"], "<r>", in: 0...1,
      """
      Aggressiveness guard per document, 0...1, checked after the
      chunk guard: when the refined document lacks more than this
      share of its characters, the whole document is left
      unchanged (counted in documents_too_aggressive; its refined
      chunks become document_too_aggressive). Off by default.
      """
    ) { $0.maximumDocumentDeleteShare = $1 }
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    let arguments = Array(arguments)
    let isRecipeGiven = RecipeFlags.path(in: arguments) != nil
    return try JobCommand.main(
      arguments, table, Arguments(), recipe: \.recipe, runArguments: \.run
    ) { arguments, options in
      let programs: ProgramSource
      switch (arguments.programsPath, arguments.programField) {
      case (let path?, _): programs = .file(path)
      case (nil, let field?): programs = .field(field)
      case (nil, nil):
        throw UsageError("give the programs with --programs <file> or --program-field <name>")
      }
      var job = ApplyJob(options: options, programs: programs)
      job.fields = arguments.fields
      job.refinement = arguments.refinement
      // The refiner's chunks are the recipe's, framed by its prompt; they never overlap,
      // because overlapping chunks cannot be joined back.
      job.refinement.chunking = arguments.recipe.framedChunking
      job.refinement.chunking.overlapLineCount = 0
      if isRecipeGiven { job.recipeHash = arguments.recipe.hash }
      if let problem = job.refinement.chunking.frameOverflowDescription {
        throw UsageError(problem + " (see --chunk-chars, --chunk-tokens)")
      }
      job.maximumReportedErrorCount = arguments.maximumReportedErrorCount
      return job
    }
  }
}

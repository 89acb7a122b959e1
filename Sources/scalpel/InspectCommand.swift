import Scalpel

/// `scalpel inspect`: argument parsing only; the work is ``InspectionJob``.
enum InspectCommand {

  struct Arguments {
    var output = "-"
    var rejects: String?
    var corpus: String?
    var documents: String?
    var programs: String?
    var labels: String?
    var refinement = RefinementOptions()
    var limit = 500
    var title = "Scalpel inspection"
    var linePrefix = "[{n}]"
    var configuration = RecordProcessor.Configuration()
    var recipeHash: String?
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "inspect",
      synopsis: [
        "scalpel inspect <pairs.jsonl> [--rejects <file>] -o <report.html>",
        "scalpel inspect --corpus <corpus.jsonl> -o <report.html>",
        "scalpel inspect --documents <docs.jsonl> --programs <programs.jsonl> -o <report.html>",
        "scalpel inspect --labels <heldout-pairs.jsonl> --programs <replies.jsonl> -o <eval.html>",
      ],
      about: """
        Writes one self-contained HTML page (no external files, no network) to look at
        refinement data: a summary over all input (documents, chunks, pairs, rejects by
        reason, calls by kind, characters deleted, keep_all share) with charts of the
        deleted share per document, calls per kind and reject reasons, then a list of
        documents with their deletions marked (remove_lines struck through in red,
        remove_str in yellow), line numbers and programs. With --corpus each document
        also shows the expert's edit as the alignment sees it: deletions the programs
        keep (leftover, orange, with why: line_join, ambiguous, rewrite_neighbour,
        not_expressed), characters the programs delete that the expert kept
        (over-deleted, pink), rewrites inline (the replaced text, the inserted text and
        the size counted against --max-rewrite-chars), and for a rejected document the
        span that caused the reject, named (data-reject-cause); a rejected document
        whose cause is not one span (or a pairs file's reject, which has no text) names
        its cause above the text. Filters: kind and reject reason, call kind, has
        leftover, and a text search of ids and text; the count "Showing X of Y" follows
        them; #doc=ID links to one document (a rejected one scrolled to its cause).
        The page fits a phone's screen (charts scale, lines wrap). Inputs may be gzip-
        or zstd-compressed; - reads stdin. A pairs file is <pairs.jsonl>: pairs written
        by build-pairs (any --format); each chunk is recovered from its numbered model
        input; with --meta, its leftover count feeds the "has leftover" filter.
        With --labels (held-out pairs) and --programs (the model's programs, what scalpel
        eval reads), the page shows eval's figures over all labels, then each chunk twice
        side by side: the label's deletions left, the model's right (as apply would apply
        them), with over-deleted characters (the model deletes, the label keeps) and
        missed characters (the label deletes, the model keeps) marked; a filter shows
        disagreements only (the outputs differ), a status, or ids containing a text.
        """,
      groups: [
        FlagGroup(
          title: "INPUT (one of)",
          flags: [
            .text(
              ["--rejects"], "<file>",
              "With a pairs file: its rejects file (reasons only;\nrejects files hold no text)."
            ) { $0.rejects = $1 },
            .text(
              ["--corpus"], "<file>",
              "Records {\"id\",\"text\",\"refined\"}: pairs are built on\nthe fly as build-pairs does, rejected records keep\ntheir text and reason; every document shows the\nexpert's edit and a rejected one its cause.",
              conflicts: ["--documents", "--programs"]
            ) { $0.corpus = $1 },
            .text(["--documents"], "<file>", "Records {\"id\",\"text\"} ...") { $0.documents = $1 },
            .text(
              ["--programs"], "<file>",
              "... and programs {\"id\",\"chunk\"?,\"program\"} in the same\ndocument order (a merge join: a document's programs\nare the consecutive records with its id). Line numbers\nare lines of chunk k (\"chunk\", default 0, as in apply;\nchunked as build-pairs does, see --chunk-chars).\nWith --labels: the model's programs in any order, as\nscalpel eval reads them (batch output or program lines)."
            ) { $0.programs = $1 },
            .text(
              ["--labels"], "<file>",
              "Held-out pairs (build-pairs --holdout-output, any\n--format) scored against --programs as scalpel eval\nscores them; the page shows them side by side.",
              conflicts: ["--corpus", "--documents", "--rejects", "--expert-response"]
            ) { $0.labels = $1 },
          ]),
        FlagGroup(
          title: "OPTIONS",
          flags: [
            .text(
              ["--recipe"], "<file>",
              "The recipe the data was made with: line prefix, chunking\nand filters come from it (flags override them); a pair\nwhose meta.recipe is another recipe's hash fails the run."
            ) { _, _ in },
            .text(
              ["-o", "--output"], "<file>",
              "The HTML page (default: standard output); written\natomically; never one of the inputs."
            ) { $0.output = $1 },
            .integer(
              ["--limit"], in: 0...Int.max,
              "Show at most n documents of each kind: changed,\nkeep_all, rejected, the first of each in input order;\nthe page says when it samples (with --labels: n chunks,\nall disagreements first). Statistics always cover all\ninput.",
              default: "500"
            ) { $0.limit = $1 },
            .text(["--title"], "<text>", "Page title.", default: "\"Scalpel inspection\"") {
              $0.title = $1
            },
            .text(
              ["--line-prefix"], "<format>",
              "Line-number prefix the pairs were written with; {n}\nis the line number.",
              default: "\"[{n}]\""
            ) { (arguments: inout Arguments, prefix: String) throws(UsageError) in
              guard prefix.contains("{n}") else {
                throw UsageError("--line-prefix must contain {n}")
              }
              arguments.linePrefix = prefix
            },
            .integer(
              ["--chunk-chars"], in: 1...Int.max,
              "Chunk budget for --corpus, --programs with \"chunk\"\nand --labels (whose one-line chunks over it apply leaves).",
              default: "12000"
            ) { $0.configuration.pairOptions.chunking.budget = .characters($1) },
            .toggle(["--expert-response"], "With --corpus: \"refined\" is a raw expert reply.") {
              $0.configuration.isExpertResponse = true
            },
          ]),
        FlagGroup(
          title: "REFINEMENT (with --labels: how apply would apply the model's programs)",
          flags: ApplyCommand.budgetFlags
        ).lifted(\.refinement),
      ],
      footer: """
        Huge documents are cut for display (2,000 lines, 200,000 bytes, 2,000 bytes per
        line) with a note saying how much is not shown. The page is one file; documents
        off screen are not laid out until scrolled to, so 2,000 documents open in about
        a second.

        EXAMPLE
          scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl --rejects rejects.jsonl
          scalpel inspect pairs.jsonl --rejects rejects.jsonl -o report.html
          scalpel inspect --labels heldout.jsonl --programs replies.jsonl -o eval.html
        """)
  }

  static var usage: String { table.usage }

  static func parse(_ arguments: some Sequence<String>) throws -> InspectionOptions? {
    let arguments = Array(arguments)
    var initial = Arguments()
    if RecipeFlags.path(in: arguments) != nil {
      let recipe = try RecipeFlags.base(arguments)
      initial.linePrefix = recipe.encoding.linePrefix
      initial.configuration = recipe.processing()
      initial.recipeHash = recipe.hash
    }
    guard let parsed = try table.parse(arguments, onto: initial) else { return nil }
    let (output, rejects, corpus, documents, programs) = (
      parsed.arguments.output, parsed.arguments.rejects, parsed.arguments.corpus,
      parsed.arguments.documents, parsed.arguments.programs
    )
    let (limit, title, linePrefix, configuration) = (
      parsed.arguments.limit, parsed.arguments.title, parsed.arguments.linePrefix,
      parsed.arguments.configuration
    )
    let positional = parsed.positional
    let input: InspectionOptions.Input
    if let labels = parsed.arguments.labels {
      if let first = positional.first {
        throw UsageError("unexpected argument '\(first)': --labels is the input")
      }
      guard let programs else {
        throw UsageError("--labels needs --programs (the model's programs)")
      }
      input = .labels(path: labels, programsPath: programs)
    } else {
      if parsed.arguments.refinement != RefinementOptions() {
        throw UsageError("--max-bad-calls and --max-delete-share go with --labels")
      }
      input = try documentInput(
        positional, rejects: rejects, corpus: corpus, documents: documents, programs: programs)
    }
    if rejects != nil && positional.isEmpty {
      throw UsageError("--rejects goes with a pairs file")
    }
    if configuration.isExpertResponse && corpus == nil {
      throw UsageError("--expert-response goes with --corpus")
    }
    var options = InspectionOptions(
      input: input, output: output, title: title, limitPerKind: limit, linePrefix: linePrefix,
      processing: configuration)
    options.recipeHash = parsed.arguments.recipeHash
    options.refinement = parsed.arguments.refinement
    return options
  }

  /// The input of the document modes: a pairs file, a corpus, or documents with programs.
  static func documentInput(
    _ positional: [String], rejects: String?, corpus: String?, documents: String?,
    programs: String?
  ) throws(UsageError) -> InspectionOptions.Input {
    switch (positional.count, corpus, documents, programs) {
    case (1, nil, nil, nil):
      return .pairs(path: positional[0], rejectsPath: rejects)
    case (0, let corpus?, nil, nil):
      return .corpus(path: corpus)
    case (0, nil, let documents?, let programs?):
      return .documentsAndPrograms(documentsPath: documents, programsPath: programs)
    case (0, nil, nil, nil):
      throw UsageError(
        "no input given: a pairs file, --corpus, --documents with --programs, or --labels with --programs"
      )
    case (0, nil, _?, nil):
      throw UsageError("--documents needs --programs")
    case (0, nil, nil, _?):
      throw UsageError("--programs needs --documents or --labels")
    case (let count, _, _, _) where count > 1:
      throw UsageError("one pairs file at a time, got \(count)")
    default:
      throw UsageError("give one input: a pairs file, --corpus, or --documents with --programs")
    }
  }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let options = try parse(arguments) else {
      print(usage)
      return 0
    }
    let destination = options.output == "-" ? "standard output" : options.output
    switch try InspectionJob(options: options).run() {
    case .documents(let report):
      StandardError.write(
        "inspect: \(report.documentCount) documents (\(report.acceptedDocumentCount) with pairs, \(report.rejectedDocumentCount) rejected), \(report.pairCount) pairs, \(report.documents.count) shown -> \(destination)"
      )
    case .evaluation(let report):
      StandardError.write(
        "inspect: \(report.summary.recordCount) labels (\(report.summary.writtenRecordCount) scored, \(report.summary.rejectedRecordCount) rejected), \(report.disagreementCount) disagree, \(report.entries.count) shown -> \(destination)"
      )
    }
    return 0
  }
}

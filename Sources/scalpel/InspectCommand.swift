import Scalpel

/// `scalpel inspect`: argument parsing only; the work is ``InspectionJob``.
enum InspectCommand {
  static let usage = """
    USAGE: scalpel inspect <pairs.jsonl> [--rejects <file>] -o <report.html>
           scalpel inspect --corpus <corpus.jsonl> -o <report.html>
           scalpel inspect --documents <docs.jsonl> --programs <programs.jsonl> -o <report.html>

    Writes one self-contained HTML page (no external files, no network) to look at
    refinement data: a summary over all input (documents, chunks, pairs, rejects by
    reason, calls by kind, characters deleted, keep_all share) with charts of the
    deleted share per document, calls per kind and reject reasons, then a list of
    documents with their deletions marked (remove_lines struck through in red,
    remove_str in yellow), line numbers and programs, and a filter by kind and
    reject reason. Inputs may be gzip-compressed; - reads stdin.

    INPUT (one of)
      <pairs.jsonl>               Pairs written by build-pairs (any --format). Each
                                  chunk is recovered from its numbered model input.
      --rejects <file>            With a pairs file: its rejects file (reasons only;
                                  rejects files hold no text).
      --corpus <file>             Records {"id","text","refined"}: pairs are built on
                                  the fly as build-pairs does, rejected records keep
                                  their text and reason.
      --documents <file>          Records {"id","text"} ...
      --programs <file>           ... and programs {"id","chunk"?,"program"} in the same
                                  document order (a merge join: a document's programs
                                  are the consecutive records with its id). Without
                                  "chunk", line numbers are document lines; with
                                  "chunk" k, they are lines of chunk k (chunked as
                                  build-pairs does, see --chunk-chars).

    OPTIONS
      -o, --output <file>         The HTML page (default: standard output); written
                                  atomically.
      --limit <n>                 Show at most n documents of each kind: changed,
                                  keep_all, rejected (default 500). Statistics always
                                  cover all input.
      --title <text>              Page title (default "Scalpel inspection").
      --line-prefix <format>      Line-number prefix the pairs were written with; {n}
                                  is the line number (default "[{n}]").
      --chunk-chars <n>           Chunk budget for --corpus and --programs with
                                  "chunk" (default 12000).
      --expert-response           With --corpus: "refined" is a raw expert reply.
      -h, --help                  Show this help.

    Huge documents are cut for display (2,000 lines, 200,000 bytes, 2,000 bytes per
    line) with a note saying how much is not shown.

    EXAMPLE
      scalpel build-pairs Examples/web-corpus/corpus.jsonl -o pairs.jsonl --rejects rejects.jsonl
      scalpel inspect pairs.jsonl --rejects rejects.jsonl -o report.html
    """

  static func parse(_ arguments: some Sequence<String>) throws -> InspectionOptions? {
    var cursor = CommandLineArguments(arguments)
    var output = "-"
    var rejects: String?
    var corpus: String?
    var documents: String?
    var programs: String?
    var limit = 500
    var title = "Scalpel inspection"
    var linePrefix = "[{n}]"
    var configuration = RecordProcessor.Configuration()
    let known = [
      "--output", "--rejects", "--corpus", "--documents", "--programs", "--limit", "--title",
      "--line-prefix", "--chunk-chars", "--expert-response", "--help",
    ]
    while let (name, inline) = cursor.nextOption() {
      switch name {
      case "-h", "--help": return nil
      case "-o", "--output": output = try cursor.value(for: name, inline: inline)
      case "--rejects": rejects = try cursor.value(for: name, inline: inline)
      case "--corpus": corpus = try cursor.value(for: name, inline: inline)
      case "--documents": documents = try cursor.value(for: name, inline: inline)
      case "--programs": programs = try cursor.value(for: name, inline: inline)
      case "--limit": limit = try cursor.integer(for: name, inline: inline, in: 0...Int.max)
      case "--title": title = try cursor.value(for: name, inline: inline)
      case "--line-prefix":
        linePrefix = try cursor.value(for: name, inline: inline)
        guard linePrefix.contains("{n}") else { throw UsageError("--line-prefix must contain {n}") }
      case "--chunk-chars":
        configuration.pairOptions.chunking.budget = .characters(
          try cursor.integer(for: name, inline: inline, in: 1...Int.max))
      case "--expert-response":
        try CommandLineArguments.flag(name, inline)
        configuration.isExpertResponse = true
      default:
        throw CommandLineArguments.unknown(name, known: known)
      }
    }
    let positional = cursor.positional
    let input: InspectionOptions.Input
    switch (positional.count, corpus, documents, programs) {
    case (1, nil, nil, nil):
      input = .pairs(path: positional[0], rejectsPath: rejects)
    case (0, let corpus?, nil, nil):
      input = .corpus(path: corpus)
    case (0, nil, let documents?, let programs?):
      input = .documentsAndPrograms(documentsPath: documents, programsPath: programs)
    case (0, nil, nil, nil):
      throw UsageError("no input given: a pairs file, --corpus, or --documents with --programs")
    case (0, nil, _?, nil):
      throw UsageError("--documents needs --programs")
    case (0, nil, nil, _?):
      throw UsageError("--programs needs --documents")
    case (let count, _, _, _) where count > 1:
      throw UsageError("one pairs file at a time, got \(count)")
    default:
      throw UsageError("give one input: a pairs file, --corpus, or --documents with --programs")
    }
    if rejects != nil && positional.isEmpty {
      throw UsageError("--rejects goes with a pairs file")
    }
    if configuration.isExpertResponse && corpus == nil {
      throw UsageError("--expert-response goes with --corpus")
    }
    return InspectionOptions(
      input: input, output: output, title: title, limitPerKind: limit, linePrefix: linePrefix,
      processing: configuration)
  }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let options = try parse(arguments) else {
      print(usage)
      return 0
    }
    let report = try InspectionJob(options: options).run()
    StandardError.write(
      "inspect: \(report.documentCount) documents (\(report.acceptedDocumentCount) with pairs, \(report.rejectedDocumentCount) rejected), \(report.pairCount) pairs, \(report.documents.count) shown -> \(options.output == "-" ? "standard output" : options.output)"
    )
    return 0
  }
}

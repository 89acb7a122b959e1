import Scalpel

/// `scalpel stats`: a summary of pairs or rejects files.
enum StatsCommand {
  static let usage = """
    USAGE: scalpel stats [--json] <file>...

    Summarises files written by build-pairs: pairs (any format: counts, documents,
    calls by kind, keep_all share, prompt lengths, unreadable program lines) and
    rejects (counts by reason). Files may be gzip-compressed; - reads stdin.

    OPTIONS
      --json       Print one JSON object per file instead of text.
      -h, --help   Show this help.
    """

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    var cursor = CommandLineArguments(arguments)
    var printsJSON = false
    while let (name, inline) = cursor.nextOption() {
      switch name {
      case "-h", "--help":
        print(usage)
        return 0
      case "--json":
        try CommandLineArguments.flag(name, inline)
        printsJSON = true
      default:
        throw CommandLineArguments.unknown(name, known: ["--json", "--help"])
      }
    }
    guard !cursor.positional.isEmpty else { throw UsageError("no file given") }
    for path in cursor.positional {
      let summary = try PairsFileSummary.summarizing(path: path)
      if printsJSON {
        var writer = JSONWriter()
        summary.encode(into: &writer)
        print(String(decoding: writer.bytes, as: UTF8.self))
      } else {
        print(
          "\(path):\n"
            + summary.humanReadable.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        )
      }
    }
    return 0
  }
}

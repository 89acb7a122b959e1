import Scalpel

/// `scalpel stats`: a summary of pairs or rejects files.
enum StatsCommand {
  static var table: FlagTable<Bool> {
    FlagTable<Bool>(
      command: "stats", synopsis: ["scalpel stats [--json] <file>..."],
      about: """
        Summarises files written by build-pairs: pairs (any format: counts, documents,
        calls by kind, keep_all share, prompt lengths, unreadable program lines) and
        rejects (counts by reason). Files may be gzip-compressed; - reads stdin.
        """,
      groups: [
        FlagGroup(
          title: "OPTIONS",
          flags: [
            .toggle(["--json"], "Print one JSON object per file instead of text.") { $0 = true }
          ])
      ])
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let parsed = try table.parse(arguments, onto: false) else {
      print(usage)
      return 0
    }
    guard !parsed.positional.isEmpty else { throw UsageError("no file given") }
    for path in parsed.positional {
      let summary = try PairsFileSummary.summarizing(path: path)
      if parsed.arguments {
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

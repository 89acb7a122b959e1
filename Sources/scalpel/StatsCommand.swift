import Scalpel

/// `scalpel stats`: a summary of pairs or rejects files.
enum StatsCommand {
  struct Arguments {
    var isJSON = false
    var recipeHash: String?
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "stats", synopsis: ["scalpel stats [--json] <file>..."],
      about: """
        Summarises files written by build-pairs: pairs (any format: counts, documents,
        calls by kind, keep_all share, prompt lengths, unreadable program lines) and
        rejects (counts by reason). Files may be gzip- or zstd-compressed; - reads stdin.
        """,
      groups: [
        FlagGroup(
          title: "OPTIONS",
          flags: [
            .toggle(["--json"], "Print one JSON object per file instead of text.") {
              $0.isJSON = true
            },
            .text(
              ["--recipe"], "<file>",
              "Exit 1 when a pair's meta.recipe names another recipe than\nthis file (pairs without meta are not checked)."
            ) { (arguments: inout Arguments, path: String) throws(UsageError) in
              do {
                arguments.recipeHash = try Recipe(path: path).hash
              } catch {
                throw UsageError("\(error)")
              }
            },
          ])
      ])
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    guard let parsed = try table.parse(arguments, onto: Arguments()) else {
      print(usage)
      return 0
    }
    guard !parsed.positional.isEmpty else { throw UsageError("no file given") }
    var status: Int32 = 0
    for path in parsed.positional {
      let summary = try PairsFileSummary.summarizing(path: path)
      if parsed.arguments.isJSON {
        var writer = JSONWriter()
        summary.encode(into: &writer)
        print(String(decoding: writer.bytes, as: UTF8.self))
      } else {
        print(
          "\(path):\n"
            + summary.humanReadable.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        )
      }
      if let expected = parsed.arguments.recipeHash {
        for (hash, count) in summary.pairsByRecipe.sorted(by: { $0.key < $1.key })
        where hash != expected {
          StandardError.write(
            "scalpel stats: error: \(path): \(count) pairs were made with recipe \(hash), not with --recipe's \(expected)"
          )
          status = 1
        }
      }
    }
    return status
  }
}

/// Command-line options of `AlignmentBenchmark`.
struct BenchmarkOptions {
  var cases: [String] = WebPairGenerator.allCases
  /// Distinct pairs per case; `nil` uses each case's default.
  var pairCount: Int?
  /// Minimum measuring time per case, in seconds.
  var seconds: Double = 1.0
  var dumpDirectory: String?
  var checksQuality = false
  /// `--emit-record BYTES`: print one build-pairs input line and exit.
  var emitRecordBytes: Int?
  var seed: UInt64 = 1
  var pureDeletion = false

  static let usage = """
    usage: AlignmentBenchmark [--sizes 5k,20k,100k,1m,del50,rewrite,identical] [--pairs N]
                              [--seconds S] [--dump DIR] [--quality]
           AlignmentBenchmark --emit-record BYTES [--seed N] [--pure-deletion]

      --sizes    cases to run (default: all). 5k/20k/100k/1m are web-like pairs with ~15% of
                 lines deleted; del50 = 20 KB with 50% deleted; rewrite = 20 KB unrelated texts;
                 identical = 10,000 identical lines (a marker every 500) with runs deleted.
      --pairs    distinct pairs per case (default: 40/20/6/2 by size, del50 10, rewrite 4,
                 identical 3). Every pair is timed at least once.
      --seconds  keep cycling over the pairs until this many seconds passed (default 1).
      --dump     write DIR/pairs-<case>.jsonl (pairs, ground truth, Scalpel's spans and ms)
                 and DIR/summary-<case>.json.
      --quality  also check each alignment (coverage, equal bytes, scalar boundaries) and
                 score deleted-byte F1 and exact span share against the ground truth.
      --emit-record  print one JSONL record {"id","text","refined"} (build-pairs input): a
                 web-like page of about BYTES original bytes, ~15% of lines deleted plus
                 in-line junk, like the 1m case; deterministic for a given --seed (default 1).
                 --pure-deletion drops the typo fixes and inserted words (only deletions).
    """

  struct UsageError: Error { var message: String }

  static func parse(_ arguments: some Sequence<String>) throws -> BenchmarkOptions {
    var options = BenchmarkOptions()
    var iterator = arguments.makeIterator()
    func value(_ flag: String, _ inline: String?) throws -> String {
      if let inline { return inline }
      guard let next = iterator.next() else { throw UsageError(message: "\(flag) needs a value") }
      return next
    }
    while let argument = iterator.next() {
      var flag = argument
      var inline: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        flag = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      switch flag {
      case "--sizes", "--cases":
        let list = try value(flag, inline).split(separator: ",").map { String($0).lowercased() }
        for name in list where !WebPairGenerator.allCases.contains(name) {
          throw UsageError(message: "unknown size '\(name)'")
        }
        options.cases = WebPairGenerator.allCases.filter { list.contains($0) }
      case "--pairs":
        guard let n = Int(try value(flag, inline)), n > 0 else {
          throw UsageError(message: "--pairs needs a positive integer")
        }
        options.pairCount = n
      case "--seconds":
        guard let s = Double(try value(flag, inline)), s >= 0 else {
          throw UsageError(message: "--seconds needs a non-negative number")
        }
        options.seconds = s
      case "--dump":
        options.dumpDirectory = try value(flag, inline)
      case "--emit-record":
        guard let n = Int(try value(flag, inline)), n > 0 else {
          throw UsageError(message: "--emit-record needs a positive number of bytes")
        }
        options.emitRecordBytes = n
      case "--seed":
        guard let n = UInt64(try value(flag, inline)) else {
          throw UsageError(message: "--seed needs a non-negative integer")
        }
        options.seed = n
      case "--pure-deletion":
        options.pureDeletion = true
      case "--quality":
        options.checksQuality = true
      case "--help", "-h":
        throw UsageError(message: "")
      default:
        throw UsageError(message: "unknown argument '\(argument)'")
      }
    }
    return options
  }
}

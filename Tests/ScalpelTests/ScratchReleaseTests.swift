import Testing

@testable import Scalpel

/// An aligner (and so a pair builder and a record processor) releases its scratch buffers
/// after an alignment of ``Aligner/scratchRetentionUTF8Count`` bytes or more. Whatever it
/// keeps or drops, every result must be the one a fresh processor gives: a large record
/// followed by small ones is checked, record by record, against a new processor per record.
@Suite struct ScratchReleaseTests {
  static let words = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "café", "naïve", "über", "日本", "[ad]", "|", "Home", "Share",
  ]

  /// A document of `lineCount` lines of random words (a few repeated lines and blank
  /// lines among them), and a refinement that deletes whole lines and words inside lines,
  /// and, with `rewrites`, now and then replaces a word (a rewrite hunk).
  static func record(
    _ rng: inout SplitMix64, lineCount: Int, rewrites: Bool
  ) -> (original: String, refined: String) {
    var original: [String] = []
    var refined: [String] = []
    for _ in 0..<lineCount {
      if rng.int(below: 20) == 0 {
        original.append("")
        refined.append("")
        continue
      }
      let line = (0..<(1 + rng.int(below: 12))).map { _ in words[rng.int(below: words.count)] }
      original.append(line.joined(separator: " "))
      switch rng.int(below: 10) {
      case 0: continue  // the whole line deleted
      case 1, 2:
        var kept = line.filter { _ in rng.int(below: 4) != 0 }
        if kept.isEmpty { kept = [line[0]] }
        refined.append(kept.joined(separator: " "))
      case 3 where rewrites:
        var changed = line
        changed[rng.int(below: changed.count)] = "rewritten"
        refined.append(changed.joined(separator: " "))
      default: refined.append(line.joined(separator: " "))
      }
    }
    return (original.joined(separator: "\n") + "\n", refined.joined(separator: "\n") + "\n")
  }

  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func line(_ id: String, _ texts: (original: String, refined: String), number: Int)
    -> LineRecord
  {
    let json =
      "{\"id\":\(jsonString(id)),\"text\":\(jsonString(texts.original)),\"refined\":\(jsonString(texts.refined))}"
    return .line(lineNumber: number, bytes: Array(json.utf8))
  }

  /// The outcome as comparable text: the pair lines' bytes, or the rejection.
  static func summary(_ outcome: RecordOutcome) -> String {
    switch outcome {
    case .accepted(let id, let lines, let statistics, let chunkCount, let isKeepAll, let tokens):
      return
        "accepted \(id) \(chunkCount) \(isKeepAll) \(tokens) \(statistics)\n"
        + String(decoding: lines, as: UTF8.self)
    case .rejected(let rejection, let statistics):
      return "rejected \(rejection) \(String(describing: statistics))"
    }
  }

  @Test func largeRecordThenSmallOnesMatchFreshProcessors() {
    var rng = SplitMix64(seed: 14)
    var records: [LineRecord] = []
    // Over the retention size (both texts together), so the scratch is released.
    let large = Self.record(&rng, lineCount: 30_000, rewrites: false)
    #expect(
      large.original.utf8.count + large.refined.utf8.count >= Aligner.scratchRetentionUTF8Count)
    records.append(Self.line("large", large, number: 1))
    for index in 0..<12 {
      let small = Self.record(&rng, lineCount: 5 + rng.int(below: 200), rewrites: index % 2 == 1)
      records.append(Self.line("small-\(index)", small, number: index + 2))
    }
    // A second large one with rewrites (the fidelity check aligns too), then small again.
    records.append(
      Self.line("large-2", Self.record(&rng, lineCount: 30_000, rewrites: true), number: 20))
    records.append(
      Self.line("small-last", Self.record(&rng, lineCount: 50, rewrites: true), number: 21))

    var shared = RecordProcessor(configuration: .init())
    var acceptedCount = 0
    for record in records {
      var fresh = RecordProcessor(configuration: .init())
      let alone = Self.summary(fresh.process(record, path: "in.jsonl"))
      let afterOthers = Self.summary(shared.process(record, path: "in.jsonl"))
      #expect(afterOthers == alone, "record \(record.lineNumber)")
      if alone.hasPrefix("accepted") { acceptedCount += 1 }
    }
    // The check means something only if pairs are built, not all rejected.
    #expect(acceptedCount >= 6)
  }

  @Test func alignerAfterLargeAlignmentMatchesFreshAligner() {
    var rng = SplitMix64(seed: 7)
    let large = Self.record(&rng, lineCount: 30_000, rewrites: true)
    var shared = Aligner()
    _ = shared.align(
      original: NormalizedText(large.original), refined: NormalizedText(large.refined))
    for _ in 0..<20 {
      let small = Self.record(&rng, lineCount: 1 + rng.int(below: 100), rewrites: true)
      let (o, r) = (NormalizedText(small.original), NormalizedText(small.refined))
      var fresh = Aligner()
      #expect(shared.align(original: o, refined: r) == fresh.align(original: o, refined: r))
    }
  }
}

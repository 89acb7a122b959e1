import Foundation
import Testing

@testable import Scalpel

/// The line level's work share and unique-line anchors (``LineMatcher``): documents that
/// fit the share align exactly as plain Myers does, large ones stay valid and cheap, and
/// moved text is reported instead of aligned.
@Suite struct LineAnchoringTests {
  /// Options under which the line level never anchors: one plain Myers pass, as before
  /// the work share existed.
  static let plainMyers = AlignmentOptions(lineWorkPerLine: Int.max / 1024)

  static func corpusRecords() throws -> [(original: NormalizedText, refined: NormalizedText)] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Examples/web-corpus/corpus.jsonl").standardized
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return (
        NormalizedText(try #require(object["text"] as? String)),
        NormalizedText(try #require(object["refined"] as? String))
      )
    }
  }

  /// A web-like document: lines of words, blank lines between paragraphs, boilerplate lines
  /// that repeat, every line unique otherwise.
  static func document(_ rng: inout SplitMix64, lineCount: Int) -> [String] {
    let boilerplate = ["Share", "Menu", "Read more", "HOME | NEWS | SPORTS", ""]
    return (0..<lineCount).map { index in
      if rng.int(below: 6) == 0 { return boilerplate[rng.int(below: boilerplate.count)] }
      return "\(index): " + AlignerPathologicalTests.words(&rng, count: 4 + rng.int(below: 12))
    }
  }

  static func bytes(_ lines: [String]) -> [UInt8] {
    Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  @Test func everyCorpusRecordAlignsAsPlainMyers() throws {
    var anchored = Aligner()
    var plain = Aligner(options: Self.plainMyers)
    for (index, record) in try Self.corpusRecords().enumerated() {
      let expected = plain.align(original: record.original, refined: record.refined)
      let actual = anchored.align(original: record.original, refined: record.refined)
      #expect(actual == expected, "corpus record \(index + 1)")
    }
  }

  @Test func smallDocumentsWithManyChangedLinesAlignAsPlainMyers() {
    // Every other line moves one place, so most lines change on the line level.
    var anchored = Aligner()
    var plain = Aligner(options: Self.plainMyers)
    for seed in 0..<40 {
      var rng = SplitMix64(seed: UInt64(seed))
      let lines = Self.document(&rng, lineCount: 20 + rng.int(below: 200))
      var refined = lines.filter { _ in rng.int(below: 100) >= 20 }
      for index in stride(from: 0, to: refined.count - 1, by: 3) {
        refined.swapAt(index, index + 1)
      }
      let (o, r) = (Self.bytes(lines), Self.bytes(refined))
      #expect(anchored.align(original: o, refined: r) == plain.align(original: o, refined: r))
    }
  }

  @Test func aLargeDeletionOnlyDocumentIsAnchoredAndStaysExact() {
    var rng = SplitMix64(seed: 7)
    let lines = Self.document(&rng, lineCount: 60_000)
    let kept = lines.filter { _ in rng.int(below: 100) >= 15 }
    let (o, r) = (Self.bytes(lines), Self.bytes(kept))
    // A small share forces the anchored path even at this size.
    var aligner = Aligner(options: AlignmentOptions(lineWorkPerLine: 2))
    let alignment = aligner.align(original: o, refined: r)
    #expect(AlignmentCheck.violation(alignment, original: o, refined: r) == nil)
    #expect(!alignment.isBudgetExhausted)
    #expect(alignment.reorder == nil)
    #expect(alignment.insertedUTF8Count == 0)
    #expect(alignment.deletedUTF8Count == o.count - r.count)
  }

  @Test func aLargeDocumentWithRewritesStaysValidWhenAnchored() {
    var rng = SplitMix64(seed: 8)
    let lines = Self.document(&rng, lineCount: 30_000)
    var refined: [String] = []
    for line in lines where rng.int(below: 100) >= 15 {
      refined.append(rng.int(below: 40) == 0 ? line + " (edited)" : line)
    }
    let (o, r) = (Self.bytes(lines), Self.bytes(refined))
    var anchored = Aligner(options: AlignmentOptions(lineWorkPerLine: 2))
    let alignment = anchored.align(original: o, refined: r)
    #expect(AlignmentCheck.violation(alignment, original: o, refined: r) == nil)
    #expect(!alignment.isBudgetExhausted)
    #expect(alignment.reorder == nil)
    // Inserting each edited line's 9 bytes is one alignment; a minimal one may match some
    // of them with deleted text nearby, never insert more.
    let editedCount = refined.filter { $0.hasSuffix(" (edited)") }.count
    #expect(alignment.insertedUTF8Count <= 9 * editedCount)
    #expect(alignment.insertedUTF8Count > 0)
  }

  @Test(arguments: ["reversed", "shuffled", "rotated"])
  func movedLinesAreReportedAsReordered(kind: String) {
    var rng = SplitMix64(seed: 9)
    let lines = Self.document(&rng, lineCount: 20_000)
    var refined = lines
    switch kind {
    case "reversed": refined.reverse()
    case "shuffled":
      for index in stride(from: refined.count - 1, to: 0, by: -1) {
        refined.swapAt(index, rng.int(below: index + 1))
      }
    default:  // every block of 40 lines moved to the other end, in reverse block order
      refined = stride(from: 0, to: lines.count, by: 40).reversed().flatMap {
        lines[$0..<min($0 + 40, lines.count)]
      }
    }
    let (o, r) = (Self.bytes(lines), Self.bytes(refined))
    var aligner = Aligner()
    let alignment = aligner.align(original: o, refined: r)
    #expect(AlignmentCheck.violation(alignment, original: o, refined: r) == nil)
    guard let reorder = alignment.reorder else {
      Issue.record("\(kind): not reported as reordered")
      return
    }
    // The unique lines are the numbered ones; the evidence counts their bytes.
    let uniqueBytes = lines.filter { $0.contains(": ") }.reduce(0) { $0 + $1.utf8.count + 1 }
    #expect(reorder.uniqueUTF8Count == uniqueBytes)
    #expect(reorder.outOfOrderUTF8Count * 2 > uniqueBytes)
  }

  @Test func aDeletionOnlyRefinementIsNeverReportedAsReordered() {
    // O = A B C, then A B C with a junk word in every line, then again with two. R = C B A,
    // taking C whole from the first part, B from the second and A from the third: a
    // subsequence of O whose unique whole lines (those of the first part) run backwards.
    var rng = SplitMix64(seed: 10)
    let blocks = (0..<3).map { _ in Self.document(&rng, lineCount: 150).filter { $0.contains(": ") }
    }
    func junked(_ line: String, _ junk: String) -> String {
      line.replacingOccurrences(of: ": ", with: ": " + junk + " ")
    }
    let part1 = blocks.flatMap { $0 }
    let part2 = part1.map { junked($0, "[ad]") }
    let part3 = part1.map { junked($0, "[ad] [ad]") }
    let (o, r) = (Self.bytes(part1 + part2 + part3), Self.bytes(blocks.reversed().flatMap { $0 }))
    let isSubsequence = r.withUnsafeBufferPointer { rBuffer in
      o.withUnsafeBufferPointer { oBuffer in
        Aligner.isSubsequence(rBuffer, 0, r.count, of: oBuffer, 0, o.count)
      }
    }
    #expect(isSubsequence)
    var aligner = Aligner()
    let alignment = aligner.align(original: o, refined: r)
    #expect(AlignmentCheck.violation(alignment, original: o, refined: r) == nil)
    #expect(alignment.reorder == nil)
  }

  @Test func pairBuilderRejectsMovedTextWithItsReason() throws {
    var rng = SplitMix64(seed: 11)
    let lines = Self.document(&rng, lineCount: 20_000)
    var builder = PairBuilder()
    let result = builder.makePair(
      original: NormalizedText(lines.joined(separator: "\n") + "\n"),
      refined: NormalizedText(lines.reversed().joined(separator: "\n") + "\n"))
    guard case .rejected(let reason, _) = result else {
      Issue.record("expected a rejection, got \(result)")
      return
    }
    #expect(reason.code == "text_reordered")
    #expect(
      reason.description.contains("bytes in lines that occur once in each text are out of order"))
  }
}

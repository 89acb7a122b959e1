import Foundation
import Testing

@testable import Scalpel

/// Inputs built to make an aligner slow: they must finish within the work budget.
@Suite struct AlignerPathologicalTests {
  static func words(_ rng: inout SplitMix64, count: Int) -> String {
    (0..<count).map { _ in
      String(
        (0..<(2 + rng.int(below: 7))).map { _ in
          Character(UnicodeScalar(UInt8(97 + rng.int(below: 26))))
        })
    }.joined(separator: " ")
  }

  static func document(_ rng: inout SplitMix64, byteCount: Int) -> [String] {
    var lines: [String] = []
    var total = 0
    while total < byteCount {
      let line = words(&rng, count: 3 + rng.int(below: 20))
      total += line.utf8.count + 1
      lines.append(line)
    }
    return lines
  }

  @Test func unrelatedTextsFinishAsABudgetedReplacement() {
    var rng = SplitMix64(seed: 1)
    let original = Array(Self.document(&rng, byteCount: 100_000).joined(separator: "\n").utf8)
    let refined = Array(Self.document(&rng, byteCount: 100_000).joined(separator: "\n").utf8)
    var aligner = Aligner()
    let alignment = aligner.align(original: original, refined: refined)
    #expect(AlignmentCheck.violation(alignment, original: original, refined: refined) == nil)
    #expect(alignment.isBudgetExhausted)
  }

  @Test func oneMegabyteDocumentWithDeletedLines() {
    var rng = SplitMix64(seed: 2)
    let lines = Self.document(&rng, byteCount: 1_000_000)
    let kept = lines.filter { _ in rng.int(below: 100) >= 15 }
    let original = Array((lines.joined(separator: "\n") + "\n").utf8)
    let refined = Array((kept.joined(separator: "\n") + "\n").utf8)
    var aligner = Aligner()
    let alignment = aligner.align(original: original, refined: refined)
    #expect(AlignmentCheck.violation(alignment, original: original, refined: refined) == nil)
    #expect(!alignment.isBudgetExhausted)
    #expect(alignment.insertedUTF8Count == 0)
    #expect(alignment.deletedUTF8Count == original.count - refined.count)
  }

  @Test func tenThousandIdenticalLines() {
    var rng = SplitMix64(seed: 3)
    let lines = [String](repeating: "the same line", count: 10_000)
    let kept = lines.filter { _ in rng.int(below: 20) != 0 }
    let original = Array((lines.joined(separator: "\n") + "\n").utf8)
    let refined = Array((kept.joined(separator: "\n") + "\n").utf8)
    var aligner = Aligner()
    let alignment = aligner.align(original: original, refined: refined)
    #expect(AlignmentCheck.violation(alignment, original: original, refined: refined) == nil)
    #expect(alignment.deletedUTF8Count == original.count - refined.count)
    #expect(alignment.insertedUTF8Count == 0)
  }

  @Test func scrambledLinesFromASmallSet() {
    var rng = SplitMix64(seed: 4)
    let pool = (0..<8).map { "line number \($0)" }
    let original = Array(
      (0..<5_000).map { _ in pool[rng.int(below: pool.count)] }.joined(separator: "\n").utf8)
    let refined = Array(
      (0..<5_000).map { _ in pool[rng.int(below: pool.count)] }.joined(separator: "\n").utf8)
    var aligner = Aligner()
    let alignment = aligner.align(original: original, refined: refined)
    #expect(AlignmentCheck.violation(alignment, original: original, refined: refined) == nil)
  }

  @Test func emptyAndOneSidedInputs() {
    var aligner = Aligner()
    #expect(aligner.align(original: [], refined: []).hunks.isEmpty)
    let text = Array("abc\n".utf8)
    #expect(aligner.align(original: text, refined: []).hunks.map(\.kind) == [.delete])
    #expect(aligner.align(original: [], refined: text).hunks.map(\.kind) == [.insert])
    #expect(aligner.align(original: text, refined: text).hunks.map(\.kind) == [.equal])
  }
}

@Suite struct AlignerLineAnchorTests {
  /// Lines P, R, Q, xP, xR refined to Q, P, R: the line level anchors on P and R
  /// and would insert Q; the deletion-only check re-aligns exactly.
  @Test func deletionOnlyRefinementNeverInserts() {
    func line(_ seed: Character) -> String { String(repeating: seed, count: 600) }
    let (p, r, q) = (line("p") + " end", line("r") + " end", line("q") + " end")
    let original = [p, r, q, "x" + p, "x" + r].joined(separator: "\n") + "\n"
    let refined = [q, p, r].joined(separator: "\n") + "\n"
    var aligner = Aligner()
    let o = Array(original.utf8)
    let alignment = aligner.align(original: o, refined: Array(refined.utf8))
    #expect(alignment.insertedUTF8Count == 0)
    #expect(alignment.deletedUTF8Count == o.count - refined.utf8.count)
  }
}

@Suite struct AlignerRegressionTests {
  /// Benchmarks/results/repro-nonminimal: the 1dd35f1 kernel inserted two paragraphs and
  /// deleted them again (cost 1,349 bytes); the byte-level optimum is 473
  /// (rapidfuzz `Indel.distance`).
  @Test func benchmarkPairFromThePeerReportIsMinimal() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Benchmarks/results/repro-nonminimal")
    let original = try Data(contentsOf: directory.appendingPathComponent("original.txt"))
    let refined = try Data(contentsOf: directory.appendingPathComponent("refined.txt"))
    var aligner = Aligner()
    let alignment = aligner.align(original: Array(original), refined: Array(refined))
    #expect(alignment.deletedUTF8Count + alignment.insertedUTF8Count == 473)
  }
}

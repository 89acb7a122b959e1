import Testing

@testable import Scalpel

/// ``LinePairing`` and the aligner's use of it: a block with no equal line, too costly
/// for the character aligner, cut at the lines that only delete within themselves.
@Suite struct LinePairingTests {
  /// Textbook Indel distance (insertions plus deletions) by the O(n·m) LCS table.
  static func indelDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var previous = [Int](repeating: 0, count: b.count + 1)
    var current = previous
    for i in 1...max(a.count, 1) where !a.isEmpty {
      for j in 1...max(b.count, 1) where !b.isEmpty {
        current[j] =
          a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
      }
      swap(&previous, &current)
    }
    return a.count + b.count - 2 * previous[b.count]
  }

  /// The original and the refined text rebuilt from the hunks: equal and deleted runs
  /// give the original, equal and inserted runs the refinement.
  static func rebuilt(_ alignment: Alignment, _ original: [UInt8], _ refined: [UInt8])
    -> (original: [UInt8], refined: [UInt8])
  {
    var o: [UInt8] = []
    var r: [UInt8] = []
    for hunk in alignment.hunks {
      switch hunk.kind {
      case .equal:
        o += original[hunk.originalUTF8Range]
        r += refined[hunk.refinedUTF8Range]
        #expect(original[hunk.originalUTF8Range] == refined[hunk.refinedUTF8Range])
      case .delete: o += original[hunk.originalUTF8Range]
      case .insert: r += refined[hunk.refinedUTF8Range]
      }
    }
    return (o, r)
  }

  /// A numbered code listing of about `lineCount` lines; the refinement strips every
  /// number and fixes one comment (`fixedLine`).
  static func listing(lineCount: Int, fixedLine: Int) -> (
    original: [String], refined: [String]
  ) {
    let statements = [
      "x = y + 1", "if x > 0 {", "}", "return x", "let z = f(x)", "print(z)", "i += 1",
      "guard ok else {", "var n = 0", "n -= 2", "",
    ]
    var rng = SplitMix64(seed: 31)
    var original: [String] = []
    var refined: [String] = []
    for number in 1...lineCount {
      let statement = statements[rng.int(below: statements.count)]
      original.append("\(number)  \(statement)")
      refined.append(statement)
    }
    original[fixedLine] = "\(fixedLine + 1)  // recieve the value from the sender"
    refined[fixedLine] = "// receive the value from the sender"
    return (original, refined)
  }

  @Test func aListingWithEveryLineChangedIsAlignedWithinTheBudget() {
    let (originalLines, refinedLines) = Self.listing(lineCount: 12_000, fixedLine: 6_000)
    let original = Array((originalLines.joined(separator: "\n") + "\n").utf8)
    let refined = Array((refinedLines.joined(separator: "\n") + "\n").utf8)
    // One block of the whole text costs far more than the budget.
    #expect(
      BitParallelLCS.estimatedCost(original.count, refined.count)
        > AlignmentOptions().workBudgetPerByte * (original.count + refined.count))
    var aligner = Aligner()
    let alignment = aligner.align(original: original, refined: refined)
    #expect(!alignment.isBudgetExhausted)
    #expect(alignment.reorder == nil)
    let rebuilt = Self.rebuilt(alignment, original, refined)
    #expect(rebuilt.original == original)
    #expect(rebuilt.refined == refined)
    // Minimal: every other line only deletes, and the fixed line's distance comes from
    // the textbook table; as the refinement is no subsequence and the distance has the
    // parity of the length difference, n − m + 2 is the least any alignment can reach.
    let fixedOriginal = Array(originalLines[6_000].utf8)
    let fixedRefined = Array(refinedLines[6_000].utf8)
    let fixed = Self.indelDistance(fixedOriginal, fixedRefined)
    #expect(fixed == fixedOriginal.count - fixedRefined.count + 2)
    let otherDeletions =
      original.count - refined.count - (fixedOriginal.count - fixedRefined.count)
    #expect(
      alignment.deletedUTF8Count + alignment.insertedUTF8Count == otherDeletions + fixed)
  }

  @Test func unmatchedLinesLeaveThePositionWhereItWas() {
    let original = Array("alpha beta gamma\n[1] delta epsilon\nzeta eta theta\n".utf8)
    let refined = Array("alpha gamma\nDELTA EPSILON\nzeta theta\n".utf8)
    let pairing = original.withUnsafeBufferPointer { o in
      refined.withUnsafeBufferPointer { r in
        LinePairing.pair(
          original: o, originalLineStarts: [0, 17, 35, 50], refined: r,
          refinedLineStarts: [0, 12, 26, 37])
      }
    }
    #expect(
      pairing.pairs == [
        .init(originalLineIndex: 0, refinedLineIndex: 0),
        .init(originalLineIndex: 2, refinedLineIndex: 2),
      ])
    #expect(pairing.unmatchedLineCount == 1)
    #expect(!pairing.isIncomplete)
  }

  @Test func shortLinesAreNotPairedAndTheUnmatchedLimitStopsTheSearch() {
    let original = Array("one\ntwo three four five\nsix seven eight\n".utf8)
    let refined = Array("one\nnothing like it\nnor this one\n".utf8)
    let pairing = original.withUnsafeBufferPointer { o in
      refined.withUnsafeBufferPointer { r in
        LinePairing.pair(
          original: o, originalLineStarts: [0, 4, 24, 40], refined: r,
          refinedLineStarts: [0, 4, 20, 33], maximumUnmatchedLineCount: 1)
      }
    }
    #expect(pairing.pairs.isEmpty)
    #expect(pairing.isIncomplete)
  }

  /// Unrelated text with no pair keeps the old outcome: one replacement, budget exhausted.
  @Test func aBlockWithNoPairStillExhaustsTheBudget() {
    var rng = SplitMix64(seed: 32)
    let original = (0..<6000).map { _ in AlignerPathologicalTests.words(&rng, count: 9) }
    let refined = (0..<6000).map { _ in AlignerPathologicalTests.words(&rng, count: 9) }
    var aligner = Aligner()
    let alignment = aligner.align(
      original: Array(original.joined(separator: "\n").utf8),
      refined: Array(refined.joined(separator: "\n").utf8))
    #expect(alignment.isBudgetExhausted)
  }
}

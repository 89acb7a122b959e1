import Foundation
import Testing

@testable import Scalpel

/// The pre-alignment check of ``WindowCoverage``: refinements that delete keep nearly all
/// their windows, reflowed text too, and another document is rejected before any alignment.
@Suite struct WindowCoverageTests {
  /// Every 16-byte window of the text without its whitespace, without sampling: the
  /// textbook version of what ``WindowCoverage`` estimates.
  static func exactCoveredShare(original: String, refined: String) -> Double {
    func folded(_ text: String) -> [UInt8] {
      text.utf8.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }
    func windows(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
      bytes.count < 16 ? [] : (0...(bytes.count - 16)).map { bytes[$0..<$0 + 16] }
    }
    let originalWindows = Set(windows(folded(original)))
    let refinedWindows = windows(folded(refined))
    return Double(refinedWindows.filter { originalWindows.contains($0) }.count)
      / Double(refinedWindows.count)
  }

  static func coverage(_ original: String, _ refined: String) -> WindowCoverage {
    WindowCoverage.measure(original: Array(original.utf8), refined: Array(refined.utf8))
  }

  static func lines(_ rng: inout SplitMix64, count: Int) -> [String] {
    (0..<count).map { _ in AlignerPathologicalTests.words(&rng, count: 3 + rng.int(below: 12)) }
  }

  @Test func theSampledShareEstimatesTheExactOne() {
    for seed in 0..<6 {
      var rng = SplitMix64(seed: UInt64(seed))
      let original = Self.lines(&rng, count: 1500)
      // Keep 70%; of those, some lines get a junk-free edit in the middle.
      var refined: [String] = []
      for line in original where rng.int(below: 10) < 7 {
        refined.append(rng.int(below: 3) == 0 ? String(line.dropFirst(line.count / 2)) : line)
      }
      // Mix in unrelated lines at a seed-dependent share, to cover the whole range.
      let unrelated = Self.lines(&rng, count: seed * 300)
      let o = original.joined(separator: "\n")
      let r = (refined + unrelated).joined(separator: "\n")
      let estimate = Self.coverage(o, r).coveredShare
      let exact = Self.exactCoveredShare(original: o, refined: r)
      #expect(abs(estimate - exact) < 0.05, "seed \(seed): sampled \(estimate), exact \(exact)")
    }
  }

  @Test func deletionsKeepNearlyEveryWindow() {
    var rng = SplitMix64(seed: 20)
    let original = Self.lines(&rng, count: 2000)
    let refined = original.filter { _ in rng.int(below: 4) != 0 }.map {
      // an in-line deletion in every kept line
      $0.count > 20 ? String($0.prefix(8)) + String($0.dropFirst(12)) : $0
    }
    let coverage = Self.coverage(original.joined(separator: "\n"), refined.joined(separator: "\n"))
    #expect(coverage.sampledWindowCount > 1000)
    #expect(coverage.coveredShare > 0.6)
  }

  @Test func reflowedLinesKeepEveryWindow() {
    var rng = SplitMix64(seed: 21)
    let original = (0..<3000).map { _ in AlignerPathologicalTests.words(&rng, count: 3) }
    let coverage = Self.coverage(original.joined(separator: "\n"), original.joined(separator: " "))
    #expect(coverage.coveredShare == 1)
  }

  @Test func anotherDocumentIsRejectedBeforeTheAlignment() throws {
    var rng = SplitMix64(seed: 22)
    let original = Self.lines(&rng, count: 9000).joined(separator: "\n") + "\n"
    let refined = Self.lines(&rng, count: 8000).joined(separator: "\n") + "\n"
    #expect(refined.utf8.count >= PairBuilder.minimumCoverageCheckUTF8Count)
    var builder = PairBuilder()
    let result = builder.makePair(
      original: NormalizedText(original), refined: NormalizedText(refined))
    guard case .rejected(let reason, _) = result,
      case .refinementUnrelated(let covered, let sampled) = reason
    else {
      Issue.record("expected refinement_unrelated, got \(result)")
      return
    }
    #expect(reason.code == "refinement_unrelated")
    #expect(sampled > 1000)
    #expect(Double(covered) < 0.25 * Double(sampled))
    #expect(Self.exactCoveredShare(original: original, refined: refined) < 0.25)
  }

  @Test func deletionsThatBreakEveryWindowAreNotUnrelated() throws {
    // A tag around every word: no 16-byte window of the stripped text occurs in the
    // original, but the refinement only deletes.
    var rng = SplitMix64(seed: 24)
    let lines = (0..<6000).map { _ in
      (0..<8).map { _ in AlignerPathologicalTests.words(&rng, count: 1) }
    }
    let original =
      lines.map { $0.map { "<b>\($0)</b>" }.joined(separator: " ") }
      .joined(separator: "\n") + "\n"
    let refined = lines.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n"
    #expect(refined.utf8.count >= PairBuilder.minimumCoverageCheckUTF8Count)
    #expect(Self.coverage(original, refined).coveredShare < 0.25)
    #expect(
      PairBuilder.unrelatedRefinement(
        original: NormalizedText(original), refined: NormalizedText(refined),
        options: PairOptions()) == nil)
  }

  @Test func smallRefinementsAndToleratedWhitespaceAreNotChecked() {
    var rng = SplitMix64(seed: 23)
    let original = Self.lines(&rng, count: 40).joined(separator: "\n") + "\n"
    let refined = Self.lines(&rng, count: 40).joined(separator: "\n") + "\n"
    #expect(refined.utf8.count < PairBuilder.minimumCoverageCheckUTF8Count)
    #expect(
      PairBuilder.unrelatedRefinement(
        original: NormalizedText(original), refined: NormalizedText(refined),
        options: PairOptions()) == nil)
    let bigOriginal = Self.lines(&rng, count: 9000).joined(separator: "\n")
    let bigRefined = Self.lines(&rng, count: 9000).joined(separator: "\n")
    #expect(
      PairBuilder.unrelatedRefinement(
        original: NormalizedText(bigOriginal), refined: NormalizedText(bigRefined),
        options: PairOptions()) != nil)
    #expect(
      PairBuilder.unrelatedRefinement(
        original: NormalizedText(bigOriginal), refined: NormalizedText(bigRefined),
        options: PairOptions(toleratesWhitespaceRewrites: true)) == nil)
  }
}

import Testing

@testable import Scalpel

@Suite struct LengthHistogramTests {
  /// The nearest-rank percentile of `sorted`, the reference.
  static func reference(_ sorted: [Int], _ fraction: Double) -> Int {
    let rank = max(1, Int((fraction * Double(sorted.count)).rounded(.up)))
    return sorted[min(rank, sorted.count) - 1]
  }

  static func randomLengths(_ rng: inout SplitMix64) -> [Int] {
    (0..<(1 + rng.int(below: 3_000))).map { _ in
      switch rng.int(below: 4) {
      case 0: return rng.int(below: 128)
      case 1: return rng.int(below: 5_000)
      case 2: return rng.int(below: 200_000)
      default: return 1 << rng.int(below: 40) + rng.int(below: 7)
      }
    }
  }

  /// Every percentile is at or above the sorted-array reference and at most 1/64 above it,
  /// exactly equal below 128; the maximum is exact.
  @Test func percentilesAgainstASortedArray() {
    var rng = SplitMix64(seed: 64)
    for _ in 0..<200 {
      let lengths = Self.randomLengths(&rng)
      var histogram = LengthHistogram()
      for length in lengths { histogram.add(length) }
      let sorted = lengths.sorted()
      #expect(histogram.count == lengths.count)
      #expect(histogram.maximum == sorted.last)
      for fraction in [0.01, 0.5, 0.9, 0.99, 0.999, 1] {
        let exact = Self.reference(sorted, fraction)
        let estimate = histogram.percentile(fraction)
        #expect(estimate >= exact)
        #expect(Double(estimate - exact) <= Double(exact) / 64, "\(fraction): \(estimate) vs \(exact)")
        if exact < 128 { #expect(estimate == exact) }
      }
    }
  }

  @Test func bucketsTileTheLengths() {
    var previousUpper = -1
    for bucket in 0..<2_000 {
      let bounds = LengthHistogram.bounds(of: bucket)
      #expect(bounds.lowerBound == previousUpper + 1)
      #expect(LengthHistogram.bucket(of: bounds.lowerBound) == bucket)
      #expect(LengthHistogram.bucket(of: bounds.upperBound) == bucket)
      previousUpper = bounds.upperBound
    }
  }

  /// Two shards merged equal the whole, whatever the split; the JSON round trip (what
  /// --resume reads back from a shard's summary) keeps the histogram.
  @Test func mergeOfShardsEqualsTheWholeAndSurvivesJSON() throws {
    var rng = SplitMix64(seed: 65)
    for _ in 0..<50 {
      let lengths = Self.randomLengths(&rng)
      let cut = rng.int(below: lengths.count + 1)
      var whole = BuildPairsCounters()
      var first = BuildPairsCounters()
      var second = BuildPairsCounters()
      for (offset, length) in lengths.enumerated() {
        whole.pairTokens.add(length)
        if offset < cut { first.pairTokens.add(length) } else { second.pairTokens.add(length) }
      }
      first.overTokenLimitPairCount = 2
      second.overTokenLimitPairCount = 3
      whole.overTokenLimitPairCount = 5
      // Each shard goes through its summary JSON, as a resumed run reads it.
      var merged = BuildPairsCounters()
      for shard in [second, first] {
        var summary = BuildPairsSummary()
        summary.counters = shard
        var writer = JSONWriter()
        summary.encode(into: &writer)
        let read = try #require(BuildPairsSummary(json: try JSONParser().parse(writer.bytes)))
        merged.add(read.counters)
      }
      #expect(merged.pairTokens == whole.pairTokens)
      #expect(merged.overTokenLimitPairCount == 5)
      #expect(merged.pairTokensLine == whole.pairTokensLine)
    }
  }

  @Test func humanReadableLine() {
    var counters = BuildPairsCounters()
    #expect(counters.pairTokensLine == "tokens per pair: no pairs (0 over --max-pair-tokens)")
    for length in [812, 812, 812, 12_001] { counters.pairTokens.add(length) }
    // 812 lies in the bucket 808...815, reported by its upper bound; the top is capped at the maximum.
    #expect(
      counters.pairTokensLine
        == "tokens per pair: p50 815, p90 12,001, p99 12,001, max 12,001 (approximate, 0 over --max-pair-tokens)"
    )
    #expect(BuildPairsCounters.grouped(1_234_567) == "1,234,567")
    #expect(BuildPairsCounters.grouped(999) == "999")
  }
}

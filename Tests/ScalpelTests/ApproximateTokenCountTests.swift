import Testing

@testable import Scalpel

@Suite struct ApproximateTokenCountTests {
  /// Splitting a text never lowers the sum of the parts below the whole (the Chunker's
  /// bound relies on it), and equal texts count the same from bytes or from a string.
  @Test func isSubadditive() {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<500 {
      var text = ""
      for _ in 0..<rng.int(below: 40) {
        text += ChunkerTests.pieces[rng.int(below: ChunkerTests.pieces.count)]
      }
      let bytes = Array(text.utf8)
      let whole = ApproximateTokenCount.milliTokens(of: bytes, in: 0..<bytes.count)
      #expect(whole == ApproximateTokenCount.milliTokens(of: text))
      var cut = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
      while cut < bytes.count && bytes[cut] & 0xC0 == 0x80 { cut += 1 }
      let parts =
        ApproximateTokenCount.milliTokens(of: bytes, in: 0..<cut)
        + ApproximateTokenCount.milliTokens(of: bytes, in: cut..<bytes.count)
      #expect(parts >= whole)
      #expect(ApproximateTokenCount.tokens(of: text) == ChunkerTests.referenceSize(text, .approximateTokens(1)))
    }
  }

  @Test func countsByScript() {
    #expect(ApproximateTokenCount.tokens(of: "") == 0)
    // Digits are one Qwen token each.
    #expect(ApproximateTokenCount.tokens(of: "1234567890") == 10)
    // A CJK ideograph costs about a token, an ASCII word about a third of its letters.
    #expect(ApproximateTokenCount.tokens(of: "中文中文中文中文中文") >= 8)
    #expect(ApproximateTokenCount.tokens(of: "the quick brown fox jumps") <= 8)
    // Features add up to the estimate.
    let bytes = Array("Grüße, мир! 🍪 かな 한국".utf8)
    let features = ApproximateTokenCount.features(of: bytes, in: 0..<bytes.count)
    let weights = ApproximateTokenCount.scalarWeights + ApproximateTokenCount.runWeights
    #expect(
      zip(features, weights).map(*).reduce(0, +)
        == ApproximateTokenCount.milliTokens(of: bytes, in: 0..<bytes.count))
  }
}

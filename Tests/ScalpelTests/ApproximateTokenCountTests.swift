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

  /// Random texts over every script class, with runs of ASCII longer than eight bytes: the
  /// table walk of `milliTokens` agrees with the per-scalar features times the weights, and a
  /// `Run` fed the text in pieces cut at scalar boundaries counts exactly the whole.
  @Test func piecesAndFeaturesAgreeWithTheWhole() {
    var rng = SplitMix64(seed: 11)
    let extraPieces = [
      "abcdefghijklmnopqrstu", "0123456789012", "        ", "\n\n\r\n", "!!??--==++",
      "Mixed9Case_and-dashes.", "\u{7F}\u{1}", "e\u{301}", "\u{2028}", "\u{FEFF}",
    ]
    let pieces = ChunkerTests.pieces + extraPieces
    let weights = ApproximateTokenCount.scalarWeights + ApproximateTokenCount.runWeights
    for _ in 0..<400 {
      var text = ""
      for _ in 0..<rng.int(below: 60) { text += pieces[rng.int(below: pieces.count)] }
      let bytes = Array(text.utf8)
      let whole = ApproximateTokenCount.milliTokens(of: bytes, in: 0..<bytes.count)
      let features = ApproximateTokenCount.features(of: bytes, in: 0..<bytes.count)
      #expect(zip(features, weights).map(*).reduce(0, +) == whole)
      var run = ApproximateTokenCount.Run()
      var start = 0
      while start < bytes.count {
        var end = min(bytes.count, start + 1 + rng.int(below: 24))
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        bytes.withUnsafeBufferPointer { run.add($0, in: start..<end) }
        start = end
      }
      #expect(run.milliTokens == whole)
    }
  }
}

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
      #expect(
        ApproximateTokenCount.tokens(of: text)
          == ChunkerTests.referenceSize(text, .approximateTokens(1)))
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

  /// `Run.addEscaping` on random texts dense with bytes that need an escape or stop the
  /// word scan, fed in pieces cut at scalar boundaries: the milli-tokens are the features
  /// times the weights and those of `add`, and the bytes written are the scalar-by-scalar
  /// reference escape (`JSONWriterReferenceTests.referenceEscaped`) of the whole.
  @Test func escapingPassCountsAndEscapesAsTheReferences() {
    var rng = SplitMix64(seed: 1404)
    let alphabet =
      ChunkerTests.pieces + [
        "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", " ", "!",
        "#", "]", "\u{7F}", "é", "€", "\u{2028}", "\u{2029}", "\u{2027}", "\u{FEFF}",
        "\u{FEFE}", "\u{E000}", "😀", "，", "e\u{301}", "abcdefghijklmnop", "0123456789",
        "        ", "[12]", "Ünïcödé wörds", "日本語", "Привет",
      ]
    let weights = ApproximateTokenCount.scalarWeights + ApproximateTokenCount.runWeights
    for _ in 0..<3_000 {
      var text = String(repeating: "a", count: rng.int(below: 9))
      for _ in 0..<rng.int(below: 40) { text += alphabet[rng.int(below: alphabet.count)] }
      let bytes = Array(text.utf8)
      let features = ApproximateTokenCount.features(of: bytes, in: 0..<bytes.count)
      let expectedMilliTokens = zip(features, weights).map(*).reduce(0, +)
      var run = ApproximateTokenCount.Run()
      var separateRun = ApproximateTokenCount.Run()
      var escaped: [UInt8] = []
      var start = 0
      while start < bytes.count {
        var end = min(bytes.count, start + 1 + rng.int(below: 24))
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        var piece = [UInt8](repeating: 0xAA, count: 6 * (end - start))
        let count = bytes.withUnsafeBufferPointer { source in
          piece.withUnsafeMutableBufferPointer { destination in
            run.addEscaping(
              UnsafeBufferPointer(rebasing: source[start..<end]), to: destination.baseAddress!)
          }
        }
        bytes.withUnsafeBufferPointer { separateRun.add($0, in: start..<end) }
        escaped += piece[0..<count]
        start = end
      }
      #expect(run.milliTokens == expectedMilliTokens, "\(bytes)")
      #expect(run.milliTokens == separateRun.milliTokens, "\(bytes)")
      #expect(
        String(decoding: escaped, as: UTF8.self)
          == JSONWriterReferenceTests.referenceEscaped(text), "\(bytes)")
    }
  }

  /// The encoder's numbered prompt on a text of 1,200 lines (line numbers of one to four
  /// digits), each line starting with a different class: its milli-tokens are those of the
  /// unescaped numbered text, its bytes the reference escape.
  @Test func longNumberedPromptCountsAsItsText() {
    let starts = [
      "a", "1", " ", "\r", "!", "é", "Я", "α", "א", "क", "ก", "字", "か", "한", "😀", "→", "",
    ]
    var text = ""
    for lineIndex in 0..<1_200 {
      text += starts[lineIndex % starts.count] + "line \(lineIndex)" + starts[lineIndex % 7] + "\n"
    }
    for linePrefix in ["[{n}]", "", "{n}", "a{n}b{n}", "é\"{n}\\ ", "\t"] {
      for wraps in [true, false] {
        let encoding = TrainingPairEncoding(linePrefix: linePrefix, wrapsInDocumentTags: wraps)
        var buffer = EscapedBuffer()
        let normalized = NormalizedText(text)
        let numbered = Array(encoding.numberedText(normalized).utf8)
        let milliTokens = encoding.writeEscapedNumberedText(
          normalized, header: NumberedLineHeader(linePrefix: linePrefix), to: &buffer)
        #expect(
          milliTokens == ApproximateTokenCount.milliTokens(of: numbered, in: 0..<numbered.count),
          "\(linePrefix)")
        let escaped = buffer.withUnsafeBufferPointer { Array($0) }
        #expect(
          String(decoding: escaped, as: UTF8.self)
            == JSONWriterReferenceTests.referenceEscaped(String(decoding: numbered, as: UTF8.self)),
          "\(linePrefix)")
      }
    }
  }

  /// The encoder's numbered, escaped prompt counts as the unescaped numbered text does.
  @Test func numberedPromptCountsAsItsText() {
    var rng = SplitMix64(seed: 1405)
    let pieces = ChunkerTests.pieces + ["\"", "\\", "\t", "\u{2028}", "\u{FEFF}", "\r", "\n", "\n"]
    for linePrefix in ["[{n}]", "", "{n}. ", "é{n}\"\t"] {
      let encoding = TrainingPairEncoding(linePrefix: linePrefix)
      let header = NumberedLineHeader(linePrefix: linePrefix)
      var buffer = EscapedBuffer()
      for _ in 0..<200 {
        var text = ""
        for _ in 0..<rng.int(below: 60) { text += pieces[rng.int(below: pieces.count)] }
        let normalized = NormalizedText(text)
        let numbered = Array(encoding.numberedText(normalized).utf8)
        let milliTokens = encoding.writeEscapedNumberedText(
          normalized, header: header, to: &buffer)
        #expect(
          milliTokens == ApproximateTokenCount.milliTokens(of: numbered, in: 0..<numbered.count))
        let escaped = buffer.withUnsafeBufferPointer { Array($0) }
        #expect(
          String(decoding: escaped, as: UTF8.self)
            == JSONWriterReferenceTests.referenceEscaped(String(decoding: numbered, as: UTF8.self)))
      }
    }
  }

  /// Every ordered pair of ASCII bytes, inside eight-byte words at every alignment and after
  /// every kind of scalar (ASCII of each class, Latin, other scripts), counted by `add` and
  /// by `addEscaping`: the byte pair table gives the per-scalar features times the weights.
  @Test func everyASCIIPairCountsAsTheFeatures() {
    var pairs: [UInt8] = []
    for previous in 0..<128 {
      for byte in 0..<128 { pairs += [UInt8(previous), UInt8(byte)] }
    }
    let weights = ApproximateTokenCount.scalarWeights + ApproximateTokenCount.runWeights
    for lead in ["", "a", "1", " ", "\n", "!", "é", "Я", "字", "a é"] {
      for shift in 0..<8 {
        let bytes = Array(lead.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: shift) + pairs
        let features = ApproximateTokenCount.features(of: bytes, in: 0..<bytes.count)
        let expected = zip(features, weights).map(*).reduce(0, +)
        #expect(ApproximateTokenCount.milliTokens(of: bytes, in: 0..<bytes.count) == expected)
        var run = ApproximateTokenCount.Run()
        var escaped = [UInt8](repeating: 0, count: 6 * bytes.count)
        _ = bytes.withUnsafeBufferPointer { source in
          escaped.withUnsafeMutableBufferPointer { run.addEscaping(source, to: $0.baseAddress!) }
        }
        #expect(run.milliTokens == expected, "\(lead) \(shift)")
      }
    }
  }
}

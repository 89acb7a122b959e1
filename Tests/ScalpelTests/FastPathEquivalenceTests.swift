import Testing

@testable import Scalpel

/// The byte-level fast paths of build-pairs (word-at-a-time scans, byte buffers instead of
/// `String` building) against the simple per-byte or `String` code they replace, on hostile
/// input: escapes, control bytes, invalid UTF-8, surrogates, U+2028/U+2029/U+FEFF, and long
/// ASCII runs across 8-byte boundaries.
@Suite struct FastPathEquivalenceTests {
  /// Pieces whose concatenations make hostile byte strings (some not valid UTF-8).
  static let pieces: [[UInt8]] = [
    Array("abcdefgh".utf8), Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8), [0x22], [0x5C],
    [0x0A], [0x0D], [0x09], [0x00], [0x1F], [0x7F], Array("é".utf8), Array("中文".utf8),
    Array("🍪".utf8), Array("\u{2028}".utf8), Array("\u{2029}".utf8), Array("\u{FEFF}".utf8),
    [0xE2, 0x80], [0xEF, 0xBB], [0xE2, 0x80, 0xA7], [0xC3], [0x80], [0xBF], [0xFF], [0xC0, 0xAF],
    [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x8D], Array("Straße привет".utf8),
    Array(" ".utf8), Array("[12]".utf8),
  ]

  static func hostileBytes(_ rng: inout SplitMix64, validOnly: Bool) -> [UInt8] {
    var bytes: [UInt8] = []
    for _ in 0..<rng.int(below: 30) {
      let piece = pieces[rng.int(below: pieces.count)]
      if validOnly && UTF8Validation.firstInvalidByteOffset(in: piece) != nil { continue }
      bytes += piece
    }
    return bytes
  }

  /// The per-byte validator the ASCII fast path replaced.
  static func referenceFirstInvalidByteOffset(_ bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset < bytes.count {
      let lead = bytes[offset]
      if lead < 0x80 {
        offset += 1
        continue
      }
      var (length, lower, upper): (Int, UInt8, UInt8) = (0, 0x80, 0xBF)
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: (length, lower) = (3, 0xA0)
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: (length, upper) = (3, 0x9F)
      case 0xF0: (length, lower) = (4, 0x90)
      case 0xF1...0xF3: length = 4
      case 0xF4: (length, upper) = (4, 0x8F)
      default: return offset
      }
      if offset + length > bytes.count { return offset }
      if bytes[offset + 1] < lower || bytes[offset + 1] > upper { return offset }
      for probe in offset + 2..<offset + length where bytes[probe] & 0xC0 != 0x80 { return offset }
      offset += length
    }
    return nil
  }

  @Test func utf8ValidationAndScalarCountMatchPerByteCode() {
    var rng = SplitMix64(seed: 14)
    for _ in 0..<3000 {
      let bytes = Self.hostileBytes(&rng, validOnly: false)
      #expect(
        UTF8Validation.firstInvalidByteOffset(in: bytes)
          == Self.referenceFirstInvalidByteOffset(bytes))
      let lower = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
      let upper = lower + rng.int(below: bytes.count - lower + 1)
      #expect(
        UTF8Validation.scalarCount(of: bytes, in: lower..<upper)
          == bytes[lower..<upper].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) })
    }
  }

  /// The table-driven loop agrees with the per-scalar features (the old loop) on any bytes.
  @Test func milliTokensMatchFeatures() {
    var rng = SplitMix64(seed: 15)
    let weights = ApproximateTokenCount.scalarWeights + ApproximateTokenCount.runWeights
    for _ in 0..<3000 {
      let bytes = Self.hostileBytes(&rng, validOnly: false)
      let lower = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
      let upper = lower + rng.int(below: bytes.count - lower + 1)
      let features = ApproximateTokenCount.features(of: bytes, in: lower..<upper)
      #expect(
        ApproximateTokenCount.milliTokens(of: bytes, in: lower..<upper)
          == zip(features, weights).map(*).reduce(0, +))
    }
  }

  @Test func writerByteStringsMatchStringPath() throws {
    var rng = SplitMix64(seed: 16)
    for _ in 0..<2000 {
      let text = String(decoding: Self.hostileBytes(&rng, validOnly: true), as: UTF8.self)
      let chunkIndex = rng.int(below: 3) * 1000
      var viaString = JSONWriter()
      viaString.appendArray { array in
        array.appendString(text)
        array.appendString("\(text)#\(chunkIndex)")
      }
      var viaBytes = JSONWriter()
      viaBytes.appendArray { array in
        let utf8 = Array(text.utf8)
        utf8.withUnsafeBufferPointer { array.appendString(utf8: $0) }
        array.appendPairID(documentID: text, chunkIndex: chunkIndex)
      }
      #expect(viaBytes.bytes == viaString.bytes)
      #expect(
        try JSONParser().parse(viaBytes.bytes)
          == .array([.string(text), .string("\(text)#\(chunkIndex)")]))
    }
  }

  @Test func decimalDigitsMatchString() {
    var rng = SplitMix64(seed: 17)
    var values = [0, 1, 9, 10, 99, 100, -1, -10, Int.max, Int.min]
    for _ in 0..<500 { values.append(Int(truncatingIfNeeded: rng.next()) >> rng.int(below: 64)) }
    for value in values {
      var bytes: [UInt8] = []
      bytes.appendDecimal(value)
      #expect(bytes == Array(String(value).utf8))
    }
  }

  /// The old `String` rendering of a numbered chunk.
  static func referenceNumberedText(_ encoding: TrainingPairEncoding, _ text: NormalizedText)
    -> String
  {
    var parts: [String] = []
    var current = Substring(encoding.linePrefix)
    while let range = current.firstRange(of: "{n}") {
      parts.append(String(current[..<range.lowerBound]))
      current = current[range.upperBound...]
    }
    parts.append(String(current))
    var result = encoding.wrapsInDocumentTags ? "[doc]\n" : ""
    for lineIndex in 0..<text.lineCount {
      if lineIndex > 0 { result += "\n" }
      result += parts.joined(separator: String(lineIndex + 1))
      result += text.lineText(lineIndex: lineIndex)
    }
    if encoding.wrapsInDocumentTags { result += "\n[/doc]" }
    return result
  }

  @Test func numberedTextChunksAndProgramsMatchStringPath() {
    var rng = SplitMix64(seed: 18)
    let prefixes = ["[{n}]", "", "{n}", "L{n}: {n}|", "{n}{n}", "{", "{n", "n}", "«{n}» "]
    for _ in 0..<300 {
      var lines: [String] = []
      for _ in 0..<rng.int(below: 30) {
        lines.append(String(decoding: Self.hostileBytes(&rng, validOnly: true), as: UTF8.self))
      }
      let document = NormalizedText(
        lines.joined(separator: "\n") + (rng.int(below: 2) == 0 ? "\n" : ""))
      var encoding = TrainingPairEncoding(
        linePrefix: prefixes[rng.int(below: prefixes.count)],
        wrapsInDocumentTags: rng.int(below: 2) == 0)
      if rng.int(below: 3) == 0 { encoding.instruction = "" }
      #expect(encoding.numberedText(document) == Self.referenceNumberedText(encoding, document))
      guard document.lineCount > 0 else { continue }
      let lower = rng.int(below: document.lineCount)
      let upper = lower + 1 + rng.int(below: document.lineCount - lower)
      let range =
        document.lineUTF8Range(lineIndex: lower)
        .lowerBound..<document.lineUTF8Range(
          lineIndex: upper - 1
        ).upperBound
      let chunk = NormalizedText(lines: lower..<upper, of: document)
      #expect(chunk == NormalizedText(alreadyNormalized: Array(document.utf8[range])))
      var calls: [ProgramCall] = []
      for _ in 0..<rng.int(below: 4) {
        let text = String(decoding: Self.hostileBytes(&rng, validOnly: true), as: UTF8.self)
        calls.append(
          rng.int(below: 2) == 0
            ? .removeString(lineNumber: 1 + rng.int(below: 20), text: text)
            : .removeLines(1 + rng.int(below: 5)...6 + rng.int(below: 5)))
      }
      let program = Program(calls: calls)
      let pair = BuiltPair(
        chunks: [
          ChunkPair(
            chunk: Chunk(
              index: 0, lineIndices: lower..<upper, utf8Range: range, isUnrefinable: false),
            text: chunk, program: program, target: [])
        ],
        statistics: PairStatistics())
      for format in TrainingPairFormat.allCases {
        encoding.format = format
        var writer = JSONWriter()
        var scratch = EncodingScratch()
        let counts = encoding.encode(
          documentID: "d\"\u{2028}", pair: pair, into: &writer, scratch: &scratch)
        #expect(counts == encoding.pairTokenCounts(of: pair))
        let reference = Self.referenceNumberedText(encoding, chunk)
        let rendered = program.rendered
        #expect(
          counts == [
            ApproximateTokenCount.wholeTokens(
              (encoding.instruction.isEmpty
                ? 0 : ApproximateTokenCount.milliTokens(of: encoding.instruction + "\n\n"))
                + ApproximateTokenCount.milliTokens(of: reference)
                + ApproximateTokenCount.milliTokens(of: rendered))
          ])
        guard let value = try? JSONParser().parse(writer.bytes.dropLast()),
          let record = TrainingPairRecord(json: value)
        else {
          Issue.record("unreadable pair line")
          continue
        }
        #expect(record.id == "d\"\u{2028}#0")
        #expect(record.program == rendered)
        let expectedInput =
          format == .promptCompletion && !encoding.instruction.isEmpty
          ? encoding.instruction + "\n\n" + reference : reference
        #expect(record.modelInput == expectedInput)
      }
    }
  }

  /// The run-copying literal writer against the old per-byte one.
  @Test func stringLiteralMatchesPerByteCode() {
    var rng = SplitMix64(seed: 19)
    for _ in 0..<2000 {
      let text = String(decoding: Self.hostileBytes(&rng, validOnly: true), as: UTF8.self)
      var bytes: [UInt8] = []
      ProgramCall.appendStringLiteral(text, to: &bytes)
      var reference: [UInt8] = [0x22]
      let hex = Array("0123456789abcdef".utf8)
      for byte in text.utf8 {
        switch byte {
        case 0x22: reference += [0x5C, 0x22]
        case 0x5C: reference += [0x5C, 0x5C]
        case 0x0A: reference += [0x5C, UInt8(ascii: "n")]
        case 0x0D: reference += [0x5C, UInt8(ascii: "r")]
        case 0x09: reference += [0x5C, UInt8(ascii: "t")]
        case 0..<0x20:
          reference += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        default: reference.append(byte)
        }
      }
      reference.append(0x22)
      #expect(bytes == reference)
    }
  }

  /// memchr + memcmp with its KMP fallback against KMP alone, on small alphabets (many
  /// near-matches) and long runs that exhaust the budget.
  @Test func lineSearchMatchesKnuthMorrisPratt() {
    var rng = SplitMix64(seed: 20)
    for trial in 0..<3000 {
      let alphabet: [UInt8] =
        trial % 3 == 0 ? [0x61] : trial % 3 == 1 ? [0x61, 0x62] : Array(0x61...0x66)
      let lineLength = trial % 50 == 0 ? 2000 : rng.int(below: 60)
      var bytes = (0..<lineLength).map { _ in alphabet[rng.int(below: alphabet.count)] }
      var pattern = (0..<1 + rng.int(below: trial % 50 == 0 ? 200 : 6)).map { _ in
        alphabet[rng.int(below: alphabet.count)]
      }
      if trial % 7 == 0 { pattern = [UInt8](repeating: 0x61, count: pattern.count) + [0x62] }
      if trial % 11 == 0 { bytes = [UInt8](repeating: 0x61, count: bytes.count) }
      let lower = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
      let upper = lower + rng.int(below: bytes.count - lower + 1)
      let expected = pattern.withUnsafeBufferPointer { p in
        bytes.withUnsafeBufferPointer { b in
          LineSearch.knuthMorrisPrattOccurrence(of: p, in: b, range: lower..<upper)
        }
      }
      #expect(LineSearch.occurrence(of: pattern, in: bytes, range: lower..<upper) == expected)
      let joined = bytes + pattern
      #expect(
        LineSearch.occurrence(
          ofBytesAt: bytes.count..<joined.count, in: joined, range: lower..<upper) == expected)
    }
  }
}

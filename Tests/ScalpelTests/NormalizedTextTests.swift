import Testing

@testable import Scalpel

@Suite struct NormalizedTextTests {
  @Test func normalisesCRLFAndLoneCR() {
    let text = NormalizedText("a\r\nb\rc\n")
    #expect(text.string == "a\nb\nc\n")
    #expect(text.lineCount == 3)
    #expect(text.endsWithNewline)
    #expect(text.lineText(lineIndex: 1) == "b")
  }

  @Test func lineTableWithoutTrailingNewline() {
    let text = NormalizedText("ab\n\ncd")
    #expect(text.lineStartUTF8Offsets == [0, 3, 4])
    #expect(!text.endsWithNewline)
    #expect(text.lineContentUTF8Range(lineIndex: 1) == 3..<3)
    #expect(text.lineUTF8Range(lineIndex: 1) == 3..<4)
    #expect(text.lineContentUTF8Range(lineIndex: 2) == 4..<6)
    #expect(text.lineIndex(containingUTF8Offset: 2) == 0)
    #expect(text.lineIndex(containingUTF8Offset: 3) == 1)
    #expect(text.lineIndex(containingUTF8Offset: 5) == 2)
  }

  @Test func emptyDocumentHasNoLines() {
    #expect(NormalizedText("").lineCount == 0)
    #expect(NormalizedText("\n").lineCount == 1)
  }

  @Test(
    arguments: [
      ([0x61, 0xFF], 1),
      ([0x61, 0xC3], 1),
      ([0xC0, 0x80], 0),
      ([0xED, 0xA0, 0x80], 0),
      ([0xF4, 0x90, 0x80, 0x80], 0),
      ([0x61, 0x62, 0xE2, 0x82], 2),
      ([0xE2, 0x28, 0xA1], 0),
    ] as [([UInt8], Int)])
  func rejectsInvalidUTF8WithOffset(bytes: [UInt8], offset: Int) {
    #expect(throws: ScalpelError.invalidUTF8(byteOffset: offset)) {
      try NormalizedText(validating: bytes)
    }
  }

  @Test func acceptsValidMultibyte() throws {
    let bytes = Array("é€𝄞\r\n".utf8)
    let text = try NormalizedText(validating: bytes)
    #expect(text.string == "é€𝄞\n")
  }

  @Test func validatorAgreesWithStdlibOnRandomBytes() {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<20_000 {
      let length = Int(rng.next() % 8)
      let pool: [UInt8] = [0x41, 0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xA0, 0x9F, 0x90]
      let bytes = (0..<length).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
      let isValid = String(validating: bytes, as: UTF8.self) != nil
      #expect((UTF8Validation.firstInvalidByteOffset(in: bytes) == nil) == isValid, "\(bytes)")
    }
  }

  /// Random texts dense with `\r` and `\n` (`\r\r\n`, `\r` at either end) against the
  /// textbook rule: every CR LF, then every lone CR, becomes LF.
  @Test func newlinesNormaliseAsTheTextbookRuleSays() {
    var rng = SplitMix64(seed: 1404)
    let alphabet: [[UInt8]] = [[0x0D], [0x0A], [0x0D, 0x0A], [0x61], [0x62, 0x63], [0xC3, 0xA9]]
    for _ in 0..<3_000 {
      var bytes: [UInt8] = []
      for _ in 0..<rng.int(below: 30) { bytes += alphabet[rng.int(below: alphabet.count)] }
      if rng.int(below: 4) == 0 {
        bytes += [UInt8](repeating: 0x61, count: rng.int(below: 100))
      }
      var expected: [UInt8] = []
      var index = 0
      while index < bytes.count {
        if bytes[index] == 0x0D {
          expected.append(0x0A)
          if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
        } else {
          expected.append(bytes[index])
        }
        index += 1
      }
      #expect(NormalizedText.normalizingNewlines(bytes) == expected, "\(bytes)")
    }
  }
}

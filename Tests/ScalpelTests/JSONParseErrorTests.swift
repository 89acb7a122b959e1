import Testing

@testable import Scalpel

@Suite struct JSONParseErrorTests {
  private func error(at byteOffset: Int, in text: String) -> JSONParseError {
    Array(text.utf8).withUnsafeBufferPointer {
      JSONParseError(reason: .trailingCharacters, byteOffset: byteOffset, in: $0)
    }
  }

  @Test func computesLineAndScalarColumn() {
    #expect(error(at: 0, in: "abc").line == 1)
    #expect(error(at: 0, in: "abc").column == 1)
    #expect(error(at: 2, in: "abc").column == 3)
    let text = "é\n𝄞x\n"
    #expect((error(at: 2, in: text).line, error(at: 2, in: text).column) == (1, 2))
    #expect((error(at: 3, in: text).line, error(at: 3, in: text).column) == (2, 1))
    #expect((error(at: 7, in: text).line, error(at: 7, in: text).column) == (2, 2))
    #expect((error(at: 9, in: text).line, error(at: 9, in: text).column) == (3, 1))
  }

  @Test(arguments: [
    (
      JSONParseError.Reason.unexpectedEndOfInput(expected: .colon),
      "unexpected end of input, expected ':'"
    ),
    (
      .unexpectedCharacter("\u{7F}", expected: .commaOrObjectEnd),
      "unexpected character U+007F, expected ',' or '}'"
    ),
    (
      .unexpectedCharacter("😀", expected: .objectKey),
      "unexpected character U+1F600, expected a string key"
    ),
    (.invalidLiteral(expected: "false"), "invalid literal, expected 'false'"),
    (.invalidNumber(detail: "leading zero"), "invalid number: leading zero"),
    (.unterminatedString, "unterminated string"),
    (.controlCharacterInString(0x1B), "control character U+001B in string"),
    (.invalidEscape(UInt8(ascii: "x")), "invalid escape \\x"),
    (.invalidEscape(0x20), "invalid escape: '\\' followed by byte 0x20"),
    (.invalidUnicodeEscape, "invalid \\u escape, expected 4 hex digits"),
    (.loneSurrogate(0xDABC), "lone surrogate \\uDABC"),
    (.nestingTooDeep(limit: 512), "nesting deeper than 512"),
    (.invalidUTF8, "invalid UTF-8"),
    (.trailingCharacters, "trailing characters after value"),
  ])
  func messages(reason: JSONParseError.Reason, message: String) {
    #expect(reason.description == message)
    let error = JSONParseError(reason: reason, byteOffset: 12, line: 2, column: 3)
    #expect(error.message == message)
    #expect(error.description == "\(message) at byte 12 (line 2, column 3)")
  }
}

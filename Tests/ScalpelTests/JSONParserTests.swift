import Foundation
import Testing

@testable import Scalpel

@Suite struct JSONParserTests {
  struct ValidCase: CustomStringConvertible {
    var input: [UInt8]
    var expected: JSONValue
    var line: Int
    init(_ input: String, _ expected: JSONValue, line: Int = #line) {
      self.init(bytes: Array(input.utf8), expected, line: line)
    }
    init(bytes: [UInt8], _ expected: JSONValue, line: Int = #line) {
      self.input = bytes
      self.expected = expected
      self.line = line
    }
    var description: String { "line \(line): \(input)" }
  }

  static let validCases: [ValidCase] = [
    ValidCase("null", .null),
    ValidCase("true", .bool(true)),
    ValidCase(" \t\r\nfalse \n", .bool(false)),
    ValidCase("0", .number("0")),
    ValidCase("-0", .number("-0")),
    ValidCase("1.5e+10", .number("1.5e+10")),
    ValidCase("-12.250E-3", .number("-12.250E-3")),
    ValidCase("1E5", .number("1E5")),
    ValidCase("123456789012345678901234567890", .number("123456789012345678901234567890")),
    ValidCase(#""""#, .string("")),
    ValidCase(#""abc""#, .string("abc")),
    ValidCase(#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{C}\n\r\t")),
    ValidCase(#""\u00e9\u20AC\u0000""#, .string("é€\u{0}")),
    ValidCase(#""\uD834\uDD1E x \ud83d\ude00""#, .string("𝄞 x 😀")),
    ValidCase("\"é€𝄞\u{7F}\u{2028}\"", .string("é€𝄞\u{7F}\u{2028}")),
    ValidCase(
      #""0123456789abcdef\n0123456789abcdef""#, .string("0123456789abcdef\n0123456789abcdef")),
    ValidCase("[]", .array([])),
    ValidCase("[ ]", .array([])),
    ValidCase("{ }", .object([])),
    ValidCase(
      "[1, \"a\" ,[ [] ],{}]",
      .array([.number("1"), .string("a"), .array([.array([])]), .object([])])),
    ValidCase(
      #"{"b":[true,null],"a":{"x":-1},"b":2}"#,
      .object([
        (key: "b", value: .array([.bool(true), .null])),
        (key: "a", value: .object([(key: "x", value: .number("-1"))])),
        (key: "b", value: .number("2")),
      ])),
    ValidCase(#"{"\u0041\n":"v"}"#, .object([(key: "A\n", value: .string("v"))])),
    ValidCase(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8), .array([.number("1")])),
  ]

  @Test(arguments: validCases)
  func parsesValidDocuments(_ testCase: ValidCase) throws {
    let value = try JSONParser().parse(testCase.input)
    #expect(value == testCase.expected, "case at line \(testCase.line)")
  }

  struct InvalidCase: CustomStringConvertible {
    var input: [UInt8]
    var message: String
    var line: Int
    init(_ input: String, _ message: String, line: Int = #line) {
      self.init(bytes: Array(input.utf8), message, line: line)
    }
    init(bytes: [UInt8], _ message: String, line: Int = #line) {
      self.input = bytes
      self.message = message
      self.line = line
    }
    var description: String { "line \(line): \(input)" }
  }

  static let invalidCases: [InvalidCase] = [
    InvalidCase("", "unexpected end of input, expected a value at byte 0 (line 1, column 1)"),
    InvalidCase("   ", "unexpected end of input, expected a value at byte 3 (line 1, column 4)"),
    InvalidCase("nul", "invalid literal, expected 'null' at byte 0 (line 1, column 1)"),
    InvalidCase("[tru e]", "invalid literal, expected 'true' at byte 1 (line 1, column 2)"),
    InvalidCase("False", "unexpected character 'F', expected a value at byte 0 (line 1, column 1)"),
    InvalidCase("[1,]", "unexpected character ']', expected a value at byte 3 (line 1, column 4)"),
    InvalidCase(
      #"{"a":1,}"#, "unexpected character '}', expected a string key at byte 7 (line 1, column 8)"),
    InvalidCase(#"{"a" 1}"#, "unexpected character '1', expected ':' at byte 5 (line 1, column 6)"),
    InvalidCase(
      "{1:2}", "unexpected character '1', expected a string key at byte 1 (line 1, column 2)"),
    InvalidCase("['a']", "unexpected character ''', expected a value at byte 1 (line 1, column 2)"),
    InvalidCase(
      "[1 2]", "unexpected character '2', expected ',' or ']' at byte 3 (line 1, column 4)"),
    InvalidCase(
      #"{"a":1 "b":2}"#,
      "unexpected character '\"', expected ',' or '}' at byte 7 (line 1, column 8)"),
    InvalidCase(
      "[1}", "unexpected character '}', expected ',' or ']' at byte 2 (line 1, column 3)"),
    InvalidCase("[1", "unexpected end of input, expected ',' or ']' at byte 2 (line 1, column 3)"),
    InvalidCase(#"{"a""#, "unexpected end of input, expected ':' at byte 4 (line 1, column 5)"),
    InvalidCase(
      #"{"a":"#, "unexpected end of input, expected a value at byte 5 (line 1, column 6)"),
    InvalidCase("{", "unexpected end of input, expected a string key at byte 1 (line 1, column 2)"),
    InvalidCase(
      #"{"a":1,"#, "unexpected end of input, expected a string key at byte 7 (line 1, column 8)"),
    InvalidCase(#""abc"#, "unterminated string at byte 0 (line 1, column 1)"),
    InvalidCase(#"["ab\"#, "unterminated string at byte 1 (line 1, column 2)"),
    InvalidCase(#"["ab\n"#, "unterminated string at byte 1 (line 1, column 2)"),
    InvalidCase(#""a\qb""#, "invalid escape \\q at byte 2 (line 1, column 3)"),
    InvalidCase(
      #""\é""#, "invalid escape: '\\' followed by byte 0xC3 at byte 1 (line 1, column 2)"),
    InvalidCase(
      #""\u12G4""#, "invalid \\u escape, expected 4 hex digits at byte 1 (line 1, column 2)"),
    InvalidCase(
      #""\u12"#, "invalid \\u escape, expected 4 hex digits at byte 1 (line 1, column 2)"),
    InvalidCase(#""\uD800""#, "lone surrogate \\uD800 at byte 1 (line 1, column 2)"),
    InvalidCase(#""x\udc00""#, "lone surrogate \\uDC00 at byte 2 (line 1, column 3)"),
    InvalidCase(#""\uD800\u0041""#, "lone surrogate \\uD800 at byte 1 (line 1, column 2)"),
    InvalidCase(#""\uD800\n""#, "lone surrogate \\uD800 at byte 1 (line 1, column 2)"),
    InvalidCase(#""\uDBFF\uDBFF""#, "lone surrogate \\uDBFF at byte 1 (line 1, column 2)"),
    InvalidCase(
      #""\uD800\uZZZZ""#, "invalid \\u escape, expected 4 hex digits at byte 7 (line 1, column 8)"),
    InvalidCase("\"a\nb\"", "control character U+000A in string at byte 2 (line 1, column 3)"),
    InvalidCase("\"a\\n\tb\"", "control character U+0009 in string at byte 4 (line 1, column 5)"),
    InvalidCase(
      "\"0123456789\u{1F}\"", "control character U+001F in string at byte 11 (line 1, column 12)"),
    InvalidCase("01", "invalid number: leading zero at byte 0 (line 1, column 1)"),
    InvalidCase("[-00]", "invalid number: leading zero at byte 1 (line 1, column 2)"),
    InvalidCase("-", "invalid number: expected digit after '-' at byte 1 (line 1, column 2)"),
    InvalidCase("-a", "invalid number: expected digit after '-' at byte 1 (line 1, column 2)"),
    InvalidCase("1.", "invalid number: expected digit after '.' at byte 2 (line 1, column 3)"),
    InvalidCase("1.e5", "invalid number: expected digit after '.' at byte 2 (line 1, column 3)"),
    InvalidCase("1e", "invalid number: expected digit in exponent at byte 2 (line 1, column 3)"),
    InvalidCase("1E+", "invalid number: expected digit in exponent at byte 3 (line 1, column 4)"),
    InvalidCase(".5", "unexpected character '.', expected a value at byte 0 (line 1, column 1)"),
    InvalidCase("+1", "unexpected character '+', expected a value at byte 0 (line 1, column 1)"),
    InvalidCase("1 2", "trailing characters after value at byte 2 (line 1, column 3)"),
    InvalidCase("1.5.3", "trailing characters after value at byte 3 (line 1, column 4)"),
    InvalidCase("nulll", "trailing characters after value at byte 4 (line 1, column 5)"),
    InvalidCase("{} x", "trailing characters after value at byte 3 (line 1, column 4)"),
    InvalidCase("[1]\n]", "trailing characters after value at byte 4 (line 2, column 1)"),
    InvalidCase("\"é\" x", "trailing characters after value at byte 5 (line 1, column 5)"),
    InvalidCase(
      "[\n  1,\n  é]", "unexpected character U+00E9, expected a value at byte 9 (line 3, column 3)"),
    InvalidCase(
      "\u{0}", "unexpected character U+0000, expected a value at byte 0 (line 1, column 1)"),
    InvalidCase(
      " \u{FEFF}1", "unexpected character U+FEFF, expected a value at byte 1 (line 1, column 2)"),
    InvalidCase(
      bytes: [0xEF, 0xBB, 0xBF],
      "unexpected end of input, expected a value at byte 3 (line 1, column 2)"),
    InvalidCase(bytes: [0xFF], "invalid UTF-8 at byte 0 (line 1, column 1)"),
    InvalidCase(bytes: [0x5B, 0xC3], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(bytes: [0x22, 0xFF, 0x22], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(bytes: [0x22, 0x61, 0xC3, 0x22], "invalid UTF-8 at byte 2 (line 1, column 3)"),
    InvalidCase(
      bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(bytes: [0x22, 0xC0, 0x80, 0x22], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(
      bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(
      bytes: [0x22, 0x5C, 0x6E, 0xC3, 0xA9, 0x80, 0x22],
      "invalid UTF-8 at byte 5 (line 1, column 5)"),
    InvalidCase(
      bytes: [0x22, 0xC3, 0x5C, 0x6E, 0x22], "invalid UTF-8 at byte 1 (line 1, column 2)"),
    InvalidCase(
      bytes: Array("\"0123456789".utf8) + [0xE2, 0x82] + Array("abc\"".utf8),
      "invalid UTF-8 at byte 11 (line 1, column 12)"),
  ]

  @Test(arguments: invalidCases)
  func rejectsInvalidDocumentsWithExactMessages(_ testCase: InvalidCase) {
    do {
      let value = try JSONParser().parse(testCase.input)
      Issue.record("case at line \(testCase.line) parsed as \(value)")
    } catch {
      #expect(error.description == testCase.message, "case at line \(testCase.line)")
    }
  }

  @Test func errorCarriesStructuredReasonAndPosition() {
    #expect(
      throws: JSONParseError(reason: .loneSurrogate(0xD83D), byteOffset: 3, line: 1, column: 4)
    ) {
      try JSONParser().parse(#"["x\uD83D"]"#)
    }
  }

  @Test func parsesStringInputAndSubscript() throws {
    let value = try JSONParser().parse(#"{"id": 7, "text": "a\r\nb", "id": "x"}"#)
    #expect(value["text"]?.stringValue == "a\r\nb")
    #expect(value["id"] == .string("x"))
    #expect(value["missing"] == nil)
  }

  @Test func acceptsNestingUpToTheLimit() throws {
    let depth = JSONParser.defaultMaximumDepth
    let input = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var value = try JSONParser().parse(input)
    var levels = 0
    while case .array(let elements) = value {
      levels += 1
      guard let first = elements.first else { break }
      value = first
    }
    #expect(levels == depth)
    let object =
      String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    #expect(throws: Never.self) { try JSONParser().parse(object) }
  }

  @Test func rejectsNestingBeyondTheLimit() {
    let depth = JSONParser.defaultMaximumDepth + 1
    let input = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(
      throws: JSONParseError(
        reason: .nestingTooDeep(limit: 512), byteOffset: 512, line: 1, column: 513)
    ) {
      try JSONParser().parse(input)
    }
    #expect(
      throws: JSONParseError(
        reason: .nestingTooDeep(limit: 512), byteOffset: 512 * 5, line: 1, column: 512 * 5 + 1)
    ) {
      try JSONParser().parse(String(repeating: #"{"a":"#, count: depth) + "1")
    }
    #expect(
      throws: JSONParseError(reason: .nestingTooDeep(limit: 2), byteOffset: 2, line: 1, column: 3)
    ) {
      try JSONParser(maximumDepth: 2).parse("[[{}]]")
    }
    #expect(throws: Never.self) { try JSONParser(maximumDepth: 0).parse("1") }
    #expect(
      throws: JSONParseError(reason: .nestingTooDeep(limit: 0), byteOffset: 0, line: 1, column: 1)
    ) {
      try JSONParser(maximumDepth: 0).parse("[]")
    }
  }

  @Test func deepNestingNeverCrashes() {
    let opening = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(
      throws: JSONParseError(
        reason: .nestingTooDeep(limit: 512), byteOffset: 512, line: 1, column: 513)
    ) {
      try JSONParser().parse(opening)
    }
    // Without a practical limit the iterative parser still only reports the missing end.
    #expect(
      throws: JSONParseError(
        reason: .unexpectedEndOfInput(expected: .value), byteOffset: 100_000, line: 1,
        column: 100_001)
    ) {
      try JSONParser(maximumDepth: .max).parse(opening)
    }
    let objects = Array(String(repeating: #"{"k":"#, count: 100_000).utf8)
    #expect(throws: JSONParseError.self) { try JSONParser(maximumDepth: .max).parse(objects) }
  }

  @Test func parsesLargeStringsLinearly() throws {
    // Long runs without escapes, then with an escape every 1000 bytes (the slow path).
    let chunk = String(repeating: "abcdefghé", count: 100) + "\\n"
    let body = String(repeating: chunk, count: 2_000)
    let plain = String(repeating: "xyz€ ", count: 400_000)
    let value = try JSONParser().parse("[\"\(plain)\",\"\(body)\"]")
    guard case .array(let elements) = value, elements.count == 2 else {
      Issue.record("unexpected \(value)")
      return
    }
    #expect(elements[0].stringValue?.utf8.count == plain.utf8.count)
    let expected = String(
      repeating: String(repeating: "abcdefghé", count: 100) + "\n", count: 2_000)
    #expect(elements[1].stringValue == expected)
  }

  @Test func lineAndColumnCountScalarsAfterTheLastNewline() {
    let bytes = Array("{\n\"é𝄞\": x}".utf8)
    do {
      _ = try JSONParser().parse(bytes)
      Issue.record("expected an error")
    } catch {
      #expect(error.byteOffset == 12)
      #expect(error.line == 2)
      #expect(error.column == 7)
      #expect(error.message == "unexpected character 'x', expected a value")
    }
  }

  // MARK: - Properties

  @Test func foundationOutputParsesToTheSameValue() throws {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<300 {
      let string = JSONTestData.randomString(using: &rng)
      let object: [String: Any] = ["k": string, "list": [string, 1, true]]
      let data = try JSONSerialization.data(withJSONObject: object)
      let value = try JSONParser().parse(Array(data))
      #expect(
        value["k"]?.stringValue.map { Array($0.unicodeScalars) } == Array(string.unicodeScalars))
      #expect(value["list"] == .array([.string(string), .number("1"), .bool(true)]))
    }
  }

  @Test func fuzzedInputNeverCrashesAndAlwaysGivesValueOrError() throws {
    var rng = SplitMix64(seed: 2024)
    let seeds: [[UInt8]] = [
      #"{"id":"a-1","text":"Line\n\"quoted\" \u00e9 \uD83D\uDE00","n":[1,-2.5e3,true,null],"o":{}}"#,
      #"[[[["x"]]],{"a":{"b":{"c":[]}}},"\\",0]"#,
      "\u{FEFF}[\"é€𝄞\u{2028}\", 1.0E+2, false]",
    ].map { Array($0.utf8) }
    let alphabet: [UInt8] =
      Array(#"{}[]:,"\u0123456789abcdefEeDd.+-tnrlsx /"#.utf8)
      + [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
    var accepted = 0
    for iteration in 0..<24_000 {
      var bytes: [UInt8]
      if iteration % 2 == 0 {
        bytes = seeds[rng.int(below: seeds.count)]
        for _ in 0...rng.int(below: 4) where !bytes.isEmpty {
          let offset = rng.int(below: bytes.count)
          switch rng.int(below: 4) {
          case 0: bytes[offset] = alphabet[rng.int(below: alphabet.count)]
          case 1: bytes.insert(alphabet[rng.int(below: alphabet.count)], at: offset)
          case 2: bytes.remove(at: offset)
          default: bytes = Array(bytes[..<offset])
          }
        }
      } else {
        bytes = (0..<rng.int(below: 24)).map { _ in alphabet[rng.int(below: alphabet.count)] }
      }
      do {
        let value = try JSONParser().parse(bytes)
        accepted += 1
        // Whatever parses must survive a write and a second parse unchanged.
        var writer = JSONWriter()
        writer.appendValue(value)
        #expect(try JSONParser().parse(writer.bytes) == value, "input \(bytes)")
        #expect(String(validating: bytes, as: UTF8.self) != nil, "accepted invalid UTF-8 \(bytes)")
      } catch {
        #expect(error.byteOffset >= 0 && error.byteOffset <= bytes.count, "input \(bytes)")
        #expect(error.line >= 1 && error.column >= 1)
      }
    }
    #expect(accepted > 500)
  }

  /// `parseWithLineStarts(_:byteStringKeys:)` accepts and rejects what `parse(_:)` does,
  /// with the same messages, and gives the last string member of each key as its exact
  /// bytes (`nil` where the last member of that name is not a string or there is none).
  @Test func byteStringsMatchTheStringParse() throws {
    func check(_ bytes: [UInt8], _ keys: [String], sourceLine: Int = #line) {
      let plain = Result { () throws(JSONParseError) in try JSONParser().parse(bytes) }
      let split = Result { () throws(JSONParseError) in
        try JSONParser().parseWithLineStarts(bytes, byteStringKeys: keys)
      }
      switch (plain, split) {
      case (.success(let value), .success(let (splitValue, byteStrings, _))):
        #expect(byteStrings.count == keys.count, "\(bytes) line \(sourceLine)")
        for (index, key) in keys.enumerated() where index < byteStrings.count {
          if case .string(let string)? = value[key] {
            #expect(byteStrings[index] == Array(string.utf8), "\(bytes) line \(sourceLine)")
            #expect(splitValue[key] == .string(""))
          } else {
            #expect(byteStrings[index] == nil, "\(bytes) line \(sourceLine)")
            #expect(splitValue[key] == value[key], "\(bytes) line \(sourceLine)")
          }
        }
      case (.failure(let error), .failure(let splitError)):
        #expect(error.description == splitError.description, "\(bytes) line \(sourceLine)")
      default:
        Issue.record("outcomes differ for \(bytes) (line \(sourceLine))")
      }
    }
    for testCase in Self.validCases {
      check(Array(#"{"id":1,"text":"#.utf8) + testCase.input + Array("}".utf8), ["text"])
    }
    for testCase in Self.invalidCases {
      check(Array(#"{"text":"#.utf8) + testCase.input + Array("}".utf8), ["text", "refined"])
      check(testCase.input, ["text"])
    }
    check(Array(#"{"text":"a\nb","text":"c\u00e9","refined":"x"}"#.utf8), ["text", "refined"])
    check(Array(#"{"text":"a","text":5}"#.utf8), ["text"])
    check(Array(#"{"text":5,"text":"b"}"#.utf8), ["text"])
    check(
      Array(#"{"text":"a\nb","text":{"text":"c"},"refined":"d","refined":null}"#.utf8),
      ["text", "refined"])
    check(Array(#"{"text":"a","text":["b"],"text":true}"#.utf8), ["text"])
    check(Array(#"{"o":{"text":"nested"},"text":["x"]}"#.utf8), ["text"])
    var rng = SplitMix64(seed: 14)
    let seed = Array(
      #"{"id":"a-1","text":"Line\n\"quoted\" \u00e9 \uD83D\uDE00 é€","refined":"Line é"}"#.utf8)
    let alphabet = Array(#"{}[]",:\"nu0e9AD8 "#.utf8) + [0xC3, 0xA9, 0xE2, 0x82, 0xFF, 0x0A]
    for _ in 0..<2000 {
      var bytes = seed
      for _ in 0...rng.int(below: 3) where !bytes.isEmpty {
        let offset = rng.int(below: bytes.count)
        switch rng.int(below: 3) {
        case 0: bytes[offset] = alphabet[rng.int(below: alphabet.count)]
        case 1: bytes.insert(alphabet[rng.int(below: alphabet.count)], at: offset)
        default: bytes.remove(at: offset)
        }
      }
      check(bytes, ["text", "refined"])
    }
  }
}

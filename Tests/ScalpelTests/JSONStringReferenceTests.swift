import Testing

@testable import Scalpel

/// The parser's strings against a slow textbook decoder, over hostile inputs: every escape,
/// surrogate pairs and lone surrogates, invalid UTF-8, control characters and truncated
/// strings, in long ASCII runs (the eight-byte scan) and short ones.
@Suite struct JSONStringReferenceTests {
  /// What the reference makes of a string: its bytes, or the error the parser must report.
  enum Outcome: Equatable {
    case bytes([UInt8])
    case error(JSONParseError.Reason, byteOffset: Int)
  }

  /// Decodes the string whose opening quote is at `quote`, byte by byte, by RFC 8259:
  /// escapes and control bytes first, left to right; then the raw content must be UTF-8
  /// (escapes are ASCII), the first invalid byte being reported.
  static func referenceDecode(_ input: [UInt8], quote: Int) -> Outcome {
    var decoded: [UInt8] = []
    var index = quote + 1
    func hex(_ at: Int) -> UInt32? {
      guard at + 4 <= input.count else { return nil }
      var value: UInt32 = 0
      for byte in input[at..<at + 4] {
        guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { return nil }
        value = value * 16 + UInt32(digit)
      }
      return value
    }
    while true {
      guard index < input.count else { return .error(.unterminatedString, byteOffset: quote) }
      let byte = input[index]
      if byte == UInt8(ascii: "\"") { break }
      if byte < 0x20 { return .error(.controlCharacterInString(byte), byteOffset: index) }
      guard byte == UInt8(ascii: "\\") else {
        decoded.append(byte)
        index += 1
        continue
      }
      guard index + 1 < input.count else { return .error(.unterminatedString, byteOffset: quote) }
      let simple: [UInt8: UInt8] = [
        0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D,
        0x74: 0x09,
      ]
      let escaped = input[index + 1]
      if let value = simple[escaped] {
        decoded.append(value)
        index += 2
        continue
      }
      guard escaped == UInt8(ascii: "u") else {
        return .error(.invalidEscape(escaped), byteOffset: index)
      }
      guard let unit = hex(index + 2) else {
        return .error(.invalidUnicodeEscape, byteOffset: index)
      }
      var scalar = unit
      var next = index + 6
      if (0xDC00..<0xE000).contains(unit) {
        return .error(.loneSurrogate(UInt16(unit)), byteOffset: index)
      }
      if (0xD800..<0xDC00).contains(unit) {
        guard next + 1 < input.count, input[next] == UInt8(ascii: "\\"),
          input[next + 1] == UInt8(ascii: "u")
        else { return .error(.loneSurrogate(UInt16(unit)), byteOffset: index) }
        guard let low = hex(next + 2) else {
          return .error(.invalidUnicodeEscape, byteOffset: next)
        }
        guard (0xDC00..<0xE000).contains(low) else {
          return .error(.loneSurrogate(UInt16(unit)), byteOffset: index)
        }
        scalar = 0x10000 + (unit - 0xD800) * 0x400 + (low - 0xDC00)
        next += 6
      }
      decoded.append(contentsOf: Array(String(UnicodeScalar(scalar)!).utf8))
      index = next
    }
    if let bad = referenceFirstInvalidUTF8(input, from: quote + 1, to: index) {
      return .error(.invalidUTF8, byteOffset: bad)
    }
    return .bytes(decoded)
  }

  /// The offset of the first byte in `start..<end` that does not begin a well-formed
  /// scalar: the lead's length, then the value decoded and checked for overlong forms,
  /// surrogates and the U+10FFFF limit.
  static func referenceFirstInvalidUTF8(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
    var index = start
    while index < end {
      let lead = bytes[index]
      let length: Int
      switch lead {
      case 0x00..<0x80: length = 1
      case 0xC0..<0xE0: length = 2
      case 0xE0..<0xF0: length = 3
      case 0xF0..<0xF8: length = 4
      default: return index
      }
      guard index + length <= end else { return index }
      var value = UInt32(lead) & [0x7F, 0x1F, 0x0F, 0x07][length - 1]
      for continuation in bytes[index + 1..<index + length] {
        guard continuation & 0xC0 == 0x80 else { return index }
        value = value << 6 | UInt32(continuation & 0x3F)
      }
      let minimum: UInt32 = [0, 0x80, 0x800, 0x10000][length - 1]
      if value < minimum || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return index }
      index += length
    }
    return nil
  }

  /// Pieces of string content, hostile and not.
  static let pieces: [[UInt8]] = {
    var pieces: [[UInt8]] = [
      "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u20AC",
      "\\u2028", "\\uFEFF", "\\u0000", "\\u001f", "\\uD83D\\uDE00", "\\uDBFF\\uDFFF", "\\uD800",
      "\\uDC00", "\\uD83D\\n", "\\uD83D\\u0041", "\\uD83D\\uD83D", "\\uD83D\\uDE0", "\\u12G4",
      "\\u12", "\\x", "\\'", "\\ ", "\\U0041", "é", "€", "𝄞", "\u{2028}", "\u{FEFF}", "\u{7F}",
    ].map { Array($0.utf8) }
    pieces += [
      [0x00], [0x09], [0x0A], [0x1F], [0x5C, 0x0A], [0x5C, 0x80], [0x80], [0xBF], [0xC0, 0x80],
      [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5],
      [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3], [0xE2, 0x82, 0x41],
    ]
    return pieces
  }()

  static func randomContent(using rng: inout SplitMix64) -> [UInt8] {
    var content: [UInt8] = []
    for _ in 0..<rng.int(below: 6) {
      // An ASCII run of any length, long ones crossing eight-byte words.
      let runLength = rng.int(below: 4) == 0 ? rng.int(below: 40) : rng.int(below: 4)
      var run = (0..<runLength).map { _ in UInt8(0x20 + rng.int(below: 95)) }
      run.removeAll { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
      content += run
      // Hostile pieces are rarer, so that many strings decode.
      if rng.int(below: 3) == 0 || content.isEmpty {
        let piece = pieces[rng.int(below: pieces.count)]
        content += piece
      } else {
        content += Array(["é", "\\n", "\\\"", "€ ", "\\u00e9", "\\uD83D\\uDE00"][rng.int(below: 6)].utf8)
      }
    }
    return content
  }

  /// Every string, in a document as the corpus reader parses it (with the text member read
  /// as bytes) and on its own: the parser gives the reference's bytes or its exact error.
  @Test func stringsDecodeAsTheReferenceDoes() throws {
    var rng = SplitMix64(seed: 1401)
    var decodedCount = 0
    for iteration in 0..<20_000 {
      let content = Self.randomContent(using: &rng)
      let truncated = iteration % 5 == 0
      let end = truncated ? rng.int(below: content.count + 1) : content.count
      let quoted = [UInt8(ascii: "\"")] + content[..<end] + (truncated ? [] : [UInt8(ascii: "\"")])
      let prefix = Array(#"{"id":"a","text":"#.utf8)
      let document = prefix + quoted + (truncated ? [] : Array("}".utf8))
      let expected = Self.referenceDecode(document, quote: prefix.count)

      let plain = Result { () throws(JSONParseError) in try JSONParser().parse(document) }
      let split = Result { () throws(JSONParseError) in
        try JSONParser().parseWithLineStarts(document, byteStringKeys: ["text"])
      }
      let alone = Result { () throws(JSONParseError) in try JSONParser().parse(quoted) }
      switch expected {
      case .bytes(let bytes):
        decodedCount += 1
        guard case .success(let value) = plain, case .success(let (_, byteStrings, _)) = split,
          case .success(let aloneValue) = alone
        else {
          Issue.record("rejected \(document): \(plain) \(split) \(alone)")
          continue
        }
        #expect(value["text"]?.stringValue.map { Array($0.utf8) } == bytes, "\(document)")
        #expect(byteStrings == [bytes], "\(document)")
        #expect(aloneValue.stringValue.map { Array($0.utf8) } == bytes, "\(document)")
      case .error(let reason, let offset):
        let message = document.withUnsafeBufferPointer {
          JSONParseError(reason: reason, byteOffset: offset, in: $0).description
        }
        let aloneMessage = quoted.withUnsafeBufferPointer {
          JSONParseError(reason: reason, byteOffset: offset - prefix.count, in: $0).description
        }
        for (outcome, want) in [
          (plain.map { _ in () }, message), (split.map { _ in () }, message),
          (alone.map { _ in () }, aloneMessage),
        ] {
          switch outcome {
          case .success: Issue.record("accepted \(document), expected \(want)")
          case .failure(let error): #expect(error.description == want, "\(document)")
          }
        }
      }
    }
    #expect(decodedCount > 4000)
  }
}

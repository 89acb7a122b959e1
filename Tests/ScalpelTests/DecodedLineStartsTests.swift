import Testing

@testable import Scalpel

/// The line tables the JSON parser finds while it decodes a byte string
/// (`JSONParser.parseWithLineStarts`), against a textbook split of the bytes that the plain
/// string parse (`JSONParser.parse(_:)`) decodes, over
/// hostile strings: every way of writing a line feed or a carriage return (`\n`, `\r`,
/// `\r\n`, `\u000a`, `\u000D`), other escapes, raw non-ASCII, invalid UTF-8, empty strings,
/// strings of newlines only, leading and trailing newlines, lines longer than the
/// eight-byte scan, keys given twice and nested members of the same name.
@Suite struct DecodedLineStartsTests {
  /// The start of every line of `bytes`, split on line feeds byte by byte: 0, then each
  /// offset after a line feed that is not the end; none for no bytes.
  static func referenceLineStarts(_ bytes: [UInt8]) -> [Int] {
    guard !bytes.isEmpty else { return [] }
    var starts = [0]
    for index in bytes.indices where bytes[index] == 0x0A && index + 1 < bytes.count {
      starts.append(index + 1)
    }
    return starts
  }

  /// Pieces of raw JSON string content, as written in a document.
  static let pieces: [String] = [
    "a", "word ", "\\n", "\\n", "\\n\\n", "\\r", "\\r\\n", "\\u000a", "\\u000A", "\\u000d",
    "\\u000D", "\\t", "\\\\", "\\\"", "\\/", "\\u00e9", "\\u2028", "\\ud83d\\ude00", "é", "日本",
    "😀", String(repeating: "x", count: 70), "\\\\n", "\\b\\f",
  ]

  static func content(_ rng: inout SplitMix64) -> [UInt8] {
    var content: [UInt8] = []
    let count = rng.int(below: 12)
    for _ in 0..<count {
      content += Array(pieces[rng.int(below: pieces.count)].utf8)
    }
    if rng.int(below: 40) == 0 { content.insert(0xFF, at: rng.int(below: content.count + 1)) }
    return content
  }

  @Test func lineStartsAreThoseOfTheDecodedBytes() throws {
    var rng = SplitMix64(seed: 0x11E5_7A27)
    var checked = 0
    var withCarriageReturn = 0
    for round in 0..<3000 {
      let text = Self.content(&rng)
      let refined = Self.content(&rng)
      var document = Array(#"{"id":"r\#(round)","text":""#.utf8) + text + Array(#"""#.utf8)
      if rng.int(below: 4) == 0 {
        // A nested member of the same name is not a byte string.
        document += Array(#","meta":{"text":"x\ny"}"#.utf8)
      }
      document += Array(#","refined":""#.utf8) + refined + Array(#"""#.utf8)
      if rng.int(below: 6) == 0 {
        // The last member of a name wins.
        document += Array(#","text":"last\nline\n""#.utf8)
      }
      document += Array("}".utf8)
      let keys = ["text", "refined"]
      let plain = Result { () throws(JSONParseError) in try JSONParser().parse(document) }
      let withStarts = Result { () throws(JSONParseError) in
        try JSONParser().parseWithLineStarts(document, byteStringKeys: keys)
      }
      switch (plain, withStarts) {
      case (.failure(let error), .failure(let other)):
        #expect(error == other, "\(document)")
        continue
      case (.success(let parsed), .success(let found)):
        #expect(found.byteStrings.count == keys.count && found.lineStarts.count == keys.count)
        for (index, key) in keys.enumerated() {
          let bytes = try #require(found.byteStrings[index])
          guard case .string(let string)? = parsed[key] else {
            Issue.record("no string '\(key)' in \(document)")
            continue
          }
          #expect(Array(string.utf8) == bytes, "\(document)")
          #expect(found.value[key] == .string(""))
          if bytes.contains(0x0D) {
            withCarriageReturn += 1
            #expect(found.lineStarts[index] == nil, "\(document)")
            continue
          }
          let starts = try #require(found.lineStarts[index], "\(document)")
          #expect(starts == Self.referenceLineStarts(bytes), "\(document)")
          #expect(
            NormalizedText(alreadyNormalized: bytes, lineStarts: starts)
              == NormalizedText(normalizing: bytes))
          checked += 1
        }
      default:
        Issue.record("the two parses disagree on \(document): \(plain) \(withStarts)")
      }
    }
    #expect(checked > 2000)
    #expect(withCarriageReturn > 300)
  }

  /// A corpus record read by the processor gives the same texts, line tables included, as
  /// the textbook normalisation of its decoded fields.
  @Test func processorTextsHaveTheReferenceLineTables() throws {
    var rng = SplitMix64(seed: 0x7E47_5EED)
    var processor = RecordProcessor(configuration: .init())
    for round in 0..<400 {
      let text = Self.content(&rng) + Array("kept line\\n".utf8) + Self.content(&rng)
      let refined = Self.content(&rng) + Array("kept line\\n".utf8)
      let document =
        Array(#"{"id":"p\#(round)","text":""#.utf8) + text + Array(#"","refined":""#.utf8)
        + refined + Array(#""}"#.utf8)
      let parsed = Result { () throws(JSONParseError) in try JSONParser().parse(document) }
      let decision = processor.decide(
        .line(lineNumber: round + 1, bytes: document), path: "hostile.jsonl")
      guard case .success(let expected) = parsed,
        case .string(let textString)? = expected["text"],
        case .string(let refinedString)? = expected["refined"]
      else { continue }
      let original = NormalizedText(normalizing: Array(textString.utf8))
      let refinedText = NormalizedText(normalizing: Array(refinedString.utf8))
      switch decision {
      case .accepted(_, _, let gotOriginal, let gotRefined, _):
        #expect(gotOriginal == original)
        #expect(gotRefined == refinedText)
        #expect(gotOriginal.lineStartUTF8Offsets == Self.referenceLineStarts(original.utf8))
        #expect(gotRefined.lineStartUTF8Offsets == Self.referenceLineStarts(refinedText.utf8))
      case .rejected(_, _, let gotOriginal, let gotRefined):
        if let gotOriginal { #expect(gotOriginal == original) }
        if let gotRefined { #expect(gotRefined == refinedText) }
      }
    }
  }
}

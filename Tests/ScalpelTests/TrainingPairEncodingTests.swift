import Testing

@testable import Scalpel

/// The pair layouts of Specification §4, encoded and read back by ``TrainingPairRecord``.
@Suite struct TrainingPairEncodingTests {
  static let original = "Home | About\nSwift 6 is here. [Ad] Read on.\nText stays.\nShare | Tweet\n"
  static let refined = "Swift 6 is here. Read on.\nText stays.\n"

  /// The pair lines of the example document in `encoding`, parsed.
  static func lines(_ encoding: TrainingPairEncoding) throws -> [JSONValue] {
    var builder = PairBuilder(options: PairOptions())
    guard
      case .accepted(let pair) = builder.makePair(
        original: NormalizedText(original), refined: NormalizedText(refined))
    else {
      Issue.record("the example pair was not accepted")
      return []
    }
    var writer = JSONWriter()
    encoding.encode(documentID: "doc-1", pair: pair, into: &writer)
    return try writer.bytes.split(separator: UInt8(ascii: "\n")).map {
      try JSONParser().parse(Array($0))
    }
  }

  static func keys(_ value: JSONValue) -> [String] {
    guard case .object(let members) = value else { return [] }
    return members.map(\.key)
  }

  static func messages(_ value: JSONValue?) -> [(role: String?, content: String?)] {
    guard case .array(let messages)? = value else { return [] }
    return messages.map { ($0["role"]?.stringValue, $0["content"]?.stringValue) }
  }

  @Test func conversationalPutsInstructionAndDocumentInThePromptAndTheProgramInTheCompletion()
    throws
  {
    let encoding = TrainingPairEncoding(format: .conversational, instruction: "Delete noise.")
    let line = try #require(try Self.lines(encoding).first)
    #expect(Self.keys(line) == ["id", "prompt", "completion"])
    let prompt = Self.messages(line["prompt"])
    #expect(prompt.map(\.role) == ["system", "user"])
    #expect(prompt.first?.content == "Delete noise.")
    #expect(prompt.last?.content == encoding.numberedText(NormalizedText(Self.original)))
    let completion = Self.messages(line["completion"])
    #expect(completion.map(\.role) == ["assistant"])
    #expect(
      completion.first?.content
        == "remove_lines(1, 1)\nremove_str(2, \"[Ad] \")\nremove_lines(4, 4)"
    )
  }

  @Test func conversationalLeavesOutTheSystemMessageForAnEmptyInstruction() throws {
    let encoding = TrainingPairEncoding(
      format: .conversational, instruction: "", includesMeta: true)
    let line = try #require(try Self.lines(encoding).first)
    #expect(Self.keys(line) == ["id", "prompt", "completion", "meta"])
    #expect(Self.messages(line["prompt"]).map(\.role) == ["user"])
  }

  @Test(arguments: TrainingPairFormat.allCases)
  func everyFormatReadsBackWithItsDocumentAndProgram(format: TrainingPairFormat) throws {
    let encoding = TrainingPairEncoding(format: format, instruction: "Delete noise.")
    let line = try #require(try Self.lines(encoding).first)
    let record = try #require(TrainingPairRecord(json: line))
    #expect(record.format == format)
    #expect(record.id == "doc-1#0")
    #expect(encoding.chunkText(fromModelInput: record.modelInput) == NormalizedText(Self.original))
    #expect(record.program == "remove_lines(1, 1)\nremove_str(2, \"[Ad] \")\nremove_lines(4, 4)")
    #expect(TrainingPairRecord.program(of: line) == record.program)
  }

  @Test func aConversationalLineWithoutAnAssistantMessageIsNotAPair() throws {
    let line = try JSONParser().parse(
      #"{"id":"a#0","prompt":[{"role":"user","content":"[doc]\n[1]x\n[/doc]"}],"completion":[]}"#)
    #expect(TrainingPairRecord(json: line) == nil)
    #expect(TrainingPairRecord.program(of: line) == nil)
  }

  /// The prompt `encode` writes (the numbered document escaped piece by piece) is the JSON
  /// string of `numberedText`, byte for byte, and its token counts are `pairTokenCounts`,
  /// for line prefixes with escapes, several or no placeholders and non-ASCII text.
  @Test(arguments: [
    "[{n}]", "", "{n}", "<{n}>\"\\\t{n}|", "é{n}\u{301}", "{n}{n}", "line {n}: ", "\u{2028}{n}",
  ])
  func encodedPromptIsTheEscapedNumberedText(linePrefix: String) throws {
    let original =
      "Home | \"About\"\nTab\there \\ back\u{1}slash\n\u{2028}sep\u{FEFF}bom\n\n"
      + "я 中文 🍪\nEnd."
    let refined = "Tab\there \\ back\u{1}slash\n\nя 中文 🍪\nEnd."
    var builder = PairBuilder(options: PairOptions())
    guard
      case .accepted(let pair) = builder.makePair(
        original: NormalizedText(original), refined: NormalizedText(refined))
    else {
      Issue.record("the example pair was not accepted")
      return
    }
    for wraps in [true, false] {
      for instruction in ["Delete \"noise\".", ""] {
        let encoding = TrainingPairEncoding(
          instruction: instruction, linePrefix: linePrefix, wrapsInDocumentTags: wraps)
        var writer = JSONWriter()
        var scratch = EncodingScratch()
        let counts = encoding.encode(
          documentID: "d", pair: pair, into: &writer, scratch: &scratch)
        #expect(counts == encoding.pairTokenCounts(of: pair))
        var expected = JSONWriter()
        for chunkPair in pair.chunks {
          var program: [UInt8] = []
          chunkPair.program.appendRendered(to: &program)
          expected.appendObject { object in
            object.appendKey("id")
            object.appendString("d#\(chunkPair.chunk.index)")
            object.appendKey("prompt")
            object.appendString(
              (instruction.isEmpty ? "" : instruction + "\n\n")
                + encoding.numberedText(chunkPair.text))
            object.appendKey("completion")
            object.appendString(String(decoding: program, as: UTF8.self))
          }
          expected.appendNewline()
        }
        #expect(writer.bytes == expected.bytes)
      }
    }
  }

  @Test func placeholderPartsSplitOnEveryPlaceholder() {
    #expect(
      TrainingPairEncoding.placeholderParts(of: "[{n}]") == [Array("[".utf8), Array("]".utf8)])
    #expect(TrainingPairEncoding.placeholderParts(of: "{n}{n}") == [[], [], []])
    #expect(TrainingPairEncoding.placeholderParts(of: "{n") == [Array("{n".utf8)])
    #expect(
      TrainingPairEncoding.placeholderParts(of: "a{{n}}") == [Array("a{".utf8), Array("}".utf8)])
    #expect(TrainingPairEncoding.placeholderParts(of: "") == [[]])
    #expect(TrainingPairEncoding.placeholderParts(of: "é{n}") == [Array("é".utf8), []])
  }
}

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
}

import Testing

@testable import Scalpel

@Suite struct DocumentRecordTests {
  static func read(_ json: String, programField: String? = nil) -> DocumentReadResult {
    DocumentRecord.read(
      .line(lineNumber: 4, bytes: Array(json.utf8)), path: "in.jsonl", fields: CorpusFields(),
      programField: programField)
  }

  static func reason(_ result: DocumentReadResult) -> String? {
    if case .rejected(let rejection) = result { return rejection.reason }
    return nil
  }

  @Test func writesEveryFieldBackInOrderWithTheRefinedText() throws {
    guard
      case .document(let record) = Self.read(
        #"{"z":1.50,"id":"d","text":"a\r\nb","meta":{"k":[true,null]}}"#)
    else {
      Issue.record("rejected")
      return
    }
    #expect(record.id == "d" && record.source == "in.jsonl:4" && record.text == "a\r\nb")
    var writer = JSONWriter()
    record.encode(refinedText: "b", outputField: "refined_text", into: &writer)
    #expect(
      String(decoding: writer.bytes, as: UTF8.self)
        == #"{"z":1.50,"id":"d","text":"a\r\nb","meta":{"k":[true,null]},"refined_text":"b"}"#
        + "\n")
    writer.removeAll()
    record.encode(refinedText: "b", outputField: "text", into: &writer)
    #expect(
      String(decoding: writer.bytes, as: UTF8.self)
        == #"{"z":1.50,"id":"d","text":"b","meta":{"k":[true,null]}}"# + "\n")
  }

  @Test func missingIdsBecomeTheSource() {
    guard case .document(let record) = Self.read(#"{"text":"t"}"#) else {
      return #expect(Bool(false))
    }
    #expect(record.id == "in.jsonl:4")
    guard case .document(let numbered) = Self.read(#"{"id":12,"text":"t"}"#) else {
      return #expect(Bool(false))
    }
    #expect(numbered.id == "12")
  }

  @Test func rejectsLikeBuildPairs() {
    #expect(Self.reason(Self.read("{not json")) == "invalid_json")
    #expect(Self.reason(Self.read("[1]")) == "not_an_object")
    #expect(Self.reason(Self.read(#"{"id":"d"}"#)) == "missing_field")
    #expect(Self.reason(Self.read(#"{"id":"d","text":3}"#)) == "invalid_field")
    #expect(Self.reason(Self.read(#"{"id":true,"text":"t"}"#)) == "invalid_field")
    #expect(
      Self.reason(Self.read(#"{"id":"d","text":"t","p":3}"#, programField: "p")) == "invalid_field")
    #expect(
      Self.reason(Self.read(#"{"id":"d","text":"t","p":["a",1]}"#, programField: "p"))
        == "invalid_field")
    let tooLong = DocumentRecord.read(
      .lineTooLong(lineNumber: 1, byteCount: 99), path: "x", fields: CorpusFields())
    #expect(Self.reason(tooLong) == "line_too_long")
    let invalidUTF8 = DocumentRecord.read(
      .line(lineNumber: 1, bytes: [0x22, 0xFF, 0x22]), path: "x", fields: CorpusFields())
    #expect(Self.reason(invalidUTF8) == "invalid_utf8")
  }

  @Test func programFieldHoldsOneProgramOrOnePerChunk() {
    func programs(_ json: String) -> [ChunkProgram]? {
      if case .document(let record) = Self.read(json, programField: "p") {
        return record.inlinePrograms
      }
      return nil
    }
    #expect(
      programs(#"{"text":"t","p":"keep_all()"}"#) == [
        ChunkProgram(chunkIndex: 0, output: "keep_all()")
      ])
    #expect(
      programs(#"{"text":"t","p":["a",null,"c"]}"#) == [
        ChunkProgram(chunkIndex: 0, output: "a"), ChunkProgram(chunkIndex: 2, output: "c"),
      ])
    #expect(programs(#"{"text":"t","p":null}"#) == [])
    #expect(programs(#"{"text":"t"}"#) == [])
  }
}

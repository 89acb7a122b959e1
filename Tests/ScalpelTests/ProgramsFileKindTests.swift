import Foundation
import Testing

@testable import Scalpel

@Suite struct ProgramsFileKindTests {
  @Test(arguments: [
    ("\n  \n{\"custom_id\":\"a#0\",\"response\":null}\n", ProgramsFileKind.batchOutput),
    ("{\"custom_id\":\"a#0\",\"x\":\"\\ud800\"}\n", .batchOutput),
    ("{\"id\":\"a\",\"program\":\"keep_all()\"}\n{\"custom_id\":\"a#0\"}\n", .programRecords),
    ("{\"id\":\"a#0\",\"completion\":\"keep_all()\"}\n", .programRecords),
    ("not json\n", .programRecords),
    ("[1]\n", .programRecords),
    ("", .programRecords),
  ])
  func firstNonBlankLineTellsTheKind(text: String, kind: ProgramsFileKind) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("p.jsonl", contents: Array(text.utf8))
    #expect(try ProgramsFileKind.detect(path: path) == kind)
  }

  @Test func standardInputIsReadAsProgramRecords() throws {
    #expect(try ProgramsFileKind.detect(path: "-") == .programRecords)
  }
}

@Suite struct BatchOutputLineProgramTests {
  static func program(_ json: String) throws -> Result<String, ReplyFailure> {
    try BatchOutputLine.read(Array(json.utf8)).outcome.program
  }

  static func reason(_ json: String) throws -> ReplyFailure.Reason? {
    if case .failure(let failure) = try program(json) { return failure.reason }
    return nil
  }

  static func body(_ choice: String, status: Int = 200) -> String {
    #"{"custom_id":"d#1","response":{"status_code":\#(status),"body":{"choices":[\#(choice)]}},"error":null}"#
  }

  @Test func contentOrTextIsTheProgram() throws {
    let chat = try Self.program(
      Self.body(#"{"message":{"content":"remove_lines(1, 2)"},"finish_reason":"stop"}"#))
    #expect(try chat.get() == "remove_lines(1, 2)")
    let completion = try Self.program(Self.body(#"{"text":"keep_all()"}"#))
    #expect(try completion.get() == "keep_all()")
  }

  @Test func unusableRepliesHaveTheirReason() throws {
    #expect(
      try Self.reason(#"{"custom_id":"d#1","response":null,"error":{"code":"x","message":"m"}}"#)
        == .error)
    #expect(try Self.reason(#"{"custom_id":"d#1","response":null,"error":null}"#) == .error)
    #expect(try Self.reason(#"{"custom_id":"d#1","response":{"status_code":"200"}}"#) == .error)
    #expect(try Self.reason(Self.body(#"{"text":"x"}"#, status: 500)) == .httpStatus)
    #expect(try Self.reason(Self.body(#"{"text":"x"}"#, status: 429)) == .httpStatus)
    #expect(try Self.reason(Self.body(#"{"text":"x","finish_reason":"length"}"#)) == .truncated)
    #expect(try Self.reason(Self.body(#"{"message":{"content":null}}"#)) == .noContent)
    #expect(try Self.reason(Self.body(#"{"message":{"content":" \n\t"}}"#)) == .noContent)
    #expect(
      try Self.reason(#"{"custom_id":"d#1","response":{"status_code":200,"body":{"choices":[]}}}"#)
        == .noContent)
  }
}

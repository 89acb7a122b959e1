import Testing

@testable import Scalpel

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct ProgramCallTests {
  struct RenderCase: Sendable, CustomTestStringConvertible {
    var call: ProgramCall
    var expected: String
    var line: Int
    var testDescription: String { "line \(line): \(expected)" }
  }

  static let renderCases: [RenderCase] = [
    RenderCase(call: .removeLines(3...5), expected: "remove_lines(3, 5)", line: #line),
    RenderCase(call: .removeLines(1...1), expected: "remove_lines(1, 1)", line: #line),
    RenderCase(call: .keepAll, expected: "keep_all()", line: #line),
    RenderCase(
      call: .removeString(lineNumber: 2, text: "text"), expected: #"remove_str(2, "text")"#,
      line: #line),
    RenderCase(
      call: .removeString(lineNumber: 7, text: #"say "hi""#),
      expected: #"remove_str(7, "say \"hi\"")"#, line: #line),
    RenderCase(
      call: .removeString(lineNumber: 1, text: #"C:\dir\"#),
      expected: #"remove_str(1, "C:\\dir\\")"#, line: #line),
    RenderCase(
      call: .removeString(lineNumber: 1, text: "a\nb\rc\td"),
      expected: #"remove_str(1, "a\nb\rc\td")"#, line: #line),
    RenderCase(
      call: .removeString(lineNumber: 1, text: "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\u{1F}"),
      expected: #"remove_str(1, "\u0000\u0001\u0008\u000b\u000c\u001b\u001f")"#, line: #line),
    RenderCase(
      call: .removeString(lineNumber: 1, text: "\u{7F} \u{80}\u{2028}"),
      expected: "remove_str(1, \"\u{7F} \u{80}\u{2028}\")", line: #line),
    RenderCase(
      call: .removeString(lineNumber: 12, text: "café – 日本語 🙂 e\u{301}"),
      expected: "remove_str(12, \"café – 日本語 🙂 e\u{301}\")", line: #line),
    RenderCase(
      call: .removeString(lineNumber: 3, text: "it's"), expected: #"remove_str(3, "it's")"#,
      line: #line),
  ]

  @Test(arguments: renderCases)
  func rendersCallExactly(_ testCase: RenderCase) {
    #expect(testCase.call.rendered == testCase.expected, "row at line \(testCase.line)")
    #expect(
      Array(testCase.call.rendered.utf8) == Array(testCase.expected.utf8),
      "row at line \(testCase.line): bytes differ")
  }

  @Test func rendersProgramOneCallPerLineWithoutTrailingNewline() {
    let program: Program = [
      .removeLines(1...1), .removeString(lineNumber: 2, text: "Ads"), .removeLines(88...89),
    ]
    #expect(program.rendered == "remove_lines(1, 1)\nremove_str(2, \"Ads\")\nremove_lines(88, 89)")
    #expect(program.description == program.rendered)
  }

  @Test func emptyProgramRendersAsKeepAll() {
    #expect(Program().rendered == "keep_all()")
    #expect(Program(calls: [.keepAll]).rendered == "keep_all()")
    #expect(Program().isKeepAll)
    #expect(Program(calls: [.keepAll]).isKeepAll)
    #expect(!Program(calls: [.removeLines(1...2)]).isKeepAll)
  }

  @Test func offsettingMovesEveryLineNumber() {
    let program: Program = [
      .removeLines(1...3), .removeString(lineNumber: 5, text: "x"), .keepAll,
    ]
    let moved = program.offsettingLines(by: 40)
    #expect(
      moved.calls == [
        .removeLines(41...43), .removeString(lineNumber: 45, text: "x"), .keepAll,
      ])
    #expect(program.offsettingLines(by: 0) == program)
    #expect(moved.offsettingLines(by: -40) == program)
  }

  @Test func offsettingAChunkProgramMatchesExecutingOnTheDocument() {
    // Chunk = document lines 4...6; executing the offset program on the document
    // must remove the same text as the chunk program on the chunk.
    let document = NormalizedText("l1\nl2\nl3\nA x\nB\nC y\nl7\n")
    let chunk = NormalizedText("A x\nB\nC y\n")
    let program: Program = [
      .removeString(lineNumber: 1, text: " x"), .removeLines(2...2),
      .removeString(lineNumber: 3, text: " y"),
    ]
    #expect(chunk.applying(program).text.string == "A\nC\n")
    let documentResult = document.applying(program.offsettingLines(by: 3))
    #expect(documentResult.text.string == "l1\nl2\nl3\nA\nC\nl7\n")
    #expect(documentResult.report.skippedCalls.isEmpty)
  }

  @Test func programRoundTripsThroughJSON() throws {
    let program: Program = [
      .removeLines(1...2), .removeString(lineNumber: 1, text: "a\"\\é🙂"), .keepAll,
    ]
    let data = try JSONEncoder().encode(program)
    #expect(try JSONDecoder().decode(Program.self, from: data) == program)
  }
}

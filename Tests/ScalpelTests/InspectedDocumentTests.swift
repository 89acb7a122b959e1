import Testing

@testable import Scalpel

@Suite struct InspectedDocumentTests {
  typealias Line = InspectedDocument.Line
  typealias ProgramLine = InspectedDocument.ProgramLine

  static func document(
    _ text: String, program: String?, limits: InspectedDocument.Limits = .init()
  ) -> InspectedDocument {
    InspectedDocument(
      id: "doc", source: "in.jsonl:1",
      chunks: [
        .init(index: 0, firstLineNumber: 1, text: NormalizedText(text), programText: program)
      ],
      limits: limits)
  }

  @Test func marksLinesAndCountsCalls() {
    let document = Self.document(
      "Home | About\nGood text. [ad] More.\nBye\n",
      program: "remove_lines(1, 1)\nremove_str(2, \"[ad] \")\n")
    #expect(document.status == .changed)
    let chunk = document.chunks[0]
    #expect(
      chunk.lines == [
        Line(number: 1, text: "Home | About", isRemoved: true),
        Line(number: 2, text: "Good text. [ad] More.", removedUTF8Ranges: [11..<16]),
        Line(number: 3, text: "Bye"),
      ])
    #expect(
      chunk.programLines == [
        ProgramLine(text: "remove_lines(1, 1)"), ProgramLine(text: "remove_str(2, \"[ad] \")"),
      ])
    #expect(
      (chunk.removeLinesCallCount, chunk.removeStringCallCount, chunk.skippedCallCount) == (1, 1, 0)
    )
    #expect((document.characterCount, document.deletedCharacterCount) == (39, 18))
    #expect(!chunk.isKeepAll && chunk.hasProgram && chunk.omittedLineCount == 0)
  }

  @Test func keepAllAndEmptyProgramsAreKeepAll() {
    #expect(Self.document("a\n", program: "keep_all()").status == .keepAll)
    #expect(Self.document("a\n", program: "").status == .keepAll)
    #expect(Self.document("a\n", program: "").chunks[0].programLines == [])
    #expect(Self.document("a\n", program: "remove_str(1, \"zz\")").status == .changed)
  }

  @Test func programLinesCarrySkipsAndParseErrors() {
    let document = Self.document(
      "a b\nc\n", program: "```python\nremove_str(1, \"x\")\r\nbogus(1)\nremove_lines(2, 2)\n```\n")
    #expect(
      document.chunks[0].programLines == [
        ProgramLine(text: "```python"),
        ProgramLine(text: "remove_str(1, \"x\")", kind: .skipped(reason: "text_not_found")),
        ProgramLine(text: "bogus(1)", kind: .unreadable(message: "unknown function 'bogus'")),
        ProgramLine(text: "remove_lines(2, 2)"),
        ProgramLine(text: "```"),
      ])
    #expect((document.chunks[0].skippedCallCount, document.chunks[0].programErrorCount) == (1, 1))
    #expect(document.deletedCharacterCount == 2)
  }

  @Test func cutsLongLinesOnScalarBoundariesAndKeepsMarksInside() {
    let limits = InspectedDocument.Limits(
      maximumLineCount: 100, maximumUTF8Count: 1_000, maximumLineUTF8Count: 6)
    // "ab" + "é" (2 bytes) + "[x]" : a cut after 6 bytes would split nothing; after 5 it would split é.
    let document = Self.document("aébc[x]end\n", program: "remove_str(1, \"c[x]\")", limits: limits)
    let line = document.chunks[0].lines[0]
    #expect(line.text == "aébc[")
    #expect(line.removedUTF8Ranges == [4..<6])
    #expect(line.omittedCharacterCount == 5)
    let split = Self.document("aaaaaé\n", program: nil, limits: limits).chunks[0].lines[0]
    #expect(split.text == "aaaaa")
    #expect(split.omittedCharacterCount == 1)
  }

  @Test func stopsAtTheDocumentLimitsButCountsEverything() {
    let text = (1...50).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let limits = InspectedDocument.Limits(
      maximumLineCount: 10, maximumUTF8Count: 1_000, maximumLineUTF8Count: 100)
    let document = InspectedDocument(
      id: "d",
      chunks: [
        .init(
          index: 0, firstLineNumber: 1, text: NormalizedText(text),
          programText: "remove_lines(50, 50)"),
        .init(
          index: 1, firstLineNumber: 51, text: NormalizedText("x\n"), programText: "keep_all()"),
      ], limits: limits)
    #expect(document.chunks[0].lines.count == 10)
    #expect(document.chunks[0].omittedLineCount == 40)
    #expect(document.chunks[1].lines.isEmpty && document.chunks[1].omittedLineCount == 1)
    #expect(document.omittedLineCount == 41)
    #expect(document.deletedCharacterCount == 8)
    #expect(document.characterCount == text.count + 2)

    let byBytes = Self.document(
      text, program: nil,
      limits: .init(maximumLineCount: 100, maximumUTF8Count: 20, maximumLineUTF8Count: 100))
    // 20 bytes: three whole lines, then the fourth cut to the bytes left.
    #expect(byBytes.chunks[0].lines.map(\.text) == ["line 1", "line 2", "line 3", "li"])
    #expect(byBytes.chunks[0].lines[3].omittedCharacterCount == 4)
    #expect(byBytes.chunks[0].omittedLineCount == 46)
  }

  @Test func longProgramsAreCutToo() {
    let limits = InspectedDocument.Limits(
      maximumLineCount: 2, maximumUTF8Count: 1_000, maximumLineUTF8Count: 14)
    let document = Self.document(
      "a\nb\nc\n", program: "remove_lines(1, 1)\nremove_lines(2, 2)\nremove_lines(3, 3)",
      limits: limits)
    #expect(
      document.chunks[0].programLines?.map(\.text) == [
        "remove_lines(1 … (4 more characters)", "remove_lines(2 … (4 more characters)",
        "… 1 more program line not shown",
      ])
    #expect(document.deletedCharacterCount == 6)
  }

  @Test func rejectedDocumentsKeepTheirTextWithoutMarks() {
    let rejected = InspectedDocument(
      rejectedID: "r", source: "c.jsonl:3", reason: "rewrite_too_large",
      detail: "rewrite of 23 characters",
      text: NormalizedText("one\ntwo"))
    #expect(
      rejected.status == .rejected(reason: "rewrite_too_large", detail: "rewrite of 23 characters"))
    #expect(rejected.status.kind == "rejected")
    #expect(
      rejected.chunks[0].lines == [Line(number: 1, text: "one"), Line(number: 2, text: "two")])
    #expect(rejected.chunks[0].programLines == nil)
    let withoutText = InspectedDocument(rejectedID: "r", reason: "x", detail: "", text: nil)
    #expect(withoutText.chunks.isEmpty)
  }
}

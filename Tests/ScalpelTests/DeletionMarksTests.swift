import Testing

@testable import Scalpel

@Suite struct DeletionMarksTests {
  @Test func marksRemovedLinesAndStrings() {
    let chunk = NormalizedText("Home | About\nGood text. [ad] More.\nBye\n")
    let marks = DeletionMarks(
      program: [.removeLines(1...1), .removeString(lineNumber: 2, text: "[ad] ")], text: chunk)
    #expect(marks.isLineRemoved == [true, false, false])
    #expect(marks.removedStringUTF8Ranges == [[], [11..<16], []])
    #expect(marks.deletedCharacterCount == 18)
    #expect(marks.execution.text.string == "Good text. More.\nBye\n")
  }

  @Test func skippedCallsMarkNothing() {
    let chunk = NormalizedText("a b a\nc\n")
    let marks = DeletionMarks(
      program: [
        .removeString(lineNumber: 1, text: "a"),  // not unique
        .removeString(lineNumber: 2, text: "x"),  // not found
        .removeLines(2...5),  // out of range
      ], text: chunk)
    #expect(marks.isLineRemoved == [false, false])
    #expect(marks.removedStringUTF8Ranges == [[], []])
    #expect(marks.deletedCharacterCount == 0)
    #expect(
      marks.execution.report.skippedCalls.map(\.reason) == [
        .textNotUnique, .textNotFound, .lineOutOfRange,
      ])
  }

  @Test func sortsStringsOfALineAndCountsScalars() {
    let chunk = NormalizedText("é1 ☰ menu x 👉 go\n")
    let marks = DeletionMarks(
      program: [
        .removeString(lineNumber: 1, text: " 👉 go"), .removeString(lineNumber: 1, text: "☰ menu "),
      ],
      text: chunk)
    let line = Array("é1 ☰ menu x 👉 go".utf8)
    let ranges = marks.removedStringUTF8Ranges[0]
    #expect(ranges.map { String(decoding: line[$0], as: UTF8.self) } == ["☰ menu ", " 👉 go"])
    #expect(marks.deletedCharacterCount == 12)
    #expect(marks.execution.text.string == "é1 x\n")
  }

  @Test func marksAStringOnARemovedLineToo() {
    let marks = DeletionMarks(
      program: [.removeLines(1...2), .removeString(lineNumber: 2, text: "b")],
      text: NormalizedText("a\nb c\nd"))
    #expect(marks.isLineRemoved == [true, true, false])
    #expect(marks.removedStringUTF8Ranges[1] == [0..<1])
    #expect(marks.deletedCharacterCount == 6)
  }
}

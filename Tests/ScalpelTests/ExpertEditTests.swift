import Testing

@testable import Scalpel

/// The marks of ``ExpertEdit`` on small cases whose marks were worked out by hand from the
/// texts (offsets counted on the bytes written in each comment), not taken from the code.
@Suite struct ExpertEditTests {
  typealias Mark = ExpertEdit.Mark

  func edit(
    _ original: String, _ refined: String, programDeletes: [Range<Int>]?,
    options: PairOptions = PairOptions(), reject: String? = nil, marksDeletions: Bool = false
  ) -> ExpertEdit {
    ExpertEdit(
      original: NormalizedText(original), refined: NormalizedText(refined),
      programDeletedUTF8Ranges: programDeletes, options: options, rejectReason: reject,
      marksDeletions: marksDeletions)
  }

  @Test func aJoinedLineIsALeftoverNewline() {
    // "ab\ncd\n" → "abcd\n": the newline at offset 2 goes, and no call can delete it.
    let result = edit("ab\ncd\n", "abcd\n", programDeletes: [])
    #expect(result.marks == [Mark(utf8Range: 2..<3, kind: .leftover(.lineJoin))])
    #expect(result.leftoverCharacterCount == 1)
    #expect(result.overDeletedCharacterCount == 0)
    #expect(result.rewriteCount == 0)
  }

  @Test func aStringThatOccursTwiceInItsLineIsAmbiguous() {
    // "<a>x<a>y\n" → "x<a>y\n": only deleting bytes 0..<3 leaves R, and "<a>" occurs twice.
    let result = edit("<a>x<a>y\n", "x<a>y\n", programDeletes: [])
    #expect(result.marks == [Mark(utf8Range: 0..<3, kind: .leftover(.ambiguous))])
    #expect(result.leftoverCharacterCount == 3)
  }

  @Test func aDeletedLineTheProgramsKeepIsOneLeftoverLine() {
    // "Menu\nText.\n" → "Text.\n": "Menu" (0..<4) and its newline (4..<5), not a join.
    let result = edit("Menu\nText.\n", "Text.\n", programDeletes: [])
    #expect(
      result.marks == [
        Mark(utf8Range: 0..<4, kind: .leftover(.notExpressed)),
        Mark(utf8Range: 4..<5, kind: .leftover(.notExpressed)),
      ])
    #expect(result.leftoverCharacterCount == 5)
  }

  @Test func deletionsTheProgramsMakeAreNotMarkedUnlessAsked() {
    // The programs delete "Menu\n" (0..<5) as the expert did.
    #expect(edit("Menu\nText.\n", "Text.\n", programDeletes: [0..<5]).marks.isEmpty)
    #expect(
      edit("Menu\nText.\n", "Text.\n", programDeletes: [0..<5], marksDeletions: true).marks == [
        Mark(utf8Range: 0..<5, kind: .expertDeleted)
      ])
    // Without programs, the alignment's own deletion is marked.
    #expect(
      edit("Menu\nText.\n", "Text.\n", programDeletes: nil, marksDeletions: true).marks == [
        Mark(utf8Range: 0..<5, kind: .expertDeleted)
      ])
  }

  @Test func whatTheProgramsDeleteAndTheExpertKeptIsOverDeleted() {
    // "a b c\n" is kept whole; the programs delete " b" (1..<3).
    let result = edit("a b c\n", "a b c\n", programDeletes: [1..<3])
    #expect(result.marks == [Mark(utf8Range: 1..<3, kind: .overDeleted)])
    #expect(result.overDeletedCharacterCount == 2)
    #expect(result.leftoverCharacterCount == 0)
  }

  @Test func aRewriteShowsItsTextAndSizeAndNamesTheReject() {
    // "Keep.\nabc\n" → "Keep.\nXYZ\n": bytes 6..<9 replaced by "XYZ", a rewrite of 3.
    var options = PairOptions()
    options.maximumRewriteCharacterCount = 3
    let result = edit(
      "Keep.\nabc\n", "Keep.\nXYZ\n", programDeletes: nil, options: options,
      reject: "rewrite_too_large")
    #expect(result.marks.count == 1)
    #expect(result.marks.first?.utf8Range == 6..<9)
    #expect(result.marks.first?.kind == .rewrite(insertedText: "XYZ", characterCount: 3))
    #expect(result.marks.first?.rejectCause == "rewrite_too_large")
    #expect(result.namesRejectCause)
    // Under the limit nothing is named a cause.
    let small = edit("Keep.\nabc\n", "Keep.\nXYZ\n", programDeletes: nil)
    #expect(small.marks.first?.rejectCause == nil)
    #expect(small.rewriteCount == 1)
  }

  @Test func aDeletionOnARewrittenLineIsARewriteNeighbour() {
    // "xyz abc QQ\n" → "XYZ abc\n": "xyz" → "XYZ" (0..<3) is a rewrite; " QQ" (7..<10),
    // 4 bytes after it, is a deletion of its own that the programs keep.
    let result = edit("xyz abc QQ\n", "XYZ abc\n", programDeletes: [])
    #expect(
      result.marks == [
        Mark(utf8Range: 0..<3, kind: .rewrite(insertedText: "XYZ", characterCount: 3)),
        Mark(utf8Range: 7..<10, kind: .leftover(.rewriteNeighbour)),
      ])
    #expect(result.leftoverCharacterCount == 3)
  }

  @Test func theFirstLeftoverIsTheCauseOfDeletionsNotExpressible() {
    let result = edit(
      "ab\ncd\nef\ngh\n", "abcd\nefgh\n", programDeletes: [], reject: "deletions_not_expressible")
    // Newlines at 2 and 8 are joins; the first names the reject.
    #expect(result.marks.map(\.utf8Range) == [2..<3, 8..<9])
    #expect(result.marks.map(\.rejectCause) == ["deletions_not_expressible", nil])
  }

  @Test func programDeletionsComeFromEveryChunkInDocumentOffsets() {
    // Document "nav\ntext [ad]\nend\n"; chunk 1 is lines 1–2, chunk 2 is line 3.
    let document = NormalizedText("nav\ntext [ad]\nend\n")
    let ranges = ExpertEdit.programDeletedUTF8Ranges(
      of: [
        (
          1, NormalizedText("nav\ntext [ad]\n"),
          [.removeLines(1...1), .removeString(lineNumber: 2, text: " [ad]")]
        ),
        (3, NormalizedText("end\n"), [.removeLines(1...1)]),
      ], in: document)
    // "nav\n" 0..<4, " [ad]" 8..<13, "end\n" 14..<18.
    #expect(ranges == [0..<4, 8..<13, 14..<18])
  }

  @Test func marksSplitIntoLineEditsWithTheInsertionAtTheEnd() {
    // "ab\ncd\n" with marks given by hand: a rewrite of 1..<4 ("b\nc") inserting "X", and a
    // leftover final newline (5..<6).
    var edit = ExpertEdit(
      original: NormalizedText("ab\ncd\n"), refined: NormalizedText("ab\ncd\n"),
      programDeletedUTF8Ranges: [], options: PairOptions())
    edit.marks = [
      Mark(utf8Range: 1..<4, kind: .rewrite(insertedText: "X", characterCount: 3)),
      Mark(utf8Range: 5..<6, kind: .leftover(.lineJoin)),
    ]
    let byLine = InspectedDocument.editsByLine(edit, in: NormalizedText("ab\ncd\n"))
    typealias Edit = InspectedDocument.Line.Edit
    // Line 0 "ab\n": "b" and the newline (1..<3) replaced. Line 1 "cd\n": "c" replaced
    // (0..<1), "X" inserted after it at 1, the newline (2..<3) leftover.
    #expect(byLine[0] == [Edit(utf8Range: 1..<3, kind: .replaced)])
    #expect(
      byLine[1] == [
        Edit(utf8Range: 0..<1, kind: .replaced),
        Edit(utf8Range: 1..<1, kind: .inserted(text: "X", characterCount: 3)),
        Edit(utf8Range: 2..<3, kind: .leftover(reason: "line_join")),
      ])
  }
}

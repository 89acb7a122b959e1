import Testing

@testable import Scalpel

@Suite struct ProgramMapperTests {
  struct Case: Sendable, CustomStringConvertible {
    let marked: String
    let program: String
    let target: String
    var lineJoins = 0
    var ambiguous = 0
    let line: Int
    var description: String { "row at line \(line)" }
  }

  static let cases: [Case] = [
    Case(
      marked: "⟦Home | About\n⟧Text.\n", program: "remove_lines(1, 1)", target: "Text.\n",
      line: #line),
    // Consecutive full lines merge, also when they come from different deletions.
    Case(
      marked: "a\n⟦b\n⟧⟦c\n⟧d\n", program: "remove_lines(2, 3)", target: "a\nd\n", line: #line),
    // The newline before a fully deleted line belongs to its removal.
    Case(marked: "a⟦\nfoo⟧\nb\n", program: "remove_lines(2, 2)", target: "a\nb\n", line: #line),
    // The last line without newline takes the newline before it.
    Case(marked: "a\nb⟦\nfoo⟧", program: "remove_lines(3, 3)", target: "a\nb", line: #line),
    Case(marked: "a⟦\nb\nfoo⟧", program: "remove_lines(2, 3)", target: "a", line: #line),
    // Without that newline one line can only be emptied (a tie: the earlier one).
    Case(
      marked: "a\n⟦b\nfoo⟧", program: "remove_str(2, \"b\")\nremove_lines(3, 3)", target: "a\n",
      line: #line),
    // A partial deletion on one line.
    Case(
      marked: "Buy now ⟦[ad] ⟧today\n", program: "remove_str(1, \"[ad] \")",
      target: "Buy now today\n",
      line: #line),
    // Two pieces on one line, left to right.
    Case(
      marked: "⟦>> ⟧Title⟦ | Share⟧\n",
      program: "remove_str(1, \">> \")\nremove_str(1, \" | Share\")", target: "Title\n", line: #line
    ),
    // Whitespace deleted between two pieces merges them.
    Case(
      marked: "x ⟦[ad] [ad2] ⟧y\n", program: "remove_str(1, \"[ad] [ad2] \")", target: "x y\n",
      line: #line),
    // A cross-line deletion: the newline joins two kept lines, so it stays.
    Case(
      marked: "keep ⟦this\nand⟧ that\n",
      program: "remove_str(1, \"this\")\nremove_str(2, \"and\")", target: "keep \n that\n",
      lineJoins: 1, line: #line),
    // A deleted newline followed by emptied lines whose last newline is kept: the
    // kept newline moves forward (same target), so the emptied lines are removed.
    Case(
      marked: "Them⟦</p>\nPosted by admin\nPrint this⟧\n\nYour text\n",
      program: "remove_str(1, \"</p>\")\nremove_lines(2, 3)", target: "Them\n\nYour text\n",
      line: #line),
    // The duplicate-string trap: the piece occurs twice in its line, so it slides
    // (same target) to " ab", which is unique.
    Case(
      marked: "ab ⟦ab ⟧c\n", program: "remove_str(1, \" ab\")", target: "ab c\n", line: #line),
    // No equal-cost placement is unique: the piece stays, and is counted.
    Case(
      marked: "ab ⟦ab⟧ ab\n", program: "keep_all()", target: "ab ab ab\n", ambiguous: 1,
      line: #line),
    // A blank line next to an emptied line: one remove_lines, not remove_str of the whole text.
    Case(
      marked: "a\n⟦junk⟧\n⟦\n⟧b\n", program: "remove_lines(2, 2)", target: "a\n\nb\n",
      line: #line),
    Case(
      marked: "a\n⟦junk\n⟧\n⟦\n⟧b\n", program: "remove_lines(2, 3)", target: "a\n\nb\n",
      line: #line),
    // The final newline of a chunk that keeps text cannot be deleted.
    Case(marked: "a\nb⟦\n⟧", program: "keep_all()", target: "a\nb\n", lineJoins: 1, line: #line),
    // A line whose text is deleted but not its newline stays as an empty line.
    Case(marked: "⟦foo⟧\nbar\n", program: "remove_str(1, \"foo\")", target: "\nbar\n", line: #line),
    Case(marked: "a\n⟦\n⟧b\n", program: "remove_lines(2, 2)", target: "a\nb\n", line: #line),
    Case(marked: "⟦a\nb⟧", program: "remove_lines(1, 2)", target: "", line: #line),
    Case(marked: "⟦a\nb\n⟧", program: "remove_lines(1, 2)", target: "", line: #line),
    Case(
      marked: "café ⟦€5 ⟧ok\n", program: "remove_str(1, \"€5 \")", target: "café ok\n", line: #line),
    Case(
      marked: "say ⟦\"hi\" \\ ⟧x\n", program: #"remove_str(1, "\"hi\" \\ ")"#, target: "say x\n",
      line: #line),
    Case(marked: "nothing\n", program: "keep_all()", target: "nothing\n", line: #line),
  ]

  @Test(arguments: cases)
  func mapsDeletionsToExactPrograms(_ testCase: Case) {
    let marked = MarkedText(testCase.marked)
    let text = NormalizedText(marked.text)
    let mapped = ProgramMapper.makeProgram(for: text, deletedUTF8Ranges: marked.deletedUTF8Ranges)
    #expect(mapped.program.rendered == testCase.program, "\(testCase)")
    #expect(String(decoding: mapped.target, as: UTF8.self) == testCase.target, "\(testCase)")
    #expect(mapped.droppedLineJoinCount == testCase.lineJoins, "\(testCase)")
    #expect(mapped.droppedAmbiguousStringCount == testCase.ambiguous, "\(testCase)")
    let execution = ProgramExecutor.execute(mapped.program, on: text)
    #expect(execution.text.utf8 == mapped.target, "round trip: \(testCase)")
  }

  /// Random deletions on random multi-line texts: the program always reproduces its target,
  /// and the target is the text minus the deletions, except for counted drops.
  @Test(arguments: 0..<300)
  func roundTripHoldsForRandomDeletions(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    let alphabet = ["a", "b", " ", "\n", "é", "x", "\""]
    let length = rng.int(below: 50)
    let scalars = (0..<length).map { _ in alphabet[rng.int(below: alphabet.count)] }
    var marked = ""
    var isOpen = false
    for scalar in scalars {
      if rng.int(below: 5) == 0 {
        marked += isOpen ? "⟧" : "⟦"
        isOpen.toggle()
      }
      marked += scalar
    }
    if isOpen { marked += "⟧" }
    let fixture = MarkedText(marked)
    let text = NormalizedText(fixture.text)
    let mapped = ProgramMapper.makeProgram(for: text, deletedUTF8Ranges: fixture.deletedUTF8Ranges)
    let execution = ProgramExecutor.execute(mapped.program, on: text)
    #expect(execution.text.utf8 == mapped.target, "\(String(reflecting: marked))")
    #expect(execution.report.skippedCalls.isEmpty, "\(String(reflecting: marked))")
    if mapped.droppedLineJoinCount == 0 && mapped.droppedAmbiguousStringCount == 0 {
      #expect(
        String(decoding: mapped.target, as: UTF8.self) == fixture.refined,
        "\(String(reflecting: marked))")
    }
  }

  /// Random deletions (splitting scalars too) on random texts of one- to four-byte scalars,
  /// blank lines, with and without a final newline, emptied lines kept or not: the deleted
  /// scalars are the text's scalar starts minus the target's, counted byte by byte.
  @Test func deletedScalarsAreTheTextsMinusTheTargets() {
    var rng = SplitMix64(seed: 1407)
    let alphabet = ["a", " ", "\n", "\n\n", "é", "€", "😀", "\""]
    func scalarStarts(_ bytes: [UInt8]) -> Int { bytes.filter { $0 & 0xC0 != 0x80 }.count }
    for _ in 0..<2_000 {
      var text = ""
      for _ in 0..<rng.int(below: 40) { text += alphabet[rng.int(below: alphabet.count)] }
      let normalized = NormalizedText(text)
      let count = normalized.utf8.count
      var ranges: [Range<Int>] = []
      var offset = 0
      while count > 0 && offset < count {
        offset += rng.int(below: 6)
        let end = min(count, offset + rng.int(below: 8))
        if end > offset { ranges.append(offset..<end) }
        offset = end + 1
      }
      for keeps in [false, true] {
        let mapped = ProgramMapper.makeProgram(
          for: normalized, deletedUTF8Ranges: ranges, keepsALineWhenEmptied: keeps)
        #expect(
          mapped.deletedScalarCount
            == scalarStarts(normalized.utf8) - scalarStarts(mapped.target),
          "\(String(reflecting: text)) \(ranges) \(keeps)")
      }
    }
  }
}

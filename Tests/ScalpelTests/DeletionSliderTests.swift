import Testing

@testable import Scalpel

@Suite struct DeletionSliderTests {
  /// Deleted spans of `original` after alignment, as strings.
  static func deletedSpans(_ original: String, _ refined: String) -> [String] {
    var aligner = Aligner()
    let o = Array(original.utf8)
    let alignment = aligner.align(original: o, refined: Array(refined.utf8))
    return alignment.hunks.filter { $0.kind == .delete }.map {
      String(decoding: o[$0.originalUTF8Range], as: UTF8.self)
    }
  }

  @Test(
    arguments: [
      // A deleted line comes out as the whole line with its newline.
      ("a\nfoo\nb\n", "a\nb\n", ["foo\n"], #line),
      ("x\n\n\ny\n", "x\n\ny\n", ["\n"], #line),
      ("same\nsame\nsame\n", "same\nsame\n", ["same\n"], #line),
      // The last line without newline takes the newline before it.
      ("a\nb\nfoo", "a\nb", ["\nfoo"], #line),
      // An in-line ad comes out whole, with the space after it.
      ("buy [ad] now", "buy now", ["[ad] "], #line),
      ("Great offer offer today", "Great offer today", ["offer "], #line),
      // Sentence boundaries beat word boundaries.
      ("One. Two. Two. Three.", "One. Two. Three.", ["Two. "], #line),
      // A navigation line and a repeated word: one deletion of the whole line.
      ("Home Contact\nContact us\n", "Contact us\n", ["Home Contact\n"], #line),
      // Multibyte scalars are never split.
      ("éé é\n", "é é\n", ["é"], #line),
    ] as [(String, String, [String], Int)])
  func slidesToNaturalBoundaries(original: String, refined: String, expected: [String], line: Int) {
    #expect(Self.deletedSpans(original, refined) == expected, "row at line \(line)")
  }

  @Test func doesNotSlideAcrossAnInsert() {
    var aligner = Aligner()
    let o = Array("ab xy ab".utf8)
    let alignment = aligner.align(original: o, refined: Array("ab XY ab".utf8))
    #expect(alignment.hunks.contains { $0.kind == .insert })
    #expect(
      AlignmentCheck.violation(alignment, original: o, refined: Array("ab XY ab".utf8)) == nil)
  }
}

import Testing

@testable import Scalpel

@Suite struct InspectionReportTests {
  static func accepted(_ id: String, _ text: String, _ program: String) -> InspectedDocument {
    InspectedDocument(
      id: id,
      chunks: [
        .init(index: 0, firstLineNumber: 1, text: NormalizedText(text), programText: program)
      ])
  }

  static func rejected(_ id: String, _ reason: String) -> InspectedDocument {
    InspectedDocument(rejectedID: id, reason: reason, detail: "", text: nil)
  }

  @Test func countsEveryDocument() {
    var report = InspectionReport(title: "t")
    report.add(
      Self.accepted("a", "0123456789\nkeep\n", "remove_lines(1, 1)\nremove_str(2, \"zz\")"))
    report.add(Self.accepted("b", "clean\n", "keep_all()"))
    report.add(Self.rejected("c", "rewrite_too_large"))
    report.add(Self.rejected("d", "rewrite_too_large"))
    report.add(Self.rejected("e", "too_few_deletions"))
    report.add(
      InspectedDocument(
        id: "f",
        chunks: [
          .init(
            index: 0, firstLineNumber: 1, text: NormalizedText("xy\n"),
            programText: "remove_str(1, \"x\")"),
          .init(index: 1, firstLineNumber: 2, text: NormalizedText("z\n"), programText: nil),
        ]))
    #expect(report.documentCount == 6)
    #expect(report.acceptedDocumentCount == 3)
    #expect((report.changedDocumentCount, report.keepAllDocumentCount) == (2, 1))
    #expect(report.rejectsByReason == ["rewrite_too_large": 2, "too_few_deletions": 1])
    #expect(report.rejectedDocumentCount == 3)
    #expect((report.chunkCount, report.pairCount) == (4, 3))
    #expect(report.removeLinesCallCount == 1)
    #expect(report.removeStringCallCount == 2)
    #expect(report.keepAllCallCount == 1)
    #expect(report.skippedCallCount == 1)
    #expect((report.deletedCharacterCount, report.characterCount) == (12, 27))
    // a: 11 of 16 → bin 6; b: 0 → bin 0; f: 1 of 5 → bin 2.
    #expect(report.deletedShareHistogram == [1, 0, 1, 0, 0, 0, 1, 0, 0, 0])
    #expect(report.documents.map(\.id) == ["a", "b", "c", "d", "e", "f"])
  }

  @Test func keepsOnlyTheFirstDocumentsOfEachKind() {
    var report = InspectionReport(title: "t", limitPerKind: 2)
    for index in 0..<5 {
      report.add(Self.accepted("changed\(index)", "abcdefghijkl\nx\n", "remove_lines(1, 1)"))
      report.add(Self.rejected("rejected\(index)", index % 2 == 0 ? "even" : "odd"))
    }
    report.add(Self.accepted("keep", "x\n", "keep_all()"))
    #expect(report.documentCount == 11)
    #expect(
      report.documents.map(\.id) == ["changed0", "rejected0", "changed1", "rejected1", "keep"])
    #expect(report.displayedCountByKind == ["changed": 2, "rejected": 2, "keep_all": 1])
    #expect(report.displayedCountByReason == ["even": 1, "odd": 1])
    #expect(report.undisplayedDocumentCount == 6)
    #expect(report.rejectsByReason == ["even": 3, "odd": 2])
  }

  @Test(arguments: [
    (0, 100, 0), (1, 100, 0), (9, 100, 0), (10, 100, 1), (99, 100, 9), (100, 100, 9), (5, 0, 0),
    (0, 0, 0),
  ])
  func histogramBins(deleted: Int, total: Int, bin: Int) {
    #expect(InspectionReport.histogramBin(deleted: deleted, of: total) == bin)
  }
}

import Testing

@testable import Scalpel

@Suite struct ReportNumberFormatTests {
  @Test(arguments: [
    (0, "0"), (7, "7"), (999, "999"), (1_000, "1,000"), (123_456, "123,456"),
    (1_234_567, "1,234,567"),
    (-1_234, "-1,234"),
  ])
  func groupsThousands(value: Int, expected: String) {
    #expect(ReportNumberFormat.grouped(value) == expected)
  }

  @Test func percentHasOneDecimal() {
    #expect(ReportNumberFormat.percent(1, of: 3) == "33.3%")
    #expect(ReportNumberFormat.percent(2, of: 3) == "66.7%")
    #expect(ReportNumberFormat.percent(5, of: 5) == "100.0%")
    #expect(ReportNumberFormat.percent(1, of: 1_000) == "0.1%")
    #expect(ReportNumberFormat.percent(3, of: 0) == "0.0%")
  }

  @Test func countedPluralises() {
    #expect(ReportNumberFormat.counted(1, "line") == "1 line")
    #expect(ReportNumberFormat.counted(2_000, "line") == "2,000 lines")
    #expect(ReportNumberFormat.counted(0, "match", plural: "matches") == "0 matches")
  }
}

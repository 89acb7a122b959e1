/// Numbers as the report shows them, without Foundation.
enum ReportNumberFormat {
  /// `1234567` as `1,234,567`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = value < 0 ? "-" : ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return result
  }

  /// `part / whole` as a percentage with one decimal: `12.3%`; `0.0%` when `whole` is 0.
  static func percent(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "0.0%" }
    let tenths = Int((Double(part) * 1000 / Double(whole)).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
  }

  /// `count` grouped, followed by `singular` or its plural: `1 line`, `2 lines`, `1,000 calls`.
  static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(grouped(count)) \(count == 1 ? singular : plural ?? singular + "s")"
  }
}

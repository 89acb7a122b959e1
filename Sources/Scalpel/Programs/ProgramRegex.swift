/// Regular expressions of the programs ``Program/rendered`` writes for a chunk, for a
/// server's structured output (`scalpel prompts --constrain`, Specification §6.1).
///
/// The expression of a chunk of *N* lines matches, as a whole text:
///
///     keep_all()
///     remove_lines(A, B)          one call per line, joined by \n,
///     remove_str(L, "TEXT")       in any number and order
///
/// where `A`, `B` and `L` are decimal integers 1…*N* without leading zeros and `TEXT` is a
/// non-empty double-quoted literal in the escapes of ``Program/rendered``: `\"`, `\\`,
/// `\t`, `\u00xx` (lowercase hex) and any other scalar from U+0020 on, literally. `\n` and
/// `\r` are left out, as a `remove_str` text never holds a line break. The expression does
/// not enforce `A ≤ B`, the order of calls or that a text occurs in its line: the parser
/// and the executor check those. It uses only groups, alternation, character classes and
/// counted repetition, which Python's `re`, ICU (`NSRegularExpression`) and xgrammar
/// (vLLM's default structured-output backend) read the same; those three are tested.
package enum ProgramRegex {
  /// The expression of the programs of a chunk of `lineCount` lines.
  ///
  /// - Precondition: `lineCount >= 1`.
  /// - Complexity: O(*d*²) in the number of digits of `lineCount`.
  package static func pattern(lineCount: Int) -> String {
    let number = integerPattern(upTo: lineCount)
    let text = #""([^"\\\x00-\x1f]|\\["\\t]|\\u00[01][0-9a-f])+""#
    let call = "(remove_lines\\(\(number), \(number)\\)|remove_str\\(\(number), \(text)\\))"
    return "keep_all\\(\\)|\(call)(\\n\(call))*"
  }

  /// A group matching the decimal integers 1…`maximum` without leading zeros, and nothing
  /// else.
  ///
  ///     ProgramRegex.integerPattern(upTo: 9)     // ([1-8]|9)
  ///     ProgramRegex.integerPattern(upTo: 42)    // ([1-9]|[1-3][0-9]|4[0-1]|42)
  ///
  /// - Precondition: `maximum >= 1`.
  /// - Complexity: O(*d*²) in the number of digits of `maximum`.
  package static func integerPattern(upTo maximum: Int) -> String {
    precondition(maximum >= 1, "the largest line number is at least 1")
    let digits = Array(String(maximum).utf8).map { Int($0 - UInt8(ascii: "0")) }
    let count = digits.count
    var alternatives: [String] = []
    // Every number with fewer digits: 1…9, 10…99, …
    if count >= 2 { alternatives.append("[1-9]" + repeated(count - 2, allowingFewer: true)) }
    // Numbers of `count` digits that first fall below `maximum` at position `position`.
    for position in 0..<count {
      let lowest = position == 0 ? 1 : 0
      let highest = digits[position] - 1
      guard lowest <= highest else { continue }
      let prefix = digits[..<position].map(String.init).joined()
      alternatives.append(
        prefix + digitClass(lowest, highest) + repeated(count - position - 1, allowingFewer: false))
    }
    alternatives.append(digits.map(String.init).joined())
    return "(" + alternatives.joined(separator: "|") + ")"
  }

  /// `[a-b]`, or the digit alone when `a == b`.
  private static func digitClass(_ lowest: Int, _ highest: Int) -> String {
    lowest == highest ? String(lowest) : "[\(lowest)-\(highest)]"
  }

  /// `count` digits, or 0…`count` of them.
  private static func repeated(_ count: Int, allowingFewer: Bool) -> String {
    switch (count, allowingFewer) {
    case (0, _): return ""
    case (1, false): return "[0-9]"
    case (_, false): return "[0-9]{\(count)}"
    case (_, true): return "[0-9]{0,\(count)}"
    }
  }
}

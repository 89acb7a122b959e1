import Foundation
import Testing

@testable import Scalpel

/// ``ProgramRegex``: the integers 1…N and nothing else; programs as ``Program/rendered``
/// writes them, within the chunk's lines.
@Suite struct ProgramRegexTests {
  static func matches(_ pattern: String, _ text: String) throws -> Bool {
    let expression = try NSRegularExpression(pattern: "^(?:" + pattern + ")\\z")
    return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  @Test func examples() {
    #expect(ProgramRegex.integerPattern(upTo: 1) == "(1)")
    #expect(ProgramRegex.integerPattern(upTo: 9) == "([1-8]|9)")
    #expect(ProgramRegex.integerPattern(upTo: 10) == "([1-9]|10)")
    #expect(ProgramRegex.integerPattern(upTo: 42) == "([1-9]|[1-3][0-9]|4[0-1]|42)")
    #expect(
      ProgramRegex.integerPattern(upTo: 305) == "([1-9][0-9]{0,1}|[1-2][0-9]{2}|30[0-4]|305)")
  }

  @Test func integersUpToTheLargestAndNothingElse() throws {
    for maximum in Array(1...250) + [999, 1000, 1001, 1099, 2024, 9999, 12_000, 100_000] {
      let expression = try NSRegularExpression(
        pattern: "^(?:" + ProgramRegex.integerPattern(upTo: maximum) + ")\\z")
      func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
      }
      let numbers = maximum <= 250 ? Array(0...maximum + 12) : Array(0...120) + Array(maximum - 60...maximum + 60)
      for number in numbers {
        #expect(matches(String(number)) == (1...maximum).contains(number), "\(number) of 1...\(maximum)")
      }
      #expect(!matches("01"))
      #expect(!matches("0\(maximum)"))
      #expect(!matches(""))
      #expect(!matches("-1"))
    }
  }

  @Test func renderedProgramsWithinTheChunkMatch() throws {
    let pattern = ProgramRegex.pattern(lineCount: 12)
    let programs: [Program] = [
      Program(calls: []),
      Program(calls: [.removeLines(1...12)]),
      Program(calls: [
        .removeLines(1...2), .removeString(lineNumber: 3, text: #"say "hi" \ tab"# + "\t" + "bell\u{7}é ©"),
        .removeString(lineNumber: 12, text: "x"),
      ]),
    ]
    for program in programs {
      #expect(try Self.matches(pattern, program.rendered), "\(program.rendered)")
    }
    for bad in [
      "remove_lines(1, 13)", "remove_str(13, \"x\")", "remove_lines(0, 1)", "remove_str(1, \"\")",
      "remove_str(1, \"a\\nb\")", "remove_str(1, \"a\"b\")", "keep_all()\nkeep_all()",
      "remove_lines(1, 2)\n", " remove_lines(1, 2)", "remove_lines(1,2)", "keep_all",
    ] {
      #expect(try !Self.matches(pattern, bad), "\(bad)")
    }
  }
}

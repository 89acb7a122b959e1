import Testing

@testable import Scalpel

/// The binding of a call's arguments to its parameters (positional, then keywords; unknown,
/// repeated and missing arguments; types and ranges), checked against a textbook binder
/// written here over every argument list of up to two arguments from a pool of positional,
/// keyword, misspelled and mistyped ones, for each function.
@Suite struct ProgramBindingReferenceTests {
  /// One argument as written, and what the reference binder reads of it.
  struct Argument {
    var text: String
    var keyword: String?
    var integer: Int?
    var string: String?
  }

  static let pool: [Argument] = [
    Argument(text: "1", integer: 1), Argument(text: "3", integer: 3),
    Argument(text: "'a'", string: "a"), Argument(text: #""bc""#, string: "bc"),
    Argument(text: "start=2", keyword: "start", integer: 2),
    Argument(text: "end=4", keyword: "end", integer: 4),
    Argument(text: "end='x'", keyword: "end", string: "x"),
    Argument(text: "line=1", keyword: "line", integer: 1),
    Argument(text: "line='q'", keyword: "line", string: "q"),
    Argument(text: #"text="b""#, keyword: "text", string: "b"),
    Argument(text: "del_str='c'", keyword: "del_str", string: "c"),
    Argument(text: "del_str=5", keyword: "del_str", integer: 5),
    Argument(text: "begin=1", keyword: "begin", integer: 1),
  ]

  /// The textbook binder: the call, or the message of the first problem.
  static func reference(_ function: String, _ arguments: [Argument]) -> Result<
    ProgramCall, ProgramParseError
  > {
    func failure(_ message: String) -> Result<ProgramCall, ProgramParseError> {
      .failure(ProgramParseError(lineNumber: 1, message: message, text: ""))
    }
    let names: [String]
    let keywords: [String: Int]
    switch function {
    case "remove_lines": (names, keywords) = (["START", "END"], ["start": 0, "end": 1])
    case "remove_str":
      (names, keywords) = (["LINE", "TEXT"], ["line": 0, "del_str": 1, "text": 1])
    default: (names, keywords) = ([], [:])
    }
    var bound: [Int: Argument] = [:]
    var nextPosition = 0
    var afterKeyword = false
    for argument in arguments {
      var slot = nextPosition
      if let keyword = argument.keyword {
        guard let keywordSlot = keywords[keyword] else {
          return failure("unknown keyword '\(keyword)' for \(function)")
        }
        slot = keywordSlot
        afterKeyword = true
      } else {
        if afterKeyword { return failure("positional argument after keyword argument") }
        nextPosition += 1
      }
      if bound[slot] != nil { return failure("\(names[slot]) given more than once") }
      bound[slot] = argument
    }
    for slot in names.indices where bound[slot] == nil { return failure("missing \(names[slot])") }
    switch function {
    case "remove_lines":
      guard let start = bound[0]?.integer else { return failure("START must be an integer") }
      guard let end = bound[1]?.integer else { return failure("END must be an integer") }
      guard start <= end else {
        return failure("START (\(start)) is greater than END (\(end))")
      }
      return .success(.removeLines(start...end))
    case "remove_str":
      guard let line = bound[0]?.integer else { return failure("LINE must be an integer") }
      guard let text = bound[1]?.string else { return failure("TEXT must be a quoted string") }
      return .success(.removeString(lineNumber: line, text: text))
    default:
      return .success(.keepAll)
    }
  }

  @Test(arguments: ["remove_lines", "remove_str", "keep_all"])
  func bindingMatchesTheReference(function: String) {
    var lists: [[Argument]] = [[]]
    if function != "keep_all" {
      lists += Self.pool.map { [$0] }
      lists += Self.pool.flatMap { first in Self.pool.map { [first, $0] } }
    }
    for arguments in lists {
      let text = "\(function)(\(arguments.map(\.text).joined(separator: ", ")))"
      let result = ProgramParser.parse(text)
      switch Self.reference(function, arguments) {
      case .success(let call):
        #expect(result.program.calls == [call] && result.errors.isEmpty, "\(text): \(result)")
      case .failure(let error):
        #expect(
          result.program.calls.isEmpty && result.errors.map(\.message) == [error.message],
          "\(text): \(result.errors) vs \(error.message)")
      }
    }
  }
}

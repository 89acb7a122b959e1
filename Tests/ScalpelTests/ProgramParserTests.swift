import Testing

@testable import Scalpel

#if DEBUG
  private let isReleaseBuild = false
#else
  private let isReleaseBuild = true
#endif

@Suite struct ProgramParserTests {
  // MARK: - Accepted forms

  struct AcceptCase: Sendable, CustomTestStringConvertible {
    var output: String
    var calls: [ProgramCall]
    var line: Int
    var testDescription: String { "line \(line): \(output.debugDescription)" }
  }

  static let acceptCases: [AcceptCase] = [
    // Canonical forms.
    AcceptCase(output: "remove_lines(3, 5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "keep_all()", calls: [.keepAll], line: #line),
    AcceptCase(
      output: #"remove_str(2, "text")"#, calls: [.removeString(lineNumber: 2, text: "text")],
      line: #line),
    // Whitespace.
    AcceptCase(output: "remove_lines(3,5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "  remove_lines( 3 , 5 )  \n", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "\tremove_lines(3,\t5)\t", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "remove_lines (3, 5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "keep_all( )", calls: [.keepAll], line: #line),
    AcceptCase(
      output: "\n\nremove_lines(1, 1)\n\n   \nremove_lines(2, 2)\n\n",
      calls: [.removeLines(1...1), .removeLines(2...2)], line: #line),
    AcceptCase(
      output: "remove_lines(1, 1)\r\nremove_lines(2, 2)\r\n",
      calls: [.removeLines(1...1), .removeLines(2...2)], line: #line),
    AcceptCase(
      output: "remove_lines(1, 1)\rremove_lines(2, 2)",
      calls: [.removeLines(1...1), .removeLines(2...2)], line: #line),
    AcceptCase(output: "", calls: [], line: #line),
    AcceptCase(output: " \n\t\n", calls: [], line: #line),
    // Integers.
    AcceptCase(output: "remove_lines(007, 9)", calls: [.removeLines(7...9)], line: #line),
    AcceptCase(
      output: "remove_lines(1, 999999999)", calls: [.removeLines(1...999_999_999)], line: #line),
    // Keyword arguments.
    AcceptCase(output: "remove_lines(start=3, end=5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "remove_lines(end=5, start=3)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(
      output: "remove_lines(start = 3 , end = 5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(output: "remove_lines(3, end=5)", calls: [.removeLines(3...5)], line: #line),
    AcceptCase(
      output: #"remove_str(line=2, del_str="x")"#, calls: [.removeString(lineNumber: 2, text: "x")],
      line: #line),
    AcceptCase(
      output: "remove_str(del_str='x', line=2)", calls: [.removeString(lineNumber: 2, text: "x")],
      line: #line),
    AcceptCase(
      output: #"remove_str(2, text="x")"#, calls: [.removeString(lineNumber: 2, text: "x")],
      line: #line),
    AcceptCase(
      output: #"remove_str(2, del_str = "x")"#, calls: [.removeString(lineNumber: 2, text: "x")],
      line: #line),
    // Quotes and escapes.
    AcceptCase(
      output: "remove_str(1, 'text')", calls: [.removeString(lineNumber: 1, text: "text")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, "a\"b")"#, calls: [.removeString(lineNumber: 1, text: "a\"b")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, 'it\'s')"#, calls: [.removeString(lineNumber: 1, text: "it's")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, "it's")"#, calls: [.removeString(lineNumber: 1, text: "it's")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, 'say "hi"')"#,
      calls: [.removeString(lineNumber: 1, text: "say \"hi\"")], line: #line),
    AcceptCase(
      output: #"remove_str(1, "a\\b")"#, calls: [.removeString(lineNumber: 1, text: "a\\b")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, "a\tb\/c\bd\fe")"#,
      calls: [.removeString(lineNumber: 1, text: "a\tb/c\u{8}d\u{C}e")], line: #line),
    AcceptCase(
      output: #"remove_str(1, "caf\u00e9 \u00E9")"#,
      calls: [.removeString(lineNumber: 1, text: "café é")], line: #line),
    AcceptCase(
      output: #"remove_str(1, "\uD83D\uDE00!")"#,
      calls: [.removeString(lineNumber: 1, text: "😀!")], line: #line),
    AcceptCase(
      output: #"remove_str(1, '\xe9\x41')"#, calls: [.removeString(lineNumber: 1, text: "éA")],
      line: #line),
    AcceptCase(
      output: #"remove_str(1, "\U0001F600")"#, calls: [.removeString(lineNumber: 1, text: "😀")],
      line: #line),
    AcceptCase(
      output: "remove_str(1, \"日本語 e\u{301} \u{0}\u{7F}\")",
      calls: [.removeString(lineNumber: 1, text: "日本語 e\u{301} \u{0}\u{7F}")], line: #line),
    AcceptCase(
      output: "remove_str(1, \"a(b), c=d; # e\")",
      calls: [.removeString(lineNumber: 1, text: "a(b), c=d; # e")], line: #line),
    // Code fences.
    AcceptCase(output: "```\nremove_lines(1, 1)\n```", calls: [.removeLines(1...1)], line: #line),
    AcceptCase(
      output: "```python\nremove_lines(1, 1)\n```\n", calls: [.removeLines(1...1)], line: #line),
    AcceptCase(
      output: "  ``` python  \nremove_lines(1, 1)\n  ```  ", calls: [.removeLines(1...1)],
      line: #line),
    // Special tokens.
    AcceptCase(output: "keep_all()<|im_end|>", calls: [.keepAll], line: #line),
    AcceptCase(output: "keep_all() <|im_end|>\n", calls: [.keepAll], line: #line),
    AcceptCase(
      output: "keep_all()<|im_end|><|endoftext|>", calls: [.keepAll], line: #line),
    AcceptCase(
      output: "remove_lines(1, 2)\n<|im_end|>", calls: [.removeLines(1...2)], line: #line),
    AcceptCase(
      output: "<|im_start|>\nremove_lines(1, 2)\n<|eot_id|>\n", calls: [.removeLines(1...2)],
      line: #line),
    AcceptCase(output: "remove_lines(1, 2)</s>", calls: [.removeLines(1...2)], line: #line),
    AcceptCase(output: "remove_lines(1, 2)<eos>", calls: [.removeLines(1...2)], line: #line),
    AcceptCase(
      output: "remove_lines(1, 2)\n<end_of_turn>", calls: [.removeLines(1...2)], line: #line),
    AcceptCase(
      output: "```\nremove_lines(1, 2)\n```<|im_end|>", calls: [.removeLines(1...2)],
      line: #line),
    AcceptCase(
      output: "remove_lines(1, 2)<|im_end|>\n\n  \n", calls: [.removeLines(1...2)], line: #line),
    // The paper's example.
    AcceptCase(
      output:
        "remove_lines(1, 1)\nremove_str(2, \"Click here to subscribe!\")\nremove_lines(88, 89)",
      calls: [
        .removeLines(1...1), .removeString(lineNumber: 2, text: "Click here to subscribe!"),
        .removeLines(88...89),
      ], line: #line),
  ]

  @Test(arguments: acceptCases)
  func acceptsLenientForm(_ testCase: AcceptCase) {
    let result = ProgramParser.parse(testCase.output)
    #expect(result.errors == [], "row at line \(testCase.line)")
    #expect(result.program.calls == testCase.calls, "row at line \(testCase.line)")
    #expect(result.isWellFormed)
    Self.checkLineAccounting(result, output: Array(testCase.output.utf8))
  }

  // MARK: - Errors

  struct RejectCase: Sendable, CustomTestStringConvertible {
    var output: String
    /// The program-text line numbers expected to carry an error.
    var errorLines: [Int]
    /// A fragment of the first error's message.
    var message: String
    /// The calls that must still parse from other lines.
    var calls: [ProgramCall]
    var line: Int
    var testDescription: String { "line \(line): \(output.debugDescription)" }

    init(
      _ output: String, errorLines: [Int] = [1], message: String, calls: [ProgramCall] = [],
      line: Int
    ) {
      self.output = output
      self.errorLines = errorLines
      self.message = message
      self.calls = calls
      self.line = line
    }
  }

  static let rejectCases: [RejectCase] = [
    // Not a call.
    RejectCase("delete_lines(1, 2)", message: "unknown function 'delete_lines'", line: #line),
    RejectCase("REMOVE_LINES(1, 2)", message: "unknown function", line: #line),
    RejectCase("Here is the program:", message: "unknown function 'Here'", line: #line),
    RejectCase("# remove the header", message: "expected a call", line: #line),
    RejectCase("- remove_lines(1, 2)", message: "expected a call", line: #line),
    RejectCase("remove_lines 1, 2", message: "expected '('", line: #line),
    RejectCase("keep_all", message: "expected '('", line: #line),
    RejectCase("````", message: "expected a call", line: #line),
    RejectCase("```python extra words", message: "expected a call", line: #line),
    // One call per line.
    RejectCase(
      "remove_lines(1, 2); remove_lines(3, 4)", message: "one call per line", line: #line),
    RejectCase("remove_lines(1, 2);", message: "one call per line", line: #line),
    RejectCase("remove_lines(1, 2) remove_lines(3, 4)", message: "unexpected text", line: #line),
    RejectCase("remove_lines(1, 2)  # header", message: "unexpected text", line: #line),
    RejectCase("remove_lines(1, 2))", message: "unexpected text", line: #line),
    // Argument lists.
    RejectCase("remove_lines(1, 2,)", message: "trailing comma", line: #line),
    RejectCase("remove_lines(1)", message: "missing END", line: #line),
    RejectCase("remove_lines()", message: "missing START", line: #line),
    RejectCase("remove_lines(1, 2, 3)", message: "too many arguments", line: #line),
    RejectCase("remove_lines(1, 2", message: "missing ')'", line: #line),
    RejectCase("remove_lines(1 2)", message: "expected ',' or ')'", line: #line),
    RejectCase("remove_lines(1.5, 2)", message: "expected ',' or ')'", line: #line),
    RejectCase("remove_lines(1,, 2)", message: "expected an integer", line: #line),
    RejectCase(
      "remove_lines(start=1, start=2)", message: "START given more than once", line: #line),
    RejectCase(
      "remove_lines(start=1, 2)", message: "positional argument after keyword", line: #line),
    RejectCase("remove_lines(begin=1, end=2)", message: "unknown keyword 'begin'", line: #line),
    RejectCase("remove_lines(start 1, end=2)", message: "expected '=' after keyword", line: #line),
    RejectCase("remove_lines(start==1, end=2)", message: "expected an integer", line: #line),
    RejectCase("keep_all(1)", message: "takes no arguments", line: #line),
    RejectCase(
      #"remove_str(del_str="a", text="b")"#, message: "TEXT given more than once", line: #line),
    RejectCase(
      #"remove_str(2, del_str="a", text="b")"#, message: "too many arguments", line: #line),
    RejectCase("remove_str(line=2, line=3)", message: "LINE given more than once", line: #line),
    RejectCase("keep_all(", message: "missing ')'", line: #line),
    RejectCase("remove_lines(1,", message: "missing ')'", line: #line),
    // Integers.
    RejectCase("remove_lines(5, 3)", message: "START (5) is greater than END (3)", line: #line),
    RejectCase("remove_lines(0, 3)", message: "START is 0", line: #line),
    RejectCase("remove_str(0, \"a\")", message: "LINE is 0", line: #line),
    RejectCase("remove_lines(-1, 3)", message: "unsigned", line: #line),
    RejectCase("remove_lines(+1, 3)", message: "unsigned", line: #line),
    RejectCase("remove_lines(1, 1234567890)", message: "integer too large", line: #line),
    RejectCase(
      "remove_lines(1, 99999999999999999999999999999999999999)", message: "integer too large",
      line: #line),
    RejectCase("remove_lines(0x10, 20)", message: "expected ',' or ')'", line: #line),
    RejectCase("remove_lines('1', 2)", message: "START must be an integer", line: #line),
    RejectCase(#"remove_str("a", 2)"#, message: "LINE must be an integer", line: #line),
    RejectCase("remove_str(2, 5)", message: "TEXT must be a quoted string", line: #line),
    RejectCase("remove_lines(one, two)", message: "expected '=' after keyword 'one'", line: #line),
    // Strings.
    RejectCase(#"remove_str(2, "")"#, message: "TEXT is empty", line: #line),
    RejectCase("remove_str(2, '')", message: "TEXT is empty", line: #line),
    RejectCase(#"remove_str(2, "a\nb")"#, message: "line break", line: #line),
    RejectCase(#"remove_str(2, "a\rb")"#, message: "line break", line: #line),
    RejectCase(#"remove_str(2, "a\u000ab")"#, message: "line break", line: #line),
    RejectCase(#"remove_str(2, "abc)"#, message: "unterminated string", line: #line),
    RejectCase(#"remove_str(2, 'abc")"#, message: "unterminated string", line: #line),
    RejectCase(#"remove_str(2, "abc\"#, message: "unterminated string", line: #line),
    RejectCase(
      "remove_str(2, \"ab\ncd\")", errorLines: [1, 2], message: "unterminated", line: #line),
    RejectCase(#"remove_str(2, "a" "b")"#, message: "expected ',' or ')'", line: #line),
    RejectCase(#"remove_str(2, r"a")"#, message: "expected '=' after keyword 'r'", line: #line),
    RejectCase(#"remove_str(2, """a""")"#, message: "expected ',' or ')'", line: #line),
    RejectCase(#"remove_str(2, "\uD83D")"#, message: "lone high surrogate", line: #line),
    RejectCase(#"remove_str(2, "\uD83Dx")"#, message: "lone high surrogate", line: #line),
    RejectCase(#"remove_str(2, "\uD83D\u0041")"#, message: "lone high surrogate", line: #line),
    RejectCase(#"remove_str(2, "\uDE00")"#, message: "lone low surrogate", line: #line),
    RejectCase(#"remove_str(2, "\U00110000")"#, message: "not a Unicode scalar", line: #line),
    RejectCase(#"remove_str(2, "\U0000D800")"#, message: "not a Unicode scalar", line: #line),
    RejectCase(#"remove_str(2, "\q")"#, message: "unsupported escape", line: #line),
    RejectCase(#"remove_str(2, "\0")"#, message: "unsupported escape", line: #line),
    RejectCase(#"remove_str(2, "\u12")"#, message: "invalid hex digit", line: #line),
    RejectCase(#"remove_str(2, "\u1")"#, message: "truncated escape", line: #line),
    RejectCase(#"remove_str(2, "\xZZ")"#, message: "invalid hex digit", line: #line),
    // Special tokens only at the end, fences only alone.
    RejectCase(
      "remove_lines(1, 2)<|im_end|>\nremove_lines(3, 4)", message: "unexpected text",
      calls: [.removeLines(3...4)], line: #line),
    RejectCase("<|im_end|>keep_all()", message: "expected a call", line: #line),
    RejectCase("keep_all()<|x y|>", message: "unexpected text", line: #line),
    RejectCase("```remove_lines(1, 2)```", message: "expected a call", line: #line),
    // keep_all() stands alone.
    RejectCase(
      "keep_all()\nremove_lines(1, 2)", message: "keep_all() must be the only call",
      calls: [.removeLines(1...2)], line: #line),
    RejectCase(
      "remove_lines(1, 2)\nkeep_all()\nremove_str(3, 'x')", errorLines: [2],
      message: "keep_all() must be the only call",
      calls: [.removeLines(1...2), .removeString(lineNumber: 3, text: "x")], line: #line),
    RejectCase(
      "keep_all()\nkeep_all()", errorLines: [2], message: "keep_all() repeated", calls: [.keepAll],
      line: #line),
    // Errors do not stop the other lines.
    RejectCase(
      "remove_lines(1, 1)\nnonsense\nremove_lines(3, 3)\nremove_lines(9, 8)",
      errorLines: [2, 4], message: "unknown function 'nonsense'",
      calls: [.removeLines(1...1), .removeLines(3...3)], line: #line),
  ]

  @Test(arguments: rejectCases)
  func rejectsWithCountedError(_ testCase: RejectCase) {
    let result = ProgramParser.parse(testCase.output)
    #expect(
      result.errors.map(\.lineNumber) == testCase.errorLines,
      "row at line \(testCase.line): \(result.errors)")
    #expect(
      result.errors.first?.message.contains(testCase.message) == true,
      "row at line \(testCase.line): \(result.errors)")
    #expect(result.program.calls == testCase.calls, "row at line \(testCase.line)")
    #expect(!result.isWellFormed)
    Self.checkLineAccounting(result, output: Array(testCase.output.utf8))
  }

  @Test func errorCarriesTrimmedTruncatedLineText() {
    let result = ProgramParser.parse("ok()\n   bad line   \n")
    #expect(
      result.errors == [
        ProgramParseError(lineNumber: 1, message: "unknown function 'ok'", text: "ok()"),
        ProgramParseError(lineNumber: 2, message: "unknown function 'bad'", text: "bad line"),
      ])
    #expect(result.errors[1].description == "line 2: unknown function 'bad': bad line")

    let long = "remove_str(1, \"" + String(repeating: "é", count: 100)
    let error = ProgramParser.parse(long).errors[0]
    #expect(error.message == "unterminated string")
    #expect(error.text.hasSuffix("…"))
    #expect(error.text.utf8.count <= ProgramParser.maximumErrorTextUTF8Count + "…".utf8.count)
    #expect(error.text.hasPrefix("remove_str(1, \"éé"))
  }

  @Test func invalidUTF8LineIsAnErrorAndOtherLinesStillParse() {
    var bytes = Array("remove_lines(1, 1)\nremove_str(2, \"".utf8)
    bytes += [0xC3, 0x28]
    bytes += Array("\")\r\nkeep_all(".utf8)
    let result = ProgramParser.parse(utf8: bytes)
    #expect(result.program.calls == [.removeLines(1...1)])
    #expect(result.errors.map(\.lineNumber) == [2, 3])
    #expect(result.errors[0].message == "invalid UTF-8 at byte 15")
    #expect(result.errors[1].message == "missing ')'")
  }

  @Test func callLineNumbersPointIntoTheProgramText() {
    let result = ProgramParser.parse("```\nremove_lines(1, 1)\n\nbad\nremove_str(2, 'x')\n```\n")
    #expect(result.callLineNumbers == [2, 5])
    #expect(result.lineCount == 6)
    #expect(result.ignoredLineCount == 3)
    #expect(result.errors.map(\.lineNumber) == [4])
  }

  // MARK: - Large inputs

  @Test func parsesMegabyteLines() {
    let megabyte = 1 << 20
    // A 1 MB TEXT full of escapes.
    let text = String(repeating: "a\\\"é", count: megabyte / 5)
    let result = ProgramParser.parse("remove_str(1, \"\(text)\")")
    #expect(result.errors.isEmpty)
    if case .removeString(1, let parsed)? = result.program.calls.first {
      #expect(parsed.utf8.count == (megabyte / 5) * 4)
    } else {
      Issue.record("expected a remove_str call")
    }
    // Hostile 1 MB lines fail fast with one error each.
    let hostile = [
      "remove_lines(" + String(repeating: "1,", count: megabyte / 2),
      String(repeating: "(", count: megabyte),
      "remove_str(1, \"" + String(repeating: "\\", count: megabyte),
      "remove_lines(" + String(repeating: "9", count: megabyte) + ", 1)",
      String(repeating: "<|a|>", count: megabyte / 5),
      "keep_all()" + String(repeating: " ", count: megabyte) + "<|im_end|>",
    ]
    for line in hostile {
      let result = ProgramParser.parse(line)
      #expect(result.lineCount == 1)
      #expect(result.errors.count + result.ignoredLineCount + result.program.calls.count == 1)
      #expect(result.errors.allSatisfy { $0.text.utf8.count <= 84 })
    }
  }

  // MARK: - Properties

  /// Checks that every line is exactly one of call, ignorable, or error.
  static func checkLineAccounting(
    _ result: ProgramParseResult, output: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let expectedLineCount = NormalizedText.lineStarts(
      of: NormalizedText.normalizingNewlines(output)
    ).count
    #expect(result.lineCount == expectedLineCount, sourceLocation: sourceLocation)
    #expect(
      result.callLineNumbers.count + result.ignoredLineCount + result.errors.count
        == result.lineCount, sourceLocation: sourceLocation)
    #expect(
      result.callLineNumbers.count == result.program.calls.count, sourceLocation: sourceLocation)
    let errorLines = result.errors.map(\.lineNumber)
    #expect(
      zip(errorLines, errorLines.dropFirst()).allSatisfy { $0 < $1 }, sourceLocation: sourceLocation
    )
    let callLines = result.callLineNumbers
    #expect(
      zip(callLines, callLines.dropFirst()).allSatisfy { $0 < $1 }, sourceLocation: sourceLocation)
    #expect(Set(errorLines).isDisjoint(with: callLines), sourceLocation: sourceLocation)
    #expect(
      (errorLines + callLines).allSatisfy { (1...max(result.lineCount, 1)).contains($0) },
      sourceLocation: sourceLocation)
    // Every parsed call is well formed.
    for call in result.program.calls {
      switch call {
      case .removeLines(let range):
        #expect(range.lowerBound >= 1, sourceLocation: sourceLocation)
      case .removeString(let lineNumber, let text):
        #expect(lineNumber >= 1, sourceLocation: sourceLocation)
        #expect(!text.utf8.isEmpty, sourceLocation: sourceLocation)
        #expect(
          !text.utf8.contains(0x0A) && !text.utf8.contains(0x0D), sourceLocation: sourceLocation)
      case .keepAll:
        #expect(result.program.calls.count == 1, sourceLocation: sourceLocation)
      }
    }
  }

  /// Strings that stress escaping: quotes, backslashes, control characters,
  /// combining marks, astral scalars, separators and program syntax.
  static let hostilePieces: [String] = [
    "a", "b", " ", "  ", "\"", "'", "\\", "\\\\", "\\n", "\\u", "\\x4", "\t", "\u{0}", "\u{1}",
    "\u{B}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "é", "e\u{301}", "日本",
    "🙂", "👩‍👩‍👧", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "<|im_end|>", "</s>", "```",
    ")", "(", ",", "=", "#", ";", "remove_lines(1, 2)", "del_str=",
  ]

  static func randomText(_ rng: inout SplitMix64) -> String {
    var text = ""
    for _ in 0...rng.int(below: 6) {
      text += hostilePieces[rng.int(below: hostilePieces.count)]
    }
    return text
  }

  static func randomLineNumber(_ rng: inout SplitMix64) -> Int {
    switch rng.int(below: 4) {
    case 0: return 1 + rng.int(below: 3)
    case 1: return 1 + rng.int(below: 100)
    case 2: return 999_999_999 - rng.int(below: 3)
    default: return 1 + rng.int(below: 999_999_999)
    }
  }

  static func randomProgram(_ rng: inout SplitMix64) -> Program {
    if rng.int(below: 10) == 0 { return [.keepAll] }
    var calls: [ProgramCall] = []
    for _ in 0...rng.int(below: 6) {
      if rng.int(below: 3) == 0 {
        let start = randomLineNumber(&rng)
        let end = start + rng.int(below: min(5, 1_000_000_000 - start))
        calls.append(.removeLines(start...end))
      } else {
        calls.append(.removeString(lineNumber: randomLineNumber(&rng), text: randomText(&rng)))
      }
    }
    return Program(calls: calls)
  }

  /// Renders `program` the way a sloppy model might: random quotes, escapes,
  /// keywords, spacing, fences and end tokens. It must parse to the same program.
  static func sloppyRendering(of program: Program, _ rng: inout SplitMix64) -> String {
    func space() -> String { ["", " ", "  ", "\t"][rng.int(below: 4)] }
    func hex(_ value: UInt32, digits: Int) -> String {
      let raw = String(value, radix: 16, uppercase: rng.int(below: 2) == 0)
      return String(repeating: "0", count: digits - raw.count) + raw
    }
    func literal(_ text: String) -> String {
      let quote: Character = rng.int(below: 2) == 0 ? "'" : "\""
      var result = String(quote)
      for scalar in text.unicodeScalars {
        let value = scalar.value
        let style = rng.int(below: 4)
        if scalar == "\\" {
          result += "\\\\"
        } else if Character(scalar) == quote {
          result += "\\" + String(scalar)
        } else if value < 0x20 || style == 0 {
          if value <= 0xFF && rng.int(below: 2) == 0 {
            result += "\\x" + hex(value, digits: 2)
          } else if value > 0xFFFF {
            let offset = value - 0x10000
            result +=
              "\\u" + hex(0xD800 + (offset >> 10), digits: 4) + "\\u"
              + hex(0xDC00 + (offset & 0x3FF), digits: 4)
          } else {
            result += "\\u" + hex(value, digits: 4)
          }
        } else if style == 1 {
          result += "\\U" + hex(value, digits: 8)
        } else if style == 2 && (scalar == "\"" || scalar == "'") {
          result += "\\" + String(scalar)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
      result.append(quote)
      return result
    }
    func arguments(_ first: (String, String), _ second: (String, String)) -> String {
      switch rng.int(below: 4) {
      case 0: return first.1 + space() + "," + space() + second.1
      case 1:
        return
          "\(first.0)\(space())=\(space())\(first.1),\(space())\(second.0)\(space())=\(space())\(second.1)"
      case 2: return "\(second.0)=\(second.1),\(space())\(first.0)=\(first.1)"
      default: return "\(first.1),\(space())\(second.0)=\(space())\(second.1)"
      }
    }
    var lines: [String] = []
    if rng.int(below: 3) == 0 { lines.append(["```", "```python", "``` py"][rng.int(below: 3)]) }
    for call in program.calls {
      if rng.int(below: 5) == 0 { lines.append(space()) }
      let body: String
      switch call {
      case .keepAll:
        body = "keep_all(\(space()))"
      case .removeLines(let range):
        let args = arguments(("start", "\(range.lowerBound)"), ("end", "\(range.upperBound)"))
        body = "remove_lines\(space())(\(space())\(args)\(space()))"
      case .removeString(let lineNumber, let text):
        let keyword = rng.int(below: 2) == 0 ? "del_str" : "text"
        let args = arguments(("line", "\(lineNumber)"), (keyword, literal(text)))
        body = "remove_str(\(space())\(args)\(space()))"
      }
      lines.append(space() + body + space())
    }
    if lines.first?.hasPrefix("```") == true { lines.append("```") }
    var output = lines.joined(separator: rng.int(below: 4) == 0 ? "\r\n" : "\n")
    switch rng.int(below: 4) {
    case 0: output += "<|im_end|>"
    case 1: output += "\n<|endoftext|>\n"
    case 2: output += "\n"
    default: break
    }
    return output
  }

  @Test(arguments: 0..<300)
  func renderThenParseIsIdentity(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    let program = Self.randomProgram(&rng)
    let rendered = program.rendered
    let result = ProgramParser.parse(rendered)
    #expect(result.errors == [], "seed \(seed): \(rendered.debugDescription)")
    #expect(result.program == program, "seed \(seed): \(rendered.debugDescription)")
    #expect(result.callLineNumbers == Array(1...program.calls.count))
    #expect(ProgramParser.parse(utf8: Array(rendered.utf8)) == result)

    let sloppy = Self.sloppyRendering(of: program, &rng)
    let sloppyResult = ProgramParser.parse(sloppy)
    #expect(sloppyResult.errors == [], "seed \(seed): \(sloppy.debugDescription)")
    #expect(sloppyResult.program == program, "seed \(seed): \(sloppy.debugDescription)")
    Self.checkLineAccounting(sloppyResult, output: Array(sloppy.utf8))
  }

  // MARK: - Fuzzing

  static let fuzzAlphabet: [UInt8] =
    Array(
      "remove_lines(1, 2)remove_str(3, \"x\")keep_all()'\"\\\n\r\t ,=;#<|>/`0123456789uxUD".utf8)
    + [
      0x00, 0x0B, 0x0C, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xE2, 0x80, 0xA8, 0xED, 0xA0, 0xF0,
      0x9F, 0x99, 0x82, 0xF4, 0x90, 0xFF,
    ]

  static let fuzzSeeds: [[UInt8]] = [
    "remove_lines(1, 1)\nremove_str(2, \"Click here\")\nremove_lines(88, 89)",
    "```python\nremove_lines(start=3, end=5)\nremove_str(line=2, del_str='it\\'s')\n```<|im_end|>",
    "remove_str(1, \"\\uD83D\\uDE00 \\xe9 \\U0001F600 \\\\ \\\" \\t\")\nkeep_all()",
    "keep_all()<|im_end|>",
    "remove_str(7, 'caf\u{E9} 日本 🙂')\r\nremove_lines(2,3)\r\n",
  ].map { Array($0.utf8) }

  static func mutatedInput(_ rng: inout SplitMix64) -> [UInt8] {
    if rng.int(below: 8) == 0 {
      return (0..<rng.int(below: 64)).map { _ in
        rng.int(below: 2) == 0
          ? UInt8(truncatingIfNeeded: rng.next()) : fuzzAlphabet[rng.int(below: fuzzAlphabet.count)]
      }
    }
    var bytes = fuzzSeeds[rng.int(below: fuzzSeeds.count)]
    for _ in 0...rng.int(below: 4) {
      let position = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
      switch rng.int(below: 6) {
      case 0 where position < bytes.count:
        bytes[position] = fuzzAlphabet[rng.int(below: fuzzAlphabet.count)]
      case 1:
        bytes.insert(fuzzAlphabet[rng.int(below: fuzzAlphabet.count)], at: position)
      case 2 where position < bytes.count:
        bytes.remove(at: position)
      case 3:
        let other = fuzzSeeds[rng.int(below: fuzzSeeds.count)]
        let cut = rng.int(below: other.count + 1)
        bytes = Array(bytes[..<position]) + other[cut...]
      case 4 where position < bytes.count:
        let end = min(bytes.count, position + 1 + rng.int(below: 8))
        bytes.insert(contentsOf: bytes[position..<end], at: position)
      default:
        bytes = Array(bytes[..<position])
      }
    }
    return bytes
  }

  static func fuzz(iterations: Int, seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let chunk = NormalizedText("x \"y\" é\n\n日本 🙂 x\nremove_lines(1, 2)\n")
    for iteration in 0..<iterations {
      let bytes = mutatedInput(&rng)
      let result = ProgramParser.parse(utf8: bytes)
      checkLineAccounting(result, output: bytes)
      if let string = String(validating: bytes, as: UTF8.self) {
        #expect(ProgramParser.parse(string) == result, "iteration \(iteration): \(bytes)")
      }
      // Whatever parsed renders back to itself and executes without trapping.
      if !result.program.calls.isEmpty {
        #expect(ProgramParser.parse(result.program.rendered).program == result.program)
      }
      let execution = chunk.applying(result.program)
      #expect(
        execution.report.appliedCallCount + execution.report.skippedCalls.count
          == result.program.calls.count)
    }
  }

  @Test func fuzzedInputsNeverTrapAndEveryLineIsAccountedFor() {
    Self.fuzz(iterations: 20_000, seed: 0x5CA1_7E1)
  }

  @Test(.enabled(if: isReleaseBuild, "the long fuzz run only runs in release builds"))
  func longFuzzRun() {
    Self.fuzz(iterations: 150_000, seed: 0xF022_2025)
  }
}

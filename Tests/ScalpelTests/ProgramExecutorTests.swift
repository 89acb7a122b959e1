import Testing

@testable import Scalpel

@Suite struct ProgramExecutorTests {
  typealias Reason = ExecutionReport.SkipReason

  /// Executes `program` on `text` and returns the output string and skip reasons.
  static func run(_ text: String, _ program: Program) -> (String, [Reason]) {
    let execution = NormalizedText(text).applying(program)
    return (execution.text.string, execution.report.skippedCalls.map(\.reason))
  }

  // MARK: - The paper's example

  @Test func paperExampleOnANinetyLineDocument() {
    var lines = ["Home | About | Contact", "Cats purr when content. Click here to subscribe!"]
    for lineNumber in 3...87 { lines.append("Body line \(lineNumber) about cats.") }
    lines += ["© 2024 Example Media", "Privacy | Terms | Cookies", "Thanks for reading."]
    #expect(lines.count == 90)
    let document = NormalizedText(lines.joined(separator: "\n") + "\n")

    let parsed = ProgramParser.parse(
      "remove_lines(1, 1)\nremove_str(2, \" Click here to subscribe!\")\nremove_lines(88, 89)")
    #expect(parsed.errors.isEmpty)
    let execution = document.applying(parsed.program)

    let expected =
      (["Cats purr when content."] + lines[2..<87] + ["Thanks for reading."])
      .joined(separator: "\n") + "\n"
    #expect(execution.text.string == expected)
    #expect(execution.text.lineCount == 87)
    #expect(execution.report.appliedRemoveLinesCount == 2)
    #expect(execution.report.appliedRemoveStringCount == 1)
    #expect(execution.report.removedLineCount == 3)
    #expect(execution.report.skippedCalls.isEmpty)
    #expect(execution.report.appliedCallCount == 3)
  }

  @Test func documentationExampleHolds() {
    let chunk = NormalizedText("Home | About\nGreat post. Ads here\nBye\n")
    let program: Program = [.removeLines(1...1), .removeString(lineNumber: 2, text: " Ads here")]
    #expect(ProgramExecutor.execute(program, on: chunk).text.string == "Great post.\nBye\n")
  }

  // MARK: - Semantic rules, one row each

  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var program: Program
    var expected: String
    var skipped: [Reason]
    var line: Int
    var testDescription: String { "line \(line): \(program.rendered.debugDescription)" }

    init(
      _ text: String, _ calls: [ProgramCall], _ expected: String, skipped: [Reason] = [],
      line: Int
    ) {
      self.text = text
      self.program = Program(calls: calls)
      self.expected = expected
      self.skipped = skipped
      self.line = line
    }
  }

  static let cases: [Case] = [
    // No renumbering: every line number refers to the original chunk.
    Case("a\nb\nc\nd\n", [.removeLines(1...1), .removeLines(2...2)], "c\nd\n", line: #line),
    Case(
      "a\nb x\nc\n", [.removeLines(1...1), .removeString(lineNumber: 2, text: " x")], "b\nc\n",
      line: #line),
    // remove_str matches the original line, even after another remove_str on it.
    Case(
      "one two three\n",
      [.removeString(lineNumber: 1, text: "two "), .removeString(lineNumber: 1, text: "one ")],
      "three\n", line: #line),
    Case(
      "xaby\n",
      [.removeString(lineNumber: 1, text: "a"), .removeString(lineNumber: 1, text: "xby")],
      "xby\n", skipped: [.textNotFound], line: #line),
    // Not found / not unique.
    Case(
      "abc\n", [.removeString(lineNumber: 1, text: "x")], "abc\n", skipped: [.textNotFound],
      line: #line),
    Case(
      "abc\nx\n", [.removeString(lineNumber: 1, text: "x")], "abc\nx\n", skipped: [.textNotFound],
      line: #line),
    Case(
      "abcabc\n", [.removeString(lineNumber: 1, text: "abc")], "abcabc\n",
      skipped: [.textNotUnique], line: #line),
    Case(
      "aaa\n", [.removeString(lineNumber: 1, text: "aa")], "aaa\n", skipped: [.textNotUnique],
      line: #line),
    Case("abcabc\n", [.removeString(lineNumber: 1, text: "cab")], "abc\n", line: #line),
    Case(
      "short\n", [.removeString(lineNumber: 1, text: "longer than line")], "short\n",
      skipped: [.textNotFound], line: #line),
    // Byte matching, not canonical equivalence.
    Case(
      "café\n", [.removeString(lineNumber: 1, text: "cafe\u{301}")], "café\n",
      skipped: [.textNotFound], line: #line),
    Case("cafe\u{301}!\n", [.removeString(lineNumber: 1, text: "e")], "caf\u{301}!\n", line: #line),
    // Out of range.
    Case("a\nb\n", [.removeLines(2...3)], "a\nb\n", skipped: [.lineOutOfRange], line: #line),
    Case("a\nb\n", [.removeLines(0...1)], "a\nb\n", skipped: [.lineOutOfRange], line: #line),
    Case(
      "a\nb\n", [.removeString(lineNumber: 3, text: "a")], "a\nb\n", skipped: [.lineOutOfRange],
      line: #line),
    Case(
      "a\nb\n", [.removeString(lineNumber: 0, text: "a")], "a\nb\n", skipped: [.lineOutOfRange],
      line: #line),
    Case(
      "a\nb\n", [.removeLines(5...9), .removeLines(2...2)], "a\n", skipped: [.lineOutOfRange],
      line: #line),
    // Invalid TEXT built in code.
    Case(
      "a\n", [.removeString(lineNumber: 1, text: ""), .removeString(lineNumber: 1, text: "a\nb")],
      "a\n", skipped: [.invalidText, .invalidText], line: #line),
    // Overlapping remove_str: the whole overlapping group is skipped.
    Case(
      "abcdef\n",
      [.removeString(lineNumber: 1, text: "bcd"), .removeString(lineNumber: 1, text: "cde")],
      "abcdef\n", skipped: [.overlappingRemoval, .overlappingRemoval], line: #line),
    Case(
      "abcdef\n",
      [.removeString(lineNumber: 1, text: "b"), .removeString(lineNumber: 1, text: "b")],
      "abcdef\n", skipped: [.overlappingRemoval, .overlappingRemoval], line: #line),
    Case(
      "abcdefgh\n",
      [
        .removeString(lineNumber: 1, text: "abc"), .removeString(lineNumber: 1, text: "cde"),
        .removeString(lineNumber: 1, text: "efg"), .removeString(lineNumber: 1, text: "h"),
      ], "abcdefg\n", skipped: [.overlappingRemoval, .overlappingRemoval, .overlappingRemoval],
      line: #line),
    Case(
      "abcdef\n",
      [.removeString(lineNumber: 1, text: "cd"), .removeString(lineNumber: 1, text: "ab")], "ef\n",
      line: #line),
    Case(
      "ab\nab\n",
      [.removeString(lineNumber: 1, text: "ab"), .removeString(lineNumber: 2, text: "ab")], "\n\n",
      line: #line),
    // Overlapping remove_lines ranges are a union.
    Case("1\n2\n3\n4\n5\n", [.removeLines(1...3), .removeLines(2...4)], "5\n", line: #line),
    Case("1\n2\n3\n4\n5\n", [.removeLines(2...4), .removeLines(3...3)], "1\n5\n", line: #line),
    // remove_str on a dropped line is harmless but still evaluated.
    Case(
      "a\nb c\nd\n", [.removeLines(2...2), .removeString(lineNumber: 2, text: " c")], "a\nd\n",
      line: #line),
    Case(
      "a\nb c\nd\n", [.removeLines(2...2), .removeString(lineNumber: 2, text: "zz")], "a\nd\n",
      skipped: [.textNotFound], line: #line),
    // Trailing newline preserved or absent.
    Case("a\nb\n", [.removeLines(1...1)], "b\n", line: #line),
    Case("a\nb", [.removeLines(1...1)], "b", line: #line),
    Case("a\nb\n", [.removeLines(2...2)], "a\n", line: #line),
    Case("a\nb", [.removeLines(2...2)], "a", line: #line),
    Case("a\r\nb\r\n", [.removeLines(1...1)], "b\n", line: #line),
    // All lines removed gives the empty string.
    Case("a\nb\n", [.removeLines(1...2)], "", line: #line),
    Case("a\nb", [.removeLines(1...1), .removeLines(2...2)], "", line: #line),
    Case("\n", [.removeLines(1...1)], "", line: #line),
    // Emptied lines stay as empty lines.
    Case("a\nxyz\nb\n", [.removeString(lineNumber: 2, text: "xyz")], "a\n\nb\n", line: #line),
    Case("a\nxyz", [.removeString(lineNumber: 2, text: "xyz")], "a\n", line: #line),
    Case("\n\n\n", [.removeLines(2...2)], "\n\n", line: #line),
    // Empty document.
    Case("", [], "", line: #line),
    Case("", [.keepAll], "", line: #line),
    Case("", [.removeLines(1...1)], "", skipped: [.lineOutOfRange], line: #line),
    // keep_all.
    Case("a\nb\n", [.keepAll], "a\nb\n", line: #line),
    Case("a\nb", [], "a\nb", line: #line),
    Case("a\nb\n", [.keepAll, .removeLines(1...1)], "b\n", line: #line),
    // Multibyte text.
    Case(
      "naïve café 日本語 🙂\n", [.removeString(lineNumber: 1, text: "café ")], "naïve 日本語 🙂\n",
      line: #line),
    Case(
      "👩‍👩‍👧 family\n", [.removeString(lineNumber: 1, text: "\u{200D}👧")], "👩‍👩 family\n",
      line: #line),
    Case(
      "é è é\n", [.removeString(lineNumber: 1, text: "é")], "é è é\n", skipped: [.textNotUnique],
      line: #line),
    Case("é è\n", [.removeString(lineNumber: 1, text: " è")], "é\n", line: #line),
  ]

  @Test(arguments: cases)
  func appliesSemanticRule(_ testCase: Case) {
    let execution = NormalizedText(testCase.text).applying(testCase.program)
    #expect(execution.text.string == testCase.expected, "row at line \(testCase.line)")
    #expect(
      execution.report.skippedCalls.map(\.reason) == testCase.skipped,
      "row at line \(testCase.line)")
    #expect(
      execution.report.appliedCallCount + execution.report.skippedCalls.count
        == testCase.program.calls.count)
    #expect(String(validating: execution.text.utf8, as: UTF8.self) != nil)
  }

  @Test func skippedCallsCarryTheCallAndItsIndex() {
    let program: Program = [
      .removeLines(1...1), .removeString(lineNumber: 2, text: "zz"), .removeLines(7...8),
      .removeString(lineNumber: 2, text: "b"),
    ]
    let report = NormalizedText("a\nbb\n").applying(program).report
    #expect(
      report.skippedCalls == [
        .init(callIndex: 1, call: .removeString(lineNumber: 2, text: "zz"), reason: .textNotFound),
        .init(callIndex: 2, call: .removeLines(7...8), reason: .lineOutOfRange),
        .init(callIndex: 3, call: .removeString(lineNumber: 2, text: "b"), reason: .textNotUnique),
      ])
    #expect(report.skippedCallCount(for: .lineOutOfRange) == 1)
    #expect(report.skippedCallCount(for: .overlappingRemoval) == 0)
    #expect(report.appliedRemoveLinesCount == 1)
  }

  @Test func startGreaterThanEndIsAParseErrorAndChangesNothing() {
    let parsed = ProgramParser.parse("remove_lines(3, 2)\nremove_lines(1, 1)")
    #expect(parsed.errors.map(\.lineNumber) == [1])
    let execution = NormalizedText("a\nb\nc\n").applying(parsed.program)
    #expect(execution.text.string == "b\nc\n")
    #expect(execution.report.skippedCalls.isEmpty)
  }

  @Test func resultDoesNotDependOnCallOrder() {
    var rng = SplitMix64(seed: 7)
    let text = NormalizedText("ab ab c\nxyz\nhello world\n\nend")
    let calls: [ProgramCall] = [
      .removeString(lineNumber: 1, text: " c"), .removeLines(4...4),
      .removeString(lineNumber: 3, text: "lo w"), .removeString(lineNumber: 3, text: "world"),
      .removeString(lineNumber: 1, text: "ab"), .removeLines(2...2),
    ]
    let reference = text.applying(Program(calls: calls))
    #expect(reference.text.string == "ab ab\nhello world\nend")
    for _ in 0..<20 {
      let shuffled = calls.shuffled(using: &rng)
      let execution = text.applying(Program(calls: shuffled))
      #expect(execution.text == reference.text)
      let reasons: [String] = execution.report.skippedCalls.map(\.reason.rawValue).sorted()
      let referenceReasons: [String] = reference.report.skippedCalls.map(\.reason.rawValue).sorted()
      #expect(reasons == referenceReasons)
    }
  }

  // MARK: - Large lines

  @Test func megabyteLineWithFewAndManyCalls() {
    var rng = SplitMix64(seed: 1)
    let alphabet = ["a", "b", "c", "d", " ", "é"].map { Array($0.utf8) }
    var bytes: [UInt8] = []
    while bytes.count < 1 << 20 { bytes += alphabet[rng.int(below: alphabet.count)] }
    var markers: [String] = []
    for markerIndex in 0..<100 {
      let marker = "<<M\(markerIndex)>>"
      let position = (bytes.count / 100) * markerIndex
      var cut = position
      while cut < bytes.count && !UTF8Validation.isScalarBoundary(bytes[cut]) { cut += 1 }
      bytes.insert(contentsOf: marker.utf8, at: cut)
      markers.append(marker)
    }
    let line = String(decoding: bytes, as: UTF8.self)
    let text = NormalizedText("first\n" + line + "\nlast\n")

    // Few calls: one KMP search each.
    let few = text.applying([
      .removeString(lineNumber: 2, text: markers[3]), .removeString(lineNumber: 2, text: "a"),
      .removeString(lineNumber: 2, text: "not there at all"),
    ])
    #expect(few.report.appliedRemoveStringCount == 1)
    #expect(few.report.skippedCalls.map(\.reason) == [.textNotUnique, .textNotFound])
    #expect(few.text.utf8.count == text.utf8.count - markers[3].utf8.count)

    // Many calls: the line is indexed once by a suffix array.
    let program = Program(calls: markers.map { .removeString(lineNumber: 2, text: $0) })
    let many = text.applying(program)
    #expect(many.report.appliedRemoveStringCount == 100)
    #expect(many.report.skippedCalls.isEmpty)
    let removed = markers.reduce(0) { $0 + $1.utf8.count }
    #expect(many.text.utf8.count == text.utf8.count - removed)
    #expect(!many.text.string.contains("<<M"))
    #expect(many.text.lineCount == 3)
  }

  // MARK: - Properties

  /// A brute-force executor written straight from SPEC §2, used as an oracle.
  static func referenceExecution(_ program: Program, on text: String) -> (String, [Reason?]) {
    let document = NormalizedText(text)
    let lines = (0..<document.lineCount).map {
      Array(document.utf8[document.lineContentUTF8Range(lineIndex: $0)])
    }
    var outcomes: [Reason?] = Array(repeating: nil, count: program.calls.count)
    var dropped = Set<Int>()
    var matches: [Int: (line: Int, range: Range<Int>)] = [:]
    for (callIndex, call) in program.calls.enumerated() {
      switch call {
      case .keepAll: break
      case .removeLines(let range):
        if range.lowerBound < 1 || range.upperBound > lines.count {
          outcomes[callIndex] = .lineOutOfRange
        } else {
          dropped.formUnion(range)
        }
      case .removeString(let lineNumber, let string):
        guard (1...max(lines.count, 1)).contains(lineNumber) && lineNumber <= lines.count else {
          outcomes[callIndex] = .lineOutOfRange
          continue
        }
        let pattern = Array(string.utf8)
        if pattern.isEmpty || pattern.contains(10) || pattern.contains(13) {
          outcomes[callIndex] = .invalidText
          continue
        }
        let line = lines[lineNumber - 1]
        let starts = line.indices.filter { start in
          start + pattern.count <= line.count
            && Array(line[start..<(start + pattern.count)]) == pattern
        }
        switch starts.count {
        case 0: outcomes[callIndex] = .textNotFound
        case 1: matches[callIndex] = (lineNumber, starts[0]..<(starts[0] + pattern.count))
        default: outcomes[callIndex] = .textNotUnique
        }
      }
    }
    var applied: [Int: [Range<Int>]] = [:]
    for (callIndex, match) in matches {
      let overlaps = matches.contains { other in
        other.key != callIndex && other.value.line == match.line
          && other.value.range.overlaps(match.range)
      }
      if overlaps {
        outcomes[callIndex] = .overlappingRemoval
      } else {
        applied[match.line, default: []].append(match.range)
      }
    }
    var keptLines: [String] = []
    for (lineIndex, line) in lines.enumerated() where !dropped.contains(lineIndex + 1) {
      var kept = line
      for range in (applied[lineIndex + 1] ?? []).sorted(by: { $0.lowerBound > $1.lowerBound }) {
        kept.removeSubrange(range)
      }
      keptLines.append(String(decoding: kept, as: UTF8.self))
    }
    var output = keptLines.joined(separator: "\n")
    if !keptLines.isEmpty && document.endsWithNewline { output += "\n" }
    return (output, outcomes)
  }

  static func randomCase(_ rng: inout SplitMix64) -> (String, Program) {
    let pieces = ["a", "b", "ab", "é", " ", "\n", "\n", "e\u{301}"]
    var text = ""
    for _ in 0..<rng.int(below: 30) { text += pieces[rng.int(below: pieces.count)] }
    let lineCount = NormalizedText(text).lineCount
    var calls: [ProgramCall] = []
    for _ in 0..<rng.int(below: 7) {
      switch rng.int(below: 6) {
      case 0:
        let start = rng.int(below: lineCount + 2)
        calls.append(.removeLines(start...(start + rng.int(below: 3))))
      case 1:
        calls.append(.keepAll)
      default:
        var needle = ""
        for _ in 0..<rng.int(below: 4) { needle += pieces[rng.int(below: pieces.count - 3)] }
        calls.append(.removeString(lineNumber: rng.int(below: lineCount + 2), text: needle))
      }
    }
    return (text, Program(calls: calls))
  }

  @Test(arguments: 0..<400)
  func matchesBruteForceReference(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    for _ in 0..<10 {
      let (text, program) = Self.randomCase(&rng)
      let (expectedText, expectedOutcomes) = Self.referenceExecution(program, on: text)
      let document = NormalizedText(text)
      for threshold in [ProgramExecutor.defaultSuffixArrayWorkThreshold, 0] {
        let execution = ProgramExecutor.execute(
          program, on: document, suffixArrayWorkThreshold: threshold)
        #expect(
          execution.text.string == expectedText,
          "seed \(seed) threshold \(threshold): \(text.debugDescription) \(program.rendered.debugDescription)"
        )
        var outcomes: [Reason?] = Array(repeating: nil, count: program.calls.count)
        for skip in execution.report.skippedCalls { outcomes[skip.callIndex] = skip.reason }
        #expect(outcomes == expectedOutcomes, "seed \(seed) threshold \(threshold)")
      }
    }
  }
}

import Scalpel

/// Target `program`: model outputs as small models write them (positional and keyword
/// arguments, both quote styles, JSON and Python escapes, code fences, end-of-turn tokens,
/// blank lines, CRLF), half of them mutated, parsed by ``ProgramParser`` and executed by
/// ``ProgramExecutor`` on a random document.
///
/// Checks: every program line is a call, ignorable or an error; unmutated outputs parse to
/// exactly the generated calls; `parse(String)` and `parse(utf8:)` agree; a parsed program
/// renders and parses back to itself; execution matches ``referenceExecution(_:on:)`` (text,
/// applied counts and every skipped call with its reason) and does not depend on call order.
///
/// Accounting: program lines = calls + ignored + errors; calls = applied + skipped.
final class ProgramFuzzer {
  let report: FuzzReport

  init(report: FuzzReport) { self.report = report }

  func run(start: Int, iterations: Int) {
    for index in start..<(start + iterations) {
      report.run(index: index) { rng in fuzzProgram(index, &rng) }
    }
    report.retimeSlowest { index, rng in fuzzProgram(index, &rng) }
  }

  // MARK: Documents

  static let words: [String] = [
    "Home", "|", "About", "click", "here", "[ad]", "\"quoted\"", "it's", #"back\slash"#, "café",
    "日本語", "🙂", "a", "aa", "aaa", "remove_lines(1, 2)", "\t", "x", "€", "\u{2028}", "(", ")",
    ",", "'", "\u{FEFF}", "e\u{301}", "Share", "Subscribe!", "<|im_end|>", "```", "\u{10FFFF}",
  ]

  static func randomDocument(_ rng: inout SplitMix64) -> String {
    var text = ""
    let lineCount = rng.skewedLength(30)
    for lineIndex in 0..<lineCount {
      if lineIndex > 0 { text += rng.oneIn(10) ? "\r\n" : (rng.oneIn(30) ? "\r" : "\n") }
      for wordIndex in 0..<rng.skewedLength(12) {
        if wordIndex > 0 && !rng.oneIn(5) { text += " " }
        text += rng.pick(words)
      }
    }
    if lineCount > 0 && rng.oneIn(2) { text += "\n" }
    return text
  }

  // MARK: Model outputs

  static func pickLineNumber(lineCount: Int, _ rng: inout SplitMix64) -> Int {
    switch rng.int(below: 12) {
    case 0: return rng.int(in: 1...999_999_999)
    case 1: return lineCount + 1 + rng.int(below: 3)
    default: return lineCount == 0 ? 1 : rng.int(in: 1...lineCount)
    }
  }

  static func integerText(_ value: Int, _ rng: inout SplitMix64) -> String {
    var digits = String(value)
    while digits.count < 9 && rng.oneIn(12) { digits = "0" + digits }
    return digits
  }

  static func hex(_ value: UInt32, digits: Int, _ rng: inout SplitMix64) -> String {
    var text = String(value, radix: 16, uppercase: rng.oneIn(2))
    while text.count < digits { text = "0" + text }
    return text
  }

  /// A quoted literal that unescapes to `text`.
  static func stringLiteral(_ text: String, _ rng: inout SplitMix64) -> String {
    let quote: Character = rng.oneIn(3) ? "'" : "\""
    let escapeOneIn = rng.pick([2, 6, 1 << 30])
    var literal = String(quote)
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if Character(scalar) == quote || scalar == "\\" {
        literal += "\\" + String(scalar)
        continue
      }
      guard rng.oneIn(escapeOneIn) else {
        literal.unicodeScalars.append(scalar)
        continue
      }
      switch rng.int(below: 4) {
      case 0 where value <= 0xFF:
        literal += "\\x" + hex(value, digits: 2, &rng)
      case 1 where value < 0x10000:
        literal += "\\u" + hex(value, digits: 4, &rng)
      case 1:
        let offset = value - 0x10000
        literal += "\\u" + hex(0xD800 + (offset >> 10), digits: 4, &rng)
        literal += "\\u" + hex(0xDC00 + (offset & 0x3FF), digits: 4, &rng)
      case 2:
        literal += "\\U" + hex(value, digits: 8, &rng)
      default:
        switch scalar {
        case "\t": literal += "\\t"
        case "\u{8}": literal += "\\b"
        case "\u{C}": literal += "\\f"
        case "/": literal += "\\/"
        case "'", "\"": literal += "\\" + String(scalar)
        default: literal.unicodeScalars.append(scalar)
        }
      }
    }
    literal.append(quote)
    return literal
  }

  static func space(_ rng: inout SplitMix64) -> String {
    rng.oneIn(4) ? rng.pick([" ", "  ", "\t", " \u{B}"]) : ""
  }

  /// One call written in a random but valid style, and the call it must parse to.
  static func randomCall(document: NormalizedText, _ rng: inout SplitMix64) -> (String, ProgramCall)
  {
    let lineCount = document.lineCount
    var arguments: [(keyword: String, value: String)] = []
    let call: ProgramCall
    let name: String
    if rng.oneIn(3) {
      name = "remove_lines"
      let start = pickLineNumber(lineCount: lineCount, &rng)
      let end = min(999_999_999, start + (rng.oneIn(2) ? 0 : rng.skewedLength(6)))
      call = .removeLines(start...end)
      arguments = [("start", integerText(start, &rng)), ("end", integerText(end, &rng))]
    } else {
      name = "remove_str"
      let line = pickLineNumber(lineCount: lineCount, &rng)
      var text = ""
      if line <= lineCount && !rng.oneIn(5) {
        let scalars = Array(document.lineText(lineIndex: line - 1).unicodeScalars)
        if !scalars.isEmpty {
          let start = rng.int(below: scalars.count)
          let end = start + 1 + rng.skewedLength(scalars.count - start - 1)
          text = String(String.UnicodeScalarView(scalars[start..<end]))
        }
      }
      if text.isEmpty { text = rng.pick(words) }
      call = .removeString(lineNumber: line, text: text)
      arguments = [
        ("line", integerText(line, &rng)),
        (rng.oneIn(2) ? "del_str" : "text", stringLiteral(text, &rng)),
      ]
    }
    // Positional, keyword, or positional then keyword; keywords in any order.
    let positionalCount = rng.int(below: 3)
    var keywordArguments = Array(arguments[positionalCount...])
    if rng.oneIn(2) { keywordArguments.reverse() }
    var parts = arguments[..<positionalCount].map { $0.value }
    parts += keywordArguments.map { $0.keyword + space(&rng) + "=" + space(&rng) + $0.value }
    var line = space(&rng) + name + space(&rng) + "(" + space(&rng)
    for (offset, part) in parts.enumerated() {
      if offset > 0 { line += space(&rng) + "," + (rng.oneIn(4) ? "" : " ") }
      line += part
    }
    line += space(&rng) + ")" + space(&rng)
    return (line, call)
  }

  /// A whole model output: its bytes and the calls it must parse to.
  static func randomOutput(document: NormalizedText, _ rng: inout SplitMix64) -> (
    [UInt8], [ProgramCall]
  ) {
    var lines: [String] = []
    var calls: [ProgramCall] = []
    if rng.oneIn(4) { lines.append(rng.pick(["```", "```python", "``` py"])) }
    if rng.oneIn(8) {
      lines.append(space(&rng) + "keep_all" + space(&rng) + "(" + space(&rng) + ")")
      calls.append(.keepAll)
    } else {
      for _ in 0..<rng.skewedLength(10) {
        if rng.oneIn(8) {
          lines.append(rng.pick(["", "   ", "<|im_end|>", "</s>", "<eos>", "<|endoftext|>"]))
        }
        let (line, call) = randomCall(document: document, &rng)
        lines.append(line)
        calls.append(call)
      }
    }
    if rng.oneIn(4) { lines.append("```") }
    if rng.oneIn(4) { lines.append(rng.pick(["", "<|im_end|>"])) }
    // Only the last non-blank line may end with end-of-turn tokens.
    if rng.oneIn(3), let last = lines.lastIndex(where: { !$0.allSatisfy(\.isWhitespace) }) {
      lines[last] +=
        space(&rng)
        + rng.pick(["<|im_end|>", "</s>", "<eos>", "<end_of_turn>", "<|im_end|><|endoftext|>"])
    }
    var text = ""
    for (offset, line) in lines.enumerated() {
      if offset > 0 { text += rng.oneIn(8) ? "\r\n" : (rng.oneIn(30) ? "\r" : "\n") }
      text += line
    }
    if rng.oneIn(2) { text += "\n" }
    return (Array(text.utf8), calls)
  }

  // MARK: Checks

  private func fuzzProgram(_ index: Int, _ rng: inout SplitMix64) -> Int {
    let document = NormalizedText(ProgramFuzzer.randomDocument(&rng))
    var (bytes, expectedCalls) = ProgramFuzzer.randomOutput(document: document, &rng)
    let isMutated = rng.oneIn(2)
    if isMutated { ByteMutator.mutate(&bytes, count: 1 + rng.skewedLength(4), &rng) }
    report.count(isMutated ? "mutated outputs" : "generated outputs")

    let result = ProgramParser.parse(utf8: bytes)
    let lineCount = ProgramFuzzer.referenceLineCount(NormalizedText.normalizingNewlines(bytes))
    report.count("program lines", result.lineCount)
    report.count("calls", result.callLineNumbers.count)
    report.count("ignored lines", result.ignoredLineCount)
    report.count("error lines", result.errors.count)
    if result.lineCount != lineCount
      || result.callLineNumbers.count + result.ignoredLineCount + result.errors.count != lineCount
      || result.program.calls.count != result.callLineNumbers.count
    {
      report.fail(
        index,
        "line accounting: \(lineCount) lines, parser says \(result.lineCount) = \(result.callLineNumbers.count) calls + \(result.ignoredLineCount) ignored + \(result.errors.count) errors",
        input: bytes)
    }
    if !isMutated && (result.program.calls != expectedCalls || !result.errors.isEmpty) {
      report.fail(
        index,
        "generated output parsed to \(result.program.calls), errors \(result.errors); expected \(expectedCalls)",
        input: bytes)
    }
    if let string = String(validating: bytes, as: UTF8.self), ProgramParser.parse(string) != result
    {
      report.fail(index, "parse(String) differs from parse(utf8:)", input: bytes)
    }
    // An empty program renders as keep_all().
    let rendered = ProgramParser.parse(result.program.rendered)
    if (result.program.calls.isEmpty
      ? rendered.program.calls != [.keepAll] : rendered.program != result.program)
      || !rendered.errors.isEmpty
    {
      report.fail(index, "rendered program does not parse back to itself", input: bytes)
    }

    let execution = document.applying(result.program)
    let reference = ProgramFuzzer.referenceExecution(result.program.calls, on: document)
    let executionReport = execution.report
    report.count("calls applied", executionReport.appliedCallCount)
    report.count("calls skipped", executionReport.skippedCalls.count)
    if execution.text.utf8 != reference.text
      || executionReport.appliedRemoveLinesCount != reference.removeLinesCount
      || executionReport.appliedRemoveStringCount != reference.removeStringCount
      || executionReport.appliedKeepAllCount != reference.keepAllCount
      || executionReport.removedLineCount != reference.removedLineCount
      || executionReport.skippedCalls.map({ [$0.callIndex: $0.reason] })
        != reference.skipped.map({ [$0.0: $0.1] })
      || executionReport.appliedCallCount + executionReport.skippedCalls.count
        != result.program.calls.count
    {
      report.fail(
        index,
        "execution differs from the reference on document \(FuzzReport.escaped(document.utf8, limit: 300)): got \(FuzzReport.escaped(execution.text.utf8, limit: 300)) \(executionReport), expected \(FuzzReport.escaped(reference.text, limit: 300)) \(reference.skipped)",
        input: bytes)
    }
    if rng.oneIn(4) && result.program.calls.count > 1 {
      var shuffled = result.program.calls
      shuffled.shuffle(using: &rng)
      if document.applying(Program(calls: shuffled)).text != execution.text {
        report.fail(index, "execution depends on call order", input: bytes)
      }
    }
    return bytes.count + document.utf8.count
  }

  /// Lines of normalised program text: a final `\n` does not start a line.
  static func referenceLineCount(_ bytes: [UInt8]) -> Int {
    let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    return newlines + (bytes.isEmpty || bytes.last == 0x0A ? 0 : 1)
  }

  struct ReferenceExecution {
    var text: [UInt8] = []
    var removeLinesCount = 0
    var removeStringCount = 0
    var keepAllCount = 0
    var removedLineCount = 0
    var skipped: [(Int, ExecutionReport.SkipReason)] = []
  }

  /// Specification §2 mark and sweep, written naively and independently of ``ProgramExecutor``.
  static func referenceExecution(_ calls: [ProgramCall], on document: NormalizedText)
    -> ReferenceExecution
  {
    var lines: [[UInt8]] = document.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
      .map(Array.init)
    if document.utf8.isEmpty || document.utf8.last == 0x0A { lines.removeLast() }
    var result = ReferenceExecution()
    var isDropped = [Bool](repeating: false, count: lines.count)
    var matches: [(callIndex: Int, line: Int, range: Range<Int>)] = []
    for (callIndex, call) in calls.enumerated() {
      switch call {
      case .keepAll:
        result.keepAllCount += 1
      case .removeLines(let range):
        guard range.lowerBound >= 1 && range.upperBound <= lines.count else {
          result.skipped.append((callIndex, .lineOutOfRange))
          continue
        }
        for lineNumber in range { isDropped[lineNumber - 1] = true }
        result.removeLinesCount += 1
      case .removeString(let lineNumber, let text):
        guard lineNumber >= 1 && lineNumber <= lines.count else {
          result.skipped.append((callIndex, .lineOutOfRange))
          continue
        }
        let pattern = Array(text.utf8)
        guard !pattern.isEmpty, !pattern.contains(0x0A), !pattern.contains(0x0D) else {
          result.skipped.append((callIndex, .invalidText))
          continue
        }
        let line = lines[lineNumber - 1]
        var starts: [Int] = []
        if pattern.count <= line.count {
          for start in 0...(line.count - pattern.count)
          where line[start..<(start + pattern.count)].elementsEqual(pattern) {
            starts.append(start)
          }
        }
        switch starts.count {
        case 0: result.skipped.append((callIndex, .textNotFound))
        case 1: matches.append((callIndex, lineNumber - 1, starts[0]..<(starts[0] + pattern.count)))
        default: result.skipped.append((callIndex, .textNotUnique))
        }
      }
    }
    // A match is applied only if no other match on its line overlaps it, even through a chain.
    matches.sort {
      ($0.line, $0.range.lowerBound, $0.range.upperBound) < (
        $1.line, $1.range.lowerBound, $1.range.upperBound
      )
    }
    var applied: [(line: Int, range: Range<Int>)] = []
    var groupStart = 0
    while groupStart < matches.count {
      var groupEnd = groupStart + 1
      var reach = matches[groupStart].range.upperBound
      while groupEnd < matches.count && matches[groupEnd].line == matches[groupStart].line
        && matches[groupEnd].range.lowerBound < reach
      {
        reach = max(reach, matches[groupEnd].range.upperBound)
        groupEnd += 1
      }
      if groupEnd - groupStart == 1 {
        applied.append((matches[groupStart].line, matches[groupStart].range))
      } else {
        for match in matches[groupStart..<groupEnd] {
          result.skipped.append((match.callIndex, .overlappingRemoval))
        }
      }
      groupStart = groupEnd
    }
    result.skipped.sort { $0.0 < $1.0 }
    result.removeStringCount = applied.count
    result.removedLineCount = isDropped.filter { $0 }.count
    var keptLines: [[UInt8]] = []
    for (lineIndex, line) in lines.enumerated() where !isDropped[lineIndex] {
      var kept: [UInt8] = []
      var copyFrom = 0
      for removal in applied where removal.line == lineIndex {
        kept += line[copyFrom..<removal.range.lowerBound]
        copyFrom = removal.range.upperBound
      }
      kept += line[copyFrom...]
      keptLines.append(kept)
    }
    result.text = Array(keptLines.joined(separator: [0x0A]))
    if !keptLines.isEmpty && document.endsWithNewline { result.text.append(0x0A) }
    return result
  }
}

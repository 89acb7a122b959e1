/// A problem with one line of a program, found while parsing model output.
public struct ProgramParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  /// The 1-based line number in the program text.
  public var lineNumber: Int
  /// What is wrong with the line.
  public var message: String
  /// The offending line without surrounding whitespace, cut to about 80 UTF-8 bytes.
  public var text: String

  /// Creates a parse error.
  public init(lineNumber: Int, message: String, text: String) {
    self.lineNumber = lineNumber
    self.message = message
    self.text = text
  }

  /// A one-line description: `line 3: unknown function 'delete': delete(2)`.
  public var description: String { "line \(lineNumber): \(message): \(text)" }
}

/// The outcome of parsing model output: the calls that could be read and one
/// error for each line that could not.
///
/// Every line of the program text is exactly one of: a call (its number is in
/// ``callLineNumbers``), ignorable (blank, code fence or special token; counted
/// in ``ignoredLineCount``), or an error (in ``errors``). So
/// `callLineNumbers.count + ignoredLineCount + errors.count == lineCount`.
public struct ProgramParseResult: Sendable, Hashable, Codable {
  /// The calls that parsed, in the order they appear in the text.
  public var program: Program
  /// The 1-based program-text line number of each call in ``program``.
  public var callLineNumbers: [Int]
  /// One error per rejected line, in ascending line order.
  public var errors: [ProgramParseError]
  /// The number of lines in the program text (a final `\n` does not start a new line).
  public var lineCount: Int
  /// The number of blank, code-fence and special-token lines.
  public var ignoredLineCount: Int

  /// Whether every line was either a call or ignorable.
  public var isWellFormed: Bool { errors.isEmpty }
}

/// Parses RefineX programs as small models actually write them (Specification §2).
///
/// The grammar, one call per line:
///
///     remove_lines(START, END)   remove_lines(start=START, end=END)
///     remove_str(LINE, "TEXT")   remove_str(line=LINE, del_str='TEXT')   (also text=)
///     keep_all()
///
/// Accepted leniently:
/// - whitespace around the line and between tokens, and blank lines;
/// - single- or double-quoted strings with JSON and Python escapes: `\"`, `\'`,
///   `\\`, `\/`, `\n`, `\r`, `\t`, `\b`, `\f`, `\xHH`, `\uXXXX` (surrogate pairs
///   combine; a lone surrogate is an error) and `\UXXXXXXXX`;
/// - keyword arguments in any order, after any positional ones;
/// - Markdown code fence lines: three backticks, optionally followed by a
///   language name such as `python`;
/// - special tokens (`<|im_end|>`, `<|endoftext|>`, any `<|name|>`, `</s>`,
///   `<eos>`, `<end_of_turn>`) on their own lines, or at the end of the last
///   non-blank line.
///
/// Everything else on a line makes the whole line one ``ProgramParseError``:
/// unknown functions, several calls on one line (`;`), trailing commas,
/// comments, prefixed strings (`r"…"`), signs, integers with more than
/// ``maximumIntegerDigitCount`` digits, line numbers below 1, `START > END`,
/// and a TEXT that is empty or contains a line break after unescaping.
///
/// `keep_all()` must stand alone. In a program with other calls, each
/// `keep_all()` line is an error and the other calls are kept; a repeated
/// `keep_all()` keeps the first and reports the others. Call order is not
/// checked: ``ProgramExecutor`` does not depend on it. Output with no calls at
/// all (for example an empty string) parses to an empty program without errors.
///
/// The parser never evaluates code, never traps on any input, and scans each
/// byte a bounded number of times.
public enum ProgramParser {
  /// The longest accepted integer, in decimal digits; longer ones are errors.
  public static let maximumIntegerDigitCount = 9

  /// The longest ``ProgramParseError/text``, in UTF-8 bytes, before it is cut.
  public static let maximumErrorTextUTF8Count = 80

  /// Parses model output.
  ///
  /// `\r\n` and lone `\r` count as line breaks, as in ``NormalizedText``.
  ///
  /// - Parameter output: The generated program text.
  /// - Returns: The calls that parsed and an error for every other non-ignorable line.
  /// - Complexity: O(*n*), where *n* is the UTF-8 length of `output`.
  public static func parse(_ output: String) -> ProgramParseResult {
    parseNormalized(NormalizedText.normalizingNewlines(Array(output.utf8)), validatesUTF8: false)
  }

  /// Parses model output given as raw bytes, which need not be valid UTF-8.
  ///
  /// A line that is not valid UTF-8 is reported as an error.
  ///
  /// - Parameter bytes: The generated program text.
  /// - Returns: The calls that parsed and an error for every other non-ignorable line.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public static func parse(utf8 bytes: [UInt8]) -> ProgramParseResult {
    parseNormalized(NormalizedText.normalizingNewlines(bytes), validatesUTF8: true)
  }

  // MARK: - Lines

  private static func parseNormalized(_ bytes: [UInt8], validatesUTF8: Bool) -> ProgramParseResult {
    let lineRanges = splitLines(bytes)
    var lastNonBlankLineIndex = -1
    for lineIndex in lineRanges.indices.reversed()
    where !trimmed(lineRanges[lineIndex], in: bytes).isEmpty {
      lastNonBlankLineIndex = lineIndex
      break
    }

    var calls: [ProgramCall] = []
    var callLineNumbers: [Int] = []
    var errors: [ProgramParseError] = []
    var ignoredLineCount = 0

    for (lineIndex, lineRange) in lineRanges.enumerated() {
      let lineNumber = lineIndex + 1
      var range = trimmed(lineRange, in: bytes)
      if range.isEmpty {
        ignoredLineCount += 1
        continue
      }
      if validatesUTF8, let badOffset = firstInvalidUTF8Offset(in: bytes, range: range) {
        errors.append(
          makeError(
            lineNumber: lineNumber,
            message: "invalid UTF-8 at byte \(badOffset - range.lowerBound)",
            bytes: bytes, range: range))
        continue
      }
      let withoutTokens = strippingTrailingSpecialTokens(range, in: bytes)
      if withoutTokens.isEmpty {
        ignoredLineCount += 1
        continue
      }
      let displayRange = range
      if lineIndex == lastNonBlankLineIndex { range = withoutTokens }
      if isCodeFence(range, in: bytes) {
        ignoredLineCount += 1
        continue
      }
      var scanner = CallScanner(bytes: bytes, offset: range.lowerBound, end: range.upperBound)
      do {
        calls.append(try scanner.scanCall())
        callLineNumbers.append(lineNumber)
      } catch {
        errors.append(
          makeError(
            lineNumber: lineNumber, message: error.message, bytes: bytes, range: displayRange))
      }
    }

    // keep_all() stands alone: report every keep_all() that shares the program.
    let hasOtherCalls = calls.contains { $0 != .keepAll }
    if calls.contains(.keepAll) && (hasOtherCalls || calls.count > 1) {
      var keptCalls: [ProgramCall] = []
      var keptLineNumbers: [Int] = []
      var seenKeepAll = false
      for (call, lineNumber) in zip(calls, callLineNumbers) {
        if call == .keepAll && (hasOtherCalls || seenKeepAll) {
          let message =
            hasOtherCalls ? "keep_all() must be the only call" : "keep_all() repeated"
          let range = trimmed(lineRanges[lineNumber - 1], in: bytes)
          errors.append(
            makeError(lineNumber: lineNumber, message: message, bytes: bytes, range: range))
          continue
        }
        seenKeepAll = seenKeepAll || call == .keepAll
        keptCalls.append(call)
        keptLineNumbers.append(lineNumber)
      }
      calls = keptCalls
      callLineNumbers = keptLineNumbers
      errors.sort { $0.lineNumber < $1.lineNumber }
    }

    return ProgramParseResult(
      program: Program(calls: calls), callLineNumbers: callLineNumbers, errors: errors,
      lineCount: lineRanges.count, ignoredLineCount: ignoredLineCount)
  }

  /// Splits normalised bytes on `\n`; a final `\n` does not start a new line.
  private static func splitLines(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var lineStart = 0
    for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") {
      ranges.append(lineStart..<offset)
      lineStart = offset + 1
    }
    if lineStart < bytes.count { ranges.append(lineStart..<bytes.count) }
    return ranges
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
  }

  private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper && isWhitespace(bytes[lower]) { lower += 1 }
    while upper > lower && isWhitespace(bytes[upper - 1]) { upper -= 1 }
    return lower..<upper
  }

  private static func firstInvalidUTF8Offset(in bytes: [UInt8], range: Range<Int>) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      let slice = UnsafeBufferPointer(rebasing: buffer[range])
      return UTF8Validation.firstInvalidByteOffset(in: slice).map { $0 + range.lowerBound }
    }
  }

  /// Removes special tokens (and the whitespace before them) from the end of `range`.
  private static func strippingTrailingSpecialTokens(
    _ range: Range<Int>, in bytes: [UInt8]
  ) -> Range<Int> {
    var upper = range.upperBound
    let lower = range.lowerBound
    while let tokenStart = specialTokenStart(endingAt: upper, lowerBound: lower, in: bytes) {
      upper = tokenStart
      while upper > lower && isWhitespace(bytes[upper - 1]) { upper -= 1 }
    }
    return lower..<upper
  }

  private static let literalSpecialTokens: [[UInt8]] = [
    Array("</s>".utf8), Array("<eos>".utf8), Array("<end_of_turn>".utf8),
  ]

  /// The start of a special token that ends at `upper`, if there is one.
  private static func specialTokenStart(
    endingAt upper: Int, lowerBound lower: Int, in bytes: [UInt8]
  ) -> Int? {
    guard upper - lower >= 4, bytes[upper - 1] == UInt8(ascii: ">") else { return nil }
    if bytes[upper - 2] == UInt8(ascii: "|") {
      // <|name|> with a name of 1 to 64 identifier characters.
      var nameStart = upper - 2
      while nameStart > lower && upper - 2 - nameStart <= 64
        && CallScanner.isIdentifierContinuation(bytes[nameStart - 1])
      {
        nameStart -= 1
      }
      let nameLength = upper - 2 - nameStart
      guard nameLength >= 1, nameLength <= 64, nameStart - lower >= 2,
        bytes[nameStart - 1] == UInt8(ascii: "|"), bytes[nameStart - 2] == UInt8(ascii: "<")
      else { return nil }
      return nameStart - 2
    }
    for token in literalSpecialTokens where upper - lower >= token.count {
      let start = upper - token.count
      if bytes[start..<upper].elementsEqual(token) { return start }
    }
    return nil
  }

  /// Whether the trimmed line is ```` ``` ```` optionally followed by a language name.
  private static func isCodeFence(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
    guard range.count >= 3,
      bytes[range.lowerBound..<range.lowerBound + 3].allSatisfy({ $0 == UInt8(ascii: "`") })
    else { return false }
    var offset = range.lowerBound + 3
    while offset < range.upperBound && isWhitespace(bytes[offset]) { offset += 1 }
    while offset < range.upperBound {
      let byte = bytes[offset]
      guard
        CallScanner.isIdentifierContinuation(byte) || byte == UInt8(ascii: "+")
          || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      else { return false }
      offset += 1
    }
    return true
  }

  private static func makeError(
    lineNumber: Int, message: String, bytes: [UInt8], range: Range<Int>
  ) -> ProgramParseError {
    ProgramParseError(
      lineNumber: lineNumber, message: message,
      text: displayText(bytes, range: range, limit: maximumErrorTextUTF8Count))
  }

  /// The text of `range`, cut on a scalar boundary to at most `limit` bytes plus `…`.
  static func displayText(_ bytes: [UInt8], range: Range<Int>, limit: Int) -> String {
    guard range.count > limit else {
      return String(decoding: bytes[range], as: UTF8.self)
    }
    var cut = range.lowerBound + limit
    while cut > range.lowerBound && !UTF8Validation.isScalarBoundary(bytes[cut]) { cut -= 1 }
    return String(decoding: bytes[range.lowerBound..<cut], as: UTF8.self) + "…"
  }
}

// MARK: - Call scanner

/// Why a line is not a call; becomes a ``ProgramParseError``.
struct ProgramLineFailure: Error {
  let message: String
}

/// A hand-written scanner for one trimmed line; each byte is read a bounded
/// number of times, so a line is parsed in linear time.
private struct CallScanner {
  typealias Failure = ProgramLineFailure

  enum Function {
    case removeLines, removeString, keepAll

    var name: String {
      switch self {
      case .removeLines: return "remove_lines"
      case .removeString: return "remove_str"
      case .keepAll: return "keep_all"
      }
    }

    var parameterCount: Int {
      switch self {
      case .removeLines, .removeString: return 2
      case .keepAll: return 0
      }
    }

    /// Parameter names as shown in messages.
    var parameterNames: [String] {
      switch self {
      case .removeLines: return ["START", "END"]
      case .removeString: return ["LINE", "TEXT"]
      case .keepAll: return []
      }
    }

    /// The parameter slot a keyword binds to.
    func slot(forKeyword keyword: [UInt8]) -> Int? {
      switch self {
      case .removeLines:
        if keyword.elementsEqual("start".utf8) { return 0 }
        if keyword.elementsEqual("end".utf8) { return 1 }
      case .removeString:
        if keyword.elementsEqual("line".utf8) { return 0 }
        if keyword.elementsEqual("del_str".utf8) || keyword.elementsEqual("text".utf8) {
          return 1
        }
      case .keepAll:
        break
      }
      return nil
    }
  }

  enum Value {
    case integer(Int)
    case string([UInt8])
  }

  struct Argument {
    var keyword: [UInt8]?
    var value: Value
  }

  let bytes: [UInt8]
  var offset: Int
  let end: Int

  init(bytes: [UInt8], offset: Int, end: Int) {
    self.bytes = bytes
    self.offset = offset
    self.end = end
  }

  static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  static func isIdentifierContinuation(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || isDigit(byte)
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  var isAtEnd: Bool { offset >= end }

  var peek: UInt8? { offset < end ? bytes[offset] : nil }

  mutating func skipWhitespace() {
    while offset < end && ProgramParser.isWhitespace(bytes[offset]) { offset += 1 }
  }

  mutating func consume(_ ascii: Unicode.Scalar) -> Bool {
    guard offset < end, bytes[offset] == UInt8(ascii: ascii) else { return false }
    offset += 1
    return true
  }

  mutating func scanIdentifier() -> Range<Int> {
    let start = offset
    guard offset < end, CallScanner.isIdentifierStart(bytes[offset]) else { return start..<start }
    offset += 1
    while offset < end && CallScanner.isIdentifierContinuation(bytes[offset]) { offset += 1 }
    return start..<offset
  }

  func shown(_ range: Range<Int>) -> String {
    ProgramParser.displayText(bytes, range: range, limit: 40)
  }

  // MARK: Call

  mutating func scanCall() throws(Failure) -> ProgramCall {
    let nameRange = scanIdentifier()
    guard !nameRange.isEmpty else {
      throw Failure(message: "expected a call such as remove_lines(START, END)")
    }
    let name = bytes[nameRange]
    let function: Function
    if name.elementsEqual("remove_lines".utf8) {
      function = .removeLines
    } else if name.elementsEqual("remove_str".utf8) {
      function = .removeString
    } else if name.elementsEqual("keep_all".utf8) {
      function = .keepAll
    } else {
      throw Failure(message: "unknown function '\(shown(nameRange))'")
    }
    skipWhitespace()
    guard consume("(") else { throw Failure(message: "expected '(' after \(function.name)") }
    let arguments = try scanArguments(of: function)
    skipWhitespace()
    if !isAtEnd {
      if peek == UInt8(ascii: ";") {
        throw Failure(message: "only one call per line is allowed; found ';' after the call")
      }
      throw Failure(message: "unexpected text after the call")
    }
    return try bind(arguments, to: function)
  }

  /// Scans arguments after `(` up to and including `)`.
  mutating func scanArguments(of function: Function) throws(Failure) -> [Argument] {
    var arguments: [Argument] = []
    skipWhitespace()
    if consume(")") { return arguments }
    while true {
      guard !isAtEnd else { throw Failure(message: "missing ')'") }
      guard arguments.count < function.parameterCount else {
        if function.parameterCount == 0 {
          throw Failure(message: "\(function.name)() takes no arguments")
        }
        throw Failure(
          message: "too many arguments: \(function.name) takes \(function.parameterCount)")
      }
      var keyword: [UInt8]? = nil
      if let byte = peek, CallScanner.isIdentifierStart(byte) {
        let keywordRange = scanIdentifier()
        skipWhitespace()
        guard consume("=") else {
          throw Failure(message: "expected '=' after keyword '\(shown(keywordRange))'")
        }
        skipWhitespace()
        keyword = Array(bytes[keywordRange])
      }
      let value = try scanValue()
      arguments.append(Argument(keyword: keyword, value: value))
      skipWhitespace()
      if consume(",") {
        skipWhitespace()
        if peek == UInt8(ascii: ")") { throw Failure(message: "trailing comma in argument list") }
        continue
      }
      if consume(")") { return arguments }
      if isAtEnd { throw Failure(message: "missing ')'") }
      throw Failure(message: "expected ',' or ')' after an argument")
    }
  }

  mutating func scanValue() throws(Failure) -> Value {
    guard let byte = peek else { throw Failure(message: "missing ')'") }
    if CallScanner.isDigit(byte) {
      let start = offset
      while offset < end && CallScanner.isDigit(bytes[offset]) { offset += 1 }
      guard offset - start <= ProgramParser.maximumIntegerDigitCount else {
        throw Failure(
          message:
            "integer too large (more than \(ProgramParser.maximumIntegerDigitCount) digits)")
      }
      var value = 0
      for digitOffset in start..<offset {
        value = value * 10 + Int(bytes[digitOffset] - UInt8(ascii: "0"))
      }
      return .integer(value)
    }
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      return .string(try scanString())
    }
    if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
      throw Failure(message: "line numbers are unsigned integers")
    }
    throw Failure(message: "expected an integer or a quoted string")
  }

  // MARK: String literal

  /// Scans a single- or double-quoted literal and returns its unescaped UTF-8.
  mutating func scanString() throws(Failure) -> [UInt8] {
    let quote = bytes[offset]
    offset += 1
    var result: [UInt8] = []
    var runStart = offset
    while offset < end {
      let byte = bytes[offset]
      if byte == quote {
        result.append(contentsOf: bytes[runStart..<offset])
        offset += 1
        return result
      }
      if byte != UInt8(ascii: "\\") {
        offset += 1
        continue
      }
      result.append(contentsOf: bytes[runStart..<offset])
      offset += 1
      guard offset < end else { break }
      let escape = bytes[offset]
      offset += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"):
        result.append(escape)
      case UInt8(ascii: "n"): result.append(0x0A)
      case UInt8(ascii: "r"): result.append(0x0D)
      case UInt8(ascii: "t"): result.append(0x09)
      case UInt8(ascii: "b"): result.append(0x08)
      case UInt8(ascii: "f"): result.append(0x0C)
      case UInt8(ascii: "x"):
        append(scalarValue: try scanHex(digitCount: 2), to: &result)
      case UInt8(ascii: "U"):
        let value = try scanHex(digitCount: 8)
        guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else {
          throw Failure(message: "invalid \\U escape: not a Unicode scalar")
        }
        append(scalarValue: value, to: &result)
      case UInt8(ascii: "u"):
        var value = try scanHex(digitCount: 4)
        if (0xDC00...0xDFFF).contains(value) {
          throw Failure(message: "lone low surrogate in \\u escape")
        }
        if (0xD800...0xDBFF).contains(value) {
          guard offset + 1 < end, bytes[offset] == UInt8(ascii: "\\"),
            bytes[offset + 1] == UInt8(ascii: "u")
          else { throw Failure(message: "lone high surrogate in \\u escape") }
          offset += 2
          let low = try scanHex(digitCount: 4)
          guard (0xDC00...0xDFFF).contains(low) else {
            throw Failure(message: "lone high surrogate in \\u escape")
          }
          value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        append(scalarValue: value, to: &result)
      default:
        throw Failure(message: "unsupported escape sequence")
      }
      runStart = offset
    }
    throw Failure(message: "unterminated string")
  }

  mutating func scanHex(digitCount: Int) throws(Failure) -> Int {
    guard end - offset >= digitCount else { throw Failure(message: "truncated escape sequence") }
    var value = 0
    for _ in 0..<digitCount {
      let byte = bytes[offset]
      let digit: Int
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
      default: throw Failure(message: "invalid hex digit in escape sequence")
      }
      value = value * 16 + digit
      offset += 1
    }
    return value
  }

  /// Appends the UTF-8 encoding of a value already checked to be a Unicode scalar.
  func append(scalarValue: Int, to result: inout [UInt8]) {
    guard let scalar = Unicode.Scalar(UInt32(scalarValue)) else { return }
    UTF8.encode(scalar) { result.append($0) }
  }

  // MARK: Binding

  /// The arguments of a call by parameter slot, at most two (no function takes more): a
  /// pair, not an array, so that binding a call allocates nothing (an array of this private
  /// type also looked its metadata up in the runtime's cache on every call, 1.4% of the
  /// instructions of `apply`'s main thread).
  struct Slots {
    private var values: (Value?, Value?) = (nil, nil)

    subscript(slot: Int) -> Value? {
      get {
        precondition(slot < 2, "a function takes at most two arguments")
        return slot == 0 ? values.0 : values.1
      }
      set {
        precondition(slot < 2, "a function takes at most two arguments")
        if slot == 0 { values.0 = newValue } else { values.1 = newValue }
      }
    }
  }

  func bind(_ arguments: [Argument], to function: Function) throws(Failure) -> ProgramCall {
    var slots = Slots()
    var positionalCount = 0
    var seenKeyword = false
    let names = function.parameterNames
    for argument in arguments {
      let slot: Int
      if let keyword = argument.keyword {
        guard let keywordSlot = function.slot(forKeyword: keyword) else {
          let keywordText = ProgramParser.displayText(keyword, range: keyword.indices, limit: 40)
          throw Failure(message: "unknown keyword '\(keywordText)' for \(function.name)")
        }
        slot = keywordSlot
        seenKeyword = true
      } else {
        guard !seenKeyword else {
          throw Failure(message: "positional argument after keyword argument")
        }
        slot = positionalCount
        positionalCount += 1
      }
      guard slots[slot] == nil else {
        throw Failure(message: "\(names[slot]) given more than once")
      }
      slots[slot] = argument.value
    }
    for slot in 0..<function.parameterCount where slots[slot] == nil {
      throw Failure(message: "missing \(names[slot])")
    }

    switch function {
    case .keepAll:
      return .keepAll
    case .removeLines:
      let start = try lineNumber(slots[0], name: names[0])
      let end = try lineNumber(slots[1], name: names[1])
      guard start <= end else {
        throw Failure(message: "START (\(start)) is greater than END (\(end))")
      }
      return .removeLines(start...end)
    case .removeString:
      let line = try lineNumber(slots[0], name: names[0])
      guard case .string(let text)? = slots[1] else {
        throw Failure(message: "TEXT must be a quoted string")
      }
      guard !text.isEmpty else { throw Failure(message: "TEXT is empty") }
      guard !text.contains(0x0A) && !text.contains(0x0D) else {
        throw Failure(message: "TEXT contains a line break")
      }
      return .removeString(lineNumber: line, text: String(decoding: text, as: UTF8.self))
    }
  }

  func lineNumber(_ value: Value?, name: String) throws(Failure) -> Int {
    guard case .integer(let number)? = value else {
      throw Failure(message: "\(name) must be an integer")
    }
    guard number >= 1 else { throw Failure(message: "\(name) is 0; line numbers start at 1") }
    return number
  }
}

/// An error that ``JSONParser`` throws for input that is not a single valid JSON document.
///
/// `byteOffset` is the 0-based UTF-8 offset of the problem in the parsed buffer (a skipped
/// byte order mark counts). `line` and `column` are 1-based; lines are separated by `\n`
/// and the column counts Unicode scalars (UTF-8 lead bytes) from the start of the line,
/// so a JSON Lines record always has `line == 1`.
///
///     "unterminated string at byte 8 (line 1, column 9)"
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What the parser expected where it found something else.
  public enum Expectation: Hashable, Sendable, CustomStringConvertible {
    /// Any JSON value.
    case value
    /// A string key of an object member.
    case objectKey
    /// The `:` after an object key.
    case colon
    /// A `,` or the `]` that closes an array.
    case commaOrArrayEnd
    /// A `,` or the `}` that closes an object.
    case commaOrObjectEnd

    /// A short phrase naming the expected token.
    public var description: String {
      switch self {
      case .value: return "a value"
      case .objectKey: return "a string key"
      case .colon: return "':'"
      case .commaOrArrayEnd: return "',' or ']'"
      case .commaOrObjectEnd: return "',' or '}'"
      }
    }
  }

  /// The kind of problem, independent of its position.
  public enum Reason: Hashable, Sendable, CustomStringConvertible {
    /// The input ends where a token was expected.
    case unexpectedEndOfInput(expected: Expectation)
    /// A character that cannot start the expected token.
    case unexpectedCharacter(Unicode.Scalar, expected: Expectation)
    /// A word starting like `true`, `false` or `null` that is not one of them.
    case invalidLiteral(expected: String)
    /// A number that breaks the JSON number grammar.
    case invalidNumber(detail: String)
    /// A string without its closing quote; the offset is that of the opening quote.
    case unterminatedString
    /// An unescaped byte below 0x20 inside a string.
    case controlCharacterInString(UInt8)
    /// A backslash followed by a byte that does not start a JSON escape.
    case invalidEscape(UInt8)
    /// A `\u` escape without four hex digits.
    case invalidUnicodeEscape
    /// A `\u` escape of a UTF-16 surrogate that is not part of a valid pair.
    case loneSurrogate(UInt16)
    /// Arrays and objects nested more deeply than the parser's limit.
    case nestingTooDeep(limit: Int)
    /// A byte sequence that is not well-formed UTF-8.
    case invalidUTF8
    /// Non-whitespace after the complete top-level value.
    case trailingCharacters

    /// The message for this problem, without its position.
    public var description: String {
      switch self {
      case .unexpectedEndOfInput(let expected):
        return "unexpected end of input, expected \(expected)"
      case .unexpectedCharacter(let scalar, let expected):
        return "unexpected character \(JSONParseError.quoted(scalar)), expected \(expected)"
      case .invalidLiteral(let expected):
        return "invalid literal, expected '\(expected)'"
      case .invalidNumber(let detail):
        return "invalid number: \(detail)"
      case .unterminatedString:
        return "unterminated string"
      case .controlCharacterInString(let byte):
        return "control character \(JSONParseError.quoted(Unicode.Scalar(byte))) in string"
      case .invalidEscape(let byte):
        if byte > 0x20 && byte < 0x7F { return "invalid escape \\\(Unicode.Scalar(byte))" }
        return
          "invalid escape: '\\' followed by byte 0x\(JSONParseError.hex(UInt32(byte), digits: 2))"
      case .invalidUnicodeEscape:
        return "invalid \\u escape, expected 4 hex digits"
      case .loneSurrogate(let unit):
        return "lone surrogate \\u\(JSONParseError.hex(UInt32(unit), digits: 4))"
      case .nestingTooDeep(let limit):
        return "nesting deeper than \(limit)"
      case .invalidUTF8:
        return "invalid UTF-8"
      case .trailingCharacters:
        return "trailing characters after value"
      }
    }
  }

  /// The kind of problem.
  public let reason: Reason
  /// The 0-based UTF-8 byte offset of the problem in the parsed buffer.
  public let byteOffset: Int
  /// The 1-based line of the problem; lines are separated by `\n`.
  public let line: Int
  /// The 1-based column of the problem, counted in Unicode scalars from the line start.
  public let column: Int

  /// Creates an error with an explicit position.
  public init(reason: Reason, byteOffset: Int, line: Int, column: Int) {
    self.reason = reason
    self.byteOffset = byteOffset
    self.line = line
    self.column = column
  }

  /// Creates an error at `byteOffset` in `input`, computing its line and column.
  ///
  /// - Complexity: O(`byteOffset`).
  init(reason: Reason, byteOffset: Int, in input: UnsafeBufferPointer<UInt8>) {
    var line = 1
    var column = 1
    for offset in 0..<min(byteOffset, input.count) {
      let byte = input[offset]
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if UTF8Validation.isScalarBoundary(byte) {
        column += 1
      }
    }
    self.init(reason: reason, byteOffset: byteOffset, line: line, column: column)
  }

  /// The message for the problem, without its position, such as `unterminated string`.
  public var message: String { reason.description }

  /// The message followed by the position, such as
  /// `invalid UTF-8 at byte 5 (line 1, column 6)`.
  public var description: String {
    "\(message) at byte \(byteOffset) (line \(line), column \(column))"
  }

  /// Shows printable ASCII as `'x'` and anything else as `U+XXXX`.
  static func quoted(_ scalar: Unicode.Scalar) -> String {
    if scalar.value > 0x20 && scalar.value < 0x7F { return "'\(scalar)'" }
    return "U+" + hex(scalar.value, digits: 4)
  }

  /// Formats `value` as upper-case hex with at least `digits` digits.
  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}

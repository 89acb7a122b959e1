/// One instruction of a RefineX deletion program.
///
/// Line numbers are 1-based and chunk-local (Specification §2). A call is only a
/// description; ``ProgramExecutor`` decides whether it applies to a given chunk.
///
///     ProgramCall.removeLines(3...5).rendered                      // remove_lines(3, 5)
///     ProgramCall.removeString(lineNumber: 2, text: "ad").rendered  // remove_str(2, "ad")
public enum ProgramCall: Sendable, Hashable, Codable {
  /// Deletes the lines in the range, 1-based and inclusive: `remove_lines(START, END)`.
  case removeLines(ClosedRange<Int>)
  /// Deletes `text` from line `lineNumber` if it occurs there exactly once:
  /// `remove_str(LINE, "TEXT")`.
  case removeString(lineNumber: Int, text: String)
  /// Leaves the chunk unchanged: `keep_all()`.
  case keepAll

  /// The call in program syntax, without a newline.
  ///
  /// Strings are written in double quotes with JSON-style escapes (see
  /// ``Program/rendered``).
  ///
  /// - Complexity: O(*k*), where *k* is the UTF-8 length of the call's text.
  public var rendered: String {
    var bytes: [UInt8] = []
    appendRendered(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Returns the call with `lineOffset` added to every line number.
  ///
  /// Use it to move a chunk-local call into document coordinates, where
  /// `lineOffset` is the number of document lines before the chunk.
  /// ``keepAll`` is returned unchanged.
  public func offsettingLines(by lineOffset: Int) -> ProgramCall {
    switch self {
    case .removeLines(let range):
      return .removeLines((range.lowerBound + lineOffset)...(range.upperBound + lineOffset))
    case .removeString(let lineNumber, let text):
      return .removeString(lineNumber: lineNumber + lineOffset, text: text)
    case .keepAll:
      return .keepAll
    }
  }

  /// Appends the rendered call to `bytes`.
  func appendRendered(to bytes: inout [UInt8]) {
    switch self {
    case .removeLines(let range):
      bytes.append(contentsOf: "remove_lines(".utf8)
      bytes.appendDecimal(range.lowerBound)
      bytes.append(contentsOf: ", ".utf8)
      bytes.appendDecimal(range.upperBound)
      bytes.append(UInt8(ascii: ")"))
    case .removeString(let lineNumber, let text):
      bytes.append(contentsOf: "remove_str(".utf8)
      bytes.appendDecimal(lineNumber)
      bytes.append(contentsOf: ", ".utf8)
      ProgramCall.appendStringLiteral(text, to: &bytes)
      bytes.append(UInt8(ascii: ")"))
    case .keepAll:
      bytes.append(contentsOf: "keep_all()".utf8)
    }
  }

  /// Appends `text` as a double-quoted literal with JSON-style escapes.
  ///
  /// `"` and `\` are escaped, `\n`, `\r` and `\t` use their short forms, other
  /// bytes below 0x20 become `\u00xx` (lowercase hex), and everything else,
  /// including DEL and non-ASCII, is copied as UTF-8.
  ///
  /// - Complexity: O(*k*), where *k* is the UTF-8 length of `text`.
  static func appendStringLiteral(_ text: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var runStart = 0
      for offset in 0..<utf8.count {
        let byte = utf8[offset]
        guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else {
          continue
        }
        if runStart < offset {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
        }
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        case 0..<0x20:
          bytes.append(UInt8(ascii: "u"))
          bytes.append(UInt8(ascii: "0"))
          bytes.append(UInt8(ascii: "0"))
          bytes.append(hexDigit(byte >> 4))
          bytes.append(hexDigit(byte & 0x0F))
        default: bytes.append(byte)  // " or \
        }
        runStart = offset + 1
      }
      if runStart < utf8.count {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  @inline(__always)
  private static func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
  }
}

/// A RefineX deletion program: a list of calls, one per line when rendered.
///
/// The calls keep the order they were written in. Programs emitted by Scalpel
/// list calls in ascending line order and use ``ProgramCall/keepAll`` only
/// alone (Specification §2); the type itself does not enforce this, and
/// ``ProgramExecutor`` gives the same result for any order.
///
///     let program: Program = [.removeLines(1...1), .removeString(lineNumber: 2, text: "Ads")]
///     program.rendered   // "remove_lines(1, 1)\nremove_str(2, \"Ads\")"
public struct Program: Sendable, Hashable, Codable, ExpressibleByArrayLiteral,
  CustomStringConvertible
{
  /// The calls, in program order.
  public var calls: [ProgramCall]

  /// Creates a program from its calls; an empty list means "keep everything".
  public init(calls: [ProgramCall] = []) {
    self.calls = calls
  }

  /// Creates a program from a list of calls.
  public init(arrayLiteral elements: ProgramCall...) {
    self.calls = elements
  }

  /// Whether executing the program can never change a chunk: it has no calls
  /// or only ``ProgramCall/keepAll`` calls.
  ///
  /// - Complexity: O(*c*), where *c* is the number of calls.
  public var isKeepAll: Bool {
    calls.allSatisfy { $0 == .keepAll }
  }

  /// The program text: one call per line, joined by `\n`, with no trailing newline.
  ///
  /// An empty program renders as `keep_all()`. Strings are double-quoted with
  /// the escapes `\"`, `\\`, `\n`, `\r`, `\t` and `\u00xx` for other control
  /// characters below U+0020; everything else is literal UTF-8.
  ///
  ///     Program(calls: [.removeString(lineNumber: 2, text: "say \"hi\"")]).rendered
  ///     // remove_str(2, "say \"hi\"")
  ///
  /// - Complexity: O(*n*), where *n* is the length of the result.
  public var rendered: String {
    var bytes: [UInt8] = []
    appendRendered(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``rendered`` to `bytes` as UTF-8, without building a `String`.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the rendered program.
  package func appendRendered(to bytes: inout [UInt8]) {
    if calls.isEmpty {
      ProgramCall.keepAll.appendRendered(to: &bytes)
      return
    }
    for (callIndex, call) in calls.enumerated() {
      if callIndex > 0 { bytes.append(UInt8(ascii: "\n")) }
      call.appendRendered(to: &bytes)
    }
  }

  /// The rendered program text.
  public var description: String { rendered }

  /// Returns the program with `lineOffset` added to every line number.
  ///
  /// Merges a chunk program back into document coordinates (Specification §2): pass the
  /// number of document lines before the chunk, so chunk line 1 becomes
  /// document line `lineOffset + 1`. ``ProgramCall/keepAll`` calls stay as they
  /// are. Validate or execute the program against its chunk first: offsetting
  /// cannot tell an out-of-range chunk line from a line of the next chunk.
  ///
  /// - Complexity: O(*c*), where *c* is the number of calls.
  public func offsettingLines(by lineOffset: Int) -> Program {
    Program(calls: calls.map { $0.offsettingLines(by: lineOffset) })
  }
}

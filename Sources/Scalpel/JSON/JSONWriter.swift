/// An appending writer of compact JSON into a byte buffer, for one JSON Lines record at a time.
///
/// The writer inserts the commas between array elements and object members itself; keys are
/// written in exactly the order the caller appends them, so output never depends on
/// `Dictionary` order. It never pretty-prints. Strings escape `"`, `\`, every byte below 0x20
/// (`\n`, `\r`, `\t`, `\b` and `\f` in short form, the rest as `\u00XX`), U+2028/U+2029 (which
/// JavaScript treats as line ends) and U+FEFF (which Foundation's `JSONSerialization` drops at
/// the start of a string or right after an escape); everything else is written as literal UTF-8.
///
///     var writer = JSONWriter()
///     writer.appendObject { object in
///       object.appendKey("id")
///       object.appendString("doc-1")
///       object.appendKey("tokens")
///       object.appendInteger(42)
///     }
///     writer.appendNewline()
///     // writer.bytes holds {"id":"doc-1","tokens":42}\n
///
/// Appending two values without a container or key between them is a caller error that
/// produces invalid JSON.
public struct JSONWriter: Sendable {
  /// The JSON text written so far.
  public private(set) var bytes: [UInt8]
  /// Whether the next value or key in the current container needs a `,` before it.
  private var needsComma = false

  /// Creates an empty writer whose buffer can hold `capacity` bytes without reallocating.
  public init(capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Removes everything written so far, keeping the buffer's capacity for the next record.
  public mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    needsComma = false
  }

  @inline(__always)
  private mutating func beginValue() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
    needsComma = true
  }

  /// Appends `null`.
  public mutating func appendNull() {
    beginValue()
    bytes.append(contentsOf: "null".utf8)
  }

  /// Appends `true` or `false`.
  public mutating func appendBool(_ value: Bool) {
    beginValue()
    bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
  }

  /// Appends an integer in decimal.
  ///
  /// - Complexity: O(number of digits).
  public mutating func appendInteger(_ value: some BinaryInteger) {
    beginValue()
    bytes.append(contentsOf: value.description.utf8)
  }

  /// Appends `string` as a quoted, escaped JSON string.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `string` in UTF-8 bytes.
  public mutating func appendString(_ string: String) {
    beginValue()
    var string = string
    string.withUTF8 { appendQuoted($0) }
  }

  /// Appends the valid UTF-8 `utf8` as a quoted, escaped JSON string, exactly as
  /// ``appendString(_:)`` writes the same text.
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package mutating func appendString(utf8: UnsafeBufferPointer<UInt8>) {
    beginValue()
    appendQuoted(utf8)
  }

  /// Appends a string value whose content is already escaped (as
  /// ``appendEscaped(_:to:)`` writes it): `escapedPrefix`, then `escaped`, in one pair of quotes.
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package mutating func appendString(
    escapedPrefix: UnsafeBufferPointer<UInt8>, escaped: UnsafeBufferPointer<UInt8>
  ) {
    beginValue()
    bytes.append(0x22)
    if !escapedPrefix.isEmpty { bytes.append(contentsOf: escapedPrefix) }
    bytes.append(contentsOf: escaped)
    bytes.append(0x22)
  }

  /// Appends the pair id `<documentID>#<chunkIndex>` as a JSON string, as
  /// `appendString(PairID.make(documentID:chunkIndex:))` writes it, without making the id.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `documentID` in UTF-8 bytes.
  package mutating func appendPairID(documentID: String, chunkIndex: Int) {
    beginValue()
    bytes.append(0x22)
    var documentID = documentID
    documentID.withUTF8 { appendEscaped($0) }
    bytes.append(UInt8(ascii: "#"))
    bytes.appendDecimal(chunkIndex)
    bytes.append(0x22)
  }

  /// Appends the key of the next object member and its `:`; append the member's value next.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `key` in UTF-8 bytes.
  public mutating func appendKey(_ key: String) {
    appendString(key)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// Appends an object whose members `body` appends with ``appendKey(_:)`` and a value each.
  public mutating func appendObject<E: Error>(_ body: (inout JSONWriter) throws(E) -> Void)
    throws(E)
  {
    beginValue()
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
    try body(&self)
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Appends an array whose elements `body` appends.
  public mutating func appendArray<E: Error>(_ body: (inout JSONWriter) throws(E) -> Void)
    throws(E)
  {
    beginValue()
    bytes.append(UInt8(ascii: "["))
    needsComma = false
    try body(&self)
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Appends already serialised JSON text as one value, without checking it.
  ///
  /// - Parameter json: One complete, valid JSON value in UTF-8.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public mutating func appendRawJSON(_ json: some Sequence<UInt8>) {
    beginValue()
    bytes.append(contentsOf: json)
  }

  /// Appends `value` in compact form, keeping member order and raw number text.
  ///
  /// - Precondition: Every `.number` holds text that follows the JSON number grammar.
  /// - Complexity: O(*n*), where *n* is the size of the output.
  public mutating func appendValue(_ value: JSONValue) {
    switch value {
    case .null:
      appendNull()
    case .bool(let bool):
      appendBool(bool)
    case .number(let text):
      precondition(JSONWriter.isValidNumber(text), "JSONValue.number holds invalid text")
      appendRawJSON(text.utf8)
    case .string(let string):
      appendString(string)
    case .array(let elements):
      appendArray { writer in
        for element in elements { writer.appendValue(element) }
      }
    case .object(let members):
      appendObject { writer in
        for member in members {
          writer.appendKey(member.key)
          writer.appendValue(member.value)
        }
      }
    }
  }

  /// Appends the `\n` that ends a JSON Lines record; the next value starts a new record.
  public mutating func appendNewline() {
    bytes.append(UInt8(ascii: "\n"))
    needsComma = false
  }

  // MARK: - Escaping

  /// Returns the offset of the first byte at or after `start` that may need escaping:
  /// `"`, `\`, a byte below 0x20, 0xE2 (the lead byte of U+2028 and U+2029) or 0xEF (the lead
  /// byte of U+FEFF).
  @inline(__always)
  private static func offsetOfSpecialByte(in utf8: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int
  {
    var offset = start
    let count = utf8.count
    if let base = utf8.baseAddress {
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      while offset &+ 8 <= count {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let e2s = word ^ (ones &* 0xE2)
        let efs = word ^ (ones &* 0xEF)
        let special =
          ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
          | ((e2s &- ones) & ~e2s) | ((efs &- ones) & ~efs) | ((word &- ones &* 0x20) & ~word)
        // A borrow can only mark bytes above a true match, so the lowest mark is the first
        // special byte.
        let marks = special & highs
        if marks != 0 { return offset &+ marks.trailingZeroBitCount &>> 3 }
        offset &+= 8
      }
    }
    while offset < count {
      let byte = utf8[offset]
      if byte == 0x22 || byte == 0x5C || byte < 0x20 || byte == 0xE2 || byte == 0xEF {
        return offset
      }
      offset &+= 1
    }
    return count
  }

  /// Appends valid UTF-8 `utf8` in quotes, escaping what JSON, JavaScript and Foundation need.
  private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
    bytes.reserveCapacity(bytes.count + utf8.count + 2)
    bytes.append(0x22)
    appendEscaped(utf8)
    bytes.append(0x22)
  }

  /// Appends valid UTF-8 `utf8` escaped, without quotes. Escaping a concatenation of valid
  /// UTF-8 texts gives the concatenation of their escapes (no escaped sequence spans two
  /// scalars), so a string may be written in pieces between one pair of quotes.
  ///
  /// Runs of bytes that need no escape are found a word at a time and copied in one go.
  private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    JSONWriter.appendEscaped(utf8, to: &bytes)
  }

  /// The escape of the byte at `offset` of `utf8`, one that `offsetOfSpecialByte` stops at:
  /// its text, the bytes of `utf8` it replaces, and whether the byte's two hex digits follow
  /// the text (`\u00XX`); `nil` for a lead byte that starts no escaped character.
  @inline(__always)
  private static func escape(at offset: Int, in utf8: UnsafeBufferPointer<UInt8>) -> (
    text: StaticString, replacedUTF8Count: Int, appendsHexByte: Bool
  )? {
    let count = utf8.count
    switch utf8[offset] {
    case 0x22: return ("\\\"", 1, false)
    case 0x5C: return ("\\\\", 1, false)
    case 0x0A: return ("\\n", 1, false)
    case 0x0D: return ("\\r", 1, false)
    case 0x09: return ("\\t", 1, false)
    case 0x08: return ("\\b", 1, false)
    case 0x0C: return ("\\f", 1, false)
    case 0xE2:
      guard
        offset + 2 < count && utf8[offset + 1] == 0x80
          && (utf8[offset + 2] == 0xA8 || utf8[offset + 2] == 0xA9)
      else { return nil }
      return (utf8[offset + 2] == 0xA8 ? "\\u2028" : "\\u2029", 3, false)
    case 0xEF:
      guard offset + 2 < count && utf8[offset + 1] == 0xBB && utf8[offset + 2] == 0xBF
      else { return nil }
      return ("\\ufeff", 3, false)
    default:
      return ("\\u00", 1, true)
    }
  }

  /// Appends valid UTF-8 `utf8` to `bytes` escaped as string content, without quotes,
  /// exactly as a string value's content is written (see `appendEscaped(_:)`).
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    let count = utf8.count
    var runStart = 0
    var offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: 0)
    while offset < count {
      let byte = utf8[offset]
      guard let (replacement, escapeLength, needsHexByte) = JSONWriter.escape(at: offset, in: utf8)
      else {
        offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: offset + 1)
        continue
      }
      if runStart < offset {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
      }
      bytes.append(
        contentsOf: UnsafeBufferPointer(
          start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
      if needsHexByte {
        bytes.append(JSONWriter.hexDigit(byte >> 4))
        bytes.append(JSONWriter.hexDigit(byte & 0xF))
      }
      offset += escapeLength
      runStart = offset
      offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: offset)
    }
    if runStart < count {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }
  }

  /// Writes valid UTF-8 `utf8` escaped as ``appendEscaped(_:to:)`` appends it, to
  /// `destination`, which has room for 6 bytes per byte of `utf8`, and returns the number
  /// of bytes written.
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package static func writeEscaped(
    _ utf8: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>
  ) -> Int {
    guard let source = utf8.baseAddress else { return 0 }
    let count = utf8.count
    var written = 0
    var runStart = 0
    var offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: 0)
    @inline(__always) func copyRun(upTo end: Int) {
      if runStart < end {
        (destination + written).update(from: source + runStart, count: end &- runStart)
        written &+= end &- runStart
      }
    }
    @inline(__always) func write(_ byte: UInt8) {
      destination[written] = byte
      written &+= 1
    }
    while offset < count {
      let byte = utf8[offset]
      guard let (replacement, escapeLength, needsHexByte) = JSONWriter.escape(at: offset, in: utf8)
      else {
        offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: offset + 1)
        continue
      }
      copyRun(upTo: offset)
      let text = replacement.utf8Start
      for index in 0..<replacement.utf8CodeUnitCount { write(text[index]) }
      if needsHexByte {
        write(JSONWriter.hexDigit(byte >> 4))
        write(JSONWriter.hexDigit(byte & 0xF))
      }
      offset += escapeLength
      runStart = offset
      offset = JSONWriter.offsetOfSpecialByte(in: utf8, from: offset)
    }
    copyRun(upTo: count)
    return written
  }

  @inline(__always)
  private static func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
  }

  /// Returns whether `text` follows the JSON number grammar.
  static func isValidNumber(_ text: String) -> Bool {
    var utf8 = text.utf8.makeIterator()
    var next = utf8.next()
    func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 &- 0x30 < 10 } ?? false }
    if next == UInt8(ascii: "-") { next = utf8.next() }
    if next == UInt8(ascii: "0") {
      next = utf8.next()
    } else {
      guard isDigit(next) else { return false }
      while isDigit(next) { next = utf8.next() }
    }
    if next == UInt8(ascii: ".") {
      next = utf8.next()
      guard isDigit(next) else { return false }
      while isDigit(next) { next = utf8.next() }
    }
    if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
      next = utf8.next()
      if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = utf8.next() }
      guard isDigit(next) else { return false }
      while isDigit(next) { next = utf8.next() }
    }
    return next == nil
  }
}

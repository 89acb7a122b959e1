/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// The parser accepts exactly one JSON value surrounded by optional whitespace, optionally
/// preceded by a UTF-8 byte order mark. It validates UTF-8 everywhere, decodes escapes,
/// combines surrogate pairs and rejects lone surrogates, and limits nesting depth. It is
/// iterative, so deeply nested input cannot overflow the stack, and it runs in linear time.
///
///     let value = try JSONParser().parse(Array(#"{"text": "a\nb"}"#.utf8))
///     value["text"]?.stringValue   // "a\nb"
///
/// Errors carry the 0-based UTF-8 byte offset of the problem, see ``JSONParseError``.
public struct JSONParser: Sendable {
  /// The default limit on the nesting of arrays and objects.
  public static let defaultMaximumDepth = 512

  /// The largest number of arrays and objects that may enclose one another.
  ///
  /// Parsing itself never recurses, whatever the limit. Comparing, serialising and
  /// releasing a ``JSONValue`` do recurse, so keep the limit in the thousands at most.
  public var maximumDepth: Int

  /// Creates a parser that accepts nesting up to `maximumDepth` levels.
  public init(maximumDepth: Int = JSONParser.defaultMaximumDepth) {
    precondition(maximumDepth >= 0, "maximumDepth must not be negative")
    self.maximumDepth = maximumDepth
  }

  /// Parses one JSON document from UTF-8 bytes.
  ///
  /// - Parameter bytes: The whole document; a leading UTF-8 byte order mark is skipped.
  /// - Returns: The document's value.
  /// - Throws: ``JSONParseError`` for the first problem found, with its byte offset.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
    var state = JSONParserState(input: bytes, maximumDepth: maximumDepth)
    return try state.parseDocument()
  }

  /// Parses one JSON document from UTF-8 bytes.
  ///
  /// - Throws: ``JSONParseError`` for the first problem found, with its byte offset.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(JSONParseError) in try parse(buffer) }
    }
    return try result.get()
  }

  /// Parses one JSON document from UTF-8 bytes, giving the string values of the top-level
  /// object's members named in `byteStringKeys` as UTF-8 bytes instead of strings, so that
  /// a large text is decoded once, into storage of its own, and not copied again.
  ///
  /// In the returned value such a member's string is empty. Its bytes are in
  /// `byteStrings`, in the order of `byteStringKeys`: those of the last member of that
  /// name, the one that ``JSONValue/subscript(_:)`` finds, or `nil` when there is none or
  /// its value is not a string. For each byte string without a carriage return,
  /// `lineStarts` holds the start offset of each of its lines, found while it is decoded (a
  /// JSON string holds its line feeds as escapes): `NormalizedText.lineStarts(of:)` of its
  /// bytes. A byte string with a carriage return has none (its newlines are normalised
  /// first). The document is checked and rejected exactly as by ``parse(_:)-([UInt8])``.
  ///
  /// - Throws: ``JSONParseError`` for the first problem found, with its byte offset.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package func parseWithLineStarts(_ bytes: [UInt8], byteStringKeys: [String])
    throws(JSONParseError) -> (
      value: JSONValue, byteStrings: [[UInt8]?], lineStarts: [[Int]?]
    )
  {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(JSONParseError) in
        var state = JSONParserState(input: buffer, maximumDepth: maximumDepth)
        state.byteStringKeys = byteStringKeys
        state.byteStrings = Array(repeating: nil, count: byteStringKeys.count)
        state.byteStringLineStarts = Array(repeating: nil, count: byteStringKeys.count)
        let value = try state.parseDocument()
        return (value, state.byteStrings, state.byteStringLineStarts)
      }
    }
    return try result.get()
  }

  /// Parses one JSON document from UTF-8 bytes, building only the string values of the
  /// top-level object's members named in `stringKeys`: the string value of any other
  /// top-level member is checked as ``parse(_:)-([UInt8])`` checks it but read as `""`, so
  /// that a reader of a few fields does not build the large strings it never reads.
  ///
  /// The document is checked and rejected exactly as by ``parse(_:)-([UInt8])``, with the
  /// same error at the same offset; nested values and non-string members are built whole.
  ///
  /// - Throws: ``JSONParseError`` for the first problem found, with its byte offset.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package func parse(_ bytes: [UInt8], stringKeys: [String]) throws(JSONParseError) -> JSONValue {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(JSONParseError) in
        var state = JSONParserState(input: buffer, maximumDepth: maximumDepth)
        state.builtStringKeys = stringKeys
        return try state.parseDocument()
      }
    }
    return try result.get()
  }

  /// Parses one JSON document from the UTF-8 bytes of `text`.
  ///
  /// - Throws: ``JSONParseError`` for the first problem found, with its byte offset.
  /// - Complexity: O(*n*), where *n* is the length of `text` in UTF-8 bytes.
  public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    var text = text
    let result = text.withUTF8 { buffer in
      Result { () throws(JSONParseError) in try parse(buffer) }
    }
    return try result.get()
  }
}

/// The mutable state of one parse: the input, the position and the container stacks.
struct JSONParserState {
  private let input: UnsafeBufferPointer<UInt8>
  private let count: Int
  private let maximumDepth: Int
  private var position = 0
  /// The members of the top-level object whose strings are read as bytes.
  var byteStringKeys: [String] = []
  /// Their bytes, by index in `byteStringKeys` (the last member of a key wins).
  var byteStrings: [[UInt8]?] = []
  /// The line starts of those without a carriage return, by index in `byteStringKeys`.
  var byteStringLineStarts: [[Int]?] = []
  /// When not `nil`, the top-level members whose string values are built; those of the
  /// others are checked by ``skipString()`` and read as `""`.
  var builtStringKeys: [String]? = nil
  /// The decoded offsets after the line feeds of the byte string being decoded, reused from
  /// string to string.
  private var newlineEnds: [Int] = []

  /// An open array or object.
  private struct Frame {
    var isObject: Bool
    /// The index in `values` of the container's first element or member value.
    var valueStart: Int
  }

  init(input: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
    self.input = input
    self.count = input.count
    self.maximumDepth = maximumDepth
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    if count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
      position = 3
    }
    var frames: [Frame] = []
    var values: [JSONValue] = []
    var keys: [String] = []

    parseValue: while true {
      skipWhitespace()
      guard position < count else { throw error(.unexpectedEndOfInput(expected: .value)) }
      var value: JSONValue
      if !byteStringKeys.isEmpty && frames.count == 1 && frames[0].isObject
        && input[position] != Self.quote, let key = keys.last,
        let keyIndex = byteStringKeys.firstIndex(of: key)
      {
        // A later member of that name that is not a string: no byte string, as its value.
        byteStrings[keyIndex] = nil
        byteStringLineStarts[keyIndex] = nil
      }
      switch input[position] {
      case UInt8(ascii: "{"):
        guard frames.count < maximumDepth else {
          throw error(.nestingTooDeep(limit: maximumDepth))
        }
        position &+= 1
        skipWhitespace()
        if position < count && input[position] == UInt8(ascii: "}") {
          position &+= 1
          value = .object([])
        } else {
          frames.append(Frame(isObject: true, valueStart: values.count))
          keys.append(try parseKey())
          continue parseValue
        }
      case UInt8(ascii: "["):
        guard frames.count < maximumDepth else {
          throw error(.nestingTooDeep(limit: maximumDepth))
        }
        position &+= 1
        skipWhitespace()
        if position < count && input[position] == UInt8(ascii: "]") {
          position &+= 1
          value = .array([])
        } else {
          frames.append(Frame(isObject: false, valueStart: values.count))
          continue parseValue
        }
      case Self.quote:
        if !byteStringKeys.isEmpty && frames.count == 1 && frames[0].isObject,
          let key = keys.last, let keyIndex = byteStringKeys.firstIndex(of: key)
        {
          let (bytes, lineStarts) = try parseStringBytes()
          byteStrings[keyIndex] = bytes
          byteStringLineStarts[keyIndex] = lineStarts
          value = .string("")
        } else if let builtStringKeys, frames.count == 1 && frames[0].isObject,
          let key = keys.last, !builtStringKeys.contains(key)
        {
          try skipString()
          value = .string("")
        } else {
          value = .string(try parseString())
        }
      case UInt8(ascii: "t"):
        try parseLiteral("true")
        value = .bool(true)
      case UInt8(ascii: "f"):
        try parseLiteral("false")
        value = .bool(false)
      case UInt8(ascii: "n"):
        try parseLiteral("null")
        value = .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = .number(try parseNumber())
      default:
        throw unexpectedCharacter(expected: .value)
      }

      // A value is complete: attach it to its container and close finished containers.
      while true {
        guard let frame = frames.last else {
          skipWhitespace()
          guard position == count else { throw error(.trailingCharacters) }
          return value
        }
        values.append(value)
        skipWhitespace()
        let expectation: JSONParseError.Expectation =
          frame.isObject ? .commaOrObjectEnd : .commaOrArrayEnd
        guard position < count else { throw error(.unexpectedEndOfInput(expected: expectation)) }
        let byte = input[position]
        if byte == UInt8(ascii: ",") {
          position &+= 1
          if frame.isObject {
            skipWhitespace()
            keys.append(try parseKey())
          }
          continue parseValue
        }
        if frame.isObject && byte == UInt8(ascii: "}") {
          position &+= 1
          let memberCount = values.count - frame.valueStart
          let keyStart = keys.count - memberCount
          var members: [(key: String, value: JSONValue)] = []
          members.reserveCapacity(memberCount)
          for offset in 0..<memberCount {
            members.append((key: keys[keyStart + offset], value: values[frame.valueStart + offset]))
          }
          keys.removeSubrange(keyStart...)
          values.removeSubrange(frame.valueStart...)
          frames.removeLast()
          value = .object(members)
          continue
        }
        if !frame.isObject && byte == UInt8(ascii: "]") {
          position &+= 1
          let elements = Array(values[frame.valueStart...])
          values.removeSubrange(frame.valueStart...)
          frames.removeLast()
          value = .array(elements)
          continue
        }
        throw unexpectedCharacter(expected: expectation)
      }
    }
  }

  // MARK: - Tokens

  @inline(__always)
  private mutating func skipWhitespace() {
    while position < count {
      switch input[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position &+= 1
      default: return
      }
    }
  }

  /// Parses `"key"` and the `:` after it; whitespace before the key is already skipped.
  private mutating func parseKey() throws(JSONParseError) -> String {
    guard position < count else { throw error(.unexpectedEndOfInput(expected: .objectKey)) }
    guard input[position] == Self.quote else { throw unexpectedCharacter(expected: .objectKey) }
    let key = try parseString()
    skipWhitespace()
    guard position < count else { throw error(.unexpectedEndOfInput(expected: .colon)) }
    guard input[position] == UInt8(ascii: ":") else { throw unexpectedCharacter(expected: .colon) }
    position &+= 1
    return key
  }

  private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
    let length = literal.utf8CodeUnitCount
    let start = position
    if count - start >= length {
      let text = literal.utf8Start
      var offset = 0
      while offset < length && input[start + offset] == text[offset] { offset += 1 }
      if offset == length {
        position = start + length
        return
      }
    }
    throw error(.invalidLiteral(expected: literal.description))
  }

  @inline(__always)
  private func isDigit(at offset: Int) -> Bool {
    offset < count && input[offset] &- UInt8(ascii: "0") < 10
  }

  private mutating func parseNumber() throws(JSONParseError) -> String {
    let start = position
    var offset = position
    if input[offset] == UInt8(ascii: "-") {
      offset += 1
      guard isDigit(at: offset) else {
        throw error(.invalidNumber(detail: "expected digit after '-'"), at: offset)
      }
    }
    if input[offset] == UInt8(ascii: "0") {
      offset += 1
      if isDigit(at: offset) { throw error(.invalidNumber(detail: "leading zero"), at: start) }
    } else {
      while isDigit(at: offset) { offset += 1 }
    }
    if offset < count && input[offset] == UInt8(ascii: ".") {
      offset += 1
      guard isDigit(at: offset) else {
        throw error(.invalidNumber(detail: "expected digit after '.'"), at: offset)
      }
      while isDigit(at: offset) { offset += 1 }
    }
    if offset < count && (input[offset] | 0x20) == UInt8(ascii: "e") {
      offset += 1
      if offset < count
        && (input[offset] == UInt8(ascii: "+") || input[offset] == UInt8(ascii: "-"))
      {
        offset += 1
      }
      guard isDigit(at: offset) else {
        throw error(.invalidNumber(detail: "expected digit in exponent"), at: offset)
      }
      while isDigit(at: offset) { offset += 1 }
    }
    position = offset
    return String(decoding: UnsafeBufferPointer(rebasing: input[start..<offset]), as: UTF8.self)
  }

  // MARK: - Strings

  /// Returns the offset of the first `"`, `\`, control byte or byte above 0x7F at or after
  /// `start`, or `count`.
  ///
  /// Scans eight bytes at a time. A high bit marks a byte above 0x7F; in the other bytes,
  /// `"`, `\` and the bytes below 0x20 are those whose subtraction borrows, and a borrow only
  /// marks bytes above a true match, so the lowest mark is the first byte sought.
  @inline(__always)
  private func offsetOfStringSpecialByte(from start: Int) -> Int {
    var offset = start
    if let base = input.baseAddress {
      let ones: UInt64 = 0x0101_0101_0101_0101
      while offset &+ 8 <= count {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let marks =
          (word | (word &- ones &* 0x20) | (quotes &- ones) | (backslashes &- ones))
          & 0x8080_8080_8080_8080
        if marks != 0 { return offset &+ marks.trailingZeroBitCount &>> 3 }
        offset &+= 8
      }
    }
    while offset < count {
      let byte = input[offset]
      if byte == Self.quote || byte == Self.backslash || byte < 0x20 || byte >= 0x80 {
        return offset
      }
      offset &+= 1
    }
    return count
  }

  /// Returns the offset of the first `"`, `\` or control byte at or after `start`, or `count`,
  /// validating the UTF-8 sequences on the way: the first ill-formed one sets `firstInvalid`
  /// if it is `nil`.
  @inline(__always)
  private func offsetOfStringSpecialByte(from start: Int, firstInvalid: inout Int?) -> Int {
    var offset = offsetOfStringSpecialByte(from: start)
    while offset < count && input[offset] >= 0x80 {
      if let length = UTF8Validation.wellFormedSequenceLength(in: input, at: offset) {
        offset &+= length
      } else {
        if firstInvalid == nil { firstInvalid = offset }
        offset &+= 1
      }
      offset = offsetOfStringSpecialByte(from: offset)
    }
    return offset
  }

  /// Parses a string starting at the opening quote at `position`.
  private mutating func parseString() throws(JSONParseError) -> String {
    let quoteOffset = position
    let contentStart = position + 1
    var firstInvalid: Int? = nil
    let offset = offsetOfStringSpecialByte(from: contentStart, firstInvalid: &firstInvalid)
    guard offset < count else { throw error(.unterminatedString, at: quoteOffset) }
    if input[offset] == Self.quote {
      // Fast path: no escapes.
      if let firstInvalid { throw error(.invalidUTF8, at: firstInvalid) }
      position = offset + 1
      return String(
        decoding: UnsafeBufferPointer(rebasing: input[contentStart..<offset]), as: UTF8.self)
    }
    // The bytes before the first escape are scanned again, by the decoding pass.
    var newlineEnds: [Int] = []
    var hasCarriageReturn = false
    let bytes = try decodeString(
      quoteOffset: quoteOffset, contentStart: contentStart, recordsNewlines: false,
      newlineEnds: &newlineEnds, hasCarriageReturn: &hasCarriageReturn)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Checks the string starting at the opening quote at `position` as ``parseString()``
  /// does, throwing the same error at the same offset, without building it, and moves
  /// `position` past its closing quote.
  ///
  /// As in ``decode(from:contentStart:quoteOffset:firstInvalid:into:recordsNewlines:newlineEnds:hasCarriageReturn:)``,
  /// a control byte, a bad escape or a missing closing quote is reported where it is met,
  /// and the first ill-formed UTF-8 sequence once the string is otherwise well formed.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the raw content.
  private mutating func skipString() throws(JSONParseError) {
    let quoteOffset = position
    var firstInvalid: Int? = nil
    var offset = offsetOfStringSpecialByte(from: position &+ 1, firstInvalid: &firstInvalid)
    while true {
      guard offset < count else { throw error(.unterminatedString, at: quoteOffset) }
      let byte = input[offset]
      if byte == Self.quote { break }
      if byte != Self.backslash { throw error(.controlCharacterInString(byte), at: offset) }
      let (_, escapeEnd) = try escapedScalar(at: offset, quoteOffset: quoteOffset)
      offset = offsetOfStringSpecialByte(from: escapeEnd, firstInvalid: &firstInvalid)
    }
    if let firstInvalid { throw error(.invalidUTF8, at: firstInvalid) }
    position = offset &+ 1
  }

  /// Parses a string starting at the opening quote at `position`, as ``parseString()``
  /// does, into an array of its UTF-8 bytes of its own.
  /// With its line starts (``JSONParser/parseWithLineStarts(_:byteStringKeys:)``), `nil` when
  /// it holds a carriage return.
  private mutating func parseStringBytes() throws(JSONParseError) -> (
    bytes: [UInt8], lineStarts: [Int]?
  ) {
    let quoteOffset = position
    let contentStart = position + 1
    var newlineEnds: [Int] = []
    swap(&newlineEnds, &self.newlineEnds)
    defer { swap(&newlineEnds, &self.newlineEnds) }
    newlineEnds.removeAll(keepingCapacity: true)
    // A guess of one line per 64 bytes, so that the scratch rarely grows.
    newlineEnds.reserveCapacity((count &- contentStart) &>> 6 &+ 16)
    var hasCarriageReturn = false
    let bytes = try decodeString(
      quoteOffset: quoteOffset, contentStart: contentStart, recordsNewlines: true,
      newlineEnds: &newlineEnds, hasCarriageReturn: &hasCarriageReturn)
    if hasCarriageReturn { return (bytes, nil) }
    return (bytes, Self.lineStarts(count: bytes.count, newlineEnds: newlineEnds))
  }

  /// The line starts of `count` decoded bytes from the offsets after their line feeds,
  /// `newlineEnds`: 0 and every offset after a line feed but the end, at its exact size.
  private static func lineStarts(count: Int, newlineEnds: [Int]) -> [Int] {
    guard count > 0 else { return [] }
    let endsWithNewline = newlineEnds.last == count
    let lineCount = 1 + newlineEnds.count - (endsWithNewline ? 1 : 0)
    return [Int](unsafeUninitializedCapacity: lineCount) { buffer, initializedCount in
      buffer[0] = 0
      newlineEnds.withUnsafeBufferPointer { ends in
        guard let source = ends.baseAddress, lineCount > 1 else { return }
        (buffer.baseAddress! + 1).update(from: source, count: lineCount &- 1)
      }
      initializedCount = lineCount
    }
  }

  /// Decodes the content of the string whose opening quote is at `quoteOffset` into an
  /// array of its own, validating its UTF-8 in the same pass, and moves `position` past its
  /// closing quote.
  ///
  /// Content without escapes is copied whole, at its exact size; content with escapes is
  /// decoded into storage sized by the rest of the input (escapes only shrink, and the
  /// closing quote is still ahead): reserved, not scanned for first (pages past the content
  /// are never written). Escapes are ASCII and decode to whole scalars, so the raw content
  /// is ill-formed exactly where the decoded content is; the first ill-formed sequence is
  /// reported once the string is otherwise well formed, as a check of the whole would be.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the raw content.
  ///
  /// With `recordsNewlines`, the decoded offset after each line feed is appended to
  /// `newlineEnds` and a carriage return sets `hasCarriageReturn`.
  private mutating func decodeString(
    quoteOffset: Int, contentStart: Int, recordsNewlines: Bool, newlineEnds: inout [Int],
    hasCarriageReturn: inout Bool
  ) throws(JSONParseError) -> [UInt8] {
    var firstInvalid: Int? = nil
    let offset = offsetOfStringSpecialByte(from: contentStart, firstInvalid: &firstInvalid)
    guard offset < count else { throw error(.unterminatedString, at: quoteOffset) }
    if input[offset] == Self.quote {
      if let firstInvalid { throw error(.invalidUTF8, at: firstInvalid) }
      position = offset + 1
      return Array(UnsafeBufferPointer(rebasing: input[contentStart..<offset]))
    }
    var failure: JSONParseError? = nil
    var end = offset
    let bytes = [UInt8](unsafeUninitializedCapacity: count - contentStart) {
      buffer, initializedCount in
      // Not nil: the capacity is at least 1, the byte at `offset`.
      guard let destination = buffer.baseAddress else { return }
      do throws(JSONParseError) {
        (end, initializedCount) = try decode(
          from: offset, contentStart: contentStart, quoteOffset: quoteOffset,
          firstInvalid: &firstInvalid, into: destination, recordsNewlines: recordsNewlines,
          newlineEnds: &newlineEnds, hasCarriageReturn: &hasCarriageReturn)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    if let firstInvalid { throw error(.invalidUTF8, at: firstInvalid) }
    position = end + 1
    return bytes
  }

  /// Decodes the content of a string from `contentStart` to `destination`, which holds at
  /// least the raw content's length (decoded content is never longer); `offset` is that of
  /// its first `"`, `\` or control byte, which is not its closing quote, the bytes before it
  /// validated. The rest is validated on the way, into `firstInvalid`.
  ///
  /// - Returns: The offset of the closing quote and the number of bytes written.
  @inline(__always)
  private func decode(
    from offset: Int, contentStart: Int, quoteOffset: Int, firstInvalid: inout Int?,
    into destination: UnsafeMutablePointer<UInt8>, recordsNewlines: Bool,
    newlineEnds: inout [Int], hasCarriageReturn: inout Bool
  ) throws(JSONParseError) -> (end: Int, written: Int) {
    // Not nil: `offset` < `count`.
    let source = input.baseAddress!
    var offset = offset
    var runStart = contentStart
    var written = 0
    while true {
      let byte = input[offset]
      if byte == Self.quote { break }
      if byte != Self.backslash { throw error(.controlCharacterInString(byte), at: offset) }
      (destination + written).update(from: source + runStart, count: offset &- runStart)
      written &+= offset &- runStart
      if offset &+ 1 < count, let decoded = Self.simpleEscape(input[offset &+ 1]) {
        // `\n`, `\"` and the like, the common escapes, decoded in place.
        destination[written] = decoded
        written &+= 1
        runStart = offset &+ 2
        if recordsNewlines && decoded < 0x0E {
          if decoded == 0x0A { newlineEnds.append(written) }
          if decoded == 0x0D { hasCarriageReturn = true }
        }
      } else {
        let (scalar, escapeEnd) = try escapedScalar(at: offset, quoteOffset: quoteOffset)
        written &+= Self.writeUTF8(scalar, to: destination + written)
        runStart = escapeEnd
        if recordsNewlines {
          if scalar == 0x0A { newlineEnds.append(written) }
          if scalar == 0x0D { hasCarriageReturn = true }
        }
      }
      offset = offsetOfStringSpecialByte(from: runStart, firstInvalid: &firstInvalid)
      guard offset < count else { throw error(.unterminatedString, at: quoteOffset) }
    }
    (destination + written).update(from: source + runStart, count: offset &- runStart)
    written &+= offset &- runStart
    return (offset, written)
  }

  /// Decodes the escape whose backslash is at `offset`: the scalar it stands for (a
  /// surrogate pair combined) and the offset just after it. Its UTF-8 form is never longer
  /// than the escape.
  private func escapedScalar(at offset: Int, quoteOffset: Int) throws(JSONParseError)
    -> (scalar: UInt32, end: Int)
  {
    guard offset + 1 < count else { throw error(.unterminatedString, at: quoteOffset) }
    let escaped = input[offset + 1]
    if let decodedByte = Self.simpleEscape(escaped) { return (UInt32(decodedByte), offset + 2) }
    switch escaped {
    case UInt8(ascii: "u"):
      let unit = try hexQuad(at: offset + 2, escapeOffset: offset)
      var scalarValue = UInt32(unit)
      var end = offset + 6
      switch unit {
      case 0xD800..<0xDC00:
        guard end + 1 < count && input[end] == Self.backslash && input[end + 1] == UInt8(ascii: "u")
        else { throw error(.loneSurrogate(unit), at: offset) }
        let low = try hexQuad(at: end + 2, escapeOffset: end)
        guard (0xDC00..<0xE000).contains(low) else { throw error(.loneSurrogate(unit), at: offset) }
        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        end += 6
      case 0xDC00..<0xE000:
        throw error(.loneSurrogate(unit), at: offset)
      default:
        break
      }
      return (scalarValue, end)
    default:
      throw error(.invalidEscape(escaped), at: offset)
    }
  }

  /// The byte that the one-letter escape `\` `escaped` stands for, or `nil` for `u` and
  /// for bytes that start no escape.
  @inline(__always)
  private static func simpleEscape(_ escaped: UInt8) -> UInt8? {
    switch escaped {
    case Self.quote, Self.backslash, UInt8(ascii: "/"): return escaped
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
  }

  /// Reads four hex digits at `offset` as a UTF-16 code unit.
  private func hexQuad(at offset: Int, escapeOffset: Int) throws(JSONParseError) -> UInt16 {
    guard offset + 4 <= count else { throw error(.invalidUnicodeEscape, at: escapeOffset) }
    var unit: UInt16 = 0
    for index in offset..<(offset + 4) {
      let byte = input[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error(.invalidUnicodeEscape, at: escapeOffset)
      }
      unit = unit << 4 | UInt16(digit)
    }
    return unit
  }

  /// Writes the UTF-8 form of scalar `value` at `destination`; returns its length.
  @inline(__always)
  private static func writeUTF8(_ value: UInt32, to destination: UnsafeMutablePointer<UInt8>)
    -> Int
  {
    switch value {
    case 0..<0x80:
      destination[0] = UInt8(value)
      return 1
    case 0x80..<0x800:
      destination[0] = UInt8(0xC0 | value >> 6)
      destination[1] = UInt8(0x80 | value & 0x3F)
      return 2
    case 0x800..<0x10000:
      destination[0] = UInt8(0xE0 | value >> 12)
      destination[1] = UInt8(0x80 | value >> 6 & 0x3F)
      destination[2] = UInt8(0x80 | value & 0x3F)
      return 3
    default:
      destination[0] = UInt8(0xF0 | value >> 18)
      destination[1] = UInt8(0x80 | value >> 12 & 0x3F)
      destination[2] = UInt8(0x80 | value >> 6 & 0x3F)
      destination[3] = UInt8(0x80 | value & 0x3F)
      return 4
    }
  }

  // MARK: - Errors

  private func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
    JSONParseError(reason: reason, byteOffset: offset ?? position, in: input)
  }

  /// Describes the character at `position`, which is not what the grammar expects.
  private func unexpectedCharacter(expected: JSONParseError.Expectation) -> JSONParseError {
    let byte = input[position]
    if byte < 0x80 {
      return error(.unexpectedCharacter(Unicode.Scalar(byte), expected: expected))
    }
    let rest = UnsafeBufferPointer(rebasing: input[position...])
    var iterator = rest.makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) {
      return error(.unexpectedCharacter(scalar, expected: expected))
    }
    return error(.invalidUTF8)
  }
}

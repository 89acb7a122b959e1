#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A validated UTF-8 document with normalised newlines and a line table.
///
/// `\r\n` and lone `\r` become `\n` before anything else (Specification §1), so building
/// pairs and executing programs see the same lines. Lines are split on `\n` only.
/// A document that ends with `\n` has no extra empty last line: `"a\nb\n"` and
/// `"a\nb"` both have two lines and differ only in ``endsWithNewline``.
///
/// Line indices (`lineIndex`) are 0-based; line numbers shown to models
/// (`lineNumber`) are 1-based and are converted at the program boundary.
public struct NormalizedText: Sendable, Hashable {
  /// The normalised UTF-8 bytes; they contain no `\r`.
  public let utf8: [UInt8]
  /// The UTF-8 offset of the first byte of each line, ascending.
  public let lineStartUTF8Offsets: [Int]

  /// The number of lines; 0 for the empty document.
  public var lineCount: Int { lineStartUTF8Offsets.count }

  /// Whether the document's last line is terminated by `\n`.
  public var endsWithNewline: Bool { utf8.last == UInt8(ascii: "\n") }

  /// Creates a document from raw bytes, validating UTF-8 and normalising newlines.
  ///
  /// - Parameter bytes: The raw document, possibly with `\r\n` or `\r` newlines.
  /// - Throws: ``ScalpelError/invalidUTF8(byteOffset:)`` with the offset of the
  ///   first invalid byte in `bytes` (before normalisation).
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public init(validating bytes: [UInt8]) throws(ScalpelError) {
    if let badOffset = UTF8Validation.firstInvalidByteOffset(in: bytes) {
      throw .invalidUTF8(byteOffset: badOffset)
    }
    self.init(normalizing: bytes)
  }

  /// Creates a document from a string, normalising newlines.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the string in UTF-8 bytes.
  public init(_ string: String) {
    self.init(normalizing: Array(string.utf8))
  }

  /// Creates a document from bytes that are already known to be valid UTF-8.
  init(normalizing bytes: [UInt8]) {
    let normalized = NormalizedText.normalizingNewlines(bytes)
    self.utf8 = normalized
    self.lineStartUTF8Offsets = NormalizedText.lineStarts(of: normalized)
  }

  /// Creates a document from bytes that are valid UTF-8 and contain no `\r`, with their line
  /// table found elsewhere (while they were decoded from JSON).
  ///
  /// - Precondition: `lineStarts` is ``lineStarts(of:)`` of `bytes`.
  package init(alreadyNormalized bytes: [UInt8], lineStarts: [Int]) {
    self.utf8 = bytes
    self.lineStartUTF8Offsets = lineStarts
  }

  /// Creates a document from bytes that are valid UTF-8 and contain no `\r`.
  init(alreadyNormalized bytes: [UInt8]) {
    self.utf8 = bytes
    self.lineStartUTF8Offsets = NormalizedText.lineStarts(of: bytes)
  }

  /// The lines `lineIndices` of `document` as a document of their own (a chunk): its bytes
  /// are copied, its line table is the document's, shifted, not searched again.
  ///
  /// - Precondition: `lineIndices` lies within `0..<document.lineCount`.
  /// - Complexity: O(*n* + *l*) in the bytes and lines of the chunk.
  package init(lines lineIndices: Range<Int>, of document: NormalizedText) {
    let starts = document.lineStartUTF8Offsets
    guard !lineIndices.isEmpty else {
      (utf8, lineStartUTF8Offsets) = ([], [])
      return
    }
    let lower = starts[lineIndices.lowerBound]
    let upper =
      lineIndices.upperBound < starts.count ? starts[lineIndices.upperBound] : document.utf8.count
    var shifted = [Int](repeating: 0, count: lineIndices.count)
    for (position, index) in lineIndices.enumerated() { shifted[position] = starts[index] &- lower }
    (utf8, lineStartUTF8Offsets) = (Array(document.utf8[lower..<upper]), shifted)
  }

  /// The document as a `String`.
  public var string: String { String(decoding: utf8, as: UTF8.self) }

  /// Returns the UTF-8 range of the line at `lineIndex`, without its newline.
  ///
  /// - Precondition: `0 <= lineIndex < lineCount`.
  public func lineContentUTF8Range(lineIndex: Int) -> Range<Int> {
    let start = lineStartUTF8Offsets[lineIndex]
    let end = lineEndUTF8Offset(lineIndex: lineIndex)
    return start..<end
  }

  /// Returns the UTF-8 range of the line at `lineIndex`, including its newline if it has one.
  ///
  /// - Precondition: `0 <= lineIndex < lineCount`.
  public func lineUTF8Range(lineIndex: Int) -> Range<Int> {
    let start = lineStartUTF8Offsets[lineIndex]
    let next = lineIndex + 1 < lineCount ? lineStartUTF8Offsets[lineIndex + 1] : utf8.count
    return start..<next
  }

  /// Returns the text of the line at `lineIndex`, without its newline.
  ///
  /// - Precondition: `0 <= lineIndex < lineCount`.
  public func lineText(lineIndex: Int) -> String {
    String(decoding: utf8[lineContentUTF8Range(lineIndex: lineIndex)], as: UTF8.self)
  }

  /// Returns the index of the line that contains the byte at `utf8Offset`.
  ///
  /// A newline byte belongs to the line it terminates.
  ///
  /// - Precondition: `0 <= utf8Offset < utf8.count`.
  /// - Complexity: O(log *L*), where *L* is the number of lines.
  public func lineIndex(containingUTF8Offset utf8Offset: Int) -> Int {
    var low = 0
    var high = lineStartUTF8Offsets.count
    while high - low > 1 {
      let mid = (low + high) / 2
      if lineStartUTF8Offsets[mid] <= utf8Offset { low = mid } else { high = mid }
    }
    return low
  }

  private func lineEndUTF8Offset(lineIndex: Int) -> Int {
    let next = lineIndex + 1 < lineCount ? lineStartUTF8Offsets[lineIndex + 1] : utf8.count
    if next > lineStartUTF8Offsets[lineIndex] && utf8[next - 1] == UInt8(ascii: "\n") {
      return next - 1
    }
    return next
  }

  /// Returns `bytes` with `\r\n` and lone `\r` replaced by `\n`.
  ///
  /// - Complexity: O(*n*).
  public static func normalizingNewlines(_ bytes: [UInt8]) -> [UInt8] {
    guard firstOffset(of: UInt8(ascii: "\r"), in: bytes, from: 0) != nil else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    let count = bytes.count
    bytes.withUnsafeBufferPointer { bytes in
      // The runs between carriage returns, each appended at once (found with memchr).
      var offset = 0
      while offset < count {
        let end = firstOffset(of: UInt8(ascii: "\r"), in: bytes, from: offset) ?? count
        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<end]))
        guard end < count else { break }
        result.append(UInt8(ascii: "\n"))
        offset = end + 1
        if offset < count && bytes[offset] == UInt8(ascii: "\n") { offset += 1 }
      }
    }
    return result
  }

  /// Returns the start offset of every line of normalised `bytes`.
  ///
  /// Newlines are found with `memchr`, which skips the bytes of a line many at a time.
  ///
  /// - Complexity: O(*n*).
  static func lineStarts(of bytes: [UInt8]) -> [Int] {
    var starts: [Int] = []
    if bytes.isEmpty { return starts }
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let count = buffer.count
      // Counted first, so that the table has its exact size: a large document's table is
      // held as long as the document, and a guess by bytes per line can be several times
      // too large.
      var newlineCount = 0
      var offset = 0
      while offset < count, let found = memchr(base + offset, 0x0A, count - offset) {
        newlineCount += 1
        offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
      }
      let endsWithNewline = base[count - 1] == 0x0A
      starts.reserveCapacity(1 + newlineCount - (endsWithNewline ? 1 : 0))
      starts.append(0)
      offset = 0
      while offset < count, let found = memchr(base + offset, 0x0A, count - offset) {
        let newline = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        if newline + 1 < count { starts.append(newline + 1) }
        offset = newline + 1
      }
    }
    return starts
  }

  /// The offset of the first `byte` in `bytes` at or after `start`, found with `memchr`.
  ///
  /// - Complexity: O(*n*) in the bytes searched.
  static func firstOffset(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { firstOffset(of: byte, in: $0, from: start) }
  }

  /// ``firstOffset(of:in:from:)-([UInt8])`` in a buffer.
  ///
  /// - Complexity: O(*n*) in the bytes searched.
  static func firstOffset(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard start < buffer.count, let base = buffer.baseAddress,
      let found = memchr(base + start, Int32(byte), buffer.count - start)
    else { return nil }
    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
  }
}

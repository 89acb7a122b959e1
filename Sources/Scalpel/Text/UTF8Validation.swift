/// UTF-8 validation that reports where input goes wrong.
public enum UTF8Validation {
  /// Returns the offset of the first byte that does not start a well-formed UTF-8
  /// sequence, or `nil` when all of `bytes` is valid UTF-8.
  ///
  /// Overlong encodings, surrogate code points (U+D800–U+DFFF), code points above
  /// U+10FFFF and truncated sequences are all invalid, exactly as the Unicode
  /// standard's Table 3-7 defines.
  ///
  /// - Parameter bytes: The bytes to check.
  /// - Returns: The byte offset of the first invalid byte, or `nil`.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public static func firstInvalidByteOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    var offset = 0
    while offset < count {
      let lead = bytes[offset]
      if lead < 0x80 {
        offset &+= 1
        // ASCII runs go eight bytes at a time: a word without a high bit is all ASCII.
        while offset &+ 8 <= count
          && UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            & 0x8080_8080_8080_8080 == 0
        {
          offset &+= 8
        }
        continue
      }
      guard let length = wellFormedSequenceLength(in: bytes, at: offset) else { return offset }
      offset += length
    }
    return nil
  }

  /// The length of the well-formed UTF-8 sequence that starts at `offset` of `bytes`, whose
  /// byte there is above 0x7F, or `nil` when no well-formed sequence starts there
  /// (where `firstInvalidByteOffset(in:)` stops).
  ///
  /// - Precondition: `offset` is an offset of `bytes`.
  @inline(__always)
  package static func wellFormedSequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
    -> Int?
  {
    let lead = bytes[offset]
    let length: Int
    var lowerBound: UInt8 = 0x80
    var upperBound: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      lowerBound = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      upperBound = 0x9F
    case 0xF0:
      length = 4
      lowerBound = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      upperBound = 0x8F
    default: return nil
    }
    if offset &+ length > bytes.count { return nil }
    let second = bytes[offset &+ 1]
    if second < lowerBound || second > upperBound { return nil }
    var probe = offset &+ 2
    while probe < offset &+ length {
      if bytes[probe] & 0xC0 != 0x80 { return nil }
      probe &+= 1
    }
    return length
  }

  /// Returns the offset of the first invalid byte in `bytes`, or `nil` when valid.
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public static func firstInvalidByteOffset(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidByteOffset(in: $0) }
  }

  /// The number of bytes of `range` of `bytes` that are not UTF-8 continuation bytes
  /// (`10xxxxxx`): the number of Unicode scalars when the bytes are valid UTF-8.
  ///
  /// Counts eight bytes at a time: a continuation byte is one whose bit 7 is set and bit 6
  /// clear.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `range`.
  package static func scalarCount(of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>)
    -> Int
  {
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    guard let base = bytes.baseAddress else { return 0 }
    var offset = range.lowerBound
    let end = range.upperBound
    var continuationCount = 0
    while offset &+ 8 <= end {
      let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
      // One bit per continuation byte, moved to the byte's low bit; the multiplication adds
      // the eight bytes into the top one (at most 8, no carry), without a popcount.
      let continuations = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
      continuationCount &+= Int(truncatingIfNeeded: (continuations &* 0x0101_0101_0101_0101) >> 56)
      offset &+= 8
    }
    while offset < end {
      if base[offset] & 0xC0 == 0x80 { continuationCount &+= 1 }
      offset &+= 1
    }
    return range.count &- continuationCount
  }

  /// ``scalarCount(of:in:)`` of all of `bytes`.
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package static func scalarCount(of bytes: [UInt8]) -> Int {
    bytes.withUnsafeBufferPointer { scalarCount(of: $0, in: 0..<$0.count) }
  }

  /// ``scalarCount(of:in:)`` of `range` of `bytes`.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `range`.
  package static func scalarCount(of bytes: [UInt8], in range: Range<Int>) -> Int {
    bytes.withUnsafeBufferPointer { scalarCount(of: $0, in: range) }
  }

  /// Returns whether `byte` starts a Unicode scalar (is not a continuation byte).
  @inlinable
  public static func isScalarBoundary(_ byte: UInt8) -> Bool {
    byte & 0xC0 != 0x80
  }
}

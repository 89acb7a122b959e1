extension Array where Element == UInt8 {
  /// Appends the decimal text of `value`, as `String(value).utf8` spells it (a `-` for a
  /// negative value), without making a `String`.
  ///
  /// - Complexity: O(*d*), where *d* is the number of digits.
  @inline(__always)
  package mutating func appendDecimal(_ value: Int) {
    if value >= 0 && value < 10 {
      append(UInt8(truncatingIfNeeded: value) &+ 0x30)
      return
    }
    if value < 0 { append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    Swift.withUnsafeMutableBytes(of: &digits) { buffer in
      var start = buffer.count
      repeat {
        start -= 1
        buffer[start] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
        magnitude /= 10
      } while magnitude > 0
      append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
    }
  }
}

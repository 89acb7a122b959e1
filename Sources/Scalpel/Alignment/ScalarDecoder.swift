/// Decodes UTF-8 bytes into Unicode scalar values with their byte offsets.
enum ScalarDecoder {
  /// Replaces `scalars` with the scalars of `bytes[start..<end]` and `offsets`
  /// with each scalar's offset relative to `start`, plus a final `end - start`.
  ///
  /// `bytes` must be valid UTF-8 and `start`, `end` scalar boundaries.
  ///
  /// - Complexity: O(*n*), where *n* is `end - start`.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
    scalars: inout [UInt32], offsets: inout [Int32]
  ) {
    scalars.removeAll(keepingCapacity: true)
    offsets.removeAll(keepingCapacity: true)
    scalars.reserveCapacity(end - start)
    offsets.reserveCapacity(end - start + 1)
    var offset = start
    while offset < end {
      let lead = bytes[offset]
      offsets.append(Int32(offset - start))
      if lead < 0x80 {
        scalars.append(UInt32(lead))
        offset &+= 1
      } else if lead < 0xE0 {
        scalars.append(UInt32(lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F))
        offset &+= 2
      } else if lead < 0xF0 {
        scalars.append(
          UInt32(lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6
            | UInt32(bytes[offset + 2] & 0x3F))
        offset &+= 3
      } else {
        scalars.append(
          UInt32(lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
            | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F))
        offset &+= 4
      }
    }
    offsets.append(Int32(end - start))
  }
}

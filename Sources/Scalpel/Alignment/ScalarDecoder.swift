/// Decodes UTF-8 bytes into Unicode scalar values with their byte offsets.
enum ScalarDecoder {
  /// Decodes `bytes[start..<end]` to the front of `scalars`; returns the scalar count.
  ///
  /// Each scalar's offset relative to `start` goes to the front of `offsets`, followed
  /// by `end - start`; both arrays only ever grow.
  ///
  /// `bytes` must be valid UTF-8 and `start`, `end` scalar boundaries.
  ///
  /// - Complexity: O(*n*), where *n* is `end - start`.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
    scalars: inout [UInt32], offsets: inout [Int32]
  ) -> Int {
    let byteCount = end - start
    if scalars.count < max(byteCount, 1) {
      scalars.append(contentsOf: repeatElement(0, count: max(byteCount, 1) - scalars.count))
    }
    if offsets.count < byteCount + 1 {
      offsets.append(contentsOf: repeatElement(0, count: byteCount + 1 - offsets.count))
    }
    return scalars.withUnsafeMutableBufferPointer { scalarBuffer in
      offsets.withUnsafeMutableBufferPointer { offsetBuffer in
        var count = 0
        var offset = start
        let raw = UnsafeRawBufferPointer(bytes)
        let scalarBytes = UnsafeMutableRawPointer(scalarBuffer.baseAddress.unsafelyUnwrapped)
        let offsetBytes = UnsafeMutableRawPointer(offsetBuffer.baseAddress.unsafelyUnwrapped)
        let eight = SIMD8<Int32>(repeating: 8)
        while offset < end {
          // Eight ASCII bytes at a time: one scalar and one offset per byte, each eight
          // written as one vector (the offsets count up from the run's first byte).
          var relative =
            SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ Int32(truncatingIfNeeded: offset &- start)
          while offset &+ 8 <= end {
            let lanes = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt8>.self)
            guard unsafeBitCast(lanes, to: UInt64.self) & 0x8080_8080_8080_8080 == 0 else { break }
            scalarBytes.storeBytes(
              of: SIMD8<UInt32>(truncatingIfNeeded: lanes), toByteOffset: count &<< 2,
              as: SIMD8<UInt32>.self)
            offsetBytes.storeBytes(of: relative, toByteOffset: count &<< 2, as: SIMD8<Int32>.self)
            relative &+= eight
            count &+= 8
            offset &+= 8
          }
          guard offset < end else { break }
          let lead = bytes[offset]
          offsetBuffer[count] = Int32(truncatingIfNeeded: offset &- start)
          if lead < 0x80 {
            scalarBuffer[count] = UInt32(lead)
            offset &+= 1
          } else if lead < 0xE0 {
            scalarBuffer[count] = UInt32(lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
            offset &+= 2
          } else if lead < 0xF0 {
            scalarBuffer[count] =
              UInt32(lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6
              | UInt32(bytes[offset + 2] & 0x3F)
            offset &+= 3
          } else {
            scalarBuffer[count] =
              UInt32(lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
              | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F)
            offset &+= 4
          }
          count &+= 1
        }
        offsetBuffer[count] = Int32(truncatingIfNeeded: byteCount)
        return count
      }
    }
  }
}

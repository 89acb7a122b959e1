/// How much of a refined text is made of text that also occurs in its original,
/// measured on sampled 16-byte windows: cheap evidence, before any alignment, that a
/// refinement is not a deletion of its original at all (another document, a
/// translation, a summary).
///
/// Every window of the refined text that no edit touches occurs in the original. A hunk
/// of the alignment touches at most 15 windows plus those of the characters it inserts,
/// so a refinement whose covered share is below a quarter needs, throughout, an edit at
/// least every 45 bytes of refined text (a rewrite inserts fewer than 20 characters).
///
/// Spaces, tabs and newlines are left out. Windows are sampled by content (those whose hash has its top 3 bits clear), so that
/// equal windows are sampled on both sides alike; the share is that of the sampled
/// refined windows found among the sampled original windows.
package struct WindowCoverage: Sendable, Hashable {
  /// Sampled windows of the refined text.
  package var sampledWindowCount: Int
  /// Of those, the windows that occur in the original.
  package var coveredWindowCount: Int

  /// The bytes of one window.
  package static let windowUTF8Count = 16

  /// The covered share, or 1 when nothing was sampled.
  package var coveredShare: Double {
    sampledWindowCount == 0 ? 1 : Double(coveredWindowCount) / Double(sampledWindowCount)
  }

  /// Measures `refined` against `original`.
  ///
  /// - Complexity: O(*n* + *m*) time, O(*n* / 8) memory, in the byte counts.
  package static func measure(original: [UInt8], refined: [UInt8]) -> WindowCoverage {
    var table = [UInt64](repeating: 0, count: tableCapacity(forByteCount: original.count))
    let mask = table.count - 1
    forEachSampledWindow(original) { hash in
      var slot = Int(truncatingIfNeeded: hash >> 7) & mask
      while table[slot] != 0 && table[slot] != hash { slot = (slot + 1) & mask }
      table[slot] = hash
    }
    var coverage = WindowCoverage(sampledWindowCount: 0, coveredWindowCount: 0)
    forEachSampledWindow(refined) { hash in
      coverage.sampledWindowCount += 1
      var slot = Int(truncatingIfNeeded: hash >> 7) & mask
      while table[slot] != 0 {
        if table[slot] == hash {
          coverage.coveredWindowCount += 1
          return
        }
        slot = (slot + 1) & mask
      }
    }
    return coverage
  }

  /// A power of two at least four times the expected number of sampled windows.
  private static func tableCapacity(forByteCount byteCount: Int) -> Int {
    var capacity = 64
    while capacity < byteCount / 2 { capacity <<= 1 }
    return capacity
  }

  /// One random 64-bit value per byte (SplitMix64 from a fixed seed), 0 for the whitespace
  /// bytes, and the shift each byte applies: 4, or 0 for whitespace.
  private static let gear: (values: [UInt64], shifts: [UInt64]) = {
    var state: UInt64 = 0x5CA1_9E1D_0000_0016
    var values = (0..<256).map { _ -> UInt64 in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var shifts = [UInt64](repeating: 4, count: 256)
    for byte in [0x09, 0x0A, 0x0D, 0x20] {
      values[byte] = 0
      shifts[byte] = 0
    }
    return (values, shifts)
  }()

  /// Calls `body` with the hash (never 0) of every sampled window. Windows are taken over
  /// the text without its spaces, tabs and newlines, so that reflowed lines still match.
  ///
  /// The hash is a gear hash (as in content-defined chunking): each byte shifts it by 4
  /// bits and adds its random value, so the top bits depend on the last 16 bytes; a
  /// whitespace byte shifts by 0 and adds 0, without a branch. A window is sampled when
  /// its top 3 bits are clear.
  @inline(__always)
  private static func forEachSampledWindow(_ bytes: [UInt8], _ body: (UInt64) -> Void) {
    gear.values.withUnsafeBufferPointer { values in
      gear.shifts.withUnsafeBufferPointer { shifts in
        bytes.withUnsafeBufferPointer { buffer in
          // The first 15 windows of a text are shorter (the hash starts at 0): they are
          // sampled alike on both sides, so they only add a few exact comparisons.
          var hash: UInt64 = 0
          for byte in buffer {
            let shift = shifts[Int(byte)]
            hash = (hash << shift) &+ values[Int(byte)]
            if hash >> 61 == 0 && shift != 0 {
              var mixed = hash ^ (hash >> 29)
              mixed = mixed &* 0xBF58_476D_1CE4_E5B9
              body((mixed ^ (mixed >> 32)) | 1)
            }
          }
        }
      }
    }
  }
}

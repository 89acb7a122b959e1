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
/// Runs of whitespace count as one space. Windows are sampled by content (those whose hash has its low 3 bits clear), so that
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

  /// Calls `body` with the hash (never 0) of every window whose hash has its low
  /// 3 bits clear. Windows are taken over the text with every run of spaces, tabs and
  /// newlines folded into one space, so that reflowed lines still match.
  @inline(__always)
  private static func forEachSampledWindow(_ bytes: [UInt8], _ body: (UInt64) -> Void) {
    let width = windowUTF8Count
    // Polynomial rolling hash modulo 2⁶⁴, then a finaliser before sampling.
    let multiplier: UInt64 = 0x100_0000_01B3
    var outgoingFactor: UInt64 = 1
    for _ in 0..<width { outgoingFactor = outgoingFactor &* multiplier }
    var ring = (UInt64(0), UInt64(0))  // the last 16 folded bytes, 8 per word
    var rolling: UInt64 = 0
    var foldedCount = 0
    var isAfterSpace = false
    bytes.withUnsafeBufferPointer { buffer in
      for byte in buffer {
        var folded = byte
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
          if isAfterSpace { continue }
          folded = 0x20
          isAfterSpace = true
        } else {
          isAfterSpace = false
        }
        let outgoing = ring.0 >> 56
        ring.0 = (ring.0 << 8) | (ring.1 >> 56)
        ring.1 = (ring.1 << 8) | UInt64(folded)
        rolling = rolling &* multiplier &+ UInt64(folded)
        foldedCount += 1
        if foldedCount > width { rolling = rolling &- outgoingFactor &* outgoing }
        guard foldedCount >= width else { continue }
        var hash = rolling ^ (rolling >> 31)
        hash = hash &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 29
        if hash & 7 == 0 { body(hash | 8) }
      }
    }
  }
}

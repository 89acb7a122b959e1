/// The ids seen so far in a run, to find duplicates (``RecordID`` canonical ids).
///
/// Each distinct id costs one dictionary entry of two 8-byte words (a 64-bit hash of the id
/// and the shard and line of its first record): about 40 bytes per record with the
/// dictionary's slack, so 40 MB per million records. Two different ids share a hash with
/// probability about *n*² / 2⁶⁵ (below 3 · 10⁻⁶ for ten million ids); such a record is
/// reported as a duplicate of the other, never dropped silently.
package struct IDRegistry {
  private var firstPlaces: [UInt64: UInt64] = [:]

  package init() {}

  /// Registers `id` at `lineNumber` of shard `shardIndex`; returns where the id was first
  /// seen if it was seen before.
  ///
  /// - Complexity: O(*n*) in the length of the id, amortized.
  package mutating func register(_ id: String, shardIndex: Int, lineNumber: Int) -> (
    shardIndex: Int, lineNumber: Int
  )? {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    hash ^= hash >> 33
    hash = hash &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    let place = UInt64(shardIndex) << 44 | UInt64(lineNumber) & 0xFFF_FFFF_FFFF
    if let first = firstPlaces[hash] {
      return (Int(first >> 44), Int(first & 0xFFF_FFFF_FFFF))
    }
    firstPlaces[hash] = place
    return nil
  }
}

/// Interns the lines of two texts as small integer ids so that lines can be
/// compared in O(1).
///
/// A line token is the line's bytes including its terminating `\n` (the last
/// line of a text may lack one, and is then a different token). Equal ids mean
/// byte-equal lines: hashes only pick the bucket, bytes are always compared.
struct LineTokenizer {
  /// Token ids of the original's lines, in order.
  var originalIDs: [Int32] = []
  /// Token ids of the refined text's lines, in order.
  var refinedIDs: [Int32] = []
  /// For each id, how many lines of the original carry it.
  var originalCounts: [Int32] = []
  /// For each id, how many lines of the refined text carry it.
  var refinedCounts: [Int32] = []

  /// Each slot holds id + 1 (0: empty) in its low half and the upper half of the line's
  /// hash in its high half (the hash's lower bits pick the slot): one load a probe, and
  /// equal tags are always confirmed by comparing the bytes.
  private var slots: [UInt64] = []
  /// The first line of each id: its side, bytes and line index on that side.
  private var representatives: [(side: Int8, start: Int32, end: Int32, line: Int32)] = []

  /// Tokenizes `original[originalStarts…]` and `refined[refinedStarts…]`.
  ///
  /// A refined line is first compared with the original line after the one the previous
  /// refined line matched (a refinement mostly keeps lines in order): when equal, it takes
  /// that line's id without a lookup in the table. Ids are the same either way; the table's
  /// memory, larger than a core's cache for a text of MBs, is read only for the others.
  ///
  /// - Parameters:
  ///   - original: The original bytes.
  ///   - originalLineStarts: Start offsets of the lines to tokenize, plus one final end offset.
  ///   - refined: The refined bytes.
  ///   - refinedLineStarts: Start offsets of its lines, plus one final end offset.
  /// - Complexity: O(*n* + *m*) expected, where *n* and *m* are the byte counts.
  mutating func tokenize(
    original: UnsafeBufferPointer<UInt8>, originalLineStarts: ArraySlice<Int>,
    refined: UnsafeBufferPointer<UInt8>, refinedLineStarts: ArraySlice<Int>
  ) {
    let lineTotal = originalLineStarts.count + refinedLineStarts.count
    var capacity = 16
    while capacity < lineTotal * 2 { capacity <<= 1 }
    slots.removeAll(keepingCapacity: true)
    slots.append(contentsOf: repeatElement(0, count: capacity))
    representatives.removeAll(keepingCapacity: true)
    originalCounts.removeAll(keepingCapacity: true)
    refinedCounts.removeAll(keepingCapacity: true)
    originalIDs.removeAll(keepingCapacity: true)
    refinedIDs.removeAll(keepingCapacity: true)
    var ids = originalIDs
    originalIDs = []
    intern(
      side: 0, bytes: original, lineStarts: originalLineStarts, other: refined,
      otherLineStarts: refinedLineStarts, otherIDs: [], into: &ids)
    originalIDs = ids
    ids = refinedIDs
    refinedIDs = []
    intern(
      side: 1, bytes: refined, lineStarts: refinedLineStarts, other: original,
      otherLineStarts: originalLineStarts, otherIDs: originalIDs, into: &ids)
    refinedIDs = ids
  }

  /// Interns the lines of one side; `otherIDs` are the other side's ids when it is done
  /// (the original's, for the refined text's lines), else empty.
  private mutating func intern(
    side: Int8, bytes: UnsafeBufferPointer<UInt8>, lineStarts: ArraySlice<Int>,
    other: UnsafeBufferPointer<UInt8>, otherLineStarts: ArraySlice<Int>, otherIDs: [Int32],
    into ids: inout [Int32]
  ) {
    // Work on local copies so that no store in the loop checks for uniqueness.
    var localSlots = slots
    var localRepresentatives = representatives
    var localOriginalCounts = originalCounts
    var localRefinedCounts = refinedCounts
    slots = []
    representatives = []
    originalCounts = []
    refinedCounts = []
    defer {
      slots = localSlots
      representatives = localRepresentatives
      originalCounts = localOriginalCounts
      refinedCounts = localRefinedCounts
    }
    let mask = localSlots.count - 1
    var lineIndex = lineStarts.startIndex
    let lastIndex = lineStarts.endIndex - 1
    ids.reserveCapacity(lastIndex - lineIndex)
    // The other side's line this side's next line is compared with first (0-based).
    var hint = 0
    let otherFirst = otherLineStarts.startIndex
    localSlots.withUnsafeMutableBufferPointer { slotBuffer in
      while lineIndex < lastIndex {
        let start = lineStarts[lineIndex]
        let end = lineStarts[lineIndex + 1]
        var id: Int32 = -1
        if hint < otherIDs.count
          && LineTokenizer.equal(
            bytes, start, end, other, otherLineStarts[otherFirst + hint],
            otherLineStarts[otherFirst + hint + 1])
        {
          id = otherIDs[hint]
          hint += 1
        } else {
          let hash = LineTokenizer.hash(bytes, start, end)
          var slot = Int(truncatingIfNeeded: hash) & mask
          let tag = hash & 0xFFFF_FFFF_0000_0000
          while true {
            let stored = slotBuffer[slot]
            if stored == 0 {
              id = Int32(localRepresentatives.count)
              slotBuffer[slot] = tag | UInt64(id + 1)
              localRepresentatives.append(
                (side, Int32(start), Int32(end), Int32(lineIndex - lineStarts.startIndex)))
              localOriginalCounts.append(0)
              localRefinedCounts.append(0)
              hint += 1
              break
            }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
              let candidate = localRepresentatives[Int(stored & 0xFFFF_FFFF) - 1]
              let candidateBytes = candidate.side == side ? bytes : other
              if LineTokenizer.equal(
                bytes, start, end, candidateBytes, Int(candidate.start), Int(candidate.end))
              {
                id = Int32(truncatingIfNeeded: stored) - 1
                // A line of the other side: this side goes on from there.
                hint = candidate.side == side ? hint + 1 : Int(candidate.line) + 1
                break
              }
            }
            slot = (slot + 1) & mask
          }
        }
        if side == 0 {
          localOriginalCounts[Int(id)] += 1
        } else {
          localRefinedCounts[Int(id)] += 1
        }
        ids.append(id)
        lineIndex += 1
      }
    }
  }

  /// A 64-bit hash of `bytes[start..<end]`, eight bytes at a time.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(end - start)
    var offset = start
    let raw = UnsafeRawBufferPointer(bytes)
    // One multiply and one rotation per word: the rotation brings the product's
    // well-mixed high bits down before the next word is folded in.
    while offset &+ 8 <= end {
      let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
      hash = hash << 29 | hash >> 35
      offset &+= 8
    }
    // The last `rest` bytes, from one load that ends at `end` when the buffer
    // allows it (ids do not depend on the hash, only lookups do).
    var tail: UInt64 = 0
    let rest = end &- offset
    if rest > 0 && end >= 8 {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self))
      tail = word >> UInt64(truncatingIfNeeded: (8 &- rest) &* 8)
    } else {
      var shift: UInt64 = 0
      while offset < end {
        tail |= UInt64(bytes[offset]) << shift
        shift &+= 8
        offset &+= 1
      }
    }
    hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
    hash ^= hash >> 31
    return hash
  }

  @inline(__always)
  static func equal(
    _ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
    _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int
  ) -> Bool {
    let length = aEnd - aStart
    guard length == bEnd - bStart else { return false }
    guard length > 0, let aBase = a.baseAddress, let bBase = b.baseAddress else { return true }
    return memcmpBytes(aBase + aStart, bBase + bStart, length)
  }

  @inline(__always)
  private static func memcmpBytes(
    _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int
  ) -> Bool {
    var offset = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while offset + 8 <= count {
      if rawA.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != rawB.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset &+= 8
    }
    while offset < count {
      if a[offset] != b[offset] { return false }
      offset &+= 1
    }
    return true
  }
}

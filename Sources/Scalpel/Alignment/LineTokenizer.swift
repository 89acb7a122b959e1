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

  private var slots: [Int32] = []  // id + 1, 0 = empty
  /// The upper half of each slot's hash (the lower bits pick the slot): 4 bytes a slot,
  /// not 8, as equal tags are always confirmed by comparing the bytes.
  private var slotHashes: [UInt32] = []
  private var representatives: [(side: Int8, start: Int32, end: Int32)] = []

  /// Tokenizes `original[originalStarts…]` and `refined[refinedStarts…]`.
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
    slotHashes.removeAll(keepingCapacity: true)
    slotHashes.append(contentsOf: repeatElement(0, count: capacity))
    representatives.removeAll(keepingCapacity: true)
    originalCounts.removeAll(keepingCapacity: true)
    refinedCounts.removeAll(keepingCapacity: true)
    originalIDs.removeAll(keepingCapacity: true)
    refinedIDs.removeAll(keepingCapacity: true)
    var ids = originalIDs
    originalIDs = []
    intern(side: 0, bytes: original, lineStarts: originalLineStarts, other: refined, into: &ids)
    originalIDs = ids
    ids = refinedIDs
    refinedIDs = []
    intern(side: 1, bytes: refined, lineStarts: refinedLineStarts, other: original, into: &ids)
    refinedIDs = ids
  }

  private mutating func intern(
    side: Int8, bytes: UnsafeBufferPointer<UInt8>, lineStarts: ArraySlice<Int>,
    other: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]
  ) {
    // Work on local copies so that no store in the loop checks for uniqueness.
    var localSlots = slots
    var localHashes = slotHashes
    var localRepresentatives = representatives
    var localOriginalCounts = originalCounts
    var localRefinedCounts = refinedCounts
    slots = []
    slotHashes = []
    representatives = []
    originalCounts = []
    refinedCounts = []
    defer {
      slots = localSlots
      slotHashes = localHashes
      representatives = localRepresentatives
      originalCounts = localOriginalCounts
      refinedCounts = localRefinedCounts
    }
    let mask = localSlots.count - 1
    // Room for every line to be a new token, written through pointers and trimmed after:
    // no store in the loop checks for capacity either.
    let lineCount = lineStarts.count - 1
    let firstID = localRepresentatives.count
    localRepresentatives.append(
      contentsOf: repeatElement((side: side, start: 0, end: 0), count: lineCount))
    localOriginalCounts.append(contentsOf: repeatElement(0, count: lineCount))
    localRefinedCounts.append(contentsOf: repeatElement(0, count: lineCount))
    let firstIDIndex = ids.count
    ids.append(contentsOf: repeatElement(0, count: lineCount))
    var nextID = firstID
    // This side's counts, moved out while the loop writes them.
    var sideCounts: [Int32] = []
    if side == 0 {
      swap(&sideCounts, &localOriginalCounts)
    } else {
      swap(&sideCounts, &localRefinedCounts)
    }
    lineStarts.withUnsafeBufferPointer { starts in
      localSlots.withUnsafeMutableBufferPointer { slotBuffer in
        localHashes.withUnsafeMutableBufferPointer { hashBuffer in
          localRepresentatives.withUnsafeMutableBufferPointer { representatives in
            sideCounts.withUnsafeMutableBufferPointer { counts in
              ids.withUnsafeMutableBufferPointer { idBuffer in
                for line in 0..<lineCount {
                  let start = starts[line]
                  let end = starts[line &+ 1]
                  let hash = LineTokenizer.hash(bytes, start, end)
                  var slot = Int(truncatingIfNeeded: hash) & mask
                  let tag = UInt32(truncatingIfNeeded: hash &>> 32)
                  var id: Int32 = -1
                  while true {
                    let stored = slotBuffer[slot]
                    if stored == 0 {
                      id = Int32(nextID)
                      slotBuffer[slot] = id + 1
                      hashBuffer[slot] = tag
                      representatives[nextID] = (side, Int32(start), Int32(end))
                      nextID &+= 1
                      break
                    }
                    if hashBuffer[slot] == tag {
                      let candidate = representatives[Int(stored - 1)]
                      let candidateBytes = candidate.side == side ? bytes : other
                      if LineTokenizer.equal(
                        bytes, start, end, candidateBytes, Int(candidate.start),
                        Int(candidate.end))
                      {
                        id = stored - 1
                        break
                      }
                    }
                    slot = (slot + 1) & mask
                  }
                  counts[Int(id)] &+= 1
                  idBuffer[firstIDIndex &+ line] = id
                }
              }
            }
          }
        }
      }
    }
    if side == 0 {
      swap(&sideCounts, &localOriginalCounts)
    } else {
      swap(&sideCounts, &localRefinedCounts)
    }
    let unused = firstID + lineCount - nextID
    localRepresentatives.removeLast(unused)
    localOriginalCounts.removeLast(unused)
    localRefinedCounts.removeLast(unused)
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

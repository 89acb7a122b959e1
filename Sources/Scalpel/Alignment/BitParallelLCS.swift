/// Exact character alignment by bit-parallel LCS (Allison–Dix / Hyyrö), with
/// traceback, and Hirschberg splitting when the traceback matrix would be large.
///
/// One sequence (the "columns") is packed into 64-bit words; each scalar of the
/// other sequence (the "rows") updates the whole row vector with a handful of
/// word operations. Bit *j* of the row vector after row *i* is 0 exactly when
/// LCS(rows[..<i], columns[...j]) is one more than LCS(rows[..<i], columns[..<j]).
struct BitParallelLCS {
  /// Traceback matrices larger than this many words are split (Hirschberg).
  var maximumTracebackWords = 1 << 20

  private var masks: [UInt64] = []
  private var trace: [UInt64] = []
  private var row: [UInt64] = []
  private var asciiSlot = [Int32](repeating: 0, count: 128)
  private var usedASCII: [UInt8] = []
  private var columnSlots: [Int32] = []
  private var hashKeys: [UInt32] = []
  private var hashSlots: [Int32] = []
  private var hashGenerations: [UInt32] = []
  private var hashGeneration: UInt32 = 0
  private var reversedRows: [UInt32] = []
  private var reversedColumns: [UInt32] = []
  private var reversedRow: [UInt64] = []
  private var reversedOps: [EditRun] = []

  /// Appends to `runs` a minimal Indel alignment of `a` (deleted from) and `b`
  /// (inserted into).
  ///
  /// - Parameters:
  ///   - a: The original's scalars.
  ///   - b: The refined text's scalars.
  ///   - runs: Receives the edit runs, in order.
  ///   - budget: Word operations left; decremented. When it would go negative,
  ///     nothing is appended and the function returns `false`.
  /// - Returns: Whether the alignment was computed within `budget`.
  /// - Complexity: O(*n* · ⌈*m* / 64⌉) time, where the orientation is chosen to
  ///   minimise the product, and O(min(*n* · ⌈*m* / 64⌉, limit)) space.
  mutating func align(
    _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>,
    into runs: inout [EditRun], budget: inout Int
  ) -> Bool {
    let cost = BitParallelLCS.estimatedCost(a.count, b.count)
    guard cost <= budget else { return false }
    solve(a, 0, a.count, b, 0, b.count, &runs, &budget)
    return true
  }

  /// The word operations ``align(_:_:into:budget:)`` needs at most for sizes `n` and `m`,
  /// counting the Hirschberg passes.
  static func estimatedCost(_ n: Int, _ m: Int) -> Int {
    let byRows = n * ((m + 63) / 64)
    let byColumns = m * ((n + 63) / 64)
    return 2 * min(byRows, byColumns) + n + m
  }

  private mutating func solve(
    _ a: UnsafeBufferPointer<UInt32>, _ aLow: Int, _ aHigh: Int,
    _ b: UnsafeBufferPointer<UInt32>, _ bLow: Int, _ bHigh: Int,
    _ runs: inout [EditRun], _ budget: inout Int
  ) {
    var aStart = aLow
    var bStart = bLow
    while aStart < aHigh && bStart < bHigh && a[aStart] == b[bStart] {
      aStart &+= 1
      bStart &+= 1
    }
    runs.appendRun(.match, count: aStart - aLow)
    // Trim the common suffix only when what stays of the original holds no
    // newline: matching the last scalars first would otherwise pin the refined
    // text's final newline to the block's final newline and turn a deleted
    // trailing paragraph into a line join. The traceback decides those cases.
    var aEnd = aHigh
    var bEnd = bHigh
    while aEnd > aStart && bEnd > bStart && a[aEnd - 1] == b[bEnd - 1] {
      aEnd &-= 1
      bEnd &-= 1
    }
    if aEnd < aHigh {
      var index = aStart
      while index < aEnd && a[index] != 0x0A { index &+= 1 }
      if index < aEnd {
        aEnd = aHigh
        bEnd = bHigh
      }
    }
    let n = aEnd - aStart
    let m = bEnd - bStart
    if n == 0 || m == 0 {
      runs.appendRun(.delete, count: n)
      runs.appendRun(.insert, count: m)
    } else {
      // Rows are `a` unless transposing makes the matrix smaller.
      let rowsAreA = n * ((m + 63) / 64) <= m * ((n + 63) / 64)
      let rowCount = rowsAreA ? n : m
      let columnCount = rowsAreA ? m : n
      let words = (columnCount + 63) / 64
      if rowCount * words <= maximumTracebackWords || rowCount < 2 {
        budget -= rowCount * words
        if rowsAreA {
          traceback(
            rows: UnsafeBufferPointer(rebasing: a[aStart..<aEnd]),
            columns: UnsafeBufferPointer(rebasing: b[bStart..<bEnd]),
            rowKind: .delete, columnKind: .insert, &runs)
        } else {
          traceback(
            rows: UnsafeBufferPointer(rebasing: b[bStart..<bEnd]),
            columns: UnsafeBufferPointer(rebasing: a[aStart..<aEnd]),
            rowKind: .insert, columnKind: .delete, &runs)
        }
      } else {
        budget -= 2 * rowCount * words
        let split = hirschbergSplit(a, aStart, aEnd, b, bStart, bEnd, rowsAreA: rowsAreA)
        solve(a, aStart, split.a, b, bStart, split.b, &runs, &budget)
        solve(a, split.a, aEnd, b, split.b, bEnd, &runs, &budget)
      }
    }
    runs.appendRun(.match, count: aHigh - aEnd)
  }

  /// Fills the match masks for `columns`; returns the word count per mask.
  ///
  /// One pass gives every column its scalar's slot (ASCII through `asciiSlot`, whose
  /// touched entries alone are reset, the others through an open-addressing table
  /// whose entries are valid for the current ``hashGeneration`` only, so that it is
  /// never cleared), a second sets the columns' bits in the zeroed masks. Slot numbers
  /// are internal: only the masks' contents matter.
  private mutating func buildMasks(_ columns: UnsafeBufferPointer<UInt32>) -> Int {
    let words = (columns.count + 63) / 64
    // Slot 0 is the all-zero mask for scalars that do not occur in `columns`.
    var slotCount = 1
    if columnSlots.count < columns.count {
      columnSlots.append(contentsOf: repeatElement(0, count: columns.count - columnSlots.count))
    }
    // At most half full: twice as many entries as there are non-ASCII columns (counted
    // only when the table might be too small).
    if hashKeys.count < 2 * columns.count,
      case let nonASCIICount = columns.reduce(0, { $0 &+ ($1 >= 128 ? 1 : 0) }),
      hashKeys.count < 2 * nonASCIICount
    {
      var capacity = max(16, hashKeys.count)
      while capacity < 2 * nonASCIICount { capacity <<= 1 }
      hashKeys = [UInt32](repeating: 0, count: capacity)
      hashSlots = [Int32](repeating: 0, count: capacity)
      hashGenerations = [UInt32](repeating: 0, count: capacity)
      hashGeneration = 0
    }
    hashGeneration &+= 1
    if hashGeneration == 0 {
      // Wrapped: no stale entry may look current.
      for index in hashGenerations.indices { hashGenerations[index] = 0 }
      hashGeneration = 1
    }
    let generation = hashGeneration
    var table = asciiSlot
    asciiSlot = []
    var used = usedASCII
    usedASCII = []
    var slots = columnSlots
    columnSlots = []
    var keys = hashKeys
    hashKeys = []
    var keySlots = hashSlots
    hashSlots = []
    var generations = hashGenerations
    hashGenerations = []
    table.withUnsafeMutableBufferPointer { table in
      slots.withUnsafeMutableBufferPointer { slots in
        keys.withUnsafeMutableBufferPointer { keys in
          keySlots.withUnsafeMutableBufferPointer { keySlots in
            generations.withUnsafeMutableBufferPointer { generations in
              for scalar in used { table[Int(scalar)] = 0 }
              used.removeAll(keepingCapacity: true)
              let hashMask = keys.count &- 1
              for index in 0..<columns.count {
                let scalar = columns[index]
                if scalar < 128 {
                  var slot = table[Int(scalar)]
                  if slot == 0 {
                    slot = Int32(truncatingIfNeeded: slotCount)
                    table[Int(scalar)] = slot
                    used.append(UInt8(truncatingIfNeeded: scalar))
                    slotCount &+= 1
                  }
                  slots[index] = slot
                } else {
                  var probe = Int(truncatingIfNeeded: scalar &* 0x9E37_79B1) & hashMask
                  while generations[probe] == generation && keys[probe] != scalar {
                    probe = (probe &+ 1) & hashMask
                  }
                  if generations[probe] != generation {
                    generations[probe] = generation
                    keys[probe] = scalar
                    keySlots[probe] = Int32(truncatingIfNeeded: slotCount)
                    slotCount &+= 1
                  }
                  slots[index] = keySlots[probe]
                }
              }
            }
          }
        }
      }
    }
    asciiSlot = table
    usedASCII = used
    hashKeys = keys
    hashSlots = keySlots
    hashGenerations = generations
    let maskCount = slotCount * words
    if masks.count < maskCount {
      masks.append(contentsOf: repeatElement(0, count: maskCount - masks.count))
    }
    var localMasks = masks
    masks = []
    localMasks.withUnsafeMutableBufferPointer { buffer in
      slots.withUnsafeBufferPointer { slots in
        guard let base = buffer.baseAddress else { return }
        base.update(repeating: 0, count: maskCount)
        for index in 0..<columns.count {
          base[Int(slots[index]) &* words &+ index &>> 6] |= 1 &<< UInt64(index & 63)
        }
      }
    }
    masks = localMasks
    columnSlots = slots
    return words
  }

  @inline(__always)
  private func slot(of scalar: UInt32) -> Int {
    if scalar < 128 { return Int(asciiSlot[Int(scalar)]) }
    if hashKeys.isEmpty { return 0 }
    let mask = hashKeys.count - 1
    var probe = Int(truncatingIfNeeded: scalar &* 0x9E37_79B1) & mask
    while hashGenerations[probe] == hashGeneration {
      if hashKeys[probe] == scalar { return Int(hashSlots[probe]) }
      probe = (probe + 1) & mask
    }
    return 0
  }

  /// Advances the row vector `vector` by one row whose scalar has mask slot `slot`.
  @inline(__always)
  private static func advance(
    _ vector: UnsafeMutablePointer<UInt64>, words: Int, mask: UnsafePointer<UInt64>
  ) {
    advance(from: vector, into: vector, words: words, mask: mask)
  }

  /// Writes to `next` the row vector that follows `previous` for a row whose
  /// scalar has match mask `mask` (`next` may be `previous`).
  @inline(__always)
  private static func advance(
    from previous: UnsafePointer<UInt64>, into next: UnsafeMutablePointer<UInt64>, words: Int,
    mask: UnsafePointer<UInt64>
  ) {
    // The carry out of v + u + carry is the majority of the top bits of v, u
    // and ~sum; as u ⊆ v, that is the top bit of u | (v & ~sum). No flags.
    // Two words at a time as one 128-bit add (add, adc): the carry is derived
    // once per two words, and the loads, masks and stores of both overlap.
    let previousBytes = UnsafeRawPointer(previous)
    let maskBytes = UnsafeRawPointer(mask)
    let nextBytes = UnsafeMutableRawPointer(next)
    var carry: UInt128 = 0
    var offset = 0
    let pairedEnd = (words & ~1) &<< 3
    while offset < pairedEnd {
      let v = previousBytes.loadUnaligned(fromByteOffset: offset, as: UInt128.self)
      let u = v & maskBytes.loadUnaligned(fromByteOffset: offset, as: UInt128.self)
      let sum = v &+ u &+ carry
      carry = (u | (v & ~sum)) &>> 127
      nextBytes.storeBytes(of: sum | (v ^ u), toByteOffset: offset, as: UInt128.self)
      offset &+= 16
    }
    if words & 1 != 0 {
      let word = words &- 1
      let v = previous[word]
      let u = v & mask[word]
      next[word] = (v &+ u &+ UInt64(truncatingIfNeeded: carry)) | (v ^ u)
    }
  }

  private mutating func traceback(
    rows: UnsafeBufferPointer<UInt32>, columns: UnsafeBufferPointer<UInt32>,
    rowKind: EditRun.Kind, columnKind: EditRun.Kind, _ runs: inout [EditRun]
  ) {
    let words = buildMasks(columns)
    let rowCount = rows.count
    if trace.count < rowCount * words {
      trace = [UInt64](repeating: 0, count: rowCount * words)
    }
    if row.count < words { row = [UInt64](repeating: 0, count: words) }
    for word in 0..<words { row[word] = UInt64.max }
    // The trace is filled only up to `band` columns right of the diagonal (see
    // ``fillTrace(rows:words:columnCount:band:)``): first a guess that allows a few
    // inserted row scalars, and if the LCS it yields does not prove the guess wide
    // enough, the band that LCS does prove wide enough. One word is filled whole.
    var band = columns.count
    if words > 1 {
      band =
        max(columns.count &- rowCount, 0)
        &+ max(16, rowCount &>> 5)
    }
    let guessedLCS = fillTrace(rows: rows, words: words, columnCount: columns.count, band: band)
    if columns.count &- guessedLCS > band {
      band = columns.count &- guessedLCS
      _ = fillTrace(rows: rows, words: words, columnCount: columns.count, band: band)
    }
    // Walk back from the bottom-right corner. Among the optimal paths, prefer
    // the one that keeps doing what it did: equal scalars match only when the
    // walk is not inside a gap that can go on at no cost. This keeps matched
    // text contiguous (no stray letters of a deleted menu matched to the
    // refined text) without giving up minimality:
    // - a diagonal step is optimal whenever the scalars are equal (LCS property);
    // - a left step is optimal iff bit j-1 of row i is 1;
    // - an up step is optimal iff LCS(rows[..<i-1], columns[..<j]) equals the
    //   current LCS, computed from row i-1's prefix of zero bits.
    reversedOps.removeAll(keepingCapacity: true)
    var i = rowCount
    var j = columns.count
    let prefersUp = rowKind == .delete
    var runKind = EditRun.Kind.match
    var runCount = 0
    var ops = reversedOps
    reversedOps = []
    trace.withUnsafeBufferPointer { traceBuffer in
      @inline(__always) func bit(_ rowIndex: Int, _ column: Int) -> Bool {
        traceBuffer[rowIndex &* words &+ column >> 6] >> UInt64(column & 63) & 1 != 0
      }
      /// LCS(rows[..<rowCount], columns[..<columnCount]) from the stored row vectors.
      // Outside the band no optimal path passes, so the LCS there is below any
      // `current` it is compared with: -1 says so without reading the trace.
      @inline(__always) func lcs(_ rowCount: Int, _ columnCount: Int) -> Int {
        guard columnCount &- rowCount <= band else { return -1 }
        guard rowCount > 0 else { return 0 }
        let base = (rowCount - 1) * words
        var ones = 0
        let fullWords = columnCount >> 6
        for word in 0..<fullWords { ones &+= traceBuffer[base + word].nonzeroBitCount }
        let rest = columnCount & 63
        if rest > 0 {
          let mask: UInt64 = (1 << UInt64(rest)) &- 1
          ones &+= (traceBuffer[base + fullWords] & mask).nonzeroBitCount
        }
        return columnCount - ones
      }
      @inline(__always) func emit(_ kind: EditRun.Kind, _ count: Int) {
        guard count > 0 else { return }
        if kind == runKind {
          runCount &+= count
        } else {
          if runCount > 0 { ops.append(EditRun(kind: runKind, count: runCount)) }
          runKind = kind
          runCount = count
        }
      }
      enum Step { case match, up, left }
      var current = lcs(i, j)
      // Start as if inside a deletion: trailing original text that can go is
      // deleted whole, and the refined text's last newline matches the newline
      // of the last kept line, not the block's last newline.
      var state = prefersUp ? Step.up : Step.left
      while i > 0 && j > 0 {
        var count = 0
        switch state {
        case .match:
          // Each diagonal step lowers the LCS by one, so inside a run no whole
          // original line can be deleted at the current LCS: the run goes on.
          while i > 0 && j > 0 && rows[i &- 1] == columns[j &- 1] {
            i &-= 1
            j &-= 1
            count &+= 1
          }
          current &-= count
          emit(.match, count)
        case .up:
          // LCS(rows[..<k], columns[..<j]) grows with k: binary-search the smallest k
          // that still has the current LCS instead of testing one row at a time.
          var low = 0
          var high = i
          while low < high {
            let middle = (low &+ high) >> 1
            if lcs(middle, j) == current { high = middle } else { low = middle &+ 1 }
          }
          count = i &- low
          i = low
          emit(rowKind, count)
        case .left:
          // Count the run of one bits below column j of row i-1, a word at a time.
          let base = (i &- 1) &* words
          while j > 0 {
            let bitIndex = (j &- 1) & 63
            let word = traceBuffer[base &+ (j &- 1) >> 6] << UInt64(63 &- bitIndex)
            let ones = (~word).leadingZeroBitCount
            if ones > bitIndex {
              count &+= bitIndex &+ 1
              j &-= bitIndex &+ 1
            } else {
              count &+= ones
              j &-= ones
              break
            }
          }
          emit(columnKind, count)
        }
        guard i > 0 && j > 0 else { break }
        // The current kind of step cannot go on: pick the next one.
        if rows[i - 1] == columns[j - 1] {
          if state == .match {
            // Unreachable: the match loop only stops on a mismatch.
            state = prefersUp ? .up : .left
          } else {
            state = .match
          }
        } else if prefersUp {
          state = lcs(i - 1, j) == current ? .up : .left
        } else {
          state = bit(i - 1, j - 1) ? .left : .up
        }
      }
      emit(rowKind, i)
      emit(columnKind, j)
      if runCount > 0 { ops.append(EditRun(kind: runKind, count: runCount)) }
    }
    reversedOps = ops
    // Deletes before inserts inside each unmatched stretch keeps hunks tidy.
    for run in reversedOps.reversed() { runs.appendRun(run.kind, count: run.count) }
  }

  /// Fills the trace (its row *r* after `rows[...r]`) for the columns up to `band`
  /// right of the diagonal, and returns LCS(`rows`, `columns`) within that band.
  ///
  /// Row *r* computes the words up to column *r* + `band`; a word that joins at row *r*
  /// starts from the all-ones vector, as if no earlier row had been seen there. That
  /// only lowers LCS values (never below an in-band path's), and only through cells
  /// right of column *i* + `band` in row *i*, so every cell that a path inside the band
  /// reaches optimally keeps its exact value. An optimal path takes
  /// `columns.count` − LCS column steps, so it stays within that many columns right of
  /// the diagonal: when the returned LCS satisfies `columns.count` − LCS ≤ `band`, it is
  /// the exact LCS (a longer one would lie on a path inside the band), and the
  /// traceback, which reads the trace only inside the band, walks exactly as over the
  /// full table. `band` must be at least `columns.count` − `rows.count`, so that the
  /// last row is complete.
  ///
  /// - Complexity: O(Σ over rows *r* of min(*words*, (*r* + `band`) / 64 + 1)).
  private mutating func fillTrace(
    rows: UnsafeBufferPointer<UInt32>, words: Int, columnCount: Int, band: Int
  ) -> Int {
    let rowCount = rows.count
    var traceLocal = trace
    trace = []
    defer { trace = traceLocal }
    return masks.withUnsafeBufferPointer { maskBuffer in
      traceLocal.withUnsafeMutableBufferPointer { traceBuffer in
        row.withUnsafeBufferPointer { rowBuffer in
          guard let maskBase = maskBuffer.baseAddress, let traceBase = traceBuffer.baseAddress,
            let vector = rowBuffer.baseAddress
          else { return 0 }
          // Each row vector is computed from the one stored before it, straight
          // into the trace; one word needs no carry.
          if words == 1 {
            var v = UInt64.max
            for rowIndex in 0..<rowCount {
              let u = v & maskBase[slot(of: rows[rowIndex])]
              v = (v &+ u) | (v ^ u)
              traceBase[rowIndex] = v
            }
          } else {
            var previous = vector
            var active = 0
            for rowIndex in 0..<rowCount {
              let needed = min(words, (rowIndex &+ band) &>> 6 &+ 1)
              if needed > active {
                if rowIndex > 0 {
                  // Row rowIndex - 1 never reached these words: they start as all ones.
                  let stale = traceBase + (rowIndex &- 1) &* words
                  for word in active..<needed { stale[word] = UInt64.max }
                }
                active = needed
              }
              let mask = maskBase + slot(of: rows[rowIndex]) &* words
              let next = traceBase + rowIndex &* words
              BitParallelLCS.advance(from: previous, into: next, words: active, mask: mask)
              previous = UnsafePointer(next)
            }
          }
          // The last row is complete (band >= columnCount - rowCount): count its zeros.
          guard rowCount > 0 else { return 0 }
          let last = traceBase + (rowCount &- 1) &* words
          var ones = 0
          for word in 0..<(columnCount &>> 6) { ones &+= last[word].nonzeroBitCount }
          let rest = columnCount & 63
          if rest > 0 {
            ones &+= (last[columnCount &>> 6] & ((1 &<< UInt64(rest)) &- 1)).nonzeroBitCount
          }
          return columnCount &- ones
        }
      }
    }
  }

  /// Computes the last row vector of LCS(`rows`, `columns`) into `vector`.
  private mutating func lastRow(
    rows: UnsafeBufferPointer<UInt32>, columns: UnsafeBufferPointer<UInt32>,
    into vector: inout [UInt64]
  ) {
    let words = buildMasks(columns)
    vector.removeAll(keepingCapacity: true)
    vector.append(contentsOf: repeatElement(UInt64.max, count: words))
    masks.withUnsafeBufferPointer { maskBuffer in
      vector.withUnsafeMutableBufferPointer { rowBuffer in
        guard let maskBase = maskBuffer.baseAddress, let base = rowBuffer.baseAddress else {
          return
        }
        for rowIndex in 0..<rows.count {
          BitParallelLCS.advance(
            base, words: words, mask: maskBase + slot(of: rows[rowIndex]) * words)
        }
      }
    }
  }

  /// Splits the problem at the middle row so that both halves together are optimal.
  private mutating func hirschbergSplit(
    _ a: UnsafeBufferPointer<UInt32>, _ aStart: Int, _ aEnd: Int,
    _ b: UnsafeBufferPointer<UInt32>, _ bStart: Int, _ bEnd: Int, rowsAreA: Bool
  ) -> (a: Int, b: Int) {
    let rowsLow = rowsAreA ? aStart : bStart
    let rowsHigh = rowsAreA ? aEnd : bEnd
    let columnsLow = rowsAreA ? bStart : aStart
    let columnsHigh = rowsAreA ? bEnd : aEnd
    let rowSource = rowsAreA ? a : b
    let columnSource = rowsAreA ? b : a
    let middle = rowsLow + (rowsHigh - rowsLow) / 2
    let columnCount = columnsHigh - columnsLow

    var forwardRow: [UInt64] = []
    lastRow(
      rows: UnsafeBufferPointer(rebasing: rowSource[rowsLow..<middle]),
      columns: UnsafeBufferPointer(rebasing: columnSource[columnsLow..<columnsHigh]),
      into: &forwardRow)
    reversedRows.removeAll(keepingCapacity: true)
    reversedRows.append(contentsOf: rowSource[middle..<rowsHigh].reversed())
    reversedColumns.removeAll(keepingCapacity: true)
    reversedColumns.append(contentsOf: columnSource[columnsLow..<columnsHigh].reversed())
    var backwardRow = reversedRow
    let rowsCopy = reversedRows
    let columnsCopy = reversedColumns
    rowsCopy.withUnsafeBufferPointer { rowsBuffer in
      columnsCopy.withUnsafeBufferPointer { columnsBuffer in
        lastRow(rows: rowsBuffer, columns: columnsBuffer, into: &backwardRow)
      }
    }
    // prefixLCS[j] = zeros of forwardRow in bits 0..<j; suffixLCS for the last
    // columnCount - j columns = zeros of backwardRow in bits 0..<(columnCount - j).
    @inline(__always) func isZero(_ vector: [UInt64], _ bit: Int) -> Bool {
      vector[bit >> 6] >> UInt64(bit & 63) & 1 == 0
    }
    var suffixTotal = 0
    for bit in 0..<columnCount where isZero(backwardRow, bit) { suffixTotal += 1 }
    var prefix = 0
    var suffix = suffixTotal
    var best = suffix
    var bestColumn = 0
    for j in 1...max(columnCount, 1) where columnCount > 0 {
      if isZero(forwardRow, j - 1) { prefix += 1 }
      if isZero(backwardRow, columnCount - j) { suffix -= 1 }
      if prefix + suffix > best {
        best = prefix + suffix
        bestColumn = j
      }
    }
    reversedRow = backwardRow
    let splitRow = middle
    let splitColumn = columnsLow + bestColumn
    return rowsAreA ? (splitRow, splitColumn) : (splitColumn, splitRow)
  }
}

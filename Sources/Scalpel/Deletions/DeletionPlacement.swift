/// Re-aligns regions whose deletions the program language cannot express, so
/// that every refined line comes from one original line.
///
/// Where a refinement only deletes, every way of deleting original bytes that
/// leaves the refined text costs the same, so the kernel's choice among them is
/// arbitrary: it can build a refined line out of letters of several deleted
/// navigation lines (a line join) or leave a piece that is not unique in its
/// line. Where the expert also inserted a little (a `- ` list marker), the
/// minimal alignment can even match a space of a deleted navigation line to the
/// inserted marker, which makes the whole navigation block a "rewrite".
///
/// For each such line, this pass takes the smallest region of whole lines around
/// it that the alignment maps onto whole refined lines (also taking in fully
/// deleted neighbour lines) and aligns it again, line-structured:
/// 1. a dynamic program gives each refined line its own original line or none
///    (an inserted line), preferring equal lines, then lines it is a
///    subsequence of (pure deletions, fewer deleted bytes first), then lines it
///    shares most text with (fewest inserted characters), and grouping the
///    removed original lines into as few `remove_lines` ranges as possible;
/// 2. inside a line of pure deletions, ``InlineEmbedding`` places the deleted
///    runs on natural boundaries; a line with insertions is aligned by the
///    kernel on its own.
///
/// The result can cost more than the minimal alignment; ``PairBuilder`` keeps
/// it only when its programs reproduce the refined text better.
enum DeletionPlacement {
  /// The largest region, in original lines.
  static let maximumRegionLineCount = 512
  /// The largest region, in original bytes.
  static let maximumRegionUTF8Count = 1 << 16
  /// The most character comparisons the line choice of one region may make.
  static let maximumComparisonCount = 1 << 20

  private struct Insert {
    var originalUTF8Offset: Int
    var refinedUTF8Range: Range<Int>
  }

  /// Returns the hunks with the regions around `lineIndices` aligned again, or
  /// `nil` when no region could be.
  ///
  /// - Parameters:
  ///   - hunks: An alignment of `original` with `refined`.
  ///   - lineIndices: 0-based lines of `original` whose edits were not
  ///     expressible, ascending.
  /// - Complexity: O(*n* + *m*) to index the alignment, plus, per region, the
  ///   line choice (bounded by ``maximumComparisonCount``) and the in-line
  ///   alignments.
  static func replacing(
    _ hunks: [AlignmentHunk], original: NormalizedText, refined: NormalizedText,
    lineIndices: [Int]
  ) -> [AlignmentHunk]? {
    let o = original.utf8
    let r = refined.utf8
    guard !lineIndices.isEmpty, !o.isEmpty else { return nil }
    var isDeleted = ByteMask(count: o.count)
    var inserts: [Insert] = []
    for hunk in hunks {
      switch hunk.kind {
      case .equal:
        break
      case .delete:
        for offset in hunk.originalUTF8Range { isDeleted[offset] = true }
      case .insert:
        inserts.append(
          Insert(
            originalUTF8Offset: hunk.originalUTF8Range.lowerBound,
            refinedUTF8Range: hunk.refinedUTF8Range))
      }
    }

    let lineCount = original.lineCount
    // For each line, whether every byte of it lies in a deletion that no insertion follows
    // (a substitution): one entry per line, not per byte, since only lines are looked up.
    var isLineFullyDeletable = [Bool](repeating: false, count: lineCount)
    var firstHunk = 0
    for line in 0..<lineCount {
      let range = original.lineUTF8Range(lineIndex: line)
      while firstHunk < hunks.count
        && hunks[firstHunk].originalUTF8Range.upperBound <= range.lowerBound
      {
        firstHunk += 1
      }
      var covered = range.lowerBound
      var index = firstHunk
      while covered < range.upperBound && index < hunks.count
        && hunks[index].originalUTF8Range.lowerBound <= covered
      {
        let hunk = hunks[index]
        index += 1
        if hunk.originalUTF8Range.isEmpty { continue }
        let isSubstituted = index < hunks.count && hunks[index].kind == .insert
        guard hunk.kind == .delete && !isSubstituted else { break }
        covered = hunk.originalUTF8Range.upperBound
      }
      isLineFullyDeletable[line] = covered >= range.upperBound
    }
    func lineStart(_ line: Int) -> Int { original.lineUTF8Range(lineIndex: line).lowerBound }
    func lineEnd(_ line: Int) -> Int { original.lineUTF8Range(lineIndex: line).upperBound }
    // For each line, the offset in R of the match of its last byte, or -1 when that byte is
    // not equal. Only line boundaries are ever looked up, so one entry per line does (an
    // entry per byte was the largest array of the pass: 4 or 8 bytes per original byte).
    guard r.count < Int(Int32.max) else { return nil }
    var lastByteMatch = [Int32](repeating: -1, count: lineCount)
    var hunkIndex = 0
    for line in 0..<lineCount {
      let range = original.lineUTF8Range(lineIndex: line)
      guard !range.isEmpty else { continue }
      let last = range.upperBound - 1
      while hunkIndex < hunks.count && hunks[hunkIndex].originalUTF8Range.upperBound <= last {
        hunkIndex += 1
      }
      guard hunkIndex < hunks.count else { break }
      let hunk = hunks[hunkIndex]
      if hunk.kind == .equal && hunk.originalUTF8Range.contains(last) {
        lastByteMatch[line] = Int32(
          truncatingIfNeeded: hunk.refinedUTF8Range.lowerBound + last
            - hunk.originalUTF8Range.lowerBound)
      }
    }
    /// Whether the boundary after `line` (before line 0 for -1) maps onto a refined line
    /// boundary.
    func isClean(after line: Int) -> Bool {
      guard line >= 0 else { return true }
      let end = lineEnd(line)
      return end == o.count || (o[end - 1] == UInt8(ascii: "\n") && lastByteMatch[line] >= 0)
    }
    func isFullyDeleted(_ line: Int) -> Bool { isLineFullyDeletable[line] }

    var changed = false
    var coveredUpTo = -1
    var placedInserts: [Insert] = []
    var placedRegions: [Range<Int>] = []
    for problem in lineIndices where problem > coveredUpTo && problem < lineCount {
      var first = problem
      var last = problem
      var isGrowing = true
      while isGrowing
        && last - first + 1 <= maximumRegionLineCount
        && lineEnd(last) - lineStart(first) <= maximumRegionUTF8Count
      {
        isGrowing = false
        // Regions never overlap: an earlier one may have changed its lines.
        if first > coveredUpTo + 1 && (!isClean(after: first - 1) || isFullyDeleted(first - 1)) {
          first -= 1
          isGrowing = true
        }
        if last + 1 < lineCount && (!isClean(after: last) || isFullyDeleted(last + 1)) {
          last += 1
          isGrowing = true
        }
      }
      coveredUpTo = last
      let start = lineStart(first)
      let end = lineEnd(last)
      guard isClean(after: first - 1) && isClean(after: last),
        last - first + 1 <= maximumRegionLineCount,
        end - start <= maximumRegionUTF8Count
      else { continue }
      let refinedStart = first == 0 ? 0 : Int(lastByteMatch[first - 1]) + 1
      let refinedEnd = end == o.count ? r.count : Int(lastByteMatch[last]) + 1
      guard refinedStart <= refinedEnd,
        let placement = place(
          lines: first...last, in: original, refined: r, refinedRange: refinedStart..<refinedEnd)
      else { continue }
      for offset in start..<end {
        isDeleted[offset] = placement.isDeleted[offset - start]
      }
      placedRegions.append(start..<end)
      // Kept apart until the end: the next region may start where this one's
      // last inserted line sits.
      placedInserts.append(contentsOf: placement.inserts)
      changed = true
    }
    guard changed else { return nil }
    // The alignment's inserts inside a placed region give way to the placement's. Both
    // lists ascend and the regions do not overlap, so one merge pass filters them.
    var regionIndex = 0
    inserts.removeAll { insert in
      let offset = insert.originalUTF8Offset
      while regionIndex < placedRegions.count && placedRegions[regionIndex].upperBound <= offset {
        let region = placedRegions[regionIndex]
        if region.upperBound == offset && offset == o.count { return true }
        regionIndex += 1
      }
      return regionIndex < placedRegions.count && placedRegions[regionIndex].lowerBound <= offset
    }
    inserts.append(contentsOf: placedInserts)
    inserts.sort {
      ($0.originalUTF8Offset, $0.refinedUTF8Range.lowerBound)
        < ($1.originalUTF8Offset, $1.refinedUTF8Range.lowerBound)
    }

    // Rebuild the hunks from the byte states and the inserts.
    var builder = HunkBuilder()
    var refinedOffset = 0
    var insertIndex = 0
    var offset = 0
    while offset <= o.count {
      while insertIndex < inserts.count && inserts[insertIndex].originalUTF8Offset == offset {
        let insert = inserts[insertIndex].refinedUTF8Range
        builder.appendInsert(refined: insert.lowerBound, count: insert.count, original: offset)
        refinedOffset = insert.upperBound
        insertIndex += 1
      }
      guard offset < o.count else { break }
      var runEnd = offset + 1
      let isKept = !isDeleted[offset]
      while runEnd < o.count && !isDeleted[runEnd] == isKept
        && !(insertIndex < inserts.count && inserts[insertIndex].originalUTF8Offset == runEnd)
      {
        runEnd += 1
      }
      if isKept {
        // A placement that does not fit the refined text is a bug: keep the original hunks.
        guard refinedOffset + runEnd - offset <= r.count,
          o[offset..<runEnd].elementsEqual(r[refinedOffset..<refinedOffset + runEnd - offset])
        else {
          assertionFailure("re-placed region does not match the refined text")
          return nil
        }
        builder.appendEqual(original: offset, refined: refinedOffset, count: runEnd - offset)
        refinedOffset += runEnd - offset
      } else {
        builder.appendDelete(original: offset, count: runEnd - offset, refined: refinedOffset)
      }
      offset = runEnd
    }
    guard refinedOffset == r.count else {
      assertionFailure("re-placed hunks do not cover the refined text")
      return nil
    }
    return builder.finish()
  }

  /// One flag per byte of a text, a bit each: an eighth of a `[Bool]`'s memory.
  private struct ByteMask {
    private var words: [UInt64]

    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) >> 6) }

    subscript(offset: Int) -> Bool {
      get { words[offset &>> 6] &>> UInt64(offset & 63) & 1 != 0 }
      set {
        let bit: UInt64 = 1 &<< UInt64(offset & 63)
        if newValue { words[offset &>> 6] |= bit } else { words[offset &>> 6] &= ~bit }
      }
    }
  }

  private struct Placement {
    /// For each byte of the region, whether it is deleted.
    var isDeleted: [Bool]
    var inserts: [Insert]

    /// Marks the bytes of `scalars`, which start at region offset `offset`, as the
    /// per-scalar `deleted` flags say.
    mutating func mark(_ deleted: ArraySlice<Bool>, _ scalars: [Unicode.Scalar], at offset: Int) {
      var byteOffset = offset
      for (scalar, isScalarDeleted) in zip(scalars, deleted) {
        let length = UTF8.width(scalar)
        for step in 0..<length { isDeleted[byteOffset + step] = isScalarDeleted }
        byteOffset += length
      }
    }
  }

  private struct Line {
    var content: Range<Int>
    var hasNewline: Bool
  }

  /// Aligns `refined[refinedRange]` (whole refined lines) with the original
  /// lines `lines`, each refined line with one original line or none; returns
  /// `nil` when the region is too large.
  private static func place(
    lines: ClosedRange<Int>, in text: NormalizedText, refined r: [UInt8],
    refinedRange: Range<Int>
  ) -> Placement? {
    let o = text.utf8
    var refinedLines: [Line] = []
    var lineStart = refinedRange.lowerBound
    for offset in refinedRange where r[offset] == UInt8(ascii: "\n") {
      refinedLines.append(Line(content: lineStart..<offset, hasNewline: true))
      lineStart = offset + 1
    }
    if lineStart < refinedRange.upperBound {
      refinedLines.append(Line(content: lineStart..<refinedRange.upperBound, hasNewline: false))
    }
    let originalLines = lines.map { line in
      Line(
        content: text.lineContentUTF8Range(lineIndex: line),
        hasNewline: text.lineUTF8Range(lineIndex: line).upperBound
          > text.lineContentUTF8Range(lineIndex: line).upperBound)
    }
    let p = originalLines.count
    let q = refinedLines.count
    let originalBytes = originalLines.reduce(0) { $0 + $1.content.count }
    let refinedBytes = refinedLines.reduce(0) { $0 + $1.content.count }
    guard originalBytes * refinedBytes <= maximumComparisonCount,
      (p + 1) * (q + 1) <= 1 << 20
    else { return nil }

    // Costs, in thousandths of a call: a remove_lines range 1000; an equal line
    // 0; a pure-deletion host 1000 + deleted bytes; a host with insertions
    // 2000 + 20 per inserted byte + deleted bytes; an inserted line 2000 + 20
    // per byte.
    let none = Int.max / 8
    var lcs: [UInt64] = []
    var histogram = [Int](repeating: 0, count: 256)
    func hostCost(_ source: Line, _ target: Line) -> Int {
      guard source.hasNewline == target.hasNewline else { return none }
      let a = o[source.content]
      let b = r[target.content]
      if a.elementsEqual(b) { return 0 }
      var k = b.startIndex
      for byte in a where k < b.endIndex && b[k] == byte { k += 1 }
      if k == b.endIndex { return 1000 + min(a.count - b.count, 999) }
      // The shared byte counts bound the common subsequence from above.
      for byte in b { histogram[Int(byte)] += 1 }
      var shared = 0
      for byte in a where histogram[Int(byte)] > 0 {
        histogram[Int(byte)] -= 1
        shared += 1
      }
      for byte in b { histogram[Int(byte)] = 0 }
      guard shared * 2 >= b.count else { return none }
      let common = lcsLength(a, b, &lcs)
      guard common * 2 >= b.count else { return none }
      return 2000 + 20 * (b.count - common) + min(a.count - common, 999)
    }
    func insertCost(_ target: Line) -> Int { 2000 + 20 * (target.content.count + 1) }
    /// A refined line made of two original lines (the expert deleted the newline
    /// between them, which no call can express): only for pure deletions.
    func joinCost(_ first: Line, _ second: Line, _ target: Line) -> Int {
      guard second.hasNewline == target.hasNewline,
        target.content.count <= first.content.count + second.content.count
      else { return none }
      var k = target.content.lowerBound
      for byte in o[first.content] where k < target.content.upperBound && r[k] == byte { k += 1 }
      for byte in o[second.content] where k < target.content.upperBound && r[k] == byte { k += 1 }
      guard k == target.content.upperBound else { return none }
      return 3000 + min(first.content.count + second.content.count - target.content.count, 999)
    }

    // cost[(i * width + j) * 2 + s]: original lines i..<p with refined lines
    // j..<q, when line i - 1 was removed (s = 1) or not (s = 0).
    let width = q + 1
    var cost = [Int](repeating: none, count: (p + 1) * width * 2)
    var hosts = [Int](repeating: none, count: p * width)
    var joins = [Int](repeating: none, count: p * width)
    for i in stride(from: p, through: 0, by: -1) {
      for j in stride(from: q, through: 0, by: -1) {
        if i < p && j < q { hosts[i * width + j] = hostCost(originalLines[i], refinedLines[j]) }
        if i + 1 < p && j < q && hosts[i * width + j] >= none {
          joins[i * width + j] = joinCost(originalLines[i], originalLines[i + 1], refinedLines[j])
        }
        for s in 0...1 {
          if i == p && j == q {
            cost[(i * width + j) * 2 + s] = 0
            continue
          }
          var best = none
          if i < p {
            let removed = cost[((i + 1) * width + j) * 2 + 1]
            if removed < none { best = removed + (s == 1 ? 0 : 1000) }
          }
          if j < q {
            let inserted = cost[(i * width + j + 1) * 2]
            if inserted < none { best = min(best, inserted + insertCost(refinedLines[j])) }
          }
          if i < p && j < q {
            let host = hosts[i * width + j]
            let kept = cost[((i + 1) * width + j + 1) * 2]
            if host < none && kept < none { best = min(best, kept + host) }
          }
          if i + 1 < p && j < q {
            let join = joins[i * width + j]
            let kept = cost[((i + 2) * width + j + 1) * 2]
            if join < none && kept < none { best = min(best, kept + join) }
          }
          cost[(i * width + j) * 2 + s] = best
        }
      }
    }
    guard cost[0] < none else { return nil }

    let base = text.lineUTF8Range(lineIndex: lines.lowerBound).lowerBound
    let regionEnd = text.lineUTF8Range(lineIndex: lines.upperBound).upperBound
    var placement = Placement(
      isDeleted: [Bool](repeating: true, count: regionEnd - base), inserts: [])
    var aligner: Aligner? = nil
    var i = 0
    var j = 0
    var previousRemoved = 0
    while i < p || j < q {
      // Ties: remove an original line first, then host, then insert.
      var removeCost = none
      if i < p {
        let removed = cost[((i + 1) * width + j) * 2 + 1]
        if removed < none { removeCost = removed + (previousRemoved == 1 ? 0 : 1000) }
      }
      var hostTotal = none
      if i < p && j < q {
        let host = hosts[i * width + j]
        let kept = cost[((i + 1) * width + j + 1) * 2]
        if host < none && kept < none { hostTotal = kept + host }
      }
      var insertTotal = none
      if j < q {
        let inserted = cost[(i * width + j + 1) * 2]
        if inserted < none { insertTotal = inserted + insertCost(refinedLines[j]) }
      }
      var joinTotal = none
      if i + 1 < p && j < q {
        let join = joins[i * width + j]
        let kept = cost[((i + 2) * width + j + 1) * 2]
        if join < none && kept < none { joinTotal = kept + join }
      }
      if removeCost <= hostTotal && removeCost <= insertTotal && removeCost <= joinTotal {
        previousRemoved = 1
        i += 1
        continue
      }
      previousRemoved = 0
      if joinTotal < hostTotal && joinTotal < insertTotal {
        let first = originalLines[i]
        let second = originalLines[i + 1]
        let target = refinedLines[j]
        if second.hasNewline { placement.isDeleted[second.content.upperBound - base] = false }
        let firstScalars = Array(String(decoding: o[first.content], as: UTF8.self).unicodeScalars)
        let secondScalars = Array(String(decoding: o[second.content], as: UTF8.self).unicodeScalars)
        let targetScalars = Array(String(decoding: r[target.content], as: UTF8.self).unicodeScalars)
        guard
          let mask = InlineEmbedding.deletedScalars(
            original: firstScalars.map(\.value) + [0x0A] + secondScalars.map(\.value),
            refined: targetScalars.map(\.value))
        else { return nil }
        // The newline between the two lines (mask index firstScalars.count) stays deleted.
        placement.mark(
          mask[..<firstScalars.count], firstScalars, at: first.content.lowerBound - base)
        placement.mark(
          mask[(firstScalars.count + 1)...], secondScalars, at: second.content.lowerBound - base)
        i += 2
        j += 1
        continue
      }
      if insertTotal < hostTotal {
        let target = refinedLines[j]
        let insertEnd = target.content.upperBound + (target.hasNewline ? 1 : 0)
        placement.inserts.append(
          Insert(
            originalUTF8Offset: i < p ? originalLines[i].content.lowerBound : regionEnd,
            refinedUTF8Range: target.content.lowerBound..<insertEnd))
        j += 1
        continue
      }
      let source = originalLines[i]
      let target = refinedLines[j]
      if source.hasNewline { placement.isDeleted[source.content.upperBound - base] = false }
      let host = hosts[i * width + j]
      if host == 0 {
        for offset in source.content { placement.isDeleted[offset - base] = false }
      } else if host < 2000 {
        let sourceScalars = Array(String(decoding: o[source.content], as: UTF8.self).unicodeScalars)
        let targetScalars = Array(String(decoding: r[target.content], as: UTF8.self).unicodeScalars)
        guard
          var mask = InlineEmbedding.deletedScalars(
            original: sourceScalars.map(\.value), refined: targetScalars.map(\.value))
        else { return nil }
        // Of the two tie-breaks, the one whose deleted runs a remove_str can name.
        let line = ScalarLine(o[source.content], sourceScalars)
        let ambiguous = line.ambiguousRunCount(mask)
        if ambiguous > 0,
          let later = InlineEmbedding.deletedScalars(
            original: sourceScalars.map(\.value), refined: targetScalars.map(\.value),
            prefersLaterMatches: true),
          line.ambiguousRunCount(later) < ambiguous
        {
          mask = later
        }
        mask = movingKeptRuns(mask, line)
        placement.mark(mask[...], sourceScalars, at: source.content.lowerBound - base)
      } else {
        if aligner == nil { aligner = Aligner() }
        let alignment = aligner!.align(
          original: Array(o[source.content]), refined: Array(r[target.content]))
        for hunk in alignment.hunks {
          switch hunk.kind {
          case .equal:
            for offset in hunk.originalUTF8Range {
              placement.isDeleted[source.content.lowerBound + offset - base] = false
            }
          case .delete: break
          case .insert:
            placement.inserts.append(
              Insert(
                originalUTF8Offset: source.content.lowerBound + hunk.originalUTF8Range.lowerBound,
                refinedUTF8Range: target.content.lowerBound
                  + hunk.refinedUTF8Range.lowerBound..<target.content.lowerBound
                  + hunk.refinedUTF8Range.upperBound))
          }
        }
      }
      i += 1
      j += 1
    }
    return placement
  }

  /// Moves kept runs of a short line to other copies of their text between their
  /// neighbours (the same refined line, at the same cost) while that lowers the number
  /// of deleted runs no `remove_str` can name: `abbba` refined to `b` keeps the middle
  /// `b`, so that `ab` and `ba` are unique.
  ///
  /// - Complexity: O(*k* · *w* · *n*) for *k* kept runs, windows of *w* positions and a
  ///   line of *n* scalars; lines over 512 scalars are left as they are.
  private static func movingKeptRuns(_ deleted: [Bool], _ line: ScalarLine) -> [Bool] {
    var mask = deleted
    var best = line.ambiguousRunCount(mask)
    let scalars = line.scalars
    guard best > 0, scalars.count <= 512 else { return mask }
    var runs = ScalarLine.runs(in: mask, where: false)
    for k in runs.indices where best > 0 {
      let run = runs[k]
      let lower = k > 0 ? runs[k - 1].upperBound : 0
      let upper = k + 1 < runs.count ? runs[k + 1].lowerBound : scalars.count
      guard upper - lower > run.count else { continue }
      for start in lower...(upper - run.count) where start != run.lowerBound {
        guard scalars[start..<start + run.count].elementsEqual(scalars[run]) else { continue }
        var candidate = mask
        for position in run { candidate[position] = true }
        for position in start..<start + run.count { candidate[position] = false }
        let count = line.ambiguousRunCount(candidate)
        if count < best {
          best = count
          mask = candidate
          runs[k] = start..<start + run.count
          break
        }
      }
    }
    return mask
  }

  /// One original line as scalars and bytes, for asking which deleted runs a
  /// `remove_str` can name.
  private struct ScalarLine {
    let scalars: [Unicode.Scalar]
    let bytes: [UInt8]
    /// The byte offset of each scalar, followed by the line's length.
    let byteOffsets: [Int]

    init(_ bytes: ArraySlice<UInt8>, _ scalars: [Unicode.Scalar]) {
      self.scalars = scalars
      self.bytes = Array(bytes)
      var offsets: [Int] = []
      offsets.reserveCapacity(scalars.count + 1)
      var offset = 0
      for scalar in scalars {
        offsets.append(offset)
        offset += UTF8.width(scalar)
      }
      offsets.append(offset)
      byteOffsets = offsets
    }

    /// The maximal runs of `mask` whose flag is `value`.
    static func runs(in mask: [Bool], where value: Bool) -> [Range<Int>] {
      var runs: [Range<Int>] = []
      var index = 0
      while index < mask.count {
        guard mask[index] == value else {
          index += 1
          continue
        }
        var end = index
        while end < mask.count && mask[end] == value { end += 1 }
        runs.append(index..<end)
        index = end
      }
      return runs
    }

    /// The number of maximal deleted runs whose text occurs more than once in the line.
    ///
    /// - Complexity: O(*r* · *n*) for *r* runs of a line of *n* bytes.
    func ambiguousRunCount(_ deleted: [Bool]) -> Int {
      ScalarLine.runs(in: deleted, where: true).reduce(0) { count, run in
        let piece = Array(bytes[byteOffsets[run.lowerBound]..<byteOffsets[run.upperBound]])
        if case .unique = LineSearch.occurrence(of: piece, in: bytes, range: 0..<bytes.count) {
          return count
        }
        return count + 1
      }
    }
  }

  /// The length of a longest common subsequence of `a` and `b`, bit-parallel: one bit per
  /// byte of `b`, updated for each byte of `a` by one addition and a few masks over the
  /// words (Crochemore, Iliopoulos, Pinzon and Reid, 2001: with *M* the positions in `b` of
  /// the byte, *V* ← (*V* + (*V* ∧ *M*)) ∨ (*V* ∧ ¬*M*); the length is the count of zero
  /// bits).
  ///
  /// `scratch` is all zeros on entry and on return (it only grows), so that the per-byte
  /// position masks cost no clearing beyond the bytes of `b`.
  ///
  /// - Complexity: O(*n* · ⌈*m* / 64⌉ + *m*) time for *n* = `a.count` and *m* = `b.count`,
  ///   O(256 · ⌈*m* / 64⌉) space.
  static func lcsLength(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, _ scratch: inout [UInt64])
    -> Int
  {
    let columnCount = b.count
    guard columnCount > 0, !a.isEmpty else { return 0 }
    let wordCount = (columnCount + 63) >> 6
    // The masks of the 256 byte values, then V.
    let needed = 257 * wordCount
    if scratch.count < needed {
      scratch = [UInt64](repeating: 0, count: max(needed, 2 * scratch.count))
    }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        scratch.withUnsafeMutableBufferPointer { scratch in
          let masks = scratch.baseAddress!
          let v = masks + 256 * wordCount
          for column in 0..<columnCount {
            masks[Int(b[column]) &* wordCount &+ column &>> 6] |= 1 &<< UInt64(column & 63)
          }
          v.update(repeating: ~0, count: wordCount)
          for x in a {
            let mask = masks + Int(x) &* wordCount
            var carry: UInt64 = 0
            for word in 0..<wordCount {
              let value = v[word]
              let matches = value & mask[word]
              let (partial, overflow1) = value.addingReportingOverflow(matches)
              let (sum, overflow2) = partial.addingReportingOverflow(carry)
              carry = (overflow1 || overflow2) ? 1 : 0
              v[word] = sum | (value & ~mask[word])
            }
          }
          var zeros = 0
          for word in 0..<wordCount {
            let used =
              word == wordCount - 1 && columnCount & 63 != 0
              ? (1 &<< UInt64(columnCount & 63)) &- 1 : ~0 as UInt64
            zeros += (~v[word] & used).nonzeroBitCount
          }
          // Back to all zeros: the masks of the bytes of b, and V.
          for column in 0..<columnCount {
            masks[Int(b[column]) &* wordCount &+ column &>> 6] = 0
          }
          v.update(repeating: 0, count: wordCount)
          return zeros
        }
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Computes minimal Indel alignments of an original text against its refinement.
///
/// The kernel works on UTF-8 bytes with `Int` offsets in two levels:
/// 1. the common prefix and suffix are trimmed to line boundaries;
/// 2. when the rest is small, it is aligned character by character at once
///    (exact); otherwise lines are interned as integer tokens, lines that occur
///    on one side only are set aside (they cannot be part of a common
///    subsequence, as in git's xdiff), and linear-space Myers aligns the rest;
/// 3. each changed line block is aligned exactly on Unicode scalars with
///    bit-parallel LCS (Hirschberg-split when large);
/// 4. pure deletions slide, at equal cost, to the most natural boundary.
///
/// A deterministic work budget proportional to the input size bounds every
/// call: a block that would exceed it becomes one replacement and the result
/// is marked ``Alignment/isBudgetExhausted``.
///
/// Weak anchors (runs of equal lines of at most
/// ``AlignmentOptions/weakAnchorUTF8Count`` bytes, such as blank lines) between
/// two changed blocks, one of which inserts text, are merged into one block
/// before the character level, which can only lower the cost.
///
/// An `Aligner` owns scratch buffers that are reused from call to call (released after an
/// alignment of `scratchRetentionUTF8Count` bytes or more); use one per thread.
///
///     var aligner = Aligner()
///     let alignment = aligner.align(original: Array("a [ad] b\n".utf8), refined: Array("a b\n".utf8))
///     // hunks: equal "a ", delete "[ad] ", equal "b\n"
public struct Aligner {
  /// The options every call uses.
  public var options: AlignmentOptions

  private var tokenizer = LineTokenizer()
  private var lineMatcher = LineMatcher()
  private var characterAligner = BitParallelLCS()
  private var originalLineStarts: [Int] = []
  private var refinedLineStarts: [Int] = []
  private var filteredOriginal: [Int32] = []
  private var filteredRefined: [Int32] = []
  private var filteredOriginalLines: [Int32] = []
  private var filteredRefinedLines: [Int32] = []
  private var filteredOriginalUTF8Counts: [Int32] = []
  private var lineRuns: [MatchedRun] = []
  private var originalScalars: [UInt32] = []
  private var refinedScalars: [UInt32] = []
  private var originalScalarOffsets: [Int32] = []
  private var refinedScalarOffsets: [Int32] = []
  private var editRuns: [EditRun] = []
  private var segments: [LineSegment] = []

  /// Creates an aligner.
  public init(options: AlignmentOptions = AlignmentOptions()) {
    self.options = options
  }

  /// Aligns two normalised documents.
  ///
  /// - Complexity: See ``align(original:refined:)-(_,[UInt8])``.
  public mutating func align(original: NormalizedText, refined: NormalizedText) -> Alignment {
    align(original: original.utf8, refined: refined.utf8)
  }

  /// Returns an Indel alignment of `original` against `refined`.
  ///
  /// The alignment is minimal when the changed region is small enough for the exact
  /// path. On the line path, a refinement that only deletes is re-aligned exactly
  /// when the line level inserted ``AlignmentOptions/minimumSuspiciousInsertUTF8Count``
  /// bytes or more at once; other pairs can cost more than the optimum, because
  /// line anchors are fixed.
  ///
  /// Both inputs must be valid UTF-8 (as ``NormalizedText`` guarantees); newlines
  /// should be normalised to `\n` first so that line tokens match.
  ///
  /// - Parameters:
  ///   - original: The text before refinement.
  ///   - refined: The text after refinement.
  /// - Returns: Hunks covering both texts, on Unicode scalar boundaries.
  /// - Complexity: O(*n* + *m*) for the trimming and line interning, plus
  ///   O((*L*₁ + *L*₂) · *D*ₗ) for the line level, where *D*ₗ counts changed lines
  ///   that occur on both sides, plus O(*b*₁ · *b*₂ / 64) per changed block; all
  ///   of it bounded by the work budget, O(*n* + *m*).
  public mutating func align(original: [UInt8], refined: [UInt8]) -> Alignment {
    let alignment = original.withUnsafeBufferPointer { originalBuffer in
      refined.withUnsafeBufferPointer { refinedBuffer in
        align(originalBuffer, refinedBuffer)
      }
    }
    if original.count + refined.count >= Self.scratchRetentionUTF8Count { releaseScratch() }
    return alignment
  }

  /// The input size, in bytes of both texts, from which an alignment releases its scratch
  /// buffers when it ends (1 MiB): they are several times the size of the texts, and
  /// kept, they would stay with the record's pair (its chunks, targets and encoding) and
  /// with every record after it. Below it, they are kept for the next call.
  package static let scratchRetentionUTF8Count = 1 << 20

  /// Drops every scratch buffer; the next call allocates them again. Nothing an alignment
  /// returns depends on them.
  package mutating func releaseScratch() {
    self = Aligner(options: options)
  }

  private mutating func align(
    _ original: UnsafeBufferPointer<UInt8>, _ refined: UnsafeBufferPointer<UInt8>
  ) -> Alignment {
    let n = original.count
    let m = refined.count
    var budget = max(options.minimumWorkBudget, options.workBudgetPerByte * (n + m))
    var builder = HunkBuilder()
    var isBudgetExhausted = false
    var reorder: ReorderEvidence? = nil

    let prefix = Aligner.commonPrefixToLineStart(original, refined)
    let suffix = Aligner.commonSuffixToLineStart(original, refined, prefix: prefix)
    builder.appendEqual(original: 0, refined: 0, count: prefix)
    let originalEnd = n - suffix
    let refinedEnd = m - suffix

    let regionOriginal = originalEnd - prefix
    let regionRefined = refinedEnd - prefix
    let wholeRegionCost = BitParallelLCS.estimatedCost(regionOriginal, regionRefined)
    if regionOriginal == 0 || regionRefined == 0
      || wholeRegionCost <= options.exactRegionWordsPerByte * (regionOriginal + regionRefined)
    {
      if !alignBlock(
        original, prefix, originalEnd, refined, prefix, refinedEnd, &builder, &budget)
      {
        isBudgetExhausted = true
      }
    } else {
      builder.flush()
      let regionHunkStart = builder.hunks.count
      switch alignLines(
        original, prefix, originalEnd, refined, prefix, refinedEnd, &builder, &budget)
      {
      case .complete: break
      case .budgetExhausted: isBudgetExhausted = true
      case .reordered(let outOfOrderUTF8Count, let uniqueUTF8Count):
        reorder = ReorderEvidence(
          outOfOrderUTF8Count: outOfOrderUTF8Count, uniqueUTF8Count: uniqueUTF8Count)
      }
      // The line level can miss the minimum. When the refinement only deletes
      // (R is a subsequence of O), an insert proves it did; redo the region
      // exactly on characters if the budget allows. Misplaced anchors insert
      // whole lines while typo fixes insert a few bytes, so only inserts of
      // some size are worth the O(n) check. A refinement that only deletes is
      // never reported as reordered.
      builder.flush()
      if builder.hunks[regionHunkStart...].contains(where: {
        $0.kind == .insert && $0.refinedUTF8Range.count >= options.minimumSuspiciousInsertUTF8Count
      })
        && Aligner.isSubsequence(refined, prefix, refinedEnd, of: original, prefix, originalEnd)
      {
        if wholeRegionCost <= budget {
          builder.truncate(toHunkCount: regionHunkStart)
          isBudgetExhausted = !alignBlock(
            original, prefix, originalEnd, refined, prefix, refinedEnd, &builder, &budget)
        } else if reorder != nil {
          isBudgetExhausted = true
        }
        reorder = nil
      }
    }
    builder.appendEqual(original: originalEnd, refined: refinedEnd, count: suffix)
    var hunks = builder.finish()
    if options.slidesDeletions {
      DeletionSlider.slide(
        &hunks, original: original, maximumSlideUTF8Count: options.maximumSlideUTF8Count)
    }
    return Alignment(hunks: hunks, isBudgetExhausted: isBudgetExhausted, reorder: reorder)
  }

  /// Aligns a region of whole lines through line tokens; returns
  /// `.budgetExhausted` when some block ran out of budget (it is then emitted as
  /// a replacement), and `.reordered` (with the region as one replacement) when
  /// the line level found moved text.
  private mutating func alignLines(
    _ original: UnsafeBufferPointer<UInt8>, _ originalStart: Int, _ originalEnd: Int,
    _ refined: UnsafeBufferPointer<UInt8>, _ refinedStart: Int, _ refinedEnd: Int,
    _ builder: inout HunkBuilder, _ budget: inout Int
  ) -> LineMatcher.Outcome {
    Aligner.lineStarts(original, originalStart, originalEnd, into: &originalLineStarts)
    Aligner.lineStarts(refined, refinedStart, refinedEnd, into: &refinedLineStarts)
    tokenizer.tokenize(
      original: original, originalLineStarts: originalLineStarts[...],
      refined: refined, refinedLineStarts: refinedLineStarts[...])
    budget -= originalLineStarts.count + refinedLineStarts.count

    // Lines that occur on one side only cannot be matched: leave them out.
    Aligner.keepLines(
      tokenizer.originalIDs, occurringIn: tokenizer.refinedCounts, into: &filteredOriginal,
      lines: &filteredOriginalLines)
    Aligner.keepLines(
      tokenizer.refinedIDs, occurringIn: tokenizer.originalCounts, into: &filteredRefined,
      lines: &filteredRefinedLines)
    let starts = originalLineStarts
    filteredOriginalUTF8Counts.removeAll(keepingCapacity: true)
    filteredOriginalUTF8Counts.append(
      contentsOf: filteredOriginalLines.lazy.map {
        Int32(starts[Int($0) + 1] - starts[Int($0)])
      })
    lineRuns.removeAll(keepingCapacity: true)
    var runs = lineRuns
    lineRuns = []
    let tokenCount = tokenizer.originalCounts.count
    var lineMatch = LineMatcher.Outcome.complete
    for checksReorder in [true, false] {
      lineMatch = filteredOriginal.withUnsafeBufferPointer { a in
        filteredRefined.withUnsafeBufferPointer { b in
          filteredOriginalUTF8Counts.withUnsafeBufferPointer { aUTF8Counts in
            lineMatcher.match(
              a, b, aUTF8Counts: aUTF8Counts, tokenCount: tokenCount, options: options,
              checksReorder: checksReorder, into: &runs, budget: &budget)
          }
        }
      }
      // A refinement that only deletes moved nothing, whatever its unique lines say
      // (a deleted table of contents equal to the headings kept further down): match it
      // again without the check.
      guard case .reordered = lineMatch,
        Aligner.isSubsequence(
          refined, refinedStart, refinedEnd, of: original, originalStart, originalEnd)
      else { break }
      runs.removeAll(keepingCapacity: true)
    }
    defer { lineRuns = runs }
    switch lineMatch {
    case .complete:
      break
    case .budgetExhausted:
      return alignBlock(
        original, originalStart, originalEnd, refined, refinedStart, refinedEnd, &builder, &budget)
        ? .complete : .budgetExhausted
    case .reordered:
      builder.appendDelete(
        original: originalStart, count: originalEnd - originalStart, refined: refinedStart)
      builder.appendInsert(
        refined: refinedStart, count: refinedEnd - refinedStart, original: originalEnd)
      return lineMatch
    }

    // Blocks between anchors (runs of equal lines), then merge weak anchors.
    segments.removeAll(keepingCapacity: true)
    var originalLine = 0
    var refinedLine = 0
    // The last segment stays in a local until the next one starts.
    var current: LineSegment? = nil
    for run in runs {
      for step in 0..<run.length {
        let matchedOriginal = Int(filteredOriginalLines[run.aStart + step])
        let matchedRefined = Int(filteredRefinedLines[run.bStart + step])
        if matchedOriginal > originalLine || matchedRefined > refinedLine || current == nil {
          if let current { segments.append(current) }
          current = LineSegment(
            originalLines: originalLine..<matchedOriginal,
            refinedLines: refinedLine..<matchedRefined,
            anchorLineCount: 0)
        }
        current?.anchorLineCount += 1
        originalLine = matchedOriginal + 1
        refinedLine = matchedRefined + 1
      }
    }
    if let current { segments.append(current) }
    let lastOriginalLine = originalLineStarts.count - 1
    let lastRefinedLine = refinedLineStarts.count - 1
    segments.append(
      LineSegment(
        originalLines: originalLine..<lastOriginalLine, refinedLines: refinedLine..<lastRefinedLine,
        anchorLineCount: 0))
    mergeWeakAnchors()

    var isWithinBudget = true
    for segment in segments {
      let blockEnd = segment.originalLines.upperBound
      let refinedBlockEnd = segment.refinedLines.upperBound
      if !segment.originalLines.isEmpty || !segment.refinedLines.isEmpty {
        if !alignBlock(
          original, originalLineStarts[segment.originalLines.lowerBound],
          originalLineStarts[blockEnd],
          refined, refinedLineStarts[segment.refinedLines.lowerBound],
          refinedLineStarts[refinedBlockEnd],
          &builder, &budget)
        {
          isWithinBudget = false
        }
      }
      if segment.anchorLineCount > 0 {
        let anchorStart = originalLineStarts[blockEnd]
        builder.appendEqual(
          original: anchorStart, refined: refinedLineStarts[refinedBlockEnd],
          count: originalLineStarts[blockEnd + segment.anchorLineCount] - anchorStart)
      }
    }
    return isWithinBudget ? .complete : .budgetExhausted
  }

  /// Fills `kept` with the ids of `ids` whose count in `otherCounts` is not zero, and
  /// `lines` with their line indices.
  ///
  /// - Complexity: O(*n*), where *n* is `ids.count`.
  private static func keepLines(
    _ ids: [Int32], occurringIn otherCounts: [Int32], into kept: inout [Int32],
    lines: inout [Int32]
  ) {
    // Room for every line, written through pointers and trimmed after.
    let count = ids.count
    kept.removeAll(keepingCapacity: true)
    kept.append(contentsOf: repeatElement(0, count: count))
    lines.removeAll(keepingCapacity: true)
    lines.append(contentsOf: repeatElement(0, count: count))
    var keptCount = 0
    ids.withUnsafeBufferPointer { ids in
      otherCounts.withUnsafeBufferPointer { otherCounts in
        kept.withUnsafeMutableBufferPointer { kept in
          lines.withUnsafeMutableBufferPointer { lines in
            for lineIndex in 0..<count {
              let id = ids[lineIndex]
              guard otherCounts[Int(id)] > 0 else { continue }
              kept[keptCount] = id
              lines[keptCount] = Int32(truncatingIfNeeded: lineIndex)
              keptCount &+= 1
            }
          }
        }
      }
    }
    kept.removeLast(count - keptCount)
    lines.removeLast(count - keptCount)
  }

  /// Merges an anchor into the blocks around it when it is short and a block
  /// next to it inserts text: the exact character alignment of the merged block
  /// costs at most as much as the anchored one, and avoids pairing a blank line
  /// (or another short, common line) with the wrong copy of itself.
  private mutating func mergeWeakAnchors() {
    guard segments.count > 1 else { return }
    var merged: [LineSegment] = []
    merged.reserveCapacity(segments.count)
    var current = segments[0]
    for index in 1..<segments.count {
      let next = segments[index]
      let anchorStart = current.originalLines.upperBound
      let anchorByteCount =
        originalLineStarts[anchorStart + current.anchorLineCount] - originalLineStarts[anchorStart]
      let hasBlockBefore = !current.originalLines.isEmpty || !current.refinedLines.isEmpty
      let hasBlockAfter = !next.originalLines.isEmpty || !next.refinedLines.isEmpty
      let insertsText = !current.refinedLines.isEmpty || !next.refinedLines.isEmpty
      if anchorByteCount <= options.weakAnchorUTF8Count && hasBlockBefore && hasBlockAfter
        && insertsText
      {
        let union = LineSegment(
          originalLines: current.originalLines.lowerBound..<next.originalLines.upperBound,
          refinedLines: current.refinedLines.lowerBound..<next.refinedLines.upperBound,
          anchorLineCount: next.anchorLineCount)
        let originalBytes =
          originalLineStarts[union.originalLines.upperBound]
          - originalLineStarts[union.originalLines.lowerBound]
        let refinedBytes =
          refinedLineStarts[union.refinedLines.upperBound]
          - refinedLineStarts[union.refinedLines.lowerBound]
        if BitParallelLCS.estimatedCost(originalBytes, refinedBytes)
          <= 64 * (originalBytes + refinedBytes)
        {
          current = union
          continue
        }
      }
      merged.append(current)
      current = next
    }
    merged.append(current)
    segments = merged
  }

  /// Aligns `original[originalStart..<originalEnd]` with
  /// `refined[refinedStart..<refinedEnd]` on Unicode scalars; returns `false`
  /// (after emitting a replacement) when the budget does not allow it. A block of
  /// lines too costly for the budget is first cut at the lines of `refined` that are
  /// subsequences of lines of `original` (``LinePairing``), when `pairsLines`.
  private mutating func alignBlock(
    _ original: UnsafeBufferPointer<UInt8>, _ originalStart: Int, _ originalEnd: Int,
    _ refined: UnsafeBufferPointer<UInt8>, _ refinedStart: Int, _ refinedEnd: Int,
    _ builder: inout HunkBuilder, _ budget: inout Int, pairsLines: Bool = true
  ) -> Bool {
    if originalStart == originalEnd || refinedStart == refinedEnd {
      builder.appendDelete(
        original: originalStart, count: originalEnd - originalStart, refined: refinedStart)
      builder.appendInsert(
        refined: refinedStart, count: refinedEnd - refinedStart, original: originalEnd)
      return true
    }
    if alignInLineEdit(
      original, originalStart, originalEnd, refined, refinedStart, refinedEnd, &builder)
    {
      return true
    }
    let originalScalarCount = ScalarDecoder.decode(
      original, originalStart, originalEnd,
      scalars: &originalScalars, offsets: &originalScalarOffsets)
    let refinedScalarCount = ScalarDecoder.decode(
      refined, refinedStart, refinedEnd, scalars: &refinedScalars, offsets: &refinedScalarOffsets)
    editRuns.removeAll(keepingCapacity: true)
    var runs = editRuns
    editRuns = []
    defer { editRuns = runs }
    let isAligned = originalScalars.withUnsafeBufferPointer { a in
      refinedScalars.withUnsafeBufferPointer { b in
        characterAligner.align(
          UnsafeBufferPointer(rebasing: a[..<originalScalarCount]),
          UnsafeBufferPointer(rebasing: b[..<refinedScalarCount]), into: &runs, budget: &budget)
      }
    }
    guard isAligned else {
      if pairsLines,
        let isWithinBudget = alignPairedLines(
          original, originalStart, originalEnd, refined, refinedStart, refinedEnd, &builder,
          &budget)
      {
        return isWithinBudget
      }
      builder.appendDelete(
        original: originalStart, count: originalEnd - originalStart, refined: refinedStart)
      builder.appendInsert(
        refined: refinedStart, count: refinedEnd - refinedStart, original: originalEnd)
      return false
    }
    var originalScalar = 0
    var refinedScalar = 0
    for run in runs {
      let originalScalarEnd = originalScalar + (run.kind == .insert ? 0 : run.count)
      let refinedScalarEnd = refinedScalar + (run.kind == .delete ? 0 : run.count)
      let originalOffset = Int(originalScalarOffsets[originalScalar])
      let refinedOffset = Int(refinedScalarOffsets[refinedScalar])
      let originalByteCount = Int(originalScalarOffsets[originalScalarEnd]) - originalOffset
      let refinedByteCount = Int(refinedScalarOffsets[refinedScalarEnd]) - refinedOffset
      let originalPosition = originalStart + originalOffset
      let refinedPosition = refinedStart + refinedOffset
      switch run.kind {
      case .match:
        builder.appendEqual(
          original: originalPosition, refined: refinedPosition, count: originalByteCount)
      case .delete:
        builder.appendDelete(
          original: originalPosition, count: originalByteCount, refined: refinedPosition)
      case .insert:
        builder.appendInsert(
          refined: refinedPosition, count: refinedByteCount, original: originalPosition)
      }
      originalScalar = originalScalarEnd
      refinedScalar = refinedScalarEnd
    }
    return true
  }

  /// Aligns a block too costly for the character aligner as the blocks between and at the
  /// line pairs of ``LinePairing``: each paired line on its own (it only deletes), and the
  /// lines between two pairs as one block, without pairing again. Returns `nil`, emitting
  /// nothing, when no line pairs; otherwise whether every block was within the budget.
  ///
  /// - Complexity: O(*n* + *m*) for the pairing, plus the blocks' alignments.
  private mutating func alignPairedLines(
    _ original: UnsafeBufferPointer<UInt8>, _ originalStart: Int, _ originalEnd: Int,
    _ refined: UnsafeBufferPointer<UInt8>, _ refinedStart: Int, _ refinedEnd: Int,
    _ builder: inout HunkBuilder, _ budget: inout Int
  ) -> Bool? {
    var originalStarts: [Int] = []
    var refinedStarts: [Int] = []
    Aligner.lineStarts(original, originalStart, originalEnd, into: &originalStarts)
    Aligner.lineStarts(refined, refinedStart, refinedEnd, into: &refinedStarts)
    let pairing = LinePairing.pair(
      original: original, originalLineStarts: originalStarts, refined: refined,
      refinedLineStarts: refinedStarts)
    guard !pairing.pairs.isEmpty else { return nil }
    var isWithinBudget = true
    var originalLine = 0
    var refinedLine = 0
    for pair in pairing.pairs + [
      LinePairing.Pair(
        originalLineIndex: originalStarts.count - 1, refinedLineIndex: refinedStarts.count - 1)
    ] {
      if pair.originalLineIndex > originalLine || pair.refinedLineIndex > refinedLine {
        isWithinBudget =
          alignBlock(
            original, originalStarts[originalLine], originalStarts[pair.originalLineIndex],
            refined, refinedStarts[refinedLine], refinedStarts[pair.refinedLineIndex],
            &builder, &budget, pairsLines: false) && isWithinBudget
      }
      guard pair.originalLineIndex < originalStarts.count - 1 else { break }
      isWithinBudget =
        alignBlock(
          original, originalStarts[pair.originalLineIndex],
          originalStarts[pair.originalLineIndex + 1],
          refined, refinedStarts[pair.refinedLineIndex], refinedStarts[pair.refinedLineIndex + 1],
          &builder, &budget, pairsLines: false) && isWithinBudget
      originalLine = pair.originalLineIndex + 1
      refinedLine = pair.refinedLineIndex + 1
    }
    return isWithinBudget
  }

  /// Handles the most common block without the character aligner.
  ///
  /// That block is one where, after the common prefix and suffix, only one side
  /// has bytes left and they hold no newline (an in-line deletion or insertion).
  /// Returns `false`, emitting nothing, for any other block.
  private func alignInLineEdit(
    _ original: UnsafeBufferPointer<UInt8>, _ originalStart: Int, _ originalEnd: Int,
    _ refined: UnsafeBufferPointer<UInt8>, _ refinedStart: Int, _ refinedEnd: Int,
    _ builder: inout HunkBuilder
  ) -> Bool {
    let originalCount = originalEnd - originalStart
    let refinedCount = refinedEnd - refinedStart
    let shorter = min(originalCount, refinedCount)
    var prefix = 0
    while prefix &+ 8 <= shorter
      && Aligner.word(original, originalStart &+ prefix)
        == Aligner.word(refined, refinedStart &+ prefix)
    {
      prefix &+= 8
    }
    while prefix < shorter && original[originalStart + prefix] == refined[refinedStart + prefix] {
      prefix &+= 1
    }
    while prefix > 0 && prefix < originalCount && original[originalStart + prefix] & 0xC0 == 0x80 {
      prefix &-= 1
    }
    var suffix = 0
    while suffix &+ 8 <= shorter &- prefix
      && Aligner.word(original, originalEnd &- suffix &- 8)
        == Aligner.word(refined, refinedEnd &- suffix &- 8)
    {
      suffix &+= 8
    }
    while suffix < shorter - prefix
      && original[originalEnd - 1 - suffix] == refined[refinedEnd - 1 - suffix]
    {
      suffix &+= 1
    }
    while suffix > 0 && original[originalEnd - suffix] & 0xC0 == 0x80 { suffix &-= 1 }
    let originalMiddle = originalStart + prefix..<originalEnd - suffix
    let refinedMiddle = refinedStart + prefix..<refinedEnd - suffix
    guard originalMiddle.isEmpty != refinedMiddle.isEmpty else { return false }
    let middleBytes = originalMiddle.isEmpty ? refined : original
    let middle = originalMiddle.isEmpty ? refinedMiddle : originalMiddle
    for offset in middle where middleBytes[offset] == UInt8(ascii: "\n") { return false }
    builder.appendEqual(original: originalStart, refined: refinedStart, count: prefix)
    builder.appendDelete(
      original: originalMiddle.lowerBound, count: originalMiddle.count,
      refined: refinedMiddle.lowerBound)
    builder.appendInsert(
      refined: refinedMiddle.lowerBound, count: refinedMiddle.count,
      original: originalMiddle.lowerBound)
    builder.appendEqual(
      original: originalMiddle.upperBound, refined: refinedMiddle.upperBound, count: suffix)
    return true
  }

  /// Whether `b[bStart..<bEnd]` is a subsequence of `a[aStart..<aEnd]`
  /// (``subsequenceReach(_:_:_:of:_:_:)`` reaches `bEnd`).
  ///
  /// - Complexity: O(*n*), where *n* is `aEnd - aStart`.
  static func isSubsequence(
    _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int,
    of a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int
  ) -> Bool {
    subsequenceReach(b, bStart, bEnd, of: a, aStart, aEnd) == bEnd
  }

  /// The offset of `b` reached by matching `b[bStart..<bEnd]` greedily against
  /// `a[aStart..<aEnd]`, each byte of `b` at its next occurrence in `a`: eight bytes
  /// at a time while both sides agree, and otherwise a search for the next byte of
  /// `b` eight bytes of `a` at a time.
  ///
  /// - Complexity: O(*n*), where *n* is `aEnd - aStart`.
  static func subsequenceReach(
    _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int,
    of a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int
  ) -> Int {
    let rawA = UnsafeRawBufferPointer(a)
    let rawB = UnsafeRawBufferPointer(b)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var j = bStart
    var i = aStart
    while j < bEnd && i < aEnd {
      if i &+ 8 <= aEnd && j &+ 8 <= bEnd
        && rawA.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          == rawB.loadUnaligned(fromByteOffset: j, as: UInt64.self)
      {
        i &+= 8
        j &+= 8
        continue
      }
      let wanted = b[j]
      if a[i] == wanted {
        i &+= 1
        j &+= 1
        continue
      }
      // Greedy: b[j] matches its next occurrence in `a`. The lowest flagged byte of
      // the zero-byte test is exact (borrows only flag bytes above a zero byte).
      i &+= 1
      let pattern = UInt64(wanted) &* ones
      while i &+ 8 <= aEnd {
        let x =
          UInt64(littleEndian: rawA.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ pattern
        let zeroBytes = (x &- ones) & ~x & highs
        if zeroBytes != 0 {
          i &+= zeroBytes.trailingZeroBitCount >> 3
          break
        }
        i &+= 8
      }
      while i < aEnd && a[i] != wanted { i &+= 1 }
      guard i < aEnd else { return j }
      i &+= 1
      j &+= 1
    }
    return j
  }

  /// The length of the common prefix, cut back to the start of a line.
  static func commonPrefixToLineStart(
    _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>
  ) -> Int {
    let limit = min(a.count, b.count)
    var length = 0
    while length &+ 8 <= limit && Aligner.word(a, length) == Aligner.word(b, length) {
      length &+= 8
    }
    while length < limit && a[length] == b[length] { length &+= 1 }
    if length == a.count && length == b.count { return length }
    // Back to the byte after the last newline of the common prefix.
    while length > 0 && a[length - 1] != UInt8(ascii: "\n") { length &-= 1 }
    return length
  }

  /// Eight bytes of `bytes` from `offset`, unaligned.
  @inline(__always)
  static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
    UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
  }

  /// The length of the common suffix that starts at a line start on both sides
  /// and does not overlap `prefix`.
  static func commonSuffixToLineStart(
    _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, prefix: Int
  ) -> Int {
    let limit = min(a.count, b.count) - prefix
    var length = 0
    while length &+ 8 <= limit
      && Aligner.word(a, a.count &- length &- 8) == Aligner.word(b, b.count &- length &- 8)
    {
      length &+= 8
    }
    while length < limit && a[a.count - 1 - length] == b[b.count - 1 - length] {
      length &+= 1
    }
    // Shrink until the suffix starts a line on both sides.
    while length > 0 {
      let aStart = a.count - length
      let bStart = b.count - length
      let aIsLineStart = aStart == prefix || a[aStart - 1] == UInt8(ascii: "\n")
      let bIsLineStart = bStart == prefix || b[bStart - 1] == UInt8(ascii: "\n")
      if aIsLineStart && bIsLineStart { break }
      length -= 1
    }
    return length
  }

  /// Fills `starts` with the start offset of every line in `bytes[start..<end]`
  /// followed by `end`.
  ///
  /// - Complexity: O(*n*), with `memchr` doing the scanning.
  static func lineStarts(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into starts: inout [Int]
  ) {
    starts.removeAll(keepingCapacity: true)
    if start < end { starts.append(start) }
    guard let base = bytes.baseAddress else {
      starts.append(end)
      return
    }
    var offset = start
    while offset < end {
      guard let found = memchr(base + offset, 0x0A, end - offset) else { break }
      let newlineOffset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
      if newlineOffset + 1 < end { starts.append(newlineOffset + 1) }
      offset = newlineOffset + 1
    }
    starts.append(end)
  }
}

/// A changed block of lines followed by a run of equal lines (its anchor).
struct LineSegment {
  var originalLines: Range<Int>
  var refinedLines: Range<Int>
  var anchorLineCount: Int
}

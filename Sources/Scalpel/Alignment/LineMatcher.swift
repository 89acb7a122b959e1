/// The line level of the ``Aligner``: matched runs of two line-token sequences.
///
/// Myers runs first, with at most ``AlignmentOptions/lineWorkPerLine`` work units
/// per line. Nearly every document finishes within that share, and its runs are
/// those of a plain Myers pass. When it does not (a large document with many
/// changed lines that occur on both sides, or lines that were moved), the lines
/// that occur exactly once on each side anchor the alignment: the heaviest chain
/// of them (by bytes) in the same order on both sides (``UniqueLineAnchors``) splits the
/// ranges into gaps, and each gap is matched the same way. A range without such
/// a line falls back to Myers under the whole remaining budget.
///
/// Before splitting the whole text (and, from ``earlyReorderCheckLineCount`` lines on,
/// before Myers runs at all), the matcher weighs the chain: when the lines that occur
/// once on each side keep their order for less than
/// ``AlignmentOptions/minimumInOrderUniqueShare`` of their bytes, the refinement moved
/// text, and the match stops with
/// ``Outcome/reordered(outOfOrderUTF8Count:uniqueUTF8Count:)``.
struct LineMatcher {
  /// How a match ended.
  enum Outcome: Equatable {
    case complete
    case budgetExhausted
    /// Of `uniqueUTF8Count` bytes in lines that occur once on each side,
    /// `outOfOrderUTF8Count` are outside the heaviest in-order chain.
    case reordered(outOfOrderUTF8Count: Int, uniqueUTF8Count: Int)
  }

  private var myers = Myers()
  private var anchors = UniqueLineAnchors()
  private var chain: [Int32] = []
  private var checksReorder = true

  /// The deepest nesting of anchored splits before a range goes to Myers whole.
  private static let maximumDepth = 48
  /// From this many lines on (both sides, lines that occur on one side only left out),
  /// the text is checked for moved text before Myers runs.
  static let earlyReorderCheckLineCount = 8192

  /// Appends the matched runs of `a` against `b` to `runs`.
  ///
  /// - Parameters:
  ///   - a: The original's line tokens.
  ///   - b: The refined text's line tokens.
  ///   - aUTF8Counts: The byte length of each line of `a`.
  ///   - tokenCount: One more than the largest token id.
  ///   - options: The work share per line and the reorder threshold.
  ///   - checksReorder: Whether moved text stops the match (off for a refinement
  ///     known to only delete).
  ///   - runs: Receives matched runs in order.
  ///   - budget: Work units left; decremented.
  /// - Complexity: O((*N* + *M*) · *w*) per level of anchoring, where *w* is
  ///   ``AlignmentOptions/lineWorkPerLine``, plus O(*k* log *k*) for *k* unique
  ///   lines; never more than the budget.
  mutating func match(
    _ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>,
    aUTF8Counts: UnsafeBufferPointer<Int32>, tokenCount: Int, options: AlignmentOptions,
    checksReorder: Bool = true, into runs: inout [MatchedRun], budget: inout Int
  ) -> Outcome {
    self.checksReorder = checksReorder
    return match(
      a, 0..<a.count, b, 0..<b.count, aUTF8Counts: aUTF8Counts, tokenCount: tokenCount,
      options: options, depth: 0, into: &runs, budget: &budget)
  }

  private mutating func match(
    _ a: UnsafeBufferPointer<Int32>, _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<Int32>, _ bRange: Range<Int>,
    aUTF8Counts: UnsafeBufferPointer<Int32>, tokenCount: Int, options: AlignmentOptions,
    depth: Int, into runs: inout [MatchedRun], budget: inout Int
  ) -> Outcome {
    if aRange.isEmpty || bRange.isEmpty { return .complete }
    // Saturating: a huge per-line share (the plain Myers path) must not overflow.
    let (product, overflow) = options.lineWorkPerLine.multipliedReportingOverflow(
      by: aRange.count + bRange.count)
    let lineShare = overflow ? Int.max / 2 : product
    // The whole text gets at least the minimum budget, so that small documents always
    // take the plain Myers path; a gap gets its share plus a little.
    let share =
      depth == 0 ? max(options.minimumWorkBudget, lineShare) : min(lineShare, Int.max / 2) + 1024
    guard share < budget, depth < Self.maximumDepth else {
      return myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &budget)
        ? .complete : .budgetExhausted
    }
    // A large text is weighed before Myers spends its share: moved text is found at the
    // cost of the chain alone.
    var pairs: [(a: Int32, b: Int32)]? = nil
    if depth == 0 && checksReorder && aRange.count + bRange.count >= Self.earlyReorderCheckLineCount
    {
      let chained = anchoredPairs(
        a, aRange, b, bRange, aUTF8Counts: aUTF8Counts, tokenCount: tokenCount, &budget)
      if let reorder = reorderOutcome(chained, aUTF8Counts: aUTF8Counts, options: options) {
        return reorder
      }
      pairs = chained
    }
    let runCount = runs.count
    let lastRun = runs.last
    var attempt = share
    let isComplete = myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &attempt)
    budget -= share - attempt
    if isComplete { return .complete }
    runs.removeSubrange(runCount...)
    if let lastRun { runs[runCount - 1] = lastRun }

    if pairs == nil {
      let chained = anchoredPairs(
        a, aRange, b, bRange, aUTF8Counts: aUTF8Counts, tokenCount: tokenCount, &budget)
      if depth == 0 && checksReorder,
        let reorder = reorderOutcome(chained, aUTF8Counts: aUTF8Counts, options: options)
      {
        return reorder
      }
      pairs = chained
    }
    guard let pairs, !pairs.isEmpty else {
      return myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &budget)
        ? .complete : .budgetExhausted
    }
    var aLow = aRange.lowerBound
    var bLow = bRange.lowerBound
    for pair in pairs {
      let aAnchor = Int(pair.a)
      let bAnchor = Int(pair.b)
      let outcome = match(
        a, aLow..<aAnchor, b, bLow..<bAnchor, aUTF8Counts: aUTF8Counts, tokenCount: tokenCount,
        options: options, depth: depth + 1, into: &runs, budget: &budget)
      guard outcome == .complete else { return outcome }
      Myers.append(MatchedRun(aStart: aAnchor, bStart: bAnchor, length: 1), &runs)
      aLow = aAnchor + 1
      bLow = bAnchor + 1
    }
    return match(
      a, aLow..<aRange.upperBound, b, bLow..<bRange.upperBound, aUTF8Counts: aUTF8Counts,
      tokenCount: tokenCount, options: options, depth: depth + 1, into: &runs, budget: &budget)
  }

  /// The chain of unique lines of the ranges, as index pairs; ``candidates`` holds all
  /// unique common lines until the next call.
  private mutating func anchoredPairs(
    _ a: UnsafeBufferPointer<Int32>, _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<Int32>, _ bRange: Range<Int>,
    aUTF8Counts: UnsafeBufferPointer<Int32>, tokenCount: Int, _ budget: inout Int
  ) -> [(a: Int32, b: Int32)] {
    anchors.chain(a, aRange, b, bRange, weights: aUTF8Counts, tokenCount: tokenCount, into: &chain)
    budget -= aRange.count + bRange.count
    return chain.map { anchors.candidates[Int($0)] }
  }

  /// `.reordered` when `chain` keeps less than the minimum share of the bytes of the
  /// unique common lines (the last call's candidates).
  private func reorderOutcome(
    _ chain: [(a: Int32, b: Int32)], aUTF8Counts: UnsafeBufferPointer<Int32>,
    options: AlignmentOptions
  ) -> Outcome? {
    var uniqueUTF8Count = 0
    for candidate in anchors.candidates { uniqueUTF8Count += Int(aUTF8Counts[Int(candidate.a)]) }
    var inOrderUTF8Count = 0
    for pair in chain { inOrderUTF8Count += Int(aUTF8Counts[Int(pair.a)]) }
    guard Double(inOrderUTF8Count) < options.minimumInOrderUniqueShare * Double(uniqueUTF8Count)
    else { return nil }
    return .reordered(
      outOfOrderUTF8Count: uniqueUTF8Count - inOrderUTF8Count, uniqueUTF8Count: uniqueUTF8Count)
  }
}

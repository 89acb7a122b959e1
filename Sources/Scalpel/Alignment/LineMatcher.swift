/// The line level of the ``Aligner``: matched runs of two line-token sequences.
///
/// Myers runs first, with at most ``AlignmentOptions/lineWorkPerLine`` work units
/// per line. Nearly every document finishes within that share, and its runs are
/// those of a plain Myers pass. When it does not (a large document with many
/// changed lines that occur on both sides, or lines that were moved), the lines
/// that occur exactly once on each side anchor the alignment: the longest chain
/// of them in the same order on both sides (``UniqueLineAnchors``) splits the
/// ranges into gaps, and each gap is matched the same way. A range without such
/// a line falls back to Myers under the whole remaining budget.
///
/// Before splitting the whole text, the matcher weighs the chain: when the lines
/// that occur once on each side keep their order for less than
/// ``AlignmentOptions/minimumInOrderUniqueShare`` of their bytes, the refinement
/// moved text, and the match stops with ``Outcome/reordered(outOfOrderUTF8Count:uniqueUTF8Count:)``.
struct LineMatcher {
  /// How a match ended.
  enum Outcome: Equatable {
    case complete
    case budgetExhausted
    /// Of `uniqueUTF8Count` bytes in lines that occur once on each side,
    /// `outOfOrderUTF8Count` are outside the longest in-order chain.
    case reordered(outOfOrderUTF8Count: Int, uniqueUTF8Count: Int)
  }

  private var myers = Myers()
  private var anchors = UniqueLineAnchors()
  private var chain: [Int32] = []

  /// The deepest nesting of anchored splits before a range goes to Myers whole.
  private static let maximumDepth = 48

  /// Appends the matched runs of `a` against `b` to `runs`.
  ///
  /// - Parameters:
  ///   - a: The original's line tokens.
  ///   - b: The refined text's line tokens.
  ///   - aUTF8Counts: The byte length of each line of `a`.
  ///   - tokenCount: One more than the largest token id.
  ///   - options: The work share per line and the reorder threshold.
  ///   - runs: Receives matched runs in order.
  ///   - budget: Work units left; decremented.
  /// - Complexity: O((*N* + *M*) · *w*) per level of anchoring, where *w* is
  ///   ``AlignmentOptions/lineWorkPerLine``, plus O(*k* log *k*) for *k* unique
  ///   lines; never more than the budget.
  mutating func match(
    _ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>,
    aUTF8Counts: UnsafeBufferPointer<Int32>, tokenCount: Int, options: AlignmentOptions,
    into runs: inout [MatchedRun], budget: inout Int
  ) -> Outcome {
    match(
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
    let lineShare = options.lineWorkPerLine * (aRange.count + bRange.count)
    // The whole text gets at least the minimum budget, so that small documents always
    // take the plain Myers path; a gap gets its share plus a little.
    let share = depth == 0 ? max(options.minimumWorkBudget, lineShare) : lineShare + 1024
    guard share < budget, depth < Self.maximumDepth else {
      return myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &budget)
        ? .complete : .budgetExhausted
    }
    let runCount = runs.count
    let lastRun = runs.last
    var attempt = share
    let isComplete = myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &attempt)
    budget -= share - attempt
    if isComplete { return .complete }
    runs.removeSubrange(runCount...)
    if let lastRun { runs[runCount - 1] = lastRun }

    anchors.chain(a, aRange, b, bRange, tokenCount: tokenCount, into: &chain)
    budget -= aRange.count + bRange.count
    guard !chain.isEmpty else {
      return myers.matchedRuns(a, aRange, b, bRange, into: &runs, budget: &budget)
        ? .complete : .budgetExhausted
    }
    let pairs = chain.map { anchors.candidates[Int($0)] }
    if depth == 0 {
      var uniqueUTF8Count = 0
      for candidate in anchors.candidates { uniqueUTF8Count += Int(aUTF8Counts[Int(candidate.a)]) }
      var inOrderUTF8Count = 0
      for pair in pairs { inOrderUTF8Count += Int(aUTF8Counts[Int(pair.a)]) }
      if Double(inOrderUTF8Count) < options.minimumInOrderUniqueShare * Double(uniqueUTF8Count) {
        return .reordered(
          outOfOrderUTF8Count: uniqueUTF8Count - inOrderUTF8Count, uniqueUTF8Count: uniqueUTF8Count)
      }
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
}

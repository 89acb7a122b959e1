/// Collects alignment steps in text order and emits tidy hunks: neighbouring
/// steps of one kind are merged, and each stretch between two equal hunks
/// becomes at most one delete followed by at most one insert.
struct HunkBuilder {
  private(set) var hunks: [AlignmentHunk] = []
  private var isStretchOpen = false
  private var stretchOriginalStart = 0
  private var stretchRefinedStart = 0
  private var stretchOriginalEnd = 0
  private var stretchRefinedEnd = 0

  /// Appends equal bytes: `count` bytes at `original` in O equal those at `refined` in R.
  mutating func appendEqual(original: Int, refined: Int, count: Int) {
    guard count > 0 else { return }
    flush()
    if let last = hunks.last, last.kind == .equal, last.originalUTF8Range.upperBound == original,
      last.refinedUTF8Range.upperBound == refined
    {
      hunks[hunks.count - 1].originalUTF8Range =
        last.originalUTF8Range.lowerBound..<original + count
      hunks[hunks.count - 1].refinedUTF8Range = last.refinedUTF8Range.lowerBound..<refined + count
    } else {
      hunks.append(
        AlignmentHunk(
          kind: .equal, originalUTF8Range: original..<original + count,
          refinedUTF8Range: refined..<refined + count))
    }
  }

  /// Appends `count` deleted bytes at `original` in O, which sit at `refined` in R.
  mutating func appendDelete(original: Int, count: Int, refined: Int) {
    guard count > 0 else { return }
    openStretch(original: original, refined: refined)
    stretchOriginalEnd = original + count
  }

  /// Appends `count` inserted bytes at `refined` in R, which sit at `original` in O.
  mutating func appendInsert(refined: Int, count: Int, original: Int) {
    guard count > 0 else { return }
    openStretch(original: original, refined: refined)
    stretchRefinedEnd = refined + count
  }

  private mutating func openStretch(original: Int, refined: Int) {
    guard !isStretchOpen else { return }
    isStretchOpen = true
    stretchOriginalStart = original
    stretchOriginalEnd = original
    stretchRefinedStart = refined
    stretchRefinedEnd = refined
  }

  /// Emits the open stretch, if any, as a delete and then an insert.
  mutating func flush() {
    guard isStretchOpen else { return }
    isStretchOpen = false
    if stretchOriginalEnd > stretchOriginalStart {
      hunks.append(
        AlignmentHunk(
          kind: .delete, originalUTF8Range: stretchOriginalStart..<stretchOriginalEnd,
          refinedUTF8Range: stretchRefinedStart..<stretchRefinedStart))
    }
    if stretchRefinedEnd > stretchRefinedStart {
      hunks.append(
        AlignmentHunk(
          kind: .insert, originalUTF8Range: stretchOriginalEnd..<stretchOriginalEnd,
          refinedUTF8Range: stretchRefinedStart..<stretchRefinedEnd))
    }
  }

  /// Drops the hunks after the first `count` (the open stretch must be flushed).
  mutating func truncate(toHunkCount count: Int) {
    hunks.removeSubrange(count...)
  }

  /// Returns the hunks and resets the builder.
  mutating func finish() -> [AlignmentHunk] {
    flush()
    let result = hunks
    hunks = []
    return result
  }
}

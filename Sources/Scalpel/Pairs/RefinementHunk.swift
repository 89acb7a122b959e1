/// A group of nearby edits of an alignment, classified the RefineX way (see
/// the Specification article, "Hunks and rewrites").
///
/// A hunk that only deletes is a **deletion**; a hunk that inserts anything is a
/// **rewrite**, whose text stays as in the original. Edits separated by a short
/// equal run (fewer than `joinUTF8Count` bytes, no newline) belong to one hunk,
/// so that a paraphrase aligned with a few coincidental matching letters counts
/// as one rewrite, not as many small ones. Whole original lines that a rewrite
/// deletes (from a line start through a newline) are not part of what it
/// replaces: they are split off as deletions of their own, so a list marker
/// added after five deleted navigation lines is a rewrite of 2 characters.
public struct RefinementHunk: Sendable, Hashable {
  /// The bytes of the original the hunk spans, from its first to its last edit.
  public var originalUTF8Range: Range<Int>
  /// The bytes of the refined text the hunk spans, from its first to its last edit.
  public var refinedUTF8Range: Range<Int>
  /// The deleted byte ranges of the original inside the hunk.
  public var deletedUTF8Ranges: [Range<Int>]
  /// The number of deleted Unicode scalars.
  public var deletedScalarCount: Int
  /// The number of inserted Unicode scalars.
  public var insertedScalarCount: Int
  /// Whether every deleted and inserted byte is a space, a tab or a newline
  /// (indentation, trailing spaces, reflowed line breaks).
  public var isWhitespaceOnly: Bool

  /// Whether the hunk inserts anything, so that nothing of it may be deleted.
  public var isRewrite: Bool { insertedScalarCount > 0 }

  /// The size of a rewrite: the larger of its replaced and inserted scalar counts.
  public var rewriteScalarCount: Int { max(deletedScalarCount, insertedScalarCount) }

  /// Groups the edits of `alignment` into hunks.
  ///
  /// - Complexity: O(*h* + *d*), where *h* is the number of alignment hunks and
  ///   *d* the number of edited bytes.
  public static func group(
    _ alignment: Alignment, original: [UInt8], refined: [UInt8], joinUTF8Count: Int
  ) -> [RefinementHunk] {
    var groups: [RefinementHunk] = []
    // About one group per two alignment hunks (an edit between equal runs).
    groups.reserveCapacity(alignment.hunks.count / 2 + 1)
    var edits: [AlignmentHunk] = []
    func finish() {
      guard !edits.isEmpty else { return }
      make(edits, original: original, refined: refined, into: &groups)
      edits.removeAll(keepingCapacity: true)
    }
    for hunk in alignment.hunks {
      switch hunk.kind {
      case .equal:
        let range = hunk.originalUTF8Range
        let isShortGap =
          range.count < joinUTF8Count && !original[range].contains(UInt8(ascii: "\n"))
        if !isShortGap { finish() }
      case .delete, .insert:
        edits.append(hunk)
      }
    }
    finish()
    return groups
  }

  /// Appends the hunks of one group of edits to `groups`: one deletion, or one
  /// rewrite plus the whole lines it deletes as deletions of their own, in text
  /// order. A group without insertions (the common case) allocates only its
  /// hunk's `deletedUTF8Ranges`.
  private static func make(
    _ edits: [AlignmentHunk], original: [UInt8], refined: [UInt8],
    into groups: inout [RefinementHunk]
  ) {
    let isRewrite = edits.contains { $0.kind == .insert && !$0.refinedUTF8Range.isEmpty }
    var wholeLines: [Range<Int>] = []
    var replaced: [Range<Int>] = []
    var spannedOriginal: Range<Int>? = nil
    var spannedRefined: Range<Int>? = nil
    var insertedScalarCount = 0
    var isWhitespaceOnly = true
    func span(_ range: Range<Int>, _ spanned: inout Range<Int>?) {
      spanned =
        spanned.map { min($0.lowerBound, range.lowerBound)..<max($0.upperBound, range.upperBound) }
        ?? range
    }
    for edit in edits {
      if edit.kind == .insert {
        insertedScalarCount += scalarCount(refined, edit.refinedUTF8Range)
        isWhitespaceOnly = isWhitespaceOnly && isWhitespace(refined[edit.refinedUTF8Range])
        span(edit.originalUTF8Range, &spannedOriginal)
        span(edit.refinedUTF8Range, &spannedRefined)
        continue
      }
      let range = edit.originalUTF8Range
      // Whole lines: from the first line start in the range to just after its last newline.
      var linesStart = range.lowerBound
      while linesStart < range.upperBound && linesStart > 0
        && original[linesStart - 1] != UInt8(ascii: "\n")
      {
        linesStart += 1
      }
      var linesEnd = range.upperBound
      while linesEnd > linesStart && original[linesEnd - 1] != UInt8(ascii: "\n") { linesEnd -= 1 }
      func replace(_ piece: Range<Int>) {
        guard !piece.isEmpty else { return }
        replaced.append(piece)
        isWhitespaceOnly = isWhitespaceOnly && isWhitespace(original[piece])
        span(piece, &spannedOriginal)
        span(edit.refinedUTF8Range, &spannedRefined)
      }
      if isRewrite && linesStart < linesEnd {
        wholeLines.append(linesStart..<linesEnd)
        replace(range.lowerBound..<linesStart)
        replace(linesEnd..<range.upperBound)
      } else {
        replace(range)
      }
    }
    let firstNew = groups.count
    for lines in wholeLines {
      groups.append(
        RefinementHunk(
          originalUTF8Range: lines,
          refinedUTF8Range: edits[0].refinedUTF8Range
            .lowerBound..<edits[0].refinedUTF8Range.lowerBound,
          deletedUTF8Ranges: [lines], deletedScalarCount: scalarCount(original, lines),
          insertedScalarCount: 0, isWhitespaceOnly: isWhitespace(original[lines])))
    }
    if let spannedOriginal, let spannedRefined {
      groups.append(
        RefinementHunk(
          originalUTF8Range: spannedOriginal, refinedUTF8Range: spannedRefined,
          deletedUTF8Ranges: replaced,
          deletedScalarCount: replaced.reduce(0) { $0 + scalarCount(original, $1) },
          insertedScalarCount: insertedScalarCount, isWhitespaceOnly: isWhitespaceOnly))
    }
    if !wholeLines.isEmpty {
      groups[firstNew...].sort { $0.originalUTF8Range.lowerBound < $1.originalUTF8Range.lowerBound }
    }
  }

  static func isWhitespace(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.allSatisfy {
      $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n")
    }
  }

  static func scalarCount(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
    UTF8Validation.scalarCount(of: bytes, in: range)
  }
}

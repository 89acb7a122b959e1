/// A group of nearby edits of an alignment, classified the RefineX way (SPEC §3.3).
///
/// A hunk that only deletes is a **deletion**; a hunk that inserts anything is a
/// **rewrite**, whose text stays as in the original. Edits separated by a short
/// equal run (fewer than `joinUTF8Count` bytes, no newline) belong to one hunk,
/// so that a paraphrase aligned with a few coincidental matching letters counts
/// as one rewrite, not as many small ones.
public struct RefinementHunk: Sendable, Hashable {
  /// The bytes of the original the hunk spans, from its first to its last edit.
  public var originalUTF8Range: Range<Int>
  /// The deleted byte ranges of the original inside the hunk.
  public var deletedUTF8Ranges: [Range<Int>]
  /// The number of deleted Unicode scalars.
  public var deletedScalarCount: Int
  /// The number of inserted Unicode scalars.
  public var insertedScalarCount: Int

  /// Whether the hunk inserts anything, so that nothing of it may be deleted.
  public var isRewrite: Bool { insertedScalarCount > 0 }

  /// Groups the edits of `alignment` into hunks.
  ///
  /// - Complexity: O(*h* + *d*), where *h* is the number of alignment hunks and
  ///   *d* the number of edited bytes.
  public static func group(
    _ alignment: Alignment, original: [UInt8], refined: [UInt8], joinUTF8Count: Int
  ) -> [RefinementHunk] {
    var groups: [RefinementHunk] = []
    var current: RefinementHunk? = nil
    var pendingGapIsShort = false
    for hunk in alignment.hunks {
      switch hunk.kind {
      case .equal:
        let range = hunk.originalUTF8Range
        pendingGapIsShort =
          range.count < joinUTF8Count && !original[range].contains(UInt8(ascii: "\n"))
        if !pendingGapIsShort, let finished = current {
          groups.append(finished)
          current = nil
        }
      case .delete, .insert:
        let deleted = hunk.kind == .delete ? scalarCount(original, hunk.originalUTF8Range) : 0
        let inserted = hunk.kind == .insert ? scalarCount(refined, hunk.refinedUTF8Range) : 0
        var group =
          current
          ?? RefinementHunk(
            originalUTF8Range: hunk.originalUTF8Range, deletedUTF8Ranges: [],
            deletedScalarCount: 0, insertedScalarCount: 0)
        group.originalUTF8Range =
          group.originalUTF8Range.lowerBound..<hunk.originalUTF8Range.upperBound
        if hunk.kind == .delete { group.deletedUTF8Ranges.append(hunk.originalUTF8Range) }
        group.deletedScalarCount += deleted
        group.insertedScalarCount += inserted
        current = group
      }
    }
    if let finished = current { groups.append(finished) }
    return groups
  }

  static func scalarCount(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
    var count = 0
    for offset in range where bytes[offset] & 0xC0 != 0x80 { count += 1 }
    return count
  }
}

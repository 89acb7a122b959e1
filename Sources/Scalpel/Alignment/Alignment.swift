/// One run of an alignment between an original text O and a refined text R.
///
/// Ranges are half-open UTF-8 byte ranges that always fall on Unicode scalar
/// boundaries. An `equal` hunk has ranges of the same length and content; a
/// `delete` hunk has an empty `refinedUTF8Range` (positioned where it would be
/// in R); an `insert` hunk has an empty `originalUTF8Range`.
public struct AlignmentHunk: Sendable, Hashable, Codable {
  /// What a hunk does to the original text.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// The bytes are the same on both sides.
    case equal
    /// The bytes of O in `originalUTF8Range` are absent from R.
    case delete
    /// The bytes of R in `refinedUTF8Range` are absent from O.
    case insert
  }

  /// What the hunk does.
  public var kind: Kind
  /// The bytes of the original this hunk covers.
  public var originalUTF8Range: Range<Int>
  /// The bytes of the refined text this hunk covers.
  public var refinedUTF8Range: Range<Int>

  /// Creates a hunk.
  public init(kind: Kind, originalUTF8Range: Range<Int>, refinedUTF8Range: Range<Int>) {
    self.kind = kind
    self.originalUTF8Range = originalUTF8Range
    self.refinedUTF8Range = refinedUTF8Range
  }
}

/// A minimal Indel edit script that turns an original text into a refined one.
///
/// Hunks are listed from the lowest offset to the highest and together cover
/// both texts exactly once. Two neighbouring hunks never have the same kind;
/// where a delete and an insert touch (a substitution), the delete comes first,
/// so delete+insert adjacency is visible to callers.
public struct Alignment: Sendable, Hashable {
  /// The hunks in text order.
  public var hunks: [AlignmentHunk]
  /// Whether some block exceeded the work budget and was aligned as a single
  /// replacement (delete everything, insert everything) instead of minimally.
  public var isBudgetExhausted: Bool
  /// Set when the line level found that the refinement moved text (see
  /// ``ReorderEvidence``); the changed region is then one replacement.
  public var reorder: ReorderEvidence?

  /// Creates an alignment from its hunks.
  public init(hunks: [AlignmentHunk], isBudgetExhausted: Bool, reorder: ReorderEvidence? = nil) {
    self.hunks = hunks
    self.isBudgetExhausted = isBudgetExhausted
    self.reorder = reorder
  }

  /// The total number of deleted bytes of the original.
  public var deletedUTF8Count: Int {
    hunks.reduce(0) { $0 + ($1.kind == .delete ? $1.originalUTF8Range.count : 0) }
  }

  /// The total number of inserted bytes of the refined text.
  public var insertedUTF8Count: Int {
    hunks.reduce(0) { $0 + ($1.kind == .insert ? $1.refinedUTF8Range.count : 0) }
  }
}

/// Line-level evidence that a refinement moved text.
///
/// Lines that occur exactly once in each text are matched one to one; the heaviest
/// chain of them (by bytes) in the same order on both sides stays in place, and the rest
/// (`outOfOrderUTF8Count` of their `uniqueUTF8Count` bytes) would have to be
/// deleted in one place and inserted in another. The ``Aligner`` reports it, instead
/// of aligning, when the chain keeps less than
/// ``AlignmentOptions/minimumInOrderUniqueShare`` of those bytes in a text whose line
/// level exceeded its work share, and the refined text is not a subsequence of the
/// original.
public struct ReorderEvidence: Sendable, Hashable {
  /// Bytes of unique lines outside the heaviest in-order chain.
  public var outOfOrderUTF8Count: Int
  /// Bytes of all lines that occur exactly once in each text.
  public var uniqueUTF8Count: Int

  /// Creates the evidence.
  public init(outOfOrderUTF8Count: Int, uniqueUTF8Count: Int) {
    self.outOfOrderUTF8Count = outOfOrderUTF8Count
    self.uniqueUTF8Count = uniqueUTF8Count
  }
}

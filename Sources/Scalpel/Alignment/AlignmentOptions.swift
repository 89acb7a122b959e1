/// Knobs of the alignment kernel.
///
/// The defaults suit web documents up to tens of MB.
public struct AlignmentOptions: Sendable, Hashable, Codable {
  /// Work units allowed per input byte (original plus refined).
  ///
  /// A work unit is one 64-bit word operation of the character aligner or one diagonal step
  /// of the line aligner. The budget makes every document finish in time
  /// proportional to its size, identically on every machine.
  public var workBudgetPerByte: Int
  /// Work units every document gets at least, however small.
  public var minimumWorkBudget: Int
  /// When aligning the whole changed region character by character costs at
  /// most this many word operations per input byte, the line level is skipped
  /// and the result is minimal by construction.
  public var exactRegionWordsPerByte: Int
  /// Runs of equal lines of at most this many bytes between two changed blocks
  /// are not trusted as anchors when a block next to them inserts text: the
  /// blocks are merged and aligned character by character.
  public var weakAnchorUTF8Count: Int
  /// On the line path, an insert of at least this many bytes triggers a check
  /// whether the refinement only deletes (then the region is re-aligned exactly).
  public var minimumSuspiciousInsertUTF8Count: Int
  /// Whether pure deletions slide, at equal cost, to the most natural boundary.
  public var slidesDeletions: Bool
  /// How far, in bytes, a deletion may slide either way.
  public var maximumSlideUTF8Count: Int
  /// Work units one Myers pass of the line level may spend per line (at least
  /// ``minimumWorkBudget`` for the whole text) before the lines that occur once on
  /// each side anchor it instead.
  public var lineWorkPerLine: Int
  /// When the line level anchors on unique lines, the share of their bytes that
  /// must keep their order; below it the refinement moved text and is reported as
  /// ``Alignment/reorder``.
  public var minimumInOrderUniqueShare: Double

  /// Creates options; every parameter has a default.
  public init(
    workBudgetPerByte: Int = 512, minimumWorkBudget: Int = 1 << 16,
    exactRegionWordsPerByte: Int = 16, weakAnchorUTF8Count: Int = 64,
    minimumSuspiciousInsertUTF8Count: Int = 16,
    slidesDeletions: Bool = true,
    maximumSlideUTF8Count: Int = 1024,
    lineWorkPerLine: Int = 64,
    minimumInOrderUniqueShare: Double = 0.5
  ) {
    self.workBudgetPerByte = workBudgetPerByte
    self.minimumWorkBudget = minimumWorkBudget
    self.exactRegionWordsPerByte = exactRegionWordsPerByte
    self.weakAnchorUTF8Count = weakAnchorUTF8Count
    self.minimumSuspiciousInsertUTF8Count = minimumSuspiciousInsertUTF8Count
    self.slidesDeletions = slidesDeletions
    self.maximumSlideUTF8Count = maximumSlideUTF8Count
    self.lineWorkPerLine = lineWorkPerLine
    self.minimumInOrderUniqueShare = minimumInOrderUniqueShare
  }
}

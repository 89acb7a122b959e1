#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Options of ``PairBuilder``; the defaults are the paper's (RefineX appendix A.1).
public struct PairOptions: Sendable, Hashable, Codable {
  /// Options of the alignment kernel.
  public var alignment: AlignmentOptions
  /// A rewrite hunk that deletes or inserts at least this many characters rejects the pair.
  public var maximumRewriteCharacterCount: Int
  /// A pair that deletes more than zero but fewer than this many characters is rejected.
  public var minimumDeletedCharacterCount: Int
  /// Edits separated by an equal run shorter than this (in bytes, without newline) form one hunk.
  public var hunkJoinUTF8Count: Int
  /// How documents are split into chunks.
  public var chunking: ChunkingOptions
  /// Whether rewrites that only change whitespace (spaces, tabs, newlines) are
  /// exempt from ``maximumRewriteCharacterCount``. They are counted either way.
  public var toleratesWhitespaceRewrites: Bool
  /// The largest share (0…1) of the expert's deleted characters that the
  /// programs may leave in the text (deletions the program language cannot
  /// express: line joins, strings that are not unique in their line); a pair
  /// above it is rejected as `deletions_not_expressible`.
  public var maximumLeftoverShare: Double
  /// The smallest share (0…1) of a refinement's sampled 16-byte windows that must occur
  /// in the original (Specification §3.4); below it the pair is rejected as
  /// `refinement_unrelated` before the alignment. Refinements under 256 KiB are not checked.
  public var minimumWindowCoverage: Double

  /// Creates options; every parameter has a default.
  public init(
    alignment: AlignmentOptions = AlignmentOptions(), maximumRewriteCharacterCount: Int = 20,
    minimumDeletedCharacterCount: Int = 10, hunkJoinUTF8Count: Int = 4,
    chunking: ChunkingOptions = ChunkingOptions(), toleratesWhitespaceRewrites: Bool = false,
    maximumLeftoverShare: Double = 0.05, minimumWindowCoverage: Double = 0.25
  ) {
    self.alignment = alignment
    self.maximumRewriteCharacterCount = maximumRewriteCharacterCount
    self.minimumDeletedCharacterCount = minimumDeletedCharacterCount
    self.hunkJoinUTF8Count = hunkJoinUTF8Count
    self.chunking = chunking
    self.toleratesWhitespaceRewrites = toleratesWhitespaceRewrites
    self.maximumLeftoverShare = maximumLeftoverShare
    self.minimumWindowCoverage = minimumWindowCoverage
  }
}

/// Why a pair was not turned into training data.
public enum RejectReason: Sendable, Hashable, Codable, CustomStringConvertible {
  /// A rewrite hunk changed too much; `lineNumber` is its first line in the original.
  case rewriteTooLarge(characterCount: Int, lineNumber: Int)
  /// A rewrite that only changes whitespace changed too much (see
  /// ``PairOptions/toleratesWhitespaceRewrites``).
  case whitespaceRewriteTooLarge(characterCount: Int, lineNumber: Int)
  /// The expert deleted something, but fewer characters than the minimum.
  case tooFewDeletions(characterCount: Int)
  /// The programs would leave more of the expert's deletions in the text than
  /// ``PairOptions/maximumLeftoverShare`` allows (all of them, when none can be
  /// expressed): `leftoverCount` of `deletedCount` characters.
  case deletionsNotExpressible(leftoverCount: Int, deletedCount: Int)
  /// The alignment hit its work budget, so its edits are not trustworthy.
  case alignmentBudgetExhausted
  /// The refinement moved text: of `uniqueCount` bytes in lines that occur once in each
  /// text, `outOfOrderCount` are out of order (see ``ReorderEvidence``).
  case textReordered(outOfOrderCount: Int, uniqueCount: Int)
  /// The refinement is not made of the original's text: of `sampledCount` sampled
  /// 16-byte windows of the refined text, only `coveredCount` occur in the original
  /// (Specification §3.4).
  case refinementUnrelated(coveredCount: Int, sampledCount: Int)
  /// Executing the program did not give the target: a bug, reported instead of hidden.
  case roundTripMismatch(chunkIndex: Int)
  /// The programs delete characters the expert kept: a bug, reported instead of hidden.
  case overDeletion(characterCount: Int)

  /// A stable snake_case code, for reject files and statistics.
  public var code: String {
    switch self {
    case .rewriteTooLarge: return "rewrite_too_large"
    case .whitespaceRewriteTooLarge: return "whitespace_rewrite_too_large"
    case .tooFewDeletions: return "too_few_deletions"
    case .deletionsNotExpressible: return "deletions_not_expressible"
    case .alignmentBudgetExhausted: return "alignment_budget_exhausted"
    case .textReordered: return "text_reordered"
    case .refinementUnrelated: return "refinement_unrelated"
    case .roundTripMismatch: return "round_trip_mismatch"
    case .overDeletion: return "over_deletion"
    }
  }

  /// A human-readable explanation.
  public var description: String {
    switch self {
    case .rewriteTooLarge(let count, let line):
      return "rewrite of \(count) characters at line \(line) (limit exceeded)"
    case .whitespaceRewriteTooLarge(let count, let line):
      return "whitespace-only rewrite of \(count) characters at line \(line) (limit exceeded)"
    case .tooFewDeletions(let count):
      return "only \(count) characters deleted"
    case .deletionsNotExpressible(let leftover, let deleted):
      return
        "\(leftover) of \(deleted) deleted characters cannot be expressed as program calls"
    case .alignmentBudgetExhausted:
      return "alignment work budget exhausted"
    case .textReordered(let outOfOrder, let unique):
      return
        "\(outOfOrder) of \(unique) bytes in lines that occur once in each text are out of order"
    case .refinementUnrelated(let covered, let sampled):
      return
        "only \(covered) of \(sampled) sampled 16-byte windows of the refinement occur in the original"
    case .roundTripMismatch(let chunk):
      return "program of chunk \(chunk) does not reproduce its target"
    case .overDeletion(let count):
      return "programs delete \(count) characters the expert kept"
    }
  }
}

/// Counts that describe how one pair was built.
public struct PairStatistics: Sendable, Hashable, Codable {
  /// Unicode scalars the programs delete.
  public var deletedCharacterCount = 0
  /// `remove_lines` calls over all chunks.
  public var removeLinesCallCount = 0
  /// `remove_str` calls over all chunks.
  public var removeStringCallCount = 0
  /// Chunks whose program is `keep_all()`.
  public var keepAllChunkCount = 0
  /// Rewrite hunks left as in the original.
  public var rewriteHunkCount = 0
  /// Of those, rewrites that only change whitespace.
  public var whitespaceRewriteHunkCount = 0
  /// Characters the expert deleted (outside rewrites).
  public var expertDeletedCharacterCount = 0
  /// Characters the expert deleted that the programs keep, measured against the
  /// refined text (see ``PairFidelity``).
  public var leftoverCharacterCount = 0
  /// Characters the expert kept that the programs delete; always 0 in accepted pairs.
  public var overDeletedCharacterCount = 0
  /// Deleted newlines that joined kept lines, left in place.
  public var droppedLineJoinCount = 0
  /// Partial deletions left in place because their text is not unique in its line.
  public var droppedAmbiguousStringCount = 0
  /// Characters of the expert's deletions that the mapping to calls left out.
  public var droppedCharacterCount = 0
  /// Chunks made of one line longer than the budget.
  public var unrefinableChunkCount = 0

  /// Creates empty statistics.
  public init() {}
}

/// One chunk of an accepted pair: what the model sees and what it should answer.
public struct ChunkPair: Sendable, Hashable {
  /// Where the chunk lies in its document.
  public var chunk: Chunk
  /// The chunk's original text.
  public var text: NormalizedText
  /// The chunk's program, in chunk-local line numbers.
  public var program: Program
  /// The chunk after the program.
  public var target: [UInt8]

  /// ``text``, or, with `original`, the chunk's lines of `original` (for a pair built
  /// without its chunks' texts, see
  /// ``PairBuilder/makePair(original:refined:materializesChunkTexts:)``).
  ///
  /// - Complexity: O(1) without `original`; otherwise O(*n*) in the size of the chunk.
  package func text(of original: NormalizedText?) -> NormalizedText {
    guard let original else { return text }
    return NormalizedText(lines: chunk.lineIndices, of: original)
  }
}

/// An accepted pair: its chunks and statistics.
public struct BuiltPair: Sendable, Hashable {
  /// The chunks in document order.
  public var chunks: [ChunkPair]
  /// Counts over the whole document.
  public var statistics: PairStatistics

  /// Whether no chunk changes anything.
  public var isKeepAll: Bool { chunks.allSatisfy { $0.program.calls.isEmpty } }

  /// The program of the whole document: chunk programs offset to document line numbers.
  public var documentProgram: Program {
    Program(
      calls: chunks.flatMap { $0.program.offsettingLines(by: $0.chunk.firstLineNumber - 1).calls })
  }
}

/// The outcome of building one pair.
public enum PairBuildResult: Sendable, Hashable {
  /// The pair became training data.
  case accepted(BuiltPair)
  /// The pair was rejected, with the statistics gathered until then.
  case rejected(RejectReason, PairStatistics)
}

/// Turns an (original, expert-refined) document pair into RefineX programs
/// (see the Specification article).
///
/// Steps: align (``Aligner``), group edits into hunks (``RefinementHunk``), apply
/// the rewrite filters, chunk the original (``Chunker``), map each chunk's
/// deletions to calls (``ProgramMapper``) and execute every program on its chunk
/// (``ProgramExecutor``) to check that it gives the target exactly. Where a
/// deletion cannot be expressed, the deletions around it are re-placed at equal
/// cost (`DeletionPlacement`) and the better result is kept. Finally the
/// programs' output is measured against the refined text (``PairFidelity``):
/// a pair that deletes a character the expert kept is rejected, and so is one
/// that leaves more than ``PairOptions/maximumLeftoverShare`` of the expert's
/// deletions.
///
///     var builder = PairBuilder()
///     let result = builder.makePair(
///       original: NormalizedText("Home | About\nGood text. [ad] More.\n"),
///       refined: NormalizedText("Good text. More.\n"))
///     // accepted: remove_lines(1, 1), remove_str(2, "[ad] ")
///
/// A builder owns an ``Aligner`` and its scratch memory: use one per thread.
public struct PairBuilder {
  /// The options every call uses.
  public let options: PairOptions
  private var aligner: Aligner

  /// Creates a builder.
  public init(options: PairOptions = PairOptions()) {
    self.options = options
    self.aligner = Aligner(options: options.alignment)
  }

  /// Builds the pair for `original` refined into `refined`.
  ///
  /// - Complexity: O(*n* + *m*) plus the cost of two alignments (original with
  ///   refined, output with refined), each bounded by its work budget.
  public mutating func makePair(original: NormalizedText, refined: NormalizedText)
    -> PairBuildResult
  {
    makePair(original: original, refined: refined, materializesChunkTexts: true)
  }

  /// Builds the pair as ``makePair(original:refined:)`` does; without
  /// `materializesChunkTexts`, every ``ChunkPair/text`` of an accepted pair is left empty
  /// (``NormalizedText/init(lines:of:)`` of its chunk's lines of `original` gives it), so
  /// that a caller encoding one chunk at a time never holds a copy of the whole original.
  ///
  /// The chunks' texts are never held while the pair is mapped and measured (each chunk's
  /// is made for its mapping and dropped): they are made, when asked for, once the pair is
  /// accepted.
  ///
  /// - Complexity: That of ``makePair(original:refined:)``.
  package mutating func makePair(
    original: NormalizedText, refined: NormalizedText, materializesChunkTexts: Bool
  ) -> PairBuildResult {
    if let excess = Self.impossibleInsertion(original: original, refined: refined, options: options)
    {
      return .rejected(.rewriteTooLarge(characterCount: excess, lineNumber: 1), PairStatistics())
    }
    if let coverage = Self.unrelatedRefinement(
      original: original, refined: refined, options: options)
    {
      return .rejected(
        .refinementUnrelated(
          coveredCount: coverage.coveredWindowCount, sampledCount: coverage.sampledWindowCount),
        PairStatistics())
    }
    let alignment = aligner.align(original: original, refined: refined)
    if alignment.isBudgetExhausted { return .rejected(.alignmentBudgetExhausted, PairStatistics()) }
    if let reorder = alignment.reorder {
      return .rejected(
        .textReordered(
          outOfOrderCount: reorder.outOfOrderUTF8Count, uniqueCount: reorder.uniqueUTF8Count),
        PairStatistics())
    }
    let first = mapDeletions(alignment.hunks, original, refined, reusing: nil)
    // The expert's rewrites are those of the minimal alignment, whichever
    // alignment the programs come from.
    let rewrites = first.rewriteRefinedUTF8Ranges
    // The first mapping's fidelity is needed whatever the second gives; measured now, its
    // output (the whole document) is built and dropped before the second mapping.
    var firstFidelity: PairFidelity? = nil
    if case .success(let mapped) = first.result {
      firstFidelity = measure(mapped, refined, rewrites)
    }
    var chosen = first.result
    var chosenFidelity = firstFidelity
    if !first.unexpressedLineIndices.isEmpty,
      let replaced = DeletionPlacement.replacing(
        alignment.hunks, original: original, refined: refined,
        lineIndices: first.unexpressedLineIndices),
      case .success(let second) = mapDeletions(
        replaced, original, refined, reusing: try? first.result.get()
      ).result
    {
      let secondFidelity = measure(second, refined, rewrites)
      if secondFidelity.overDeletedCharacterCount == 0 {
        switch (first.result, firstFidelity) {
        case (.success(let mapped), let firstFidelity?):
          if (
            secondFidelity.leftoverCharacterCount + second.keptRewriteCharacterCount,
            second.callCount
          )
            < (
              firstFidelity.leftoverCharacterCount + mapped.keptRewriteCharacterCount,
              mapped.callCount
            )
          {
            chosen = .success(second)
            chosenFidelity = secondFidelity
          }
        default:
          chosen = .success(second)
          chosenFidelity = secondFidelity
        }
      }
    }
    var mapped: MappedPair
    switch chosen {
    case .failure(let rejection): return .rejected(rejection.reason, rejection.statistics)
    case .success(let pair): mapped = pair
    }

    let fidelity = chosenFidelity ?? measure(mapped, refined, rewrites)
    mapped.statistics.leftoverCharacterCount = fidelity.leftoverCharacterCount
    mapped.statistics.overDeletedCharacterCount = fidelity.overDeletedCharacterCount
    let statistics = mapped.statistics
    if fidelity.overDeletedCharacterCount > 0 {
      return .rejected(
        .overDeletion(characterCount: fidelity.overDeletedCharacterCount), statistics)
    }
    let expertDeleted = statistics.expertDeletedCharacterCount
    if expertDeleted > 0 {
      if statistics.deletedCharacterCount == 0
        || Double(fidelity.leftoverCharacterCount)
          > options.maximumLeftoverShare * Double(expertDeleted)
      {
        return .rejected(
          .deletionsNotExpressible(
            leftoverCount: fidelity.leftoverCharacterCount, deletedCount: expertDeleted),
          statistics)
      }
      if statistics.deletedCharacterCount < options.minimumDeletedCharacterCount {
        return .rejected(
          .tooFewDeletions(characterCount: statistics.deletedCharacterCount), statistics)
      }
    }
    if materializesChunkTexts {
      for position in mapped.chunks.indices {
        mapped.chunks[position].text = NormalizedText(
          lines: mapped.chunks[position].chunk.lineIndices, of: original)
      }
    }
    return .accepted(BuiltPair(chunks: mapped.chunks, statistics: statistics))
  }

  /// The text of a chunk pair while it is mapped: none (see
  /// ``makePair(original:refined:materializesChunkTexts:)``).
  private static let unmaterializedText = NormalizedText(alreadyNormalized: [])

  /// The characters `refined` has beyond `original`, when they are more than any accepted
  /// pair can insert: each rewrite hunk inserts fewer than the rewrite limit, and there are
  /// at most one more hunks than original characters. Such a pair (a reply many times longer
  /// than its chunk) is rejected before the alignment, whose work it would only waste.
  /// Whitespace rewrites without a limit (`toleratesWhitespaceRewrites`) skip the check.
  ///
  /// - Complexity: O(*n* + *m*) in the sizes of the texts.
  static func impossibleInsertion(
    original: NormalizedText, refined: NormalizedText, options: PairOptions
  ) -> Int? {
    guard !options.toleratesWhitespaceRewrites else { return nil }
    // Bounds first: the original has at least a quarter of its bytes as scalars, the
    // refinement at most its bytes, and the limit grows with the original's scalars. Most
    // refinements are far within the limit and are not counted.
    let factor = options.maximumRewriteCharacterCount - 1
    if factor >= 0 {
      let fewestOriginal = (original.utf8.count + 3) / 4
      if refined.utf8.count - fewestOriginal <= factor * (fewestOriginal + 1) { return nil }
    }
    func scalars(_ bytes: [UInt8]) -> Int { UTF8Validation.scalarCount(of: bytes) }
    let (originalCount, refinedCount) = (scalars(original.utf8), scalars(refined.utf8))
    let excess = refinedCount - originalCount
    let limit = (options.maximumRewriteCharacterCount - 1) * (originalCount + 1)
    return excess > limit ? excess : nil
  }

  /// The window coverage of `refined`, when it is too low for a refinement of
  /// `original` (``PairOptions/minimumWindowCoverage``), `refined` is not a
  /// subsequence of `original` (a deletion only), and not one line by line but for a few
  /// lines (deletions plus a few fixes). Refinements of fewer than
  /// ``minimumCoverageCheckUTF8Count`` bytes, and runs that tolerate whitespace rewrites,
  /// are not checked.
  ///
  /// - Complexity: O(*n* + *m*) in the sizes of the texts.
  static func unrelatedRefinement(
    original: NormalizedText, refined: NormalizedText, options: PairOptions
  ) -> WindowCoverage? {
    guard !options.toleratesWhitespaceRewrites,
      refined.utf8.count >= minimumCoverageCheckUTF8Count
    else { return nil }
    // Deletions dense enough to break every window (a tag around every word) leave a
    // refinement that is a subsequence of its original: never unrelated. That test is one
    // sequential pass, so it comes first: most large refinements only delete, and the
    // window count (hash lookups all over a table of the original's windows) is the
    // costlier of the two (26% of the cycles of a 10 MB pure deletion).
    let isDeletionOnly = original.utf8.withUnsafeBufferPointer { o in
      refined.utf8.withUnsafeBufferPointer { r in
        Aligner.isSubsequence(r, 0, r.count, of: o, 0, o.count)
      }
    }
    guard !isDeletionOnly else { return nil }
    let coverage = WindowCoverage.measure(original: original.utf8, refined: refined.utf8)
    guard coverage.coveredShare < options.minimumWindowCoverage else { return nil }
    // The same dense deletions with a few fixes (a typo corrected in one line): still a
    // deletion of the original, line by line, but for those lines.
    return nearlyDeletesOnly(original: original, refined: refined) ? nil : coverage
  }

  /// Whether `refined` is `original` with deletions within lines, line by line
  /// (``LinePairing``), but for at most 8 of its lines (or one in a thousand), the paired
  /// lines holding at least half of its bytes.
  ///
  /// - Complexity: O(*n* + *m*).
  static func nearlyDeletesOnly(original: NormalizedText, refined: NormalizedText) -> Bool {
    let allowed = max(8, refined.lineCount / 1000)
    let pairing = original.utf8.withUnsafeBufferPointer { o in
      refined.utf8.withUnsafeBufferPointer { r in
        LinePairing.pair(
          original: o, originalLineStarts: original.lineStartUTF8Offsets + [o.count],
          refined: r, refinedLineStarts: refined.lineStartUTF8Offsets + [r.count],
          maximumUnmatchedLineCount: allowed)
      }
    }
    return !pairing.isIncomplete && 2 * pairing.pairedUTF8Count >= refined.utf8.count
  }

  /// The smallest refinement, in bytes, whose window coverage is checked (256 KiB): below
  /// it the alignment's own budget is cheap enough, and dense deletions with a small fix
  /// (a reading deleted after every word, plus one typo) must reach the alignment.
  static let minimumCoverageCheckUTF8Count = 1 << 18

  /// The fidelity of `mapped`; the chunks' targets are joined into one output only when
  /// it must be aligned with `refined` (not for deletions only).
  private mutating func measure(
    _ mapped: MappedPair, _ refined: NormalizedText, _ rewrites: [Range<Int>]
  ) -> PairFidelity {
    if mapped.overlapOutput == nil {
      if let fidelity = PairFidelity.measureWithoutAlignment(
        pieces: mapped.outputPieces, refined: refined.utf8, rewriteRefinedUTF8Ranges: rewrites)
      {
        return fidelity
      }
      return PairFidelity.measure(
        output: mapped.output, refined: refined.utf8, rewriteRefinedUTF8Ranges: rewrites,
        aligner: &aligner, checksShortcuts: false)
    }
    return PairFidelity.measure(
      output: mapped.output, refined: refined.utf8, rewriteRefinedUTF8Ranges: rewrites,
      aligner: &aligner)
  }

  /// The chunk programs of one alignment, before the fidelity check.
  private struct MappedPair {
    var chunks: [ChunkPair]
    var statistics: PairStatistics
    /// The programs' output over the whole document, kept only when the chunks overlap;
    /// otherwise it is the chunks' targets joined (``output``), built when measured.
    var overlapOutput: [UInt8]?
    /// Whether the output drops the newline that ends the targets: the document has no
    /// final newline and its last chunk (not the first) loses all its lines.
    var dropsFinalNewline: Bool
    /// How each of ``chunks`` was mapped, when they do not overlap (empty otherwise): a
    /// second mapping reuses the chunks whose deletions are the same.
    var mappings: [ChunkMapping]
    /// Original characters that rewrites replaced (kept by the programs).
    var keptRewriteCharacterCount: Int
    var callCount: Int { statistics.removeLinesCallCount + statistics.removeStringCallCount }

    /// The programs' output over the whole document (chunks without overlap).
    ///
    /// - Complexity: O(*n*) in the size of the output.
    var output: [UInt8] {
      if let overlapOutput { return overlapOutput }
      let pieces = outputPieces
      var output: [UInt8] = []
      output.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
      for piece in pieces { output.append(contentsOf: piece) }
      return output
    }

    /// The output (chunks without overlap) as the pieces it is made of: the chunks'
    /// targets, the last newline dropped when ``dropsFinalNewline`` says so.
    var outputPieces: [ArraySlice<UInt8>] {
      var pieces = chunks.map { $0.target[...] }
      if dropsFinalNewline, let last = pieces.lastIndex(where: { !$0.isEmpty }),
        pieces[last].last == UInt8(ascii: "\n")
      {
        pieces[last] = pieces[last].dropLast()
      }
      return pieces
    }
  }

  /// What mapping one chunk gave besides its ``ChunkPair``: with the same deletions, the
  /// mapper gives the same program, so a second mapping reuses the pair and these.
  private struct ChunkMapping {
    /// The chunk-local deleted ranges given to the mapper.
    var deletedUTF8Ranges: [Range<Int>]
    var keepsALineWhenEmptied: Bool
    var deletedScalarCount: Int
    var droppedLineJoinCount: Int
    var droppedAmbiguousStringCount: Int
    /// Chunk-local 0-based line indices.
    var unexpressedLineIndices: [Int]
    /// Whether the program removes every line of the chunk.
    var removesEveryLine: Bool
  }

  private struct Attempt {
    var result: Result<MappedPair, Rejection>
    /// The spans of the refined text that rewrites produced.
    var rewriteRefinedUTF8Ranges: [Range<Int>]
    /// 0-based document lines whose edits cannot be expressed: deletions the
    /// mapper left out, and rewrites that span lines.
    var unexpressedLineIndices: [Int]
  }

  /// Groups the edits of `hunks`, applies the rewrite filters, and maps the
  /// deletions of every chunk to a program.
  ///
  /// `previous`, a mapping of the same document, gives the chunks whose deletions did not
  /// change: they are reused, not mapped and executed again.
  private func mapDeletions(
    _ hunks: [AlignmentHunk], _ original: NormalizedText, _ refined: NormalizedText,
    reusing previous: MappedPair?
  ) -> Attempt {
    var statistics = PairStatistics()
    let groups = RefinementHunk.group(
      Alignment(hunks: hunks, isBudgetExhausted: false), original: original.utf8,
      refined: refined.utf8, joinUTF8Count: options.hunkJoinUTF8Count)
    var deletedRanges: [Range<Int>] = []
    // Reserved at once: appended hunk by hunk, the array grew a dozen times per document.
    deletedRanges.reserveCapacity(
      groups.reduce(0) { $0 + ($1.isRewrite ? 0 : $1.deletedUTF8Ranges.count) })
    var rewriteRanges: [Range<Int>] = []
    var unexpressed: [Int] = []
    var firstRejection: RejectReason? = nil
    var keptRewriteCharacterCount = 0
    let rewriteSizes = Self.rewriteScalarCounts(of: groups, original: original, refined: refined)
    func lineIndex(_ offset: Int) -> Int {
      original.lineCount == 0
        ? 0 : original.lineIndex(containingUTF8Offset: min(offset, max(original.utf8.count - 1, 0)))
    }
    for (hunkIndex, hunk) in groups.enumerated() {
      if hunk.isRewrite {
        statistics.rewriteHunkCount += 1
        if hunk.isWhitespaceOnly { statistics.whitespaceRewriteHunkCount += 1 }
        rewriteRanges.append(hunk.refinedUTF8Range)
        keptRewriteCharacterCount += hunk.deletedScalarCount
        // A rewrite across lines may hide a refined line built from several original
        // lines (a reflowed line break, whitespace only, cannot be expressed anyway).
        let span = hunk.originalUTF8Range
        if !hunk.isWhitespaceOnly
          && (original.utf8[span].contains(UInt8(ascii: "\n"))
            || refined.utf8[hunk.refinedUTF8Range].contains(UInt8(ascii: "\n")))
        {
          let firstLine = lineIndex(span.lowerBound)
          let lastLine = lineIndex(max(span.lowerBound, span.upperBound - 1))
          unexpressed.append(contentsOf: firstLine...lastLine)
        }
        let size = rewriteSizes[hunkIndex]
        let isExempt = hunk.isWhitespaceOnly && options.toleratesWhitespaceRewrites
        if size >= options.maximumRewriteCharacterCount && !isExempt && firstRejection == nil {
          let lineNumber = lineIndex(hunk.originalUTF8Range.lowerBound) + 1
          firstRejection =
            hunk.isWhitespaceOnly
            ? .whitespaceRewriteTooLarge(characterCount: size, lineNumber: lineNumber)
            : .rewriteTooLarge(characterCount: size, lineNumber: lineNumber)
        }
      } else {
        deletedRanges.append(contentsOf: hunk.deletedUTF8Ranges)
        statistics.expertDeletedCharacterCount += hunk.deletedScalarCount
      }
    }
    func attempt(_ result: Result<MappedPair, Rejection>) -> Attempt {
      unexpressed.sort()
      return Attempt(
        result: result, rewriteRefinedUTF8Ranges: rewriteRanges,
        unexpressedLineIndices: unexpressed.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
      )
    }
    if let firstRejection {
      return attempt(.failure(Rejection(reason: firstRejection, statistics: statistics)))
    }

    // Statistics, fidelity and filters come from chunks without overlap, so
    // that no line counts twice.
    var primaryChunking = options.chunking
    primaryChunking.overlapLineCount = 0
    var primary = ChunkMappings()
    switch mapChunks(
      Chunker.chunks(of: original, options: primaryChunking), original, deletedRanges,
      &statistics, into: &primary, unexpressedLineIndices: &unexpressed,
      reusing: previous.flatMap { $0.mappings.isEmpty ? nil : $0 })
    {
    case .success: break
    case .failure(let reason):
      return attempt(.failure(Rejection(reason: reason.reason, statistics: statistics)))
    }
    var mapped = MappedPair(
      chunks: primary.pairs, statistics: statistics, overlapOutput: nil,
      dropsFinalNewline: primary.dropsFinalNewline, mappings: primary.mappings,
      keptRewriteCharacterCount: keptRewriteCharacterCount)
    if options.chunking.overlapLineCount > 0 && primary.pairs.count > 1 {
      mapped.overlapOutput = mapped.output
      mapped.mappings = []
      primary = ChunkMappings()
      var overlap = ChunkMappings()
      var overlapStatistics = PairStatistics()
      var overlapUnexpressed: [Int] = []
      switch mapChunks(
        Chunker.chunks(of: original, options: options.chunking), original, deletedRanges,
        &overlapStatistics, into: &overlap, unexpressedLineIndices: &overlapUnexpressed,
        reusing: nil)
      {
      case .success: mapped.chunks = overlap.pairs
      case .failure(let reason):
        return attempt(.failure(Rejection(reason: reason.reason, statistics: statistics)))
      }
    }
    mapped.statistics.droppedCharacterCount = max(
      0, statistics.expertDeletedCharacterCount - statistics.deletedCharacterCount)
    return attempt(.success(mapped))
  }

  /// Whether `a` and `b` hold the same bytes, compared with `memcmp`.
  ///
  /// - Complexity: O(*n*).
  static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        guard let left = a.baseAddress, let right = b.baseAddress else { return true }
        return memcmp(left, right, a.count) == 0
      }
    }
  }

  /// Rewrites closer than this (in equal bytes, on one line) count as one replacement.
  static let rewriteClusterGapUTF8Count = 8

  /// The size that counts against ``PairOptions/maximumRewriteCharacterCount`` for each
  /// hunk of `groups` (0 for a deletion).
  ///
  /// Rewrites separated only by a few equal bytes on one line
  /// (``rewriteClusterGapUTF8Count``) are one replacement (a paraphrase whose coincidental
  /// letter matches split it): the size of each is at least that of the whole replaced or
  /// inserted span from the cluster's first rewrite through it.
  ///
  /// - Complexity: O(*h* + *e*), where *h* is the number of hunks and *e* the bytes they span.
  package static func rewriteScalarCounts(
    of groups: [RefinementHunk], original: NormalizedText, refined: NormalizedText
  ) -> [Int] {
    var sizes = [Int](repeating: 0, count: groups.count)
    var cluster: (original: Range<Int>, refined: Range<Int>)? = nil
    for (index, hunk) in groups.enumerated() {
      guard hunk.isRewrite else {
        cluster = nil
        continue
      }
      var size = hunk.rewriteScalarCount
      if let previous = cluster,
        hunk.originalUTF8Range.lowerBound - previous.original.upperBound
          < Self.rewriteClusterGapUTF8Count,
        !original.utf8[previous.original.upperBound..<hunk.originalUTF8Range.lowerBound]
          .contains(UInt8(ascii: "\n"))
      {
        let spanned = previous.original.lowerBound..<hunk.originalUTF8Range.upperBound
        let refinedSpan = previous.refined.lowerBound..<hunk.refinedUTF8Range.upperBound
        cluster = (spanned, refinedSpan)
        size = max(
          size, RefinementHunk.scalarCount(original.utf8, spanned),
          RefinementHunk.scalarCount(refined.utf8, refinedSpan))
      } else {
        cluster = (hunk.originalUTF8Range, hunk.refinedUTF8Range)
      }
      sizes[index] = size
    }
    return sizes
  }

  /// The offset of the last byte of `bytes` that no range deletes, if any.
  ///
  /// - Complexity: O(*r*) for *r* sorted, non-overlapping ranges.
  static func lastKeptByte(of bytes: [UInt8], _ deletedRanges: [Range<Int>]) -> Int? {
    var offset = bytes.count - 1
    for range in deletedRanges.reversed() {
      if range.contains(offset) {
        offset = range.lowerBound - 1
      } else if range.upperBound <= offset {
        break
      }
    }
    return offset >= 0 ? offset : nil
  }

  private struct Rejection: Error {
    var reason: RejectReason
    var statistics = PairStatistics()
  }

  /// The chunk pairs of one chunking, how each was mapped, and the output's last newline.
  private struct ChunkMappings {
    var pairs: [ChunkPair] = []
    var mappings: [ChunkMapping] = []
    var dropsFinalNewline = false
  }

  /// Maps the deletions of each chunk to a program and checks its round trip;
  /// appends each chunk's pair and mapping to `mappings`. A chunk that `previous` mapped
  /// with the same deletions keeps its pair (the same text, program and target).
  private func mapChunks(
    _ chunks: [Chunk], _ original: NormalizedText, _ deletedRanges: [Range<Int>],
    _ statistics: inout PairStatistics, into mappings: inout ChunkMappings,
    unexpressedLineIndices: inout [Int], reusing previous: MappedPair?
  ) -> Result<Void, Rejection> {
    mappings.pairs.reserveCapacity(chunks.count)
    mappings.mappings.reserveCapacity(chunks.count)
    let reusable = previous.flatMap { previous in
      previous.chunks.count == chunks.count && previous.mappings.count == chunks.count
        ? previous : nil
    }
    var rangeCursor = 0
    for (position, chunk) in chunks.enumerated() {
      let chunkStart = chunk.utf8Range.lowerBound
      while rangeCursor < deletedRanges.count
        && deletedRanges[rangeCursor].upperBound <= chunkStart
      {
        rangeCursor += 1
      }
      var rangeEnd = rangeCursor
      while rangeEnd < deletedRanges.count
        && deletedRanges[rangeEnd].lowerBound < chunk.utf8Range.upperBound
      {
        rangeEnd += 1
      }
      var local: [Range<Int>] = []
      local.reserveCapacity(rangeEnd - rangeCursor)
      for index in rangeCursor..<rangeEnd {
        let range = deletedRanges[index].clamped(to: chunk.utf8Range)
        if !range.isEmpty {
          local.append(range.lowerBound - chunkStart..<range.upperBound - chunkStart)
        }
      }
      if chunk.isUnrefinable {
        statistics.unrefinableChunkCount += 1
        local = []
      }
      // The refiner drops the newline before a last chunk that loses all its
      // lines when the document has no final newline; keep a line if the target
      // ends with a newline of an earlier chunk.
      let isLastWithoutNewline =
        chunk.index == chunks.count - 1 && chunkStart > 0 && !original.endsWithNewline
      let keepsALine =
        isLastWithoutNewline
        && PairBuilder.lastKeptByte(of: original.utf8, deletedRanges).map {
          $0 < chunkStart && original.utf8[$0] == UInt8(ascii: "\n")
        } == true
      let chunkPair: ChunkPair
      let mapping: ChunkMapping
      if let reusable, reusable.chunks[position].chunk == chunk,
        reusable.mappings[position].keepsALineWhenEmptied == keepsALine,
        reusable.mappings[position].deletedUTF8Ranges == local
      {
        (chunkPair, mapping) = (reusable.chunks[position], reusable.mappings[position])
      } else {
        // Made for this mapping only: the pair holds no text until it is accepted.
        let chunkText = NormalizedText(lines: chunk.lineIndices, of: original)
        let mapped = ProgramMapper.makeProgram(
          for: chunkText, deletedUTF8Ranges: local, keepsALineWhenEmptied: keepsALine)
        let execution = ProgramExecutor.executeUTF8(mapped.program, on: chunkText)
        if !Self.sameBytes(execution.utf8, mapped.target) || !execution.report.skippedCalls.isEmpty
        {
          return .failure(Rejection(reason: .roundTripMismatch(chunkIndex: chunk.index)))
        }
        chunkPair = ChunkPair(
          chunk: chunk, text: Self.unmaterializedText, program: mapped.program,
          target: mapped.target)
        mapping = ChunkMapping(
          deletedUTF8Ranges: local, keepsALineWhenEmptied: keepsALine,
          deletedScalarCount: mapped.deletedScalarCount,
          droppedLineJoinCount: mapped.droppedLineJoinCount,
          droppedAmbiguousStringCount: mapped.droppedAmbiguousStringCount,
          unexpressedLineIndices: mapped.unexpressedLineIndices,
          removesEveryLine: execution.report.removedLineCount == chunkText.lineCount)
      }
      if isLastWithoutNewline && mapping.removesEveryLine { mappings.dropsFinalNewline = true }
      for lineIndex in mapping.unexpressedLineIndices {
        unexpressedLineIndices.append(chunk.firstLineNumber - 1 + lineIndex)
      }
      statistics.deletedCharacterCount += mapping.deletedScalarCount
      statistics.droppedLineJoinCount += mapping.droppedLineJoinCount
      statistics.droppedAmbiguousStringCount += mapping.droppedAmbiguousStringCount
      for call in chunkPair.program.calls {
        switch call {
        case .removeLines: statistics.removeLinesCallCount += 1
        case .removeString: statistics.removeStringCallCount += 1
        case .keepAll: break
        }
      }
      if chunkPair.program.calls.isEmpty { statistics.keepAllChunkCount += 1 }
      mappings.pairs.append(chunkPair)
      mappings.mappings.append(mapping)
    }
    return .success(())
  }
}

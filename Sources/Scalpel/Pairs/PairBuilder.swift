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

  /// Creates options; every parameter has a default.
  public init(
    alignment: AlignmentOptions = AlignmentOptions(), maximumRewriteCharacterCount: Int = 20,
    minimumDeletedCharacterCount: Int = 10, hunkJoinUTF8Count: Int = 4,
    chunking: ChunkingOptions = ChunkingOptions()
  ) {
    self.alignment = alignment
    self.maximumRewriteCharacterCount = maximumRewriteCharacterCount
    self.minimumDeletedCharacterCount = minimumDeletedCharacterCount
    self.hunkJoinUTF8Count = hunkJoinUTF8Count
    self.chunking = chunking
  }
}

/// Why a pair was not turned into training data.
public enum RejectReason: Sendable, Hashable, Codable, CustomStringConvertible {
  /// A rewrite hunk changed too much; `lineNumber` is its first line in the original.
  case rewriteTooLarge(characterCount: Int, lineNumber: Int)
  /// The expert deleted something, but fewer characters than the minimum.
  case tooFewDeletions(characterCount: Int)
  /// The expert deleted something, but no deletion survived the mapping to calls.
  case deletionsNotExpressible
  /// The alignment hit its work budget, so its edits are not trustworthy.
  case alignmentBudgetExhausted
  /// Executing the program did not give the target: a bug, reported instead of hidden.
  case roundTripMismatch(chunkIndex: Int)

  /// A stable snake_case code, for reject files and statistics.
  public var code: String {
    switch self {
    case .rewriteTooLarge: return "rewrite_too_large"
    case .tooFewDeletions: return "too_few_deletions"
    case .deletionsNotExpressible: return "deletions_not_expressible"
    case .alignmentBudgetExhausted: return "alignment_budget_exhausted"
    case .roundTripMismatch: return "round_trip_mismatch"
    }
  }

  /// A human-readable explanation.
  public var description: String {
    switch self {
    case .rewriteTooLarge(let count, let line):
      return "rewrite of \(count) characters at line \(line) (limit exceeded)"
    case .tooFewDeletions(let count):
      return "only \(count) characters deleted"
    case .deletionsNotExpressible:
      return "no deletion can be expressed as a program call"
    case .alignmentBudgetExhausted:
      return "alignment work budget exhausted"
    case .roundTripMismatch(let chunk):
      return "program of chunk \(chunk) does not reproduce its target"
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
  /// Deleted newlines that joined kept lines, left in place.
  public var droppedLineJoinCount = 0
  /// Partial deletions left in place because their text is not unique in its line.
  public var droppedAmbiguousStringCount = 0
  /// Characters the expert deleted that the programs do not delete.
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

/// Turns an (original, expert-refined) document pair into RefineX programs (SPEC §3).
///
/// Steps: align (``Aligner``), group edits into hunks (``RefinementHunk``), apply
/// the filters, chunk the original (``Chunker``), map each chunk's deletions to
/// calls (``ProgramMapper``) and execute every program on its chunk
/// (``ProgramExecutor``) to check that it gives the target exactly.
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
  /// - Complexity: O(*n* + *m*) plus the alignment's cost, bounded by its work budget.
  public mutating func makePair(original: NormalizedText, refined: NormalizedText)
    -> PairBuildResult
  {
    var statistics = PairStatistics()
    let alignment = aligner.align(original: original, refined: refined)
    if alignment.isBudgetExhausted { return .rejected(.alignmentBudgetExhausted, statistics) }
    let hunks = RefinementHunk.group(
      alignment, original: original.utf8, refined: refined.utf8,
      joinUTF8Count: options.hunkJoinUTF8Count)
    var deletedRanges: [Range<Int>] = []
    var expertDeletedCount = 0
    for hunk in hunks {
      if hunk.isRewrite {
        statistics.rewriteHunkCount += 1
        let size = max(hunk.deletedScalarCount, hunk.insertedScalarCount)
        if size >= options.maximumRewriteCharacterCount {
          let lineNumber =
            original.lineCount == 0
            ? 1
            : original.lineIndex(
              containingUTF8Offset: min(
                hunk.originalUTF8Range.lowerBound, max(original.utf8.count - 1, 0)))
              + 1
          return .rejected(
            .rewriteTooLarge(characterCount: size, lineNumber: lineNumber), statistics)
        }
      } else {
        deletedRanges.append(contentsOf: hunk.deletedUTF8Ranges)
        expertDeletedCount += hunk.deletedScalarCount
      }
    }

    // Statistics and filters come from chunks without overlap, so that no line counts twice.
    var primaryChunking = options.chunking
    primaryChunking.overlapLineCount = 0
    var chunkPairs: [ChunkPair]
    switch mapChunks(
      Chunker.chunks(of: original, options: primaryChunking), original, deletedRanges,
      &statistics)
    {
    case .success(let pairs): chunkPairs = pairs
    case .failure(let reason): return .rejected(reason.reason, statistics)
    }
    if options.chunking.overlapLineCount > 0 && chunkPairs.count > 1 {
      var overlapStatistics = PairStatistics()
      switch mapChunks(
        Chunker.chunks(of: original, options: options.chunking), original, deletedRanges,
        &overlapStatistics)
      {
      case .success(let pairs): chunkPairs = pairs
      case .failure(let reason): return .rejected(reason.reason, statistics)
      }
    }
    statistics.droppedCharacterCount = max(0, expertDeletedCount - statistics.deletedCharacterCount)

    if expertDeletedCount > 0 {
      if statistics.deletedCharacterCount == 0 {
        return .rejected(.deletionsNotExpressible, statistics)
      }
      if statistics.deletedCharacterCount < options.minimumDeletedCharacterCount {
        return .rejected(
          .tooFewDeletions(characterCount: statistics.deletedCharacterCount), statistics)
      }
    }
    return .accepted(BuiltPair(chunks: chunkPairs, statistics: statistics))
  }

  private struct Rejection: Error {
    var reason: RejectReason
  }

  /// Maps the deletions of each chunk to a program and checks its round trip.
  private func mapChunks(
    _ chunks: [Chunk], _ original: NormalizedText, _ deletedRanges: [Range<Int>],
    _ statistics: inout PairStatistics
  ) -> Result<[ChunkPair], Rejection> {
    var chunkPairs: [ChunkPair] = []
    chunkPairs.reserveCapacity(chunks.count)
    var rangeCursor = 0
    for chunk in chunks {
      let chunkStart = chunk.utf8Range.lowerBound
      let chunkText = NormalizedText(alreadyNormalized: Array(original.utf8[chunk.utf8Range]))
      while rangeCursor < deletedRanges.count
        && deletedRanges[rangeCursor].upperBound <= chunkStart
      {
        rangeCursor += 1
      }
      var local: [Range<Int>] = []
      var index = rangeCursor
      while index < deletedRanges.count
        && deletedRanges[index].lowerBound < chunk.utf8Range.upperBound
      {
        let range = deletedRanges[index].clamped(to: chunk.utf8Range)
        if !range.isEmpty {
          local.append(range.lowerBound - chunkStart..<range.upperBound - chunkStart)
        }
        index += 1
      }
      if chunk.isUnrefinable { statistics.unrefinableChunkCount += 1 }
      let mapped = ProgramMapper.makeProgram(
        for: chunkText, deletedUTF8Ranges: chunk.isUnrefinable ? [] : local)
      let execution = ProgramExecutor.execute(mapped.program, on: chunkText)
      if execution.text.utf8 != mapped.target || !execution.report.skippedCalls.isEmpty {
        return .failure(Rejection(reason: .roundTripMismatch(chunkIndex: chunk.index)))
      }
      statistics.deletedCharacterCount += mapped.deletedScalarCount
      statistics.droppedLineJoinCount += mapped.droppedLineJoinCount
      statistics.droppedAmbiguousStringCount += mapped.droppedAmbiguousStringCount
      for call in mapped.program.calls {
        switch call {
        case .removeLines: statistics.removeLinesCallCount += 1
        case .removeString: statistics.removeStringCallCount += 1
        case .keepAll: break
        }
      }
      if mapped.program.calls.isEmpty { statistics.keepAllChunkCount += 1 }
      chunkPairs.append(
        ChunkPair(chunk: chunk, text: chunkText, program: mapped.program, target: mapped.target))
    }
    return .success(chunkPairs)
  }
}

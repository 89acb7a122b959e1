/// How documents are split into chunks that fit the refine model's context (Specification §3.7).
///
/// The budget bounds the whole rendered prompt of a chunk: the instruction, the `[doc]`
/// wrapper and every line's number prefix count against it, as ``frame`` describes them.
public struct ChunkingOptions: Sendable, Hashable, Codable {
  /// The unit of the chunk budget.
  public enum Budget: Sendable, Hashable, Codable {
    /// At most this many Unicode scalars per rendered prompt.
    case characters(Int)
    /// At most this many approximate tokens (``ApproximateTokenCount``) per rendered prompt.
    case approximateTokens(Int)
  }

  /// The size limit of one chunk's rendered prompt.
  public var budget: Budget
  /// Lines repeated at the start of a chunk from the end of the one before it
  /// (training pairs only; the executor never sees overlapping chunks).
  public var overlapLineCount: Int
  /// What the prompt adds to the chunk's lines; ``PromptFrame/unframed`` counts the
  /// lines alone. ``RecordProcessor`` sets it from its encoding.
  public var frame: PromptFrame

  /// Creates chunking options; the default is 12,000 characters of lines without
  /// overlap or frame.
  public init(
    budget: Budget = .characters(12_000), overlapLineCount: Int = 0,
    frame: PromptFrame = .unframed
  ) {
    self.budget = budget
    self.overlapLineCount = overlapLineCount
    self.frame = frame
  }
}

/// A run of whole lines of a document.
public struct Chunk: Sendable, Hashable, Codable {
  /// The chunk's position among the document's chunks, from 0.
  public var index: Int
  /// The document lines it holds, as 0-based line indices.
  public var lineIndices: Range<Int>
  /// The document bytes it holds, newlines included.
  public var utf8Range: Range<Int>
  /// Whether it is a single line whose prompt alone exceeds the budget, which the
  /// refine model cannot see whole; such chunks always get `keep_all()`.
  public var isUnrefinable: Bool

  /// The document line number (1-based) of the chunk's first line; chunk-local
  /// line *k* is document line `firstLineNumber + k - 1`.
  public var firstLineNumber: Int { lineIndices.lowerBound + 1 }
}

/// Greedy packing of lines into chunks.
public enum Chunker {
  /// Splits `text` into chunks of whole lines whose rendered prompts each fit
  /// `options.budget`.
  ///
  /// Lines are packed greedily in order. A chunk's cost is the frame's fixed cost plus,
  /// per line, its number prefix (which grows with the chunk-local line number), its
  /// content and a separator (see ``PromptFrame``). A line whose prompt alone exceeds
  /// the budget becomes its own chunk, marked unrefinable; when the frame alone exceeds
  /// it, every line does. The empty document has no chunks.
  ///
  /// - Complexity: O(*n* + *c* · *v*), where *n* is the size of the text in bytes, *c*
  ///   the number of chunks and *v* `options.overlapLineCount`.
  public static func chunks(of text: NormalizedText, options: ChunkingOptions) -> [Chunk] {
    let (costs, limit) = options.frame.costs(for: options.budget)
    let lineCount = text.lineCount
    var sizes: [Int] = []
    sizes.reserveCapacity(lineCount)
    for index in 0..<lineCount {
      sizes.append(
        contentCost(of: text.lineContentUTF8Range(lineIndex: index), text.utf8, options.budget)
          &+ costs.separator)
    }
    var chunks: [Chunk] = []

    func emit(_ lines: Range<Int>, unrefinable: Bool) {
      let lower = text.lineUTF8Range(lineIndex: lines.lowerBound).lowerBound
      let upper = text.lineUTF8Range(lineIndex: lines.upperBound - 1).upperBound
      chunks.append(
        Chunk(
          index: chunks.count, lineIndices: lines, utf8Range: lower..<upper,
          isUnrefinable: unrefinable))
    }

    // The current chunk holds lines start..<lineIndex (`count` of them) and costs `used`.
    var start = 0
    var count = 0
    var used = costs.fixed
    var lineIndex = 0
    while lineIndex < lineCount {
      let lineSize = sizes[lineIndex]
      if costs.fixed &+ costs.prefix(lineNumber: 1) &+ lineSize > limit {
        if count > 0 { emit(start..<lineIndex, unrefinable: false) }
        emit(lineIndex..<lineIndex + 1, unrefinable: true)
        lineIndex += 1
        (start, count, used) = (lineIndex, 0, costs.fixed)
        continue
      }
      if count > 0 && used &+ lineSize &+ costs.prefix(lineNumber: count + 1) > limit {
        emit(start..<lineIndex, unrefinable: false)
        // Step back for overlap, but always move forward and never re-enter an unrefinable line.
        var next = min(max(lineIndex - options.overlapLineCount, start + 1), lineIndex)
        (count, used) = (0, costs.fixed)
        for index in next..<lineIndex {
          count += 1
          used = used &+ sizes[index] &+ costs.prefix(lineNumber: count)
        }
        // Dropping the first line renumbers the rest: the largest prefix goes.
        while count > 0 && used &+ lineSize &+ costs.prefix(lineNumber: count + 1) > limit {
          used = used &- sizes[next] &- costs.prefix(lineNumber: count)
          count -= 1
          next += 1
        }
        start = next
      }
      count += 1
      used = used &+ lineSize &+ costs.prefix(lineNumber: count)
      lineIndex += 1
    }
    if start < lineCount { emit(start..<lineCount, unrefinable: false) }
    return chunks
  }

  /// The budget cost of the line content `range` of `bytes`: scalars, or milli-tokens.
  static func contentCost(
    of range: Range<Int>, _ bytes: [UInt8], _ budget: ChunkingOptions.Budget
  ) -> Int {
    switch budget {
    case .characters:
      return UTF8Validation.scalarCount(of: bytes, in: range)
    case .approximateTokens:
      return ApproximateTokenCount.milliTokens(of: bytes, in: range)
    }
  }
}

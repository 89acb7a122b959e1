/// How documents are split into chunks that fit the refine model's context (Specification §3.7).
public struct ChunkingOptions: Sendable, Hashable, Codable {
  /// The unit of the chunk budget.
  public enum Budget: Sendable, Hashable, Codable {
    /// At most this many Unicode scalars per chunk, newlines included.
    case characters(Int)
    /// At most about this many tokens per chunk: a quarter token per ASCII byte
    /// plus one token per non-ASCII scalar, rounded up per line.
    case approximateTokens(Int)
  }

  /// The size limit of one chunk.
  public var budget: Budget
  /// Lines repeated at the start of a chunk from the end of the one before it
  /// (training pairs only; the executor never sees overlapping chunks).
  public var overlapLineCount: Int

  /// Creates chunking options; the default is 12,000 characters without overlap.
  public init(budget: Budget = .characters(12_000), overlapLineCount: Int = 0) {
    self.budget = budget
    self.overlapLineCount = overlapLineCount
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
  /// Whether it is a single line longer than the budget, which the refine model
  /// cannot see whole; such chunks always get `keep_all()`.
  public var isUnrefinable: Bool

  /// The document line number (1-based) of the chunk's first line; chunk-local
  /// line *k* is document line `firstLineNumber + k - 1`.
  public var firstLineNumber: Int { lineIndices.lowerBound + 1 }
}

/// Greedy packing of lines into chunks.
public enum Chunker {
  /// Splits `text` into chunks of whole lines that each fit `options.budget`.
  ///
  /// Lines are packed greedily in order; a line that alone exceeds the budget
  /// becomes its own chunk, marked unrefinable. The empty document has no chunks.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the text in bytes.
  public static func chunks(of text: NormalizedText, options: ChunkingOptions) -> [Chunk] {
    let limit: Int
    switch options.budget {
    case .characters(let count): limit = max(count, 1)
    case .approximateTokens(let count): limit = max(count, 1)
    }
    var chunks: [Chunk] = []
    var start = 0
    var used = 0
    var lineIndex = 0
    let lineCount = text.lineCount
    var sizes: [Int] = []
    sizes.reserveCapacity(lineCount)
    for index in 0..<lineCount {
      sizes.append(size(of: text.lineUTF8Range(lineIndex: index), text.utf8, options.budget))
    }

    func emit(_ lines: Range<Int>, unrefinable: Bool) {
      let lower = text.lineUTF8Range(lineIndex: lines.lowerBound).lowerBound
      let upper = text.lineUTF8Range(lineIndex: lines.upperBound - 1).upperBound
      chunks.append(
        Chunk(
          index: chunks.count, lineIndices: lines, utf8Range: lower..<upper,
          isUnrefinable: unrefinable))
    }

    while lineIndex < lineCount {
      let lineSize = sizes[lineIndex]
      if lineSize > limit {
        if lineIndex > start { emit(start..<lineIndex, unrefinable: false) }
        emit(lineIndex..<lineIndex + 1, unrefinable: true)
        lineIndex += 1
        start = lineIndex
        used = 0
        continue
      }
      if used + lineSize > limit && lineIndex > start {
        emit(start..<lineIndex, unrefinable: false)
        // Step back for overlap, but always move forward and never re-enter an unrefinable line.
        var next = max(lineIndex - options.overlapLineCount, start + 1)
        next = min(next, lineIndex)
        used = 0
        for index in next..<lineIndex { used += sizes[index] }
        while used + lineSize > limit && next < lineIndex {
          used -= sizes[next]
          next += 1
        }
        start = next
      }
      used += lineSize
      lineIndex += 1
    }
    if start < lineCount { emit(start..<lineCount, unrefinable: false) }
    return chunks
  }

  /// The budget cost of the bytes `range` of `bytes`.
  static func size(of range: Range<Int>, _ bytes: [UInt8], _ budget: ChunkingOptions.Budget) -> Int
  {
    var asciiCount = 0
    var otherScalarCount = 0
    for offset in range {
      let byte = bytes[offset]
      if byte < 0x80 {
        asciiCount += 1
      } else if byte & 0xC0 != 0x80 {
        otherScalarCount += 1
      }
    }
    switch budget {
    case .characters: return asciiCount + otherScalarCount
    case .approximateTokens: return (asciiCount + 3) / 4 + otherScalarCount
    }
  }
}

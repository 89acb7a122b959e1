/// What a rendered prompt adds to the lines of a chunk, in both budget units
/// (Specification §3.7).
///
/// The prompt is rendered as ``TrainingPairEncoding`` renders it for
/// `prompt-completion`: the instruction, `\n\n`, `[doc]\n`, every line behind its
/// number prefix, lines joined by `\n`, then `\n[/doc]`. A chunk of lines
/// 1…*m* with contents *c*₁…*c*ₘ costs
///
///     fixedCost + Σₖ (linePrefixCost(k) + cost(cₖ) + separatorCost)
///
/// where `fixedCost` counts the instruction and the wrapper minus one
/// separator. Characters are Unicode scalars and add up exactly. Approximate tokens
/// are in milli-tokens (``ApproximateTokenCount``); they are subadditive, so the sum
/// is never below the count of the whole rendered prompt.
///
/// ``Chunker`` packs lines against these costs; any command that shows chunks to a
/// model builds the frame from its encoding with ``init(encoding:)`` and passes it in
/// ``ChunkingOptions/frame``.
public struct PromptFrame: Sendable, Hashable, Codable {
  /// The costs of one budget unit.
  struct Costs: Sendable, Hashable, Codable {
    /// Instruction, `\n\n`, `[doc]\n` and `\n[/doc]`, minus one separator.
    var fixed: Int
    /// The `\n` between two lines.
    var separator: Int
    /// The prefix of a line whose number has *d* digits, at index *d* − 1 (*d* = 1…19).
    var prefixByDigitCount: [Int]
  }

  /// Costs in Unicode scalars.
  let characters: Costs
  /// Costs in milli-tokens.
  let milliTokens: Costs

  /// No instruction, no wrapper, no line prefix: the chunk's lines joined by `\n`.
  public static let unframed = PromptFrame(
    instruction: "", linePrefix: "", wrapsInDocumentTags: false)

  /// The frame of the prompts `encoding` writes.
  public init(encoding: TrainingPairEncoding) {
    self.init(
      instruction: encoding.instruction, linePrefix: encoding.linePrefix,
      wrapsInDocumentTags: encoding.wrapsInDocumentTags)
  }

  /// The frame of prompts with this instruction, line prefix (`{n}` stands for the
  /// line number) and `[doc]` wrapper.
  ///
  /// - Complexity: O(*i* + *p*) in the sizes of the instruction and the prefix.
  public init(instruction: String, linePrefix: String, wrapsInDocumentTags: Bool) {
    var head = instruction.isEmpty ? "" : instruction + "\n\n"
    var tail = ""
    if wrapsInDocumentTags {
      head += "[doc]\n"
      tail = "\n[/doc]"
    }
    let prefixParts = linePrefix.split(separator: "{n}", omittingEmptySubsequences: false)
    let prefixes = (1...19).map { digitCount in
      prefixParts.joined(separator: String(repeating: "1", count: digitCount))
    }
    func scalars(_ text: String) -> Int { text.unicodeScalars.count }
    characters = Costs(
      fixed: scalars(head) + scalars(tail) - 1, separator: 1,
      prefixByDigitCount: prefixes.map(scalars))
    let separatorMilli = ApproximateTokenCount.milliTokens(of: "\n")
    milliTokens = Costs(
      fixed: ApproximateTokenCount.milliTokens(of: head)
        + ApproximateTokenCount.milliTokens(of: tail) - separatorMilli,
      separator: separatorMilli,
      prefixByDigitCount: prefixes.map { ApproximateTokenCount.milliTokens(of: $0) })
  }

  /// The costs in the unit of `budget`, and the budget's limit in that unit.
  func costs(for budget: ChunkingOptions.Budget) -> (costs: Costs, limit: Int) {
    switch budget {
    case .characters(let count): return (characters, max(count, 1))
    case .approximateTokens(let count):
      let (limit, overflow) = max(count, 1).multipliedReportingOverflow(by: 1000)
      return (milliTokens, overflow ? Int.max : limit)
    }
  }

  /// The size, in the unit of `budget` (characters or whole approximate tokens), of the
  /// smallest prompt: the frame around one empty line. A budget below it leaves no room
  /// for text; commands report that as a usage error.
  public func smallestPromptSize(in budget: ChunkingOptions.Budget) -> Int {
    let (costs, _) = costs(for: budget)
    let size = costs.fixed + costs.prefixByDigitCount[0] + costs.separator
    switch budget {
    case .characters: return size
    case .approximateTokens: return ApproximateTokenCount.wholeTokens(size)
    }
  }
}

extension PromptFrame.Costs {
  /// The cost of the prefix of line `lineNumber` (1-based, chunk-local).
  @inline(__always)
  func prefix(lineNumber: Int) -> Int {
    var digitCount = 1
    var rest = lineNumber
    while rest >= 10 {
      rest /= 10
      digitCount &+= 1
    }
    return prefixByDigitCount[digitCount &- 1]
  }
}

extension ChunkingOptions {
  /// Why ``budget`` cannot hold any text with ``frame``, or `nil` when it can: the
  /// instruction, the wrapper and one line prefix alone exceed it. Commands report it
  /// as a usage error; ``Chunker`` would make every line an unrefinable chunk.
  public var frameOverflowDescription: String? {
    let smallest = frame.smallestPromptSize(in: budget)
    let (limit, unit): (Int, String)
    switch budget {
    case .characters(let count): (limit, unit) = (count, "characters")
    case .approximateTokens(let count): (limit, unit) = (count, "approximate tokens")
    }
    guard smallest > limit else { return nil }
    return
      "a chunk budget of \(limit) \(unit) leaves no room for text: the instruction, the [doc] wrapper and one line prefix already take \(smallest)"
  }
}

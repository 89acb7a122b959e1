/// One scored label as the evaluation page shows it: the chunk's lines with what the label
/// and the model delete from each, the two programs, and how they compare.
///
/// Built from `ChunkEvaluation` (the scoring of `eval`), never scored again. Lines are
/// kept up to ``InspectedDocument/Limits`` as in the document view; the counts always cover
/// the whole chunk.
public struct EvaluatedChunk: Sendable, Hashable {
  /// One displayed line of the chunk, with the deletions of both sides byte by byte.
  public struct Line: Sendable, Hashable {
    /// The chunk-local 1-based line number (the number both programs use).
    public var number: Int
    /// The line's text without its newline, possibly cut (see ``omittedCharacterCount``).
    public var text: String
    /// Whether the line ends in a newline that is shown (it is not when the line is cut).
    public var hasNewline: Bool
    /// Per UTF-8 byte of ``text``, then of the newline when ``hasNewline``: what the label
    /// deletes: bit 1 set by `remove_lines`, bit 2 by `remove_str`; 0 when kept.
    public var labelKinds: [UInt8]
    /// The same for the model's program, as `apply` would apply it.
    public var modelKinds: [UInt8]
    /// Whether the label's `remove_lines` drops the line.
    public var isRemovedByLabel: Bool
    /// Whether the model's `remove_lines` drops the line.
    public var isRemovedByModel: Bool
    /// Unicode scalars of the line not shown because the line was cut.
    public var omittedCharacterCount: Int
  }

  /// The pair id, `<document>#<chunk>`.
  public var id: String
  /// What `apply` would do with the model's program (``ChunkRefinement/Status`` raw value).
  public var status: String
  /// Why the reply gave no program (``ReplyFailure/Reason`` raw value), when it failed.
  public var replyFailureReason: String?
  /// The reply failure's detail, when it failed.
  public var replyFailureDetail: String?
  /// Whether the model's output equals the label's (the agreement the filter uses).
  public var isExactOutput: Bool
  /// Whether the model's program equals the label program.
  public var isExactProgram: Bool
  /// Unicode scalars the model deletes that the label keeps.
  public var overDeletedCharacterCount: Int
  /// Unicode scalars the label deletes that the model keeps.
  public var missedCharacterCount: Int
  /// Unicode scalars the label deletes.
  public var labelDeletedCharacterCount: Int
  /// Unicode scalars the model deletes.
  public var modelDeletedCharacterCount: Int
  /// Unicode scalars of the chunk, newlines included.
  public var characterCount: Int
  /// Lines of the chunk.
  public var lineCount: Int
  /// The displayed lines (the first ones, up to the limits).
  public var lines: [Line]
  /// The label program, line by line.
  public var labelProgramLines: [InspectedDocument.ProgramLine]
  /// The model's raw output, line by line with parse errors and skipped calls; `nil` when
  /// the model has no program for the chunk (missing, or a failed reply).
  public var modelProgramLines: [InspectedDocument.ProgramLine]?

  /// Whether model and label agree: the model's output equals the label's.
  public var isAgreeing: Bool { isExactOutput }
  /// Lines of the chunk not displayed.
  public var omittedLineCount: Int { lineCount - lines.count }

  /// The chunk of `label` as scored by `evaluation`, with the model's program `model`.
  ///
  /// - Complexity: O(*n* + *p*) plus one more execution of each program, for a chunk of
  ///   *n* bytes and programs of *p* bytes.
  package init(
    label: PairLine, model: ChunkProgram?, evaluation: ChunkEvaluation,
    limits: InspectedDocument.Limits = .init()
  ) {
    let text = label.chunkText
    let counters = evaluation.counters
    id = label.pairID
    status = evaluation.refinement.status.rawValue
    replyFailureReason = evaluation.refinement.replyFailure?.reason.rawValue
    replyFailureDetail = evaluation.refinement.replyFailure?.detail
    (isExactOutput, isExactProgram) = (evaluation.isExactOutput, evaluation.isExactProgram)
    overDeletedCharacterCount = counters.characters.modelOnlyCount
    missedCharacterCount = counters.characters.labelOnlyCount
    labelDeletedCharacterCount = counters.characters.labelCount
    modelDeletedCharacterCount = counters.characters.modelCount
    characterCount = counters.chunkCharacterCount
    lineCount = text.lineCount
    lines = Self.lines(of: text, label: evaluation.label, model: evaluation.model, limits: limits)
    labelProgramLines = Self.programLines(label.program, text: text, limits: limits)
    modelProgramLines = model.flatMap {
      $0.failure == nil ? Self.programLines($0.output, text: text, limits: limits) : nil
    }
  }

  /// The lines of `text` within `limits`, with the kinds of both sides.
  static func lines(
    of text: NormalizedText, label: ChunkDeletions, model: ChunkDeletions,
    limits: InspectedDocument.Limits
  ) -> [Line] {
    let removed = ChunkDeletions.byRemoveLines
    var budget = InspectedDocument.Budget(limits)
    var result: [Line] = []
    for lineIndex in 0..<text.lineCount {
      guard budget.remainingLineCount > 0, budget.remainingUTF8Count > 0 else { break }
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      let whole = text.lineUTF8Range(lineIndex: lineIndex)
      let shown = min(content.count, limits.maximumLineUTF8Count, budget.remainingUTF8Count)
      let end = InspectedDocument.scalarBoundary(
        atOrBefore: content.lowerBound + shown, in: text.utf8, lowerBound: content.lowerBound)
      let isCut = end < content.upperBound
      let hasNewline = !isCut && whole.upperBound > content.upperBound
      let kindsEnd = hasNewline ? whole.upperBound : end
      result.append(
        Line(
          number: lineIndex + 1,
          text: String(decoding: text.utf8[content.lowerBound..<end], as: UTF8.self),
          hasNewline: hasNewline,
          labelKinds: Array(label.byteKinds[content.lowerBound..<kindsEnd]),
          modelKinds: Array(model.byteKinds[content.lowerBound..<kindsEnd]),
          isRemovedByLabel: label.lineKinds[lineIndex] == removed,
          isRemovedByModel: model.lineKinds[lineIndex] == removed,
          omittedCharacterCount: DeletionMarks.scalarCount(text.utf8[end..<content.upperBound])))
      budget.remainingLineCount -= 1
      budget.remainingUTF8Count -= max(end - content.lowerBound, 1)
    }
    return result
  }

  /// A program's text line by line, with the parser's and executor's verdicts on `text`.
  static func programLines(
    _ program: String, text: NormalizedText, limits: InspectedDocument.Limits
  ) -> [InspectedDocument.ProgramLine] {
    let parsed = ProgramParser.parse(program)
    return InspectedDocument.programLines(
      program, parsed: parsed, marks: DeletionMarks(program: parsed.program, text: text),
      limits: limits)
  }
}

/// Options of ``DocumentRefiner``.
public struct RefinementOptions: Sendable, Hashable, Codable {
  /// How documents are split into chunks.
  ///
  /// Use the chunk budget and prompt frame the programs were written for (`scalpel apply`
  /// uses the frame of the default ``TrainingPairEncoding``); the overlap is ignored and
  /// always 0, because overlapping chunks cannot be joined back into one document.
  public var chunking: ChunkingOptions
  /// The error budget of one chunk: when its program has more bad lines than this
  /// (parse errors plus calls the executor skipped), the chunk is left unchanged.
  public var maximumBadCallCount: Int
  /// The aggressiveness guard of one chunk, 0…1, or `nil` for none: a program that would
  /// delete more than this share of the chunk's Unicode scalars leaves the chunk unchanged
  /// (``ChunkRefinement/Status/tooAggressive``).
  public var maximumChunkDeleteShare: Double?
  /// The aggressiveness guard of the whole document, 0…1, or `nil` for none: when the
  /// refined document lacks more than this share of the original's Unicode scalars, the
  /// document is left unchanged and each of its refined chunks becomes
  /// ``ChunkRefinement/Status/documentTooAggressive``.
  public var maximumDocumentDeleteShare: Double?

  /// Creates options; the defaults are 12,000-character chunks, a budget of one bad line
  /// and no aggressiveness guard.
  public init(
    chunking: ChunkingOptions = ChunkingOptions(), maximumBadCallCount: Int = 1,
    maximumChunkDeleteShare: Double? = nil, maximumDocumentDeleteShare: Double? = nil
  ) {
    self.chunking = chunking
    self.maximumBadCallCount = maximumBadCallCount
    self.maximumChunkDeleteShare = maximumChunkDeleteShare
    self.maximumDocumentDeleteShare = maximumDocumentDeleteShare
  }

  /// Whether deleting `removed` of `total` Unicode scalars deletes more than `share`.
  static func exceeds(_ share: Double?, removed: Int, of total: Int) -> Bool {
    guard let share, removed > 0 else { return false }
    return Double(removed) > share * Double(total)
  }
}

/// What a model wrote for one chunk of a document: its raw output, not yet parsed; or why
/// the reply that should have carried it gives no program.
public struct ChunkProgram: Sendable, Hashable {
  /// The chunk the program belongs to, from 0.
  public var chunkIndex: Int
  /// The model output, parsed leniently by ``ProgramParser``; empty when ``failure`` is set.
  public var output: String
  /// Why the chunk's reply gives no program; `nil` when ``output`` is the program.
  ///
  /// A chunk with a failure is left unchanged (``ChunkRefinement/Status/replyFailed``).
  public var failure: ReplyFailure?

  /// Creates a chunk program.
  public init(chunkIndex: Int, output: String) {
    self.chunkIndex = chunkIndex
    self.output = output
  }

  /// Creates the entry of a chunk whose reply gives no program.
  public init(chunkIndex: Int, failure: ReplyFailure) {
    self.chunkIndex = chunkIndex
    self.output = ""
    self.failure = failure
  }
}

/// Why a reply of a batch output file gives no program for its chunk (Specification §6.2).
public struct ReplyFailure: Error, Sendable, Hashable {
  /// The kind of failure; the raw values are the keys of the summary's `replies.failed`.
  public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
    /// An `error` object, no `response`, or a response without a usable `status_code`.
    case error
    /// `response.status_code` other than 200.
    case httpStatus = "http_status"
    /// `finish_reason` `length`: the reply was cut at `max_tokens`.
    case truncated
    /// No `message.content` or `text` string, or only whitespace.
    case noContent = "no_content"
  }

  /// The kind of failure.
  public var reason: Reason
  /// Where and what, such as `replies line 7: status 500`.
  public var detail: String

  /// Creates a failure.
  public init(reason: Reason, detail: String) {
    (self.reason, self.detail) = (reason, detail)
  }
}

/// What happened to one chunk when its document was refined.
///
/// Every call of the chunk's parsed program is counted exactly once: as applied (by
/// kind) or in ``skippedCalls``.
public struct ChunkRefinement: Sendable, Hashable {
  /// Whether the chunk's program was applied, and if not, why.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    /// The program was executed and its result is in the document.
    case refined
    /// No program was given for the chunk; it is unchanged.
    case missingProgram = "missing_program"
    /// The program had more bad lines than ``RefinementOptions/maximumBadCallCount``;
    /// the chunk is unchanged.
    case overErrorBudget = "over_error_budget"
    /// The chunk is one line longer than the chunk budget, which the model cannot see
    /// whole; it is always unchanged.
    case unrefinable
    /// The chunk's reply gives no program (``ChunkRefinement/replyFailure`` says why); the
    /// chunk is unchanged.
    case replyFailed = "reply_failed"
    /// The program would delete more than ``RefinementOptions/maximumChunkDeleteShare`` of
    /// the chunk's characters; the chunk is unchanged and its calls are skipped as
    /// ``ChunkRefinement/SkipReason/chunkTooAggressive``.
    case tooAggressive = "too_aggressive"
    /// The program applied, but the whole document lost more than
    /// ``RefinementOptions/maximumDocumentDeleteShare`` of its characters, so the document
    /// is unchanged; the chunk's calls are skipped as
    /// ``ChunkRefinement/SkipReason/documentTooAggressive``.
    case documentTooAggressive = "document_too_aggressive"
  }

  /// Why a call of the chunk's program was not applied.
  public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// See ``ExecutionReport/SkipReason/lineOutOfRange``.
    case lineOutOfRange = "line_out_of_range"
    /// See ``ExecutionReport/SkipReason/invalidText``.
    case invalidText = "invalid_text"
    /// See ``ExecutionReport/SkipReason/textNotFound``.
    case textNotFound = "text_not_found"
    /// See ``ExecutionReport/SkipReason/textNotUnique``.
    case textNotUnique = "text_not_unique"
    /// See ``ExecutionReport/SkipReason/overlappingRemoval``.
    case overlappingRemoval = "overlapping_removal"
    /// The call would have applied, but the chunk exceeded its error budget.
    case chunkRejected = "chunk_rejected"
    /// The chunk is unrefinable; only `keep_all()` applies to it.
    case unrefinableChunk = "unrefinable_chunk"
    /// The call would have applied, but the chunk would lose too much
    /// (``RefinementOptions/maximumChunkDeleteShare``).
    case chunkTooAggressive = "chunk_too_aggressive"
    /// The call applied, but the document lost too much
    /// (``RefinementOptions/maximumDocumentDeleteShare``) and was left unchanged.
    case documentTooAggressive = "document_too_aggressive"

    /// The reason for a call the executor skipped.
    public init(_ reason: ExecutionReport.SkipReason) {
      switch reason {
      case .lineOutOfRange: self = .lineOutOfRange
      case .invalidText: self = .invalidText
      case .textNotFound: self = .textNotFound
      case .textNotUnique: self = .textNotUnique
      case .overlappingRemoval: self = .overlappingRemoval
      }
    }
  }

  /// A call that was not applied.
  public struct SkippedCall: Sendable, Hashable {
    /// The 1-based line of the call in the program text.
    public var programLineNumber: Int
    /// The call.
    public var call: ProgramCall
    /// Why it was not applied.
    public var reason: SkipReason
  }

  /// Where the chunk lies in its document.
  public var chunk: Chunk
  /// Whether the program was applied.
  public var status: Status
  /// The lines of the program text the parser rejected.
  public var parseErrors: [ProgramParseError] = []
  /// `remove_lines` calls applied.
  public var appliedRemoveLinesCount = 0
  /// `remove_str` calls applied.
  public var appliedRemoveStringCount = 0
  /// `keep_all` calls seen in applied programs (they change nothing).
  public var appliedKeepAllCount = 0
  /// The calls that were not applied, in program order.
  public var skippedCalls: [SkippedCall] = []
  /// Why the chunk's reply gives no program, when ``status`` is
  /// ``Status/replyFailed``.
  public var replyFailure: ReplyFailure?
  /// The Unicode scalars the program would have deleted from the chunk (set for every
  /// executed program within the error budget, applied or not).
  public var wouldRemoveCharacterCount = 0
  /// The Unicode scalars of the chunk.
  public var characterCount = 0

  /// Skip reasons that are decisions about the whole chunk or document, not bad lines.
  static let budgetFreeReasons: Set<SkipReason> = [
    .chunkRejected, .unrefinableChunk, .chunkTooAggressive, .documentTooAggressive,
  ]

  /// The lines that count against the error budget: parse errors plus calls the
  /// executor skipped (not calls discarded because of the budget itself).
  public var badLineCount: Int {
    parseErrors.count
      + skippedCalls.reduce(0) {
        $0 + (ChunkRefinement.budgetFreeReasons.contains($1.reason) ? 0 : 1)
      }
  }
}

/// The result of refining one document: the refined text and what happened per chunk.
public struct DocumentRefinement: Sendable, Hashable {
  /// The document after all applied programs.
  public var text: NormalizedText
  /// One entry per chunk, in document order.
  public var chunks: [ChunkRefinement]
  /// Chunk indices of programs for chunks the document does not have, in input order.
  public var unmatchedChunkIndices: [Int]
  /// Chunk indices that had more than one program; the first one was used.
  public var duplicateChunkIndices: [Int]
  /// Unicode scalars removed from the document.
  public var removedCharacterCount: Int
  /// Unicode scalars of the original document.
  public var originalCharacterCount: Int
  /// Whether the document was left unchanged because its refined text lacked more than
  /// ``RefinementOptions/maximumDocumentDeleteShare`` of its characters.
  public var isTooAggressive = false
  /// The Unicode scalars the applied programs would have removed from the document before
  /// the document guard (equal to ``removedCharacterCount`` unless ``isTooAggressive``).
  public var wouldRemoveCharacterCount = 0
}

/// Executes model programs on a document, chunk by chunk (Specification §2, §3.7).
///
/// The document is split with ``Chunker`` exactly as `build-pairs` splits it (same
/// budget and ``ChunkingOptions/frame``, no overlap), so chunk *k* of the document is the chunk the program for
/// chunk *k* was written for, with chunk-local line numbers. For each chunk:
///
/// 1. An unrefinable chunk (one line longer than the budget) stays unchanged; a
///    program for it may only say `keep_all()`, any other call is skipped as
///    ``ChunkRefinement/SkipReason/unrefinableChunk``.
/// 2. A chunk without a program stays unchanged
///    (``ChunkRefinement/Status/missingProgram``), as does a chunk whose reply gave no
///    program (``ChunkProgram/failure``, ``ChunkRefinement/Status/replyFailed``).
/// 3. Otherwise the program is parsed with ``ProgramParser`` (lenient) and executed on
///    the chunk with ``ProgramExecutor``. Its **bad lines** are the parse errors plus
///    the calls the executor skipped. If bad lines > ``RefinementOptions/maximumBadCallCount``
///    the chunk stays unchanged (``ChunkRefinement/Status/overErrorBudget``) and its
///    otherwise applicable calls are skipped as ``ChunkRefinement/SkipReason/chunkRejected``.
///    Otherwise the executor's output replaces the chunk: with the default budget of 1,
///    a single bad line is tolerated and the rest of the program applies.
/// 4. With ``RefinementOptions/maximumChunkDeleteShare``, an output that lacks more than
///    that share of the chunk's Unicode scalars is not taken: the chunk stays unchanged
///    (``ChunkRefinement/Status/tooAggressive``).
///
/// With ``RefinementOptions/maximumDocumentDeleteShare``, a refined document that lacks
/// more than that share of the original's Unicode scalars is replaced by the original
/// (``DocumentRefinement/isTooAggressive``).
///
/// The chunk outputs are concatenated. One correction keeps the result equal to
/// executing the document-level program (the chunk programs offset by their first
/// line, see ``Program/offsettingLines(by:)``) on the whole document: when the
/// document has no final newline and its last chunk loses all its lines, the output
/// does not end with the newline of an earlier chunk's last kept line.
///
///     let refiner = DocumentRefiner()
///     let result = refiner.refine(
///       NormalizedText("Home | About\nGood text. [ad] More.\n"),
///       programs: [ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 1)\nremove_str(2, \"[ad] \")")])
///     result.text.string   // "Good text. More.\n"
///
/// A refiner holds only its options; one value can be shared by all threads.
public struct DocumentRefiner: Sendable {
  /// The options every document uses.
  public let options: RefinementOptions

  /// Creates a refiner.
  public init(options: RefinementOptions = RefinementOptions()) {
    self.options = options
  }

  /// Refines `text` with the given chunk programs.
  ///
  /// Programs may come in any order. A program whose chunk index the document does
  /// not have is ignored and listed in ``DocumentRefinement/unmatchedChunkIndices``;
  /// of several programs for one chunk the first is used and the others are listed
  /// in ``DocumentRefinement/duplicateChunkIndices``.
  ///
  /// - Parameters:
  ///   - text: The original document.
  ///   - programs: The model outputs, each for one chunk.
  /// - Returns: The refined document and a report per chunk.
  /// - Complexity: O(*n* + *p*) plus the executor's cost per chunk, where *n* is the
  ///   size of the document and *p* the total size of the programs (see
  ///   ``ProgramExecutor/execute(_:on:)``).
  public func refine(_ text: NormalizedText, programs: [ChunkProgram]) -> DocumentRefinement {
    var chunking = options.chunking
    chunking.overlapLineCount = 0
    let chunks = Chunker.chunks(of: text, options: chunking)
    var programIndexByChunk = [Int?](repeating: nil, count: chunks.count)
    var unmatched: [Int] = []
    var duplicates: [Int] = []
    for (programIndex, program) in programs.enumerated() {
      guard program.chunkIndex >= 0 && program.chunkIndex < chunks.count else {
        unmatched.append(program.chunkIndex)
        continue
      }
      if programIndexByChunk[program.chunkIndex] != nil {
        duplicates.append(program.chunkIndex)
      } else {
        programIndexByChunk[program.chunkIndex] = programIndex
      }
    }

    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    var refinements: [ChunkRefinement] = []
    refinements.reserveCapacity(chunks.count)
    var lastChunkKeepsALine = true
    var appliedCalls: [[ChunkRefinement.SkippedCall]] = []
    for chunk in chunks {
      let chunkText = NormalizedText(alreadyNormalized: Array(text.utf8[chunk.utf8Range]))
      let program = programIndexByChunk[chunk.index].map { programs[$0] }
      let (refinement, refined, applied) = refine(chunk: chunk, text: chunkText, program: program)
      appliedCalls.append(applied)
      if let refined {
        output.append(contentsOf: refined.text.utf8)
        lastChunkKeepsALine = refined.report.removedLineCount < chunkText.lineCount
      } else {
        output.append(contentsOf: chunkText.utf8)
        lastChunkKeepsALine = true
      }
      refinements.append(refinement)
    }
    if !text.endsWithNewline && !lastChunkKeepsALine && output.last == UInt8(ascii: "\n") {
      output.removeLast()
    }
    let originalCount = DocumentRefiner.scalarCount(text.utf8)
    let refinedCount = DocumentRefiner.scalarCount(output)
    var result = DocumentRefinement(
      text: NormalizedText(alreadyNormalized: output), chunks: refinements,
      unmatchedChunkIndices: unmatched, duplicateChunkIndices: duplicates,
      removedCharacterCount: originalCount - refinedCount, originalCharacterCount: originalCount)
    result.wouldRemoveCharacterCount = result.removedCharacterCount
    if RefinementOptions.exceeds(
      options.maximumDocumentDeleteShare, removed: result.removedCharacterCount, of: originalCount)
    {
      result.text = text
      result.removedCharacterCount = 0
      result.isTooAggressive = true
      for index in result.chunks.indices where result.chunks[index].status == .refined {
        result.chunks[index].revert(
          as: .documentTooAggressive, applied: appliedCalls[index], reason: .documentTooAggressive)
      }
    }
    return result
  }

  /// Refines one chunk; the execution is `nil` when the chunk stays unchanged.
  ///
  /// The calls are the applied `remove_lines` and `remove_str` calls (with a placeholder
  /// reason), which the document guard may yet skip.
  private func refine(chunk: Chunk, text: NormalizedText, program: ChunkProgram?)
    -> (ChunkRefinement, ProgramExecution?, [ChunkRefinement.SkippedCall])
  {
    guard let program, chunk.isUnrefinable || program.failure == nil else {
      var refinement = ChunkRefinement(
        chunk: chunk, status: chunk.isUnrefinable ? .unrefinable : .missingProgram)
      if let failure = program?.failure {
        refinement.status = .replyFailed
        refinement.replyFailure = failure
      }
      return (refinement, nil, [])
    }
    // An unrefinable chunk needs no reply: a failed one changes nothing.
    let parsed = ProgramParser.parse(program.failure == nil ? program.output : "")
    var refinement = ChunkRefinement(chunk: chunk, status: .refined, parseErrors: parsed.errors)
    func lineNumber(_ callIndex: Int) -> Int {
      callIndex < parsed.callLineNumbers.count ? parsed.callLineNumbers[callIndex] : 0
    }
    if chunk.isUnrefinable {
      refinement.status = .unrefinable
      for (callIndex, call) in parsed.program.calls.enumerated() {
        if call == .keepAll {
          refinement.appliedKeepAllCount += 1
        } else {
          refinement.skippedCalls.append(
            .init(programLineNumber: lineNumber(callIndex), call: call, reason: .unrefinableChunk))
        }
      }
      return (refinement, nil, [])
    }
    let execution = ProgramExecutor.execute(parsed.program, on: text)
    var isSkipped = [Bool](repeating: false, count: parsed.program.calls.count)
    for skipped in execution.report.skippedCalls {
      isSkipped[skipped.callIndex] = true
      refinement.skippedCalls.append(
        .init(
          programLineNumber: lineNumber(skipped.callIndex), call: skipped.call,
          reason: ChunkRefinement.SkipReason(skipped.reason)))
    }
    guard refinement.badLineCount <= options.maximumBadCallCount else {
      refinement.status = .overErrorBudget
      for (callIndex, call) in parsed.program.calls.enumerated() where !isSkipped[callIndex] {
        refinement.skippedCalls.append(
          .init(programLineNumber: lineNumber(callIndex), call: call, reason: .chunkRejected))
      }
      refinement.skippedCalls.sort { $0.programLineNumber < $1.programLineNumber }
      return (refinement, nil, [])
    }
    refinement.appliedRemoveLinesCount = execution.report.appliedRemoveLinesCount
    refinement.appliedRemoveStringCount = execution.report.appliedRemoveStringCount
    refinement.appliedKeepAllCount = execution.report.appliedKeepAllCount
    refinement.characterCount = DocumentRefiner.scalarCount(text.utf8)
    refinement.wouldRemoveCharacterCount =
      refinement.characterCount - DocumentRefiner.scalarCount(execution.text.utf8)
    var applied: [ChunkRefinement.SkippedCall] = []
    for (callIndex, call) in parsed.program.calls.enumerated()
    where !isSkipped[callIndex] && call != .keepAll {
      applied.append(
        .init(programLineNumber: lineNumber(callIndex), call: call, reason: .chunkRejected))
    }
    if RefinementOptions.exceeds(
      options.maximumChunkDeleteShare, removed: refinement.wouldRemoveCharacterCount,
      of: refinement.characterCount)
    {
      refinement.revert(as: .tooAggressive, applied: applied, reason: .chunkTooAggressive)
      return (refinement, nil, [])
    }
    return (refinement, execution, applied)
  }

  /// Refines one chunk on its own, as ``refine(_:programs:)`` refines a chunk of a
  /// document (error budget and chunk guard; the document guard does not apply): what
  /// `eval` scores. The execution is `nil` when the chunk stays unchanged.
  ///
  /// - Complexity: That of ``ProgramExecutor/execute(_:on:)``.
  package func refine(
    chunkText text: NormalizedText, chunkIndex: Int, isUnrefinable: Bool, program: ChunkProgram?
  ) -> (refinement: ChunkRefinement, execution: ProgramExecution?) {
    let chunk = Chunk(
      index: chunkIndex, lineIndices: 0..<text.lineCount, utf8Range: 0..<text.utf8.count,
      isUnrefinable: isUnrefinable)
    let (refinement, execution, _) = refine(chunk: chunk, text: text, program: program)
    return (refinement, execution)
  }

  /// The number of chunks ``refine(_:programs:)`` cuts `text` into.
  ///
  /// - Complexity: O(*n*) in the size of the text.
  package func chunkCount(of text: NormalizedText) -> Int {
    var chunking = options.chunking
    chunking.overlapLineCount = 0
    return Chunker.chunks(of: text, options: chunking).count
  }

  /// The number of Unicode scalars in valid UTF-8 `bytes`.
  static func scalarCount(_ bytes: [UInt8]) -> Int {
    bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
  }
}

extension ChunkRefinement {
  /// Leaves an executed chunk unchanged: its applied `remove_lines` and `remove_str` calls
  /// (`applied`, with their program lines) become skipped calls with `reason`, so that every
  /// parsed call is still counted once; `keep_all()` calls stay applied, as they change
  /// nothing.
  mutating func revert(as newStatus: Status, applied: [SkippedCall], reason: SkipReason) {
    status = newStatus
    appliedRemoveLinesCount = 0
    appliedRemoveStringCount = 0
    for var call in applied {
      call.reason = reason
      skippedCalls.append(call)
    }
    skippedCalls.sort { $0.programLineNumber < $1.programLineNumber }
  }
}

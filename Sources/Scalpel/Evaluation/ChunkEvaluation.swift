/// The comparison of a model's program with the label program of one chunk (Specification
/// §6.4): both are executed on the chunk, and their deletions are compared character by
/// character and line by line.
///
/// The label program is executed as written: it must parse without error and every call
/// must apply (``LabelError`` otherwise), as `build-pairs` writes it. The model program is
/// executed as `apply` would execute it (``DocumentRefiner/refine(chunkText:chunkIndex:isUnrefinable:program:)``:
/// lenient parser, error budget, chunk guard); when `apply` would leave the chunk unchanged
/// (no program, a failed reply, over the budget, too aggressive, unrefinable) the model
/// deletes nothing.
package struct ChunkEvaluation: Sendable {
  /// Why a label cannot be scored.
  package struct LabelError: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String
  }

  /// The counts of this chunk alone.
  package private(set) var counters = EvaluationCounters()
  /// What the label deletes.
  package let label: ChunkDeletions
  /// What the model deletes, as `apply` would apply it.
  package let model: ChunkDeletions
  /// What `apply` would do with the model's program.
  package let refinement: ChunkRefinement
  /// The label program, parsed.
  package let labelProgram: Program
  /// Whether the model's program, parsed, equals the label program.
  package let isExactProgram: Bool
  /// Whether the model's output equals the label's.
  package let isExactOutput: Bool

  /// Scores `model` against `labelProgram` on `text`.
  ///
  /// - Parameters:
  ///   - text: The chunk, recovered from the label's prompt.
  ///   - labelOutput: The label's program text (the pair's completion).
  ///   - model: The model's program for the chunk, or `nil` when it has none.
  ///   - isUnrefinable: Whether the chunk is one line over the budget (`apply` leaves it).
  ///   - refiner: The error budget and guard `apply` would use.
  /// - Throws: ``LabelError`` when the label does not parse or a call of it does not apply.
  /// - Complexity: O(*n* + *p*) plus the executor's cost, for a chunk of *n* bytes and
  ///   programs of *p* bytes.
  package init(
    text: NormalizedText, labelOutput: String, model: ChunkProgram?, isUnrefinable: Bool,
    refiner: DocumentRefiner
  ) throws(LabelError) {
    let parsedLabel = ProgramParser.parse(labelOutput)
    if let error = parsedLabel.errors.first {
      throw LabelError(description: "the label program does not parse: \(error)")
    }
    let labelExecution = ProgramExecutor.execute(parsedLabel.program, on: text)
    if let skipped = labelExecution.report.skippedCalls.first {
      throw LabelError(
        description:
          "call \(skipped.callIndex + 1) of the label program does not apply to its chunk (\(ChunkRefinement.SkipReason(skipped.reason).rawValue)): \(skipped.call.rendered)"
      )
    }
    let labelProgram = parsedLabel.program
    self.labelProgram = labelProgram
    label = ChunkDeletions(program: parsedLabel.program, text: text)

    let (refinement, execution) = refiner.refine(
      chunkText: text, chunkIndex: model?.chunkIndex ?? 0, isUnrefinable: isUnrefinable,
      program: model)
    self.refinement = refinement
    let parsedModel = model.flatMap { $0.failure == nil ? ProgramParser.parse($0.output) : nil }
    if execution != nil, let parsedModel {
      self.model = ChunkDeletions(program: parsedModel.program, text: text)
    } else {
      self.model = ChunkDeletions(keeping: text)
    }
    isExactProgram =
      parsedModel.map {
        $0.errors.isEmpty
          && ($0.program == labelProgram || ($0.program.isKeepAll && labelProgram.isKeepAll))
      } ?? false
    isExactOutput = self.model.output == label.output
    counters = count(text: text, parsedModel: parsedModel)
  }

  /// The counts of the chunk.
  private func count(text: NormalizedText, parsedModel: ProgramParseResult?) -> EvaluationCounters {
    var counters = EvaluationCounters()
    let (lines, strings) = (ChunkDeletions.byRemoveLines, ChunkDeletions.byRemoveString)
    for (offset, byte) in text.utf8.enumerated() where byte & 0xC0 != 0x80 {
      counters.chunkCharacterCount += 1
      let (labelKind, modelKind) = (label.byteKinds[offset], model.byteKinds[offset])
      Self.tally(labelKind, modelKind, &counters.characters)
      Self.tally(labelKind, modelKind, kind: lines, &counters.removeLinesCharacters)
      Self.tally(labelKind, modelKind, kind: strings, &counters.removeStringCharacters)
    }
    counters.chunkLineCount = text.lineCount
    for lineIndex in 0..<text.lineCount {
      let (labelKind, modelKind) = (label.lineKinds[lineIndex], model.lineKinds[lineIndex])
      Self.tally(labelKind, modelKind, &counters.lines)
      Self.tally(labelKind, modelKind, kind: lines, &counters.removeLinesLines)
      Self.tally(labelKind, modelKind, kind: strings, &counters.removeStringLines)
    }
    for call in labelProgram.calls {
      switch call {
      case .removeLines: counters.labelCalls.removeLines += 1
      case .removeString: counters.labelCalls.removeString += 1
      case .keepAll: counters.labelCalls.keepAll += 1
      }
    }
    counters.modelAppliedCalls.removeLines = refinement.appliedRemoveLinesCount
    counters.modelAppliedCalls.removeString = refinement.appliedRemoveStringCount
    counters.modelAppliedCalls.keepAll = refinement.appliedKeepAllCount
    if isExactProgram { counters.exactProgramCount = 1 }
    if isExactOutput { counters.exactOutputCount = 1 }
    if !Self.isBlank(text.utf8) {
      if Self.isBlank(label.output.utf8) { counters.labelEmptiedCount = 1 }
      if Self.isBlank(model.output.utf8) { counters.modelEmptiedCount = 1 }
    }
    switch (label.deletesNothing, model.deletesNothing) {
    case (true, true): counters.bothKeepCount = 1
    case (true, false): counters.labelKeepsModelDeletesCount = 1
    case (false, true): counters.labelDeletesModelKeepsCount = 1
    case (false, false): counters.bothDeleteCount = 1
    }
    switch refinement.status {
    case .missingProgram: counters.missingCount = 1
    case .replyFailed:
      counters.failedByReason[refinement.replyFailure?.reason.rawValue ?? "error"] = 1
    case .overErrorBudget: counters.overErrorBudgetCount = 1
    case .tooAggressive: counters.tooAggressiveCount = 1
    case .refined, .unrefinable, .documentTooAggressive: break
    }
    if let parsedModel {
      counters.programCount = 1
      counters.parseErrorLineCount = parsedModel.errors.count
      counters.parseErrorProgramCount = parsedModel.errors.isEmpty ? 0 : 1
      counters.modelCallCount = parsedModel.program.calls.count
      counters.skippedCallCount = refinement.skippedCalls.reduce(0) {
        $0 + (ChunkRefinement.budgetFreeReasons.contains($1.reason) ? 0 : 1)
      }
    }
    return counters
  }

  /// Counts one unit deleted by the label (`labelKind` ≠ 0) and/or the model.
  private static func tally(
    _ labelKind: UInt8, _ modelKind: UInt8, _ agreement: inout DeletionAgreement
  ) {
    if labelKind != 0 { agreement.labelCount += 1 }
    if modelKind != 0 { agreement.modelCount += 1 }
    if labelKind != 0 && modelKind != 0 { agreement.bothCount += 1 }
  }

  /// Counts one unit for the calls of `kind`.
  private static func tally(
    _ labelKind: UInt8, _ modelKind: UInt8, kind: UInt8, _ agreement: inout KindAgreement
  ) {
    if modelKind & kind != 0 {
      agreement.modelCount += 1
      if labelKind != 0 { agreement.modelCorrectCount += 1 }
    }
    if labelKind & kind != 0 {
      agreement.labelCount += 1
      if modelKind != 0 { agreement.labelFoundCount += 1 }
    }
  }

  /// Whether `bytes` hold only spaces, tabs and newlines.
  private static func isBlank(_ bytes: [UInt8]) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
  }
}

extension ChunkEvaluation {
  /// Scores the model's program for the chunk of `label`, as `eval` scores it
  /// (Specification §6.4): the chunk is unrefinable when `chunking` cuts it into one chunk
  /// that is one line over the budget.
  ///
  /// - Parameters:
  ///   - label: The held-out pair.
  ///   - model: The model's program for the chunk (``ModelPrograms/take(documentID:chunkIndex:)``).
  ///   - refiner: The error budget and guard `apply` would use.
  ///   - chunking: The labels' framed chunking.
  /// - Throws: ``LabelError`` when the label does not parse or a call of it does not apply.
  /// - Complexity: That of ``init(text:labelOutput:model:isUnrefinable:refiner:)`` plus the
  ///   chunker's O(*n*).
  package init(
    label: PairLine, model: ChunkProgram?, refiner: DocumentRefiner, chunking: ChunkingOptions
  ) throws(LabelError) {
    let chunks = Chunker.chunks(of: label.chunkText, options: chunking)
    let isUnrefinable = chunks.count == 1 && chunks[0].isUnrefinable
    try self.init(
      text: label.chunkText, labelOutput: label.program, model: model,
      isUnrefinable: isUnrefinable, refiner: refiner)
  }
}

extension ModelPrograms {
  /// The reply counts of the run so far (lines read, superseded, for chunks without a
  /// label): the part of ``EvaluationCounters`` that belongs to the programs file, added
  /// once at the end to the sum of the chunks' counts.
  package var replyCounters: EvaluationCounters {
    var counters = EvaluationCounters()
    counters.programLineCount = lineCount
    counters.supersededCount = supersededCount
    counters.unlabelledCount = unlabelledCount
    return counters
  }
}

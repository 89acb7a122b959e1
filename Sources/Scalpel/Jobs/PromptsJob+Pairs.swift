/// `prompts --pairs`: one request per pair line, for the chunk the pair shows, with the
/// pair's own prompt (Specification §6.1).
///
/// The chunk is recovered from the pair's model input with the recipe's encoding
/// (``TrainingPairEncoding/chunkText(fromModelInput:)``) and rendered again with
/// ``TrainingPairEncoding/prompt(for:)``, the rendering of the documents path; a pair whose
/// prompt is not that rendering byte for byte is rejected as `prompt_mismatch`, so that the
/// refiner is never asked a prompt it was not trained on.
extension PromptsStep {
  /// The results of one round of pair lines, in order.
  ///
  /// - Throws: ``FileError`` naming the first line whose `meta.recipe` is not
  ///   ``PromptsJob/expectedRecipeHash``.
  /// - Complexity: O(*n*) in the size of the round and the prompts written.
  static func pairPrompts(_ round: JobRound, job: PromptsJob, chunking: ChunkingOptions)
    throws(FileError) -> [StepResult<PromptsCounters>]
  {
    let outcomes = ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      index in
      pairPrompt(round.records[index], path: round.shard.path, job: job, chunking: chunking)
    }
    var results: [StepResult<PromptsCounters>] = []
    results.reserveCapacity(outcomes.count)
    for outcome in outcomes {
      switch outcome {
      case .success(let result): results.append(result)
      case .failure(let error): throw error
      }
    }
    return results
  }

  /// The ids of a round of pair lines whose output is kept (`--resume`): the `id` string of
  /// each object, as ``pairPrompt(_:path:job:chunking:)`` reports it.
  ///
  /// - Complexity: O(*n*) in the size of the round.
  static func pairIDs(in round: JobRound) -> [String?] {
    ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) { index in
      let record = round.records[index]
      let source = "\(round.shard.path):\(record.lineNumber)"
      guard case .success(let value) = CorpusRecord.object(record, source: source) else {
        return nil
      }
      return value["id"]?.stringValue
    }
  }

  /// The request of one pair line, its rejection, or the failure of the run (a pair of
  /// another recipe, by `meta.recipe`).
  ///
  /// - Complexity: O(*n*) in the length of the line.
  static func pairPrompt(
    _ record: LineRecord, path: String, job: PromptsJob, chunking: ChunkingOptions
  ) -> Result<StepResult<PromptsCounters>, FileError> {
    let source = "\(path):\(record.lineNumber)"
    let value: JSONValue
    switch CorpusRecord.object(record, source: source) {
    case .failure(let rejection): return .success(.rejected(rejection))
    case .success(let object): value = object
    }
    let id = value["id"]?.stringValue
    func reject(_ code: RejectCode, _ detail: String) -> Result<
      StepResult<PromptsCounters>, FileError
    > {
      .success(.rejected(RecordRejection(id: id, source: source, code: code, detail: detail)))
    }
    guard let pair = TrainingPairRecord(json: value) else {
      return reject(
        .missingField,
        "not a training pair: no 'prompt' and 'completion', 'messages' with a user and an assistant message, or 'input' and 'output' (--pairs reads the lines build-pairs writes)"
      )
    }
    if let expected = job.expectedRecipeHash, let hash = pair.recipeHash, hash != expected {
      return .failure(
        FileError(
          path: path, operation: "read the pairs of",
          reason:
            "line \(record.lineNumber) was made with recipe \(hash), not with --recipe's \(expected): its chunks, line numbers or prompt may differ"
        ))
    }
    guard let id else {
      if value["id"] == nil {
        return reject(
          .missingField, "field 'id' is missing: the pair id <document id>#<chunk> names the chunk")
      }
      return reject(.invalidField, "field 'id' is not a string: pair ids are <document id>#<chunk>")
    }
    let (documentID, chunkIndex) = PairID.split(id)
    guard let chunkIndex else {
      return reject(
        .invalidField,
        "field 'id' ('\(id)') has no chunk suffix #<k>: pair ids are <document id>#<chunk>")
    }
    let encoding = job.recipe.encoding
    guard pair.format == encoding.format else {
      return reject(
        .promptMismatch,
        "the pair is in the \(pair.format.rawValue) format, the recipe's is \(encoding.format.rawValue) (--format)"
      )
    }
    guard let chunk = encoding.chunkText(fromModelInput: pair.modelInput) else {
      return reject(
        .promptMismatch,
        "the model input does not end in lines numbered with the recipe's line prefix '\(encoding.linePrefix)' (--line-prefix)"
      )
    }
    let prompt = encoding.prompt(for: chunk)
    if let difference = PairPromptDifference.first(
      held: value, rendered: prompt, encoding: encoding)
    {
      return reject(.promptMismatch, difference)
    }
    var counters = PromptsCounters()
    if chunk.lineCount == 1,
      Chunker.chunks(of: chunk, options: chunking).first?.isUnrefinable == true
    {
      counters.unrefinableChunkCount = 1
      return .success(.written(id: id, output: [], report: [], counters: counters))
    }
    var writer = JSONWriter(capacity: pair.modelInput.utf8.count * 2 + 512)
    appendRequest(
      customID: id, documentID: documentID, chunkIndex: chunkIndex, chunk: chunk, prompt: prompt,
      requests: job.requests, counters: &counters, into: &writer)
    return .success(.written(id: id, output: writer.bytes, report: [], counters: counters))
  }
}

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
    let line: PairLine
    let encoding = job.recipe.encoding
    do throws(FileError) {
      switch try PairLine.read(
        record, path: path, encoding: encoding, expectedRecipeHash: job.expectedRecipeHash)
      {
      case .failure(let rejection): return .success(.rejected(rejection))
      case .success(let read): line = read
      }
    } catch {
      return .failure(error)
    }
    let (id, documentID, chunkIndex, chunk) = (
      line.pairID, line.documentID, line.chunkIndex, line.chunkText
    )
    guard line.pair.format == encoding.format else {
      return .success(
        .rejected(
          RecordRejection(
            id: id, source: "\(path):\(record.lineNumber)", code: .promptMismatch,
            detail:
              "the pair is in the \(line.pair.format.rawValue) format, the recipe's is \(encoding.format.rawValue) (--format)"
          )))
    }
    let prompt = encoding.prompt(for: chunk)
    if let difference = PairPromptDifference.first(
      held: line.value, rendered: prompt, encoding: encoding)
    {
      return .success(
        .rejected(
          RecordRejection(
            id: id, source: "\(path):\(record.lineNumber)", code: .promptMismatch,
            detail: difference)))
    }
    var counters = PromptsCounters()
    if chunk.lineCount == 1,
      Chunker.chunks(of: chunk, options: chunking).first?.isUnrefinable == true
    {
      counters.unrefinableChunkCount = 1
      return .success(.written(id: id, output: [], report: [], counters: counters))
    }
    var writer = JSONWriter(capacity: line.pair.modelInput.utf8.count * 2 + 512)
    appendRequest(
      customID: id, documentID: documentID, chunkIndex: chunkIndex, chunk: chunk, prompt: prompt,
      requests: job.requests, counters: &counters, into: &writer)
    return .success(.written(id: id, output: writer.bytes, report: [], counters: counters))
  }
}

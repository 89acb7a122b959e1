/// The `prompts` job: `ShardedJob` whose step reads raw documents, cuts each into the chunks
/// `build-pairs` cuts (without overlap) and writes one refiner prompt per refinable chunk,
/// byte-identical to the prompt of that chunk's training pair, in input order
/// (Specification §6.1).
///
/// Memory stays bounded by about three times the round size plus a few times the largest
/// record, plus the ids of the run (`IDRegistry`); the output is byte-identical for every
/// job count.
public struct PromptsJob: Sendable {
  /// Inputs, outputs, workers, resume and limits.
  public var options: JobOptions
  /// Chunking and prompt; its overlap is not used, as the refiner never sees overlapping
  /// chunks.
  public var recipe: Recipe
  /// Layout, model, reply length and constraint of the lines.
  public var requests: RefinerRequestOptions
  /// Where the id and text are.
  public var fields = CorpusFields()

  /// Creates a job.
  public init(options: JobOptions, recipe: Recipe, requests: RefinerRequestOptions) {
    (self.options, self.recipe, self.requests) = (options, recipe, requests)
  }

  /// The chunking of the refiner: the recipe's framed chunking without overlap, the chunks
  /// of `build-pairs`' statistics and of `apply`.
  public var chunking: ChunkingOptions {
    var chunking = recipe.framedChunking
    chunking.overlapLineCount = 0
    return chunking
  }

  /// Runs the job.
  ///
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n*) in the size of the inputs and the prompts written.
  public func run(
    cancellation: CancellationFlag? = nil,
    progress: ((JobProgress<PromptsCounters>) -> Void)? = nil
  ) throws(JobError) -> JobSummary<PromptsCounters> {
    try ShardedJob(options: options, step: PromptsStep(job: self)).run(
      cancellation: cancellation, progress: progress)
  }
}

/// The per-round step of `prompts`.
struct PromptsStep: RecordStep {
  let job: PromptsJob

  var name: String { "prompts" }
  var outputKind: String { "prompts" }
  var writesReport: Bool { false }
  var fingerprint: String { "\(job.recipe.hash)\n\(job.fields)\n\(job.requests)" }
  var extraInputs: [String] { [] }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  func start(cancellation: CancellationFlag?) {}

  func process(_ round: JobRound) -> [StepResult<PromptsCounters>] {
    let (job, chunking) = (self.job, self.job.chunking)
    return ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      index in
      Self.prompts(
        round.records[index], path: round.shard.path, shardName: round.shard.name, job: job,
        chunking: chunking)
    }
  }

  /// The prompt lines of one record, or its rejection.
  static func prompts(
    _ record: LineRecord, path: String, shardName: String, job: PromptsJob,
    chunking: ChunkingOptions
  ) -> StepResult<PromptsCounters> {
    let document: ExpertChunking.ChunkedDocument
    switch ExpertChunking.read(
      record, path: path, shardName: shardName, fields: job.fields, chunking: chunking)
    {
    case .failure(let rejection): return .rejected(rejection)
    case .success(let read): document = read
    }
    let (original, encoding, requests) = (document.original, job.recipe.encoding, job.requests)
    var counters = PromptsCounters()
    var writer = JSONWriter(
      capacity: original.utf8.count * 2 + document.chunks.count * (encoding.instruction.utf8.count + 512))
    for chunk in document.chunks {
      if chunk.isUnrefinable {
        counters.unrefinableChunkCount += 1
        continue
      }
      let text = NormalizedText(alreadyNormalized: Array(original.utf8[chunk.utf8Range]))
      let prompt = encoding.prompt(for: text)
      switch requests.layout {
      case .batch:
        BatchRequestLine.append(
          customID: "\(document.id)#\(chunk.index)", prompt: requests.requestPrompt(prompt),
          body: requests.requestBody(lineCount: text.lineCount), into: &writer)
      case .plain:
        writer.appendObject { line in
          line.appendKey("id")
          line.appendString(document.id)
          line.appendKey("chunk")
          line.appendInteger(chunk.index)
          line.appendKey("prompt")
          prompt.appendJSON(into: &line)
          if let regex = requests.requestBody(lineCount: text.lineCount).regex {
            line.appendKey("regex")
            line.appendString(regex)
          }
        }
        writer.appendNewline()
      }
      counters.requestCount += 1
      counters.chunkCharacterCount += text.utf8.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
    return .written(id: document.id, output: writer.bytes, report: [], counters: counters)
  }

  func skip(_ round: JobRound) -> [String?] {
    CorpusRecord.ids(in: round, fields: job.fields)
  }

  func takeShardCounters() -> PromptsCounters { PromptsCounters() }

  func finish() -> PromptsCounters { PromptsCounters() }
}

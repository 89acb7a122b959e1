/// The `expert-requests` job: `ShardedJob` whose step reads raw documents, draws the sample,
/// cuts each drawn document into the chunks the expert sees (the same packer as
/// `build-pairs --expert-replies` uses to join the replies back) and writes one batch request
/// per chunk, in input order.
///
/// Memory stays bounded by about three times the round size plus a few times the largest
/// record, plus the ids of the run (`IDRegistry`); the output is byte-identical for every
/// job count.
public struct ExpertRequestsJob: Sendable {
  /// Inputs, outputs, workers, resume and limits.
  public var options: JobOptions
  /// Chunking, prompt, sampling parameters and sample.
  public var recipe: Recipe
  /// Where the id and text are.
  public var fields = CorpusFields()

  /// Creates a job.
  public init(options: JobOptions, recipe: Recipe) {
    self.options = options
    self.recipe = recipe
  }

  /// Runs the job.
  ///
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n*) in the size of the inputs and the prompts written.
  public func run(
    cancellation: CancellationFlag? = nil,
    progress: ((JobProgress<ExpertRequestsCounters>) -> Void)? = nil
  ) throws(JobError) -> JobSummary<ExpertRequestsCounters> {
    try ShardedJob(options: options, step: ExpertRequestsStep(job: self)).run(
      cancellation: cancellation, progress: progress)
  }
}

/// The per-round step of `expert-requests`.
struct ExpertRequestsStep: RecordStep {
  let job: ExpertRequestsJob

  var name: String { "expert-requests" }
  var outputKind: String { "requests" }
  var writesReport: Bool { false }
  var fingerprint: String { "\(job.recipe.hash)\n\(job.fields)" }
  var extraInputs: [String] { [] }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  func start(cancellation: CancellationFlag?) {}

  func process(_ round: JobRound) -> [StepResult<ExpertRequestsCounters>] {
    // The frame of the recipe's prompt is computed once per round, not per record.
    let (recipe, fields, chunking) = (job.recipe, job.fields, job.recipe.framedChunking)
    return ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      index in
      Self.requests(
        round.records[index], path: round.shard.path, shardName: round.shard.name,
        recipe: recipe, fields: fields, chunking: chunking)
    }
  }

  /// The requests of one record, or its rejection; a document not drawn is not cut.
  static func requests(
    _ record: LineRecord, path: String, shardName: String, recipe: Recipe, fields: CorpusFields,
    chunking: ChunkingOptions
  ) -> StepResult<ExpertRequestsCounters> {
    var document: ExpertChunking.ChunkedDocument
    switch ExpertChunking.readText(record, path: path, shardName: shardName, fields: fields) {
    case .failure(let rejection): return .rejected(rejection)
    case .success(let read): document = read
    }
    var counters = ExpertRequestsCounters()
    guard
      IDSampling.isDrawn(
        id: document.id, seed: recipe.seed, rate: recipe.sampleRate, purpose: .expert)
    else {
      counters.notSampledDocumentCount = 1
      return .written(id: document.id, output: [], report: [], counters: counters)
    }
    let original = document.original
    counters.sampledDocumentCount = 1
    document.chunks = ExpertChunking.chunks(of: document.original, recipe: chunking)
    let body = recipe.expert.requestBody
    var writer = JSONWriter(capacity: original.utf8.count * 2 + recipe.expert.promptTemplate.utf8.count + 512)
    for chunk in document.chunks {
      if chunk.isUnrefinable {
        counters.unrefinableChunkCount += 1
        continue
      }
      let prompt = ExpertPrompt.render(
        template: recipe.expert.promptTemplate, chunkUTF8: original.utf8[chunk.utf8Range])
      BatchRequestLine.append(
        customID: "\(document.id)#\(chunk.index)", prompt: recipe.expert.chunkPrompt(prompt),
        body: body, into: &writer)
      counters.requestCount += 1
      counters.chunkCharacterCount += original.utf8[chunk.utf8Range].reduce(0) {
        $0 + ($1 & 0xC0 != 0x80 ? 1 : 0)
      }
    }
    return .written(id: document.id, output: writer.bytes, report: [], counters: counters)
  }

  func skip(_ round: JobRound) -> [String?] {
    CorpusRecord.ids(in: round, fields: job.fields)
  }

  func takeShardCounters() -> ExpertRequestsCounters { ExpertRequestsCounters() }

  func finish() -> ExpertRequestsCounters { ExpertRequestsCounters() }
}

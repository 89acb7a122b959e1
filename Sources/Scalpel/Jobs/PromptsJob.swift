/// The `prompts` job: `ShardedJob` whose step reads raw documents, cuts each into the chunks
/// `build-pairs` cuts (without overlap) and writes one refiner prompt per refinable chunk,
/// byte-identical to the prompt of that chunk's training pair, in input order
/// (Specification §6.1). With ``Input-swift.enum/pairs`` it reads pair lines instead and
/// writes one prompt per pair, checked to be the pair's own.
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
  /// Where the id and text are (documents only).
  public var fields = CorpusFields()
  /// What the inputs hold.
  public var input = Input.documents
  /// With ``Input-swift.enum/pairs``: the ``Recipe/hash`` that a pair's `meta.recipe`
  /// (pairs written with `--meta`) must equal, or the run fails naming the line; `nil`
  /// checks nothing (`--recipe` not given), as `apply` and `inspect` do.
  public var expectedRecipeHash: String?

  /// What the inputs of a run hold.
  public enum Input: String, Sendable, Hashable {
    /// Raw documents `{"id","text"}`, cut into chunks.
    case documents
    /// Pair lines of `build-pairs` in any format (`--pairs`): one request per pair, for the
    /// chunk its model input shows.
    case pairs
  }

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
  var fingerprint: String {
    "\(job.recipe.hash)\n\(job.fields)\n\(job.requests)\n\(job.input)\n\(job.expectedRecipeHash ?? "-")"
  }
  var extraInputs: [String] { [] }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  func start(cancellation: CancellationFlag?) {}

  /// Pair lines read in the current shard (``PromptsJob/Input-swift.enum/pairs``).
  var shardPairCount = 0

  mutating func process(_ round: JobRound) throws -> [StepResult<PromptsCounters>] {
    let (job, chunking) = (self.job, self.job.chunking)
    if job.input == .pairs {
      shardPairCount += round.records.count
      return try Self.pairPrompts(round, job: job, chunking: chunking)
    }
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
      capacity: original.utf8.count * 2 + document.chunks.count
        * (encoding.instruction.utf8.count + 512))
    for chunk in document.chunks {
      if chunk.isUnrefinable {
        counters.unrefinableChunkCount += 1
        continue
      }
      let text = NormalizedText(lines: chunk.lineIndices, of: original)
      appendRequest(
        customID: PairID.make(documentID: document.id, chunkIndex: chunk.index),
        documentID: document.id, chunkIndex: chunk.index, chunk: text,
        prompt: encoding.prompt(for: text), requests: requests, counters: &counters,
        into: &writer)
    }
    return .written(id: document.id, output: writer.bytes, report: [], counters: counters)
  }

  /// Appends the line of one chunk in the layout of `requests`, the one writer of both
  /// inputs: a batch request named `customID`, or `{"id","chunk","prompt"}`; and counts it.
  ///
  /// - Complexity: O(*n*) in the size of the prompt.
  static func appendRequest(
    customID: String, documentID: String, chunkIndex: Int, chunk text: NormalizedText,
    prompt: ChunkPrompt, requests: RefinerRequestOptions, counters: inout PromptsCounters,
    into writer: inout JSONWriter
  ) {
    switch requests.layout {
    case .batch:
      BatchRequestLine.append(
        customID: customID, prompt: requests.requestPrompt(prompt),
        body: requests.requestBody(lineCount: text.lineCount), into: &writer)
    case .plain:
      writer.appendObject { line in
        line.appendKey("id")
        line.appendString(documentID)
        line.appendKey("chunk")
        line.appendInteger(chunkIndex)
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

  func skip(_ round: JobRound) -> [String?] {
    if job.input == .pairs { return Self.pairIDs(in: round) }
    return CorpusRecord.ids(in: round, fields: job.fields)
  }

  mutating func takeShardCounters() -> PromptsCounters {
    var counters = PromptsCounters()
    (counters.pairCount, shardPairCount) = (shardPairCount, 0)
    return counters
  }

  func finish() -> PromptsCounters { PromptsCounters() }
}

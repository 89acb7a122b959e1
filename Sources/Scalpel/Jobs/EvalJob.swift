/// The `eval` job: `ShardedJob` over label files (held-out pairs) whose step scores the
/// model's program of each labelled chunk against the label (`ChunkEvaluation`) and writes
/// one comparison line per chunk, in label order (Specification §6.4).
///
/// Each round is read in parallel, joined with the model's programs in order
/// (`ModelPrograms`), and scored in parallel. Memory stays bounded by a few times the round
/// size, plus the programs: 32 bytes per line of a batch output file (the texts spooled to
/// disk beside the output), or the program records themselves. The output and the figures
/// are the same for every job count.
public struct EvalJob: Sendable {
  /// Label files (or directories of them, or `-`), outputs, workers, resume and limits.
  public var options: JobOptions
  /// The model's programs: a batch output file, or program records.
  public var programsPath: String
  /// The recipe the labels were made with: line prefix, chunk budget and hash.
  public var recipe: Recipe
  /// Whether the recipe was given (`--recipe`): labels whose `meta.recipe` differs from its
  /// hash then fail the run.
  public var checksRecipeHash = false
  /// The error budget and chunk guard `apply` would use.
  public var refinement = RefinementOptions()

  /// Creates a job.
  public init(options: JobOptions, programsPath: String, recipe: Recipe) {
    (self.options, self.programsPath, self.recipe) = (options, programsPath, recipe)
  }

  /// Runs the job.
  ///
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n* + *p*) plus the executor's cost, for *n* bytes of labels and *p* of
  ///   programs.
  public func run(
    cancellation: CancellationFlag? = nil,
    progress: ((JobProgress<EvaluationCounters>) -> Void)? = nil
  ) throws(JobError) -> EvaluationSummary {
    try ShardedJob(options: options, step: EvalStep(job: self)).run(
      cancellation: cancellation, progress: progress)
  }
}

/// The per-round step of `eval`.
struct EvalStep: RecordStep {
  let job: EvalJob
  private let refiner: DocumentRefiner
  private let chunking: ChunkingOptions
  private var programs: ModelPrograms?

  init(job: EvalJob) {
    self.job = job
    var refinement = job.refinement
    refinement.chunking = job.recipe.framedChunking
    refiner = DocumentRefiner(options: refinement)
    chunking = refinement.chunking
  }

  var name: String { "eval" }
  var outputKind: String { "eval" }
  var writesReport: Bool { false }
  var fingerprint: String {
    "\(job.programsPath)\n\(job.recipe.hash)\n\(job.checksRecipeHash)\n\(job.refinement)"
  }
  var extraInputs: [String] { [job.programsPath] }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  mutating func start(cancellation: CancellationFlag?) throws {
    programs = try ModelPrograms(
      path: job.programsPath, spoolDirectory: BuildPairsJob.spoolDirectory(job.options.destination),
      maximumLineByteCount: job.options.maximumRecordByteCount, cancellation: cancellation)
  }

  mutating func process(_ round: JobRound) throws -> [StepResult<EvaluationCounters>] {
    let labels = try read(round)
    var modelPrograms: [ChunkProgram?] = []
    modelPrograms.reserveCapacity(labels.count)
    for label in labels {
      guard case .success(let label) = label else {
        modelPrograms.append(nil)
        continue
      }
      modelPrograms.append(
        try programs?.take(documentID: label.documentID, chunkIndex: label.chunkIndex))
    }
    let (refiner, chunking) = (self.refiner, self.chunking)
    return ConcurrentMap.map(count: labels.count, workerCount: round.workerCount) {
      [modelPrograms] index in
      switch labels[index] {
      case .failure(let rejection): return .rejected(rejection)
      case .success(let label):
        return Self.score(
          label, model: modelPrograms[index], refiner: refiner, chunking: chunking,
          source: "\(round.shard.path):\(round.records[index].lineNumber)")
      }
    }
  }

  /// Reads the labels of a round in parallel; a label of another recipe fails the run.
  private func read(_ round: JobRound) throws -> [Result<PairLine, RecordRejection>] {
    let encoding = job.recipe.encoding
    let expected = job.checksRecipeHash ? job.recipe.hash : nil
    let labels = ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      index in
      Result { () throws(FileError) in
        try PairLine.read(
          round.records[index], path: round.shard.path, encoding: encoding,
          expectedRecipeHash: expected)
      }
    }
    return try labels.map { try $0.get() }
  }

  /// Scores one label: its comparison line, or its rejection.
  private static func score(
    _ label: PairLine, model: ChunkProgram?, refiner: DocumentRefiner, chunking: ChunkingOptions,
    source: String
  ) -> StepResult<EvaluationCounters> {
    let evaluation: ChunkEvaluation
    do {
      evaluation = try ChunkEvaluation(
        label: label, model: model, refiner: refiner, chunking: chunking)
    } catch {
      return .rejected(
        RecordRejection(
          id: label.pairID, source: source, code: .invalidField, detail: error.description))
    }
    var writer = JSONWriter(
      capacity: label.program.utf8.count + (model?.output.utf8.count ?? 0) + 256)
    EvalComparisonLine.append(label: label, model: model, evaluation: evaluation, into: &writer)
    return .written(
      id: label.pairID, output: writer.bytes, report: [], counters: evaluation.counters)
  }

  mutating func skip(_ round: JobRound) throws -> [String?] {
    var ids: [String?] = []
    for label in try read(round) {
      switch label {
      case .success(let label):
        _ = try programs?.take(documentID: label.documentID, chunkIndex: label.chunkIndex)
        ids.append(label.pairID)
      case .failure(let rejection):
        ids.append(rejection.id)
      }
    }
    return ids
  }

  func takeShardCounters() -> EvaluationCounters { EvaluationCounters() }

  func finish() throws -> EvaluationCounters {
    programs?.replyCounters ?? EvaluationCounters()
  }
}

/// The `build-pairs` job: `ShardedJob` with ``RecordProcessor`` as its step, writing pairs
/// and rejects in input order.
///
/// Memory stays bounded by about 10 MiB plus three times the round size (input, results,
/// output buffer) plus seven times the largest record (it is held as bytes, strings, texts,
/// alignment and pairs), plus the ids of the run (`IDRegistry`: about 40 bytes per record).
/// The output is byte-identical for every job count.
public struct BuildPairsJob: Sendable {
  /// Inputs, outputs, workers, resume and limits.
  public var options: JobOptions
  /// How records are processed.
  public var processing: RecordProcessor.Configuration

  /// Runs the job.
  ///
  /// - Parameters:
  ///   - cancellation: When raised, the job stops, removes its temporary files and throws
  ///     ``JobError/interrupted(completedShardCount:)``.
  ///   - progress: Called after each round with counts so far.
  /// - Returns: The counts of the whole run.
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n*) plus the alignment of each record, bounded by its work budget.
  public func run(
    cancellation: CancellationFlag? = nil,
    progress: ((JobProgress<BuildPairsCounters>) -> Void)? = nil
  ) throws(JobError) -> BuildPairsSummary {
    let step = BuildPairsStep(configuration: processing, workerCount: options.jobCount)
    return try ShardedJob(options: options, step: step).run(
      cancellation: cancellation, progress: progress)
  }

  /// Creates a job.
  public init(options: JobOptions, processing: RecordProcessor.Configuration = .init()) {
    self.options = options
    self.processing = processing
  }
}

/// The per-round step of `build-pairs`: each worker builds pairs with its own processor.
struct BuildPairsStep: RecordStep {
  let configuration: RecordProcessor.Configuration
  private let boxes: [ProcessorBox]

  init(configuration: RecordProcessor.Configuration, workerCount: Int) {
    self.configuration = configuration
    boxes = (0..<max(workerCount, 1)).map { _ in
      ProcessorBox(RecordProcessor(configuration: configuration))
    }
  }

  var name: String { "build-pairs" }
  var outputKind: String { "pairs" }
  var writesReport: Bool { false }
  var fingerprint: String { "\(configuration)" }
  var extraInputs: [String] { [] }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  func start(cancellation: CancellationFlag?) {}

  func process(_ round: JobRound) -> [StepResult<BuildPairsCounters>] {
    let workerBoxes = boxes
    return ConcurrentMap.map(count: round.records.count, workerCount: boxes.count) {
      worker, index in
      switch workerBoxes[worker].processor.process(
        round.records[index], path: round.shard.path, shardName: round.shard.name)
      {
      case .accepted(let id, let lines, let statistics, let chunkCount, let isKeepAll, let tokens):
        var counters = BuildPairsCounters(
          acceptedChunkCount: chunkCount, isKeepAll: isKeepAll, statistics: statistics)
        for count in tokens { counters.pairTokens.add(count) }
        return .written(id: id, output: lines, report: [], counters: counters)
      case .rejected(let rejection, _):
        return .rejected(rejection)
      }
    }
  }

  func skip(_ round: JobRound) -> [String?] {
    let fields = configuration.fields
    return ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) { index in
      let read = CorpusRecord.read(
        round.records[index], path: round.shard.path, shardName: round.shard.name,
        idField: fields.id, textField: fields.text)
      switch read {
      case .success(let record): return record.id
      case .failure(let rejection): return rejection.id
      }
    }
  }

  /// The pairs over `--max-pair-tokens` that the workers' processors rejected in the shard.
  func takeShardCounters() -> BuildPairsCounters {
    var counters = BuildPairsCounters()
    for box in boxes {
      counters.overTokenLimitPairCount += box.processor.overTokenLimitPairCount
      box.processor.overTokenLimitPairCount = 0
    }
    return counters
  }

  func finish() -> BuildPairsCounters { BuildPairsCounters() }
}

/// One worker's processor; each worker touches only its own box.
private final class ProcessorBox: @unchecked Sendable {
  var processor: RecordProcessor
  init(_ processor: RecordProcessor) { self.processor = processor }
}

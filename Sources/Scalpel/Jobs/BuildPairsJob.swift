#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `build-pairs` job: `ShardedJob` with ``RecordProcessor`` as its step, writing pairs
/// and rejects in input order.
///
/// Memory stays bounded by about 10 MiB plus four times the round size (input, the next
/// round read ahead, results, output buffer; five with more than one job, as the results of
/// a round are written while the next is processed) plus about three times the largest
/// record's JSONL bytes (its line is released once parsed, and the alignment's scratch once
/// it ends; the texts and the chunks' targets remain, but no chunk's text: each is made from
/// the original while the chunk is encoded, and the refined text is released before the
/// encoding: 2.8× for a 10 MB record, of which 11 MiB is the process's fixed cost, 2.1× for
/// 100 MB, with `scalpel`'s fixed `mallopt` mmap threshold), plus
/// the ids of the run (`IDRegistry`: about 40 bytes per record).
/// The output is byte-identical for every job count.
public struct BuildPairsJob: Sendable {
  /// Inputs, outputs, workers, resume and limits.
  public var options: JobOptions
  /// How records are processed.
  public var processing: RecordProcessor.Configuration
  /// The batch output file of the expert's replies (`--expert-replies`), or `nil` when the
  /// refinements are a field of each record. With replies, each chunk is a record of the
  /// summary: it becomes a pair or a reject of its own.
  public var expertRepliesPath: String?
  /// The LLaMA-Factory `dataset_info.json` that registers the output, if wanted: checked
  /// with the other outputs and read before any record is, and written (the entry merged
  /// into it) only when the run succeeds, as ``JobSummary/failureReason(maximumRejectRate:allowsEmptyInput:)``
  /// judges it with the options' limits.
  public var datasetInfo: DatasetInfoFile?
  /// The share of documents, 0…1, whose pairs go to the second output
  /// (``JobDestination/files(output:rejects:report:)``'s `report`, or `NAME.holdout.jsonl`
  /// per shard) instead of the main one, drawn by document id and the recipe's seed; `nil`
  /// for no hold-out. All chunks of a document go the same way, so no document is in both.
  public var holdoutRate: Double?

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
    let step = BuildPairsStep(
      configuration: processing, workerCount: options.jobCount, repliesPath: expertRepliesPath,
      spoolDirectory: Self.spoolDirectory(options.destination),
      maximumReplyByteCount: options.maximumRecordByteCount,
      readsEveryRecord: options.recordLimit == nil, datasetInfo: datasetInfo,
      holdoutRate: holdoutRate)
    let summary = try ShardedJob(options: options, step: step).run(
      cancellation: cancellation, progress: progress)
    if let datasetInfo,
      summary.failureReason(
        maximumRejectRate: options.maximumRejectRate, allowsEmptyInput: options.allowsEmptyInput)
        == nil
    {
      do throws(FileError) { try datasetInfo.write() } catch { throw .file(error) }
    }
    return summary
  }

  /// Where the replies are spooled: beside the output, or in `$TMPDIR` for standard output.
  static func spoolDirectory(_ destination: JobDestination) -> String {
    func parent(_ path: String) -> String {
      let utf8 = Array(path.utf8)
      guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
      return slash == 0 ? "/" : String(decoding: utf8[..<slash], as: UTF8.self)
    }
    switch destination {
    case .files(let output, _, _):
      if output != "-" && !ResolvedPath(output).isSpecialFile { return parent(output) }
    case .directory(let directory):
      return parent(directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
    }
    return getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
  }

  /// Creates a job.
  public init(
    options: JobOptions, processing: RecordProcessor.Configuration = .init(),
    datasetInfo: DatasetInfoFile? = nil
  ) {
    self.options = options
    self.processing = processing
    self.datasetInfo = datasetInfo
  }
}

/// The per-round step of `build-pairs`: each worker builds pairs with its own processor.
///
/// With expert replies, a round is read and chunked in parallel, joined with its replies in
/// order (``BatchReplyIndex``), and built in parallel, each chunk a part of its record.
struct BuildPairsStep: RecordStep {
  let configuration: RecordProcessor.Configuration
  let repliesPath: String?
  let spoolDirectory: String
  let maximumReplyByteCount: Int
  private let boxes: [ProcessorBox]
  private var replies: BatchReplyIndex?
  private var shardCounters = BuildPairsCounters()
  /// Whether `--max-records` may leave documents unread, whose replies then stay unused.
  let readsEveryRecord: Bool

  /// The `dataset_info.json` that the job writes after the run.
  let datasetInfo: DatasetInfoFile?
  /// The hold-out share, or `nil`.
  let holdoutRate: Double?

  init(
    configuration: RecordProcessor.Configuration, workerCount: Int, repliesPath: String? = nil,
    spoolDirectory: String = ".",
    maximumReplyByteCount: Int = LineReader.defaultMaximumLineByteCount,
    readsEveryRecord: Bool = true, datasetInfo: DatasetInfoFile? = nil, holdoutRate: Double? = nil
  ) {
    self.holdoutRate = holdoutRate
    self.readsEveryRecord = readsEveryRecord
    self.maximumReplyByteCount = maximumReplyByteCount
    self.configuration = configuration
    self.repliesPath = repliesPath
    self.spoolDirectory = spoolDirectory
    self.datasetInfo = datasetInfo
    boxes = (0..<max(workerCount, 1)).map { _ in
      ProcessorBox(RecordProcessor(configuration: configuration))
    }
  }

  var name: String { "build-pairs" }
  var outputKind: String { "pairs" }
  /// The second output is the hold-out file.
  var writesReport: Bool { holdoutRate != nil }
  var reportKind: String { "holdout" }
  var reportFlag: String { "--holdout-output" }
  var fingerprint: String {
    "\(configuration.fingerprint)\nreplies \(repliesPath ?? "-")\nholdout \(holdoutRate.map { "\($0)" } ?? "-")"
  }
  var extraInputs: [String] { repliesPath.map { [$0] } ?? [] }
  var extraOutputs: [OutputCheck.Role] {
    datasetInfo.map { [OutputCheck.Role("--dataset-info", $0.path)] } ?? []
  }
  var duplicateIDPolicy: DuplicateIDPolicy { .reject }

  /// Checks that an existing `dataset_info.json` can take the entry, and reads the replies,
  /// before any record is read.
  mutating func start(cancellation: CancellationFlag?) throws {
    _ = try datasetInfo?.existingValue()
    guard let repliesPath else { return }
    replies = try BatchReplyIndex(
      path: repliesPath, spoolDirectory: spoolDirectory,
      maximumLineByteCount: maximumReplyByteCount, cancellation: cancellation)
  }

  /// With replies, every reply is matched with a chunk before the run, so that a reply
  /// naming no chunk fails it before anything is written.
  var checksWholeInputFirst: Bool { replies != nil }

  mutating func preflight(_ round: JobRound) throws {
    guard let replies else { return }
    _ = try join(read(round), replies)
  }

  mutating func finishPreflight() throws {
    try replies?.checkAllTaken(readsEveryRecord: readsEveryRecord)
    replies?.resetConsumption()
  }

  mutating func process(_ round: JobRound) throws -> [StepResult<BuildPairsCounters>] {
    let results: [StepResult<BuildPairsCounters>]
    if let replies {
      results = try processWithReplies(round, replies)
    } else {
      let workerBoxes = boxes
      // Each record's bytes are released once parsed, not when the round ends.
      let records = round.takeRecords()
      results = ConcurrentMap.map(count: records.count, workerCount: boxes.count) {
        worker, index in
        var record = records.take(index)
        return Self.result(
          workerBoxes[worker].processor.process(
            releasing: &record, path: round.shard.path, shardName: round.shard.name))
      }
    }
    guard let holdoutRate else { return results }
    let seed = configuration.seed
    return results.map { result in
      guard let id = result.id,
        IDSampling.isDrawn(id: id, seed: seed, rate: holdoutRate, purpose: .holdout)
      else { return result }
      return Self.heldOut(result)
    }
  }

  /// `result` with its pairs moved from the main output to the hold-out file.
  private static func heldOut(_ result: StepResult<BuildPairsCounters>)
    -> StepResult<BuildPairsCounters>
  {
    switch result {
    case .written(let id, let output, _, var counters):
      counters.heldOutRecordCount = 1
      counters.heldOutPairCount = counters.pairCount
      counters.pairCount = 0
      return .written(id: id, output: [], report: output, counters: counters)
    case .rejected:
      return result
    case .split(let id, let parts):
      return .split(id: id, parts: parts.map(heldOut))
    }
  }

  private static func result(_ outcome: RecordOutcome) -> StepResult<BuildPairsCounters> {
    switch outcome {
    case .accepted(let id, let lines, let statistics, let chunkCount, let isKeepAll, let tokens):
      var counters = BuildPairsCounters(
        acceptedChunkCount: chunkCount, isKeepAll: isKeepAll, statistics: statistics)
      for count in tokens { counters.pairTokens.add(count) }
      return .written(id: id, output: lines, report: [], counters: counters)
    case .rejected(let rejection, _):
      return .rejected(rejection)
    }
  }

  /// Reads and chunks in parallel, joins in order, builds in parallel.
  private mutating func processWithReplies(_ round: JobRound, _ replies: BatchReplyIndex) throws
    -> [StepResult<BuildPairsCounters>]
  {
    let documents = read(round)
    let documentReplies = try join(documents, replies)
    let workerBoxes = boxes
    let built = ConcurrentMap.map(count: documents.count, workerCount: boxes.count) {
      [documentReplies] worker, index -> (
        StepResult<BuildPairsCounters>, RecordProcessor.ReplyCounts
      ) in
      switch documents[index] {
      case .failure(let rejection):
        return (.rejected(rejection), RecordProcessor.ReplyCounts())
      case .success(let document):
        let (outcomes, counts) = workerBoxes[worker].processor.pairs(
          of: document, replies: documentReplies[index])
        return (.split(id: document.id, parts: outcomes.map(Self.result)), counts)
      }
    }
    for (_, counts) in built {
      shardCounters.supersededReplyCount += counts.supersededReplyCount
      shardCounters.ignoredReplyCount += counts.ignoredReplyCount
    }
    return built.map(\.0)
  }

  /// Takes the replies of each document in order (the index notes the first reply naming a
  /// chunk beyond its document's last).
  private func join(
    _ documents: [Result<RecordProcessor.ChunkedDocument, RecordRejection>],
    _ replies: BatchReplyIndex
  ) throws -> [[BatchReplyIndex.Reply]] {
    var documentReplies: [[BatchReplyIndex.Reply]] = []
    documentReplies.reserveCapacity(documents.count)
    for document in documents {
      switch document {
      case .success(let document):
        documentReplies.append(
          try replies.take(
            documentID: document.id, chunkCount: document.chunks.count, source: document.source))
      case .failure(let rejection):
        // A rejected record whose id could be read still takes its replies.
        if let id = rejection.id {
          _ = try replies.take(documentID: id)
        } else {
          replies.noteAnonymousReject()
        }
        documentReplies.append([])
      }
    }
    return documentReplies
  }

  private func read(_ round: JobRound) -> [Result<RecordProcessor.ChunkedDocument, RecordRejection>]
  {
    let workerBoxes = boxes
    return ConcurrentMap.map(count: round.records.count, workerCount: boxes.count) {
      worker, index in
      workerBoxes[worker].processor.readChunked(
        round.records[index], path: round.shard.path, shardName: round.shard.name)
    }
  }

  mutating func skip(_ round: JobRound) throws -> [String?] {
    if let replies {
      var ids: [String?] = []
      for document in read(round) {
        switch document {
        case .success(let document):
          _ = try replies.take(documentID: document.id)
          ids.append(document.id)
        case .failure(let rejection):
          if let id = rejection.id {
            _ = try replies.take(documentID: id)
          } else {
            replies.noteAnonymousReject()
          }
          ids.append(rejection.id)
        }
      }
      return ids
    }
    return CorpusRecord.ids(in: round, fields: configuration.fields)
  }

  /// Counters of the shard that belong to no record: the replies superseded or ignored, and
  /// the pairs over `--max-pair-tokens` that the workers' processors rejected.
  mutating func takeShardCounters() -> BuildPairsCounters {
    var counters = shardCounters
    shardCounters = BuildPairsCounters()
    for box in boxes {
      counters.overTokenLimitPairCount += box.processor.overTokenLimitPairCount
      box.processor.overTokenLimitPairCount = 0
    }
    return counters
  }

  mutating func finish() throws -> BuildPairsCounters {
    var counters = BuildPairsCounters()
    guard let replies else { return counters }
    try replies.checkAllTaken(readsEveryRecord: readsEveryRecord)
    counters.replyLineCount = replies.lineCount
    return counters
  }

}

/// One worker's processor; each worker touches only its own box.
private final class ProcessorBox: @unchecked Sendable {
  var processor: RecordProcessor
  init(_ processor: RecordProcessor) { self.processor = processor }
}

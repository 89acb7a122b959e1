/// Where the programs of the documents come from.
public enum ProgramSource: Sendable, Hashable {
  /// A programs file; `-` is standard input. Its first non-blank line tells its kind
  /// (Specification §6.2): a line with a `custom_id` makes it a batch output file, whose
  /// replies are indexed and joined in any order (`ReplyJoin`); otherwise its program
  /// records are joined in corpus order (`ProgramJoin`).
  case file(String)
  /// A field of each document record (see ``DocumentRecord/read(_:path:shardName:fields:programField:)``).
  case field(String)
  /// No programs: every chunk stays unchanged.
  case none
}

/// The `apply` job: `ShardedJob` whose step joins each document with its chunk programs,
/// refines it with ``DocumentRefiner`` on several threads, and writes every record back with
/// its refined text, in input order.
///
/// Each round is parsed in parallel, joined with its programs in order (`ProgramJoin` for
/// a programs file of program records, whose lines are parsed in parallel too, a batch at
/// a time, `ReplyJoin` for a batch output file), refined and encoded in parallel. Memory
/// stays bounded by about five times the round size (the next round is read ahead; six with
/// more than one job, as the outputs of a round are written while the next is processed)
/// plus the largest record, one batch of program lines (at most 8 MiB or a round), the programs of
/// one document and the ids of the run (`IDRegistry`);
/// with batch replies, plus the reply index (32 bytes per reply line, 53 measured, the
/// texts spooled to disk beside the output). The output is byte-identical for every job
/// count. Two records with one id fail the run (``JobError/duplicateID(id:first:second:)``),
/// as does a program line no document took
/// (``JobError/unconsumedPrograms(path:lineNumber:documentID:)``), a reply naming no chunk
/// (``JobError/unmatchedReply(path:lineNumber:customID:detail:)``, found before anything is
/// written when the inputs can be read twice), and a programs file of which no line gives
/// a program (``JobError/noUsablePrograms(path:detail:)``).
/// With ``JobDestination/files(output:rejects:report:)``, a report file gets one
/// ``DocumentReport`` line per written document.
public struct ApplyJob: Sendable {
  /// Inputs, outputs, workers, resume and limits.
  public var options: JobOptions
  /// Where the programs come from.
  public var programs: ProgramSource
  /// Where the id and text are and where the refined text goes.
  public var fields = CorpusFields()
  /// Chunking and error budget.
  public var refinement = RefinementOptions()
  /// The most problems listed per document in the report.
  public var maximumReportedErrorCount = 20
  /// The ``Recipe/hash`` of the run's recipe (`--recipe`): a programs line from a pairs file
  /// made with another recipe (`meta.recipe`) fails the run.
  public var recipeHash: String?

  /// Creates a job; the other settings have their defaults.
  public init(options: JobOptions, programs: ProgramSource) {
    self.options = options
    self.programs = programs
  }

  /// Runs the job.
  ///
  /// - Parameters:
  ///   - cancellation: When raised, the job stops, removes its temporary files and throws
  ///     ``JobError/interrupted(completedShardCount:)``.
  ///   - progress: Called after each round with counts so far.
  /// - Returns: The counts of the whole run.
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n* + *p*) plus the executor's cost, where *n* is the size of the
  ///   inputs and *p* the size of the programs.
  public func run(
    cancellation: CancellationFlag? = nil, progress: ((JobProgress<ApplyCounters>) -> Void)? = nil
  ) throws(JobError) -> ApplySummary {
    try ShardedJob(options: options, step: ApplyStep(job: self)).run(
      cancellation: cancellation, progress: progress)
  }
}

/// The per-round step of `apply`: parse in parallel, join in order, refine in parallel.
struct ApplyStep: RecordStep {
  let options: ApplyJob
  private let refiner: DocumentRefiner
  private var join: ProgramJoin?
  private var replies: ReplyJoin?
  private var invalidLinesBefore = 0

  init(job: ApplyJob) {
    options = job
    refiner = DocumentRefiner(options: job.refinement)
  }

  var name: String { "apply" }
  var outputKind: String { "refined" }
  var writesReport: Bool {
    switch options.options.destination {
    case .directory: return true
    case .files(_, _, let report): return report != nil
    }
  }
  var fingerprint: String {
    "\(options.programs)\n\(options.fields)\n\(options.refinement)\n\(options.maximumReportedErrorCount)\n\(options.recipeHash ?? "-")"
  }
  var extraInputs: [String] {
    if case .file(let path) = options.programs { return [path] }
    return []
  }
  var duplicateIDPolicy: DuplicateIDPolicy { .fail }

  /// Opens the programs file; a batch output file is read and indexed whole, and a file of
  /// which no line gives a program fails the run here, before anything is written.
  mutating func start(cancellation: CancellationFlag?) throws {
    guard case .file(let path) = options.programs else { return }
    let maximumLineByteCount = options.options.maximumRecordByteCount
    switch try ProgramsFileKind.detect(path: path, maximumLineByteCount: maximumLineByteCount) {
    case .batchOutput:
      let replies = try ReplyJoin(
        path: path, spoolDirectory: BuildPairsJob.spoolDirectory(options.options.destination),
        maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
      guard replies.programLineCount > 0 else {
        throw JobError.noUsablePrograms(
          path: path,
          detail:
            "\(replies.lineCount) batch reply line(s), none usable: each has an error, a status other than 200, finish_reason length or no content"
        )
      }
      self.replies = replies
    case .programRecords:
      if ProgramsFileKind.isRereadable(path) {
        let reader = try ProgramsFileReader(path: path, maximumLineByteCount: maximumLineByteCount)
        if try reader.next() == nil, reader.lineCount > 0 {
          throw JobError.noUsablePrograms(
            path: path,
            detail: Self.invalidDetail(path, reader.lineCount, reader.firstInvalidLine))
        }
      }
      // The program lines are parsed on the workers, a batch of at most a round's size at
      // a time.
      join = try ProgramJoin(
        path: path, maximumLineByteCount: maximumLineByteCount,
        workerCount: options.options.jobCount, batchLineCount: options.options.roundRecordCount,
        batchByteCount: min(options.options.roundByteCount, 8 << 20), cancellation: cancellation)
      join?.expectedRecipeHash = options.recipeHash
    }
  }

  /// Why no line of the programs file `path` of `lineCount` lines is a program record.
  private static func invalidDetail(_ path: String, _ lineCount: Int, _ firstInvalidLine: String?)
    -> String
  {
    "all \(lineCount) line(s) are invalid, the first: \(firstInvalidLine ?? "?")"
      + (ProgramsFileKind.isRereadable(path)
        ? ""
        : "; a batch output file is recognised only in a regular file, not on - or a pipe")
  }

  /// With batch replies, every reply is matched with a chunk before the run, so that a
  /// reply naming no chunk fails it before anything is written.
  var checksWholeInputFirst: Bool { replies != nil }

  mutating func preflight(_ round: JobRound) throws {
    guard let replies else { return }
    _ = try joinReplies(read(round), replies, workerCount: round.workerCount)
  }

  mutating func finishPreflight() throws {
    try replies?.checkAllTaken(readsEveryRecord: true)
    replies?.reset()
  }

  /// The programs of each document from its replies, in order; rejected records with an id
  /// drop theirs.
  private func joinReplies(
    _ documents: [DocumentReadResult], _ replies: ReplyJoin, workerCount: Int
  ) throws -> [[ChunkProgram]] {
    let refiner = self.refiner
    let chunkCounts = ConcurrentMap.map(count: documents.count, workerCount: workerCount) {
      index in
      if case .document(let record) = documents[index] {
        return refiner.chunkCount(of: NormalizedText(record.text))
      }
      return 0
    }
    var programs: [[ChunkProgram]] = []
    programs.reserveCapacity(documents.count)
    for (index, document) in documents.enumerated() {
      switch document {
      case .document(let record):
        programs.append(
          try replies.programs(
            for: record.id, chunkCount: chunkCounts[index], source: record.source))
      case .rejected(let rejection):
        if let id = rejection.id {
          try replies.drop(documentID: id)
        } else {
          replies.noteAnonymousReject()
        }
        programs.append([])
      }
    }
    return programs
  }

  /// Parses the records of `round` in parallel.
  private func read(_ round: JobRound) -> [DocumentReadResult] {
    let fields = options.fields
    var programField: String?
    if case .field(let name) = options.programs { programField = name }
    return ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      [programField] index in
      DocumentRecord.read(
        round.records[index], path: round.shard.path, shardName: round.shard.name,
        fields: fields, programField: programField)
    }
  }

  /// Parses the records of `round` in parallel, each with its id and whether it is a
  /// document (not a rejected record).
  private func readWithKeys(_ round: JobRound) -> [(
    document: DocumentReadResult, key: (id: String?, isDocument: Bool)
  )] {
    let fields = options.fields
    return ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) {
      index in
      let document = DocumentRecord.read(
        round.records[index], path: round.shard.path, shardName: round.shard.name,
        fields: fields, programField: nil)
      switch document {
      case .document(let record): return (document, (record.id, true))
      case .rejected(let rejection): return (document, (rejection.id, false))
      }
    }
  }

  func process(_ round: JobRound) throws -> [StepResult<ApplyCounters>] {
    var documents: [DocumentReadResult]
    var programs: [[ChunkProgram]] = []
    if let join, replies == nil {
      // The ids are taken out of the records on the workers, as each is parsed; the join,
      // in record order, then touches only them.
      let parsed = readWithKeys(round)
      documents = parsed.map(\.document)
      programs.reserveCapacity(documents.count)
      for key in parsed.lazy.map(\.key) {
        // A rejected record whose id could be read still takes its programs, so that
        // they do not block the join.
        let taken = try key.id.map { id throws(FileError) in try join.programs(for: id) } ?? []
        programs.append(key.isDocument ? taken : [])
      }
    } else {
      documents = read(round)
      programs.reserveCapacity(documents.count)
      if let replies {
        programs = try joinReplies(documents, replies, workerCount: round.workerCount)
      }
    }
    for document in documents where replies == nil && join == nil {
      switch document {
      case .document(let record):
        programs.append(try join?.programs(for: record.id) ?? record.inlinePrograms)
      case .rejected(let rejection):
        // A rejected record whose id could be read still takes its programs, so that
        // they do not block the join.
        if let id = rejection.id { _ = try join?.programs(for: id) }
        programs.append([])
      }
    }
    let refiner = self.refiner
    let outputField = options.fields.output
    let writesReport = self.writesReport
    let maximumErrors = options.maximumReportedErrorCount
    let includesReplyCounts = replies != nil
    let includesDeleteShareCounts =
      options.refinement.maximumChunkDeleteShare != nil
      || options.refinement.maximumDocumentDeleteShare != nil
    // Each worker takes its document and programs, which are then released on the workers.
    let count = documents.count
    let (takenDocuments, takenPrograms) = (TakenOnce(documents), TakenOnce(programs))
    documents = []
    programs = []
    return ConcurrentMap.map(count: count, workerCount: round.workerCount) {
      index -> StepResult<ApplyCounters> in
      let programs = takenPrograms.take(index)
      switch takenDocuments.take(index) {
      case .rejected(let rejection):
        return .rejected(rejection)
      case .document(let record):
        let refinement = refiner.refine(NormalizedText(record.text), programs: programs)
        var writer = JSONWriter(capacity: record.text.utf8.count * 2 + 256)
        record.encode(refinedText: refinement.text.string, outputField: outputField, into: &writer)
        var reportWriter = JSONWriter()
        if writesReport {
          DocumentReport(
            id: record.id, source: record.source, refinement: refinement,
            maximumErrorCount: maximumErrors, includesReplyCounts: includesReplyCounts,
            includesDeleteShareCounts: includesDeleteShareCounts
          ).encode(into: &reportWriter)
        }
        let programCount = programs.reduce(0) { $0 + ($1.failure == nil ? 1 : 0) }
        return .written(
          id: record.id, output: writer.bytes, report: reportWriter.bytes,
          counters: ApplyCounters(refinement, programCount: programCount))
      }
    }
  }

  func skip(_ round: JobRound) throws -> [String?] {
    var ids: [String?] = []
    for document in read(round) {
      switch document {
      case .document(let record):
        _ = try join?.programs(for: record.id)
        try replies?.drop(documentID: record.id)
        ids.append(record.id)
      case .rejected(let rejection):
        if let id = rejection.id {
          _ = try join?.programs(for: id)
          try replies?.drop(documentID: id)
        } else {
          replies?.noteAnonymousReject()
        }
        ids.append(rejection.id)
      }
    }
    return ids
  }

  mutating func takeShardCounters() -> ApplyCounters {
    var counters = ApplyCounters()
    let invalidLines = join?.invalidLineCount ?? 0
    counters.invalidProgramLineCount = invalidLines - invalidLinesBefore
    invalidLinesBefore = invalidLines
    if let replies {
      // Per-shard summaries carry the replies object too (without the run's line count),
      // so that a resumed run adds up the superseded and failed replies of kept shards.
      counters.readsReplies = true
      counters.supersededReplyCount = replies.takeSupersededCount()
    }
    return counters
  }

  func finish() throws -> ApplyCounters {
    var counters = ApplyCounters()
    if let replies {
      try replies.checkAllTaken(readsEveryRecord: options.options.recordLimit == nil)
      counters.readsReplies = true
      counters.replyLineCount = replies.lineCount
      return counters
    }
    guard let join else { return counters }
    if let (lineNumber, documentID) = try join.firstUnconsumedLine() {
      throw JobError.unconsumedPrograms(
        path: join.path, lineNumber: lineNumber, documentID: documentID)
    }
    // Standard input is checked only here, as it cannot be read twice.
    if join.lineCount > 0 && join.invalidLineCount == join.lineCount {
      throw JobError.noUsablePrograms(
        path: join.path,
        detail: Self.invalidDetail(join.path, join.lineCount, join.firstInvalidLine))
    }
    counters.firstInvalidProgramLine = join.firstInvalidLine
    return counters
  }
}

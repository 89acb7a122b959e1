#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the programs of the documents come from.
public enum ProgramSource: Sendable, Hashable {
  /// A programs file in corpus order, joined by ``ProgramJoin``; `-` is standard input.
  case file(String)
  /// A field of each document record (see ``DocumentRecord/read(_:path:fields:programField:)``).
  case field(String)
  /// No programs: every chunk stays unchanged.
  case none
}

/// Everything an `apply` run needs.
public struct ApplyOptions: Sendable {
  /// Input files, directories of shards, or `-` for standard input.
  public var inputs: [String]
  /// Where the programs come from.
  public var programs: ProgramSource
  /// Where the id and text are and where the refined text goes.
  public var fields: DocumentFields
  /// Chunking and error budget.
  public var refinement: RefinementOptions
  /// One output file for all inputs (`-` is standard output); or use `outputDirectory`.
  public var output: String?
  /// A directory that receives, per shard, `<name>.refined.jsonl`, `<name>.rejects.jsonl`,
  /// `<name>.report.jsonl` and `<name>.summary.json`.
  public var outputDirectory: String?
  /// With `output`: the rejects file (JSONL), if wanted.
  public var rejects: String?
  /// With `output`: the per-document report file (JSONL), if wanted.
  public var report: String?
  /// The summary as JSON, if wanted.
  public var statsPath: String?
  /// The most problems listed per document in the report.
  public var maximumReportedErrorCount: Int
  /// Worker threads; output is identical whatever the number.
  public var jobCount: Int
  /// Skip work whose output is already complete.
  public var resumes: Bool
  /// Input bytes read per round; memory stays within a small multiple of this.
  public var roundByteCount: Int
  /// Records read per round at most.
  public var roundRecordCount: Int
  /// Longer input lines (and program lines) are rejected without being buffered.
  public var maximumRecordByteCount: Int

  /// Creates options; outputs default to standard output.
  public init(
    inputs: [String], programs: ProgramSource, fields: DocumentFields = DocumentFields(),
    refinement: RefinementOptions = RefinementOptions(), output: String? = nil,
    outputDirectory: String? = nil, rejects: String? = nil, report: String? = nil,
    statsPath: String? = nil, maximumReportedErrorCount: Int = 20, jobCount: Int = 1,
    resumes: Bool = false, roundByteCount: Int = 32 << 20, roundRecordCount: Int = 4096,
    maximumRecordByteCount: Int = 512 << 20
  ) {
    self.inputs = inputs
    self.programs = programs
    self.fields = fields
    self.refinement = refinement
    self.output = output
    self.outputDirectory = outputDirectory
    self.rejects = rejects
    self.report = report
    self.statsPath = statsPath
    self.maximumReportedErrorCount = maximumReportedErrorCount
    self.jobCount = jobCount
    self.resumes = resumes
    self.roundByteCount = roundByteCount
    self.roundRecordCount = roundRecordCount
    self.maximumRecordByteCount = maximumRecordByteCount
  }
}

/// Progress of a running `apply` job, reported after every round.
public struct ApplyProgress: Sendable {
  /// The shard being read.
  public var shard: String
  /// Counts so far, over all shards.
  public var summary: ApplySummary
}

/// Why an `apply` run failed.
public enum ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// An input or output failed.
  case file(FileError)
  /// After the last document, the programs file still had a program line that no
  /// document took: the file is not in corpus order, or names a document the corpus
  /// does not have. Nothing of the run is published.
  case unconsumedPrograms(path: String, lineNumber: Int, documentID: String)
  /// The job's ``CancellationFlag`` was raised; temporary files were removed and
  /// shard outputs completed before it were kept.
  case interrupted

  /// The message for people.
  public var description: String {
    switch self {
    case .file(let error):
      return error.description
    case .unconsumedPrograms(let path, let lineNumber, let documentID):
      return
        "programs file '\(path)' line \(lineNumber): no document took the program of '\(documentID)'. "
        + "Programs must be grouped by document and in corpus order (documents without programs may "
        + "be left out); sort the programs file in the order of the inputs. No output was published."
    case .interrupted:
      return "interrupted; nothing partial written"
    }
  }
}

/// The `apply` job: streams JSONL documents, joins each with its chunk programs,
/// refines it with ``DocumentRefiner`` on several threads, and writes every record back
/// with its refined text, in input order.
///
/// Each round of at most ``ApplyOptions/roundByteCount`` input bytes is parsed in
/// parallel, joined with its programs in order (``ProgramJoin`` for a programs file),
/// refined and encoded in parallel, and written in order before the next round is
/// read. Memory stays bounded by about four times the round size plus the largest
/// record and the programs of one document; the output is byte-identical for every
/// job count. Outputs are written to temporary files and renamed only when complete.
public final class ApplyJob {
  /// The options of the run.
  public let options: ApplyOptions
  private let refiner: DocumentRefiner
  private var cancellation: CancellationFlag?

  /// Creates a job.
  public init(options: ApplyOptions) {
    self.options = options
    refiner = DocumentRefiner(options: options.refinement)
  }

  /// Runs the job.
  ///
  /// - Parameters:
  ///   - cancellation: Checked between rounds; when raised, the job removes its
  ///     temporary files and throws ``ApplyError/interrupted``.
  ///   - progress: Called after each round with counts so far.
  /// - Returns: The counts of the whole run.
  /// - Throws: ``ApplyError`` for input or output failures, when the programs file
  ///   is not in corpus order, or when interrupted.
  /// - Complexity: O(*n* + *p*) plus the executor's cost, where *n* is the size of the
  ///   inputs and *p* the size of the programs.
  public func run(
    cancellation: CancellationFlag? = nil, progress: ((ApplyProgress) -> Void)? = nil
  ) throws(ApplyError) -> ApplySummary {
    self.cancellation = cancellation
    do {
      return try runOrThrow(progress)
    } catch let error as ApplyError {
      throw error
    } catch let error as FileError {
      throw .file(error)
    } catch {
      throw .file(FileError(path: "-", operation: "run", reason: "\(error)"))
    }
  }

  private func runOrThrow(_ progress: ((ApplyProgress) -> Void)?) throws -> ApplySummary {
    let start = MonotonicClock.seconds()
    let shards = try InputShards.expand(options.inputs)
    var join: ProgramJoin?
    if case .file(let path) = options.programs {
      join = try ProgramJoin(path: path, maximumLineByteCount: options.maximumRecordByteCount)
    }
    var total = ApplySummary()
    if let directory = options.outputDirectory {
      if mkdir(directory, 0o777) != 0 && errno != EEXIST {
        throw FileError(path: directory, operation: "create directory", errorNumber: errno)
      }
      var published: [String] = []
      for (shardIndex, shard) in shards.enumerated() {
        let shardStart = MonotonicClock.seconds()
        let name = InputShards.baseName(shard == "-" ? "stdin.jsonl" : shard)
        let stem = name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
        let outputPath = "\(directory)/\(stem).refined.jsonl"
        let summaryPath = "\(directory)/\(stem).summary.json"
        if options.resumes && InputShards.fileExists(outputPath),
          let saved = ApplyJob.loadSummary(summaryPath)
        {
          // Read the shard's ids anyway, so the join stays in step.
          if let join { try skip(shard, join) }
          var resumed = saved
          resumed.resumedShardCount = 1
          total.add(resumed)
          continue
        }
        let outputs = ShardOutputs(
          output: try AtomicFileWriter(path: outputPath),
          rejects: try AtomicFileWriter(path: "\(directory)/\(stem).rejects.jsonl"),
          report: try AtomicFileWriter(path: "\(directory)/\(stem).report.jsonl"))
        var shardSummary = ApplySummary()
        try process(shard, outputs, join, &shardSummary, total, progress)
        if shardIndex == shards.count - 1 { try checkJoinIsComplete(join, published: published) }
        shardSummary.seconds = MonotonicClock.seconds() - shardStart
        var writer = JSONWriter()
        shardSummary.encode(into: &writer)
        writer.appendNewline()
        let summaryFile = try AtomicFileWriter(path: summaryPath)
        try summaryFile.write(writer.bytes)
        // The refined file is renamed last: its presence means the shard is complete.
        try outputs.rejects?.commit()
        try outputs.report?.commit()
        try summaryFile.commit()
        try outputs.output.commit()
        published += [
          "\(directory)/\(stem).rejects.jsonl", "\(directory)/\(stem).report.jsonl", summaryPath,
          outputPath,
        ]
        total.add(shardSummary)
      }
      try checkJoinIsComplete(join, published: published)
    } else {
      let outputPath = options.output ?? "-"
      if options.resumes && outputPath != "-" && InputShards.fileExists(outputPath)
        && (options.rejects.map(InputShards.fileExists) ?? true)
        && (options.report.map(InputShards.fileExists) ?? true)
      {
        total.resumedShardCount = shards.count
        total.seconds = MonotonicClock.seconds() - start
        return total
      }
      let outputs = ShardOutputs(
        output: try AtomicFileWriter(path: outputPath),
        rejects: try options.rejects.map { path throws(FileError) in
          try AtomicFileWriter(path: path)
        },
        report: try options.report.map { path throws(FileError) in try AtomicFileWriter(path: path)
        })
      for shard in shards {
        var shardSummary = ApplySummary()
        try process(shard, outputs, join, &shardSummary, total, progress)
        total.add(shardSummary)
      }
      try checkJoinIsComplete(join, published: [])
      try outputs.rejects?.commit()
      try outputs.report?.commit()
      try outputs.output.commit()
    }
    total.seconds = MonotonicClock.seconds() - start
    total.firstInvalidProgramLine = join?.firstInvalidLine
    if let statsPath = options.statsPath {
      var writer = JSONWriter()
      total.encode(into: &writer)
      writer.appendNewline()
      let file = try AtomicFileWriter(path: statsPath)
      try file.write(writer.bytes)
      try file.commit()
    }
    return total
  }

  /// The writers of one shard (or of the whole run).
  private struct ShardOutputs {
    var output: AtomicFileWriter
    var rejects: AtomicFileWriter?
    var report: AtomicFileWriter?
  }

  /// Throws if a program line was never taken; removes the files this run published.
  private func checkJoinIsComplete(_ join: ProgramJoin?, published: [String]) throws {
    guard let join, let (lineNumber, documentID) = try join.firstUnconsumedLine() else { return }
    for path in published { unlink(path) }
    throw ApplyError.unconsumedPrograms(
      path: join.path, lineNumber: lineNumber, documentID: documentID)
  }

  /// What became of one record in the second parallel step.
  private enum Outcome: Sendable {
    case written(line: [UInt8], report: [UInt8], summary: ApplySummary)
    case rejected(RecordRejection)
  }

  /// Reads the next round of records, or an empty list at the end of the shard.
  private func nextRound(_ reader: LineReader) throws -> (records: [LineRecord], byteCounts: [Int])
  {
    var records: [LineRecord] = []
    var byteCounts: [Int] = []
    var roundBytes = 0
    while records.count < options.roundRecordCount && roundBytes < options.roundByteCount,
      let record = try reader.nextLine()
    {
      let byteCount: Int
      switch record {
      case .line(_, let bytes):
        // Blank lines are not records.
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
        byteCount = bytes.count + 1
        roundBytes += byteCount
      case .lineTooLong(_, let count):
        byteCount = count + 1
      }
      records.append(record)
      byteCounts.append(byteCount)
    }
    return (records, byteCounts)
  }

  /// Parses `records` in parallel.
  private func read(_ records: [LineRecord], _ shard: String) -> [DocumentReadResult] {
    let fields = options.fields
    var programField: String?
    if case .field(let name) = options.programs { programField = name }
    return ConcurrentMap.map(count: records.count, workerCount: options.jobCount) {
      [programField] index in
      DocumentRecord.read(records[index], path: shard, fields: fields, programField: programField)
    }
  }

  /// Reads one shard round by round, refines each round in parallel and writes it in order.
  private func process(
    _ shard: String, _ outputs: ShardOutputs, _ join: ProgramJoin?, _ summary: inout ApplySummary,
    _ total: ApplySummary, _ progress: ((ApplyProgress) -> Void)?
  ) throws {
    let reader = try LineReader(path: shard, maximumLineByteCount: options.maximumRecordByteCount)
    var rejectWriter = JSONWriter()
    let invalidLinesBefore = join?.invalidLineCount ?? 0
    while true {
      if cancellation?.isRequested == true { throw ApplyError.interrupted }
      let (records, byteCounts) = try nextRound(reader)
      if records.isEmpty { break }
      let documents = read(records, shard)
      var programs: [[ChunkProgram]] = []
      programs.reserveCapacity(documents.count)
      for document in documents {
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
      let fields = options.fields
      let writesReport = outputs.report != nil
      let maximumErrors = options.maximumReportedErrorCount
      let outcomes = ConcurrentMap.map(count: documents.count, workerCount: options.jobCount) {
        [programs] index -> Outcome in
        switch documents[index] {
        case .rejected(let rejection):
          return .rejected(rejection)
        case .document(let record):
          let refinement = refiner.refine(NormalizedText(record.text), programs: programs[index])
          var writer = JSONWriter(capacity: record.text.utf8.count * 2 + 256)
          record.encode(
            refinedText: refinement.text.string, outputField: fields.output, into: &writer)
          var reportWriter = JSONWriter()
          if writesReport {
            DocumentReport(
              id: record.id, source: record.source, refinement: refinement,
              maximumErrorCount: maximumErrors
            ).encode(into: &reportWriter)
          }
          var documentSummary = ApplySummary()
          documentSummary.recordDocument(
            refinement, programCount: programs[index].count, byteCount: byteCounts[index],
            outputByteCount: writer.bytes.count)
          return .written(line: writer.bytes, report: reportWriter.bytes, summary: documentSummary)
        }
      }
      for (index, outcome) in outcomes.enumerated() {
        switch outcome {
        case .written(let line, let report, let documentSummary):
          summary.add(documentSummary)
          try outputs.output.write(line)
          try outputs.report?.write(report)
        case .rejected(let rejection):
          summary.recordRejection(rejection, byteCount: byteCounts[index])
          if let rejects = outputs.rejects {
            rejectWriter.removeAll()
            rejection.encode(into: &rejectWriter)
            try rejects.write(rejectWriter.bytes)
          }
        }
      }
      summary.invalidProgramLineCount = (join?.invalidLineCount ?? 0) - invalidLinesBefore
      if let progress {
        var soFar = total
        soFar.add(summary)
        progress(ApplyProgress(shard: shard, summary: soFar))
      }
    }
  }

  /// Reads a shard that is already complete only to take its programs from the join.
  private func skip(_ shard: String, _ join: ProgramJoin) throws {
    let reader = try LineReader(path: shard, maximumLineByteCount: options.maximumRecordByteCount)
    while true {
      let (records, _) = try nextRound(reader)
      if records.isEmpty { break }
      for document in read(records, shard) {
        switch document {
        case .document(let record): _ = try join.programs(for: record.id)
        case .rejected(let rejection): if let id = rejection.id { _ = try join.programs(for: id) }
        }
      }
    }
  }

  /// Reads a shard summary written by an earlier run, or `nil`.
  static func loadSummary(_ path: String) -> ApplySummary? {
    guard InputShards.fileExists(path), let reader = try? LineReader(path: path),
      case .line(_, let bytes)? = try? reader.nextLine(),
      let value = try? JSONParser().parse(bytes)
    else { return nil }
    return ApplySummary(json: value)
  }
}

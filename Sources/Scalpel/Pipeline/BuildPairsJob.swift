#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Everything a `build-pairs` run needs.
public struct BuildPairsOptions: Sendable {
  /// Input files, directories of shards, or `-` for standard input.
  public var inputs: [String]
  /// One output file for all inputs (`-` is standard output); or use `outputDirectory`.
  public var output: String?
  /// A directory that receives, per shard, `<name>.pairs.jsonl`, `<name>.rejects.jsonl`
  /// and `<name>.summary.json`.
  public var outputDirectory: String?
  /// With `output`: the rejects file (JSONL), if wanted.
  public var rejects: String?
  /// The summary as JSON, if wanted.
  public var statsPath: String?
  /// How records are processed.
  public var processing: RecordProcessor.Configuration
  /// Worker threads; output is identical whatever the number.
  public var jobCount: Int
  /// Skip work whose output is already complete.
  public var resumes: Bool
  /// Input bytes read per round; memory stays within a small multiple of this.
  public var roundByteCount: Int
  /// Records read per round at most.
  public var roundRecordCount: Int
  /// Longer input lines are rejected as `line_too_long` without being buffered.
  public var maximumRecordByteCount: Int

  /// Creates options; outputs default to standard output.
  public init(
    inputs: [String], output: String? = nil, outputDirectory: String? = nil, rejects: String? = nil,
    statsPath: String? = nil, processing: RecordProcessor.Configuration = .init(),
    jobCount: Int = 1,
    resumes: Bool = false, roundByteCount: Int = 32 << 20, roundRecordCount: Int = 4096,
    maximumRecordByteCount: Int = 512 << 20
  ) {
    self.inputs = inputs
    self.output = output
    self.outputDirectory = outputDirectory
    self.rejects = rejects
    self.statsPath = statsPath
    self.processing = processing
    self.jobCount = jobCount
    self.resumes = resumes
    self.roundByteCount = roundByteCount
    self.roundRecordCount = roundRecordCount
    self.maximumRecordByteCount = maximumRecordByteCount
  }
}

/// Progress of a running job, reported after every round.
public struct BuildPairsProgress: Sendable {
  /// The shard being read.
  public var shard: String
  /// Counts so far, over all shards.
  public var summary: BuildPairsSummary
}

/// The `build-pairs` job: streams JSONL records through ``RecordProcessor`` on
/// several threads and writes pairs and rejects in input order.
///
/// Records are read in rounds of at most ``BuildPairsOptions/roundByteCount``
/// bytes; each round is processed by all workers and written in order before
/// the next is read, so memory stays bounded by about 10 MiB plus three times
/// the round size (input, results, output buffer) plus seven times the largest
/// record (it is held as bytes, strings, texts, alignment and pairs), and the output
/// is byte-identical for every job count. Outputs are written to temporary
/// files and renamed only when complete.
public final class BuildPairsJob {
  /// The options of the run.
  public let options: BuildPairsOptions
  private let boxes: [ProcessorBox]
  private var cancellation: CancellationFlag?
  private var completedShardCount = 0

  /// Creates a job.
  public init(options: BuildPairsOptions) {
    self.options = options
    boxes = (0..<max(options.jobCount, 1)).map { _ in
      ProcessorBox(RecordProcessor(configuration: options.processing))
    }
  }

  /// Runs the job.
  ///
  /// - Parameters:
  ///   - cancellation: Checked between rounds; when raised, the job removes its
  ///     temporary files and throws ``JobInterrupted``.
  ///   - progress: Called after each round with counts so far.
  /// - Returns: The counts of the whole run.
  /// - Throws: ``FileError`` for input or output failures, naming the path, or
  ///   ``JobInterrupted``.
  public func run(
    cancellation: CancellationFlag? = nil, progress: ((BuildPairsProgress) -> Void)? = nil
  ) throws -> BuildPairsSummary {
    self.cancellation = cancellation
    completedShardCount = 0
    let start = MonotonicClock.seconds()
    let shards = try InputShards.expand(options.inputs)
    var total = BuildPairsSummary()
    if let directory = options.outputDirectory {
      if mkdir(directory, 0o777) != 0 && errno != EEXIST {
        throw FileError(path: directory, operation: "create directory", errorNumber: errno)
      }
      for shard in shards {
        let shardStart = MonotonicClock.seconds()
        let name = InputShards.baseName(shard == "-" ? "stdin.jsonl" : shard)
        let stem = name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
        let pairsPath = "\(directory)/\(stem).pairs.jsonl"
        let rejectsPath = "\(directory)/\(stem).rejects.jsonl"
        let summaryPath = "\(directory)/\(stem).summary.json"
        if options.resumes && InputShards.fileExists(pairsPath),
          let saved = BuildPairsJob.loadSummary(summaryPath)
        {
          var resumed = saved
          resumed.resumedShardCount = 1
          total.add(resumed)
          continue
        }
        let pairs = try AtomicFileWriter(path: pairsPath)
        let rejects = try AtomicFileWriter(path: rejectsPath)
        var shardSummary = BuildPairsSummary()
        try process(shard, pairs, rejects, &shardSummary, &total, progress)
        shardSummary.seconds = MonotonicClock.seconds() - shardStart
        var writer = JSONWriter()
        shardSummary.encode(into: &writer)
        writer.appendNewline()
        let summaryFile = try AtomicFileWriter(path: summaryPath)
        try summaryFile.write(writer.bytes)
        // The pairs file is renamed last: its presence means the shard is complete.
        try rejects.commit()
        try summaryFile.commit()
        try pairs.commit()
        completedShardCount += 1
        total.add(shardSummary)
      }
    } else {
      let outputPath = options.output ?? "-"
      if options.resumes && outputPath != "-" && InputShards.fileExists(outputPath)
        && (options.rejects.map(InputShards.fileExists) ?? true)
      {
        total.resumedShardCount = shards.count
        total.seconds = MonotonicClock.seconds() - start
        return total
      }
      let pairs = try AtomicFileWriter(path: outputPath)
      let rejects = try options.rejects.map { path throws(FileError) in
        try AtomicFileWriter(path: path)
      }
      for shard in shards {
        var shardSummary = BuildPairsSummary()
        try process(shard, pairs, rejects, &shardSummary, &total, progress)
        total.add(shardSummary)
      }
      try rejects?.commit()
      try pairs.commit()
    }
    total.seconds = MonotonicClock.seconds() - start
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

  /// Reads one shard round by round, processes each round in parallel and writes it in order.
  private func process(
    _ shard: String, _ pairs: AtomicFileWriter, _ rejects: AtomicFileWriter?,
    _ summary: inout BuildPairsSummary, _ total: inout BuildPairsSummary,
    _ progress: ((BuildPairsProgress) -> Void)?
  ) throws {
    let reader = try LineReader(path: shard, maximumLineByteCount: options.maximumRecordByteCount)
    var records: [LineRecord] = []
    var rejectWriter = JSONWriter()
    while true {
      if cancellation?.isRequested == true {
        pairs.abort()
        rejects?.abort()
        throw JobInterrupted(completedShardCount: completedShardCount)
      }
      records.removeAll(keepingCapacity: true)
      var roundBytes = 0
      while records.count < options.roundRecordCount && roundBytes < options.roundByteCount,
        let record = try reader.nextLine()
      {
        if case .line(_, let bytes) = record {
          // Blank lines are not records.
          if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
          roundBytes += bytes.count + 1
        }
        records.append(record)
      }
      if records.isEmpty { break }
      let outcomes = processRound(records, path: shard)
      for (record, outcome) in zip(records, outcomes) {
        let byteCount: Int
        switch record {
        case .line(_, let bytes): byteCount = bytes.count + 1
        case .lineTooLong(_, let count): byteCount = count + 1
        }
        summary.record(outcome, byteCount: byteCount)
        switch outcome {
        case .accepted(let lines, _, _, _):
          try pairs.write(lines)
        case .rejected(let rejection, _):
          if let rejects {
            rejectWriter.removeAll()
            rejection.encode(into: &rejectWriter)
            try rejects.write(rejectWriter.bytes)
          }
        }
      }
      if let progress {
        var soFar = total
        soFar.add(summary)
        progress(BuildPairsProgress(shard: shard, summary: soFar))
      }
    }
  }

  /// Processes `records` on all workers; outcome *i* belongs to record *i*.
  private func processRound(_ records: [LineRecord], path: String) -> [RecordOutcome] {
    let workerBoxes = boxes
    return ConcurrentMap.map(count: records.count, workerCount: boxes.count) { worker, index in
      workerBoxes[worker].processor.process(records[index], path: path)
    }
  }

  /// Reads a shard summary written by an earlier run, or `nil`.
  static func loadSummary(_ path: String) -> BuildPairsSummary? {
    guard InputShards.fileExists(path), let reader = try? LineReader(path: path),
      case .line(_, let bytes)? = try? reader.nextLine(),
      let value = try? JSONParser().parse(bytes)
    else { return nil }
    return BuildPairsSummary(json: value)
  }
}

/// One worker's processor; each worker touches only its own box.
private final class ProcessorBox: @unchecked Sendable {
  var processor: RecordProcessor
  init(_ processor: RecordProcessor) { self.processor = processor }
}

extension BuildPairsSummary {
  /// Reads the counts back from ``encode(into:)``'s JSON.
  init?(json: JSONValue) {
    guard let records = json["records_in"]?.integerValue else { return nil }
    self.init()
    recordCount = records
    acceptedRecordCount = json["records_accepted"]?.integerValue ?? 0
    if case .object(let reasons)? = json["rejects_by_reason"] {
      for (reason, count) in reasons { rejectedByReason[reason] = count.integerValue ?? 0 }
    }
    pairCount = json["pairs_out"]?.integerValue ?? 0
    keepAllRecordCount = json["keep_all_records"]?.integerValue ?? 0
    chunkCount = json["chunks"]?.integerValue ?? 0
    statistics.unrefinableChunkCount = json["unrefinable_chunks"]?.integerValue ?? 0
    statistics.removeLinesCallCount = json["calls"]?["remove_lines"]?.integerValue ?? 0
    statistics.removeStringCallCount = json["calls"]?["remove_str"]?.integerValue ?? 0
    statistics.keepAllChunkCount = json["calls"]?["keep_all"]?.integerValue ?? 0
    statistics.deletedCharacterCount = json["deleted_chars"]?.integerValue ?? 0
    statistics.droppedLineJoinCount = json["dropped_line_joins"]?.integerValue ?? 0
    statistics.droppedAmbiguousStringCount = json["dropped_ambiguous_strings"]?.integerValue ?? 0
    statistics.rewriteHunkCount = json["rewrite_hunks_kept"]?.integerValue ?? 0
    statistics.whitespaceRewriteHunkCount =
      json["whitespace_rewrite_hunks_kept"]?.integerValue ?? 0
    statistics.expertDeletedCharacterCount =
      json["fidelity"]?["expert_deleted_chars"]?.integerValue ?? 0
    statistics.leftoverCharacterCount = json["fidelity"]?["leftover_chars"]?.integerValue ?? 0
    statistics.overDeletedCharacterCount =
      json["fidelity"]?["over_deleted_chars"]?.integerValue ?? 0
    inputByteCount = json["input_bytes"]?.integerValue ?? 0
    outputByteCount = json["output_bytes"]?.integerValue ?? 0
  }
}

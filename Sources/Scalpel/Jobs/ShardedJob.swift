#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one job driver: inputs → shards → rounds → parallel step → ordered outputs → summary.
///
/// Before anything is read, every output is checked against every input and every other
/// output (`OutputCheck`), shard names are checked to be unique, and stale temporary files
/// of dead runs are removed. Each shard (or, with one output file, the whole run) is read in
/// rounds of at most ``JobOptions/roundByteCount`` bytes or ``JobOptions/roundRecordCount``
/// records; the step processes a round on the workers, while the next round is read on
/// another thread, and the driver writes its results in input order (with more than one
/// job, on another thread while the next round is processed: `WriteBehind`), so the output
/// is byte-identical for every job count. A record whose id was
/// seen before in the run (`IDRegistry`) is rejected as `duplicate_id` or fails the run,
/// as the step says. All outputs of a shard are prepared (written and synced) before any is
/// renamed into place, then a `ShardManifest` is written last; `--resume` keeps exactly the
/// outputs whose manifest verifies and redoes the rest. When the ``CancellationFlag`` is
/// raised (between rounds, before publishing, or while a read is blocked), temporary files
/// are removed and ``JobError/interrupted(completedShardCount:)`` is thrown.
package final class ShardedJob<Step: RecordStep> {
  package typealias Summary = JobSummary<Step.Counters>

  package let options: JobOptions
  private var step: Step
  private var cancellation: CancellationFlag?
  private var progress: ((JobProgress<Step.Counters>) -> Void)?
  /// The ids of the run, registered in record order: by the writing thread for the rounds
  /// it writes (``process(_:index:into:total:)``), by this thread for the shards skipped.
  private let registry = RegistryBox()
  private var shards: [Shard] = []
  private var completedShardCount = 0
  private var start = 0.0
  private var totalFileBytes: Int?
  private var finishedFileBytes = 0
  private var recordsRead = 0

  package init(options: JobOptions, step: Step) {
    self.options = options
    self.step = step
  }

  /// The suffixes of per-shard outputs of any command, left out when a job lists the
  /// directory it writes to.
  static var outputSuffixes: [String] {
    [
      ".pairs.jsonl", ".requests.jsonl", ".prompts.jsonl", ".refined.jsonl", ".rejects.jsonl",
      ".report.jsonl", ".holdout.jsonl",
      ".summary.json",
      ".manifest.json",
    ]
  }

  /// Runs the job.
  ///
  /// - Throws: ``JobError``.
  /// - Complexity: O(*n*) in the size of the inputs, plus the step's work.
  package func run(
    cancellation: CancellationFlag? = nil,
    progress: ((JobProgress<Step.Counters>) -> Void)? = nil
  ) throws(JobError) -> Summary {
    self.cancellation = cancellation
    self.progress = progress
    start = MonotonicClock.seconds()
    do {
      return try runOrThrow()
    } catch {
      // Whatever failed while the flag was up (a read interrupted on a pipe) is the interruption.
      if cancellation?.isRequested == true {
        throw .interrupted(completedShardCount: completedShardCount)
      }
      switch error {
      case let error as JobError: throw error
      case let error as FileError: throw .file(error)
      default: throw .file(FileError(path: "-", operation: "run", reason: "\(error)"))
      }
    }
  }

  private func runOrThrow() throws -> Summary {
    var outputDirectory: ResolvedPath?
    if case .directory(let directory) = options.destination {
      outputDirectory = ResolvedPath(directory)
    }
    let paths = try InputShards.expand(options.inputs) { path in
      guard let outputDirectory,
        ResolvedPath(path).directory == outputDirectory.absolute
          || ResolvedPath(path).isSameFile(as: outputDirectory)
      else { return false }
      return Self.outputSuffixes.contains { path.hasSuffix($0) }
    }
    shards = paths.map(Shard.init(path:))
    try checkShardNames()
    try checkOutputs()
    removeStaleTemporaryFiles()
    let sizes = shards.map { ShardManifest.Fingerprint(path: $0.path)?.size }
    totalFileBytes = sizes.contains(where: { $0 == nil }) ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) }
    try step.start(cancellation: cancellation)
    // The check before the run needs inputs it can read twice and every record.
    if step.checksWholeInputFirst, options.recordLimit == nil,
      !shards.contains(where: { $0.path == "-" })
    {
      for shard in shards {
        try forEachRound(of: shard, isPreflight: true) { round, _ in try step.preflight(round) }
      }
      try step.finishPreflight()
    }
    var total: Summary
    switch options.destination {
    case .directory(let directory):
      if mkdir(directory, 0o777) != 0 && errno != EEXIST {
        throw FileError(path: directory, operation: "create directory", errorNumber: errno)
      }
      total = try runShards(into: directory)
    case .files(let output, let rejects, let report):
      total = try runFiles(output: output, rejects: rejects, report: report)
    }
    total.seconds = MonotonicClock.seconds() - start
    if let statsPath = options.statsPath, case .directory = options.destination {
      try checkCancellation()
      let file = try AtomicFileWriter(path: statsPath)
      try file.write(encoded(total))
      try file.commit()
    }
    return total
  }

  // MARK: Plans and checks

  /// The per-shard output paths with an output directory: main, rejects, report?, summary.
  private func shardOutputs(_ shard: Shard, in directory: String) -> [(String, String)] {
    let base =
      "\(directory.hasSuffix("/") ? String(directory.dropLast()) : directory)/\(shard.stem)"
    var outputs = [
      ("--output-dir", "\(base).\(step.outputKind).jsonl"),
      ("--output-dir", "\(base).rejects.jsonl"),
    ]
    if step.writesReport { outputs.append(("--output-dir", "\(base).\(step.reportKind).jsonl")) }
    outputs.append(("--output-dir", "\(base).summary.json"))
    return outputs
  }

  private func manifestPath(_ shard: Shard, in directory: String) -> String {
    "\(directory.hasSuffix("/") ? String(directory.dropLast()) : directory)/\(shard.stem).manifest.json"
  }

  /// The manifest of a whole `-o` run: a hidden file beside the output.
  private static func manifestPath(ofOutput output: String) -> String? {
    guard output != "-", !ResolvedPath(output).isSpecialFile else { return nil }
    let utf8 = Array(output.utf8)
    let nameStart = (utf8.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    return String(decoding: utf8[..<nameStart], as: UTF8.self) + "."
      + String(decoding: utf8[nameStart...], as: UTF8.self) + ".manifest.json"
  }

  private func checkShardNames() throws(JobError) {
    var seen: [String: String] = [:]
    for shard in shards {
      let key: String
      if case .directory = options.destination { key = shard.stem } else { key = shard.name }
      if let first = seen[key] {
        throw .duplicateShardName(name: key, first: first, second: shard.path)
      }
      seen[key] = shard.path
    }
  }

  private func allOutputs() -> [OutputCheck.Role] {
    var outputs: [OutputCheck.Role] = []
    switch options.destination {
    case .directory(let directory):
      for shard in shards {
        outputs += shardOutputs(shard, in: directory).map { OutputCheck.Role($0.0, $0.1) }
        outputs.append(OutputCheck.Role("--output-dir", manifestPath(shard, in: directory)))
      }
    case .files(let output, let rejects, let report):
      outputs.append(OutputCheck.Role("--output", output))
      if let rejects { outputs.append(OutputCheck.Role("--rejects", rejects)) }
      if let report { outputs.append(OutputCheck.Role(step.reportFlag, report)) }
      if let manifest = Self.manifestPath(ofOutput: output) {
        outputs.append(OutputCheck.Role("--output manifest", manifest))
      }
    }
    if let statsPath = options.statsPath { outputs.append(OutputCheck.Role("--stats", statsPath)) }
    return outputs + step.extraOutputs
  }

  private func checkOutputs() throws(JobError) {
    var inputs = shards.map { OutputCheck.Role("input", $0.path) }
    inputs += step.extraInputs.map { OutputCheck.Role("input", $0) }
    if inputs.filter({ $0.path == "-" }).count > 1 {
      throw .unsafeOutputs("standard input (-) is named by more than one input")
    }
    try OutputCheck.check(inputs: inputs, outputs: allOutputs())
  }

  private func removeStaleTemporaryFiles() {
    for output in allOutputs() { AtomicFileWriter.removeStaleTemporaryFiles(of: output.path) }
  }

  private static func optionsHash(step: Step, options: JobOptions) -> String {
    var description = "\(step.name)\n\(step.fingerprint)\nlimit \(options.recordLimit ?? -1)"
    description += "\nmax-record-bytes \(options.maximumRecordByteCount)"
    if case .files(_, let rejects, let report) = options.destination {
      description += "\nrejects \(rejects != nil) report \(report != nil)"
    }
    return ShardManifest.hash(description)
  }

  /// Starts computing the options hash on another thread, from a copy of the step: the
  /// step's fingerprint (the description of its whole configuration) is costly enough to
  /// matter beside a small input, and it is needed only to resume and for the manifests.
  private func startOptionsHash() -> ReadAhead<String> {
    let (step, options) = (self.step, self.options)
    return ReadAhead { Self.optionsHash(step: step, options: options) }
  }

  private func fingerprints(_ shards: [Shard]) -> [ShardManifest.Fingerprint?] {
    (shards.map(\.path) + step.extraInputs).map { ShardManifest.Fingerprint(path: $0) }
  }

  private func checkCancellation() throws(JobError) {
    if cancellation?.isRequested == true {
      throw .interrupted(completedShardCount: completedShardCount)
    }
  }

  private func encoded(_ summary: Summary) -> [UInt8] {
    var writer = JSONWriter()
    summary.encode(into: &writer, recipe: options.recipe)
    writer.appendNewline()
    return writer.bytes
  }

  // MARK: Running

  /// The writers of one shard (or of the whole run).
  private struct Writers {
    var output: AtomicFileWriter
    var rejects: AtomicFileWriter?
    var report: AtomicFileWriter?

    var all: [AtomicFileWriter] { [rejects, report, output].compactMap { $0 } }
  }

  private func runShards(into directory: String) throws -> Summary {
    var total = Summary()
    var published: [String] = []
    let hashing = startOptionsHash()
    for (index, shard) in shards.enumerated() {
      try checkCancellation()
      let shardStart = MonotonicClock.seconds()
      let outputs = shardOutputs(shard, in: directory).map(\.1)
      let manifestPath = manifestPath(shard, in: directory)
      let inputs = fingerprints([shard])
      if options.resumes, let manifest = ShardManifest.load(manifestPath),
        manifest.verifies(
          command: step.name, optionsHash: try hashing.wait().get(), inputs: inputs,
          outputPaths: outputs),
        var saved = Summary(json: manifest.summary)
      {
        try skip(shard, index: index)
        saved.resumedShardCount = 1
        total.add(saved)
        completedShardCount += 1
        if index == shards.count - 1 { try finish(&total, published: published) }
        continue
      }
      let writers = Writers(
        output: try AtomicFileWriter(path: outputs[0]),
        rejects: try AtomicFileWriter(path: outputs[1]),
        report: step.writesReport ? try AtomicFileWriter(path: outputs[2]) : nil)
      var summary = try process(shard, index: index, into: writers, total: total)
      summary.counters.add(step.takeShardCounters())
      if index == shards.count - 1 { try finish(&total, published: published) }
      summary.seconds = MonotonicClock.seconds() - shardStart
      let summaryFile = try AtomicFileWriter(path: outputs.last ?? "")
      try summaryFile.write(encoded(summary))
      try checkCancellation()
      // Everything of the shard is written and synced before anything is renamed; the
      // group is in the order of `outputs`.
      let group = [writers.output, writers.rejects, writers.report, summaryFile].compactMap { $0 }
      for writer in group { try writer.prepare() }
      unlink(manifestPath)
      for writer in group { try writer.publish() }
      published += outputs
      try writeManifest(
        manifestPath, inputs: inputs, outputs: zip(outputs, group), summary: summary,
        hash: try hashing.wait().get())
      published.append(manifestPath)
      completedShardCount += 1
      total.add(summary)
    }
    if shards.isEmpty { try finish(&total, published: published) }
    return total
  }

  private func runFiles(output: String, rejects: String?, report: String?) throws -> Summary {
    let manifestPath = Self.manifestPath(ofOutput: output)
    let hashing = startOptionsHash()
    let outputPaths = [rejects, step.writesReport ? report : nil, output].compactMap { $0 }
    let inputs = fingerprints(shards)
    if options.resumes, let manifestPath, let manifest = ShardManifest.load(manifestPath),
      manifest.verifies(
        command: step.name, optionsHash: try hashing.wait().get(), inputs: inputs,
        outputPaths: outputPaths),
      var saved = Summary(json: manifest.summary)
    {
      saved.resumedShardCount = shards.count
      completedShardCount = shards.count
      try writeStats(saved)
      return saved
    }
    let writers = Writers(
      output: try AtomicFileWriter(path: output),
      rejects: try rejects.map { path throws(FileError) in try AtomicFileWriter(path: path) },
      report: step.writesReport
        ? try report.map { path throws(FileError) in try AtomicFileWriter(path: path) } : nil)
    var total = Summary()
    for (index, shard) in shards.enumerated() {
      var summary = try process(shard, index: index, into: writers, total: total)
      summary.counters.add(step.takeShardCounters())
      total.add(summary)
    }
    try finish(&total, published: [])
    total.seconds = MonotonicClock.seconds() - start
    try checkCancellation()
    var group = writers.all
    if let statsPath = options.statsPath {
      let file = try AtomicFileWriter(path: statsPath)
      try file.write(encoded(total))
      group.append(file)
    }
    for writer in group { try writer.prepare() }
    if let manifestPath { unlink(manifestPath) }
    for writer in group { try writer.publish() }
    if let manifestPath {
      try writeManifest(
        manifestPath, inputs: inputs, outputs: zip(outputPaths, writers.all), summary: total,
        hash: try hashing.wait().get())
    }
    completedShardCount = shards.count
    return total
  }

  private func writeStats(_ summary: Summary) throws {
    guard let statsPath = options.statsPath else { return }
    var summary = summary
    summary.seconds = MonotonicClock.seconds() - start
    let file = try AtomicFileWriter(path: statsPath)
    try file.write(encoded(summary))
    try file.commit()
  }

  private func writeManifest(
    _ path: String, inputs: [ShardManifest.Fingerprint?],
    outputs: Zip2Sequence<[String], [AtomicFileWriter]>, summary: Summary, hash: String
  ) throws {
    var writer = JSONWriter()
    summary.encode(into: &writer)
    let manifest = ShardManifest(
      command: step.name, optionsHash: hash, inputs: inputs.compactMap { $0 },
      outputs: outputs.map {
        ShardManifest.Output(path: ResolvedPath($0.0).absolute, written: $0.1.written)
      },
      summary: try JSONParser().parse(writer.bytes))
    // Standard input cannot be fingerprinted: such a run is never resumed.
    guard inputs.allSatisfy({ $0 != nil }) else { return }
    let file = try AtomicFileWriter(path: path)
    try file.write(manifest.encoded())
    try file.commit()
  }

  /// Lets the step check the run is complete; on failure removes what this run published.
  private func finish(_ total: inout Summary, published: [String]) throws {
    do {
      total.counters.add(try step.finish())
    } catch {
      for path in published { unlink(path) }
      throw error
    }
  }

  /// Reads the next round of `reader`: empty at the end of the shard or the record limit.
  /// Returns it with the bytes of the file it took (its lines, blank ones included).
  ///
  /// The round ends where `rounds` says (``JobRounds``): with more than one job, the first
  /// round of a shard is an eighth of the others (it is read while the workers wait, and the
  /// next round is read while they process it), and the last rounds of a regular file shrink.
  private func nextRound(
    _ reader: LineReader, _ shard: Shard, rounds: JobRounds, startOffset: Int,
    isPreflight: Bool = false, isFirst: Bool = false
  ) throws -> (round: JobRound, byteCount: Int) {
    var round = JobRound(shard: shard, records: [], byteCounts: [], workerCount: options.jobCount)
    var roundBytes = 0
    var takenBytes = 0
    var rounds = rounds
    // A decompressed file's size says nothing of its remaining lines.
    if !isFirst && reader.isDecompressing { rounds.fileByteCount = nil }
    while !rounds.isComplete(
      records: round.records.count, bytes: roundBytes, isFirst: isFirst, startOffset: startOffset),
      isPreflight || (options.recordLimit.map({ recordsRead < $0 }) ?? true),
      let record = try reader.nextLine()
    {
      let byteCount: Int
      switch record {
      case .line(_, let bytes):
        takenBytes += bytes.count + 1
        // Blank lines are not records.
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
        byteCount = bytes.count + 1
        roundBytes += byteCount
      case .lineTooLong(_, let count):
        byteCount = count + 1
        takenBytes += byteCount
      }
      round.append(record, byteCount: byteCount)
      if !isPreflight { recordsRead += 1 }
    }
    return (round, takenBytes)
  }

  private func openReader(_ shard: Shard) throws(FileError) -> LineReader {
    try LineReader(
      path: shard.path, maximumLineByteCount: options.maximumRecordByteCount,
      cancellation: cancellation)
  }

  /// Reads one shard round by round, lets the step process each round and writes it in order.
  ///
  /// With more than one job, the ids of a round are registered, and its summary and writes
  /// made, on another thread while the next round is processed (`WriteBehind`), so that
  /// between two rounds this thread only hands the results over; a round's writes start
  /// only when the previous round's are done, and this returns or throws only when all are
  /// done. An error of a write, or a duplicate id that fails the run, is reported before
  /// any error of a later round, as if each round were written before the next is
  /// processed. Progress is reported for each round once its
  /// summary is made, with the counts and the share of the input of that round.
  private func process(_ shard: Shard, index: Int, into writers: Writers, total: Summary) throws
    -> Summary
  {
    var summary = Summary()
    let writing = WriteBehind(
      output: writers.output, report: writers.report, rejects: writers.rejects,
      overlaps: options.jobCount > 1)
    // The summary of the round being written, and its share of the input for progress.
    var written: (summary: RoundSummary<Step.Counters>, fraction: Double?)?
    // Waits for the round being written and adds its summary; throws its write error.
    func collectWritten() throws {
      try writing.finish()
      guard let round = written else { return }
      written = nil
      summary.add(round.summary.summary)
      if let progress {
        var soFar = total
        soFar.add(summary)
        soFar.seconds = MonotonicClock.seconds() - start
        progress(
          JobProgress(
            shard: shard.path, summary: soFar, fractionDone: round.fraction,
            seconds: soFar.seconds))
      }
    }
    do {
      let (registry, shardPaths, policy) = (
        self.registry, shards.map(\.path), step.duplicateIDPolicy
      )
      try forEachRound(of: shard) { round, consumedByteCount in
        let results = try step.process(round)
        try collectWritten()
        // The ids are registered, and the counts, digests and writes of the records made, on
        // the writing thread, in record order, while the next round is processed: the
        // summary and the writes are those of one pass over the records.
        let roundSummary = RoundSummary<Step.Counters>()
        let work = Unchecked((results, round.lineNumbers, round.byteCounts))
        try writing.start(releasing: round) {
          let (results, lineNumbers, byteCounts) = work.value
          let (duplicates, recordCount, failure) = registry.registerIDs(
            of: results, lineNumbers: lineNumbers, shardIndex: index, shardPaths: shardPaths,
            policy: policy)
          let part = summarizeResults(
            results, 0..<recordCount, byteCounts: byteCounts, duplicates: duplicates)
          roundSummary.summary = part.summary
          return ([part.writes], failure)
        }
        let fraction = totalFileBytes.map { total in
          total > 0 ? Double(finishedFileBytes + consumedByteCount) / Double(total) : 1
        }
        written = (roundSummary, fraction)
        // Without overlap the round is written already: its progress is reported now.
        if options.jobCount <= 1 { try collectWritten() }
      }
    } catch {
      // The writes of an earlier round failed first: theirs is the error of the run.
      try writing.finish()
      throw error
    }
    try collectWritten()
    return summary
  }

  /// Calls `body` with each round of `shard` and the bytes of the file consumed by then.
  ///
  /// The cancellation flag is checked before each round. The next round is read on another
  /// thread while `body` processes one, so that the read is not a serial part of the run;
  /// the rounds are the same as one after the other (with more than one job, the first is
  /// smaller, and so are the last ones of a regular file: ``JobRounds``).
  private func forEachRound(
    of shard: Shard, isPreflight: Bool = false, _ body: (JobRound, Int) throws -> Void
  ) throws {
    let reader = try openReader(shard)
    try checkCancellation()
    let rounds = JobRounds(
      recordCount: options.roundRecordCount, byteCount: options.roundByteCount,
      jobCount: options.jobCount, fileByteCount: ShardManifest.Fingerprint(path: shard.path)?.size)
    var (round, offset) = try nextRound(
      reader, shard, rounds: rounds, startOffset: 0, isPreflight: isPreflight, isFirst: true)
    while !round.records.isEmpty {
      let consumedByteCount = reader.consumedByteCount
      let startOffset = offset
      let readAhead = ReadAhead {
        try self.nextRound(
          reader, shard, rounds: rounds, startOffset: startOffset, isPreflight: isPreflight)
      }
      do {
        try body(round, consumedByteCount)
      } catch {
        _ = readAhead.wait()
        throw error
      }
      let next = try readAhead.wait().get()
      round = next.round
      offset += next.byteCount
      try checkCancellation()
    }
    if !isPreflight { finishedFileBytes += reader.consumedByteCount }
  }

  /// Reads a shard whose outputs are kept, for its ids and the step's state.
  private func skip(_ shard: Shard, index: Int) throws {
    try forEachRound(of: shard) { round, _ in
      let ids = try step.skip(round)
      for (offset, id) in ids.enumerated() {
        guard let id else { continue }
        _ = registry.ids.register(id, shardIndex: index, lineNumber: round.lineNumbers[offset])
      }
    }
  }
}

/// The summary and writes of `results[range]`, each result replaced by its entry in
/// `duplicates` if it has one; `byteCounts` are the input bytes of the round's records.
///
/// - Complexity: O(*n*) in the size of the outputs of the records.
private func summarizeResults<Counters: JobCounters>(
  _ results: [StepResult<Counters>], _ range: Range<Int>, byteCounts: [Int],
  duplicates: [Int: StepResult<Counters>]
) -> (summary: JobSummary<Counters>, writes: [WriteBehind.Write]) {
  var summary = JobSummary<Counters>()
  var writes: [WriteBehind.Write] = []
  writes.reserveCapacity(range.count)
  for offset in range {
    let result = duplicates[offset] ?? results[offset]
    var parts = [result]
    if case .split(_, let split) = result { parts = split }
    for (index, part) in parts.enumerated() {
      // The input bytes of a split record are counted with its first part.
      let byteCount = index == 0 ? byteCounts[offset] : 0
      switch part {
      case .written(_, let output, let report, let counters):
        summary.recordWritten(
          byteCount: byteCount, outputByteCount: output.count, counters: counters)
        writes.append(.output(output))
        if !report.isEmpty { writes.append(.report(report)) }
      case .rejected(let rejection):
        summary.recordRejected(rejection, byteCount: byteCount)
        writes.append(.reject(rejection))
      case .split:
        preconditionFailure("a split record's parts are written or rejected")
      }
    }
  }
  return (summary, writes)
}

/// The ids of a run (``IDRegistry``), used by one thread at a time: the writing thread of a
/// shard's rounds while they are written, the driver's between shards.
private final class RegistryBox: @unchecked Sendable {
  var ids = IDRegistry()

  /// Registers the ids of `results` (result *i* is the record at `lineNumbers[i]` of shard
  /// `shardIndex`) in record order. Returns the results that replace those of duplicates,
  /// the number of records to write and, when a duplicate id fails the run, its error:
  /// the records before it are written, so that a write error among them is the one
  /// reported.
  ///
  /// - Complexity: O(*n*) in the size of the ids, amortized.
  func registerIDs<Counters: JobCounters>(
    of results: [StepResult<Counters>], lineNumbers: [Int], shardIndex: Int,
    shardPaths: [String], policy: DuplicateIDPolicy
  ) -> (duplicates: [Int: StepResult<Counters>], recordCount: Int, failure: JobError?) {
    var duplicates: [Int: StepResult<Counters>] = [:]
    for (offset, result) in results.enumerated() {
      let lineNumber = lineNumbers[offset]
      guard let id = result.id,
        let first = ids.register(id, shardIndex: shardIndex, lineNumber: lineNumber)
      else { continue }
      let firstSource = "\(shardPaths[first.shardIndex]):\(first.lineNumber)"
      let source = "\(shardPaths[shardIndex]):\(lineNumber)"
      switch policy {
      case .fail:
        return (duplicates, offset, .duplicateID(id: id, first: firstSource, second: source))
      case .reject:
        duplicates[offset] = .rejected(
          RecordRejection(
            id: id, source: source, code: .duplicateID,
            detail: "id '\(id)' is used by \(firstSource) already (1 and \"1\" are one id)"))
      }
    }
    return (duplicates, results.count, nil)
  }
}

/// The summary of one round, made by the thread that writes it and read by the driver once
/// the round's writes are done.
private final class RoundSummary<Counters: JobCounters> {
  var summary = JobSummary<Counters>()
}

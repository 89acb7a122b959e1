/// The per-round work a command plugs into `ShardedJob`: everything else (shards, rounds,
/// outputs, manifests, resume, duplicate ids, summary, interruption) is the driver's.
package protocol RecordStep {
  /// The command's counters.
  associatedtype Counters: JobCounters
  /// The command, in manifests and messages: `build-pairs`.
  var name: String { get }
  /// The kind of the main output in per-shard names: `pairs` gives `NAME.pairs.jsonl`.
  var outputKind: String { get }
  /// Whether the step writes a second output beside the main one: a report line for each
  /// written record (`apply --report`), or the held-out pairs (`build-pairs --holdout-output`).
  var writesReport: Bool { get }
  /// The kind of the second output in per-shard names: `report` gives `NAME.report.jsonl`.
  var reportKind: String { get }
  /// The flag that names the second output with one set of files, in messages.
  var reportFlag: String { get }
  /// Everything that decides the output bytes, for the options hash of manifests.
  var fingerprint: String { get }
  /// Input files besides the shards (a programs file), checked against the outputs and
  /// fingerprinted in manifests.
  var extraInputs: [String] { get }
  /// Output files besides the driver's (a `dataset_info.json`), checked against the inputs
  /// and the other outputs; the step writes them itself.
  var extraOutputs: [OutputCheck.Role] { get }
  /// What a second record with the same id becomes.
  var duplicateIDPolicy: DuplicateIDPolicy { get }

  /// Whether the step reads every shard once before the run (``preflight(_:)``), so that a
  /// problem only the whole input shows fails the run before anything is written.
  var checksWholeInputFirst: Bool { get }
  /// Looks at one round of the check before the run; the driver does not count it.
  mutating func preflight(_ round: JobRound) throws
  /// Ends the check before the run: throws when the run must not start.
  mutating func finishPreflight() throws

  /// Opens what the step reads besides the shards; called once, after the output checks.
  mutating func start(cancellation: CancellationFlag?) throws
  /// Processes one round; result *i* belongs to record *i*.
  mutating func process(_ round: JobRound) throws -> [StepResult<Counters>]
  /// Reads one round of a shard whose output is kept (`--resume`): the ids of its records,
  /// and whatever the step must consume to stay in step (programs of a join).
  mutating func skip(_ round: JobRound) throws -> [String?]
  /// Counters of the shard just processed that belong to no record (invalid program lines).
  mutating func takeShardCounters() -> Counters
  /// Checks, after the last record and before the last outputs are published, that the run
  /// is complete; returns counters of the whole run that belong to no shard.
  mutating func finish() throws -> Counters
}

extension RecordStep {
  /// The second output is a report.
  package var reportKind: String { "report" }
  package var reportFlag: String { "--report" }
  /// No output besides the driver's.
  package var extraOutputs: [OutputCheck.Role] { [] }
  /// No check before the run.
  package var checksWholeInputFirst: Bool { false }
  package mutating func preflight(_ round: JobRound) throws {}
  package mutating func finishPreflight() throws {}
}

/// What a second record with an id already seen in the run becomes.
package enum DuplicateIDPolicy: Sendable {
  /// A counted reject, `duplicate_id` (build-pairs).
  case reject
  /// The run fails naming both lines (apply, whose programs are joined by id).
  case fail
}

/// One round of records of one shard.
///
/// The copies of a round share its records, so that a step can take their bytes
/// (``takeRecords()``) and release each record once it is read, while the driver still
/// holds the round for the line numbers (``lineNumbers``, kept apart from the records).
package struct JobRound: Sendable {
  /// The shard read.
  package var shard: Shard
  /// The records, blank lines left out; empty once taken (``takeRecords()``).
  package var records: [LineRecord] {
    get { storage.records }
    _modify { yield &storage.records }
  }
  /// The line number of each record, which is all the driver reads of a record once the
  /// step has taken them.
  package var lineNumbers: [Int]
  /// The input bytes of each record, its newline included.
  package var byteCounts: [Int]
  /// Worker threads to use.
  package var workerCount: Int
  private let storage: Storage

  /// The records, shared by the round's copies; only the thread that reads or steps the
  /// round touches them.
  private final class Storage: @unchecked Sendable {
    var records: [LineRecord]
    init(_ records: [LineRecord]) { self.records = records }
  }

  /// Creates a round; `lineNumbers` are those of `records` unless given.
  package init(
    shard: Shard, records: [LineRecord], lineNumbers: [Int]? = nil, byteCounts: [Int],
    workerCount: Int
  ) {
    (self.shard, self.byteCounts, self.workerCount) = (shard, byteCounts, workerCount)
    self.lineNumbers = lineNumbers ?? records.map(\.lineNumber)
    storage = Storage(records)
  }

  /// Appends `record`, which takes `byteCount` bytes of the input.
  package mutating func append(_ record: LineRecord, byteCount: Int) {
    storage.records.append(record)
    lineNumbers.append(record.lineNumber)
    byteCounts.append(byteCount)
  }

  /// Moves the records out of the round, for every copy of it, which keeps only
  /// ``lineNumbers``.
  ///
  /// - Complexity: O(1).
  package func takeRecords() -> RecordSlots {
    let taken = storage.records
    storage.records = []
    return RecordSlots(taken)
  }
}

/// Records taken out of a ``JobRound``, each taken once more, by the worker that
/// processes it, so that its bytes are released as soon as that worker is done with them.
package typealias RecordSlots = TakenOnce<LineRecord>

/// What became of one record in a `RecordStep`.
package enum StepResult<Counters: JobCounters>: Sendable {
  /// The record `id` is written as `output` and `report` (either may be empty), counted by
  /// `counters`.
  case written(id: String, output: [UInt8], report: [UInt8], counters: Counters)
  /// The record is rejected.
  case rejected(RecordRejection)
  /// The record `id` is split into parts, each counted as a record of its own (the chunks
  /// of a document whose refinements come one per chunk); the parts are `written` or
  /// `rejected`, never `split`.
  indirect case split(id: String, parts: [StepResult])

  /// The record's id, when it could be read.
  var id: String? {
    switch self {
    case .written(let id, _, _, _): return id
    case .rejected(let rejection): return rejection.id
    case .split(let id, _): return id
    }
  }
}

/// Progress of a running job, reported after every round.
public struct JobProgress<Counters: JobCounters>: Sendable {
  /// The shard being read.
  public var shard: String
  /// Counts so far, over all shards.
  public var summary: JobSummary<Counters>
  /// The share of the input files read, 0…1, when every input is a file.
  public var fractionDone: Double?
  /// Seconds since the job started.
  public var seconds: Double
}

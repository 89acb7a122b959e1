/// Where a job's outputs go.
///
/// One set of files for all inputs, or a directory with files per shard: a job has one or
/// the other, never both.
public enum JobDestination: Sendable, Hashable {
  /// One output file for all inputs (`-` is standard output), with an optional rejects file
  /// and, for steps that write one, an optional report file. A name ending in `.gz` is
  /// written gzip-compressed, one ending in `.zst` zstd-compressed.
  case files(output: String, rejects: String? = nil, report: String? = nil)
  /// A directory receiving, per shard `NAME`, `NAME.<kind>.jsonl`, `NAME.rejects.jsonl`,
  /// `NAME.report.jsonl` (if the step writes a report), `NAME.summary.json` and
  /// `NAME.manifest.json` (written last: the shard is complete when it verifies).
  case directory(String)
}

/// The options every sharded job shares: inputs, outputs, workers, resume and limits.
public struct JobOptions: Sendable, Hashable {
  /// Input files, directories of shards, or `-` for standard input.
  public var inputs: [String]
  /// Where the outputs go.
  public var destination: JobDestination
  /// The summary as JSON, if wanted.
  public var statsPath: String?
  /// Worker threads; output is identical whatever the number.
  public var jobCount = 1
  /// Keep outputs whose completion manifest verifies, redo the rest.
  public var resumes = false
  /// Input bytes read per round; memory stays within a small multiple of this.
  public var roundByteCount = 32 << 20
  /// Records read per round at most.
  public var roundRecordCount = 4096
  /// Longer input lines are rejected as `line_too_long` without being buffered.
  public var maximumRecordByteCount = 512 << 20
  /// Stop after this many records over all inputs, if set.
  public var recordLimit: Int?
  /// The largest share of rejected records for a successful run, 0…1; `nil` fails a run only
  /// when every record was rejected (see ``JobSummary/failureReason(maximumRejectRate:allowsEmptyInput:)``).
  public var maximumRejectRate: Double?
  /// Whether a run that reads no record succeeds (per-partition runs of a larger job).
  public var allowsEmptyInput = false
  /// The effective recipe of the run, written with its hash into every summary file
  /// (`--stats`, per-shard summaries).
  public var recipe: Recipe?

  /// Creates options with one output file (standard output by default); the other options
  /// have their defaults.
  public init(inputs: [String], destination: JobDestination = .files(output: "-")) {
    self.inputs = inputs
    self.destination = destination
  }
}

/// Why a job failed before or while running; nothing partial is ever published.
public enum JobError: Error, Sendable, Hashable, CustomStringConvertible {
  /// An input or output failed.
  case file(FileError)
  /// The outputs overlap the inputs or each other (after resolving links and `..`); nothing
  /// was read or written.
  case unsafeOutputs(String)
  /// Two inputs have the same shard name, so their outputs or generated ids would collide.
  case duplicateShardName(name: String, first: String, second: String)
  /// `apply`: two records have the same id (``RecordID``), so programs cannot be joined.
  case duplicateID(id: String, first: String, second: String)
  /// `apply`: after the last document, the programs file still had a program line that no
  /// document took: the file is not in corpus order, or names a document the corpus does not
  /// have. Nothing of the run is published.
  case unconsumedPrograms(path: String, lineNumber: Int, documentID: String)
  /// `build-pairs --expert-replies`: a line of the batch output file cannot be matched with
  /// any request (not JSON, no `custom_id` of the form `<id>#<k>`, too long); nothing was
  /// written.
  case invalidReply(path: String, lineNumber: Int, problem: String)
  /// `build-pairs --expert-replies`: a reply names a chunk the inputs do not have; nothing
  /// of the run is published.
  case unmatchedReply(path: String, lineNumber: Int, customID: String, detail: String)
  /// `apply --programs`: no line of the programs file gives a program (every batch reply
  /// failed, or every line is invalid), so the run would change nothing; nothing was
  /// written.
  case noUsablePrograms(path: String, detail: String)

  /// A reply line that names no chunk, kept until the run can fail on it.
  package struct StrayReply: Sendable, Hashable {
    package var lineNumber: Int
    package var customID: String
    package var detail: String
  }
  /// The job's ``CancellationFlag`` was raised; temporary files were removed and shard
  /// outputs completed before it were kept.
  case interrupted(completedShardCount: Int)

  /// The message for people.
  public var description: String {
    switch self {
    case .file(let error):
      return error.description
    case .unsafeOutputs(let problem):
      return "\(problem); nothing was read or written"
    case .duplicateShardName(let name, let first, let second):
      return
        "inputs '\(first)' and '\(second)' have the same shard name '\(name)', so their outputs and "
        + "the ids of records without one would collide; rename one, or run them separately"
    case .duplicateID(let id, let first, let second):
      return
        "duplicate id '\(id)': \(first) and \(second) (ids must be unique to join programs; "
        + "1 and \"1\" are the same id). No output was published."
    case .unconsumedPrograms(let path, let lineNumber, let documentID):
      return
        "programs file '\(path)' line \(lineNumber): no document took the program of '\(documentID)'. "
        + "Programs must be grouped by document and in corpus order (documents without programs may "
        + "be left out); sort the programs file in the order of the inputs. No output was published."
    case .invalidReply(let path, let lineNumber, let problem):
      return "replies '\(path)' line \(lineNumber): \(problem). Nothing was written."
    case .unmatchedReply(let path, let lineNumber, let customID, let detail):
      return
        "replies '\(path)' line \(lineNumber): custom_id '\(customID)' names no chunk of the inputs "
        + "(\(detail)); were the requests made from other inputs or another recipe? "
        + "No output of this run was published."
    case .noUsablePrograms(let path, let detail):
      return
        "programs file '\(path)': no line gives a program (\(detail)); the run would change "
        + "nothing. No output of this run was published."
    case .interrupted(let count):
      return
        "interrupted; \(count) complete shard output(s) kept, temporary files removed, nothing partial written"
    }
  }
}

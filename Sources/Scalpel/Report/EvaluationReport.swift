/// What `scalpel inspect --labels` shows: the `eval` figures over every label, and the
/// scored chunks kept for display.
///
/// Labels are added one at a time in label order, so a labels file of any size is
/// summarised in one pass. Every label counts in ``summary``; at most ``limit`` chunks are
/// kept for display, disagreements first: all of them up to the limit, then agreements in
/// label order to fill it. Memory stays within twice the limit of displayed chunks.
///
/// Invariant: `summary.recordCount == summary.writtenRecordCount + summary.rejectedRecordCount`.
public struct EvaluationReport: Sendable, Hashable {
  /// The page title.
  public var title: String
  /// One line per input, such as `labels: heldout.jsonl`.
  public var inputDescriptions: [String]
  /// Remarks about the input, such as labels that could not be scored.
  public var notes: [String] = []
  /// Chunks shown at most.
  public let limit: Int
  /// The `eval` summary over every label: labels in = scored + rejected, and the counters.
  public var summary = EvaluationSummary()

  /// Disagreeing chunks kept, in label order (at most ``limit``).
  public private(set) var disagreements: [EvaluatedChunk] = []
  /// Agreeing chunks kept, in label order (at most ``limit``).
  public private(set) var agreements: [EvaluatedChunk] = []
  /// Scored chunks whose model output differs from the label's.
  public private(set) var disagreementCount = 0

  /// Creates an empty report.
  public init(title: String, inputDescriptions: [String] = [], limit: Int = 500) {
    (self.title, self.inputDescriptions, self.limit) = (title, inputDescriptions, limit)
  }

  /// The chunks the page shows: disagreements first, then agreements, up to ``limit``.
  public var entries: [EvaluatedChunk] {
    disagreements + agreements.prefix(max(0, limit - disagreements.count))
  }

  /// Scored chunks that agree.
  public var agreementCount: Int { summary.writtenRecordCount - disagreementCount }

  /// Scored chunks not shown.
  public var omittedCount: Int { summary.writtenRecordCount - entries.count }

  /// Whether a scored chunk that agrees (or not) would be kept; the caller builds the
  /// ``EvaluatedChunk`` only then.
  public func keeps(isAgreeing: Bool) -> Bool {
    isAgreeing ? agreements.count < limit : disagreements.count < limit
  }

  /// Counts a scored chunk of `byteCount` label bytes and keeps `chunk` when given.
  ///
  /// - Parameters:
  ///   - counters: The chunk's counts (``ChunkEvaluation``).
  ///   - isAgreeing: Whether the model's output equals the label's.
  ///   - byteCount: The label line's bytes.
  ///   - chunk: The chunk to display, built when ``keeps(isAgreeing:)`` said so.
  package mutating func addScored(
    counters: EvaluationCounters, isAgreeing: Bool, byteCount: Int, chunk: EvaluatedChunk?
  ) {
    summary.recordWritten(byteCount: byteCount, outputByteCount: 0, counters: counters)
    if !isAgreeing { disagreementCount += 1 }
    guard let chunk, keeps(isAgreeing: isAgreeing) else { return }
    if isAgreeing { agreements.append(chunk) } else { disagreements.append(chunk) }
  }

  /// Counts a label that cannot be scored.
  package mutating func addRejected(_ rejection: RecordRejection, byteCount: Int) {
    summary.recordRejected(rejection, byteCount: byteCount)
  }

  /// Adds a note about the input.
  public mutating func addNote(_ note: String) {
    notes.append(note)
  }
}

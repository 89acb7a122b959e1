/// The writes of one round of a job, done on another thread while the workers process the
/// next round, so that writing is not a serial part of the run.
///
/// At most one round's writes are under way: ``start(_:releasing:)`` first waits for the
/// previous round's, so memory holds the outputs of one round being written besides the
/// round being processed. The writes are done in the order given, on writers that the
/// caller does not touch until ``finish()`` returns; it must be called before the writers
/// are prepared, aborted or released, on success and on failure alike. The first failed
/// write is kept: every later ``start(_:releasing:)`` and ``finish()`` throws it, so a run
/// reports the write error of its earliest round, as when it wrote each round before
/// processing the next. After a round's writes, the writing thread syncs what the files hold
/// (``AtomicFileWriter/syncWritten()``), so that the sync before the outputs are published
/// waits only for the last round. Without `overlaps` (one job), the writes are done at once
/// on the calling thread, and nothing is synced before the end.
final class WriteBehind {
  /// One write of a round, in output order.
  enum Write: Sendable {
    /// Bytes of the main output.
    case output([UInt8])
    /// Bytes of the second output (report or hold-out).
    case report([UInt8])
    /// A rejected record, encoded as one line of the rejects output.
    case reject(RecordRejection)
  }

  /// The writes of a round in blocks, written one block after the other, and the error
  /// that ends the round after them, if any.
  typealias Made = (blocks: [[Write]], failure: (any Error)?)

  private let output: AtomicFileWriter
  private let report: AtomicFileWriter?
  private let rejects: AtomicFileWriter?
  private let overlaps: Bool
  private var pending: ReadAhead<Void>?
  private var failure: (any Error)?

  /// Creates a writer to `output`, `report` and `rejects`; the writes to a `nil` one are
  /// dropped.
  init(
    output: AtomicFileWriter, report: AtomicFileWriter?, rejects: AtomicFileWriter?,
    overlaps: Bool
  ) {
    self.output = output
    self.report = report
    self.rejects = rejects
    self.overlaps = overlaps
  }

  deinit {
    // The writers are not released under a write still running.
    _ = pending?.wait()
  }

  /// Waits for the writes under way, then starts `writes`, on another thread when
  /// overlapping.
  ///
  /// - Parameters:
  ///   - writes: The round's writes, in output order.
  ///   - released: Values of the round (its records and results) that the writing thread
  ///     releases when it is done, so that freeing them is not a serial part of the run
  ///     either. The caller must not use them any more.
  /// - Throws: The first error of an earlier write; `writes` are then not started.
  func start(_ writes: [Write], releasing released: Any = ()) throws {
    try start(blocks: [writes], releasing: released)
  }

  /// Like ``start(_:releasing:)``, with the writes in blocks, written one block after the
  /// other (the blocks the workers made, not joined on the calling thread).
  func start(blocks: [[Write]], releasing released: Any = ()) throws {
    try start(releasing: released) { (blocks, nil) }
  }

  /// Like ``start(_:releasing:)``, with the writes made by `makeWrites` on the writing
  /// thread, just before they are done: the summary and digests of a round are computed
  /// there, while the next round is processed, not on the calling thread between rounds.
  ///
  /// `makeWrites` is called exactly once if no earlier write failed (on the calling thread
  /// without overlap), and released by the writing thread once the writes are done. It may
  /// also return an error that ends the round after its writes (a duplicate id that fails
  /// the run, found as the round's ids are registered): it is kept as the failure of a
  /// write would be, unless one of the writes fails first.
  func start(
    releasing released: Any = (), making makeWrites: @escaping () -> Made
  ) throws {
    try finish()
    guard overlaps else {
      do {
        let (blocks, failure) = makeWrites()
        for writes in blocks {
          try Self.perform(writes, output: output, report: report, rejects: rejects)
        }
        if let failure { throw failure }
      } catch {
        failure = error
        throw error
      }
      return
    }
    let round = Round(makeWrites: makeWrites, released: released)
    let work = Unchecked((round, output, report, rejects))
    pending = ReadAhead {
      let (round, output, report, rejects) = work.value
      // Dropped before the wait returns: memory holds one round being written, not two.
      defer { round.clear() }
      let (blocks, failure) = round.makeWrites?() ?? ([], nil)
      for writes in blocks {
        try Self.perform(writes, output: output, report: report, rejects: rejects)
      }
      if let failure { throw failure }
      // The data of the round goes to disk now, not all at once in the final sync, where
      // the workers would wait for it.
      for writer in [output, report, rejects] { try writer?.syncWritten() }
    }
  }

  /// What a round hands to the writing thread, which empties it when done.
  private final class Round {
    private(set) var makeWrites: (() -> Made)?
    private var released: Any

    init(makeWrites: @escaping () -> Made, released: Any) {
      self.makeWrites = makeWrites
      self.released = released
    }

    func clear() {
      makeWrites = nil
      released = ()
    }
  }

  /// Waits for the writes under way.
  ///
  /// - Throws: The first error of a write so far.
  func finish() throws {
    if let pending {
      self.pending = nil
      if case .failure(let error) = pending.wait() { failure = error }
    }
    if let failure { throw failure }
  }

  private static func perform(
    _ writes: [Write], output: AtomicFileWriter, report: AtomicFileWriter?,
    rejects: AtomicFileWriter?
  ) throws {
    var rejectWriter = JSONWriter()
    for write in writes {
      switch write {
      case .output(let bytes):
        try output.write(bytes)
      case .report(let bytes):
        try report?.write(bytes)
      case .reject(let rejection):
        guard let rejects else { continue }
        rejectWriter.removeAll()
        rejection.encode(into: &rejectWriter)
        try rejects.write(rejectWriter.bytes)
      }
    }
  }
}

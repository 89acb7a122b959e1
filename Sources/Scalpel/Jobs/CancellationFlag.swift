import Synchronization

/// A flag that a signal handler or another thread raises to stop a long job.
///
/// Jobs check it between rounds; a stopped job removes its temporary files and
/// throws ``JobError/interrupted(completedShardCount:)``, so no partial output ever appears
/// under a final name.
public final class CancellationFlag: Sendable {
  private let isRaised = Atomic<Bool>(false)

  /// Creates a lowered flag.
  public init() {}

  /// Raises the flag; safe to call from a signal handler.
  public func raise() { isRaised.store(true, ordering: .relaxed) }

  /// Whether the flag has been raised.
  public var isRequested: Bool { isRaised.load(ordering: .relaxed) }
}

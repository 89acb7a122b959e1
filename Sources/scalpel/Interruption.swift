import Scalpel
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT and SIGTERM raise a flag that jobs check between rounds and on interrupted reads,
/// so that they stop cleanly: temporary files removed, complete outputs kept, exit code 128+signal.
enum Interruption {
  static let flag = CancellationFlag()
  private static let lastSignal = LastSignal()

  static func install() {
    // Both globals are created lazily: create them now, so that the handler never
    // allocates. A handler that mallocs while the interrupted thread holds malloc's lock
    // deadlocks the process (seen in ApplySignalTests).
    _ = lastSignal.load()
    _ = flag.isRequested
    // A parent may have spawned us with these signals blocked; unblock them.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    sigprocmask(SIG_UNBLOCK, &set, nil)
    // No SA_RESTART: a read blocked on a pipe or terminal returns EINTR, so the run stops
    // at once instead of when the producer closes.
    for number in [SIGINT, SIGTERM] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { number in
        Interruption.lastSignal.store(number)
        Interruption.flag.raise()
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(number, &action, nil)
    }
  }

  /// The exit status for an interrupted run: 130 for SIGINT, 143 for SIGTERM.
  static var exitStatus: Int32 { 128 + lastSignal.load() }
}

private final class LastSignal: Sendable {
  private let value = Atomic<Int32>(SIGINT)
  func store(_ number: Int32) { value.store(number, ordering: .relaxed) }
  func load() -> Int32 { value.load(ordering: .relaxed) }
}

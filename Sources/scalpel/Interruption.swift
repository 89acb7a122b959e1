import Scalpel
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT and SIGTERM raise a flag that jobs check between rounds, so that they
/// stop cleanly: temporary files removed, complete outputs kept, exit code 128+signal.
enum Interruption {
  static let flag = CancellationFlag()
  private static let lastSignal = LastSignal()

  static func install() {
    // A parent may have spawned us with these signals blocked; unblock them.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    sigprocmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { number in
      Interruption.lastSignal.store(number)
      Interruption.flag.raise()
    }
    signal(SIGTERM) { number in
      Interruption.lastSignal.store(number)
      Interruption.flag.raise()
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

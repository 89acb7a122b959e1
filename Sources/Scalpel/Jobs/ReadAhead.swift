import Dispatch

/// Work started on a thread of its own, whose result is waited for later: the read of the
/// next round of a job while the workers process the current one.
///
/// The thread is an overcommitting one (a serial queue's), so it does not take the place of
/// a worker of `ConcurrentMap`.
final class ReadAhead<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var result: Result<T, any Error>?
  private var isDone = false
  /// The work, dropped by its thread before it signals.
  private var work: (() throws -> T)?

  /// Starts `work` on another thread. The caller must not touch what `work` uses until
  /// ``wait()`` returns.
  init(_ work: @escaping () throws -> T) {
    self.work = work
    DispatchQueue(label: "scalpel.read-ahead").async { [self] in
      // What the work holds (writers whose deinit removes a temporary file) is released
      // at the end of this scope, before the wait returns, not on this thread after it.
      do {
        guard let work = self.work.take() else { preconditionFailure("ReadAhead: no work") }
        result = Result { try work() }
      }
      done.signal()
    }
  }

  /// Waits for the work and returns its result; call it from the thread that started it.
  func wait() -> Result<T, any Error> {
    if !isDone {
      done.wait()
      isDone = true
    }
    return result!
  }
}

/// A value handed to another thread that uses it alone until it is handed back.
struct Unchecked<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}

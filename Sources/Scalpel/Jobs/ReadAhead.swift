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

  /// Starts `work` on another thread. The caller must not touch what `work` uses until
  /// ``wait()`` returns.
  init(_ work: @escaping () throws -> T) {
    let work = Unchecked(work)
    DispatchQueue(label: "scalpel.read-ahead").async { [self] in
      result = Result { try work.value() }
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

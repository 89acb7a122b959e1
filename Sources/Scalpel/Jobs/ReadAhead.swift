import Dispatch

/// Work started on a thread of its own, whose result is waited for later: the read of the
/// next round of a job while the workers process the current one.
///
/// The thread is an overcommitting one (a serial queue's), so it does not take the place of
/// a worker of `ConcurrentMap`.
final class ReadAhead<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var result: Result<T, any Error>?
  private static var queue: DispatchQueue { DispatchQueue(label: "scalpel.read-ahead") }

  /// Starts `work(context)` on another thread. The caller must not touch what `context`
  /// holds until ``wait()`` returns.
  init<Context>(
    _ context: Unchecked<Context>, _ work: @escaping @Sendable (Unchecked<Context>) throws -> T
  ) {
    Self.queue.async { [self] in
      result = Result { try work(context) }
      done.signal()
    }
  }

  /// Waits for the work and returns its result; call it once.
  func wait() -> Result<T, any Error> {
    done.wait()
    return result!
  }
}

/// A value handed to another thread that uses it alone until it is handed back.
struct Unchecked<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}

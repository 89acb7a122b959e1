import Dispatch

/// An order-preserving parallel map over `0..<count`.
enum ConcurrentMap {
  /// Returns `[transform(0), …, transform(count - 1)]`, computed on up to `workerCount`
  /// threads; worker *w* computes the indices *w*, *w* + `workerCount`, ….
  ///
  /// - Complexity: The sum of the transforms' costs, spread over the workers.
  static func map<T: Sendable>(
    count: Int, workerCount: Int, _ transform: @Sendable (Int) -> T
  ) -> [T] {
    map(count: count, workerCount: workerCount) { _, index in transform(index) }
  }

  /// Like ``map(count:workerCount:_:)``, but also passes the worker number
  /// (`0..<workerCount`), so that each worker can use state of its own.
  ///
  /// - Complexity: The sum of the transforms' costs, spread over the workers.
  static func map<T: Sendable>(
    count: Int, workerCount: Int, _ transform: @Sendable (_ worker: Int, _ index: Int) -> T
  ) -> [T] {
    let workers = min(max(workerCount, 1), count)
    if workers <= 1 { return (0..<count).map { transform(0, $0) } }
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var index = worker
      while index < count {
        slots.store(transform(worker, index), at: index)
        index += workers
      }
    }
    return slots.collect()
  }

  /// Result slots written by several threads, each slot by exactly one.
  private final class Slots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
      slots = .allocate(capacity: count)
      slots.initialize(repeating: nil)
    }

    deinit {
      slots.deinitialize()
      slots.deallocate()
    }

    func store(_ value: T, at index: Int) { slots[index] = value }

    func collect() -> [T] {
      slots.map { value in
        guard let value else { preconditionFailure("ConcurrentMap: a slot was not filled") }
        return value
      }
    }
  }
}

import Dispatch
import Synchronization

/// An order-preserving parallel map over `0..<count`.
enum ConcurrentMap {
  /// Returns `[transform(0), …, transform(count - 1)]`, computed on up to `workerCount`
  /// threads; each worker takes the next index not yet taken, so that a few costly
  /// elements do not leave the other workers idle (the result does not depend on which
  /// worker computed an element).
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
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < count else { break }
        slots.store(transform(worker, index), at: index)
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

    /// Moves the values out (no copy, so no reference counting of what they hold).
    func collect() -> [T] {
      (0..<slots.count).map { index in
        guard let value = slots[index].take() else {
          preconditionFailure("ConcurrentMap: a slot was not filled")
        }
        return value
      }
    }
  }
}

/// Values handed to the workers of a ``ConcurrentMap``, each taken by the one worker that
/// maps its index, so that they are released on the workers, in parallel, not on the thread
/// that made them after the map.
package final class TakenOnce<T>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<T?>

  /// Holds the elements of `values`.
  package init(_ values: [T]) {
    slots = .allocate(capacity: values.count)
    _ = slots.initialize(from: values.lazy.map { Optional($0) })
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  /// The number of elements.
  package var count: Int { slots.count }

  /// Takes element `index`; call it once for each index, from one thread.
  package func take(_ index: Int) -> T {
    guard let value = slots[index].take() else {
      preconditionFailure("TakenOnce: element \(index) was taken already")
    }
    return value
  }
}

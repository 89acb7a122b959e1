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
  /// The calling thread is worker 0; the others are asked of the global queue, and one
  /// that starts after the calling thread has taken the last index does nothing: the map
  /// waits only for the elements under way on other threads, never for a thread to be
  /// scheduled (a busy machine may leave a woken worker waiting for a core for several
  /// milliseconds, which `concurrentPerform` waits for at the end of every map).
  ///
  /// - Complexity: The sum of the transforms' costs, spread over the workers.
  static func map<T: Sendable>(
    count: Int, workerCount: Int, _ transform: @Sendable (_ worker: Int, _ index: Int) -> T
  ) -> [T] {
    let workers = min(max(workerCount, 1), count)
    if workers <= 1 { return (0..<count).map { transform(0, $0) } }
    // Each worker initializes the elements it maps in the result's own storage: the driver
    // moves nothing after the map (no slots to collect between rounds).
    return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      let elements = Elements(buffer.baseAddress!)
      withoutActuallyEscaping(transform) { transform in
        let run = Run(count: count, elements: elements, transform: transform)
        for worker in 1..<workers {
          DispatchQueue.global().async { run.help(worker: worker) }
        }
        run.work(worker: 0, transform)
        run.close()
      }
      initializedCount = count
    }
  }

  /// One map under way: the next index to take, and the workers other than the calling
  /// thread that took part in it.
  ///
  /// A helper joins only while the map is open; ``close()`` (called by the calling thread
  /// once every index is taken) waits for the helpers that joined, then drops the
  /// transform, which no helper touches afterwards.
  private final class Run<T: Sendable>: @unchecked Sendable {
    private let count: Int
    private let elements: Elements<T>
    private let next = Atomic<Int>(0)
    private let state = Mutex(State())
    private let helpersDone = DispatchSemaphore(value: 0)
    private var transform: (@Sendable (Int, Int) -> T)?

    private struct State {
      var isClosed = false
      var activeHelperCount = 0
      var isWaiting = false
    }

    init(count: Int, elements: Elements<T>, transform: @escaping @Sendable (Int, Int) -> T) {
      (self.count, self.elements, self.transform) = (count, elements, transform)
    }

    /// Maps the next index not yet taken until there is none.
    func work(worker: Int, _ transform: @Sendable (Int, Int) -> T) {
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < count else { return }
        elements.initialize(index, to: transform(worker, index))
      }
    }

    /// Takes part as `worker` if the map is still open.
    func help(worker: Int) {
      let joins = state.withLock { state -> Bool in
        guard !state.isClosed else { return false }
        state.activeHelperCount += 1
        return true
      }
      guard joins else { return }
      if let transform { work(worker: worker, transform) }
      let wakes = state.withLock { state -> Bool in
        state.activeHelperCount -= 1
        return state.isWaiting && state.activeHelperCount == 0
      }
      if wakes { helpersDone.signal() }
    }

    /// Closes the map and waits for the helpers that joined it to finish their elements.
    func close() {
      let waits = state.withLock { state -> Bool in
        state.isClosed = true
        state.isWaiting = state.activeHelperCount > 0
        return state.isWaiting
      }
      if waits { helpersDone.wait() }
      transform = nil
    }
  }

  /// The uninitialized storage of the result, each element initialized by exactly one
  /// worker; the map returns only once all are.
  private struct Elements<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    func initialize(_ index: Int, to value: T) { (base + index).initialize(to: value) }
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

import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Scalpel

/// `ConcurrentMap` waits only for the elements under way on other threads: a worker that
/// starts late does nothing, and no worker number is used by two threads at once.
@Suite struct ConcurrentMapTests {
  @Test(arguments: [1, 2, 3, 8])
  func manyTinyMapsKeepOrderAndEveryElement(workers: Int) {
    for count in [0, 1, 2, 3, 5, 17, 100] {
      for round in 0..<200 {
        let mapped = ConcurrentMap.map(count: count, workerCount: workers) { index in
          index &* 31 &+ round
        }
        #expect(mapped == (0..<count).map { $0 &* 31 &+ round }, "count \(count) round \(round)")
      }
    }
  }

  /// Each worker number is held by one thread at a time, within a map and across maps
  /// (steps keep per-worker state indexed by it).
  @Test(arguments: [2, 3, 8])
  func aWorkerNumberIsNeverUsedByTwoThreadsAtOnce(workers: Int) {
    let inUse = Mutex([Bool](repeating: false, count: workers))
    let overlaps = Atomic<Int>(0)
    let seen = Mutex(Set<Int>())
    for round in 0..<300 {
      let mapped = ConcurrentMap.map(count: 1 + round % 23, workerCount: workers) {
        worker, index in
        inUse.withLock { inUse in
          if inUse[worker] { overlaps.wrappingAdd(1, ordering: .relaxed) }
          inUse[worker] = true
        }
        seen.withLock { _ = $0.insert(worker) }
        // Some elements take a while, so that late workers find nothing left.
        if index % 5 == 0 { usleep(50) }
        inUse.withLock { $0[worker] = false }
        return index
      }
      #expect(mapped == Array(0..<(1 + round % 23)))
    }
    #expect(overlaps.load(ordering: .relaxed) == 0)
    #expect(seen.withLock { $0.isSubset(of: Set(0..<workers)) })
  }

  /// Maps started from several threads at once (the read-ahead thread parses while the
  /// driver refines) with a global queue kept busy: every map still returns every element,
  /// and none waits for a helper that has not started.
  @Test func concurrentMapsOnABusyQueueFinish() {
    let group = DispatchGroup()
    let failures = Atomic<Int>(0)
    for thread in 0..<4 {
      DispatchQueue(label: "map-\(thread)").async(group: group) {
        for round in 0..<100 {
          let count = 1 + (round * 7 + thread) % 40
          let mapped = ConcurrentMap.map(count: count, workerCount: 2) { index in
            // Nested map, as a step's parse inside a map would be.
            ConcurrentMap.map(count: index % 4, workerCount: 2) { $0 }.count + index
          }
          if mapped != (0..<count).map({ $0 % 4 + $0 }) {
            failures.wrappingAdd(1, ordering: .relaxed)
          }
        }
      }
    }
    group.wait()
    #expect(failures.load(ordering: .relaxed) == 0)
  }

  /// The transform is not kept by a helper that starts after the map returned.
  @Test func theTransformIsReleasedWhenTheMapReturns() {
    final class Token: Sendable {}
    for _ in 0..<200 {
      weak var weakToken: Token?
      do {
        let token = Token()
        weakToken = token
        _ = ConcurrentMap.map(count: 2, workerCount: 8) { index in
          withExtendedLifetime(token) { index }
        }
      }
      #expect(weakToken == nil)
    }
  }
}

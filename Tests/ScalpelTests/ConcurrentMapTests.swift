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

  /// The workers initialize the result's storage in place: every element of a reference
  /// type is there once, in order, and released once when the result is dropped, whatever
  /// the counts of elements and workers.
  @Test(arguments: [2, 3, 8])
  func everyElementIsInitializedOnceAndReleasedOnce(workers: Int) {
    final class Tally: Sendable { let released = Atomic<Int>(0) }
    final class Counted: Sendable {
      let value: Int
      let tally: Tally
      init(_ value: Int, _ tally: Tally) { (self.value, self.tally) = (value, tally) }
      deinit { tally.released.wrappingAdd(1, ordering: .relaxed) }
    }
    let tally = Tally()
    var made = 0
    for count in [1, 2, 3, 7, 64, 1000] {
      for round in 0..<20 {
        do {
          let mapped = ConcurrentMap.map(count: count, workerCount: workers) { index in
            // Uneven costs, so that the workers take the elements in varying orders.
            if (index &+ round) % 9 == 0 { usleep(20) }
            return (Counted(index, tally), [String](repeating: "\(index)", count: index % 3))
          }
          made += count
          // The textbook map: one element after the other, on this thread.
          let expected = (0..<count).map { ($0, [String](repeating: "\($0)", count: $0 % 3)) }
          #expect(
            mapped.map { $0.0.value } == expected.map { $0.0 }, "count \(count) round \(round)")
          #expect(mapped.map { $0.1 } == expected.map { $0.1 }, "count \(count) round \(round)")
          #expect(Set(mapped.map { ObjectIdentifier($0.0) }).count == count)
        }
        #expect(tally.released.load(ordering: .relaxed) == made, "count \(count) round \(round)")
      }
    }
  }
}

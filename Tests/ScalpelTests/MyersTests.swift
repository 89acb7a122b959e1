import Testing

@testable import Scalpel

@Suite struct MyersTests {
  @Test(arguments: 0..<400)
  func matchesAreACommonSubsequenceOfMaximalLength(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    let alphabetSize = 1 + rng.int(below: 5)
    let a = (0..<rng.int(below: 40)).map { _ in Int32(rng.int(below: alphabetSize)) }
    let b = (0..<rng.int(below: 40)).map { _ in Int32(rng.int(below: alphabetSize)) }
    var myers = Myers()
    var runs: [MatchedRun] = []
    var budget = Int.max
    let isComplete = a.withUnsafeBufferPointer { ab in
      b.withUnsafeBufferPointer { bb in myers.matchedRuns(ab, bb, into: &runs, budget: &budget) }
    }
    #expect(isComplete)
    var lastA = -1
    var lastB = -1
    var matched = 0
    for run in runs {
      #expect(run.aStart > lastA && run.bStart > lastB, "runs out of order: \(runs)")
      for step in 0..<run.length {
        #expect(a[run.aStart + step] == b[run.bStart + step])
      }
      lastA = run.aStart + run.length - 1
      lastB = run.bStart + run.length - 1
      matched += run.length
    }
    #expect(matched == ReferenceLCS.length(a, b), "a: \(a) b: \(b)")
  }

  @Test func stopsWhenTheBudgetRunsOut() {
    let a = (0..<2000).map { Int32($0 % 7) }
    let b = (0..<2000).map { Int32(($0 * 3) % 11) }
    var myers = Myers()
    var runs: [MatchedRun] = []
    var budget = 1000
    let isComplete = a.withUnsafeBufferPointer { ab in
      b.withUnsafeBufferPointer { bb in myers.matchedRuns(ab, bb, into: &runs, budget: &budget) }
    }
    #expect(!isComplete)
  }
}

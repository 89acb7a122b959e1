/// A run of equal tokens found by ``Myers``: `a[aStart..<aStart+length]` equals
/// `b[bStart..<bStart+length]`.
struct MatchedRun: Hashable {
  var aStart: Int
  var bStart: Int
  var length: Int
}

/// Linear-space Myers difference of two token sequences (Myers 1986, §4b).
///
/// Finds a longest common subsequence of `a` and `b` by divide and conquer on
/// the middle snake, so memory stays O(*N* + *M*) whatever the distance.
/// The caller gives a work budget in diagonal steps; when it runs out the
/// search stops and reports failure instead of running on.
struct Myers {
  private var forward: [Int] = []
  private var backward: [Int] = []

  /// Appends the matched runs of a minimal alignment of `a` and `b`, in order,
  /// to `runs`.
  ///
  /// - Parameters:
  ///   - a: The first token sequence.
  ///   - b: The second token sequence.
  ///   - runs: Receives matched runs with `aStart` and `bStart` ascending.
  ///   - budget: Work units left (one per diagonal visited); decremented.
  /// - Returns: `false` if the budget ran out; `runs` is then incomplete.
  /// - Complexity: O((*N* + *M*) · *D*) time and O(*N* + *M*) space, where *D*
  ///   is the number of tokens not in the common subsequence.
  mutating func matchedRuns(
    _ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>,
    into runs: inout [MatchedRun], budget: inout Int
  ) -> Bool {
    matchedRuns(a, 0..<a.count, b, 0..<b.count, into: &runs, budget: &budget)
  }

  /// Appends the matched runs of a minimal alignment of `a[aRange]` and
  /// `b[bRange]`, in order, to `runs`; run offsets index `a` and `b`.
  ///
  /// - Returns: `false` if the budget ran out; `runs` is then incomplete.
  /// - Complexity: O((*N* + *M*) · *D*) time and O(*N* + *M*) space, where *N*
  ///   and *M* are the range lengths.
  mutating func matchedRuns(
    _ a: UnsafeBufferPointer<Int32>, _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<Int32>, _ bRange: Range<Int>,
    into runs: inout [MatchedRun], budget: inout Int
  ) -> Bool {
    let size = aRange.count + bRange.count + 3
    if forward.count < size {
      forward = [Int](repeating: 0, count: size)
      backward = [Int](repeating: 0, count: size)
    }
    return compare(
      a, aRange.lowerBound, aRange.upperBound, b, bRange.lowerBound, bRange.upperBound, &runs,
      &budget)
  }

  private mutating func compare(
    _ a: UnsafeBufferPointer<Int32>, _ aLow: Int, _ aHigh: Int,
    _ b: UnsafeBufferPointer<Int32>, _ bLow: Int, _ bHigh: Int,
    _ runs: inout [MatchedRun], _ budget: inout Int
  ) -> Bool {
    var aStart = aLow
    var bStart = bLow
    while aStart < aHigh && bStart < bHigh && a[aStart] == b[bStart] {
      aStart &+= 1
      bStart &+= 1
    }
    if aStart > aLow {
      Myers.append(MatchedRun(aStart: aLow, bStart: bLow, length: aStart - aLow), &runs)
    }
    var aEnd = aHigh
    var bEnd = bHigh
    while aEnd > aStart && bEnd > bStart && a[aEnd - 1] == b[bEnd - 1] {
      aEnd &-= 1
      bEnd &-= 1
    }
    if aStart < aEnd && bStart < bEnd {
      switch middlePoint(a, aStart, aEnd, b, bStart, bEnd, &budget) {
      case .budgetExhausted:
        return false
      case .noCommonToken:
        break
      case .split(let x, let y):
        guard compare(a, aStart, x, b, bStart, y, &runs, &budget),
          compare(a, x, aEnd, b, y, bEnd, &runs, &budget)
        else { return false }
      }
    }
    if aEnd < aHigh {
      Myers.append(MatchedRun(aStart: aEnd, bStart: bEnd, length: aHigh - aEnd), &runs)
    }
    return true
  }

  /// Appends `run` to `runs`, extending the last run when they touch.
  @inline(__always)
  static func append(_ run: MatchedRun, _ runs: inout [MatchedRun]) {
    if let last = runs.last, last.aStart + last.length == run.aStart,
      last.bStart + last.length == run.bStart
    {
      runs[runs.count - 1].length += run.length
    } else {
      runs.append(run)
    }
  }

  /// The outcome of a middle-point search.
  private enum MiddlePoint {
    case split(x: Int, y: Int)
    /// The searches never met: the sequences share no token at all.
    case noCommonToken
    case budgetExhausted
  }

  /// Finds a point on a minimal path through the edit graph of
  /// `a[aLow..<aHigh]` against `b[bLow..<bHigh]` where the forward and backward
  /// searches meet (both ranges non-empty).
  private mutating func middlePoint(
    _ a: UnsafeBufferPointer<Int32>, _ aLow: Int, _ aHigh: Int,
    _ b: UnsafeBufferPointer<Int32>, _ bLow: Int, _ bHigh: Int,
    _ budget: inout Int
  ) -> MiddlePoint {
    let n = aHigh - aLow
    let m = bHigh - bLow
    let maxD = (n + m + 1) / 2
    let vLength = 2 * maxD + 2
    // Both ranges are non-empty. The forward snake reads a[aLow + x], the backward
    // one a[aHigh - 1 - x]; no offset below can overflow, so wrapping arithmetic.
    let aForward = a.baseAddress.unsafelyUnwrapped + aLow
    let bForward = b.baseAddress.unsafelyUnwrapped + bLow
    let aBackward = a.baseAddress.unsafelyUnwrapped + (aHigh - 1)
    let bBackward = b.baseAddress.unsafelyUnwrapped + (bHigh - 1)
    return forward.withUnsafeMutableBufferPointer { v1 in
      backward.withUnsafeMutableBufferPointer { v2 in
        let v1Base = v1.baseAddress.unsafelyUnwrapped
        let v2Base = v2.baseAddress.unsafelyUnwrapped
        v1Base.update(repeating: -1, count: vLength)
        v2Base.update(repeating: -1, count: vLength)
        let point = Myers.search(
          aForward, bForward, aBackward, bBackward, n: n, m: m,
          v1: v1Base + maxD, v2: v2Base + maxD, vLength: vLength, budget: &budget)
        switch point {
        case .split(let x, let y): return .split(x: aLow + x, y: bLow + y)
        case .noCommonToken, .budgetExhausted: return point
        }
      }
    }
  }

  /// The search of ``middlePoint`` on `a[0..<n]` (`aForward`, or backward from
  /// `aBackward`) and `b[0..<m]`: `v1` and `v2` point at diagonal 0 of the forward and
  /// backward furthest-reaching x, `-1` on every diagonal in `-maxD ... maxD + 1` on entry.
  /// The split point is relative to the ranges' start.
  ///
  /// A diagonal not reached yet holds `-1`, which the rounds rely on: at `k == -d` and
  /// `k == d` the choice `max(v[k + 1], v[k - 1] + 1)` takes the one neighbour reached
  /// (whose x is not negative), as the textbook's edge cases do; and an overlap test
  /// against a diagonal the other search has not reached (`x >= n + 1`) fails for every
  /// x still in the graph. Each round is compiled twice, with and without the overlap
  /// test (`checksOverlap`), which only one side makes for a given parity of `n - m`.
  @inline(never)
  private static func search(
    _ aForward: UnsafePointer<Int32>, _ bForward: UnsafePointer<Int32>,
    _ aBackward: UnsafePointer<Int32>, _ bBackward: UnsafePointer<Int32>,
    n: Int, m: Int, v1: UnsafeMutablePointer<Int>, v2: UnsafeMutablePointer<Int>,
    vLength: Int, budget: inout Int
  ) -> MiddlePoint {
    let maxD = (n + m + 1) / 2
    let delta = n &- m
    let isFrontOverlap = delta & 1 != 0
    v1[1] = 0
    v2[1] = 0
    var forwardSpan = DiagonalSpan()
    var backwardSpan = DiagonalSpan()
    let graph = EditGraph(n: n, m: m, delta: delta, vLowest: 0 &- maxD, vLength: vLength)
    var work = budget
    defer { budget = work }
    for d in 0..<maxD {
      work -= 2 * d + 2
      if work < 0 { return .budgetExhausted }
      let x1 =
        isFrontOverlap
        ? forwardRound(
          aForward, bForward, graph, d: d, v: v1, other: v2, checksOverlap: true,
          span: &forwardSpan)
        : forwardRound(
          aForward, bForward, graph, d: d, v: v1, other: v2, checksOverlap: false,
          span: &forwardSpan)
      if x1 >= 0 { return .split(x: x1, y: x1 &- forwardSpan.meeting) }
      let x2 =
        isFrontOverlap
        ? backwardRound(
          aBackward, bBackward, graph, d: d, v: v2, other: v1, checksOverlap: false,
          span: &backwardSpan)
        : backwardRound(
          aBackward, bBackward, graph, d: d, v: v2, other: v1, checksOverlap: true,
          span: &backwardSpan)
      if x2 >= 0 { return .split(x: x2, y: x2 &- backwardSpan.meeting) }
    }
    // With d up to ⌈(N+M-2)/2⌉ searched, a common token would have been found.
    return .noCommonToken
  }

  /// The sizes a round of the search reads.
  private struct EditGraph {
    var n: Int
    var m: Int
    var delta: Int
    var vLowest: Int
    var vLength: Int
  }

  /// The diagonals a search still extends: `kStart` and `kEnd` grow by two each time a
  /// diagonal leaves the graph at the bottom or the right; `meeting` is the forward
  /// diagonal where the searches met.
  private struct DiagonalSpan {
    var kStart = 0
    var kEnd = 0
    var meeting = 0
  }

  /// Round `d` of the forward search; with `other` (the backward x), the forward x on
  /// the meeting diagonal when the searches overlap, else `-1`.
  ///
  /// ``backwardRound(_:_:_:d:v:other:checksOverlap:span:)`` is the same loop reading the
  /// tokens backward. One function for both, generic over the direction, gave the same
  /// output but 7% more instructions in the search on a 10 MB record (callgrind: 378.6 M ->
  /// 406.5 M), so the two are kept apart: a change to one must be made to the other.
  @inline(__always)
  private static func forwardRound(
    _ a: UnsafePointer<Int32>, _ b: UnsafePointer<Int32>, _ graph: EditGraph, d: Int,
    v: UnsafeMutablePointer<Int>, other: UnsafeMutablePointer<Int>, checksOverlap: Bool,
    span: inout DiagonalSpan
  ) -> Int {
    let n = graph.n
    let m = graph.m
    let delta = graph.delta
    let vLowest = graph.vLowest
    let vLength = graph.vLength
    var kStart = span.kStart
    var kEnd = span.kEnd
    defer {
      span.kStart = kStart
      span.kEnd = kEnd
    }
    var k = kStart &- d
    // kEnd grows inside the loop: the bound is read each time.
    while k <= d &- kEnd {
      var x = max(v[k &+ 1], v[k &- 1] &+ 1)
      var y = x &- k
      while x < n && y < m && a[x] == b[y] {
        x &+= 1
        y &+= 1
      }
      v[k] = x
      if x > n {
        kEnd &+= 2
      } else if y > m {
        kStart &+= 2
      } else if checksOverlap {
        let k2 = delta &- k
        if UInt(bitPattern: k2 &- vLowest) < UInt(bitPattern: vLength),
          x >= n &- other[k2]
        {
          span.meeting = k
          return x
        }
      }
      k &+= 2
    }
    return -1
  }

  /// Round `d` of the backward search (x counts from the ends); with `other` (the
  /// forward x), the forward x on the meeting diagonal when the searches overlap, else
  /// `-1`.
  @inline(__always)
  private static func backwardRound(
    _ a: UnsafePointer<Int32>, _ b: UnsafePointer<Int32>, _ graph: EditGraph, d: Int,
    v: UnsafeMutablePointer<Int>, other: UnsafeMutablePointer<Int>, checksOverlap: Bool,
    span: inout DiagonalSpan
  ) -> Int {
    let n = graph.n
    let m = graph.m
    let delta = graph.delta
    let vLowest = graph.vLowest
    let vLength = graph.vLength
    var kStart = span.kStart
    var kEnd = span.kEnd
    defer {
      span.kStart = kStart
      span.kEnd = kEnd
    }
    var k = kStart &- d
    // kEnd grows inside the loop: the bound is read each time.
    while k <= d &- kEnd {
      var x = max(v[k &+ 1], v[k &- 1] &+ 1)
      var y = x &- k
      while x < n && y < m && a[0 &- x] == b[0 &- y] {
        x &+= 1
        y &+= 1
      }
      v[k] = x
      if x > n {
        kEnd &+= 2
      } else if y > m {
        kStart &+= 2
      } else if checksOverlap {
        let k1 = delta &- k
        if UInt(bitPattern: k1 &- vLowest) < UInt(bitPattern: vLength) {
          let x1 = other[k1]
          if x1 >= n &- x {
            span.meeting = k1
            return x1
          }
        }
      }
      k &+= 2
    }
    return -1
  }
}

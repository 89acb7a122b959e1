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
    let vOffset = maxD
    let vLength = 2 * maxD + 2
    let delta = n - m
    let isFrontOverlap = delta & 1 != 0
    // Both ranges are non-empty. The forward snake reads a[aLow + x], the backward
    // one a[aHigh - 1 - x]; no offset below can overflow, so wrapping arithmetic.
    let aForward = a.baseAddress.unsafelyUnwrapped + aLow
    let bForward = b.baseAddress.unsafelyUnwrapped + bLow
    let aBackward = a.baseAddress.unsafelyUnwrapped + (aHigh - 1)
    let bBackward = b.baseAddress.unsafelyUnwrapped + (bHigh - 1)
    // The budget in a register; stored back however the search ends.
    var remaining = budget
    defer { budget = remaining }
    return forward.withUnsafeMutableBufferPointer { v1Buffer in
      backward.withUnsafeMutableBufferPointer { v2Buffer in
        for index in 0..<vLength {
          v1Buffer[index] = -1
          v2Buffer[index] = -1
        }
        // Indexed by diagonal: v1[k] is the furthest x of the forward search on k.
        let v1 = v1Buffer.baseAddress.unsafelyUnwrapped + vOffset
        let v2 = v2Buffer.baseAddress.unsafelyUnwrapped + vOffset
        v1[1] = 0
        v2[1] = 0
        // The other search's diagonal k is stored iff k + vOffset is in 0..<vLength.
        let storedDiagonals = UInt(bitPattern: vLength)
        var k1Start = 0
        var k1End = 0
        var k2Start = 0
        var k2End = 0
        for d in 0..<maxD {
          remaining &-= 2 &* d &+ 2
          if remaining < 0 { return .budgetExhausted }
          var k1 = k1Start &- d
          // k1End grows inside the loop: the bound is read each time.
          while k1 <= d &- k1End {
            var x1: Int
            if k1 == 0 &- d || (k1 != d && v1[k1 &- 1] < v1[k1 &+ 1]) {
              x1 = v1[k1 &+ 1]
            } else {
              x1 = v1[k1 &- 1] &+ 1
            }
            var y1 = x1 &- k1
            while x1 < n && y1 < m && aForward[x1] == bForward[y1] {
              x1 &+= 1
              y1 &+= 1
            }
            v1[k1] = x1
            if x1 > n {
              k1End &+= 2
            } else if y1 > m {
              k1Start &+= 2
            } else if isFrontOverlap {
              let k2 = delta &- k1
              if UInt(bitPattern: k2 &+ vOffset) < storedDiagonals && v2[k2] != -1 {
                if x1 >= n &- v2[k2] { return .split(x: aLow + x1, y: bLow + y1) }
              }
            }
            k1 &+= 2
          }
          var k2 = k2Start &- d
          // k2End grows inside the loop: the bound is read each time.
          while k2 <= d &- k2End {
            var x2: Int
            if k2 == 0 &- d || (k2 != d && v2[k2 &- 1] < v2[k2 &+ 1]) {
              x2 = v2[k2 &+ 1]
            } else {
              x2 = v2[k2 &- 1] &+ 1
            }
            var y2 = x2 &- k2
            while x2 < n && y2 < m && aBackward[0 &- x2] == bBackward[0 &- y2] {
              x2 &+= 1
              y2 &+= 1
            }
            v2[k2] = x2
            if x2 > n {
              k2End &+= 2
            } else if y2 > m {
              k2Start &+= 2
            } else if !isFrontOverlap {
              let k1 = delta &- k2
              if UInt(bitPattern: k1 &+ vOffset) < storedDiagonals && v1[k1] != -1 {
                let x1 = v1[k1]
                let y1 = x1 &- k1
                if x1 >= n &- x2 { return .split(x: aLow + x1, y: bLow + y1) }
              }
            }
            k2 &+= 2
          }
        }
        // With d up to ⌈(N+M-2)/2⌉ searched, a common token would have been found.
        return .noCommonToken
      }
    }
  }
}

extension ReferenceLCS {
  /// The largest table (in cells) that ``length(_:_:maximumCellCount:)`` fills by default.
  static let defaultMaximumCellCount = 40_000_000

  /// The length of a longest common subsequence of `a` and `b`, counted in Unicode scalars.
  ///
  /// The textbook dynamic program with two rows, after stripping the common
  /// prefix and suffix (which every longest common subsequence may keep).
  ///
  ///     ReferenceLCS.length("abcde", "ace")   // 3
  ///
  /// - Returns: The length, or `nil` when the middle parts need more than
  ///   `maximumCellCount` cells (the size guard).
  /// - Complexity: O(*n* · *m*) time and O(*m*) space.
  static func length(
    _ a: String, _ b: String, maximumCellCount: Int = defaultMaximumCellCount
  ) -> Int? {
    length(Array(a.unicodeScalars), Array(b.unicodeScalars), maximumCellCount: maximumCellCount)
  }

  /// The length of a longest common subsequence of two scalar arrays (see above).
  static func length(
    _ a: [Unicode.Scalar], _ b: [Unicode.Scalar],
    maximumCellCount: Int = defaultMaximumCellCount
  ) -> Int? {
    var prefix = 0
    while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix && suffix < b.count - prefix
      && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    {
      suffix += 1
    }
    let x = Array(a[prefix..<(a.count - suffix)].map(\.value))
    let y = Array(b[prefix..<(b.count - suffix)].map(\.value))
    if x.isEmpty || y.isEmpty { return prefix + suffix }
    guard x.count.multipliedReportingOverflow(by: y.count).partialValue <= maximumCellCount,
      x.count < maximumCellCount, y.count < maximumCellCount
    else { return nil }
    var previous = [Int32](repeating: 0, count: y.count + 1)
    var current = previous
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in
        for i in 0..<xs.count {
          let xi = xs[i]
          previous.withUnsafeBufferPointer { up in
            current.withUnsafeMutableBufferPointer { row in
              row[0] = 0
              for j in 0..<ys.count {
                row[j + 1] = xi == ys[j] ? up[j] + 1 : max(up[j + 1], row[j])
              }
            }
          }
          swap(&previous, &current)
        }
      }
    }
    return prefix + suffix + Int(previous[y.count])
  }
}

/// How far a program's output `P` is from the expert's refined text `R`, from their LCS.
///
/// *leftover* = |P| − LCS(P, R): scalars the expert deleted that P still has;
/// *over-deleted* = |R| − LCS(P, R): scalars of R that P lacks (for pure
/// deletions, characters the expert kept that the program deleted).
struct FidelityCounts: Hashable, CustomStringConvertible {
  var leftoverScalarCount: Int
  var overDeletedScalarCount: Int

  /// Counts for `output` against `refined`, or `nil` above the LCS size guard.
  init?(output: String, refined: String) {
    let p = Array(output.unicodeScalars)
    let r = Array(refined.unicodeScalars)
    guard let common = ReferenceLCS.length(p, r) else { return nil }
    leftoverScalarCount = p.count - common
    overDeletedScalarCount = r.count - common
  }

  var description: String {
    "leftover \(leftoverScalarCount), over-deleted \(overDeletedScalarCount)"
  }
}

/// Whether `small` is a subsequence of `big`, on Unicode scalars (greedy, O(*n*)).
func isScalarSubsequence(_ small: String, of big: String) -> Bool {
  var iterator = big.unicodeScalars.makeIterator()
  outer: for scalar in small.unicodeScalars {
    while let candidate = iterator.next() {
      if candidate == scalar { continue outer }
    }
    return false
  }
  return true
}

@testable import Scalpel

/// The textbook O(N·M) LCS table, on Unicode scalars: the slow oracle for the kernel.
enum ReferenceLCS {
  /// The longest common subsequence length of two sequences, by the full (n + 1) × (m + 1)
  /// table.
  static func length<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0..<a.count {
      for j in 0..<b.count {
        table[i + 1][j + 1] =
          a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
      }
    }
    return table[a.count][b.count]
  }

  /// The minimal Indel cost (deleted plus inserted scalars) of turning `a` into `b`.
  static func indelDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    var previous = [Int](repeating: 0, count: y.count + 1)
    var current = previous
    for i in 1...max(x.count, 1) where !x.isEmpty {
      for j in 1...max(y.count, 1) where !y.isEmpty {
        current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
      }
      swap(&previous, &current)
    }
    let lcs = x.isEmpty || y.isEmpty ? 0 : previous[y.count]
    return x.count + y.count - 2 * lcs
  }
}

/// Checks of the alignment invariants that hold for every input.
enum AlignmentCheck {
  /// Returns a description of the first violated invariant, or `nil`.
  static func violation(_ alignment: Alignment, original: [UInt8], refined: [UInt8]) -> String? {
    var originalOffset = 0
    var refinedOffset = 0
    var previousKind: AlignmentHunk.Kind? = nil
    for (index, hunk) in alignment.hunks.enumerated() {
      let o = hunk.originalUTF8Range
      let r = hunk.refinedUTF8Range
      if o.lowerBound != originalOffset || r.lowerBound != refinedOffset {
        return "hunk \(index) does not continue at \(originalOffset)/\(refinedOffset): \(hunk)"
      }
      if o.isEmpty && r.isEmpty { return "hunk \(index) is empty" }
      if previousKind == hunk.kind { return "hunks \(index - 1) and \(index) have the same kind" }
      if previousKind == .insert && hunk.kind == .delete {
        return "insert before delete at hunk \(index)"
      }
      for bound in [o.lowerBound, o.upperBound] where bound < original.count {
        if original[bound] & 0xC0 == 0x80 { return "original cut inside a scalar at \(bound)" }
      }
      for bound in [r.lowerBound, r.upperBound] where bound < refined.count {
        if refined[bound] & 0xC0 == 0x80 { return "refined cut inside a scalar at \(bound)" }
      }
      switch hunk.kind {
      case .equal:
        if Array(original[o]) != Array(refined[r]) { return "equal hunk \(index) differs" }
      case .delete:
        if !r.isEmpty || o.isEmpty { return "bad delete hunk \(index)" }
      case .insert:
        if !o.isEmpty || r.isEmpty { return "bad insert hunk \(index)" }
      }
      originalOffset = o.upperBound
      refinedOffset = r.upperBound
      previousKind = hunk.kind
    }
    if originalOffset != original.count || refinedOffset != refined.count {
      return
        "hunks end at \(originalOffset)/\(refinedOffset), not \(original.count)/\(refined.count)"
    }
    return nil
  }

  /// The Indel cost of `alignment` in Unicode scalars.
  static func scalarCost(_ alignment: Alignment, original: [UInt8], refined: [UInt8]) -> Int {
    alignment.hunks.reduce(0) { total, hunk in
      switch hunk.kind {
      case .equal: return total
      case .delete:
        return total
          + String(decoding: original[hunk.originalUTF8Range], as: UTF8.self).unicodeScalars.count
      case .insert:
        return total
          + String(decoding: refined[hunk.refinedUTF8Range], as: UTF8.self).unicodeScalars.count
      }
    }
  }
}

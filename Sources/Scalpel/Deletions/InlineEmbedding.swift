/// Chooses how a refined line sits inside its original line when the refinement
/// only deleted from it: among all the ways to delete scalars of the original
/// that leave the refined line (all of equal Indel cost), the one whose deleted
/// runs are fewest and cut the line at the most natural places.
///
/// A run of deleted scalars costs ``openCost`` plus the cost of its two cut
/// points (see ``cutCost(_:_:)``): cutting between words, at whitespace or
/// outside a bracket is free; cutting inside a word, just inside an opening
/// bracket or just before a closing one is expensive. So
/// `The system has <a href="/x">a</a> rich history.` refined to
/// `The system has a rich history.` deletes `<a href="/x">` and `</a>`, not `<`
/// and ` href="/x">a</a>`, which would leave a piece (`<`) that a `remove_str`
/// cannot name uniquely.
enum InlineEmbedding {
  /// The cost of one deleted run, on top of its cut points.
  static let openCost: Int32 = 1
  /// The most cells (refined scalars × deleted scalars) one call may use.
  static let maximumCellCount = 1 << 22

  /// Returns, for each scalar of `original`, whether it is deleted, or `nil` when
  /// `refined` is not a subsequence of `original` or the table would exceed
  /// ``maximumCellCount``. Among placements of equal cost, the earliest matches win,
  /// or the latest with `prefersLaterMatches`.
  ///
  /// - Complexity: O(*m* · *d*) time and space, where *m* is the length of
  ///   `refined` and *d* the number of deleted scalars (a band of the table).
  static func deletedScalars(
    original: [UInt32], refined: [UInt32], prefersLaterMatches: Bool = false
  ) -> [Bool]? {
    let n = original.count
    let m = refined.count
    let d = n - m
    guard d >= 0 else { return nil }
    let width = d + 1
    guard (m + 1) * width <= maximumCellCount else { return nil }
    if d == 0 { return original == refined ? [Bool](repeating: false, count: n) : nil }
    if m == 0 { return [Bool](repeating: true, count: n) }

    // cut[x]: the cost of a cut just before original[x] (x = 0 and x = n are free).
    var cut = [Int32](repeating: 0, count: n + 1)
    for x in 1..<n { cut[x] = cutCost(original[x - 1], original[x]) }

    // Row j, column t: refined[..<j] is placed and j + t original scalars are
    // consumed. match: original[j + t - 1] is kept as refined[j - 1];
    // gap: original[j + t - 1] is deleted. trace bit 0: match came from a gap;
    // bit 1: gap extends a gap.
    let infinity = Int32.max / 4
    var previousMatch = [Int32](repeating: infinity, count: width)
    var previousGap = [Int32](repeating: infinity, count: width)
    var match = [Int32](repeating: infinity, count: width)
    var gap = [Int32](repeating: infinity, count: width)
    var trace = [UInt8](repeating: 0, count: (m + 1) * width)

    for j in 0...m {
      for t in 0..<width {
        var bits: UInt8 = 0
        var matchCost = infinity
        if j == 0 {
          if t == 0 { matchCost = 0 }
        } else if original[j + t - 1] == refined[j - 1] {
          let fromMatch = previousMatch[t]
          let fromGap = previousGap[t] < infinity ? previousGap[t] + cut[j + t - 1] : infinity
          if fromGap < fromMatch || (prefersLaterMatches && fromGap == fromMatch) {
            matchCost = fromGap
            bits |= 1
          } else {
            matchCost = fromMatch
          }
        }
        var gapCost = infinity
        if t > 0 {
          let opened = match[t - 1] < infinity ? match[t - 1] + openCost + cut[j + t - 1] : infinity
          let extended = gap[t - 1]
          if extended < opened || (!prefersLaterMatches && extended == opened) {
            gapCost = extended
            if extended < infinity { bits |= 2 }
          } else {
            gapCost = opened
          }
        }
        match[t] = matchCost
        gap[t] = gapCost
        trace[j * width + t] = bits
      }
      swap(&previousMatch, &match)
      swap(&previousGap, &gap)
    }
    // After the swap, the last row is in previous*.
    let endMatch = previousMatch[d]
    let endGap = previousGap[d]
    guard min(endMatch, endGap) < infinity else { return nil }

    var deleted = [Bool](repeating: false, count: n)
    var j = m
    var t = d
    var isGap = endGap < endMatch || (prefersLaterMatches && endGap == endMatch)
    while j > 0 || t > 0 {
      let bits = trace[j * width + t]
      if isGap {
        deleted[j + t - 1] = true
        isGap = bits & 2 != 0
        t -= 1
      } else {
        isGap = bits & 1 != 0
        j -= 1
      }
    }
    return deleted
  }

  /// How a scalar behaves at a cut point.
  enum CutClass {
    case space, word, opening, closing, punctuation
  }

  static func cutClass(_ scalar: UInt32) -> CutClass {
    switch scalar {
    case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return .space
    case 0x3C, 0x28, 0x5B, 0x7B, 0x300C, 0x300E, 0xFF08, 0x3010, 0x300A, 0x3008: return .opening
    case 0x3E, 0x29, 0x5D, 0x7D, 0x300D, 0x300F, 0xFF09, 0x3011, 0x300B, 0x3009: return .closing
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return .word
    case 0x3001, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B: return .punctuation
    case 0x80...: return .word
    default: return .punctuation
    }
  }

  /// The cost of cutting between `left` and `right`: 0 at whitespace, after a
  /// closing or before an opening bracket; 1 between a word and punctuation;
  /// 3 inside a word, just after an opening or just before a closing bracket.
  static func cutCost(_ left: UInt32, _ right: UInt32) -> Int32 {
    let leftClass = cutClass(left)
    let rightClass = cutClass(right)
    if leftClass == .opening || rightClass == .closing { return 3 }
    if leftClass == .space || rightClass == .space { return 0 }
    if leftClass == .closing || rightClass == .opening { return 0 }
    if leftClass == .word && rightClass == .word { return 3 }
    return 1
  }
}

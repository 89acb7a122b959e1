/// Anchors between two token ranges on the tokens that occur exactly once in
/// each range, as patience diff does: the longest chain of such tokens that is
/// in the same order on both sides.
///
/// The line level uses it when Myers would cost more than its share of the work
/// budget (many changed lines that occur on both sides, as in a large document
/// or one whose lines were moved): the anchors split the ranges into gaps small
/// enough for Myers, which keeps the cost close to linear in the line count.
struct UniqueLineAnchors {
  /// Tokens that occur once in each range, as (`a` index, `b` index), in `b` order.
  private(set) var candidates: [(a: Int32, b: Int32)] = []
  private var countA: [Int32] = []
  private var countB: [Int32] = []
  private var positionA: [Int32] = []
  private var touched: [Int32] = []
  private var pileTops: [Int32] = []
  private var predecessors: [Int32] = []

  /// Fills `anchors` with the indices into ``candidates`` of a longest chain
  /// increasing on both sides, in order.
  ///
  /// - Parameters:
  ///   - a: The first token sequence; only `aRange` is read.
  ///   - b: The second token sequence; only `bRange` is read.
  ///   - tokenCount: One more than the largest token id.
  ///   - anchors: Receives the chain, ascending.
  /// - Complexity: O(*n* + *m* + *k* log *k*), where *k* is the number of
  ///   unique common tokens.
  mutating func chain(
    _ a: UnsafeBufferPointer<Int32>, _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<Int32>, _ bRange: Range<Int>,
    tokenCount: Int, into anchors: inout [Int32]
  ) {
    if countA.count < tokenCount {
      countA = [Int32](repeating: 0, count: tokenCount)
      countB = [Int32](repeating: 0, count: tokenCount)
      positionA = [Int32](repeating: 0, count: tokenCount)
    }
    touched.removeAll(keepingCapacity: true)
    for index in aRange {
      let token = Int(a[index])
      if countA[token] == 0 && countB[token] == 0 { touched.append(Int32(token)) }
      countA[token] &+= 1
      positionA[token] = Int32(index)
    }
    for index in bRange {
      let token = Int(b[index])
      if countA[token] == 0 && countB[token] == 0 { touched.append(Int32(token)) }
      countB[token] &+= 1
    }
    candidates.removeAll(keepingCapacity: true)
    for index in bRange {
      let token = Int(b[index])
      if countA[token] == 1 && countB[token] == 1 {
        candidates.append((positionA[token], Int32(index)))
      }
    }
    for token in touched {
      countA[Int(token)] = 0
      countB[Int(token)] = 0
    }

    // Longest strictly increasing subsequence of the `a` indices (patience sorting).
    pileTops.removeAll(keepingCapacity: true)
    predecessors.removeAll(keepingCapacity: true)
    for (candidateIndex, candidate) in candidates.enumerated() {
      var low = 0
      var high = pileTops.count
      while low < high {
        let middle = (low + high) >> 1
        if candidates[Int(pileTops[middle])].a < candidate.a {
          low = middle + 1
        } else {
          high = middle
        }
      }
      predecessors.append(low > 0 ? pileTops[low - 1] : -1)
      if low == pileTops.count {
        pileTops.append(Int32(candidateIndex))
      } else {
        pileTops[low] = Int32(candidateIndex)
      }
    }
    anchors.removeAll(keepingCapacity: true)
    guard var index = pileTops.last else { return }
    while index >= 0 {
      anchors.append(index)
      index = predecessors[Int(index)]
    }
    anchors.reverse()
  }
}

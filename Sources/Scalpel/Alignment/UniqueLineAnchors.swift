/// Anchors between two token ranges on the tokens that occur exactly once in
/// each range, as patience diff does: the heaviest chain (by bytes) of such
/// tokens that is in the same order on both sides.
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
  private var ranks: [Int32] = []
  private var rankOf: [Int32] = []
  private var tree: [(weight: Int, index: Int32)] = []
  private var predecessors: [Int32] = []

  /// Fills `anchors` with the indices into ``candidates`` of the heaviest chain
  /// increasing on both sides (each line weighing `weights[a]` bytes), in order.
  ///
  /// - Parameters:
  ///   - a: The first token sequence; only `aRange` is read.
  ///   - b: The second token sequence; only `bRange` is read.
  ///   - weights: The byte length of each line of `a`.
  ///   - tokenCount: One more than the largest token id.
  ///   - anchors: Receives the chain, ascending.
  /// - Complexity: O(*n* + *m* + *k* log *k*), where *k* is the number of
  ///   unique common tokens.
  mutating func chain(
    _ a: UnsafeBufferPointer<Int32>, _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<Int32>, _ bRange: Range<Int>,
    weights: UnsafeBufferPointer<Int32>, tokenCount: Int, into anchors: inout [Int32]
  ) {
    if countA.count < tokenCount {
      countA = [Int32](repeating: 0, count: tokenCount)
      countB = [Int32](repeating: 0, count: tokenCount)
      positionA = [Int32](repeating: 0, count: tokenCount)
    }
    // On local copies through buffer pointers, into scratch buffers as large as they
    // can need to be: no store in the loops checks for uniqueness or capacity.
    let touchedCapacity = aRange.count + bRange.count
    if touched.count < touchedCapacity {
      touched.append(contentsOf: repeatElement(0, count: touchedCapacity - touched.count))
    }
    // Room for every line of `b` to be a candidate, trimmed after.
    candidates.removeAll(keepingCapacity: true)
    candidates.append(contentsOf: repeatElement((a: 0, b: 0), count: bRange.count))
    var localCountA = countA
    var localCountB = countB
    var localPositionA = positionA
    var localTouched = touched
    var localFound = candidates
    countA = []
    countB = []
    positionA = []
    touched = []
    candidates = []
    var foundCount = 0
    localCountA.withUnsafeMutableBufferPointer { countA in
      localCountB.withUnsafeMutableBufferPointer { countB in
        localPositionA.withUnsafeMutableBufferPointer { positionA in
          localTouched.withUnsafeMutableBufferPointer { touched in
            localFound.withUnsafeMutableBufferPointer { found in
              var touchedCount = 0
              for index in aRange {
                let token = Int(a[index])
                if countA[token] == 0 && countB[token] == 0 {
                  touched[touchedCount] = Int32(token)
                  touchedCount &+= 1
                }
                countA[token] &+= 1
                positionA[token] = Int32(index)
              }
              for index in bRange {
                let token = Int(b[index])
                if countA[token] == 0 && countB[token] == 0 {
                  touched[touchedCount] = Int32(token)
                  touchedCount &+= 1
                }
                countB[token] &+= 1
              }
              for index in bRange {
                let token = Int(b[index])
                if countA[token] == 1 && countB[token] == 1 {
                  found[foundCount] = (positionA[token], Int32(index))
                  foundCount &+= 1
                }
              }
              for token in touched[0..<touchedCount] {
                countA[Int(token)] = 0
                countB[Int(token)] = 0
              }
            }
          }
        }
      }
    }
    countA = localCountA
    countB = localCountB
    positionA = localPositionA
    touched = localTouched
    candidates = localFound
    candidates.removeLast(bRange.count - foundCount)

    // The heaviest chain strictly increasing in `a` (candidates ascend in `b`), each line
    // weighing its bytes: a Fenwick tree over the ranks of the `a` indices gives the best
    // chain ending below each rank. By bytes, not by count, so that many short lines
    // (headings repeated in a deleted table of contents) cannot outvote the text.
    let k = candidates.count
    anchors.removeAll(keepingCapacity: true)
    guard k > 0 else { return }
    ranks.removeAll(keepingCapacity: true)
    ranks.append(contentsOf: 0..<Int32(k))
    ranks.sort { candidates[Int($0)].a < candidates[Int($1)].a }
    rankOf.removeAll(keepingCapacity: true)
    rankOf.append(contentsOf: repeatElement(0, count: k))
    for (rank, candidate) in ranks.enumerated() { rankOf[Int(candidate)] = Int32(rank + 1) }
    tree.removeAll(keepingCapacity: true)
    tree.append(contentsOf: repeatElement((weight: 0, index: Int32(-1)), count: k + 1))
    predecessors.removeAll(keepingCapacity: true)
    var best: (weight: Int, index: Int32) = (0, -1)
    for index in 0..<k {
      // Best chain over ranks below this one.
      var prefix: (weight: Int, index: Int32) = (0, -1)
      var position = Int(rankOf[index]) - 1
      while position > 0 {
        if tree[position].weight > prefix.weight { prefix = tree[position] }
        position &= position - 1
      }
      let weight = prefix.weight + Int(weights[Int(candidates[index].a)])
      predecessors.append(prefix.index)
      if weight > best.weight { best = (weight, Int32(index)) }
      position = Int(rankOf[index])
      while position <= k {
        if weight > tree[position].weight { tree[position] = (weight, Int32(index)) }
        position += position & -position
      }
    }
    var index = best.index
    while index >= 0 {
      anchors.append(index)
      index = predecessors[Int(index)]
    }
    anchors.reverse()
  }
}

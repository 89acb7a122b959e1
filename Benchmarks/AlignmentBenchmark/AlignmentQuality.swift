import Scalpel

/// Checks and scores of one alignment against the generator's ground truth.
struct AlignmentQuality {
  /// Empty when the alignment is a valid edit script of `original` into `refined`.
  var problems: [String] = []
  var truePositiveBytes = 0
  var predictedBytes = 0
  var trueBytes = 0
  var exactSpans = 0
  var trueSpans = 0

  init(alignment: Alignment, pair: WebPair) {
    let original = pair.original
    let refined = pair.refined
    var o = 0
    var r = 0
    var predicted: [Range<Int>] = []
    func isScalarBoundary(_ bytes: [UInt8], _ offset: Int) -> Bool {
      offset == bytes.count || (bytes[offset] & 0xC0) != 0x80
    }
    for hunk in alignment.hunks {
      let a = hunk.originalUTF8Range
      let b = hunk.refinedUTF8Range
      if a.lowerBound != o || b.lowerBound != r {
        problems.append("gap or overlap at original \(o), refined \(r)")
        break
      }
      guard a.upperBound <= original.count && b.upperBound <= refined.count else {
        problems.append("range past the end")
        break
      }
      switch hunk.kind {
      case .equal:
        if a.count != b.count || !original[a].elementsEqual(refined[b]) {
          problems.append("equal hunk with different bytes at original \(a.lowerBound)")
        }
      case .delete:
        if !b.isEmpty { problems.append("delete hunk with refined bytes") }
        predicted.append(a)
      case .insert:
        if !a.isEmpty { problems.append("insert hunk with original bytes") }
      }
      if !isScalarBoundary(original, a.lowerBound) || !isScalarBoundary(original, a.upperBound)
        || !isScalarBoundary(refined, b.lowerBound) || !isScalarBoundary(refined, b.upperBound)
      {
        problems.append("hunk not on scalar boundaries at original \(a.lowerBound)")
      }
      o = a.upperBound
      r = b.upperBound
    }
    if problems.isEmpty && (o != original.count || r != refined.count) {
      problems.append("hunks do not cover both texts")
    }
    // Deleted-byte overlap by a sweep over two sorted, disjoint span lists.
    var i = 0
    var j = 0
    let truth = pair.deletedSpans
    while i < truth.count && j < predicted.count {
      let low = max(truth[i].lowerBound, predicted[j].lowerBound)
      let high = min(truth[i].upperBound, predicted[j].upperBound)
      if low < high { truePositiveBytes += high - low }
      if truth[i].upperBound < predicted[j].upperBound { i += 1 } else { j += 1 }
    }
    predictedBytes = predicted.reduce(0) { $0 + $1.count }
    trueBytes = truth.reduce(0) { $0 + $1.count }
    let predictedSet = Set(predicted.map { [$0.lowerBound, $0.upperBound] })
    trueSpans = truth.count
    exactSpans = truth.filter { predictedSet.contains([$0.lowerBound, $0.upperBound]) }.count
  }
}

/// Sums of ``AlignmentQuality`` over a case.
struct QualityTotals {
  var invalidPairs = 0
  var firstProblem: String?
  var truePositiveBytes = 0
  var predictedBytes = 0
  var trueBytes = 0
  var exactSpans = 0
  var trueSpans = 0

  mutating func add(_ quality: AlignmentQuality, id: String) {
    if !quality.problems.isEmpty {
      invalidPairs += 1
      if firstProblem == nil { firstProblem = id + ": " + quality.problems[0] }
    }
    truePositiveBytes += quality.truePositiveBytes
    predictedBytes += quality.predictedBytes
    trueBytes += quality.trueBytes
    exactSpans += quality.exactSpans
    trueSpans += quality.trueSpans
  }

  /// Deleted-byte F1 over all pairs of the case (micro-averaged).
  var f1: Double {
    let denominator = predictedBytes + trueBytes
    return denominator == 0 ? 1 : 2 * Double(truePositiveBytes) / Double(denominator)
  }

  var exactSpanShare: Double { trueSpans == 0 ? 1 : Double(exactSpans) / Double(trueSpans) }
}

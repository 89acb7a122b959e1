/// The equal-cost post-pass that moves each pure deletion to the most natural
/// boundary.
///
/// A deletion `O[a..<b)` between two equal hunks can move left by one byte when
/// `O[a-1] == O[b-1]` and right when `O[a] == O[b]`, without changing the cost.
/// Among the reachable positions (limited to the neighbouring equal hunks, and
/// to scalar boundaries), the one whose two cut points score best wins; ties go
/// to the right. Cut scores, best first: line boundary, sentence start, word
/// start (after whitespace), before whitespace, next to punctuation. A deletion
/// that slides over a whole equal hunk merges with the deletion before it.
enum DeletionSlider {
  /// Slides every pure deletion of `hunks` (one not followed by an insert).
  ///
  /// - Complexity: O(*h* + *s*), where *h* is the number of hunks and *s* the
  ///   total slide distance examined, at most `2 · maximumSlideUTF8Count` per deletion.
  static func slide(
    _ hunks: inout [AlignmentHunk], original: UnsafeBufferPointer<UInt8>,
    maximumSlideUTF8Count: Int
  ) {
    guard hunks.contains(where: { $0.kind == .delete }) else { return }
    var output: [AlignmentHunk] = []
    output.reserveCapacity(hunks.count)
    var index = 0
    while index < hunks.count {
      var hunk = hunks[index]
      let isPureDelete =
        hunk.kind == .delete && (index + 1 == hunks.count || hunks[index + 1].kind != .insert)
      guard isPureDelete else {
        output.append(hunk)
        index += 1
        continue
      }
      let start = hunk.originalUTF8Range.lowerBound
      let end = hunk.originalUTF8Range.upperBound
      let length = end - start

      // How far left: into the previous equal hunk. It may vanish only when the
      // hunk before it is a deletion (merge) or it starts the text.
      var leftLimit = 0
      var mergeStart: Int? = nil
      if let previous = output.last, previous.kind == .equal {
        let equalLength = previous.originalUTF8Range.count
        let canVanish = output.count == 1 || output[output.count - 2].kind == .delete
        leftLimit = min(maximumSlideUTF8Count, canVanish ? equalLength : equalLength - 1)
        if canVanish && output.count >= 2 {
          mergeStart = output[output.count - 2].originalUTF8Range.lowerBound
        }
      }
      var rightLimit = 0
      if index + 1 < hunks.count, hunks[index + 1].kind == .equal {
        let equalLength = hunks[index + 1].originalUTF8Range.count
        let canVanish = index + 2 == hunks.count
        rightLimit = min(maximumSlideUTF8Count, canVanish ? equalLength : equalLength - 1)
      }
      var leftReach = 0
      while leftReach < leftLimit
        && original[start - leftReach - 1] == original[end - leftReach - 1]
      {
        leftReach += 1
      }
      var rightReach = 0
      while rightReach < rightLimit && original[start + rightReach] == original[end + rightReach] {
        rightReach += 1
      }
      guard leftReach > 0 || rightReach > 0 else {
        output.append(hunk)
        index += 1
        continue
      }
      var bestShift = 0
      var bestScore = Int.min
      var shift = -leftReach
      while shift <= rightReach {
        let cutStart = start + shift
        let cutEnd = end + shift
        if isScalarBoundary(original, cutStart) && isScalarBoundary(original, cutEnd) {
          let vanishesLeft =
            shift == -leftLimit && output.last?.originalUTF8Range.count == leftLimit
          let effectiveStart = vanishesLeft ? (mergeStart ?? cutStart) : cutStart
          let score = cutScore(original, effectiveStart) + cutScore(original, cutEnd)
          if score >= bestScore {
            bestScore = score
            bestShift = shift
          }
        }
        shift += 1
      }
      if bestShift != 0 {
        let refinedPosition = hunk.refinedUTF8Range.lowerBound + bestShift
        hunk.originalUTF8Range = start + bestShift..<start + bestShift + length
        hunk.refinedUTF8Range = refinedPosition..<refinedPosition
        let lastIndex = output.count - 1
        output[lastIndex].originalUTF8Range =
          output[lastIndex].originalUTF8Range.lowerBound..<start + bestShift
        output[lastIndex].refinedUTF8Range =
          output[lastIndex].refinedUTF8Range.lowerBound..<refinedPosition
        if index + 1 < hunks.count {
          hunks[index + 1].originalUTF8Range =
            end + bestShift..<hunks[index + 1].originalUTF8Range.upperBound
          hunks[index + 1].refinedUTF8Range =
            refinedPosition..<hunks[index + 1].refinedUTF8Range.upperBound
        }
        if output[lastIndex].originalUTF8Range.isEmpty {
          output.removeLast()
          if let previous = output.last, previous.kind == .delete {
            hunk.originalUTF8Range =
              previous.originalUTF8Range.lowerBound..<hunk.originalUTF8Range.upperBound
            hunk.refinedUTF8Range = previous.refinedUTF8Range
            output.removeLast()
          }
        }
        if index + 1 < hunks.count && hunks[index + 1].originalUTF8Range.isEmpty {
          output.append(hunk)
          index += 2
          continue
        }
      }
      output.append(hunk)
      index += 1
    }
    hunks = output
  }

  @inline(__always)
  private static func isScalarBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
    offset == bytes.count || bytes[offset] & 0xC0 != 0x80
  }

  @inline(__always)
  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  @inline(__always)
  private static func isPunctuation(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "!")...UInt8(ascii: "/"), UInt8(ascii: ":")...UInt8(ascii: "@"),
      UInt8(ascii: "[")...UInt8(ascii: "`"), UInt8(ascii: "{")...UInt8(ascii: "~"):
      return true
    default:
      return false
    }
  }

  /// How natural it is to cut the text between `bytes[offset - 1]` and `bytes[offset]`.
  static func cutScore(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
    if offset == 0 || offset == bytes.count { return 6 }
    let before = bytes[offset - 1]
    let after = bytes[offset]
    if before == UInt8(ascii: "\n") { return 6 }
    if isBlank(before) && offset >= 2 {
      let sentenceEnd = bytes[offset - 2]
      if sentenceEnd == UInt8(ascii: ".") || sentenceEnd == UInt8(ascii: "!")
        || sentenceEnd == UInt8(ascii: "?")
      {
        return 5
      }
    }
    if isBlank(before) { return 4 }
    if after == UInt8(ascii: "\n") { return 3 }
    if isBlank(after) { return 2 }
    if isPunctuation(before) || isPunctuation(after) { return 1 }
    return 0
  }
}

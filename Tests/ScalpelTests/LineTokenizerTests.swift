import Testing

@testable import Scalpel

@Suite struct LineTokenizerTests {
  /// Start offsets of the lines of `bytes` (each with its `\n`; a last line may lack it),
  /// plus the end offset.
  private func lineStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
    if starts.last != bytes.count { starts.append(bytes.count) }
    return starts
  }

  /// Ids numbered by first occurrence over the original's lines, then the refined text's:
  /// the tokenizer's ids, from a dictionary of line bytes.
  private func reference(
    _ original: [UInt8], _ originalStarts: ArraySlice<Int>,
    _ refined: [UInt8], _ refinedStarts: ArraySlice<Int>
  ) -> (original: [Int32], refined: [Int32], originalCounts: [Int32], refinedCounts: [Int32]) {
    var ids: [[UInt8]: Int32] = [:]
    var originalCounts: [Int32] = []
    var refinedCounts: [Int32] = []
    func intern(_ bytes: [UInt8], _ starts: ArraySlice<Int>, isOriginal: Bool) -> [Int32] {
      zip(starts.dropLast(), starts.dropFirst()).map { start, end in
        let line = Array(bytes[start..<end])
        let id =
          ids[line]
          ?? {
            let new = Int32(ids.count)
            ids[line] = new
            originalCounts.append(0)
            refinedCounts.append(0)
            return new
          }()
        if isOriginal { originalCounts[Int(id)] += 1 } else { refinedCounts[Int(id)] += 1 }
        return id
      }
    }
    let originalIDs = intern(original, originalStarts, isOriginal: true)
    let refinedIDs = intern(refined, refinedStarts, isOriginal: false)
    return (originalIDs, refinedIDs, originalCounts, refinedCounts)
  }

  /// Refinements that keep, drop, change, repeat and move lines, on a few distinct lines
  /// (so that the refined text's next line is often, but not always, the original's next).
  @Test(arguments: 0..<300)
  func idsAreNumberedByFirstOccurrence(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    let vocabulary = (0..<(1 + rng.int(below: 12))).map { word in
      Array(String(repeating: "w\(word) ", count: rng.int(below: 4)).utf8) + [0x0A]
    }
    var originalLines = (0..<rng.int(below: 60)).map { _ in
      vocabulary[rng.int(below: vocabulary.count)]
    }
    if !originalLines.isEmpty && rng.int(below: 3) == 0 {
      originalLines[originalLines.count - 1].removeLast()
    }
    var refinedLines: [[UInt8]] = []
    for line in originalLines {
      switch rng.int(below: 10) {
      case 0: continue
      case 1: refinedLines.append(Array("changed \(rng.int(below: 5))\n".utf8))
      case 2: refinedLines.append(vocabulary[rng.int(below: vocabulary.count)])
      case 3: refinedLines.append(line + line)
      default: refinedLines.append(line)
      }
    }
    if rng.int(below: 4) == 0 { refinedLines.shuffle(using: &rng) }
    let original = originalLines.flatMap { $0 }
    let refined = refinedLines.flatMap { $0 }
    let allOriginalStarts = lineStarts(original)
    let allRefinedStarts = lineStarts(refined)
    // Also a region of each text: slices that do not start at index 0.
    let originalFrom = rng.int(below: allOriginalStarts.count)
    let refinedFrom = rng.int(below: allRefinedStarts.count)
    for (originalStarts, refinedStarts) in [
      (allOriginalStarts[...], allRefinedStarts[...]),
      (allOriginalStarts[originalFrom...], allRefinedStarts[refinedFrom...]),
    ] {
      var tokenizer = LineTokenizer()
      original.withUnsafeBufferPointer { originalBytes in
        refined.withUnsafeBufferPointer { refinedBytes in
          tokenizer.tokenize(
            original: originalBytes, originalLineStarts: originalStarts,
            refined: refinedBytes, refinedLineStarts: refinedStarts)
        }
      }
      let expected = reference(original, originalStarts, refined, refinedStarts)
      #expect(tokenizer.originalIDs == expected.original, "seed \(seed)")
      #expect(tokenizer.refinedIDs == expected.refined, "seed \(seed)")
      #expect(tokenizer.originalCounts == expected.originalCounts, "seed \(seed)")
      #expect(tokenizer.refinedCounts == expected.refinedCounts, "seed \(seed)")
    }
  }
}

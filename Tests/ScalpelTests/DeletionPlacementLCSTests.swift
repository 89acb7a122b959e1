import Testing

@testable import Scalpel

/// The bit-parallel LCS length of the line choice against the textbook table.
@Suite struct DeletionPlacementLCSTests {
  @Test func matchesTheTextbookTableAcrossWordBoundaries() {
    var rng = SplitMix64(seed: 1403)
    // One scratch for all calls, as the line choice reuses it: it must come back all zeros.
    var scratch: [UInt64] = []
    let lengths = [0, 1, 2, 7, 63, 64, 65, 127, 128, 129, 200]
    for iteration in 0..<1_500 {
      let alphabetSize = [1, 2, 4, 26, 256][rng.int(below: 5)]
      func random(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(rng.int(below: alphabetSize)) &+ (alphabetSize == 256 ? 0 : 97)
        }
      }
      let n = iteration % 3 == 0 ? lengths[rng.int(below: lengths.count)] : rng.int(below: 90)
      let m = iteration % 3 == 1 ? lengths[rng.int(below: lengths.count)] : rng.int(below: 90)
      var a = random(n)
      let b = random(m)
      // Often a subsequence of b with a few bytes added, the line choice's usual case.
      if iteration % 4 == 0 && !b.isEmpty {
        a = b.filter { _ in rng.int(below: 3) != 0 } + random(rng.int(below: 4))
      }
      // Slices that do not start at 0, as the lines of a document do.
      let paddedA = random(3) + a
      let paddedB = random(5) + b
      let result = DeletionPlacement.lcsLength(paddedA[3...], paddedB[5...], &scratch)
      #expect(result == ReferenceLCS.length(a, b), "\(a) \(b)")
      #expect(scratch.allSatisfy { $0 == 0 })
    }
  }
}

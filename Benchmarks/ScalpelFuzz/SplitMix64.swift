/// A small seeded generator (Steele, Lea and Flood's SplitMix64), so every fuzz input can be
/// regenerated from the run seed, the target and the input's index.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// The generator of input `index` of `target`: independent of every other input, so
  /// `--start index --iterations 1` replays exactly that input.
  init(runSeed: UInt64, target: FuzzTarget, index: Int) {
    var mixer = SplitMix64(seed: runSeed ^ (UInt64(target.salt) &* 0xD1B5_4A32_D192_ED03))
    state = mixer.next() ^ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
    _ = next()
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniformly chosen integer in `0..<bound`; `bound` must be positive.
  mutating func int(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

  /// A uniformly chosen integer in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
  }

  /// True with probability 1 / `n`.
  mutating func oneIn(_ n: Int) -> Bool { int(below: n) == 0 }

  /// A uniformly chosen element of a non-empty array.
  mutating func pick<Element>(_ elements: [Element]) -> Element {
    elements[int(below: elements.count)]
  }

  /// A length that is usually small and occasionally large: `0...limit`, log-uniform-ish.
  mutating func skewedLength(_ limit: Int) -> Int {
    let bits = int(in: 0...max(1, Int.bitWidth - (limit.leadingZeroBitCount)))
    return min(limit, int(below: 1 << bits))
  }
}

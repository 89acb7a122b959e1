import Testing

@testable import Scalpel

@Suite struct AlignerTests {
  /// Random text over a small alphabet so that collisions, CRLF and multibyte scalars are common.
  static func randomText(_ rng: inout SplitMix64, alphabet: [String], maxLength: Int) -> String {
    let length = rng.int(below: maxLength + 1)
    return (0..<length).map { _ in alphabet[rng.int(below: alphabet.count)] }.joined()
  }

  /// A refinement of `text`: random deletions of spans, plus sometimes insertions.
  static func randomRefinement(
    of text: String, _ rng: inout SplitMix64, alphabet: [String], insertions: Bool
  ) -> String {
    var scalars = Array(text.unicodeScalars).map { String($0) }
    var result: [String] = []
    var index = 0
    while index < scalars.count {
      let roll = rng.int(below: 10)
      if roll < 2 {
        index += 1 + rng.int(below: 4)
      } else if insertions && roll == 2 {
        result.append(alphabet[rng.int(below: alphabet.count)])
      } else {
        result.append(scalars[index])
        index += 1
      }
    }
    scalars = result
    return scalars.joined()
  }

  static func check(
    original: String, refined: String, options: AlignmentOptions = AlignmentOptions(),
    expectMinimal: Bool, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let o = NormalizedText(original).utf8
    let r = NormalizedText(refined).utf8
    var aligner = Aligner(options: options)
    let alignment = aligner.align(original: o, refined: r)
    let repro =
      "original: \(String(reflecting: String(decoding: o, as: UTF8.self))) refined: \(String(reflecting: String(decoding: r, as: UTF8.self)))"
    #expect(
      AlignmentCheck.violation(alignment, original: o, refined: r) == nil,
      "\(repro)", sourceLocation: sourceLocation)
    let cost = AlignmentCheck.scalarCost(alignment, original: o, refined: r)
    let optimum = ReferenceLCS.indelDistance(
      String(decoding: o, as: UTF8.self), String(decoding: r, as: UTF8.self))
    if expectMinimal && !alignment.isBudgetExhausted {
      #expect(cost == optimum, "\(repro)", sourceLocation: sourceLocation)
    } else {
      #expect(cost >= optimum, "\(repro)", sourceLocation: sourceLocation)
    }
  }

  static let alphabet = ["a", "b", "\n", "\r\n", " ", "é", "è", "€", "😀", "."]

  @Test(arguments: 0..<300)
  func randomPairsAreMinimal(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed))
    let original = Self.randomText(&rng, alphabet: Self.alphabet, maxLength: 60)
    let refined: String
    if seed % 3 == 0 {
      refined = Self.randomText(&rng, alphabet: Self.alphabet, maxLength: 60)
    } else {
      refined = Self.randomRefinement(
        of: original, &rng, alphabet: Self.alphabet, insertions: seed % 3 == 1)
    }
    Self.check(original: original, refined: refined, expectMinimal: true)
  }

  @Test(arguments: 0..<200)
  func lineLevelPathIsValid(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed) &+ 10_000)
    let lines = ["a\n", "b\n", "ab\n", "a b\n", "é\n", "\n", "ba.\n", "x😀\n"]
    let original = (0..<rng.int(below: 40)).map { _ in lines[rng.int(below: lines.count)] }.joined()
    let refined = Self.randomRefinement(
      of: original, &rng, alphabet: Self.alphabet, insertions: seed % 2 == 0)
    // Force the line level even on small inputs.
    let options = AlignmentOptions(exactRegionWordsPerByte: 0)
    Self.check(original: original, refined: refined, options: options, expectMinimal: false)
    Self.check(original: original, refined: refined, expectMinimal: true)
  }

  @Test(arguments: 0..<200)
  func hirschbergSplitIsMinimal(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed) &+ 20_000)
    let original = Self.randomText(&rng, alphabet: ["a", "b", "c", "é", "\n"], maxLength: 300)
    let refined = Self.randomRefinement(
      of: original, &rng, alphabet: ["a", "b", "c", "é", "\n"], insertions: true)
    var aligner = Aligner()
    let o = Array(original.utf8)
    let r = Array(refined.utf8)
    var lcs = BitParallelLCS()
    lcs.maximumTracebackWords = 4  // force Hirschberg splits
    var runs: [EditRun] = []
    var budget = Int.max
    let a = original.unicodeScalars.map(\.value)
    let b = refined.unicodeScalars.map(\.value)
    let aligned = a.withUnsafeBufferPointer { ab in
      b.withUnsafeBufferPointer { bb in lcs.align(ab, bb, into: &runs, budget: &budget) }
    }
    #expect(aligned)
    let cost = runs.reduce(0) { $0 + ($1.kind == .match ? 0 : $1.count) }
    #expect(cost == ReferenceLCS.indelDistance(original, refined))
    let matched = runs.reduce(0) { $0 + ($1.kind != .insert ? $1.count : 0) }
    #expect(matched == a.count)
    _ = aligner.align(original: o, refined: r)
  }

  /// Every pair of strings up to length 4 over {a, b, \n}.
  @Test func exhaustiveSmallStrings() {
    let alphabet: [Character] = ["a", "b", "\n"]
    var strings: [String] = [""]
    var frontier: [String] = [""]
    for _ in 0..<4 {
      frontier = frontier.flatMap { prefix in alphabet.map { prefix + String($0) } }
      strings += frontier
    }
    var aligner = Aligner()
    var lineAligner = Aligner(options: AlignmentOptions(exactRegionWordsPerByte: 0))
    var failures = 0
    for original in strings {
      for refined in strings {
        let o = Array(original.utf8)
        let r = Array(refined.utf8)
        let alignment = aligner.align(original: o, refined: r)
        let lineAlignment = lineAligner.align(original: o, refined: r)
        let optimum = ReferenceLCS.indelDistance(original, refined)
        if AlignmentCheck.violation(alignment, original: o, refined: r) != nil
          || AlignmentCheck.scalarCost(alignment, original: o, refined: r) != optimum
          || AlignmentCheck.violation(lineAlignment, original: o, refined: r) != nil
        {
          failures += 1
          if failures < 5 {
            Issue.record(
              "failed on \(String(reflecting: original)) -> \(String(reflecting: refined))")
          }
        }
      }
    }
    #expect(failures == 0)
  }
}

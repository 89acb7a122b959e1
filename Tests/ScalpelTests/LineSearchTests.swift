import Testing

@testable import Scalpel

@Suite struct LineSearchTests {
  typealias Occurrence = LineSearch.Occurrence

  struct Case: Sendable, CustomTestStringConvertible {
    var line: String
    var pattern: String
    var expected: Occurrence
    var row: Int
    var testDescription: String {
      "line \(row): \(pattern.debugDescription) in \(line.debugDescription)"
    }
  }

  static let cases: [Case] = [
    Case(line: "abc", pattern: "b", expected: .unique(utf8Offset: 1), row: #line),
    Case(line: "abc", pattern: "abc", expected: .unique(utf8Offset: 0), row: #line),
    Case(line: "abc", pattern: "abcd", expected: .none, row: #line),
    Case(line: "abc", pattern: "", expected: .none, row: #line),
    Case(line: "", pattern: "a", expected: .none, row: #line),
    Case(line: "abab", pattern: "ab", expected: .multiple, row: #line),
    Case(line: "aaa", pattern: "aa", expected: .multiple, row: #line),
    Case(line: "aab", pattern: "ab", expected: .unique(utf8Offset: 1), row: #line),
    Case(line: "aabaabaaab", pattern: "aaab", expected: .unique(utf8Offset: 6), row: #line),
    Case(line: "é", pattern: "e\u{301}", expected: .none, row: #line),
    Case(line: "xé", pattern: "é", expected: .unique(utf8Offset: 1), row: #line),
  ]

  @Test(arguments: cases)
  func findsOccurrence(_ testCase: Case) {
    let line = Array(testCase.line.utf8)
    let pattern = Array(testCase.pattern.utf8)
    #expect(
      LineSearch.occurrence(of: pattern, in: line, range: line.indices) == testCase.expected,
      "row at line \(testCase.row)")
    #expect(
      LineSearch.SuffixArrayIndex(line[...]).occurrence(of: pattern) == testCase.expected,
      "row at line \(testCase.row)")
  }

  @Test func offsetsAreAbsoluteInsideALargerBuffer() {
    let bytes = Array("xx\nabcab\n".utf8)
    #expect(
      LineSearch.occurrence(of: Array("ca".utf8), in: bytes, range: 3..<8) == .unique(utf8Offset: 5)
    )
    #expect(LineSearch.occurrence(of: Array("x".utf8), in: bytes, range: 3..<8) == .none)
    let index = LineSearch.SuffixArrayIndex(bytes[3..<8])
    #expect(
      index.occurrence(of: Array("ca".utf8), lineStartUTF8Offset: 3) == .unique(utf8Offset: 5))
  }

  @Test func suffixArrayOfUnaryTextNeedsEveryRound() {
    let line = [UInt8](repeating: 0x61, count: 1000)
    let index = LineSearch.SuffixArrayIndex(line[...])
    #expect(index.suffixStarts == (0..<1000).reversed().map { Int32($0) })
  }

  @Test(arguments: 0..<200)
  func suffixArrayAgreesWithKnuthMorrisPratt(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
    let alphabet: [UInt8] = seed % 2 == 0 ? [0x61, 0x62] : [0x61, 0x62, 0x63, 0xC3, 0xA9]
    let line = (0..<rng.int(below: 60)).map { _ in alphabet[rng.int(below: alphabet.count)] }
    let index = LineSearch.SuffixArrayIndex(line[...])
    // The suffix array really is sorted and a permutation.
    let suffixes = index.suffixStarts.map { Array(line[Int($0)...]) }
    #expect(zip(suffixes, suffixes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    #expect(Set(index.suffixStarts).count == line.count)
    for _ in 0..<20 {
      let patternLength = 1 + rng.int(below: 4)
      let pattern = (0..<patternLength).map { _ in alphabet[rng.int(below: alphabet.count)] }
      let viaKMP = LineSearch.occurrence(of: pattern, in: line, range: line.indices)
      let starts = line.indices.filter { line[$0...].starts(with: pattern) }
      let expected: Occurrence =
        starts.isEmpty ? .none : starts.count == 1 ? .unique(utf8Offset: starts[0]) : .multiple
      #expect(viaKMP == expected, "seed \(seed): \(line) \(pattern)")
      #expect(index.occurrence(of: pattern) == expected, "seed \(seed): \(line) \(pattern)")
    }
  }
}

import Testing

@testable import Scalpel

/// ``ScalarDecoder`` against the standard library's decoding, on ASCII runs of every
/// length around the eight-byte step, multibyte scalars at every position, CRLF and
/// sub-ranges that start and end anywhere on a scalar boundary.
@Suite struct ScalarDecoderTests {
  static let pieces = ["a", "\n", "\r\n", "é", "€", "😀", "abcdefg", "abcdefgh", "abcdefghi", " "]

  static func expectDecodes(
    _ text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let bytes = Array(text.utf8)
    var boundaries: [Int] = [0]
    for scalar in text.unicodeScalars {
      boundaries.append(boundaries.last! + String(scalar).utf8.count)
    }
    // Reused buffers, larger than needed after the first range.
    var scalars: [UInt32] = []
    var offsets: [Int32] = []
    for (startIndex, start) in boundaries.enumerated() {
      for end in boundaries[startIndex...] where end - start <= 40 || end == bytes.count {
        let count = bytes.withUnsafeBufferPointer {
          ScalarDecoder.decode($0, start, end, scalars: &scalars, offsets: &offsets)
        }
        let expected = String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars
        #expect(count == expected.count, sourceLocation: sourceLocation)
        #expect(
          Array(scalars[..<count]) == expected.map(\.value), "\(start)..<\(end) of \(text)",
          sourceLocation: sourceLocation)
        #expect(
          Array(offsets[..<(count + 1)])
            == boundaries[startIndex...].prefix(count + 1).map { Int32($0 - start) },
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test(arguments: 0..<80)
  func randomTextsMatchTheStandardLibrary(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed) &+ 97_000)
    var text = ""
    for _ in 0..<(1 + rng.int(below: 24)) { text += Self.pieces[rng.int(below: Self.pieces.count)] }
    Self.expectDecodes(text)
  }

  @Test func longASCIIRunsAroundEveryMultibyteScalar() {
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 33] {
      let run = String(repeating: "x", count: length)
      Self.expectDecodes(run + "😀" + run + "é" + run + "\r\n" + run)
    }
  }
}

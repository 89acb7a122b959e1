/// Byte-level mutations that aim at the edges of JSON, UTF-8 and program syntax.
enum ByteMutator {
  static let interestingBytes: [UInt8] =
    Array(#"{}[]:,"\u0123456789abcdefABCDEFEe.+-tnrlsx /'()=#_<|>`"#.utf8)
    + [
      0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
      0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    ]

  static let snippets: [[UInt8]] =
    [
      #"\u"#, #"\uD800"#, #"\uDBFF\uDFFF"#, #"\uDC00"#, #"\uD83D\uDE00"#, #"\uD83D"#, #"\uD83Dx"#,
      #"\u00"#, #"\uZZZZ"#, #"\"#, #"\\"#, #"\""#, #"\x41"#, #"\U0001F600"#, #"\U00110000"#, "\r\n",
      "\r",
      "\n", "1e999999", "-0", "00", "0.", "-", "1E+", "[[[[", "]]]]", "{{", "}}", "true", "nul",
      "fals",
      "\"\":", ",,", "<|im_end|>", "```", "remove_lines(", "remove_str(", "keep_all()", ")", "'",
      "\u{2028}", "\u{FEFF}", "\u{10FFFF}", "é", "日本", "🙂",
    ].map { Array($0.utf8) }
    + [
      [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF],
      [0xF0, 0x80, 0x80, 0xAF],
      [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x99],
      [0xEF, 0xBB, 0xBF], [0x80], [0xC3], [0xFE, 0xFF],
    ]

  /// Applies `count` random mutations; `donor` is spliced from when given.
  static func mutate(
    _ bytes: inout [UInt8], count: Int, donor: [UInt8]? = nil, _ rng: inout SplitMix64
  ) {
    for _ in 0..<count {
      let position = rng.int(below: bytes.count + 1)
      let hasByte = position < bytes.count
      switch rng.int(below: 11) {
      case 0 where hasByte:
        bytes[position] ^= UInt8(1) << UInt8(rng.int(below: 8))
      case 1 where hasByte:
        bytes[position] = rng.pick(interestingBytes)
      case 2:
        bytes.insert(rng.pick(interestingBytes), at: position)
      case 3, 4:
        bytes.insert(contentsOf: rng.pick(snippets), at: position)
      case 5 where hasByte:
        let end = min(bytes.count, position + 1 + rng.skewedLength(32))
        bytes.removeSubrange(position..<end)
      case 6 where hasByte:
        let end = min(bytes.count, position + 1 + rng.skewedLength(64))
        let copy = Array(bytes[position..<end])
        bytes.insert(contentsOf: copy, at: rng.int(below: bytes.count + 1))
      case 7:
        bytes.removeSubrange(position...)
      case 8 where donor != nil:
        let donor = donor!
        let cut = rng.int(below: donor.count + 1)
        let end = min(donor.count, cut + rng.skewedLength(256))
        bytes.insert(contentsOf: donor[cut..<end], at: position)
      case 9 where hasByte:
        // Replace a run with random bytes.
        let end = min(bytes.count, position + 1 + rng.skewedLength(8))
        for offset in position..<end { bytes[offset] = UInt8(truncatingIfNeeded: rng.next()) }
      default:
        bytes.insert(rng.pick([0x0A, 0x0D, 0x20, 0x09]), at: position)
      }
    }
  }
}

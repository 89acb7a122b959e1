@testable import Scalpel

/// Random JSON strings and values for property tests, drawn so that the characters that need
/// escaping, multi-byte UTF-8 and 8-byte scan boundaries come up often.
enum JSONTestData {
  /// Scalars that stress escaping and UTF-8: quotes, backslashes, every short escape, other
  /// control characters, DEL, U+2028/U+2029 and their near neighbours, 2-, 3- and 4-byte scalars.
  static let interestingScalars: [Unicode.Scalar] = [
    "a", "b", "Z", "0", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1}",
    "\u{1F}", "\u{7F}", "\u{80}", "é", "€", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}",
    "\u{FEFF}",
    "\u{FFFD}", "\u{FFFF}", "𝄞", "😀", "\u{10FFFF}", "中",
  ]

  static func randomString(using rng: inout SplitMix64, maximumLength: Int = 40) -> String {
    var scalars = String.UnicodeScalarView()
    let length = rng.int(below: maximumLength + 1)
    for _ in 0..<length {
      if rng.int(below: 3) == 0 {
        scalars.append(interestingScalars[rng.int(below: interestingScalars.count)])
      } else if rng.int(below: 4) == 0 {
        // Any scalar, surrogates excluded.
        var value = UInt32(rng.int(below: 0x10F800))
        if value >= 0xD800 { value += 0x800 }
        scalars.append(Unicode.Scalar(value) ?? "x")
      } else {
        scalars.append(Unicode.Scalar(UInt8(0x61 + rng.int(below: 26))))
      }
    }
    return String(scalars)
  }

  static let numbers = [
    "0", "-0", "1", "-17", "3.25", "-0.5e-7", "1E+300", "12345678901234567890123", "6.02e23", "1e0",
  ]

  static func randomValue(using rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
    let kind = rng.int(below: depth >= 4 ? 5 : 8)
    switch kind {
    case 0: return .null
    case 1: return .bool(rng.int(below: 2) == 0)
    case 2: return .number(numbers[rng.int(below: numbers.count)])
    case 3, 4: return .string(randomString(using: &rng))
    case 5:
      return .array((0..<rng.int(below: 5)).map { _ in randomValue(using: &rng, depth: depth + 1) })
    default:
      let keys = ["a", "b", "id", "text", "é", "\u{2028}", ""]
      return .object(
        (0..<rng.int(below: 5)).map { _ in
          (
            key: rng.int(below: 2) == 0
              ? keys[rng.int(below: keys.count)] : randomString(using: &rng, maximumLength: 6),
            value: randomValue(using: &rng, depth: depth + 1)
          )
        })
    }
  }
}

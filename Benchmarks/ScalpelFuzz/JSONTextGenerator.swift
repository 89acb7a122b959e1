import Scalpel

/// Writes random JSON text together with the value it must parse to.
///
/// Strings mix ASCII, controls, quotes, U+2028/2029, BOM characters, BMP and astral scalars,
/// written raw or as escapes (short escapes, `\uXXXX` in either case, surrogate pairs).
/// Numbers follow the RFC 8259 grammar and are occasionally thousands of digits long.
/// Whitespace between tokens is rare; `newlineWeight` controls how often it is `\n` or `\r`.
struct JSONTextGenerator {
  var bytes: [UInt8] = []
  /// The nesting depth written by ``appendNesting(depth:_:)``.
  var depth = 0
  var newlineWeight = 0

  // MARK: Scalars and strings

  static let specialScalars: [UInt32] = [
    0x00, 0x1F, 0x7F, 0x80, 0xA0, 0xAD, 0x7FF, 0x800, 0x2028, 0x2029, 0xD7FF, 0xE000, 0xFEFF,
    0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x1F9D1, 0xE0001, 0x10FFFF, 0x22, 0x5C, 0x2F,
  ]

  static func randomScalar(_ rng: inout SplitMix64) -> Unicode.Scalar {
    let value: UInt32
    switch rng.int(below: 16) {
    case 0..<7: value = UInt32(rng.int(in: 0x20...0x7E))
    case 7: value = UInt32(rng.int(in: 0...0x1F))
    case 8: value = rng.pick([0x22, 0x5C, 0x2F, 0x0A, 0x0D, 0x09])
    case 9, 10: value = UInt32(rng.int(in: 0x80...0x7FF))
    case 11, 12:
      value = UInt32(rng.oneIn(2) ? rng.int(in: 0x800...0xD7FF) : rng.int(in: 0xE000...0xFFFF))
    case 13: value = UInt32(rng.int(in: 0x10000...0x10FFFF))
    default: value = rng.pick(specialScalars)
    }
    return Unicode.Scalar(value)!
  }

  static func randomText(_ rng: inout SplitMix64, maximumLength: Int = 40) -> String {
    var scalars = String.UnicodeScalarView()
    for _ in 0..<rng.skewedLength(maximumLength) { scalars.append(randomScalar(&rng)) }
    return String(scalars)
  }

  mutating func appendHex(_ value: UInt32, _ rng: inout SplitMix64) {
    let digits = rng.oneIn(2) ? "0123456789abcdef" : "0123456789ABCDEF"
    let table = Array(digits.utf8)
    for shift in stride(from: 12, through: 0, by: -4) {
      bytes.append(table[Int((value >> UInt32(shift)) & 0xF)])
    }
  }

  /// Appends `string` as a JSON string literal with randomly chosen escapes.
  mutating func appendString(_ string: String, _ rng: inout SplitMix64) {
    let escapeOneIn = rng.pick([1, 3, 8, 1_000_000])
    bytes.append(UInt8(ascii: "\""))
    for scalar in string.unicodeScalars {
      let value = scalar.value
      let short: UInt8?
      switch value {
      case 0x22: short = UInt8(ascii: "\"")
      case 0x5C: short = UInt8(ascii: "\\")
      case 0x08: short = UInt8(ascii: "b")
      case 0x0C: short = UInt8(ascii: "f")
      case 0x0A: short = UInt8(ascii: "n")
      case 0x0D: short = UInt8(ascii: "r")
      case 0x09: short = UInt8(ascii: "t")
      case 0x2F: short = rng.oneIn(2) ? UInt8(ascii: "/") : nil
      default: short = nil
      }
      let mustEscape = value < 0x20 || value == 0x22 || value == 0x5C
      if !mustEscape && !rng.oneIn(escapeOneIn) {
        UTF8.encode(scalar) { bytes.append($0) }
      } else if let short, !rng.oneIn(4) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(short)
      } else if value < 0x10000 {
        bytes.append(contentsOf: #"\u"#.utf8)
        appendHex(value, &rng)
      } else {
        let offset = value - 0x10000
        bytes.append(contentsOf: #"\u"#.utf8)
        appendHex(0xD800 + (offset >> 10), &rng)
        bytes.append(contentsOf: #"\u"#.utf8)
        appendHex(0xDC00 + (offset & 0x3FF), &rng)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  // MARK: Numbers

  static func appendDigits(_ count: Int, to text: inout [UInt8], _ rng: inout SplitMix64) {
    for _ in 0..<count { text.append(UInt8(ascii: "0") + UInt8(rng.int(below: 10))) }
  }

  static func randomNumberText(_ rng: inout SplitMix64) -> [UInt8] {
    var text: [UInt8] = []
    if rng.oneIn(4) { text.append(UInt8(ascii: "-")) }
    if rng.oneIn(4) {
      text.append(UInt8(ascii: "0"))
    } else {
      text.append(UInt8(ascii: "1") + UInt8(rng.int(below: 9)))
      let length = rng.oneIn(60) ? rng.int(in: 300...5_000) : rng.skewedLength(25)
      appendDigits(length, to: &text, &rng)
    }
    if rng.oneIn(3) {
      text.append(UInt8(ascii: "."))
      appendDigits(
        rng.oneIn(60) ? rng.int(in: 300...3_000) : 1 + rng.skewedLength(20), to: &text, &rng)
    }
    if rng.oneIn(4) {
      text.append(rng.oneIn(2) ? UInt8(ascii: "e") : UInt8(ascii: "E"))
      switch rng.int(below: 3) {
      case 0: text.append(UInt8(ascii: "+"))
      case 1: text.append(UInt8(ascii: "-"))
      default: break
      }
      appendDigits(
        1 + (rng.oneIn(20) ? rng.int(in: 5...400) : rng.skewedLength(4)), to: &text, &rng)
    }
    return text
  }

  // MARK: Values

  mutating func whitespace(_ rng: inout SplitMix64) {
    guard rng.oneIn(6) else { return }
    for _ in 0...rng.int(below: 3) {
      if newlineWeight > 0 && rng.oneIn(newlineWeight) {
        bytes.append(rng.oneIn(2) ? 0x0A : 0x0D)
      } else {
        bytes.append(rng.oneIn(3) ? 0x09 : 0x20)
      }
    }
  }

  /// Appends a random value nested at most `levels` more containers deep.
  mutating func appendValue(levels: Int, _ rng: inout SplitMix64) -> JSONValue {
    whitespace(&rng)
    let kind = levels > 0 ? rng.int(below: 10) : rng.int(below: 7)
    let value: JSONValue
    switch kind {
    case 0:
      bytes.append(contentsOf: "null".utf8)
      value = .null
    case 1:
      let flag = rng.oneIn(2)
      bytes.append(contentsOf: (flag ? "true" : "false").utf8)
      value = .bool(flag)
    case 2, 3:
      let text = JSONTextGenerator.randomNumberText(&rng)
      bytes.append(contentsOf: text)
      value = .number(String(decoding: text, as: UTF8.self))
    case 4, 5, 6:
      let string = JSONTextGenerator.randomText(&rng)
      appendString(string, &rng)
      value = .string(string)
    case 7, 8:
      bytes.append(UInt8(ascii: "["))
      var elements: [JSONValue] = []
      for index in 0..<rng.skewedLength(6) {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        elements.append(appendValue(levels: levels - 1, &rng))
      }
      whitespace(&rng)
      bytes.append(UInt8(ascii: "]"))
      value = .array(elements)
    default:
      value = .object(appendMembers(count: rng.skewedLength(6), levels: levels - 1, &rng))
    }
    whitespace(&rng)
    return value
  }

  /// Appends `{…}` with `count` random members (keys may repeat).
  mutating func appendMembers(count: Int, levels: Int, _ rng: inout SplitMix64)
    -> [(key: String, value: JSONValue)]
  {
    bytes.append(UInt8(ascii: "{"))
    var members: [(key: String, value: JSONValue)] = []
    for index in 0..<count {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      whitespace(&rng)
      let key =
        rng.oneIn(3)
        ? rng.pick(["id", "text", "refined", "a", ""])
        : JSONTextGenerator.randomText(&rng, maximumLength: 12)
      appendString(key, &rng)
      whitespace(&rng)
      bytes.append(UInt8(ascii: ":"))
      members.append((key, appendValue(levels: levels, &rng)))
    }
    whitespace(&rng)
    bytes.append(UInt8(ascii: "}"))
    return members
  }

  /// Appends `depth` nested containers around a scalar leaf, e.g. `[{"a":[1]}]`.
  mutating func appendNesting(depth levels: Int, _ rng: inout SplitMix64) -> JSONValue {
    var isObject: [Bool] = []
    for _ in 0..<levels {
      let object = rng.oneIn(3)
      isObject.append(object)
      if object {
        bytes.append(contentsOf: #"{"a":"#.utf8)
      } else {
        bytes.append(UInt8(ascii: "["))
      }
    }
    var value = appendValue(levels: 0, &rng)
    for object in isObject.reversed() {
      if object {
        bytes.append(UInt8(ascii: "}"))
        value = .object([("a", value)])
      } else {
        bytes.append(UInt8(ascii: "]"))
        value = .array([value])
      }
    }
    depth = levels
    return value
  }
}

/// A minimal JSON writer for the dump: fixed key order, one object per line.
struct JSONWriter {
  var bytes: [UInt8] = []
  private var needsComma = false

  mutating func beginObject() {
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
  }

  mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  private mutating func key(_ name: String) {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
    appendString(Array(name.utf8))
    bytes.append(UInt8(ascii: ":"))
    needsComma = true
  }

  mutating func field(_ name: String, string: [UInt8]) {
    key(name)
    appendString(string)
  }

  mutating func field(_ name: String, string: String) { field(name, string: Array(string.utf8)) }

  mutating func field(_ name: String, int: Int) {
    key(name)
    bytes += Array(String(int).utf8)
  }

  mutating func field(_ name: String, bool: Bool) {
    key(name)
    bytes += Array((bool ? "true" : "false").utf8)
  }

  mutating func field(_ name: String, number: Double, decimals: Int) {
    key(name)
    bytes += Array(formatFixed(number, decimals: decimals).utf8)
  }

  mutating func field(_ name: String, spans: [Range<Int>]) {
    key(name)
    bytes.append(UInt8(ascii: "["))
    for (k, span) in spans.enumerated() {
      if k > 0 { bytes.append(UInt8(ascii: ",")) }
      bytes += Array("[\(span.lowerBound),\(span.upperBound)]".utf8)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func field(_ name: String, quads: [(Range<Int>, Range<Int>)]) {
    key(name)
    bytes.append(UInt8(ascii: "["))
    for (k, (a, b)) in quads.enumerated() {
      if k > 0 { bytes.append(UInt8(ascii: ",")) }
      bytes += Array("[\(a.lowerBound),\(a.upperBound),\(b.lowerBound),\(b.upperBound)]".utf8)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  /// Appends `string` (valid UTF-8) as a JSON string literal.
  ///
  /// Escapes `"`, `\`, bytes below 0x20 and U+2028/U+2029; other bytes pass through.
  mutating func appendString(_ string: [UInt8]) {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    bytes.append(UInt8(ascii: "\""))
    var k = 0
    let count = string.count
    while k < count {
      let byte = string[k]
      switch byte {
      case UInt8(ascii: "\""): bytes += [0x5C, 0x22]
      case UInt8(ascii: "\\"): bytes += [0x5C, 0x5C]
      case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
      case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
      case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
      case 0x00..<0x20:
        bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      case 0xE2
      where k + 2 < count && string[k + 1] == 0x80
        && (string[k + 2] == 0xA8 || string[k + 2] == 0xA9):
        bytes += Array((string[k + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
        k += 2
      default: bytes.append(byte)
      }
      k += 1
    }
    bytes.append(UInt8(ascii: "\""))
  }
}

/// Formats `value` with exactly `decimals` digits after the point (no Foundation).
func formatFixed(_ value: Double, decimals: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let scaled = (abs(value) * scale).rounded()
  let negative = value < 0 && scaled > 0
  let whole = Int(scaled / scale)
  var fraction = String(Int(scaled - Double(whole) * scale))
  if decimals == 0 { return (negative ? "-" : "") + String(whole) }
  while fraction.count < decimals { fraction = "0" + fraction }
  return (negative ? "-" : "") + String(whole) + "." + fraction
}

/// A deliberately naive, recursive RFC 8259 validator: the oracle for whether ``JSONParser``
/// should accept a document.
///
/// It mirrors the parser's documented choices, not its code: an optional leading UTF-8 BOM,
/// lone surrogate escapes rejected, at most `maximumDepth` nested containers, UTF-8 checked by
/// the standard library.
struct ReferenceJSONValidator {
  private let bytes: [UInt8]
  private let maximumDepth: Int
  private var offset = 0

  static func accepts(_ bytes: [UInt8], maximumDepth: Int) -> Bool {
    var validator = ReferenceJSONValidator(bytes: bytes, maximumDepth: maximumDepth)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { validator.offset = 3 }
    guard validator.value(depth: 0) else { return false }
    validator.skipWhitespace()
    return validator.offset == bytes.count
  }

  private init(bytes: [UInt8], maximumDepth: Int) {
    self.bytes = bytes
    self.maximumDepth = maximumDepth
  }

  private var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

  private mutating func skipWhitespace() {
    while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
      offset += 1
    }
  }

  private mutating func consume(_ character: Character) -> Bool {
    guard peek == character.asciiValue else { return false }
    offset += 1
    return true
  }

  private mutating func value(depth: Int) -> Bool {
    skipWhitespace()
    guard let byte = peek else { return false }
    switch byte {
    case UInt8(ascii: "{"):
      guard depth < maximumDepth else { return false }
      offset += 1
      skipWhitespace()
      if consume("}") { return true }
      while true {
        skipWhitespace()
        guard string() else { return false }
        skipWhitespace()
        guard consume(":"), value(depth: depth + 1) else { return false }
        skipWhitespace()
        if consume(",") { continue }
        return consume("}")
      }
    case UInt8(ascii: "["):
      guard depth < maximumDepth else { return false }
      offset += 1
      skipWhitespace()
      if consume("]") { return true }
      while true {
        guard value(depth: depth + 1) else { return false }
        skipWhitespace()
        if consume(",") { continue }
        return consume("]")
      }
    case UInt8(ascii: "\""):
      return string()
    case UInt8(ascii: "t"): return literal("true")
    case UInt8(ascii: "f"): return literal("false")
    case UInt8(ascii: "n"): return literal("null")
    default:
      return number()
    }
  }

  private mutating func literal(_ word: String) -> Bool {
    let expected = Array(word.utf8)
    guard bytes.count - offset >= expected.count,
      bytes[offset..<(offset + expected.count)].elementsEqual(expected)
    else { return false }
    offset += expected.count
    return true
  }

  private func isDigit(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func digits() -> Bool {
    guard isDigit(peek) else { return false }
    while isDigit(peek) { offset += 1 }
    return true
  }

  private mutating func number() -> Bool {
    _ = consume("-")
    if consume("0") {
    } else if let byte = peek, byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") {
      _ = digits()
    } else {
      return false
    }
    if consume(".") { guard digits() else { return false } }
    if consume("e") || consume("E") {
      if !consume("+") { _ = consume("-") }
      guard digits() else { return false }
    }
    return true
  }

  private mutating func hexQuad() -> UInt32? {
    guard bytes.count - offset >= 4 else { return nil }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value * 16 + UInt32(digit)
      offset += 1
    }
    return value
  }

  private mutating func string() -> Bool {
    guard consume("\"") else { return false }
    let contentStart = offset
    while true {
      guard let byte = peek else { return false }
      if byte < 0x20 { return false }
      if byte == UInt8(ascii: "\"") { break }
      offset += 1
      guard byte == UInt8(ascii: "\\") else { continue }
      guard let escaped = peek else { return false }
      offset += 1
      switch escaped {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        continue
      case UInt8(ascii: "u"):
        guard let unit = hexQuad() else { return false }
        if (0xDC00...0xDFFF).contains(unit) { return false }
        if (0xD800...0xDBFF).contains(unit) {
          guard consume("\\"), consume("u"), let low = hexQuad(), (0xDC00...0xDFFF).contains(low)
          else { return false }
        }
      default:
        return false
      }
    }
    // Escapes are ASCII, so the decoded string is valid UTF-8 exactly when the raw content is.
    let isValid = String(validating: bytes[contentStart..<offset], as: UTF8.self) != nil
    offset += 1
    return isValid
  }
}

import Testing

@testable import Scalpel

/// The writer's string escaping against a textbook escaper, scalar by scalar, on strings
/// dense with special bytes: several in one eight-byte word, next to bytes that the word
/// scan's borrows could mark (a space after a control byte, `#` after `"`, `]` after `\`).
@Suite struct JSONWriterReferenceTests {
  /// JSON string content as the writer promises it: `"` `\` and control characters
  /// escaped (the short forms where JSON has them, else `\u00xx`), U+2028, U+2029 and
  /// U+FEFF as `\u` escapes, everything else as it is.
  static func referenceEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0..<0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u00" + (hex.count == 1 ? "0" + hex : hex)
      case 0x2028: out += "\\u2028"
      case 0x2029: out += "\\u2029"
      case 0xFEFF: out += "\\ufeff"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  @Test func escapesAsTheReferenceDoes() {
    let alphabet: [String] = [
      "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", " ", "!", "#",
      "]", "a", "\u{7F}", "é", "€", "\u{2028}", "\u{2029}", "\u{2027}", "\u{FEFF}", "\u{FEFE}",
      "\u{E000}", "😀", "，",
    ]
    var rng = SplitMix64(seed: 1402)
    for _ in 0..<5_000 {
      var text = String(repeating: "a", count: rng.int(below: 9))
      for _ in 0..<rng.int(below: 24) { text += alphabet[rng.int(below: alphabet.count)] }
      let expected = "\"" + Self.referenceEscaped(text) + "\""
      var writer = JSONWriter()
      writer.appendString(text)
      #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "\(Array(text.utf8))")
      // The pointer path the pair encoder writes prompts with.
      let utf8 = Array(text.utf8)
      var buffer = [UInt8](repeating: 0, count: 6 * utf8.count + 1)
      let count = utf8.withUnsafeBufferPointer { source in
        buffer.withUnsafeMutableBufferPointer {
          JSONWriter.writeEscaped(source, to: $0.baseAddress!)
        }
      }
      #expect(
        String(decoding: buffer[0..<count], as: UTF8.self) == Self.referenceEscaped(text),
        "\(utf8)")
    }
  }
}

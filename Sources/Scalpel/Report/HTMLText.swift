/// HTML under construction: raw markup plus text escaped for it.
///
/// Escaped text is safe both between tags and inside attribute values quoted
/// with `"` or `'`: `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`,
/// `&quot;` and `&#39;`. Control characters other than tab and newline, which
/// HTML does not allow literally, are shown as their Unicode control pictures
/// (U+0000 as `␀`, U+001B as `␛`, DEL as `␡`). Everything else is copied as UTF-8.
///
///     var html = HTMLText()
///     html.appendRaw("<p title=\"")
///     html.appendEscaped("\"quoted\"")
///     html.appendRaw("\">")
///     html.appendEscaped("a < b & c")
///     html.appendRaw("</p>")
///     html.string   // <p title="&quot;quoted&quot;">a &lt; b &amp; c</p>
package struct HTMLText: Sendable, Hashable {
  /// The UTF-8 bytes written so far.
  package private(set) var utf8: [UInt8]

  /// Creates empty output, reserving room for `capacity` bytes.
  package init(capacity: Int = 0) {
    utf8 = []
    utf8.reserveCapacity(capacity)
  }

  /// The output as a `String`.
  package var string: String { String(decoding: utf8, as: UTF8.self) }

  /// Appends `markup` unchanged.
  ///
  /// - Complexity: O(*n*), where *n* is the UTF-8 length of `markup`.
  package mutating func appendRaw(_ markup: String) {
    utf8.append(contentsOf: markup.utf8)
  }

  /// Appends `text` escaped for element content and quoted attribute values.
  ///
  /// - Complexity: O(*n*), where *n* is the UTF-8 length of `text`.
  package mutating func appendEscaped(_ text: String) {
    var text = text
    text.withUTF8 { appendEscaped(utf8: $0) }
  }

  /// Appends the UTF-8 text `bytes` escaped for element content and quoted attribute values.
  ///
  /// `bytes` must be valid UTF-8 (a slice cut on scalar boundaries).
  ///
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package mutating func appendEscaped(utf8 bytes: some Collection<UInt8>) {
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "&"): utf8.append(contentsOf: "&amp;".utf8)
      case UInt8(ascii: "<"): utf8.append(contentsOf: "&lt;".utf8)
      case UInt8(ascii: ">"): utf8.append(contentsOf: "&gt;".utf8)
      case UInt8(ascii: "\""): utf8.append(contentsOf: "&quot;".utf8)
      case UInt8(ascii: "'"): utf8.append(contentsOf: "&#39;".utf8)
      case UInt8(ascii: "\t"), UInt8(ascii: "\n"): utf8.append(byte)
      case 0..<0x20:
        // U+2400 + byte: E2 90 80+byte.
        utf8.append(contentsOf: [0xE2, 0x90, 0x80 + byte])
      case 0x7F:
        utf8.append(contentsOf: [0xE2, 0x90, 0xA1])
      default:
        utf8.append(byte)
      }
    }
  }

  /// Returns `text` escaped as ``appendEscaped(_:)`` does.
  ///
  ///     HTMLText.escaping("<b>\"Tom\" & 'Jerry'</b>")
  ///     // &lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;
  ///
  /// - Complexity: O(*n*), where *n* is the UTF-8 length of `text`.
  package static func escaping(_ text: String) -> String {
    var html = HTMLText(capacity: text.utf8.count)
    html.appendEscaped(text)
    return html.string
  }
}

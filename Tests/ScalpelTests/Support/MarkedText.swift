/// Test fixtures written as marked text: `"keep ⟦this⟧ text"` is the text
/// `"keep this text"` in which `this` is deleted.
struct MarkedText {
  /// The text without markers.
  let text: String
  /// The deleted UTF-8 byte ranges of `text`.
  let deletedUTF8Ranges: [Range<Int>]
  /// The text with the marked spans removed.
  let refined: String

  init(_ marked: String) {
    var bytes: [UInt8] = []
    var refinedBytes: [UInt8] = []
    var ranges: [Range<Int>] = []
    var openedAt: Int? = nil
    for scalar in marked.unicodeScalars {
      switch scalar {
      case "⟦": openedAt = bytes.count
      case "⟧":
        if let start = openedAt { ranges.append(start..<bytes.count) }
        openedAt = nil
      default:
        let encoded = Array(String(scalar).utf8)
        bytes += encoded
        if openedAt == nil { refinedBytes += encoded }
      }
    }
    text = String(decoding: bytes, as: UTF8.self)
    deletedUTF8Ranges = ranges
    refined = String(decoding: refinedBytes, as: UTF8.self)
  }
}

/// Extraction of the refined document from a raw expert reply (RefineX appendix prompt).
public enum ExpertResponse {
  /// Returns the text between `refined_text:` `[doc]` and the last `[/doc]` of `response`.
  ///
  /// The section starts at the first `refined_text:` that `[doc]` follows with only
  /// whitespace or Markdown emphasis (`**refined_text:** [doc]`) between.
  ///
  /// One newline directly after `[doc]` and one directly before `[/doc]` are
  /// dropped, since experts put the tags on lines of their own.
  ///
  /// - Throws: ``ScalpelError/missingRefinedText`` when the section is absent.
  /// - Complexity: O(*n*), where *n* is the length of the response in bytes.
  public static func refinedText(from response: [UInt8]) throws(ScalpelError) -> [UInt8] {
    guard let open = sectionStart(in: response),
      let close = lastRange(of: Array("[/doc]".utf8), in: response, from: open.upperBound)
    else { throw .missingRefinedText }
    var start = open.upperBound
    var end = close.lowerBound
    if start < end && response[start] == UInt8(ascii: "\r") { start += 1 }
    if start < end && response[start] == UInt8(ascii: "\n") { start += 1 }
    if end > start && response[end - 1] == UInt8(ascii: "\n") { end -= 1 }
    if end > start && response[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return Array(response[start..<end])
  }

  /// Returns the refined text of `response` for the document `original`.
  ///
  /// As ``refinedText(from:)``, then the final newline follows the original's:
  /// experts put `[/doc]` on a line of its own or right after the text, and the
  /// newline before it is the tag's, so a non-empty refinement of a document that
  /// ends with a newline ends with one too. The same refinement thus gives the
  /// same pair whether it comes as a raw reply or as a refined field.
  ///
  /// - Throws: ``ScalpelError/missingRefinedText`` when the section is absent.
  /// - Complexity: O(*n*), where *n* is the length of the response in bytes.
  public static func refinedText(from response: [UInt8], for original: NormalizedText)
    throws(ScalpelError) -> [UInt8]
  {
    var text = try refinedText(from: response)
    if original.endsWithNewline, let last = text.last, last != UInt8(ascii: "\n") {
      text.append(UInt8(ascii: "\n"))
    }
    return text
  }

  /// Whether `response` opens its `refined_text: [doc]` section but never closes it with
  /// `[/doc]`: the reply was cut off (or the expert forgot the tag).
  ///
  /// - Complexity: O(*n*), where *n* is the length of the response in bytes.
  public static func hasUnclosedSection(_ response: [UInt8]) -> Bool {
    guard let open = sectionStart(in: response) else { return false }
    return lastRange(of: Array("[/doc]".utf8), in: response, from: open.upperBound) == nil
  }

  /// The `[doc]` that opens the refined text: the first `refined_text:` followed by
  /// `[doc]` with only whitespace and Markdown emphasis (`*`, `_`) between, so that a
  /// reason that mentions `refined_text:` and `**refined_text:** [doc]` both work.
  private static func sectionStart(in response: [UInt8]) -> Range<Int>? {
    let marker = Array("refined_text:".utf8)
    let tag = Array("[doc]".utf8)
    var from = 0
    while let found = firstRange(of: marker, in: response, from: from) {
      var offset = found.upperBound
      while offset < response.count,
        [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"),
          UInt8(ascii: "*"), UInt8(ascii: "_")].contains(response[offset])
      {
        offset += 1
      }
      if offset + tag.count <= response.count && response[offset..<offset + tag.count].elementsEqual(tag) {
        return offset..<offset + tag.count
      }
      from = found.upperBound
    }
    return nil
  }

  private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int)
    -> Range<Int>?
  {
    guard haystack.count >= needle.count else { return nil }
    var offset = start
    while offset + needle.count <= haystack.count {
      if haystack[offset] == needle[0]
        && haystack[offset..<offset + needle.count].elementsEqual(needle)
      {
        return offset..<offset + needle.count
      }
      offset += 1
    }
    return nil
  }

  private static func lastRange(of needle: [UInt8], in haystack: [UInt8], from start: Int)
    -> Range<Int>?
  {
    var offset = haystack.count - needle.count
    while offset >= start {
      if haystack[offset] == needle[0]
        && haystack[offset..<offset + needle.count].elementsEqual(needle)
      {
        return offset..<offset + needle.count
      }
      offset -= 1
    }
    return nil
  }
}

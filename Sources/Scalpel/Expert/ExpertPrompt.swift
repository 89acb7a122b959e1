/// The expert's prompt: the default text, following the RefineX expert prompt, and how a
/// chunk is put into a template (Specification §5.2).
public enum ExpertPrompt {
  /// What a template writes where the chunk's text goes.
  public static let placeholder = "{document}"

  /// The default prompt, written after the RefineX expert prompt (arXiv 2507.03253, A.1):
  /// the task, the two-part output format, the rules and four kinds of examples.
  public static let defaultTemplate = """
    You are a careful editor who prepares web text for training language models. You may \
    only delete text; you never write anything of your own.

    The document is between [doc] and [/doc]. Answer with exactly two parts, in this order \
    and nothing else:
    modification_reason: [doc]a short account of what you deleted or kept, and why[/doc]
    refined_text: [doc]the document after your deletions[/doc]

    Delete what has nothing to do with the document's subject:
    - site headers, navigation bars and menu items ("Home | About | Contact");
    - links that lead away from the subject: advertisements, trackers, promotions;
    - generic footers: contact details, privacy and cookie notices, unsubscribe links;
    - empty lines and decorative dividers.
    Keep everything that informs, stays on the subject or gives it context, including useful \
    links and relevant metadata such as the author or the date.
    When a sentence mixes useful and useless parts, delete only the useless part if what \
    remains still reads well; otherwise delete the whole sentence. If a deletion would leave \
    a passage incoherent or worthless, delete the whole passage.
    Deleting is the only edit allowed: do not rewrite, correct, rephrase, reorder or add \
    anything. What you keep stays exactly as it was: spelling, punctuation, capitals and line \
    breaks included.
    If nothing should go, return the text unchanged. If nothing is worth keeping, answer \
    refined_text: [doc][/doc].

    Example 1, a clean text:
    [doc]
    Bees keep their hive near 35 °C by fanning their wings and clustering together.
    [/doc]
    modification_reason: [doc]Nothing was removed; every sentence is about the subject.[/doc]
    refined_text: [doc]
    Bees keep their hive near 35 °C by fanning their wings and clustering together.
    [/doc]

    Example 2, a navigation header:
    [doc]
    Home | Recipes | Shop | Log in
    Soak the beans overnight, then simmer them for two hours.
    [/doc]
    modification_reason: [doc]Removed the site's navigation line; kept the instructions.[/doc]
    refined_text: [doc]
    Soak the beans overnight, then simmer them for two hours.
    [/doc]

    Example 3, a page with nothing worth keeping:
    [doc]
    Click here to join the best forum for free ringtones!
    [/doc]
    modification_reason: [doc]The page is only an off-topic forum advertisement.[/doc]
    refined_text: [doc][/doc]

    Example 4, an informative link:
    [doc]
    The full survey data is published at https://example.org/survey-2023 under an open licence.
    [/doc]
    modification_reason: [doc]Nothing was removed; the link tells where the data is.[/doc]
    refined_text: [doc]
    The full survey data is published at https://example.org/survey-2023 under an open licence.
    [/doc]

    Now refine this document:
    [doc]
    {document}
    [/doc]
    """

  /// Why a template cannot be used.
  public enum TemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template does not contain the placeholder.
    case missingPlaceholder
    /// The template contains the placeholder more than once.
    case repeatedPlaceholder(count: Int)

    public var description: String {
      switch self {
      case .missingPlaceholder:
        return "the prompt template has no \(ExpertPrompt.placeholder) where the text goes"
      case .repeatedPlaceholder(let count):
        return
          "the prompt template has \(ExpertPrompt.placeholder) \(count) times; it must appear once"
      }
    }
  }

  /// Checks that `template` holds the placeholder exactly once.
  ///
  /// - Complexity: O(*n*) in the length of the template.
  public static func validate(_ template: String) throws(TemplateProblem) {
    let count = template.utf8Ranges(of: placeholder).count
    if count == 0 { throw .missingPlaceholder }
    if count > 1 { throw .repeatedPlaceholder(count: count) }
  }

  /// The prompt for one chunk: the template with the placeholder replaced by the chunk's
  /// bytes, its final newline left out (the template's own line break closes it).
  ///
  /// - Precondition: `template` passed ``validate(_:)``.
  /// - Complexity: O(*n* + *t*) in the sizes of the chunk and the template.
  public static func render(template: String, chunkUTF8 chunk: ArraySlice<UInt8>) -> String {
    var text = chunk
    if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
    guard let range = template.utf8Ranges(of: placeholder).first else { return template }
    let utf8 = Array(template.utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count + text.count)
    bytes += utf8[..<range.lowerBound]
    bytes += text
    bytes += utf8[range.upperBound...]
    return String(decoding: bytes, as: UTF8.self)
  }
}

extension String {
  /// The byte ranges of the non-overlapping occurrences of `needle`.
  fileprivate func utf8Ranges(of needle: String) -> [Range<Int>] {
    let haystack = Array(utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, haystack.count >= pattern.count else { return [] }
    var ranges: [Range<Int>] = []
    var offset = 0
    while offset + pattern.count <= haystack.count {
      if haystack[offset..<offset + pattern.count].elementsEqual(pattern) {
        ranges.append(offset..<offset + pattern.count)
        offset += pattern.count
      } else {
        offset += 1
      }
    }
    return ranges
  }
}

extension Recipe {
  /// The recipe as the JSON tree of a recipe file, keys in a fixed order (Specification §5.1).
  ///
  /// - Parameter splittingLines: Whether multi-line texts (instruction, prompt template) are
  ///   written as arrays of lines, which people can edit; the canonical form keeps them as
  ///   single strings.
  package func jsonValue(splittingLines: Bool) -> JSONValue {
    func text(_ string: String) -> JSONValue {
      guard splittingLines, string.utf8.contains(UInt8(ascii: "\n")) else {
        return .string(string)
      }
      return .array(
        string.split(separator: "\n", omittingEmptySubsequences: false).map {
          .string(String($0))
        })
    }
    func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }
    func number(_ value: Double) -> JSONValue { .number(Self.numberText(value)) }
    func optional<T>(_ value: T?, _ make: (T) -> JSONValue) -> JSONValue {
      value.map(make) ?? .null
    }
    let unit: String
    let budget: Int
    switch chunking.budget {
    case .characters(let count): (unit, budget) = ("characters", count)
    case .approximateTokens(let count): (unit, budget) = ("tokens", count)
    }
    return .object([
      ("scalpel_recipe", integer(Self.formatVersion)),
      (
        "chunking",
        .object([
          ("unit", .string(unit)), ("budget", integer(budget)),
          ("overlap_lines", integer(chunking.overlapLineCount)),
        ])
      ),
      (
        "prompt",
        .object([
          ("format", .string(encoding.format.rawValue)),
          ("instruction", text(encoding.instruction)),
          ("line_prefix", .string(encoding.linePrefix)),
          ("doc_wrapper", .bool(encoding.wrapsInDocumentTags)),
        ])
      ),
      (
        "expert",
        .object([
          ("endpoint", .string(expert.endpoint.rawValue)),
          ("model", .string(expert.model)),
          ("temperature", optional(expert.temperature, number)),
          ("top_p", optional(expert.topP, number)),
          ("top_k", optional(expert.topK, integer)),
          ("max_tokens", optional(expert.maximumTokenCount, integer)),
          ("prompt_template", text(expert.promptTemplate)),
        ])
      ),
      (
        "filters",
        .object([
          ("max_rewrite_chars", integer(filters.maximumRewriteCharacterCount)),
          ("min_deleted_chars", integer(filters.minimumDeletedCharacterCount)),
          ("max_leftover_share", number(filters.maximumLeftoverShare)),
          ("tolerate_whitespace_rewrites", .bool(filters.toleratesWhitespaceRewrites)),
          ("keep_all_rate", number(filters.keepAllRate)),
          ("work_budget", integer(filters.workBudgetPerByte)),
          ("max_pair_tokens", optional(filters.maximumPairTokenCount, integer)),
        ])
      ),
      (
        "sampling",
        .object([("seed", integer(seed)), ("sample_rate", number(sampleRate))])
      ),
    ])
  }

  /// The compact JSON the ``hash`` is taken of: texts as single strings, keys in order.
  package var canonicalJSON: [UInt8] {
    var writer = JSONWriter()
    writer.appendValue(jsonValue(splittingLines: false))
    return writer.bytes
  }

  /// The recipe file `scalpel recipe init` writes: indented JSON, texts as arrays of lines,
  /// ending with a newline.
  public var fileContents: [UInt8] {
    var bytes: [UInt8] = []
    Self.appendIndented(jsonValue(splittingLines: true), depth: 0, into: &bytes)
    bytes.append(UInt8(ascii: "\n"))
    return bytes
  }

  /// A number as the shortest text that reads back as the same `Double`.
  static func numberText(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// Appends `value` indented by two spaces per level; arrays of strings one per line.
  private static func appendIndented(_ value: JSONValue, depth: Int, into bytes: inout [UInt8]) {
    let indent = Array(repeating: UInt8(ascii: " "), count: 2 * (depth + 1))
    let closingIndent = Array(repeating: UInt8(ascii: " "), count: 2 * depth)
    switch value {
    case .object(let members) where !members.isEmpty:
      bytes += Array("{\n".utf8)
      for (index, member) in members.enumerated() {
        bytes += indent
        var key = JSONWriter()
        key.appendString(member.key)
        bytes += key.bytes + Array(": ".utf8)
        appendIndented(member.value, depth: depth + 1, into: &bytes)
        bytes += Array((index + 1 < members.count ? ",\n" : "\n").utf8)
      }
      bytes += closingIndent + [UInt8(ascii: "}")]
    case .array(let elements) where !elements.isEmpty:
      bytes += Array("[\n".utf8)
      for (index, element) in elements.enumerated() {
        bytes += indent
        appendIndented(element, depth: depth + 1, into: &bytes)
        bytes += Array((index + 1 < elements.count ? ",\n" : "\n").utf8)
      }
      bytes += closingIndent + [UInt8(ascii: "]")]
    default:
      var writer = JSONWriter()
      writer.appendValue(value)
      bytes += writer.bytes
    }
  }
}

/// Pair ids: `<document id>#<chunk index>`, made and split by one rule.
///
/// ``split(_:)`` cuts at the last `#` when one to nine ASCII digits follow it; any other id
/// is a whole document id. `web-7#2` is chunk 2 of `web-7`; `a#b` and `a#` are documents.
public enum PairID {
  /// The id of chunk `chunkIndex` of document `documentID`.
  public static func make(documentID: String, chunkIndex: Int) -> String {
    "\(documentID)#\(chunkIndex)"
  }

  /// The document id and chunk index of a pair id; the chunk is `nil` for a whole-document id.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the id.
  public static func split(_ id: String) -> (documentID: String, chunkIndex: Int?) {
    let utf8 = Array(id.utf8)
    guard let hash = utf8.lastIndex(of: UInt8(ascii: "#")) else { return (id, nil) }
    let digits = utf8[(hash + 1)...]
    guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 &- 0x30 < 10 }),
      let index = Int(String(decoding: digits, as: UTF8.self))
    else { return (id, nil) }
    return (String(decoding: utf8[..<hash], as: UTF8.self), index)
  }
}

/// One line of a pairs file, in any ``TrainingPairFormat``, read back.
///
/// The one decoder of pair lines (``TrainingPairEncoding/encode(documentID:pair:chunkCount:into:)`` is
/// the encoder): `inspect`, `stats` and `apply --programs pairs.jsonl` read pairs with it.
public struct TrainingPairRecord: Sendable, Hashable {
  /// The layout the line is written in.
  public var format: TrainingPairFormat
  /// The pair id, when present.
  public var id: String?
  /// The prompt (prompt-completion), user message (messages, conversational) or input (alpaca).
  public var modelInput: String
  /// The completion, assistant message or output: the program.
  public var program: String
  /// `meta.first_line`, when the pairs were written with `--meta`.
  public var firstLineNumber: Int?
  /// `meta.recipe`, the ``Recipe/hash`` the pairs were made with, when written with `--meta`.
  public var recipeHash: String?
  /// `meta.document_leftover_chars`: characters of the document the expert deleted and the
  /// programs keep, when written with `--meta`.
  public var documentLeftoverCharacterCount: Int?

  /// Reads a pair from one parsed line, or returns `nil` if it is not a pair.
  ///
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  public init?(json value: JSONValue) {
    if let prompt = value["prompt"]?.stringValue, let completion = value["completion"]?.stringValue
    {
      (format, modelInput, program) = (.promptCompletion, prompt, completion)
    } else if let input = value["input"]?.stringValue, let output = value["output"]?.stringValue {
      (format, modelInput, program) = (.alpaca, input, output)
    } else if case .array(let messages)? = value["messages"],
      let user = Self.lastContent(of: "user", in: messages),
      let assistant = Self.lastContent(of: "assistant", in: messages)
    {
      (format, modelInput, program) = (.messages, user, assistant)
    } else if case .array(let prompt)? = value["prompt"],
      case .array(let completion)? = value["completion"],
      let user = Self.lastContent(of: "user", in: prompt),
      let assistant = Self.lastContent(of: "assistant", in: completion)
    {
      (format, modelInput, program) = (.conversational, user, assistant)
    } else {
      return nil
    }
    id = value["id"]?.stringValue
    firstLineNumber = value["meta"]?["first_line"]?.integerValue
    recipeHash = value["meta"]?["recipe"]?.stringValue
    documentLeftoverCharacterCount = value["meta"]?["document_leftover_chars"]?.integerValue
  }

  /// The program of a pair line in any format (`completion`, `output`, or the content of the
  /// last `assistant` message of `messages` or of a conversational `completion`), without
  /// requiring the model input.
  ///
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  public static func program(of value: JSONValue) -> String? {
    if case .string(let completion)? = value["completion"] { return completion }
    if case .string(let output)? = value["output"] { return output }
    if case .array(let messages)? = value["messages"] {
      return lastContent(of: "assistant", in: messages)
    }
    if case .array(let completion)? = value["completion"] {
      return lastContent(of: "assistant", in: completion)
    }
    return nil
  }

  /// The `content` string of the last message whose `role` is `role`.
  ///
  /// - Complexity: O(*n*), where *n* is the number of messages.
  private static func lastContent(of role: String, in messages: [JSONValue]) -> String? {
    messages.last(where: { $0["role"]?.stringValue == role })?["content"]?.stringValue
  }
}

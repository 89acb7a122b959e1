/// Where the prompt a pair line holds first differs from the prompt a recipe renders for its
/// chunk: the check of `prompts --pairs` (Specification §6.1).
///
/// The held prompt is read from the line's own fields, by the recipe's format: the
/// `prompt` string (`prompt-completion`), `instruction` and `input` joined as LLaMA-Factory
/// joins them (`alpaca`; a missing instruction is an empty one), the messages before the
/// last `assistant` message (`messages`), or the `prompt` messages (`conversational`). So
/// the system message is compared too, not only the model input that
/// ``TrainingPairRecord`` reads.
enum PairPromptDifference {
  /// A sentence naming the first difference between the prompt of the pair line `value`
  /// and `rendered`, or `nil` when they are equal byte for byte.
  ///
  /// - Parameters:
  ///   - value: The parsed pair line, in `encoding`'s format.
  ///   - rendered: ``TrainingPairEncoding/prompt(for:)`` of the pair's chunk.
  ///   - encoding: The recipe's encoding.
  /// - Returns: The message, the first difference and a hint, or `nil`.
  /// - Complexity: O(*n*) in the size of the prompts.
  static func first(held value: JSONValue, rendered: ChunkPrompt, encoding: TrainingPairEncoding)
    -> String?
  {
    let hint =
      " (the pair was made with another recipe: --instruction, --line-prefix, --no-doc-wrapper or --format; the refiner was not trained on this prompt)"
    switch (heldPrompt(of: value, format: encoding.format), rendered) {
    case (nil, _):
      return "the pair's prompt fields cannot be read as the \(encoding.format.rawValue) format's"
        + hint
    case (.text(let held)?, .text(let text)):
      guard let difference = difference(held, text) else { return nil }
      let instructionEnd =
        encoding.instruction.isEmpty
        ? 0 : encoding.instruction.utf8.count + (encoding.format == .alpaca ? 1 : 2)
      let part =
        difference.utf8Offset < instructionEnd ? "in the instruction" : "in the numbered document"
      return "the prompt differs \(part) at " + difference.description + hint
    case (.messages(let held)?, .messages(let messages)):
      for (index, (heldMessage, message)) in zip(held, messages).enumerated() {
        let name = "message \(index + 1) (\(message.role))"
        if heldMessage.role != message.role {
          return "\(name): the pair's role is '\(heldMessage.role)'" + hint
        }
        if let difference = difference(heldMessage.content, message.content) {
          return "\(name) differs at " + difference.description + hint
        }
      }
      guard held.count != messages.count else { return nil }
      return
        "the pair has \(held.count) messages before the reply (\(roles(held))), the recipe renders \(messages.count) (\(roles(messages)))"
        + hint
    case (.text?, .messages), (.messages?, .text):
      return "the pair's prompt is not of the \(encoding.format.rawValue) format's kind" + hint
    }
  }

  /// The prompt of a pair line in `format`, read from its fields.
  ///
  /// - Complexity: O(*m*), where *m* is the number of members and messages.
  static func heldPrompt(of value: JSONValue, format: TrainingPairFormat) -> ChunkPrompt? {
    switch format {
    case .promptCompletion:
      return value["prompt"]?.stringValue.map(ChunkPrompt.text)
    case .alpaca:
      guard let input = value["input"]?.stringValue else { return nil }
      let instruction: String
      switch value["instruction"] {
      case nil, .null?: instruction = ""
      case .string(let string)?: instruction = string
      default: return nil
      }
      return .text(instruction.isEmpty ? input : instruction + "\n" + input)
    case .messages:
      guard case .array(let items)? = value["messages"],
        let last = items.lastIndex(where: { $0["role"]?.stringValue == "assistant" })
      else { return nil }
      return messages(items[..<last]).map(ChunkPrompt.messages)
    case .conversational:
      guard case .array(let items)? = value["prompt"] else { return nil }
      return messages(items[...]).map(ChunkPrompt.messages)
    }
  }

  /// The messages of `items`, or `nil` if one has no string `role` or `content`.
  private static func messages(_ items: ArraySlice<JSONValue>) -> [PromptMessage]? {
    var messages: [PromptMessage] = []
    for item in items {
      guard let role = item["role"]?.stringValue, let content = item["content"]?.stringValue
      else { return nil }
      messages.append(PromptMessage(role: role, content: content))
    }
    return messages
  }

  private static func roles(_ messages: [PromptMessage]) -> String {
    messages.isEmpty ? "none" : messages.map(\.role).joined(separator: ", ")
  }

  /// The first difference of two texts.
  struct TextDifference {
    /// The UTF-8 offset where they part, on a scalar boundary.
    var utf8Offset: Int
    /// `character C (line L)`, and a few characters of each from there.
    var description: String
  }

  /// The first difference of `held` and `rendered`, or `nil` if they are equal.
  ///
  /// - Complexity: O(*n*) in the length of the texts.
  static func difference(_ held: String, _ rendered: String) -> TextDifference? {
    let (a, b) = (Array(held.utf8), Array(rendered.utf8))
    var offset = 0
    while offset < a.count, offset < b.count, a[offset] == b[offset] { offset += 1 }
    guard offset < a.count || offset < b.count else { return nil }
    // Back to the start of the scalar both texts share up to here.
    while offset > 0, offset < a.count ? a[offset] & 0xC0 == 0x80 : b[offset] & 0xC0 == 0x80 {
      offset -= 1
    }
    let before = a[..<offset]
    let character = before.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } + 1
    let line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    func excerpt(_ bytes: [UInt8]) -> String {
      guard offset < bytes.count else { return "the end of the text" }
      let text = String(decoding: bytes[offset...], as: UTF8.self).unicodeScalars.prefix(24)
      var escaped = ""
      for scalar in text {
        switch scalar {
        case "\n": escaped += "\\n"
        case "\t": escaped += "\\t"
        case "\"": escaped += "\\\""
        default: escaped.unicodeScalars.append(scalar)
        }
      }
      return "\"" + escaped + "\""
    }
    return TextDifference(
      utf8Offset: offset,
      description:
        "character \(character) (line \(line)): the pair has \(excerpt(a)), the recipe renders \(excerpt(b))"
    )
  }
}

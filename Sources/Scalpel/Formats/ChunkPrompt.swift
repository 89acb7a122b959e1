/// What the refine model is shown for one chunk: the prompt of its training pair, as a text
/// or as chat messages (Specification §4, §6.1).
///
/// ``TrainingPairEncoding/prompt(for:)`` makes it; the training pairs, `scalpel prompts` and
/// the batch request lines all write it from here, so that the refiner is asked exactly what
/// it was trained on.
package enum ChunkPrompt: Sendable, Hashable {
  /// A text prompt (`prompt-completion`, `alpaca`), for `/v1/completions`.
  case text(String)
  /// Chat messages before the assistant's reply (`messages`, `conversational`), for
  /// `/v1/chat/completions`.
  case messages([PromptMessage])

  /// The prompt as chat messages: a text prompt becomes one user message.
  package var asMessages: [PromptMessage] {
    switch self {
    case .text(let text): return [PromptMessage(role: "user", content: text)]
    case .messages(let messages): return messages
    }
  }

  /// Appends the prompt as a JSON value: the text as a string, messages as
  /// `[{"role", "content"}, …]`.
  ///
  /// - Complexity: O(*n*) in the size of the prompt.
  package func appendJSON(into writer: inout JSONWriter) {
    switch self {
    case .text(let text): writer.appendString(text)
    case .messages(let messages): PromptMessage.appendArray(messages, into: &writer)
    }
  }
}

/// One chat message: a role (`system`, `user`, `assistant`) and its content.
package struct PromptMessage: Sendable, Hashable {
  /// `system`, `user` or `assistant`.
  package var role: String
  /// The message text.
  package var content: String

  /// Creates a message.
  package init(role: String, content: String) {
    (self.role, self.content) = (role, content)
  }

  /// Appends `[{"role", "content"}, …]`, keys in that order.
  ///
  /// - Complexity: O(*n*) in the size of the messages.
  package static func appendArray(_ messages: [PromptMessage], into writer: inout JSONWriter) {
    writer.appendArray { array in
      for message in messages {
        array.appendObject { object in
          object.appendKey("role")
          object.appendString(message.role)
          object.appendKey("content")
          object.appendString(message.content)
        }
      }
    }
  }
}

extension JSONWriter {
  /// Appends `{"role", "content"}` as ``PromptMessage/appendArray(_:into:)`` writes each
  /// message, the content given as valid UTF-8.
  ///
  /// - Complexity: O(*n*) in the size of the content.
  package mutating func appendMessage(role: String, content: UnsafeBufferPointer<UInt8>) {
    appendObject { object in
      object.appendKey("role")
      object.appendString(role)
      object.appendKey("content")
      object.appendString(utf8: content)
    }
  }

  /// Appends `{"role", "content"}` as ``PromptMessage/appendArray(_:into:)`` writes each
  /// message, the content given already escaped (``appendEscaped(_:to:)``).
  ///
  /// - Complexity: O(*n*) in the size of the content.
  package mutating func appendMessage(role: String, escapedContent: UnsafeBufferPointer<UInt8>) {
    appendObject { object in
      object.appendKey("role")
      object.appendString(role)
      object.appendKey("content")
      object.appendString(
        escapedPrefix: UnsafeBufferPointer(start: nil, count: 0), escaped: escapedContent)
    }
  }

  /// Appends `{"role", "content"}` as ``PromptMessage/appendArray(_:into:)`` writes each message.
  ///
  /// - Complexity: O(*n*) in the size of the content.
  package mutating func appendMessage(role: String, content: String) {
    appendObject { object in
      object.appendKey("role")
      object.appendString(role)
      object.appendKey("content")
      object.appendString(content)
    }
  }
}

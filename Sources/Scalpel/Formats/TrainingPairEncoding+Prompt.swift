extension TrainingPairEncoding {
  /// The prompt of a chunk as its training pair shows it: the one rendering that the pair
  /// lines and the refiner's requests share (Specification §4, §6.1).
  ///
  /// - `prompt-completion`: the text ``promptText(numberedDocument:)``.
  /// - `alpaca`: the same join LLaMA-Factory makes of `instruction` and `input`: the
  ///   instruction, `\n`, the numbered document (the document alone for an empty
  ///   instruction).
  /// - `messages`: a `system` message with the instruction (even an empty one, as the pair
  ///   line has it) and a `user` message with the numbered document.
  /// - `conversational`: the same, the `system` message left out for an empty instruction.
  ///
  /// - Parameter chunk: The chunk's text.
  /// - Complexity: O(*n*) in the size of the chunk and the instruction.
  package func prompt(for chunk: NormalizedText) -> ChunkPrompt {
    prompt(numberedDocument: numberedText(chunk))
  }

  /// ``prompt(for:)`` of a chunk already numbered by ``numberedText(_:)``.
  ///
  /// - Complexity: O(*n*) in the size of the document and the instruction.
  package func prompt(numberedDocument document: String) -> ChunkPrompt {
    switch format {
    case .promptCompletion: return .text(promptText(numberedDocument: document))
    case .alpaca: return .text(instruction.isEmpty ? document : instruction + "\n" + document)
    case .messages, .conversational:
      return .messages(promptMessages(numberedDocument: document))
    }
  }

  /// The `prompt` string of `prompt-completion`: the instruction, `\n\n`, the numbered
  /// document; the document alone for an empty instruction.
  ///
  /// - Complexity: O(*n*) in the size of the document and the instruction.
  package func promptText(numberedDocument document: String) -> String {
    instruction.isEmpty ? document : instruction + "\n\n" + document
  }

  /// The messages before the assistant's of `messages` (system always) and `conversational`
  /// (system only for a non-empty instruction).
  ///
  /// - Complexity: O(*n*) in the size of the document and the instruction.
  package func promptMessages(numberedDocument document: String) -> [PromptMessage] {
    let keepsSystem = format == .messages || !instruction.isEmpty
    return (keepsSystem ? [PromptMessage(role: "system", content: instruction)] : [])
      + [PromptMessage(role: "user", content: document)]
  }
}

/// The JSONL layouts a training pair can be written in (Specification §4).
public enum TrainingPairFormat: String, Sendable, Hashable, Codable, CaseIterable {
  /// TRL prompt–completion: `{"id", "prompt", "completion"}`.
  case promptCompletion = "prompt-completion"
  /// Chat messages: `{"id", "messages": [system, user, assistant]}`.
  case messages
  /// LLaMA-Factory Alpaca: `{"id", "instruction", "input", "output"}`.
  case alpaca
  /// TRL conversational prompt–completion: `{"id", "prompt": [system, user],
  /// "completion": [assistant]}`; the system message is left out for an empty instruction.
  /// With any chat template, TRL puts the loss on the completion (the program) only.
  case conversational
}

/// How a chunk is shown to the refine model and how pairs are written.
public struct TrainingPairEncoding: Sendable, Hashable, Codable {
  /// The instruction that states the task and the three functions.
  public static let defaultInstruction = """
    Refine the document for language-model pre-training by deleting noise only: navigation \
    menus, advertisements, cookie notices, share buttons, boilerplate, broken HTML and other \
    text that is not part of the content. Never rewrite or add text. Each line starts with its \
    number in brackets. Answer with a program, one call per line, using only:
    remove_lines(start, end)  # delete lines start..end, inclusive
    remove_str(line, "text")  # delete this exact text from that line
    keep_all()                # the document is clean
    """

  /// The layout of each JSON object.
  public var format: TrainingPairFormat
  /// The instruction (system text for `messages` and `conversational`).
  public var instruction: String
  /// The line-number prefix; `{n}` stands for the 1-based chunk-local line number.
  public var linePrefix: String
  /// Whether the numbered document is wrapped as `[doc]…[/doc]`.
  public var wrapsInDocumentTags: Bool
  /// Whether each object carries a `meta` object with chunk position and counts.
  public var includesMeta: Bool
  /// The ``Recipe/hash`` of the recipe the pairs are made with, written as `meta.recipe`.
  public var recipeHash: String?

  /// Creates an encoding; every parameter has a default.
  public init(
    format: TrainingPairFormat = .promptCompletion,
    instruction: String = TrainingPairEncoding.defaultInstruction, linePrefix: String = "[{n}]",
    wrapsInDocumentTags: Bool = true, includesMeta: Bool = false
  ) {
    self.format = format
    self.instruction = instruction
    self.linePrefix = linePrefix
    self.wrapsInDocumentTags = wrapsInDocumentTags
    self.includesMeta = includesMeta
  }

  /// Returns the chunk as the model sees it: every line behind its number.
  ///
  ///     [1]Home | About
  ///     [2]Welcome!
  ///
  /// - Complexity: O(*n*), where *n* is the size of the chunk.
  public func numberedText(_ text: NormalizedText) -> String {
    let parts = linePrefix.components(separatedByPlaceholder: "{n}")
    var result = ""
    result.reserveCapacity(text.utf8.count + text.lineCount * 6 + 16)
    if wrapsInDocumentTags { result += "[doc]\n" }
    for lineIndex in 0..<text.lineCount {
      if lineIndex > 0 { result += "\n" }
      result += parts.joined(separator: String(lineIndex + 1))
      result += text.lineText(lineIndex: lineIndex)
    }
    if wrapsInDocumentTags { result += "\n[/doc]" }
    return result
  }

  /// Appends one JSON line per chunk of `pair` to `writer`.
  ///
  /// Pair ids are `<documentID>#<chunk index>`. Keys come in the fixed order of Specification §4.
  /// `chunkCount` is the document's number of chunks in `meta` when `pair` holds only some of
  /// them (one chunk refined on its own); by default, the pair's.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the document.
  public func encode(
    documentID: String, pair: BuiltPair, chunkCount: Int? = nil, into writer: inout JSONWriter
  ) {
    for chunkPair in pair.chunks {
      let id = "\(documentID)#\(chunkPair.chunk.index)"
      let document = numberedText(chunkPair.text)
      let program = chunkPair.program.rendered
      writer.appendObject { object in
        object.appendKey("id")
        object.appendString(id)
        switch format {
        case .promptCompletion:
          object.appendKey("prompt")
          object.appendString(promptText(numberedDocument: document))
          object.appendKey("completion")
          object.appendString(program)
        case .messages:
          object.appendKey("messages")
          PromptMessage.appendArray(
            promptMessages(numberedDocument: document)
              + [PromptMessage(role: "assistant", content: program)], into: &object)
        case .alpaca:
          // The fields apart; prompt(numberedDocument:) joins them as LLaMA-Factory does.
          object.appendKey("instruction")
          object.appendString(instruction)
          object.appendKey("input")
          object.appendString(document)
          object.appendKey("output")
          object.appendString(program)
        case .conversational:
          object.appendKey("prompt")
          PromptMessage.appendArray(promptMessages(numberedDocument: document), into: &object)
          object.appendKey("completion")
          PromptMessage.appendArray(
            [PromptMessage(role: "assistant", content: program)], into: &object)
        }
        if includesMeta {
          object.appendKey("meta")
          appendMeta(
            chunkPair, chunkCount: chunkCount ?? pair.chunks.count, documentID: documentID,
            statistics: pair.statistics, into: &object)
        }
      }
      writer.appendNewline()
    }
  }

  private func appendMeta(
    _ chunkPair: ChunkPair, chunkCount: Int, documentID: String, statistics: PairStatistics,
    into writer: inout JSONWriter
  ) {
    var removeLines = 0
    var removeString = 0
    for call in chunkPair.program.calls {
      if case .removeLines = call { removeLines += 1 }
      if case .removeString = call { removeString += 1 }
    }
    let deletedCharacters =
      chunkPair.text.utf8.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
      - chunkPair.target.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    writer.appendObject { meta in
      meta.appendKey("document_id")
      meta.appendString(documentID)
      meta.appendKey("chunk")
      meta.appendInteger(chunkPair.chunk.index)
      meta.appendKey("chunks")
      meta.appendInteger(chunkCount)
      meta.appendKey("first_line")
      meta.appendInteger(chunkPair.chunk.firstLineNumber)
      meta.appendKey("lines")
      meta.appendInteger(chunkPair.chunk.lineIndices.count)
      meta.appendKey("remove_lines")
      meta.appendInteger(removeLines)
      meta.appendKey("remove_str")
      meta.appendInteger(removeString)
      meta.appendKey("deleted_chars")
      meta.appendInteger(deletedCharacters)
      meta.appendKey("unrefinable")
      meta.appendBool(chunkPair.chunk.isUnrefinable)
      // Fidelity of the whole document against the expert's text.
      meta.appendKey("document_leftover_chars")
      meta.appendInteger(statistics.leftoverCharacterCount)
      meta.appendKey("document_over_deleted_chars")
      meta.appendInteger(statistics.overDeletedCharacterCount)
      if let recipeHash {
        meta.appendKey("recipe")
        meta.appendString(recipeHash)
      }
    }
  }
}

extension String {
  /// Splits on every occurrence of `placeholder` (no Foundation needed).
  fileprivate func components(separatedByPlaceholder placeholder: String) -> [String] {
    var parts: [String] = []
    var current = Substring(self)
    while let range = current.firstRange(of: placeholder) {
      parts.append(String(current[..<range.lowerBound]))
      current = current[range.upperBound...]
    }
    parts.append(String(current))
    return parts
  }
}

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
    var bytes: [UInt8] = []
    appendNumberedText(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``numberedText(_:)`` of `text` to `bytes` as UTF-8, without building a `String`.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the chunk.
  package func appendNumberedText(_ text: NormalizedText, to bytes: inout [UInt8]) {
    let parts = Self.placeholderParts(of: linePrefix)
    let lineCount = text.lineCount
    var partBytes = 0
    for part in parts { partBytes += part.count }
    bytes.reserveCapacity(bytes.count + text.utf8.count + lineCount * (partBytes + 8) + 16)
    if wrapsInDocumentTags { bytes.append(contentsOf: "[doc]\n".utf8) }
    text.utf8.withUnsafeBufferPointer { utf8 in
      let starts = text.lineStartUTF8Offsets
      for lineIndex in 0..<lineCount {
        if lineIndex > 0 { bytes.append(UInt8(ascii: "\n")) }
        bytes.append(contentsOf: parts[0])
        if parts.count > 1 {
          for part in parts[1...] {
            bytes.appendDecimal(lineIndex + 1)
            bytes.append(contentsOf: part)
          }
        }
        let start = starts[lineIndex]
        var end = lineIndex + 1 < lineCount ? starts[lineIndex + 1] : utf8.count
        if end > start && utf8[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
      }
    }
    if wrapsInDocumentTags { bytes.append(contentsOf: "\n[/doc]".utf8) }
  }

  /// The UTF-8 pieces of `prefix` between occurrences of `{n}` (one more than the
  /// occurrences), as `components(separatedByPlaceholder:)` cuts it.
  static func placeholderParts(of prefix: String) -> [[UInt8]] {
    prefix.components(separatedByPlaceholder: "{n}").map { Array($0.utf8) }
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
    var scratch = EncodingScratch()
    _ = encode(
      documentID: documentID, pair: pair, chunkCount: chunkCount, into: &writer,
      scratch: &scratch)
  }

  /// ``encode(documentID:pair:chunkCount:into:)`` that also returns
  /// ``pairTokenCounts(of:)``, from the same rendered bytes: each prompt and program is
  /// rendered once, into `scratch`, and copied into `writer` escaped.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the document.
  package func encode(
    documentID: String, pair: BuiltPair, chunkCount: Int? = nil, into writer: inout JSONWriter,
    scratch: inout EncodingScratch
  ) -> [Int] {
    var tokenCounts: [Int] = []
    tokenCounts.reserveCapacity(pair.chunks.count)
    let head = promptHeadBytes
    let instructionMilliTokens =
      head.isEmpty ? 0 : ApproximateTokenCount.milliTokens(of: head, in: 0..<head.count)
    let keepsSystem = format == .messages || !instruction.isEmpty
    for chunkPair in pair.chunks {
      // prompt-completion's prompt: the instruction head, then the numbered document.
      scratch.prompt.removeAll(keepingCapacity: true)
      scratch.prompt.append(contentsOf: head)
      appendNumberedText(chunkPair.text, to: &scratch.prompt)
      scratch.program.removeAll(keepingCapacity: true)
      chunkPair.program.appendRendered(to: &scratch.program)
      let documentRange = head.count..<scratch.prompt.count
      tokenCounts.append(
        ApproximateTokenCount.wholeTokens(
          instructionMilliTokens
            + ApproximateTokenCount.milliTokens(of: scratch.prompt, in: documentRange)
            + ApproximateTokenCount.milliTokens(
              of: scratch.program, in: 0..<scratch.program.count)))
      scratch.prompt.withUnsafeBufferPointer { prompt in
        scratch.program.withUnsafeBufferPointer { program in
          let document = UnsafeBufferPointer(rebasing: prompt[documentRange])
          writer.appendObject { object in
            object.appendKey("id")
            object.appendPairID(documentID: documentID, chunkIndex: chunkPair.chunk.index)
            switch format {
            case .promptCompletion:
              object.appendKey("prompt")
              object.appendString(utf8: prompt)
              object.appendKey("completion")
              object.appendString(utf8: program)
            case .messages:
              object.appendKey("messages")
              object.appendArray { messages in
                if keepsSystem { messages.appendMessage(role: "system", content: instruction) }
                messages.appendMessage(role: "user", content: document)
                messages.appendMessage(role: "assistant", content: program)
              }
            case .alpaca:
              // The fields apart; prompt(numberedDocument:) joins them as LLaMA-Factory does.
              object.appendKey("instruction")
              object.appendString(instruction)
              object.appendKey("input")
              object.appendString(utf8: document)
              object.appendKey("output")
              object.appendString(utf8: program)
            case .conversational:
              object.appendKey("prompt")
              object.appendArray { messages in
                if keepsSystem { messages.appendMessage(role: "system", content: instruction) }
                messages.appendMessage(role: "user", content: document)
              }
              object.appendKey("completion")
              object.appendArray { messages in
                messages.appendMessage(role: "assistant", content: program)
              }
            }
            if includesMeta {
              object.appendKey("meta")
              appendMeta(
                chunkPair, chunkCount: chunkCount ?? pair.chunks.count, documentID: documentID,
                statistics: pair.statistics, into: &object)
            }
          }
        }
      }
      writer.appendNewline()
    }
    return tokenCounts
  }

  /// The instruction and `\n\n` as UTF-8, or nothing for an empty instruction: what
  /// `prompt-completion` puts before the numbered document.
  var promptHeadBytes: [UInt8] {
    instruction.isEmpty ? [] : Array(instruction.utf8) + [0x0A, 0x0A]
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
      UTF8Validation.scalarCount(of: chunkPair.text.utf8)
      - UTF8Validation.scalarCount(of: chunkPair.target)
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

/// Reusable buffers of ``TrainingPairEncoding/encode(documentID:pair:chunkCount:into:scratch:)``:
/// one chunk's rendered prompt and program, kept between chunks and records.
package struct EncodingScratch: Sendable {
  /// The prompt-completion prompt: instruction head, then the numbered document.
  var prompt: [UInt8] = []
  /// The rendered program.
  var program: [UInt8] = []

  /// Creates empty buffers.
  package init() {}
}

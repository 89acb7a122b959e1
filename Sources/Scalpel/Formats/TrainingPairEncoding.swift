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

  /// Writes ``appendNumberedText(_:to:)`` of `text` escaped as JSON string content (as
  /// ``JSONWriter/appendEscaped(_:to:)`` escapes the whole) into `buffer` from its start,
  /// growing it as needed, and returns the number of bytes written and the milli-tokens of
  /// the unescaped numbered text, counted from the same pieces.
  ///
  /// The buffer is grown once, for the whole chunk. Each line is two pieces: its header (the
  /// `\n` before it, then the prefix with its number), written escaped from `header`'s
  /// escaped parts and counted from its table, and its content, read in place from `text`,
  /// counted and escaped in one pass.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the chunk.
  func writeEscapedNumberedText(
    _ text: NormalizedText, header: NumberedLineHeader, to buffer: inout EscapedBuffer
  ) -> Int {
    var run = ApproximateTokenCount.Run()
    let lineCount = text.lineCount
    let escapedHeader = header.escaped
    let tagCount = wrapsInDocumentTags ? Self.documentStart.count + Self.documentEnd.count : 0
    // An escape is at most 6 bytes per input byte.
    buffer.count = 0
    buffer.reserve(6 * (text.utf8.count + tagCount) + lineCount * escapedHeader.maximumCount)
    buffer.count = buffer.withUnsafeMutableStorage { destination in
      var count = 0
      if wrapsInDocumentTags {
        count += Self.documentStart.withUnsafeBufferPointer {
          run.addEscaping($0, to: destination + count)
        }
      }
      text.utf8.withUnsafeBufferPointer { utf8 in
        let starts = text.lineStartUTF8Offsets
        for lineIndex in 0..<lineCount {
          let lineNumber = lineIndex + 1
          let digitCount = NumberedLineHeader.digitCount(of: lineNumber)
          let startsWithNewline = lineIndex > 0
          let (milliTokens, state) = header.cost(
            digitCount: digitCount, startsWithNewline: startsWithNewline, from: run.state)
          run.add(milliTokens: milliTokens, leavingState: state)
          count += escapedHeader.write(
            lineNumber: lineNumber, digitCount: digitCount, startsWithNewline: startsWithNewline,
            into: destination + count)
          let start = starts[lineIndex]
          var end = lineIndex + 1 < lineCount ? starts[lineIndex + 1] : utf8.count
          if end > start && utf8[end - 1] == UInt8(ascii: "\n") { end -= 1 }
          if end > start {
            count += run.addEscaping(
              UnsafeBufferPointer(rebasing: utf8[start..<end]), to: destination + count)
          }
        }
      }
      if wrapsInDocumentTags {
        count += Self.documentEnd.withUnsafeBufferPointer {
          run.addEscaping($0, to: destination + count)
        }
      }
      return count
    }
    return run.milliTokens
  }

  /// `[doc]` and the line feed after it.
  private static let documentStart: [UInt8] = Array("[doc]\n".utf8)
  /// The line feed before `[/doc]`, and `[/doc]`.
  private static let documentEnd: [UInt8] = Array("\n[/doc]".utf8)

  /// The UTF-8 pieces of `prefix` between occurrences of `{n}` (one more than the
  /// occurrences), as `components(separatedByPlaceholder:)` cuts it.
  static func placeholderParts(of prefix: String) -> [[UInt8]] {
    let utf8 = Array(prefix.utf8)
    // In ASCII, only CR LF joins two bytes into one Character, so a byte search finds the
    // placeholders the Character search of components(separatedByPlaceholder:) finds.
    guard utf8.allSatisfy({ $0 < 0x80 }) else {
      return prefix.components(separatedByPlaceholder: "{n}").map { Array($0.utf8) }
    }
    var parts: [[UInt8]] = []
    var partStart = 0
    var offset = 0
    while offset + 3 <= utf8.count {
      if utf8[offset] == UInt8(ascii: "{") && utf8[offset + 1] == UInt8(ascii: "n")
        && utf8[offset + 2] == UInt8(ascii: "}")
      {
        parts.append(Array(utf8[partStart..<offset]))
        offset += 3
        partStart = offset
      } else {
        offset += 1
      }
    }
    parts.append(Array(utf8[partStart...]))
    return parts
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
  ///
  /// With `original`, the pair holds no chunk texts
  /// (``PairBuilder/makePair(original:refined:materializesChunkTexts:)``): each chunk's text
  /// is made from its lines of `original` while the chunk is encoded, then dropped, so
  /// that only one chunk's copy exists at a time.
  package func encode(
    documentID: String, pair: BuiltPair, chunkCount: Int? = nil, into writer: inout JSONWriter,
    scratch: inout EncodingScratch, chunkTextsFrom original: NormalizedText? = nil
  ) -> [Int] {
    var tokenCounts: [Int] = []
    tokenCounts.reserveCapacity(pair.chunks.count)
    let frame = scratch.frame(instruction: instruction, linePrefix: linePrefix) {
      EncodingScratch.Frame(encoding: self)
    }
    let escapedHead = frame.escapedHead
    let instructionMilliTokens = frame.instructionMilliTokens
    let keepsSystem = format == .messages || !instruction.isEmpty
    for chunkPair in pair.chunks {
      let text = chunkPair.text(of: original)
      // The numbered document, escaped; its milli-tokens from the same pieces unescaped.
      let documentMilliTokens = writeEscapedNumberedText(
        text, header: frame.lineHeader, to: &scratch.prompt)
      scratch.program.removeAll(keepingCapacity: true)
      chunkPair.program.appendRendered(to: &scratch.program)
      tokenCounts.append(
        ApproximateTokenCount.wholeTokens(
          instructionMilliTokens + documentMilliTokens
            + ApproximateTokenCount.milliTokens(
              of: scratch.program, in: 0..<scratch.program.count)))
      escapedHead.withUnsafeBufferPointer { escapedHead in
        scratch.prompt.withUnsafeBufferPointer { document in
          scratch.program.withUnsafeBufferPointer { program in
            writer.appendObject { object in
              object.appendKey("id")
              object.appendPairID(documentID: documentID, chunkIndex: chunkPair.chunk.index)
              switch format {
              case .promptCompletion:
                object.appendKey("prompt")
                object.appendString(escapedPrefix: escapedHead, escaped: document)
                object.appendKey("completion")
                object.appendString(utf8: program)
              case .messages:
                object.appendKey("messages")
                object.appendArray { messages in
                  if keepsSystem { messages.appendMessage(role: "system", content: instruction) }
                  messages.appendMessage(role: "user", escapedContent: document)
                  messages.appendMessage(role: "assistant", content: program)
                }
              case .alpaca:
                // The fields apart; prompt(numberedDocument:) joins them as LLaMA-Factory does.
                object.appendKey("instruction")
                object.appendString(instruction)
                object.appendKey("input")
                object.appendString(
                  escapedPrefix: UnsafeBufferPointer(start: nil, count: 0), escaped: document)
                object.appendKey("output")
                object.appendString(utf8: program)
              case .conversational:
                object.appendKey("prompt")
                object.appendArray { messages in
                  if keepsSystem { messages.appendMessage(role: "system", content: instruction) }
                  messages.appendMessage(role: "user", escapedContent: document)
                }
                object.appendKey("completion")
                object.appendArray { messages in
                  messages.appendMessage(role: "assistant", content: program)
                }
              }
              if includesMeta {
                object.appendKey("meta")
                appendMeta(
                  chunkPair, text: text, chunkCount: chunkCount ?? pair.chunks.count,
                  documentID: documentID,
                  statistics: pair.statistics, into: &object)
              }
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
    _ chunkPair: ChunkPair, text: NormalizedText, chunkCount: Int, documentID: String,
    statistics: PairStatistics,
    into writer: inout JSONWriter
  ) {
    var removeLines = 0
    var removeString = 0
    for call in chunkPair.program.calls {
      if case .removeLines = call { removeLines += 1 }
      if case .removeString = call { removeString += 1 }
    }
    let deletedCharacters =
      UTF8Validation.scalarCount(of: text.utf8)
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
/// one chunk's rendered prompt and program, kept between chunks and records, and what the
/// encoding's instruction and line prefix come to, kept while they stay the same.
package struct EncodingScratch: Sendable {
  /// The numbered document, escaped as JSON string content.
  var prompt = EscapedBuffer()
  /// The rendered program.
  var program: [UInt8] = []
  /// The frame of the last instruction and line prefix.
  private var cachedFrame: Frame?

  /// Creates empty buffers.
  package init() {}

  /// What an encoding's instruction and line prefix come to, for every chunk.
  struct Frame: Sendable {
    let instruction: String
    let linePrefix: String
    /// The prompt-completion head (``TrainingPairEncoding/promptHeadBytes``), escaped.
    let escapedHead: [UInt8]
    /// The milli-tokens of the unescaped head.
    let instructionMilliTokens: Int
    let lineHeader: NumberedLineHeader

    init(encoding: TrainingPairEncoding) {
      instruction = encoding.instruction
      linePrefix = encoding.linePrefix
      let head = encoding.promptHeadBytes
      instructionMilliTokens =
        head.isEmpty ? 0 : ApproximateTokenCount.milliTokens(of: head, in: 0..<head.count)
      var escaped: [UInt8] = []
      head.withUnsafeBufferPointer { JSONWriter.appendEscaped($0, to: &escaped) }
      escapedHead = escaped
      lineHeader = NumberedLineHeader(linePrefix: encoding.linePrefix)
    }
  }

  /// The cached frame when it is for `instruction` and `linePrefix`, else `make()`'s, cached.
  mutating func frame(instruction: String, linePrefix: String, make: () -> Frame) -> Frame {
    if let cachedFrame, cachedFrame.instruction == instruction,
      cachedFrame.linePrefix == linePrefix
    {
      return cachedFrame
    }
    let frame = make()
    cachedFrame = frame
    return frame
  }
}

/// A byte buffer written through pointers.
///
/// JSON-escaped pieces are appended without an array append per piece. Its storage only
/// grows; ``count`` bytes of it are written.
package struct EscapedBuffer: Sendable {
  /// The storage, zero-filled beyond ``count``.
  private(set) var storage: [UInt8] = []
  /// The number of bytes written.
  var count = 0

  /// Calls `body` with the written bytes.
  func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
    -> R
  {
    try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
  }

  /// Grows the storage, if needed, to hold at least `byteCount` bytes.
  mutating func reserve(_ byteCount: Int) {
    if byteCount > storage.count {
      storage.append(
        contentsOf: repeatElement(
          0, count: max(byteCount, 2 * storage.count, 4096) - storage.count))
    }
  }

  /// Calls `body` with the start of the storage, which holds at least the bytes last
  /// reserved.
  mutating func withUnsafeMutableStorage<R>(_ body: (UnsafeMutablePointer<UInt8>) -> R) -> R {
    reserve(1)
    return storage.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
  }

  /// Appends valid UTF-8 `piece` escaped (as ``JSONWriter/appendEscaped(_:to:)``) and adds
  /// it, unescaped, to `run`.
  mutating func append(_ piece: [UInt8], run: inout ApproximateTokenCount.Run) {
    piece.withUnsafeBufferPointer { append($0, run: &run) }
  }

  /// Appends valid UTF-8 `piece` escaped (as ``JSONWriter/appendEscaped(_:to:)``) and adds
  /// it, unescaped, to `run`.
  mutating func append(_ piece: UnsafeBufferPointer<UInt8>, run: inout ApproximateTokenCount.Run) {
    guard !piece.isEmpty else { return }
    // An escape is at most 6 bytes per input byte.
    let needed = count + 6 * piece.count
    if needed > storage.count {
      storage.append(
        contentsOf: repeatElement(0, count: max(needed, 2 * storage.count, 4096) - storage.count))
    }
    let start = count
    let written = storage.withUnsafeMutableBufferPointer { storage in
      // Not empty: it was grown to hold `needed` > 0 bytes.
      guard let base = storage.baseAddress else { return 0 }
      return run.addEscaping(piece, to: base + start)
    }
    count = start + written
  }
}

/// The bytes before a line of the numbered text: the line feed that ends the previous
/// line, then the line prefix with the line number in place of each `{n}`.
struct NumberedLineHeader {
  /// The line feed, as written (escaped in ``escaped``).
  private let newline: [UInt8]
  /// The UTF-8 pieces of the prefix around its `{n}` placeholders, all joined, and where
  /// each ends in `joinedParts` (one more end than placeholders).
  private let joinedParts: [UInt8]
  private let partEnds: [Int]
  /// The most bytes ``write(lineNumber:digitCount:startsWithNewline:into:)`` writes.
  let maximumCount: Int
  /// The milli-tokens of each header and the run state after it, at
  /// ``costIndex(digitCount:startsWithNewline:state:)``: a header's cost depends only on
  /// the state before it, the number of digits and whether it starts with a line feed,
  /// since every digit is of one class.
  private let costs: [(milliTokens: Int, state: Int)]
  /// The header with the line feed and every part escaped as JSON string content: escaping
  /// the parts one by one escapes the whole, digits need no escape.
  private var escapedHeader: [NumberedLineHeader]

  /// The most digits a line number is written with.
  static let maximumDigitCount = 19

  /// The header of `linePrefix` (``TrainingPairEncoding/linePrefix``).
  init(linePrefix: String) {
    let parts = TrainingPairEncoding.placeholderParts(of: linePrefix)
    // Counted in pieces, without building each header: a run fed pieces cut at scalar
    // boundaries counts exactly their concatenation.
    var joined: [UInt8] = []
    var ends: [Int] = []
    for part in parts {
      joined.append(contentsOf: part)
      ends.append(joined.count)
    }
    let digits = [UInt8](repeating: UInt8(ascii: "1"), count: Self.maximumDigitCount)
    let newline = [UInt8(ascii: "\n")]
    var costs: [(milliTokens: Int, state: Int)] = []
    let stateCount = ApproximateTokenCount.Run.stateCount
    costs.reserveCapacity(2 * stateCount * Self.maximumDigitCount)
    joined.withUnsafeBufferPointer { joined in
      digits.withUnsafeBufferPointer { digits in
        newline.withUnsafeBufferPointer { newline in
          for startsWithNewline in [false, true] {
            for state in 0..<stateCount {
              for digitCount in 1...Self.maximumDigitCount {
                var run = ApproximateTokenCount.Run(state: state)
                if startsWithNewline { run.add(newline, in: 0..<newline.count) }
                var partStart = 0
                for (index, partEnd) in ends.enumerated() {
                  if index > 0 { run.add(digits, in: 0..<digitCount) }
                  run.add(joined, in: partStart..<partEnd)
                  partStart = partEnd
                }
                costs.append((run.milliTokens, run.state))
              }
            }
          }
        }
      }
    }
    var escapedParts: [[UInt8]] = []
    for part in parts {
      var escaped: [UInt8] = []
      part.withUnsafeBufferPointer { JSONWriter.appendEscaped($0, to: &escaped) }
      escapedParts.append(escaped)
    }
    self.init(parts: parts, newline: [UInt8(ascii: "\n")], costs: costs)
    escapedHeader = [
      NumberedLineHeader(parts: escapedParts, newline: Array("\\n".utf8), costs: costs)
    ]
  }

  private init(parts: [[UInt8]], newline: [UInt8], costs: [(milliTokens: Int, state: Int)]) {
    var joined: [UInt8] = []
    var ends: [Int] = []
    for part in parts {
      joined.append(contentsOf: part)
      ends.append(joined.count)
    }
    self.newline = newline
    joinedParts = joined
    partEnds = ends
    self.costs = costs
    escapedHeader = []
    // The line feed, the parts, and at most 19 digits per placeholder.
    maximumCount = newline.count + joined.count + Self.maximumDigitCount * (parts.count - 1)
  }

  /// This header with the line feed and the parts escaped as JSON string content.
  var escaped: NumberedLineHeader { escapedHeader.first ?? self }

  /// The milli-tokens of a header with `digitCount` digits per number counted from run
  /// state `state` (``ApproximateTokenCount/Run/state``), and the state after it.
  @inline(__always)
  func cost(digitCount: Int, startsWithNewline: Bool, from state: Int) -> (
    milliTokens: Int, state: Int
  ) {
    let row = (startsWithNewline ? ApproximateTokenCount.Run.stateCount : 0) &+ state
    return costs[row &* Self.maximumDigitCount &+ digitCount &- 1]
  }

  /// The number of decimal digits of `lineNumber` (positive), at most
  /// ``maximumDigitCount``.
  @inline(__always)
  static func digitCount(of lineNumber: Int) -> Int {
    var digitCount = 1
    var power = 10
    while lineNumber >= power && digitCount < maximumDigitCount {
      digitCount += 1
      power &*= 10
    }
    return digitCount
  }

  /// Writes the header of line `lineNumber` (1-based), which has `digitCount` digits
  /// (``digitCount(of:)``), at `destination`, which has room for ``maximumCount`` bytes,
  /// and returns how many bytes it wrote.
  @inline(__always)
  func write(
    lineNumber: Int, digitCount: Int, startsWithNewline: Bool,
    into destination: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var count = 0
    if startsWithNewline {
      for byte in newline {
        destination[count] = byte
        count += 1
      }
    }
    joinedParts.withUnsafeBufferPointer { parts in
      var partStart = 0
      for (partIndex, partEnd) in partEnds.enumerated() {
        if partIndex > 0 {
          // The decimal digits of lineNumber, as appendDecimal writes them.
          var value = lineNumber
          var offset = count + digitCount
          repeat {
            offset -= 1
            destination[offset] = UInt8(truncatingIfNeeded: value % 10) &+ 0x30
            value /= 10
          } while value > 0
          count += digitCount
        }
        for offset in partStart..<partEnd {
          destination[count] = parts[offset]
          count += 1
        }
        partStart = partEnd
      }
    }
    return count
  }
}

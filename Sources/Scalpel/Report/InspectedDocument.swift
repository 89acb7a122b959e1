/// One document as the inspection report shows it: its status, and per chunk
/// the lines with their deletions marked and the program.
///
/// Lines are kept only up to ``Limits``: a huge document keeps its first lines
/// and long lines keep their first bytes, and the counts of what was left out
/// are recorded so the page can say so. The character counts always cover the
/// whole document.
public struct InspectedDocument: Sendable, Hashable {
  /// What became of the document.
  public enum Status: Sendable, Hashable {
    /// At least one chunk has a program that is not `keep_all()`.
    case changed
    /// Every chunk's program is `keep_all()` (or empty).
    case keepAll
    /// No pair: the record was rejected, with a snake_case reason code and a detail.
    case rejected(reason: String, detail: String)

    /// The key used to count and filter documents: `changed`, `keep_all` or `rejected`.
    public var kind: String {
      switch self {
      case .changed: return "changed"
      case .keepAll: return "keep_all"
      case .rejected: return "rejected"
      }
    }
  }

  /// How much of a document is kept for display.
  public struct Limits: Sendable, Hashable, Codable {
    /// Lines shown per document, over all chunks.
    public var maximumLineCount: Int
    /// Bytes of line text shown per document, over all chunks.
    public var maximumUTF8Count: Int
    /// Bytes shown of one line (or one program line); the rest is summarised.
    public var maximumLineUTF8Count: Int

    /// Creates limits; the defaults keep 2,000 lines, 200,000 bytes per document and 2,000 bytes per line.
    public init(
      maximumLineCount: Int = 2_000, maximumUTF8Count: Int = 200_000,
      maximumLineUTF8Count: Int = 2_000
    ) {
      self.maximumLineCount = maximumLineCount
      self.maximumUTF8Count = maximumUTF8Count
      self.maximumLineUTF8Count = maximumLineUTF8Count
    }
  }

  /// Why a rejected document was rejected, as the page names it.
  public struct RejectCause: Sendable, Hashable {
    /// The reject code (`rewrite_too_large`, …).
    public var code: String
    /// Whether the cause is marked on a displayed span of the text (an ``Line/Edit`` whose
    /// ``Line/Edit/rejectCause`` is set); otherwise the page names it above the text.
    public var isMarkedInText: Bool

    /// Creates a cause.
    public init(code: String, isMarkedInText: Bool) {
      self.code = code
      self.isMarkedInText = isMarkedInText
    }
  }

  /// One displayed line of a chunk.
  public struct Line: Sendable, Hashable {
    /// A span of the line where the expert's edit and the programs part ways, or where
    /// the expert rewrote (see the Specification, "Inspecting documents").
    public struct Edit: Sendable, Hashable {
      /// What the span is.
      public enum Kind: Sendable, Hashable {
        /// Deleted by the expert, kept by the programs (**leftover**), with why:
        /// `line_join`, `ambiguous`, `rewrite_neighbour` or `not_expressed`.
        case leftover(reason: String)
        /// Deleted by the programs, kept by the expert (**over-deleted**).
        case overDeleted
        /// Deleted by the expert, in a document without programs (a rejected one).
        case expertDeleted
        /// Original text a rewrite replaced; the programs keep it.
        case replaced
        /// Text a rewrite inserted at ``Edit/utf8Range``'s lower bound (an empty range), and
        /// the size the rewrite counted against `--max-rewrite-chars`.
        case inserted(text: String, characterCount: Int)
      }

      /// UTF-8 range relative to the line's first byte; `text.utf8.count` is the newline.
      public var utf8Range: Range<Int>
      /// What the span is.
      public var kind: Kind
      /// The reject code, when this span is what rejected the document.
      public var rejectCause: String?
      /// A sentence naming the cause, shown next to it.
      public var causeNote: String?

      /// Creates an edit.
      public init(
        utf8Range: Range<Int>, kind: Kind, rejectCause: String? = nil, causeNote: String? = nil
      ) {
        (self.utf8Range, self.kind, self.rejectCause, self.causeNote) = (
          utf8Range, kind, rejectCause, causeNote
        )
      }
    }

    /// The chunk-local 1-based line number (the number the program uses).
    public var number: Int
    /// The line's text without its newline, possibly cut (see ``omittedCharacterCount``).
    public var text: String
    /// Whether an applied `remove_lines` drops the line.
    public var isRemoved: Bool
    /// UTF-8 ranges of ``text`` deleted by applied `remove_str` calls; sorted, non-overlapping.
    public var removedUTF8Ranges: [Range<Int>]
    /// Unicode scalars of the line not shown because the line was cut.
    public var omittedCharacterCount: Int
    /// The expert's edit where it differs from the programs', and rewrites; sorted by
    /// lower bound (an insertion before a span starting at the same offset).
    public var edits: [Edit]

    /// Creates a line.
    public init(
      number: Int, text: String, isRemoved: Bool = false, removedUTF8Ranges: [Range<Int>] = [],
      omittedCharacterCount: Int = 0, edits: [Edit] = []
    ) {
      self.number = number
      self.text = text
      self.isRemoved = isRemoved
      self.removedUTF8Ranges = removedUTF8Ranges
      self.omittedCharacterCount = omittedCharacterCount
      self.edits = edits
    }
  }

  /// One line of a program's text, with what happened to it.
  public struct ProgramLine: Sendable, Hashable {
    /// What the line is.
    public enum Kind: Sendable, Hashable {
      /// A call that was applied, or a blank, code-fence or special-token line.
      case applied
      /// A call the executor skipped, with the reason code (`text_not_found`, …).
      case skipped(reason: String)
      /// A line the parser could not read, with its message.
      case unreadable(message: String)
    }

    /// The line's text, possibly cut to ``Limits/maximumLineUTF8Count`` bytes.
    public var text: String
    /// What the line is.
    public var kind: Kind

    /// Creates a program line.
    public init(text: String, kind: Kind = .applied) {
      self.text = text
      self.kind = kind
    }
  }

  /// One chunk of the document with its program.
  public struct Chunk: Sendable, Hashable {
    /// The chunk's 0-based position in its document.
    public var index: Int
    /// The document line number of the chunk's first line.
    public var firstLineNumber: Int
    /// The number of lines of the chunk.
    public var lineCount: Int
    /// The displayed lines (the first ones, up to the document's limits).
    public var lines: [Line]
    /// The program's text, line by line; `nil` when the chunk has no program.
    public var programLines: [ProgramLine]?
    /// Unicode scalars of the chunk, newlines included.
    public var characterCount: Int
    /// Unicode scalars the program deletes.
    public var deletedCharacterCount: Int
    /// `remove_lines` calls in the program, applied or not.
    public var removeLinesCallCount: Int
    /// `remove_str` calls in the program, applied or not.
    public var removeStringCallCount: Int
    /// Calls the executor skipped.
    public var skippedCallCount: Int
    /// Program lines the parser could not read.
    public var programErrorCount: Int
    /// Whether the program has no call that changes anything (`keep_all()`, empty, or none).
    public var isKeepAll: Bool

    /// Whether the chunk has a program (it is a pair).
    public var hasProgram: Bool { programLines != nil }
    /// Lines of the chunk not displayed.
    public var omittedLineCount: Int { lineCount - lines.count }
  }

  /// The document id (without the `#chunk` suffix of pair ids).
  public var id: String
  /// Where the record is, such as `corpus.jsonl:12`, when known.
  public var source: String?
  /// What became of the document.
  public var status: Status
  /// The chunks in document order; empty for a rejected record whose text is unknown.
  public var chunks: [Chunk]
  /// For a rejected document, its cause.
  public var rejectCause: RejectCause?
  /// Characters the expert deleted that the programs keep, when known (from the expert's
  /// text, or a pair's `meta.document_leftover_chars`).
  public var leftoverCharacterCount: Int?
  /// Characters the programs delete that the expert kept, when known.
  public var overDeletedCharacterCount: Int?
  /// The expert's rewrites, when known.
  public var rewriteCount: Int?

  /// Unicode scalars over all chunks.
  public var characterCount: Int { chunks.reduce(0) { $0 + $1.characterCount } }
  /// Unicode scalars deleted over all chunks.
  public var deletedCharacterCount: Int { chunks.reduce(0) { $0 + $1.deletedCharacterCount } }
  /// Lines not displayed over all chunks.
  public var omittedLineCount: Int { chunks.reduce(0) { $0 + $1.omittedLineCount } }

  /// Creates a document from prepared chunks.
  public init(id: String, source: String? = nil, status: Status, chunks: [Chunk]) {
    self.id = id
    self.source = source
    self.status = status
    self.chunks = chunks
    if case .rejected(let code, _) = status {
      rejectCause = RejectCause(code: code, isMarkedInText: false)
    }
  }

  /// The text and program of one chunk, as input to ``init(id:source:chunks:limits:)``.
  public struct ChunkInput: Sendable, Hashable {
    /// The chunk's 0-based position in its document.
    public var index: Int
    /// The document line number of the chunk's first line.
    public var firstLineNumber: Int
    /// The chunk's original text.
    public var text: NormalizedText
    /// The program as written (model output or rendered), or `nil` for no program.
    public var programText: String?

    /// Creates a chunk input.
    public init(index: Int, firstLineNumber: Int, text: NormalizedText, programText: String?) {
      self.index = index
      self.firstLineNumber = firstLineNumber
      self.text = text
      self.programText = programText
    }
  }

  /// Inspects a document that has programs: parses and executes each chunk's
  /// program, marks its deletions and keeps the lines within `limits`.
  ///
  /// The status is ``Status/keepAll`` when no chunk's program changes anything,
  /// ``Status/changed`` otherwise.
  ///
  /// - Complexity: O(*n* + *p*) plus the executor's cost, where *n* is the size
  ///   of the document and *p* the size of its programs.
  public init(id: String, source: String? = nil, chunks: [ChunkInput], limits: Limits = Limits()) {
    self.init(id: id, source: source, chunks: chunks, edit: nil, limits: limits)
  }

  /// Inspects a document that has programs, with the expert's edit of it (`--corpus`).
  ///
  /// - Complexity: That of ``init(id:source:chunks:limits:)`` plus O(*e*) for *e* marks.
  package init(
    id: String, source: String?, chunks: [ChunkInput], edit: (ExpertEdit, NormalizedText)?,
    limits: Limits
  ) {
    var budget = Budget(limits)
    let editsByLine = edit.map { InspectedDocument.editsByLine($0.0, in: $0.1) } ?? [:]
    let built = chunks.map {
      InspectedDocument.makeChunk($0, budget: &budget, editsByLine: editsByLine)
    }
    let status: Status = built.allSatisfy(\.isKeepAll) ? .keepAll : .changed
    self.init(id: id, source: source, status: status, chunks: built)
    if let (expertEdit, _) = edit, expertEdit.isAligned {
      leftoverCharacterCount = expertEdit.leftoverCharacterCount
      overDeletedCharacterCount = expertEdit.overDeletedCharacterCount
      rewriteCount = expertEdit.rewriteCount
    }
  }

  /// Inspects a rejected record: its reason, and its text without marks when known.
  ///
  /// - Complexity: O(*n*), where *n* is the size of `text`.
  public init(
    rejectedID id: String, source: String? = nil, reason: String, detail: String,
    text: NormalizedText?, limits: Limits = Limits()
  ) {
    self.init(
      rejectedID: id, source: source, reason: reason, detail: detail, text: text, edit: nil,
      limits: limits)
  }

  /// Inspects a rejected record with the expert's edit of its text (`--corpus`): the
  /// span that caused the reject is named when it is one (``RejectCause/isMarkedInText``).
  ///
  /// - Complexity: O(*n* + *e*), where *n* is the size of `text` and *e* the number of marks.
  package init(
    rejectedID id: String, source: String?, reason: String, detail: String,
    text: NormalizedText?, edit: ExpertEdit?, limits: Limits
  ) {
    var chunks: [Chunk] = []
    if let text {
      var budget = Budget(limits)
      let editsByLine = edit.map { InspectedDocument.editsByLine($0, in: text) } ?? [:]
      chunks.append(
        InspectedDocument.makeChunk(
          ChunkInput(index: 0, firstLineNumber: 1, text: text, programText: nil), budget: &budget,
          editsByLine: editsByLine))
    }
    self.init(
      id: id, source: source, status: .rejected(reason: reason, detail: detail), chunks: chunks)
    let isMarked = chunks.contains { chunk in
      chunk.lines.contains { line in line.edits.contains { $0.rejectCause != nil } }
    }
    rejectCause = RejectCause(code: reason, isMarkedInText: isMarked)
    if let edit, edit.isAligned {
      leftoverCharacterCount = edit.leftoverCharacterCount
      overDeletedCharacterCount = edit.overDeletedCharacterCount
      rewriteCount = edit.rewriteCount
    }
  }

  /// The marks of `edit` split into line-relative edits, by 0-based document line index.
  ///
  /// A mark that spans lines gives one edit per line; a newline of a mark is the edit
  /// `count..<count + 1` of its line (count being the line's content bytes); a rewrite
  /// gives ``Line/Edit/Kind/replaced`` edits over what it replaced and one
  /// ``Line/Edit/Kind/inserted(text:characterCount:)`` at its end, which carries the cause.
  ///
  /// - Complexity: O(*e* log *L* + *s*), for *e* marks over *s* lines of *L*.
  static func editsByLine(_ edit: ExpertEdit, in original: NormalizedText) -> [Int: [Line.Edit]] {
    var result: [Int: [Line.Edit]] = [:]
    guard original.lineCount > 0 else { return result }
    let o = original.utf8
    func lineIndex(_ offset: Int) -> Int {
      original.lineIndex(containingUTF8Offset: min(offset, max(o.count - 1, 0)))
    }
    func add(_ range: Range<Int>, _ kind: Line.Edit.Kind, cause: String?, note: String?) {
      guard !range.isEmpty else { return }
      var line = lineIndex(range.lowerBound)
      while line < original.lineCount {
        let full = original.lineUTF8Range(lineIndex: line)
        guard full.lowerBound < range.upperBound else { break }
        let lower = max(range.lowerBound, full.lowerBound)
        let upper = min(range.upperBound, full.upperBound)
        if lower < upper {
          result[line, default: []].append(
            Line.Edit(
              utf8Range: (lower - full.lowerBound)..<(upper - full.lowerBound), kind: kind,
              rejectCause: cause, causeNote: note))
        }
        line += 1
      }
    }
    for mark in edit.marks {
      switch mark.kind {
      case .leftover(let reason):
        add(
          mark.utf8Range, .leftover(reason: reason.rawValue), cause: mark.rejectCause,
          note: mark.causeNote)
      case .overDeleted:
        add(mark.utf8Range, .overDeleted, cause: mark.rejectCause, note: mark.causeNote)
      case .expertDeleted:
        add(mark.utf8Range, .expertDeleted, cause: mark.rejectCause, note: mark.causeNote)
      case .rewrite(let text, let count):
        add(mark.utf8Range, .replaced, cause: nil, note: nil)
        // The insertion goes at the end of what was replaced: after the last replaced
        // byte's line content, or at the start of the line the (empty) range points into.
        let end = mark.utf8Range.upperBound
        var line: Int
        if mark.utf8Range.isEmpty {
          line = end >= o.count ? original.lineCount - 1 : lineIndex(end)
        } else {
          line = lineIndex(end - 1)
        }
        var offset = end - original.lineStartUTF8Offsets[line]
        let contentCount = original.lineContentUTF8Range(lineIndex: line).count
        if offset > contentCount {
          // Replaced through a newline: insert at the start of the next line.
          if line + 1 < original.lineCount {
            line += 1
            offset = 0
          } else {
            offset = contentCount
          }
        }
        result[line, default: []].append(
          Line.Edit(
            utf8Range: offset..<offset, kind: .inserted(text: text, characterCount: count),
            rejectCause: mark.rejectCause, causeNote: mark.causeNote))
      }
    }
    for key in result.keys {
      result[key]!.sort {
        $0.utf8Range.lowerBound != $1.utf8Range.lowerBound
          ? $0.utf8Range.lowerBound < $1.utf8Range.lowerBound
          : $0.utf8Range.isEmpty && !$1.utf8Range.isEmpty
      }
    }
    return result
  }

  /// What remains of the display limits while a document is built.
  struct Budget {
    var limits: Limits
    var remainingLineCount: Int
    var remainingUTF8Count: Int

    init(_ limits: Limits) {
      self.limits = limits
      remainingLineCount = limits.maximumLineCount
      remainingUTF8Count = limits.maximumUTF8Count
    }
  }

  static func makeChunk(
    _ input: ChunkInput, budget: inout Budget, editsByLine: [Int: [Line.Edit]] = [:]
  ) -> Chunk {
    let text = input.text
    let parsed = input.programText.map(ProgramParser.parse)
    let program = parsed?.program ?? Program()
    let marks = DeletionMarks(program: program, text: text)

    var lines: [Line] = []
    for lineIndex in 0..<text.lineCount {
      guard budget.remainingLineCount > 0, budget.remainingUTF8Count > 0 else { break }
      let range = text.lineContentUTF8Range(lineIndex: lineIndex)
      let shown = min(range.count, budget.limits.maximumLineUTF8Count, budget.remainingUTF8Count)
      let end = scalarBoundary(
        atOrBefore: range.lowerBound + shown, in: text.utf8, lowerBound: range.lowerBound)
      let removed = marks.removedStringUTF8Ranges[lineIndex].compactMap { mark -> Range<Int>? in
        let clamped = mark.clamped(to: 0..<(end - range.lowerBound))
        return clamped.isEmpty ? nil : clamped
      }
      let shownCount = end - range.lowerBound
      let isCut = end < range.upperBound
      // Edits past the cut are not shown (the newline slot only when the line is whole).
      let edits = (editsByLine[input.firstLineNumber - 1 + lineIndex] ?? []).compactMap {
        edit -> Line.Edit? in
        var edit = edit
        let limit = isCut ? shownCount : shownCount + 1
        let isShown =
          edit.utf8Range.isEmpty
          ? edit.utf8Range.lowerBound <= shownCount : edit.utf8Range.lowerBound < limit
        guard isShown else { return nil }
        edit.utf8Range = edit.utf8Range.clamped(to: 0..<limit)
        return edit
      }
      lines.append(
        Line(
          number: lineIndex + 1,
          text: String(decoding: text.utf8[range.lowerBound..<end], as: UTF8.self),
          isRemoved: marks.isLineRemoved[lineIndex], removedUTF8Ranges: removed,
          omittedCharacterCount: DeletionMarks.scalarCount(text.utf8[end..<range.upperBound]),
          edits: edits))
      budget.remainingLineCount -= 1
      budget.remainingUTF8Count -= max(end - range.lowerBound, 1)
    }

    var removeLinesCount = 0
    var removeStringCount = 0
    for call in program.calls {
      if case .removeLines = call { removeLinesCount += 1 }
      if case .removeString = call { removeStringCount += 1 }
    }
    return Chunk(
      index: input.index, firstLineNumber: input.firstLineNumber, lineCount: text.lineCount,
      lines: lines,
      programLines: input.programText.map {
        programLines(
          $0, parsed: parsed ?? ProgramParser.parse($0), marks: marks, limits: budget.limits)
      },
      characterCount: DeletionMarks.scalarCount(text.utf8),
      deletedCharacterCount: marks.deletedCharacterCount, removeLinesCallCount: removeLinesCount,
      removeStringCallCount: removeStringCount,
      skippedCallCount: marks.execution.report.skippedCalls.count,
      programErrorCount: parsed?.errors.count ?? 0, isKeepAll: program.isKeepAll)
  }

  /// The program's text split into lines as the parser splits them, each with its fate.
  static func programLines(
    _ programText: String, parsed: ProgramParseResult, marks: DeletionMarks, limits: Limits
  ) -> [ProgramLine] {
    var kinds: [Int: ProgramLine.Kind] = [:]
    for error in parsed.errors { kinds[error.lineNumber] = .unreadable(message: error.message) }
    for skipped in marks.execution.report.skippedCalls
    where skipped.callIndex < parsed.callLineNumbers.count {
      kinds[parsed.callLineNumbers[skipped.callIndex]] = .skipped(
        reason: skipReasonCode(skipped.reason))
    }
    // Split as the parser does: newlines normalised, a final `\n` starts no line.
    let bytes = NormalizedText.normalizingNewlines(Array(programText.utf8))
    var result: [ProgramLine] = []
    var lineStart = 0
    var lineNumber = 1
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      if result.count < limits.maximumLineCount {
        let cut = scalarBoundary(
          atOrBefore: min(lineEnd, lineStart + limits.maximumLineUTF8Count), in: bytes,
          lowerBound: lineStart)
        var text = String(decoding: bytes[lineStart..<cut], as: UTF8.self)
        if cut < lineEnd {
          text +=
            " … (\(ReportNumberFormat.grouped(DeletionMarks.scalarCount(bytes[cut..<lineEnd]))) more characters)"
        }
        result.append(ProgramLine(text: text, kind: kinds[lineNumber] ?? .applied))
      }
      lineNumber += 1
      lineStart = lineEnd + 1
    }
    let programLineCount = lineNumber - 1
    if programLineCount > result.count {
      result.append(
        ProgramLine(
          text:
            "… \(ReportNumberFormat.counted(programLineCount - result.count, "more program line")) not shown"
        ))
    }
    return result
  }

  /// The snake_case code of a skip reason.
  static func skipReasonCode(_ reason: ExecutionReport.SkipReason) -> String {
    switch reason {
    case .lineOutOfRange: return "line_out_of_range"
    case .invalidText: return "invalid_text"
    case .textNotFound: return "text_not_found"
    case .textNotUnique: return "text_not_unique"
    case .overlappingRemoval: return "overlapping_removal"
    }
  }

  /// The largest offset `<= offset` and `>= lowerBound` that is not inside a UTF-8 sequence.
  static func scalarBoundary(atOrBefore offset: Int, in bytes: [UInt8], lowerBound: Int) -> Int {
    var offset = offset
    while offset > lowerBound && offset < bytes.count && bytes[offset] & 0xC0 == 0x80 {
      offset -= 1
    }
    return offset
  }
}

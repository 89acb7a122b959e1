/// The report line of one refined document: counts and the first few problems.
///
/// Encoded as one JSON object with keys in this order:
/// `{"id", "source", "chunks", "calls_applied", "calls_skipped", "parse_errors",
/// "chunks_unchanged", "chunks_missing_program", "chunks_rejected", "chars_removed",
/// "errors": [{"chunk", "line", "message"}…], "errors_omitted"}`.
///
/// `chunks_unchanged` counts the chunks whose program was not applied: missing,
/// over the error budget, or unrefinable. `calls_applied` includes `keep_all()` calls.
/// `errors` lists, chunk by chunk, parse errors and skipped calls by program line
/// (`line` is the 1-based line of the program text), then a chunk-level entry with
/// `line: null` for a missing program or an exceeded budget, then programs for chunks
/// the document does not have and duplicate programs. At most
/// ``maximumErrorCount`` entries are kept; `errors_omitted` counts the rest.
///
/// Two groups of keys come only in the runs that use them, after `chunks_rejected`:
/// `chunks_reply_failed` when the programs are batch replies (``includesReplyCounts``),
/// and `chunks_too_aggressive`, `document_too_aggressive` (a Boolean) when an
/// aggressiveness guard is set (``includesDeleteShareCounts``). `chunks_unchanged`
/// includes these chunks too.
public struct DocumentReport: Sendable, Hashable {
  /// One problem.
  public struct Problem: Sendable, Hashable {
    /// The chunk, from 0.
    public var chunkIndex: Int
    /// The 1-based line of the program text, if the problem is on one line.
    public var programLineNumber: Int?
    /// What went wrong.
    public var message: String
  }

  /// The longest text of a call quoted in a message, in UTF-8 bytes.
  public static let maximumQuotedUTF8Count = 80

  /// The document id.
  public var id: String
  /// Where the record is: `<path>:<line>`.
  public var source: String
  /// The number of chunks.
  public var chunkCount = 0
  /// Calls applied, `keep_all()` included.
  public var appliedCallCount = 0
  /// Calls not applied, for any reason.
  public var skippedCallCount = 0
  /// Program lines the parser rejected.
  public var parseErrorCount = 0
  /// Chunks whose program was not applied.
  public var unchangedChunkCount = 0
  /// Chunks without a program.
  public var missingProgramChunkCount = 0
  /// Chunks over the error budget.
  public var rejectedChunkCount = 0
  /// Unicode scalars removed from the document.
  public var removedCharacterCount = 0
  /// Chunks whose reply gave no program.
  public var replyFailedChunkCount = 0
  /// Chunks left unchanged by the chunk guard.
  public var tooAggressiveChunkCount = 0
  /// Whether the document guard left the whole document unchanged.
  public var isTooAggressive = false
  /// Whether the line has `chunks_reply_failed`.
  public var includesReplyCounts = false
  /// Whether the line has `chunks_too_aggressive` and `document_too_aggressive`.
  public var includesDeleteShareCounts = false
  /// The first problems, at most ``maximumErrorCount``.
  public var problems: [Problem] = []
  /// Problems beyond ``maximumErrorCount``.
  public var omittedProblemCount = 0
  /// The most problems kept.
  public let maximumErrorCount: Int

  /// Summarises `refinement` of the document `id` found at `source`.
  ///
  /// - Complexity: O(*c* + *s*), where *c* is the number of chunks and *s* the number
  ///   of problems.
  public init(
    id: String, source: String, refinement: DocumentRefinement, maximumErrorCount: Int = 20,
    includesReplyCounts: Bool = false, includesDeleteShareCounts: Bool = false
  ) {
    self.id = id
    self.source = source
    self.maximumErrorCount = maximumErrorCount
    self.includesReplyCounts = includesReplyCounts
    self.includesDeleteShareCounts = includesDeleteShareCounts
    isTooAggressive = refinement.isTooAggressive
    chunkCount = refinement.chunks.count
    removedCharacterCount = refinement.removedCharacterCount
    for chunk in refinement.chunks {
      appliedCallCount +=
        chunk.appliedRemoveLinesCount + chunk.appliedRemoveStringCount + chunk.appliedKeepAllCount
      skippedCallCount += chunk.skippedCalls.count
      parseErrorCount += chunk.parseErrors.count
      let index = chunk.chunk.index
      // Parse errors and skipped calls, merged by program line.
      var errorCursor = 0
      var skipCursor = 0
      while errorCursor < chunk.parseErrors.count || skipCursor < chunk.skippedCalls.count {
        let takesError =
          skipCursor == chunk.skippedCalls.count
          || (errorCursor < chunk.parseErrors.count
            && chunk.parseErrors[errorCursor].lineNumber
              < chunk.skippedCalls[skipCursor].programLineNumber)
        if takesError {
          let error = chunk.parseErrors[errorCursor]
          add(index, error.lineNumber, "parse error: \(error.message): \(error.text)")
          errorCursor += 1
        } else {
          let skipped = chunk.skippedCalls[skipCursor]
          add(
            index, skipped.programLineNumber,
            "\(skipped.reason.rawValue): \(DocumentReport.quoted(skipped.call.rendered))")
          skipCursor += 1
        }
      }
      switch chunk.status {
      case .refined:
        break
      case .missingProgram:
        unchangedChunkCount += 1
        missingProgramChunkCount += 1
        add(index, nil, "no program for this chunk; left unchanged")
      case .overErrorBudget:
        unchangedChunkCount += 1
        rejectedChunkCount += 1
        add(
          index, nil,
          "\(chunk.badLineCount) bad lines (parse errors + skipped calls) exceed the error budget; chunk left unchanged"
        )
      case .unrefinable:
        unchangedChunkCount += 1
      case .replyFailed:
        unchangedChunkCount += 1
        replyFailedChunkCount += 1
        let failure = chunk.replyFailure
        add(
          index, nil,
          "reply unusable (\(failure?.reason.rawValue ?? "?")): \(failure?.detail ?? "?"); chunk left unchanged"
        )
      case .tooAggressive:
        unchangedChunkCount += 1
        tooAggressiveChunkCount += 1
        add(
          index, nil,
          "the program would delete \(chunk.wouldRemoveCharacterCount) of \(chunk.characterCount) characters, more than --max-delete-share; chunk left unchanged"
        )
      case .documentTooAggressive:
        unchangedChunkCount += 1
      }
    }
    for chunkIndex in refinement.unmatchedChunkIndices {
      add(
        chunkIndex, nil,
        "program for a chunk the document does not have (\(chunkCount) chunks); ignored")
    }
    for chunkIndex in refinement.duplicateChunkIndices {
      add(chunkIndex, nil, "another program for this chunk; ignored")
    }
    if refinement.isTooAggressive {
      add(
        0, nil,
        "the programs would delete \(refinement.wouldRemoveCharacterCount) of \(refinement.originalCharacterCount) characters of the document, more than --max-document-delete-share; document left unchanged"
      )
    }
  }

  private mutating func add(_ chunkIndex: Int, _ lineNumber: Int?, _ message: String) {
    guard problems.count < maximumErrorCount else {
      omittedProblemCount += 1
      return
    }
    problems.append(
      Problem(chunkIndex: chunkIndex, programLineNumber: lineNumber, message: message))
  }

  /// `text` cut to at most ``maximumQuotedUTF8Count`` bytes on a scalar boundary, with `…`.
  static func quoted(_ text: String) -> String {
    let utf8 = Array(text.utf8)
    guard utf8.count > maximumQuotedUTF8Count else { return text }
    var end = maximumQuotedUTF8Count
    while end > 0 && utf8[end] & 0xC0 == 0x80 { end -= 1 }
    return String(decoding: utf8[..<end], as: UTF8.self) + "…"
  }

  /// Appends the report as one JSON line.
  public func encode(into writer: inout JSONWriter) {
    writer.appendObject { object in
      object.appendKey("id")
      object.appendString(id)
      object.appendKey("source")
      object.appendString(source)
      object.appendKey("chunks")
      object.appendInteger(chunkCount)
      object.appendKey("calls_applied")
      object.appendInteger(appliedCallCount)
      object.appendKey("calls_skipped")
      object.appendInteger(skippedCallCount)
      object.appendKey("parse_errors")
      object.appendInteger(parseErrorCount)
      object.appendKey("chunks_unchanged")
      object.appendInteger(unchangedChunkCount)
      object.appendKey("chunks_missing_program")
      object.appendInteger(missingProgramChunkCount)
      object.appendKey("chunks_rejected")
      object.appendInteger(rejectedChunkCount)
      if includesReplyCounts {
        object.appendKey("chunks_reply_failed")
        object.appendInteger(replyFailedChunkCount)
      }
      if includesDeleteShareCounts {
        object.appendKey("chunks_too_aggressive")
        object.appendInteger(tooAggressiveChunkCount)
        object.appendKey("document_too_aggressive")
        object.appendBool(isTooAggressive)
      }
      object.appendKey("chars_removed")
      object.appendInteger(removedCharacterCount)
      object.appendKey("errors")
      object.appendArray { array in
        for problem in problems {
          array.appendObject { entry in
            entry.appendKey("chunk")
            entry.appendInteger(problem.chunkIndex)
            entry.appendKey("line")
            if let line = problem.programLineNumber {
              entry.appendInteger(line)
            } else {
              entry.appendNull()
            }
            entry.appendKey("message")
            entry.appendString(problem.message)
          }
        }
      }
      object.appendKey("errors_omitted")
      object.appendInteger(omittedProblemCount)
    }
    writer.appendNewline()
  }
}

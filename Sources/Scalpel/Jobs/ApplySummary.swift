/// The counts of an `apply` run: documents in = written + rejected, plus ``ApplyCounters``.
public typealias ApplySummary = JobSummary<ApplyCounters>

/// What `apply` counts besides the summary core: every chunk of a written document is refined
/// or left unchanged for one stated reason, and every parsed call is applied or skipped for
/// one stated reason.
public struct ApplyCounters: JobCounters {
  public static var recordNoun: String { "documents" }
  public static var writtenWord: String { "written" }
  /// The call kinds, in output order.
  static let callKinds = ["remove_lines", "remove_str", "keep_all"]

  /// Written documents whose refined text differs from the normalised original.
  public var changedDocumentCount = 0
  /// Chunks of written documents.
  public var chunkCount = 0
  /// Chunks by what happened to them (``ChunkRefinement/Status`` raw values).
  public var chunksByStatus: [String: Int] = [:]
  /// Applied calls by kind: `remove_lines`, `remove_str`, `keep_all`.
  public var appliedCallsByKind: [String: Int] = [:]
  /// Calls not applied, by reason (``ChunkRefinement/SkipReason`` raw values).
  public var skippedCallsByReason: [String: Int] = [:]
  /// Program lines the parser rejected.
  public var parseErrorCount = 0
  /// Programs handed to documents (one per chunk program; a failed reply is not one).
  public var programCount = 0
  /// Lines of the programs file that are not program records.
  public var invalidProgramLineCount = 0
  /// Where the first invalid line of the programs file is and what is wrong with it.
  public var firstInvalidProgramLine: String?
  /// Programs for a chunk index the document does not have.
  public var unmatchedChunkProgramCount = 0
  /// Second and later programs for one chunk, ignored.
  public var duplicateProgramCount = 0
  /// Unicode scalars of the written documents' texts.
  public var inputCharacterCount = 0
  /// Unicode scalars removed from them.
  public var removedCharacterCount = 0
  /// Documents left unchanged by the document guard (`--max-document-delete-share`).
  public var tooAggressiveDocumentCount = 0
  /// Whether the programs were batch replies: the summary then has a `replies` object.
  public var readsReplies = false
  /// Lines of the batch output file (blank lines excepted).
  public var replyLineCount = 0
  /// Replies of a chunk that had an earlier usable reply, or a later reply (usable or not)
  /// after an unusable one: every reply line but one per chunk.
  public var supersededReplyCount = 0
  /// Chunks whose reply gave no program, by ``ReplyFailure/Reason`` raw value.
  public var failedRepliesByReason: [String: Int] = [:]

  /// Creates empty counters.
  public init() {}

  /// The counters of one written document refined with `programCount` programs.
  init(_ refinement: DocumentRefinement, programCount programs: Int) {
    programCount = programs
    // Programs only delete, so the text changed exactly when a scalar (maybe a newline) went.
    if refinement.removedCharacterCount > 0 { changedDocumentCount = 1 }
    chunkCount = refinement.chunks.count
    unmatchedChunkProgramCount = refinement.unmatchedChunkIndices.count
    duplicateProgramCount = refinement.duplicateChunkIndices.count
    inputCharacterCount = refinement.originalCharacterCount
    removedCharacterCount = refinement.removedCharacterCount
    if refinement.isTooAggressive { tooAggressiveDocumentCount = 1 }
    for chunk in refinement.chunks {
      chunksByStatus[chunk.status.rawValue, default: 0] += 1
      if chunk.status == .replyFailed, let failure = chunk.replyFailure {
        failedRepliesByReason[failure.reason.rawValue, default: 0] += 1
      }
      parseErrorCount += chunk.parseErrors.count
      // Dictionaries hold no zero counts, so a summary read back from JSON compares equal.
      for (kind, count) in zip(
        Self.callKinds,
        [chunk.appliedRemoveLinesCount, chunk.appliedRemoveStringCount, chunk.appliedKeepAllCount])
      where count > 0 {
        appliedCallsByKind[kind, default: 0] += count
      }
      for skipped in chunk.skippedCalls {
        skippedCallsByReason[skipped.reason.rawValue, default: 0] += 1
      }
    }
  }

  /// Chunks with the given status.
  public func chunkCount(_ status: ChunkRefinement.Status) -> Int {
    chunksByStatus[status.rawValue] ?? 0
  }

  /// Applied calls of every kind.
  public var appliedCallCount: Int { appliedCallsByKind.values.reduce(0, +) }

  /// Skipped calls of every reason.
  public var skippedCallCount: Int { skippedCallsByReason.values.reduce(0, +) }

  public mutating func add(_ other: ApplyCounters) {
    changedDocumentCount += other.changedDocumentCount
    chunkCount += other.chunkCount
    for (key, count) in other.chunksByStatus { chunksByStatus[key, default: 0] += count }
    for (key, count) in other.appliedCallsByKind { appliedCallsByKind[key, default: 0] += count }
    for (key, count) in other.skippedCallsByReason {
      skippedCallsByReason[key, default: 0] += count
    }
    parseErrorCount += other.parseErrorCount
    programCount += other.programCount
    invalidProgramLineCount += other.invalidProgramLineCount
    if firstInvalidProgramLine == nil { firstInvalidProgramLine = other.firstInvalidProgramLine }
    unmatchedChunkProgramCount += other.unmatchedChunkProgramCount
    duplicateProgramCount += other.duplicateProgramCount
    inputCharacterCount += other.inputCharacterCount
    removedCharacterCount += other.removedCharacterCount
    tooAggressiveDocumentCount += other.tooAggressiveDocumentCount
    readsReplies = readsReplies || other.readsReplies
    replyLineCount += other.replyLineCount
    supersededReplyCount += other.supersededReplyCount
    for (key, count) in other.failedRepliesByReason {
      failedRepliesByReason[key, default: 0] += count
    }
  }

  /// Chunks whose reply gave no program.
  public var failedReplyCount: Int { failedRepliesByReason.values.reduce(0, +) }

  /// Every status, call kind and skip reason is present, with 0 when it did not occur.
  public func encode(into object: inout JSONWriter) {
    func appendCounts(
      _ key: String, _ counts: [String: Int], _ names: [String], into object: inout JSONWriter
    ) {
      object.appendKey(key)
      object.appendObject { members in
        for name in names {
          members.appendKey(name)
          members.appendInteger(counts[name] ?? 0)
        }
      }
    }
    object.appendKey("documents_changed")
    object.appendInteger(changedDocumentCount)
    object.appendKey("chunks")
    object.appendInteger(chunkCount)
    appendCounts(
      "chunks_by_status", chunksByStatus, ChunkRefinement.Status.allCases.map(\.rawValue),
      into: &object)
    appendCounts("calls_applied", appliedCallsByKind, Self.callKinds, into: &object)
    appendCounts(
      "calls_skipped", skippedCallsByReason, ChunkRefinement.SkipReason.allCases.map(\.rawValue),
      into: &object)
    for (key, value) in [
      ("parse_errors", parseErrorCount), ("programs", programCount),
      ("invalid_program_lines", invalidProgramLineCount),
      ("programs_for_missing_chunks", unmatchedChunkProgramCount),
      ("duplicate_programs", duplicateProgramCount), ("chars_in", inputCharacterCount),
      ("chars_removed", removedCharacterCount),
      ("documents_too_aggressive", tooAggressiveDocumentCount),
    ] {
      object.appendKey(key)
      object.appendInteger(value)
    }
    guard readsReplies else { return }
    object.appendKey("replies")
    object.appendObject { replies in
      replies.appendKey("lines")
      replies.appendInteger(replyLineCount)
      replies.appendKey("superseded")
      replies.appendInteger(supersededReplyCount)
      appendCounts(
        "failed", failedRepliesByReason, ReplyFailure.Reason.allCases.map(\.rawValue),
        into: &replies)
    }
  }

  public init(json: JSONValue) {
    typealias Summary = JobSummary<ApplyCounters>
    changedDocumentCount = json["documents_changed"]?.integerValue ?? 0
    chunkCount = json["chunks"]?.integerValue ?? 0
    chunksByStatus = Summary.counts(json["chunks_by_status"])
    appliedCallsByKind = Summary.counts(json["calls_applied"])
    skippedCallsByReason = Summary.counts(json["calls_skipped"])
    parseErrorCount = json["parse_errors"]?.integerValue ?? 0
    programCount = json["programs"]?.integerValue ?? 0
    invalidProgramLineCount = json["invalid_program_lines"]?.integerValue ?? 0
    unmatchedChunkProgramCount = json["programs_for_missing_chunks"]?.integerValue ?? 0
    duplicateProgramCount = json["duplicate_programs"]?.integerValue ?? 0
    inputCharacterCount = json["chars_in"]?.integerValue ?? 0
    removedCharacterCount = json["chars_removed"]?.integerValue ?? 0
    tooAggressiveDocumentCount = json["documents_too_aggressive"]?.integerValue ?? 0
    if let replies = json["replies"] {
      readsReplies = true
      replyLineCount = replies["lines"]?.integerValue ?? 0
      supersededReplyCount = replies["superseded"]?.integerValue ?? 0
      failedRepliesByReason = Summary.counts(replies["failed"])
    }
  }

  public var headlineSuffix: String { "; \(changedDocumentCount) changed" }

  public var humanReadableLines: [String] {
    func list(_ counts: [String: Int], _ keys: [String]) -> String {
      let parts = keys.compactMap { key in
        (counts[key] ?? 0) > 0 ? "\(key) \(counts[key] ?? 0)" : nil
      }
      return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
    var programs = "programs: \(programCount) used"
    if invalidProgramLineCount > 0 {
      programs +=
        ", \(invalidProgramLineCount) invalid lines skipped (first: \(firstInvalidProgramLine ?? "?"))"
    }
    if unmatchedChunkProgramCount > 0 {
      programs += ", \(unmatchedChunkProgramCount) for chunks that do not exist"
    }
    if duplicateProgramCount > 0 { programs += ", \(duplicateProgramCount) duplicates ignored" }
    let share =
      inputCharacterCount > 0
      ? Double(removedCharacterCount) * 100 / Double(inputCharacterCount) : 0
    var chunks =
      "chunks: \(chunkCount) = \(chunkCount(.refined)) refined + \(chunkCount(.missingProgram)) without program + \(chunkCount(.overErrorBudget)) over the error budget + \(chunkCount(.unrefinable)) unrefinable"
    // The newer statuses are named only when they occur, so older runs read as before.
    for (status, words) in [
      (ChunkRefinement.Status.replyFailed, "with an unusable reply"),
      (.tooAggressive, "too aggressive"), (.documentTooAggressive, "in too aggressive documents"),
    ] where chunkCount(status) > 0 {
      chunks += " + \(chunkCount(status)) \(words)"
    }
    var lines = [
      chunks,
      "calls applied: " + list(appliedCallsByKind, Self.callKinds),
      "calls skipped: "
        + list(skippedCallsByReason, ChunkRefinement.SkipReason.allCases.map(\.rawValue))
        + "; parse errors: \(parseErrorCount)",
      programs,
      "removed: \(removedCharacterCount) of \(inputCharacterCount) characters (\(SummaryNumberFormat.decimal(share, places: 1))%)",
    ]
    if tooAggressiveDocumentCount > 0 {
      lines.append(
        "documents too aggressive: \(tooAggressiveDocumentCount) left unchanged (--max-document-delete-share)"
      )
    }
    if readsReplies {
      lines.append(
        "replies: \(replyLineCount) lines, \(supersededReplyCount) superseded; chunks with an unusable reply: "
          + list(failedRepliesByReason, ReplyFailure.Reason.allCases.map(\.rawValue)))
    }
    return lines
  }
}

extension JobSummary where Counters == ApplyCounters {
  /// Input records read.
  public var documentCount: Int { recordCount }
  /// Documents written with their refined text.
  public var writtenDocumentCount: Int { writtenRecordCount }
  /// Records rejected for any reason.
  public var rejectedDocumentCount: Int { rejectedRecordCount }
  /// Chunks with the given status.
  public func chunkCount(_ status: ChunkRefinement.Status) -> Int { counters.chunkCount(status) }
}

/// Counts of an `apply` run: every input record is either written or rejected, every
/// chunk of a written document is refined or left unchanged for one stated reason, and
/// every parsed call is applied or skipped for one stated reason.
public struct ApplySummary: Sendable, Hashable {
  /// Input records read.
  public var documentCount = 0
  /// Documents written with their refined text.
  public var writtenDocumentCount = 0
  /// Records rejected, by reason code.
  public var rejectedByReason: [String: Int] = [:]
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
  /// Programs handed to documents (one per chunk program).
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
  /// Bytes of input record lines.
  public var inputByteCount = 0
  /// Bytes of output record lines.
  public var outputByteCount = 0
  /// Shards skipped because `--resume` found their output complete.
  public var resumedShardCount = 0
  /// Wall-clock seconds of the run.
  public var seconds = 0.0

  /// Creates an empty summary.
  public init() {}

  /// Records rejected for any reason.
  public var rejectedDocumentCount: Int { rejectedByReason.values.reduce(0, +) }

  /// Whether every record is accounted for: read = written + rejected.
  public var isBalanced: Bool { documentCount == writtenDocumentCount + rejectedDocumentCount }

  /// Chunks with the given status.
  public func chunkCount(_ status: ChunkRefinement.Status) -> Int {
    chunksByStatus[status.rawValue] ?? 0
  }

  /// Adds the counts of `other` (a shard) to this summary.
  public mutating func add(_ other: ApplySummary) {
    documentCount += other.documentCount
    writtenDocumentCount += other.writtenDocumentCount
    for (reason, count) in other.rejectedByReason { rejectedByReason[reason, default: 0] += count }
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
    inputByteCount += other.inputByteCount
    outputByteCount += other.outputByteCount
    resumedShardCount += other.resumedShardCount
  }

  /// Records a rejected record of `byteCount` bytes.
  mutating func recordRejection(_ rejection: RecordRejection, byteCount: Int) {
    documentCount += 1
    inputByteCount += byteCount
    rejectedByReason[rejection.reason, default: 0] += 1
  }

  /// Records a written document of `byteCount` input and `outputByteCount` output bytes.
  mutating func recordDocument(
    _ refinement: DocumentRefinement, programCount programs: Int, byteCount: Int,
    outputByteCount written: Int
  ) {
    documentCount += 1
    writtenDocumentCount += 1
    inputByteCount += byteCount
    outputByteCount += written
    programCount += programs
    // Programs only delete, so the text changed exactly when a scalar (maybe a newline) went.
    if refinement.removedCharacterCount > 0 { changedDocumentCount += 1 }
    chunkCount += refinement.chunks.count
    unmatchedChunkProgramCount += refinement.unmatchedChunkIndices.count
    duplicateProgramCount += refinement.duplicateChunkIndices.count
    inputCharacterCount += refinement.originalCharacterCount
    removedCharacterCount += refinement.removedCharacterCount
    for chunk in refinement.chunks {
      chunksByStatus[chunk.status.rawValue, default: 0] += 1
      parseErrorCount += chunk.parseErrors.count
      // Dictionaries hold no zero counts, so a summary read back from JSON compares equal.
      if chunk.appliedRemoveLinesCount > 0 {
        appliedCallsByKind["remove_lines", default: 0] += chunk.appliedRemoveLinesCount
      }
      if chunk.appliedRemoveStringCount > 0 {
        appliedCallsByKind["remove_str", default: 0] += chunk.appliedRemoveStringCount
      }
      if chunk.appliedKeepAllCount > 0 {
        appliedCallsByKind["keep_all", default: 0] += chunk.appliedKeepAllCount
      }
      for skipped in chunk.skippedCalls {
        skippedCallsByReason[skipped.reason.rawValue, default: 0] += 1
      }
    }
  }

  /// Applied calls of every kind.
  public var appliedCallCount: Int { appliedCallsByKind.values.reduce(0, +) }

  /// Skipped calls of every reason.
  public var skippedCallCount: Int { skippedCallsByReason.values.reduce(0, +) }

  /// Input megabytes (10⁶ bytes) per second of wall-clock time.
  public var megabytesPerSecond: Double {
    seconds > 0 ? Double(inputByteCount) / seconds / 1e6 : 0
  }

  /// The summary as one JSON object with keys in a fixed order; every status, call
  /// kind and skip reason is present, with 0 when it did not occur.
  public func encode(into writer: inout JSONWriter) {
    writer.appendObject { object in
      object.appendKey("documents_in")
      object.appendInteger(documentCount)
      object.appendKey("documents_written")
      object.appendInteger(writtenDocumentCount)
      object.appendKey("documents_rejected")
      object.appendInteger(rejectedDocumentCount)
      object.appendKey("balanced")
      object.appendBool(isBalanced)
      object.appendKey("rejects_by_reason")
      object.appendObject { reasons in
        for reason in rejectedByReason.keys.sorted() {
          reasons.appendKey(reason)
          reasons.appendInteger(rejectedByReason[reason] ?? 0)
        }
      }
      object.appendKey("documents_changed")
      object.appendInteger(changedDocumentCount)
      object.appendKey("chunks")
      object.appendInteger(chunkCount)
      object.appendKey("chunks_by_status")
      object.appendObject { statuses in
        for status in ChunkRefinement.Status.allCases {
          statuses.appendKey(status.rawValue)
          statuses.appendInteger(chunksByStatus[status.rawValue] ?? 0)
        }
      }
      object.appendKey("calls_applied")
      object.appendObject { calls in
        for kind in ApplySummary.callKinds {
          calls.appendKey(kind)
          calls.appendInteger(appliedCallsByKind[kind] ?? 0)
        }
      }
      object.appendKey("calls_skipped")
      object.appendObject { calls in
        for reason in ChunkRefinement.SkipReason.allCases {
          calls.appendKey(reason.rawValue)
          calls.appendInteger(skippedCallsByReason[reason.rawValue] ?? 0)
        }
      }
      object.appendKey("parse_errors")
      object.appendInteger(parseErrorCount)
      object.appendKey("programs")
      object.appendInteger(programCount)
      object.appendKey("invalid_program_lines")
      object.appendInteger(invalidProgramLineCount)
      object.appendKey("programs_for_missing_chunks")
      object.appendInteger(unmatchedChunkProgramCount)
      object.appendKey("duplicate_programs")
      object.appendInteger(duplicateProgramCount)
      object.appendKey("chars_in")
      object.appendInteger(inputCharacterCount)
      object.appendKey("chars_removed")
      object.appendInteger(removedCharacterCount)
      object.appendKey("input_bytes")
      object.appendInteger(inputByteCount)
      object.appendKey("output_bytes")
      object.appendInteger(outputByteCount)
      object.appendKey("resumed_shards")
      object.appendInteger(resumedShardCount)
      object.appendKey("seconds")
      object.appendRawJSON(Array(BuildPairsSummary.decimal(seconds, places: 3).utf8))
      object.appendKey("mb_per_second")
      object.appendRawJSON(Array(BuildPairsSummary.decimal(megabytesPerSecond, places: 2).utf8))
    }
  }

  /// The call kinds, in output order.
  static let callKinds = ["remove_lines", "remove_str", "keep_all"]

  /// Reads the counts back from ``encode(into:)``'s JSON, or returns `nil`.
  init?(json: JSONValue) {
    guard let documents = json["documents_in"]?.integerValue else { return nil }
    self.init()
    documentCount = documents
    writtenDocumentCount = json["documents_written"]?.integerValue ?? 0
    func counts(_ key: String) -> [String: Int] {
      guard case .object(let members)? = json[key] else { return [:] }
      var result: [String: Int] = [:]
      for (name, count) in members where (count.integerValue ?? 0) != 0 {
        result[name] = count.integerValue ?? 0
      }
      return result
    }
    rejectedByReason = counts("rejects_by_reason")
    changedDocumentCount = json["documents_changed"]?.integerValue ?? 0
    chunkCount = json["chunks"]?.integerValue ?? 0
    chunksByStatus = counts("chunks_by_status")
    appliedCallsByKind = counts("calls_applied")
    skippedCallsByReason = counts("calls_skipped")
    parseErrorCount = json["parse_errors"]?.integerValue ?? 0
    programCount = json["programs"]?.integerValue ?? 0
    invalidProgramLineCount = json["invalid_program_lines"]?.integerValue ?? 0
    unmatchedChunkProgramCount = json["programs_for_missing_chunks"]?.integerValue ?? 0
    duplicateProgramCount = json["duplicate_programs"]?.integerValue ?? 0
    inputCharacterCount = json["chars_in"]?.integerValue ?? 0
    removedCharacterCount = json["chars_removed"]?.integerValue ?? 0
    inputByteCount = json["input_bytes"]?.integerValue ?? 0
    outputByteCount = json["output_bytes"]?.integerValue ?? 0
  }

  /// A few lines for people, for standard error.
  public var humanReadable: String {
    func list(_ counts: [String: Int], _ keys: [String]) -> String {
      let parts = keys.compactMap { key in
        (counts[key] ?? 0) > 0 ? "\(key) \(counts[key] ?? 0)" : nil
      }
      return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
    var lines: [String] = []
    lines.append(
      "documents: \(documentCount) in = \(writtenDocumentCount) written + \(rejectedDocumentCount) rejected"
        + (isBalanced ? "" : "  (UNBALANCED)") + "; \(changedDocumentCount) changed")
    lines.append(
      "chunks: \(chunkCount) = \(chunkCount(.refined)) refined + \(chunkCount(.missingProgram)) without program + \(chunkCount(.overErrorBudget)) over the error budget + \(chunkCount(.unrefinable)) unrefinable"
    )
    lines.append("calls applied: " + list(appliedCallsByKind, ApplySummary.callKinds))
    lines.append(
      "calls skipped: "
        + list(skippedCallsByReason, ChunkRefinement.SkipReason.allCases.map(\.rawValue))
        + "; parse errors: \(parseErrorCount)")
    var programs = "programs: \(programCount) used"
    if invalidProgramLineCount > 0 {
      programs +=
        ", \(invalidProgramLineCount) invalid lines skipped (first: \(firstInvalidProgramLine ?? "?"))"
    }
    if unmatchedChunkProgramCount > 0 {
      programs += ", \(unmatchedChunkProgramCount) for chunks that do not exist"
    }
    if duplicateProgramCount > 0 { programs += ", \(duplicateProgramCount) duplicates ignored" }
    lines.append(programs)
    let share =
      inputCharacterCount > 0
      ? Double(removedCharacterCount) * 100 / Double(inputCharacterCount) : 0
    lines.append(
      "removed: \(removedCharacterCount) of \(inputCharacterCount) characters (\(BuildPairsSummary.decimal(share, places: 1))%)"
    )
    if !rejectedByReason.isEmpty {
      lines.append("rejected: " + list(rejectedByReason, rejectedByReason.keys.sorted()))
    }
    if resumedShardCount > 0 {
      lines.append("resumed: \(resumedShardCount) shards already complete")
    }
    lines.append(
      "throughput: \(BuildPairsSummary.decimal(Double(inputByteCount) / 1e6, places: 1)) MB in \(BuildPairsSummary.decimal(seconds, places: 2)) s = \(BuildPairsSummary.decimal(megabytesPerSecond, places: 1)) MB/s"
    )
    return lines.joined(separator: "\n")
  }
}

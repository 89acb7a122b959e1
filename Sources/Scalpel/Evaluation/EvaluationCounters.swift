/// The counts of an `eval` run: labels in = scored + rejected, plus ``EvaluationCounters``.
public typealias EvaluationSummary = JobSummary<EvaluationCounters>

/// What `eval` counts for the chunks it scores (Specification §6.4): the agreement of the
/// model's deletions with the label's, by characters and by lines, overall and by call kind;
/// exact matches; emptied chunks; the keep-all confusion table; the health of the model's
/// programs; and what became of every reply.
///
/// Only counts are summed and stored; every rate is made from them when written, so a
/// summary read back (a resumed shard) gives the same figures.
public struct EvaluationCounters: JobCounters {
  public static var recordNoun: String { "labels" }
  public static var writtenWord: String { "scored" }

  /// Calls of each kind.
  public struct CallCounts: Sendable, Hashable {
    public var removeLines = 0
    public var removeString = 0
    public var keepAll = 0
    public init() {}
    mutating func add(_ other: CallCounts) {
      removeLines += other.removeLines
      removeString += other.removeString
      keepAll += other.keepAll
    }
  }

  /// Unicode scalars of the scored chunks.
  public var chunkCharacterCount = 0
  /// Lines of the scored chunks.
  public var chunkLineCount = 0
  /// Deleted characters (Unicode scalars, newlines of removed lines included).
  public var characters = DeletionAgreement()
  /// Removed lines (dropped by `remove_lines`, or emptied by `remove_str`).
  public var lines = DeletionAgreement()
  /// Characters by kind: `remove_lines`, `remove_str`.
  public var removeLinesCharacters = KindAgreement()
  public var removeStringCharacters = KindAgreement()
  /// Lines by kind: dropped by `remove_lines`, emptied by `remove_str`.
  public var removeLinesLines = KindAgreement()
  public var removeStringLines = KindAgreement()
  /// Calls of the label programs, all applied.
  public var labelCalls = CallCounts()
  /// Calls of the model programs that applied (within the error budget and the guard).
  public var modelAppliedCalls = CallCounts()
  /// Chunks whose model program, parsed, equals the label program.
  public var exactProgramCount = 0
  /// Chunks whose text after the model's program (as `apply` would leave it) equals the
  /// text after the label's.
  public var exactOutputCount = 0
  /// Chunks with non-blank text that the label leaves blank (empty or whitespace only).
  public var labelEmptiedCount = 0
  /// Chunks with non-blank text that the model leaves blank.
  public var modelEmptiedCount = 0
  /// The keep-all confusion table: whether each side deletes anything.
  public var bothKeepCount = 0
  public var labelKeepsModelDeletesCount = 0
  public var labelDeletesModelKeepsCount = 0
  public var bothDeleteCount = 0
  /// Chunks with a usable model program (a reply with content, or a program line).
  public var programCount = 0
  /// Of those, programs with at least one line the parser rejected.
  public var parseErrorProgramCount = 0
  /// Lines the parser rejected over all model programs.
  public var parseErrorLineCount = 0
  /// Calls parsed from the model programs.
  public var modelCallCount = 0
  /// Of those, calls the executor skipped (line out of range, text not found or not
  /// unique, overlapping, invalid text).
  public var skippedCallCount = 0
  /// Chunks left unchanged because their program had more bad lines than the budget.
  public var overErrorBudgetCount = 0
  /// Chunks left unchanged by `--max-delete-share`.
  public var tooAggressiveCount = 0
  /// Chunks with no model program at all.
  public var missingCount = 0
  /// Chunks whose reply gave no program, by ``ReplyFailure/Reason`` raw value.
  public var failedByReason: [String: Int] = [:]
  /// Lines of the programs file read (blank lines excepted).
  public var programLineCount = 0
  /// Replies or program lines not used because their chunk had another one.
  public var supersededCount = 0
  /// Replies or program lines for chunks that no label has.
  public var unlabelledCount = 0

  /// Creates empty counters.
  public init() {}

  /// Chunks scored.
  public var chunkCount: Int {
    bothKeepCount + labelKeepsModelDeletesCount + labelDeletesModelKeepsCount + bothDeleteCount
  }

  /// The rates of §6.4, made from the counts in this one place (`nil` for a 0 denominator).
  public var exactProgramRate: Double? { EvaluationRatio.ratio(exactProgramCount, chunkCount) }
  public var exactOutputRate: Double? { EvaluationRatio.ratio(exactOutputCount, chunkCount) }
  public var labelEmptiedShare: Double? { EvaluationRatio.ratio(labelEmptiedCount, chunkCount) }
  public var modelEmptiedShare: Double? { EvaluationRatio.ratio(modelEmptiedCount, chunkCount) }
  /// (both keep + both delete) / chunks.
  public var keepAllAgreement: Double? {
    EvaluationRatio.ratio(bothKeepCount + bothDeleteCount, chunkCount)
  }
  /// Programs with parse errors / usable programs.
  public var parseErrorRate: Double? { EvaluationRatio.ratio(parseErrorProgramCount, programCount) }
  /// Skipped calls / parsed calls.
  public var skippedCallRate: Double? { EvaluationRatio.ratio(skippedCallCount, modelCallCount) }

  /// Chunks whose reply gave no program, over all reasons.
  public var failedCount: Int { failedByReason.values.reduce(0, +) }

  public mutating func add(_ other: EvaluationCounters) {
    chunkCharacterCount += other.chunkCharacterCount
    chunkLineCount += other.chunkLineCount
    characters.add(other.characters)
    lines.add(other.lines)
    removeLinesCharacters.add(other.removeLinesCharacters)
    removeStringCharacters.add(other.removeStringCharacters)
    removeLinesLines.add(other.removeLinesLines)
    removeStringLines.add(other.removeStringLines)
    labelCalls.add(other.labelCalls)
    modelAppliedCalls.add(other.modelAppliedCalls)
    exactProgramCount += other.exactProgramCount
    exactOutputCount += other.exactOutputCount
    labelEmptiedCount += other.labelEmptiedCount
    modelEmptiedCount += other.modelEmptiedCount
    bothKeepCount += other.bothKeepCount
    labelKeepsModelDeletesCount += other.labelKeepsModelDeletesCount
    labelDeletesModelKeepsCount += other.labelDeletesModelKeepsCount
    bothDeleteCount += other.bothDeleteCount
    programCount += other.programCount
    parseErrorProgramCount += other.parseErrorProgramCount
    parseErrorLineCount += other.parseErrorLineCount
    modelCallCount += other.modelCallCount
    skippedCallCount += other.skippedCallCount
    overErrorBudgetCount += other.overErrorBudgetCount
    tooAggressiveCount += other.tooAggressiveCount
    missingCount += other.missingCount
    for (reason, count) in other.failedByReason { failedByReason[reason, default: 0] += count }
    programLineCount += other.programLineCount
    supersededCount += other.supersededCount
    unlabelledCount += other.unlabelledCount
  }
}

// MARK: JSON

extension EvaluationCounters {
  public func encode(into object: inout JSONWriter) {
    let chunks = chunkCount
    object.appendKey("chunks")
    object.appendInteger(chunks)
    object.appendKey("chars")
    object.appendObject {
      Self.append(characters, total: chunkCharacterCount, totalKey: "chunk_chars", into: &$0)
    }
    object.appendKey("lines")
    object.appendObject {
      Self.append(lines, total: chunkLineCount, totalKey: "chunk_lines", into: &$0)
    }
    object.appendKey("by_kind")
    object.appendObject { kinds in
      for (name, characters, lines, label, model) in [
        (
          "remove_lines", removeLinesCharacters, removeLinesLines, labelCalls.removeLines,
          modelAppliedCalls.removeLines
        ),
        (
          "remove_str", removeStringCharacters, removeStringLines, labelCalls.removeString,
          modelAppliedCalls.removeString
        ),
      ] {
        kinds.appendKey(name)
        kinds.appendObject { kind in
          Self.appendCounts([("label_calls", label), ("model_calls", model)], into: &kind)
          kind.appendKey("chars")
          kind.appendObject { Self.append(characters, into: &$0) }
          kind.appendKey("lines")
          kind.appendObject { Self.append(lines, into: &$0) }
        }
      }
      kinds.appendKey("keep_all")
      kinds.appendObject {
        Self.appendCounts(
          [("label_calls", labelCalls.keepAll), ("model_calls", modelAppliedCalls.keepAll)],
          into: &$0)
      }
    }
    for (key, count, rate) in [
      ("exact_program", exactProgramCount, exactProgramRate),
      ("exact_output", exactOutputCount, exactOutputRate),
    ] {
      object.appendKey(key)
      object.appendObject { match in
        Self.appendCounts([("chunks", count)], into: &match)
        Self.appendRate("rate", rate, into: &match)
      }
    }
    object.appendKey("emptied_chunks")
    object.appendObject { emptied in
      Self.appendCounts(
        [("label", labelEmptiedCount), ("model", modelEmptiedCount)], into: &emptied)
      Self.appendRate(
        "label_share", labelEmptiedShare, into: &emptied)
      Self.appendRate(
        "model_share", modelEmptiedShare, into: &emptied)
    }
    object.appendKey("keep_all_confusion")
    object.appendObject { table in
      Self.appendCounts(
        [
          ("both_keep", bothKeepCount), ("label_keeps_model_deletes", labelKeepsModelDeletesCount),
          ("label_deletes_model_keeps", labelDeletesModelKeepsCount),
          ("both_delete", bothDeleteCount),
        ], into: &table)
      Self.appendRate(
        "agreement", keepAllAgreement, into: &table)
    }
    object.appendKey("programs")
    object.appendObject { programs in
      Self.appendCounts(
        [
          ("usable", programCount), ("with_parse_errors", parseErrorProgramCount),
          ("parse_error_lines", parseErrorLineCount), ("calls", modelCallCount),
          ("skipped_calls", skippedCallCount), ("over_error_budget", overErrorBudgetCount),
          ("too_aggressive", tooAggressiveCount),
        ], into: &programs)
      Self.appendRate(
        "parse_error_rate", parseErrorRate,
        into: &programs)
      Self.appendRate(
        "skipped_call_rate", skippedCallRate,
        into: &programs)
    }
    object.appendKey("replies")
    object.appendObject { replies in
      Self.appendCounts(
        [
          ("lines", programLineCount), ("missing", missingCount), ("superseded", supersededCount),
          ("without_label", unlabelledCount),
        ], into: &replies)
      replies.appendKey("failed")
      replies.appendCounts(failedByReason)
    }
  }

  public init(json: JSONValue) {
    func int(_ value: JSONValue?) -> Int { value?.integerValue ?? 0 }
    func agreement(_ value: JSONValue?) -> DeletionAgreement {
      var agreement = DeletionAgreement()
      agreement.labelCount = int(value?["label"])
      agreement.modelCount = int(value?["model"])
      agreement.bothCount = int(value?["both"])
      return agreement
    }
    func kind(_ value: JSONValue?) -> KindAgreement {
      var kind = KindAgreement()
      kind.modelCount = int(value?["model"])
      kind.modelCorrectCount = int(value?["model_correct"])
      kind.labelCount = int(value?["label"])
      kind.labelFoundCount = int(value?["label_found"])
      return kind
    }
    characters = agreement(json["chars"])
    chunkCharacterCount = int(json["chars"]?["chunk_chars"])
    lines = agreement(json["lines"])
    chunkLineCount = int(json["lines"]?["chunk_lines"])
    let kinds = json["by_kind"]
    removeLinesCharacters = kind(kinds?["remove_lines"]?["chars"])
    removeLinesLines = kind(kinds?["remove_lines"]?["lines"])
    removeStringCharacters = kind(kinds?["remove_str"]?["chars"])
    removeStringLines = kind(kinds?["remove_str"]?["lines"])
    labelCalls.removeLines = int(kinds?["remove_lines"]?["label_calls"])
    labelCalls.removeString = int(kinds?["remove_str"]?["label_calls"])
    labelCalls.keepAll = int(kinds?["keep_all"]?["label_calls"])
    modelAppliedCalls.removeLines = int(kinds?["remove_lines"]?["model_calls"])
    modelAppliedCalls.removeString = int(kinds?["remove_str"]?["model_calls"])
    modelAppliedCalls.keepAll = int(kinds?["keep_all"]?["model_calls"])
    exactProgramCount = int(json["exact_program"]?["chunks"])
    exactOutputCount = int(json["exact_output"]?["chunks"])
    labelEmptiedCount = int(json["emptied_chunks"]?["label"])
    modelEmptiedCount = int(json["emptied_chunks"]?["model"])
    let table = json["keep_all_confusion"]
    bothKeepCount = int(table?["both_keep"])
    labelKeepsModelDeletesCount = int(table?["label_keeps_model_deletes"])
    labelDeletesModelKeepsCount = int(table?["label_deletes_model_keeps"])
    bothDeleteCount = int(table?["both_delete"])
    let programs = json["programs"]
    programCount = int(programs?["usable"])
    parseErrorProgramCount = int(programs?["with_parse_errors"])
    parseErrorLineCount = int(programs?["parse_error_lines"])
    modelCallCount = int(programs?["calls"])
    skippedCallCount = int(programs?["skipped_calls"])
    overErrorBudgetCount = int(programs?["over_error_budget"])
    tooAggressiveCount = int(programs?["too_aggressive"])
    let replies = json["replies"]
    programLineCount = int(replies?["lines"])
    missingCount = int(replies?["missing"])
    supersededCount = int(replies?["superseded"])
    unlabelledCount = int(replies?["without_label"])
    if case .object(let members)? = replies?["failed"] {
      for (reason, count) in members { failedByReason[reason] = count.integerValue ?? 0 }
    }
  }

  private static func appendCounts(_ members: [(String, Int)], into object: inout JSONWriter) {
    for (key, value) in members {
      object.appendKey(key)
      object.appendInteger(value)
    }
  }

  /// A rate with four decimals, or `null`.
  private static func appendRate(_ key: String, _ value: Double?, into object: inout JSONWriter) {
    object.appendKey(key)
    if let value {
      object.appendRawJSON(Array(SummaryNumberFormat.decimal(value, places: 4).utf8))
    } else {
      object.appendNull()
    }
  }

  private static func append(
    _ agreement: DeletionAgreement, total: Int, totalKey: String, into object: inout JSONWriter
  ) {
    appendCounts(
      [
        (totalKey, total), ("label", agreement.labelCount), ("model", agreement.modelCount),
        ("both", agreement.bothCount), ("over_deleted", agreement.modelOnlyCount),
        ("missed", agreement.labelOnlyCount),
      ], into: &object)
    appendRate("precision", agreement.precision, into: &object)
    appendRate("recall", agreement.recall, into: &object)
    appendRate("f1", agreement.f1, into: &object)
    appendRate(
      "over_deleted_share", EvaluationRatio.ratio(agreement.modelOnlyCount, total), into: &object)
  }

  private static func append(_ kind: KindAgreement, into object: inout JSONWriter) {
    appendCounts(
      [
        ("model", kind.modelCount), ("model_correct", kind.modelCorrectCount),
        ("label", kind.labelCount), ("label_found", kind.labelFoundCount),
      ], into: &object)
    appendRate("precision", kind.precision, into: &object)
    appendRate("recall", kind.recall, into: &object)
    appendRate("f1", kind.f1, into: &object)
  }
}

// MARK: Terminal

extension EvaluationCounters {
  public var headlineSuffix: String { "" }

  public var humanReadableLines: [String] {
    func rate(_ value: Double?) -> String {
      value.map { SummaryNumberFormat.decimal($0, places: 3) } ?? "  -  "
    }
    func percent(_ part: Int, _ whole: Int) -> String {
      EvaluationRatio.ratio(part, whole).map {
        SummaryNumberFormat.decimal($0 * 100, places: 1) + "%"
      }
        ?? "-"
    }
    func row(_ name: String, _ precision: Double?, _ recall: Double?, _ f1: Double?) -> String {
      name.padding(16) + rate(precision).padding(11) + rate(recall).padding(9) + rate(f1)
    }
    let chunks = chunkCount
    let failed = failedByReason.keys.sorted().map { "\($0) \(failedByReason[$0] ?? 0)" }
    var result = [
      "programs: \(programCount) usable, \(missingCount) missing, \(failedCount) failed"
        + (failed.isEmpty ? "" : " (\(failed.joined(separator: ", ")))")
        + "; \(parseErrorProgramCount) with parse errors (\(percent(parseErrorProgramCount, programCount))), \(skippedCallCount) of \(modelCallCount) calls skipped (\(percent(skippedCallCount, modelCallCount))), \(overErrorBudgetCount) over the error budget"
        + (tooAggressiveCount > 0 ? ", \(tooAggressiveCount) too aggressive" : ""),
      "".padding(16) + "precision".padding(11) + "recall".padding(9) + "F1",
      row("chars", characters.precision, characters.recall, characters.f1)
        + "   over-deleted \(characters.modelOnlyCount) of \(chunkCharacterCount) chars (\(percent(characters.modelOnlyCount, chunkCharacterCount))), missed \(characters.labelOnlyCount)",
      row(
        "  remove_lines", removeLinesCharacters.precision, removeLinesCharacters.recall,
        removeLinesCharacters.f1),
      row(
        "  remove_str", removeStringCharacters.precision, removeStringCharacters.recall,
        removeStringCharacters.f1),
      row("lines", lines.precision, lines.recall, lines.f1)
        + "   over-removed \(lines.modelOnlyCount) of \(chunkLineCount) lines, missed \(lines.labelOnlyCount)",
      row(
        "  remove_lines", removeLinesLines.precision, removeLinesLines.recall, removeLinesLines.f1),
      row(
        "  remove_str", removeStringLines.precision, removeStringLines.recall, removeStringLines.f1),
      "exact: program \(exactProgramCount) of \(chunks) (\(percent(exactProgramCount, chunks))), output \(exactOutputCount) (\(percent(exactOutputCount, chunks)))",
      "emptied chunks: model \(modelEmptiedCount) (\(percent(modelEmptiedCount, chunks))), label \(labelEmptiedCount) (\(percent(labelEmptiedCount, chunks)))",
      "keep_all: both keep \(bothKeepCount), label keeps/model deletes \(labelKeepsModelDeletesCount), label deletes/model keeps \(labelDeletesModelKeepsCount), both delete \(bothDeleteCount) (agreement \(percent(bothKeepCount + bothDeleteCount, chunks)))",
    ]
    result.append(
      "replies: \(programLineCount) lines read; \(supersededCount) superseded, \(unlabelledCount) for chunks without a label"
    )
    return result
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}

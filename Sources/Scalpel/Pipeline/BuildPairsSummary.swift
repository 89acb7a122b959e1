/// Counts of a `build-pairs` run: every input record is either accepted or rejected.
public struct BuildPairsSummary: Sendable, Hashable {
  /// Input records read.
  public var recordCount = 0
  /// Records that produced at least one pair.
  public var acceptedRecordCount = 0
  /// Records rejected, by reason code.
  public var rejectedByReason: [String: Int] = [:]
  /// Pair lines written (one per chunk).
  public var pairCount = 0
  /// Accepted records whose program is `keep_all()` everywhere.
  public var keepAllRecordCount = 0
  /// Chunks over all accepted records.
  public var chunkCount = 0
  /// Statistics summed over accepted records.
  public var statistics = PairStatistics()
  /// Bytes of input record lines.
  public var inputByteCount = 0
  /// Bytes of pair lines written.
  public var outputByteCount = 0
  /// Shards skipped because `--resume` found their output complete.
  public var resumedShardCount = 0
  /// Wall-clock seconds of the run.
  public var seconds = 0.0

  /// Creates an empty summary.
  public init() {}

  /// Records rejected for any reason.
  public var rejectedRecordCount: Int { rejectedByReason.values.reduce(0, +) }

  /// Whether every record is accounted for: read = accepted + rejected.
  public var isBalanced: Bool { recordCount == acceptedRecordCount + rejectedRecordCount }

  /// Adds the counts of `other` (a shard) to this summary.
  public mutating func add(_ other: BuildPairsSummary) {
    recordCount += other.recordCount
    acceptedRecordCount += other.acceptedRecordCount
    for (reason, count) in other.rejectedByReason { rejectedByReason[reason, default: 0] += count }
    pairCount += other.pairCount
    keepAllRecordCount += other.keepAllRecordCount
    chunkCount += other.chunkCount
    statistics.add(other.statistics)
    inputByteCount += other.inputByteCount
    outputByteCount += other.outputByteCount
    resumedShardCount += other.resumedShardCount
  }

  /// Records the outcome of one record of `byteCount` bytes.
  mutating func record(_ outcome: RecordOutcome, byteCount: Int) {
    recordCount += 1
    inputByteCount += byteCount
    switch outcome {
    case .accepted(let lines, let pairStatistics, let chunks, let isKeepAll):
      acceptedRecordCount += 1
      pairCount += chunks
      chunkCount += chunks
      outputByteCount += lines.count
      if isKeepAll { keepAllRecordCount += 1 }
      statistics.add(pairStatistics)
    case .rejected(let rejection, _):
      rejectedByReason[rejection.reason, default: 0] += 1
    }
  }

  /// The summary as one JSON object with keys in a fixed order.
  public func encode(into writer: inout JSONWriter) {
    writer.appendObject { object in
      object.appendKey("records_in")
      object.appendInteger(recordCount)
      object.appendKey("records_accepted")
      object.appendInteger(acceptedRecordCount)
      object.appendKey("records_rejected")
      object.appendInteger(rejectedRecordCount)
      object.appendKey("balanced")
      object.appendBool(isBalanced)
      object.appendKey("rejects_by_reason")
      object.appendObject { reasons in
        for reason in rejectedByReason.keys.sorted() {
          reasons.appendKey(reason)
          reasons.appendInteger(rejectedByReason[reason] ?? 0)
        }
      }
      object.appendKey("pairs_out")
      object.appendInteger(pairCount)
      object.appendKey("keep_all_records")
      object.appendInteger(keepAllRecordCount)
      object.appendKey("chunks")
      object.appendInteger(chunkCount)
      object.appendKey("unrefinable_chunks")
      object.appendInteger(statistics.unrefinableChunkCount)
      object.appendKey("calls")
      object.appendObject { calls in
        calls.appendKey("remove_lines")
        calls.appendInteger(statistics.removeLinesCallCount)
        calls.appendKey("remove_str")
        calls.appendInteger(statistics.removeStringCallCount)
        calls.appendKey("keep_all")
        calls.appendInteger(statistics.keepAllChunkCount)
      }
      object.appendKey("deleted_chars")
      object.appendInteger(statistics.deletedCharacterCount)
      object.appendKey("dropped_line_joins")
      object.appendInteger(statistics.droppedLineJoinCount)
      object.appendKey("dropped_ambiguous_strings")
      object.appendInteger(statistics.droppedAmbiguousStringCount)
      object.appendKey("rewrite_hunks_kept")
      object.appendInteger(statistics.rewriteHunkCount)
      object.appendKey("whitespace_rewrite_hunks_kept")
      object.appendInteger(statistics.whitespaceRewriteHunkCount)
      object.appendKey("fidelity")
      object.appendObject { fidelity in
        fidelity.appendKey("expert_deleted_chars")
        fidelity.appendInteger(statistics.expertDeletedCharacterCount)
        fidelity.appendKey("leftover_chars")
        fidelity.appendInteger(statistics.leftoverCharacterCount)
        fidelity.appendKey("over_deleted_chars")
        fidelity.appendInteger(statistics.overDeletedCharacterCount)
      }
      object.appendKey("input_bytes")
      object.appendInteger(inputByteCount)
      object.appendKey("output_bytes")
      object.appendInteger(outputByteCount)
      object.appendKey("resumed_shards")
      object.appendInteger(resumedShardCount)
      object.appendKey("seconds")
      object.appendRawJSON(Array(Self.decimal(seconds, places: 3).utf8))
      object.appendKey("mb_per_second")
      object.appendRawJSON(Array(Self.decimal(megabytesPerSecond, places: 2).utf8))
    }
  }

  /// Input megabytes (10⁶ bytes) per second of wall-clock time.
  public var megabytesPerSecond: Double {
    seconds > 0 ? Double(inputByteCount) / seconds / 1e6 : 0
  }

  /// A few lines for people, for standard error.
  public var humanReadable: String {
    var lines: [String] = []
    lines.append(
      "records: \(recordCount) in = \(acceptedRecordCount) accepted + \(rejectedRecordCount) rejected"
        + (isBalanced ? "" : "  (UNBALANCED)"))
    lines.append(
      "pairs: \(pairCount) written from \(chunkCount) chunks (\(keepAllRecordCount) keep_all records, \(statistics.unrefinableChunkCount) unrefinable chunks)"
    )
    lines.append(
      "calls: remove_lines \(statistics.removeLinesCallCount), remove_str \(statistics.removeStringCallCount), keep_all \(statistics.keepAllChunkCount); deleted \(statistics.deletedCharacterCount) chars"
    )
    lines.append(
      "dropped: \(statistics.droppedLineJoinCount) line joins, \(statistics.droppedAmbiguousStringCount) ambiguous strings; \(statistics.rewriteHunkCount) small rewrites kept"
    )
    lines.append(
      "fidelity: \(statistics.leftoverCharacterCount) of \(statistics.expertDeletedCharacterCount) expert-deleted chars left in, \(statistics.overDeletedCharacterCount) kept chars deleted; \(statistics.whitespaceRewriteHunkCount) whitespace-only rewrites"
    )
    if !rejectedByReason.isEmpty {
      let reasons = rejectedByReason.keys.sorted().map { "\($0) \(rejectedByReason[$0] ?? 0)" }
      lines.append("rejected: " + reasons.joined(separator: ", "))
    }
    if resumedShardCount > 0 {
      lines.append("resumed: \(resumedShardCount) shards already complete")
    }
    lines.append(
      "throughput: \(Self.decimal(Double(inputByteCount) / 1e6, places: 1)) MB in \(Self.decimal(seconds, places: 2)) s = \(Self.decimal(megabytesPerSecond, places: 1)) MB/s"
    )
    return lines.joined(separator: "\n")
  }

  /// Formats `value` with a fixed number of decimal places, without Foundation.
  static func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var fractionText = String(fraction)
    while fractionText.count < places { fractionText = "0" + fractionText }
    let sign = value < 0 && scaled > 0 ? "-" : ""
    return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
  }
}

extension PairStatistics {
  /// Adds the counts of `other`.
  public mutating func add(_ other: PairStatistics) {
    deletedCharacterCount += other.deletedCharacterCount
    removeLinesCallCount += other.removeLinesCallCount
    removeStringCallCount += other.removeStringCallCount
    keepAllChunkCount += other.keepAllChunkCount
    rewriteHunkCount += other.rewriteHunkCount
    droppedLineJoinCount += other.droppedLineJoinCount
    droppedAmbiguousStringCount += other.droppedAmbiguousStringCount
    droppedCharacterCount += other.droppedCharacterCount
    whitespaceRewriteHunkCount += other.whitespaceRewriteHunkCount
    expertDeletedCharacterCount += other.expertDeletedCharacterCount
    leftoverCharacterCount += other.leftoverCharacterCount
    overDeletedCharacterCount += other.overDeletedCharacterCount
    unrefinableChunkCount += other.unrefinableChunkCount
  }
}

/// The counts of a `build-pairs` run: records in = accepted + rejected, plus ``BuildPairsCounters``.
public typealias BuildPairsSummary = JobSummary<BuildPairsCounters>

/// What `build-pairs` counts besides the summary core.
///
/// ``PairStatistics`` are summed in one place (`PairStatistics.add(_:)`), written in one
/// (``encode(into:)``), read back in one (``init(json:)``) and shown in one
/// (``humanReadableLines``): a new statistic is one line in each.
public struct BuildPairsCounters: JobCounters {
  public static var recordNoun: String { "records" }
  public static var writtenWord: String { "accepted" }

  /// Pair lines written to the main output (one per chunk).
  public var pairCount = 0
  /// Accepted records whose pairs went to the hold-out file (`--holdout-rate`).
  public var heldOutRecordCount = 0
  /// Pair lines written to the hold-out file.
  public var heldOutPairCount = 0
  /// Accepted records whose program is `keep_all()` everywhere.
  public var keepAllRecordCount = 0
  /// Chunks over all accepted records.
  public var chunkCount = 0
  /// Statistics summed over accepted records.
  public var statistics = PairStatistics()
  /// `--expert-replies`: lines of the batch output file read.
  public var replyLineCount = 0
  /// `--expert-replies`: replies not used because their chunk had an earlier usable one
  /// (or a later one, when none was usable).
  public var supersededReplyCount = 0
  /// `--expert-replies`: replies of unrefinable chunks, which get `keep_all()` regardless.
  public var ignoredReplyCount = 0
  /// Approximate tokens (prompt + completion) of every pair written.
  public var pairTokens = LengthHistogram()
  /// Pairs over `--max-pair-tokens` in the records rejected as `pair_too_long`.
  public var overTokenLimitPairCount = 0

  /// Creates empty counters.
  public init() {}

  /// Adds the counts of `other`.
  public mutating func add(_ other: BuildPairsCounters) {
    pairCount += other.pairCount
    heldOutRecordCount += other.heldOutRecordCount
    heldOutPairCount += other.heldOutPairCount
    keepAllRecordCount += other.keepAllRecordCount
    chunkCount += other.chunkCount
    replyLineCount += other.replyLineCount
    supersededReplyCount += other.supersededReplyCount
    ignoredReplyCount += other.ignoredReplyCount
    add(other.statistics)
    pairTokens.add(other.pairTokens)
    overTokenLimitPairCount += other.overTokenLimitPairCount
  }

  /// Adds the statistics of one pair (or of a sum of pairs).
  public mutating func add(_ other: PairStatistics) {
    statistics.add(other)
  }

  /// The counters of one accepted record.
  init(acceptedChunkCount chunks: Int, isKeepAll: Bool, statistics: PairStatistics) {
    pairCount = chunks
    chunkCount = chunks
    keepAllRecordCount = isKeepAll ? 1 : 0
    add(statistics)
  }

  public func encode(into object: inout JSONWriter) {
    func append(_ members: [(String, Int)]) {
      for (key, value) in members {
        object.appendKey(key)
        object.appendInteger(value)
      }
    }
    append([
      ("pairs_out", pairCount), ("keep_all_records", keepAllRecordCount), ("chunks", chunkCount),
      ("unrefinable_chunks", statistics.unrefinableChunkCount),
    ])
    object.appendKey("calls")
    object.appendObject { calls in
      for (key, value) in [
        ("remove_lines", statistics.removeLinesCallCount),
        ("remove_str", statistics.removeStringCallCount),
        ("keep_all", statistics.keepAllChunkCount),
      ] {
        calls.appendKey(key)
        calls.appendInteger(value)
      }
    }
    append([
      ("deleted_chars", statistics.deletedCharacterCount),
      ("dropped_line_joins", statistics.droppedLineJoinCount),
      ("dropped_ambiguous_strings", statistics.droppedAmbiguousStringCount),
      ("rewrite_hunks_kept", statistics.rewriteHunkCount),
      ("whitespace_rewrite_hunks_kept", statistics.whitespaceRewriteHunkCount),
    ])
    object.appendKey("fidelity")
    object.appendObject { fidelity in
      for (key, value) in [
        ("expert_deleted_chars", statistics.expertDeletedCharacterCount),
        ("leftover_chars", statistics.leftoverCharacterCount),
        ("over_deleted_chars", statistics.overDeletedCharacterCount),
      ] {
        fidelity.appendKey(key)
        fidelity.appendInteger(value)
      }
    }
    object.appendKey("holdout")
    object.appendObject { holdout in
      for (key, value) in [("records", heldOutRecordCount), ("pairs", heldOutPairCount)] {
        holdout.appendKey(key)
        holdout.appendInteger(value)
      }
    }
    object.appendKey("replies")
    object.appendObject { replies in
      for (key, value) in [
        ("lines", replyLineCount), ("superseded", supersededReplyCount),
        ("ignored_unrefinable", ignoredReplyCount),
      ] {
        replies.appendKey(key)
        replies.appendInteger(value)
      }
    }
    object.appendKey("pair_tokens")
    object.appendObject { tokens in
      for (key, value) in [
        ("p50", pairTokens.percentile(0.5)), ("p90", pairTokens.percentile(0.9)),
        ("p99", pairTokens.percentile(0.99)), ("max", pairTokens.maximum),
        ("over_limit", overTokenLimitPairCount),
      ] {
        tokens.appendKey(key)
        tokens.appendInteger(value)
      }
      tokens.appendKey("histogram")
      pairTokens.encode(into: &tokens)
    }
  }

  public init(json: JSONValue) {
    pairCount = json["pairs_out"]?.integerValue ?? 0
    heldOutRecordCount = json["holdout"]?["records"]?.integerValue ?? 0
    heldOutPairCount = json["holdout"]?["pairs"]?.integerValue ?? 0
    keepAllRecordCount = json["keep_all_records"]?.integerValue ?? 0
    chunkCount = json["chunks"]?.integerValue ?? 0
    statistics.unrefinableChunkCount = json["unrefinable_chunks"]?.integerValue ?? 0
    statistics.removeLinesCallCount = json["calls"]?["remove_lines"]?.integerValue ?? 0
    statistics.removeStringCallCount = json["calls"]?["remove_str"]?.integerValue ?? 0
    statistics.keepAllChunkCount = json["calls"]?["keep_all"]?.integerValue ?? 0
    statistics.deletedCharacterCount = json["deleted_chars"]?.integerValue ?? 0
    statistics.droppedLineJoinCount = json["dropped_line_joins"]?.integerValue ?? 0
    statistics.droppedAmbiguousStringCount = json["dropped_ambiguous_strings"]?.integerValue ?? 0
    statistics.rewriteHunkCount = json["rewrite_hunks_kept"]?.integerValue ?? 0
    statistics.whitespaceRewriteHunkCount =
      json["whitespace_rewrite_hunks_kept"]?.integerValue ?? 0
    statistics.expertDeletedCharacterCount =
      json["fidelity"]?["expert_deleted_chars"]?.integerValue ?? 0
    statistics.leftoverCharacterCount = json["fidelity"]?["leftover_chars"]?.integerValue ?? 0
    statistics.overDeletedCharacterCount =
      json["fidelity"]?["over_deleted_chars"]?.integerValue ?? 0
    replyLineCount = json["replies"]?["lines"]?.integerValue ?? 0
    supersededReplyCount = json["replies"]?["superseded"]?.integerValue ?? 0
    ignoredReplyCount = json["replies"]?["ignored_unrefinable"]?.integerValue ?? 0
    pairTokens = LengthHistogram(
      json: json["pair_tokens"]?["histogram"],
      maximum: json["pair_tokens"]?["max"]?.integerValue ?? 0)
    overTokenLimitPairCount = json["pair_tokens"]?["over_limit"]?.integerValue ?? 0
  }

  public var headlineSuffix: String { "" }

  public var humanReadableLines: [String] {
    var lines = [
      "pairs: \(pairCount) written from \(chunkCount) chunks (\(keepAllRecordCount) keep_all records, \(statistics.unrefinableChunkCount) unrefinable chunks)",
      "calls: remove_lines \(statistics.removeLinesCallCount), remove_str \(statistics.removeStringCallCount), keep_all \(statistics.keepAllChunkCount); deleted \(statistics.deletedCharacterCount) chars",
      "dropped: \(statistics.droppedLineJoinCount) line joins, \(statistics.droppedAmbiguousStringCount) ambiguous strings; \(statistics.rewriteHunkCount) small rewrites kept",
      pairTokensLine,
      "fidelity: \(statistics.leftoverCharacterCount) of \(statistics.expertDeletedCharacterCount) expert-deleted chars left in, \(statistics.overDeletedCharacterCount) kept chars deleted; \(statistics.whitespaceRewriteHunkCount) whitespace-only rewrites",
    ]
    if heldOutRecordCount > 0 {
      lines.insert(
        "held out: \(heldOutPairCount) pairs of \(heldOutRecordCount) accepted records, written to the hold-out file, not to the pairs",
        at: 1)
    }
    if replyLineCount > 0 {
      lines.append(
        "replies: \(replyLineCount) lines read; \(supersededReplyCount) superseded by another reply of their chunk, \(ignoredReplyCount) for unrefinable chunks (ignored)"
      )
    }
    return lines
  }
}

extension BuildPairsCounters {
  /// `tokens per pair: p50 812, p90 3,100, p99 11,900, max 12,001 (approximate, 0 over --max-pair-tokens)`.
  var pairTokensLine: String {
    let over = "\(Self.grouped(overTokenLimitPairCount)) over --max-pair-tokens"
    guard pairTokens.count > 0 else { return "tokens per pair: no pairs (\(over))" }
    let figures = [("p50", pairTokens.percentile(0.5)), ("p90", pairTokens.percentile(0.9)),
      ("p99", pairTokens.percentile(0.99)), ("max", pairTokens.maximum)]
    return "tokens per pair: "
      + figures.map { "\($0.0) \(Self.grouped($0.1))" }.joined(separator: ", ")
      + " (approximate, \(over))"
  }

  /// `12001` as `12,001`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
  }
}

extension JobSummary where Counters == BuildPairsCounters {
  /// Records that produced pairs.
  public var acceptedRecordCount: Int { writtenRecordCount }
}

extension PairStatistics {
  /// Adds the counts of `other`: the one place where pair statistics are summed.
  public mutating func add(_ other: PairStatistics) {
    deletedCharacterCount += other.deletedCharacterCount
    removeLinesCallCount += other.removeLinesCallCount
    removeStringCallCount += other.removeStringCallCount
    keepAllChunkCount += other.keepAllChunkCount
    rewriteHunkCount += other.rewriteHunkCount
    droppedLineJoinCount += other.droppedLineJoinCount
    droppedAmbiguousStringCount += other.droppedAmbiguousStringCount
    droppedCharacterCount += other.droppedCharacterCount
    unrefinableChunkCount += other.unrefinableChunkCount
    whitespaceRewriteHunkCount += other.whitespaceRewriteHunkCount
    expertDeletedCharacterCount += other.expertDeletedCharacterCount
    leftoverCharacterCount += other.leftoverCharacterCount
    overDeletedCharacterCount += other.overDeletedCharacterCount
  }
}

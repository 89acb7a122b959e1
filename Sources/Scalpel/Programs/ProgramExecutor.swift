/// What happened to the calls of a program executed on one chunk.
///
/// Every call is counted exactly once: either as applied (by kind) or in
/// ``skippedCalls``, so `appliedCallCount + skippedCalls.count` equals the
/// number of calls in the program.
public struct ExecutionReport: Sendable, Hashable, Codable {
  /// Why a call was not applied.
  public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A line number of the call is outside `1...lineCount` of the chunk.
    case lineOutOfRange
    /// A `remove_str` TEXT is empty or contains a line break (possible only in
    /// programs built in code; the parser rejects them).
    case invalidText
    /// A `remove_str` TEXT does not occur in the original text of its line.
    case textNotFound
    /// A `remove_str` TEXT starts at more than one byte offset of its line
    /// (overlapping occurrences count).
    case textNotUnique
    /// A `remove_str` match overlaps the match of another `remove_str` on the
    /// same line; every call of the overlapping group is skipped.
    case overlappingRemoval
  }

  /// A call that was not applied, with its position in the program and the reason.
  public struct SkippedCall: Sendable, Hashable, Codable {
    /// The 0-based index of the call in ``Program/calls``.
    public var callIndex: Int
    /// The call itself.
    public var call: ProgramCall
    /// Why it was skipped.
    public var reason: SkipReason

    /// Creates a skipped-call record.
    public init(callIndex: Int, call: ProgramCall, reason: SkipReason) {
      self.callIndex = callIndex
      self.call = call
      self.reason = reason
    }
  }

  /// The number of `remove_lines` calls applied.
  public var appliedRemoveLinesCount = 0
  /// The number of `remove_str` calls applied (including ones on lines that
  /// `remove_lines` also drops).
  public var appliedRemoveStringCount = 0
  /// The number of `keep_all` calls seen; they never change the text.
  public var appliedKeepAllCount = 0
  /// The calls that were not applied, in program order.
  public var skippedCalls: [SkippedCall] = []
  /// The number of distinct lines dropped by `remove_lines`.
  public var removedLineCount = 0

  /// Creates an empty report.
  public init() {}

  /// The number of applied calls of all kinds.
  public var appliedCallCount: Int {
    appliedRemoveLinesCount + appliedRemoveStringCount + appliedKeepAllCount
  }

  /// The number of skipped calls with the given reason.
  ///
  /// - Complexity: O(*s*), where *s* is the number of skipped calls.
  public func skippedCallCount(for reason: SkipReason) -> Int {
    skippedCalls.reduce(0) { $0 + ($1.reason == reason ? 1 : 0) }
  }
}

/// The result of executing a program on a chunk: the refined text and a report.
public struct ProgramExecution: Sendable, Hashable {
  /// The chunk after all applicable deletions.
  public var text: NormalizedText
  /// What happened to each call.
  public var report: ExecutionReport

  /// Creates an execution result.
  public init(text: NormalizedText, report: ExecutionReport) {
    self.text = text
    self.report = report
  }
}

/// Executes RefineX programs on chunks with the Specification §2 semantics.
///
/// Execution is mark and sweep on the **original** chunk; calls never see each
/// other's effects and the result does not depend on call order:
/// 1. Calls with a line number outside `1...lineCount` are skipped
///    (``ExecutionReport/SkipReason/lineOutOfRange``); a `remove_lines` range
///    that is only partly inside is skipped whole.
/// 2. Each `remove_str` is matched as UTF-8 bytes (no Unicode normalisation)
///    against the original text of its line. It applies only if TEXT starts at
///    exactly one byte offset there; overlapping occurrences count, so `"aa"`
///    in `"aaa"` is not unique. Matches of valid UTF-8 in valid UTF-8 always
///    fall on scalar boundaries.
/// 3. `remove_str` matches on one line that overlap (share at least one byte)
///    form a group, and every call in a group of two or more is skipped,
///    including exact duplicates. Matches that only touch are fine.
/// 4. Lines in any `remove_lines` range are dropped; overlapping ranges are a
///    union. A `remove_str` on a dropped line is still evaluated and reported
///    by steps 2–3, then dropped with its line.
/// 5. Kept lines are joined with `\n`; the output ends with `\n` iff the
///    original did and at least one line is kept. A line emptied by
///    `remove_str` stays as an empty line. Removing every line gives `""`.
///
/// `keep_all()` never changes the text, even next to other calls.
/// `START > END`, zero line numbers and malformed text cannot reach the
/// executor from model output: ``ProgramParser`` reports them.
public enum ProgramExecutor {
  /// Above this much naive search work on one line (the sum of line length plus
  /// TEXT length over its `remove_str` calls), the line is indexed with a
  /// suffix array instead of being searched once per call.
  static let defaultSuffixArrayWorkThreshold = 1 << 24

  /// Executes `program` on the chunk `text`.
  ///
  ///     let chunk = NormalizedText("Home | About\nGreat post. Ads here\nBye\n")
  ///     let program: Program = [.removeLines(1...1), .removeString(lineNumber: 2, text: " Ads here")]
  ///     ProgramExecutor.execute(program, on: chunk).text.string   // "Great post.\nBye\n"
  ///
  /// - Parameters:
  ///   - program: The calls, with chunk-local 1-based line numbers.
  ///   - text: The original chunk.
  /// - Returns: The refined chunk and a report on every call.
  /// - Complexity: O(*n* + *c* log *c* + Σ(*n*ₗ + *k*)), where *n* is the chunk
  ///   length, *c* the number of calls, and the sum runs over `remove_str` calls
  ///   with *k* the TEXT length and *n*ₗ the length of its line (one linear KMP
  ///   search per call). A line whose search work would exceed about 16 M bytes
  ///   is instead indexed once by a suffix array, bounding that line at
  ///   O(*n*ₗ log *n*ₗ + Σ *k* log *n*ₗ).
  public static func execute(_ program: Program, on text: NormalizedText) -> ProgramExecution {
    execute(program, on: text, suffixArrayWorkThreshold: defaultSuffixArrayWorkThreshold)
  }

  /// A pending `remove_str` call, resolved to a byte range of its line.
  private struct StringRemoval {
    var callIndex: Int
    var lineIndex: Int
    var pattern: [UInt8]
    var match: Range<Int> = 0..<0
  }

  static func execute(
    _ program: Program, on text: NormalizedText, suffixArrayWorkThreshold: Int
  ) -> ProgramExecution {
    let (output, report) = executeUTF8(
      program, on: text, suffixArrayWorkThreshold: suffixArrayWorkThreshold)
    return ProgramExecution(text: NormalizedText(alreadyNormalized: output), report: report)
  }

  /// ``execute(_:on:)`` returning the refined chunk as bytes, without its line table: for
  /// callers that only compare or copy the output (``PairBuilder``'s round trip).
  ///
  /// - Complexity: See ``execute(_:on:)``.
  package static func executeUTF8(
    _ program: Program, on text: NormalizedText,
    suffixArrayWorkThreshold: Int = defaultSuffixArrayWorkThreshold
  ) -> (utf8: [UInt8], report: ExecutionReport) {
    let lineCount = text.lineCount
    var report = ExecutionReport()
    var skipped: [ExecutionReport.SkippedCall] = []
    // dropDelta[i] counts ranges starting at line index i minus ranges ending before it.
    var dropDelta = [Int](repeating: 0, count: lineCount + 1)
    var pending: [StringRemoval] = []

    for (callIndex, call) in program.calls.enumerated() {
      switch call {
      case .keepAll:
        report.appliedKeepAllCount += 1
      case .removeLines(let range):
        guard range.lowerBound >= 1 && range.upperBound <= lineCount else {
          skipped.append(.init(callIndex: callIndex, call: call, reason: .lineOutOfRange))
          continue
        }
        dropDelta[range.lowerBound - 1] += 1
        dropDelta[range.upperBound] -= 1
        report.appliedRemoveLinesCount += 1
      case .removeString(let lineNumber, let string):
        guard lineNumber >= 1 && lineNumber <= lineCount else {
          skipped.append(.init(callIndex: callIndex, call: call, reason: .lineOutOfRange))
          continue
        }
        let pattern = Array(string.utf8)
        guard !pattern.isEmpty, !pattern.contains(0x0A), !pattern.contains(0x0D) else {
          skipped.append(.init(callIndex: callIndex, call: call, reason: .invalidText))
          continue
        }
        pending.append(
          StringRemoval(callIndex: callIndex, lineIndex: lineNumber - 1, pattern: pattern))
      }
    }
    var isDropped = [Bool](repeating: false, count: lineCount)
    var coveringRangeCount = 0
    for lineIndex in 0..<lineCount {
      coveringRangeCount += dropDelta[lineIndex]
      isDropped[lineIndex] = coveringRangeCount > 0
    }
    report.removedLineCount = isDropped.reduce(0) { $0 + ($1 ? 1 : 0) }

    // Resolve remove_str calls line by line.
    pending.sort { ($0.lineIndex, $0.callIndex) < ($1.lineIndex, $1.callIndex) }
    var applied: [StringRemoval] = []
    var groupStart = 0
    while groupStart < pending.count {
      let lineIndex = pending[groupStart].lineIndex
      var groupEnd = groupStart
      while groupEnd < pending.count && pending[groupEnd].lineIndex == lineIndex { groupEnd += 1 }
      let lineRange = text.lineContentUTF8Range(lineIndex: lineIndex)

      var searchWork = 0
      for removal in pending[groupStart..<groupEnd] {
        searchWork += lineRange.count + removal.pattern.count
      }
      let index: LineSearch.SuffixArrayIndex? =
        groupEnd - groupStart >= 2 && searchWork > suffixArrayWorkThreshold
          && lineRange.count < Int(Int32.max)
        ? LineSearch.SuffixArrayIndex(text.utf8[lineRange]) : nil

      var found: [StringRemoval] = []
      for var removal in pending[groupStart..<groupEnd] {
        let call = program.calls[removal.callIndex]
        let occurrence =
          index.map {
            $0.occurrence(of: removal.pattern, lineStartUTF8Offset: lineRange.lowerBound)
          }
          ?? LineSearch.occurrence(of: removal.pattern, in: text.utf8, range: lineRange)
        switch occurrence {
        case .none:
          skipped.append(.init(callIndex: removal.callIndex, call: call, reason: .textNotFound))
        case .multiple:
          skipped.append(.init(callIndex: removal.callIndex, call: call, reason: .textNotUnique))
        case .unique(let start):
          removal.match = start..<(start + removal.pattern.count)
          found.append(removal)
        }
      }

      // Group transitively overlapping matches; skip every member of a group of 2+.
      found.sort {
        ($0.match.lowerBound, $0.match.upperBound, $0.callIndex)
          < ($1.match.lowerBound, $1.match.upperBound, $1.callIndex)
      }
      var overlapStart = 0
      while overlapStart < found.count {
        var overlapEnd = overlapStart + 1
        var reach = found[overlapStart].match.upperBound
        while overlapEnd < found.count && found[overlapEnd].match.lowerBound < reach {
          reach = max(reach, found[overlapEnd].match.upperBound)
          overlapEnd += 1
        }
        if overlapEnd - overlapStart == 1 {
          applied.append(found[overlapStart])
        } else {
          for removal in found[overlapStart..<overlapEnd] {
            let call = program.calls[removal.callIndex]
            skipped.append(
              .init(callIndex: removal.callIndex, call: call, reason: .overlappingRemoval))
          }
        }
        overlapStart = overlapEnd
      }
      groupStart = groupEnd
    }
    report.appliedRemoveStringCount = applied.count
    skipped.sort { $0.callIndex < $1.callIndex }
    report.skippedCalls = skipped

    // Sweep: copy kept lines minus their applied removals (sorted by line, then offset).
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    var hasKeptLine = false
    var removalCursor = 0
    for lineIndex in 0..<lineCount {
      if isDropped[lineIndex] {
        while removalCursor < applied.count && applied[removalCursor].lineIndex == lineIndex {
          removalCursor += 1
        }
        continue
      }
      if hasKeptLine { output.append(UInt8(ascii: "\n")) }
      hasKeptLine = true
      var copyFrom = text.lineContentUTF8Range(lineIndex: lineIndex).lowerBound
      let lineEnd = text.lineContentUTF8Range(lineIndex: lineIndex).upperBound
      while removalCursor < applied.count && applied[removalCursor].lineIndex == lineIndex {
        let match = applied[removalCursor].match
        output.append(contentsOf: text.utf8[copyFrom..<match.lowerBound])
        copyFrom = match.upperBound
        removalCursor += 1
      }
      output.append(contentsOf: text.utf8[copyFrom..<lineEnd])
    }
    if hasKeptLine && text.endsWithNewline { output.append(UInt8(ascii: "\n")) }

    return (output, report)
  }
}

extension NormalizedText {
  /// Returns the result of executing `program` on this chunk.
  ///
  /// Equivalent to ``ProgramExecutor/execute(_:on:)``.
  ///
  /// - Complexity: See ``ProgramExecutor/execute(_:on:)``.
  public func applying(_ program: Program) -> ProgramExecution {
    ProgramExecutor.execute(program, on: self)
  }
}

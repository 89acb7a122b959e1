/// Where the deletions of a program fall in its chunk, for display.
///
/// The marks come from executing the program with ``ProgramExecutor`` (Specification §2
/// semantics), so only calls the executor applies are marked: a line is marked
/// removed when an applied `remove_lines` covers it, and the unique match of
/// every applied `remove_str` is marked in its line. Skipped calls (out of
/// range, text not found or not unique, overlapping) mark nothing; they are in
/// ``execution``'s report. A `remove_str` on a removed line is marked too.
///
///     let chunk = NormalizedText("Home | About\nGood text. [ad] More.\n")
///     let marks = DeletionMarks(
///       program: [.removeLines(1...1), .removeString(lineNumber: 2, text: "[ad] ")], text: chunk)
///     marks.isLineRemoved                 // [true, false]
///     marks.removedStringUTF8Ranges[1]    // [11..<16], relative to the line start
///     marks.deletedCharacterCount         // 18
package struct DeletionMarks: Sendable, Hashable {
  /// The result of executing the program on the chunk.
  package let execution: ProgramExecution
  /// Whether each line (by 0-based line index) is dropped by an applied `remove_lines`.
  package let isLineRemoved: [Bool]
  /// For each line (by 0-based line index), the UTF-8 ranges that applied
  /// `remove_str` calls delete, relative to the line's first byte; sorted and
  /// non-overlapping.
  package let removedStringUTF8Ranges: [[Range<Int>]]
  /// The Unicode scalars the program deletes, newlines of removed lines included.
  package let deletedCharacterCount: Int

  /// Computes the marks of `program` on the chunk `text`.
  ///
  /// - Parameters:
  ///   - program: The calls, with chunk-local 1-based line numbers.
  ///   - text: The original chunk.
  /// - Complexity: The cost of ``ProgramExecutor/execute(_:on:)`` plus one more
  ///   search per applied `remove_str`: O(*n* + *c* log *c* + Σ(*n*ₗ + *k*)).
  package init(program: Program, text: NormalizedText) {
    let execution = ProgramExecutor.execute(program, on: text)
    self.execution = execution
    var isSkipped = [Bool](repeating: false, count: program.calls.count)
    for skipped in execution.report.skippedCalls { isSkipped[skipped.callIndex] = true }

    var isLineRemoved = [Bool](repeating: false, count: text.lineCount)
    var ranges = [[Range<Int>]](repeating: [], count: text.lineCount)
    for (callIndex, call) in program.calls.enumerated() where !isSkipped[callIndex] {
      switch call {
      case .removeLines(let lineNumbers):
        for lineIndex in (lineNumbers.lowerBound - 1)..<lineNumbers.upperBound {
          isLineRemoved[lineIndex] = true
        }
      case .removeString(let lineNumber, let string):
        let lineRange = text.lineContentUTF8Range(lineIndex: lineNumber - 1)
        let pattern = Array(string.utf8)
        if case .unique(let start) = LineSearch.occurrence(
          of: pattern, in: text.utf8, range: lineRange)
        {
          let relativeStart = start - lineRange.lowerBound
          ranges[lineNumber - 1].append(relativeStart..<(relativeStart + pattern.count))
        }
      case .keepAll:
        break
      }
    }
    for lineIndex in ranges.indices where ranges[lineIndex].count > 1 {
      ranges[lineIndex].sort { $0.lowerBound < $1.lowerBound }
    }
    self.isLineRemoved = isLineRemoved
    self.removedStringUTF8Ranges = ranges
    self.deletedCharacterCount =
      DeletionMarks.scalarCount(text.utf8) - DeletionMarks.scalarCount(execution.text.utf8)
  }

  /// The number of Unicode scalars in valid UTF-8 `bytes`.
  static func scalarCount(_ bytes: some Collection<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
  }
}

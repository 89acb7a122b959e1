/// A program derived from deletions, with the text it produces and what had to be left out.
public struct MappedProgram: Sendable, Hashable {
  /// The calls, in ascending line order (chunk-local, 1-based line numbers).
  public var program: Program
  /// The text the program produces: the chunk minus the deletions that were kept.
  public var target: [UInt8]
  /// Deleted Unicode scalars that the program removes.
  public var deletedScalarCount: Int
  /// Deleted newlines between two kept lines (line joins), which no call can express.
  public var droppedLineJoinCount: Int
  /// Partial deletions whose text occurs more than once in its line.
  public var droppedAmbiguousStringCount: Int
  /// Deleted scalars left in the target because of the two drops above.
  public var droppedScalarCount: Int
}

/// Maps deletions of a chunk to RefineX calls (the paper's Algorithm 1, corrected; SPEC §3.5).
///
/// - A line whose whole text and its newline are deleted is removed; runs of
///   removed lines become one `remove_lines(a, b)`, across alignment hunks.
/// - A deleted newline next to a fully deleted line belongs to that line's
///   removal: a line whose own newline survives may take the deleted newline of
///   the line before it, and a last line without newline takes the newline
///   before its run of removed lines.
/// - Newlines are interchangeable: when a kept line's newline is deleted but a
///   later newline in the run of emptied lines after it is kept, the earlier one
///   is kept instead (same target text), so the emptied lines are removed whole.
/// - Every other deleted newline joins two kept lines: it stays, and is counted.
/// - On kept lines, each maximal run of deleted bytes becomes one `remove_str`
///   (so whitespace deleted between two pieces merges them), left to right; a
///   piece whose text occurs more than once in the original line is dropped,
///   and counted, because the executor would refuse it.
public enum ProgramMapper {
  /// Returns the program that deletes `deletedUTF8Ranges` from `text`, as far as
  /// the program language can express it.
  ///
  /// - Parameters:
  ///   - text: The chunk, as the model will see it.
  ///   - deletedUTF8Ranges: Deleted byte ranges of `text`, on scalar boundaries,
  ///     sorted and non-overlapping.
  /// - Returns: The calls, the target text, and counts of what had to be left out.
  /// - Complexity: O(*n* + Σ *p* · *l*), where *n* is the size of the text and the
  ///   sum runs over partial deletions *p* of lines of length *l* (uniqueness checks).
  public static func makeProgram(for text: NormalizedText, deletedUTF8Ranges: [Range<Int>])
    -> MappedProgram
  {
    let bytes = text.utf8
    var isDeleted = [Bool](repeating: false, count: bytes.count)
    for range in deletedUTF8Ranges {
      for offset in range { isDeleted[offset] = true }
    }
    let lineCount = text.lineCount
    var isRemoved = [Bool](repeating: false, count: lineCount)
    var isNewlineClaimed = [Bool](repeating: false, count: lineCount)
    var isOwnNewlineClaimed = [Bool](repeating: false, count: lineCount)

    func newlineOffset(_ lineIndex: Int) -> Int? {
      let range = text.lineUTF8Range(lineIndex: lineIndex)
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      return range.upperBound > content.upperBound ? content.upperBound : nil
    }
    func isNewlineDeleted(_ lineIndex: Int) -> Bool {
      guard let offset = newlineOffset(lineIndex) else { return false }
      return isDeleted[offset]
    }

    // Newlines are interchangeable bytes: where a kept line's newline is
    // deleted but a later newline in the run of emptied lines after it is kept,
    // keep the earlier one instead. The target is the same text, and the
    // emptied lines become whole-line removals instead of a line join.
    for lineIndex in 0..<lineCount {
      guard let joinOffset = newlineOffset(lineIndex), isDeleted[joinOffset] else { continue }
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      guard !content.allSatisfy({ isDeleted[$0] }) else { continue }
      var next = lineIndex + 1
      while next < lineCount
        && text.lineContentUTF8Range(lineIndex: next).allSatisfy({ isDeleted[$0] })
      {
        if let keptOffset = newlineOffset(next), !isDeleted[keptOffset] {
          isDeleted[keptOffset] = true
          isDeleted[joinOffset] = false
          break
        }
        next += 1
      }
    }

    for lineIndex in 0..<lineCount {
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      guard content.allSatisfy({ isDeleted[$0] }) else { continue }
      if newlineOffset(lineIndex) != nil {
        if isNewlineDeleted(lineIndex) {
          isRemoved[lineIndex] = true
          isNewlineClaimed[lineIndex] = true
          isOwnNewlineClaimed[lineIndex] = true
        } else if lineIndex > 0 && isNewlineDeleted(lineIndex - 1)
          && !isNewlineClaimed[lineIndex - 1]
        {
          isRemoved[lineIndex] = true
          isNewlineClaimed[lineIndex - 1] = true
        }
      } else {
        // The last line, without newline: it needs the newline before its run of removed lines.
        var runStart = lineIndex
        while runStart > 0 && isRemoved[runStart - 1] { runStart -= 1 }
        if runStart == 0 {
          if (0..<lineIndex).allSatisfy({ isOwnNewlineClaimed[$0] }) { isRemoved[lineIndex] = true }
        } else if isNewlineDeleted(runStart - 1) && !isNewlineClaimed[runStart - 1] {
          isRemoved[lineIndex] = true
          isNewlineClaimed[runStart - 1] = true
        }
      }
    }

    var droppedLineJoinCount = 0
    var droppedAmbiguousStringCount = 0
    var droppedScalarCount = 0
    var calls: [ProgramCall] = []
    var lineIndex = 0
    while lineIndex < lineCount {
      if isRemoved[lineIndex] {
        var runEnd = lineIndex
        while runEnd + 1 < lineCount && isRemoved[runEnd + 1] { runEnd += 1 }
        calls.append(.removeLines(lineIndex + 1...runEnd + 1))
        lineIndex = runEnd + 1
        continue
      }
      if let offset = newlineOffset(lineIndex), isDeleted[offset], !isNewlineClaimed[lineIndex] {
        isDeleted[offset] = false
        droppedLineJoinCount += 1
        droppedScalarCount += 1
      }
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      var offset = content.lowerBound
      while offset < content.upperBound {
        guard isDeleted[offset] else {
          offset += 1
          continue
        }
        var pieceEnd = offset
        while pieceEnd < content.upperBound && isDeleted[pieceEnd] { pieceEnd += 1 }
        let piece = offset..<pieceEnd
        if case .unique = LineSearch.occurrence(of: Array(bytes[piece]), in: bytes, range: content)
        {
          calls.append(
            .removeString(
              lineNumber: lineIndex + 1, text: String(decoding: bytes[piece], as: UTF8.self)))
        } else {
          droppedAmbiguousStringCount += 1
          for index in piece {
            isDeleted[index] = false
            if bytes[index] & 0xC0 != 0x80 { droppedScalarCount += 1 }
          }
        }
        offset = pieceEnd
      }
      lineIndex += 1
    }

    var target: [UInt8] = []
    target.reserveCapacity(bytes.count)
    var deletedScalarCount = 0
    for (offset, byte) in bytes.enumerated() {
      if isDeleted[offset] {
        if byte & 0xC0 != 0x80 { deletedScalarCount += 1 }
      } else {
        target.append(byte)
      }
    }
    return MappedProgram(
      program: Program(calls: calls), target: target, deletedScalarCount: deletedScalarCount,
      droppedLineJoinCount: droppedLineJoinCount,
      droppedAmbiguousStringCount: droppedAmbiguousStringCount,
      droppedScalarCount: droppedScalarCount)
  }
}

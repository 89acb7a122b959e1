/// A program derived from deletions, with the text it produces and what had to be left out.
public struct MappedProgram: Sendable, Hashable {
  /// The calls, in ascending line order (chunk-local, 1-based line numbers).
  public var program: Program
  /// The text the program produces: the chunk minus the deletions that were kept.
  public var target: [UInt8]
  /// Deleted Unicode scalars that the program removes.
  public var deletedScalarCount: Int
  /// Deleted newlines that no call can express: a newline between two kept
  /// lines (a line join), or the final newline of a chunk that keeps a line.
  public var droppedLineJoinCount: Int
  /// Partial deletions whose text occurs more than once in its line, at every
  /// equal-cost position.
  public var droppedAmbiguousStringCount: Int
  /// Deleted scalars left in the target because of the two drops above.
  public var droppedScalarCount: Int
  /// The 0-based line indices of the chunk where a deletion was left out,
  /// ascending, without duplicates.
  package var unexpressedLineIndices: [Int]
}

/// Maps deletions of a chunk to the shortest RefineX program that expresses them
/// (the paper's Algorithm 1, corrected; see the Specification article).
///
/// Lines are classified by their content: a line with some kept content is a
/// **content line**; a line whose content is empty or entirely deleted is an
/// **emptied line**.
///
/// - Newlines are interchangeable: between two content lines, the target holds
///   as many newlines as the deletions keep among the first line's newline and
///   the emptied lines between them, whichever they are. The mapper keeps the
///   first line's newline and chooses which emptied lines stay (as empty lines),
///   so that the program has the fewest calls: blank lines are kept before lines
///   that would need a `remove_str` of their whole text, and removed lines are
///   grouped into as few `remove_lines` ranges as possible. The same rule holds
///   at the start and end of the chunk, with the executor's treatment of the
///   final newline.
/// - When no newline is kept between two content lines (a line join), or the
///   final newline of a chunk that keeps text is deleted, the newline stays
///   and is counted.
/// - On content lines, each maximal run of deleted bytes becomes one
///   `remove_str`, left to right. A run whose text occurs more than once in its
///   line is slid, at equal cost (the same target), to a position where its text
///   is unique; when there is none, it stays in the text and is counted.
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
    makeProgram(for: text, deletedUTF8Ranges: deletedUTF8Ranges, keepsALineWhenEmptied: false)
  }

  /// Returns the program for a chunk; `keepsALineWhenEmptied` is for the last
  /// chunk of a document without final newline whose target ends with a newline
  /// of an earlier chunk: when every line of the chunk is emptied, one stays as an
  /// empty line, so that the document keeps that newline (the refiner drops it
  /// when the last chunk loses all its lines).
  static func makeProgram(
    for text: NormalizedText, deletedUTF8Ranges: [Range<Int>], keepsALineWhenEmptied: Bool
  ) -> MappedProgram {
    let bytes = text.utf8
    let lineCount = text.lineCount
    var isDeleted = [Bool](repeating: false, count: bytes.count)
    isDeleted.withUnsafeMutableBufferPointer { isDeleted in
      for range in deletedUTF8Ranges {
        UnsafeMutableBufferPointer(rebasing: isDeleted[range]).update(repeating: true)
      }
    }

    // One pass over the line table: which lines hold deleted or kept content.
    var lineFlags = [LineFlags](repeating: [], count: lineCount)
    if !deletedUTF8Ranges.isEmpty {
      // Deleted content bytes per line, from the sorted ranges rather than byte by byte;
      // `reach` keeps overlapping ranges from counting a byte twice.
      var cursor = 0
      for lineIndex in 0..<lineCount {
        let content = text.lineContentUTF8Range(lineIndex: lineIndex)
        while cursor < deletedUTF8Ranges.count
          && deletedUTF8Ranges[cursor].upperBound <= content.lowerBound
        {
          cursor += 1
        }
        var deletedCount = 0
        var reach = content.lowerBound
        var index = cursor
        while index < deletedUTF8Ranges.count
          && deletedUTF8Ranges[index].lowerBound < content.upperBound
        {
          let lower = max(deletedUTF8Ranges[index].lowerBound, reach)
          let upper = min(deletedUTF8Ranges[index].upperBound, content.upperBound)
          if upper > lower {
            deletedCount += upper - lower
            reach = upper
          }
          index += 1
        }
        if deletedCount > 0 { lineFlags[lineIndex].insert(.hasDeletedContent) }
        if deletedCount < content.count { lineFlags[lineIndex].insert(.hasKeptContent) }
      }
    } else {
      for lineIndex in 0..<lineCount {
        if !text.lineContentUTF8Range(lineIndex: lineIndex).isEmpty {
          lineFlags[lineIndex].insert(.hasKeptContent)
        }
      }
    }
    // `isDeleted` is passed, not captured: a captured `var` is boxed, and every access to it
    // in this function checked for exclusivity at run time.
    func isNewlineKept(_ lineIndex: Int, _ isDeleted: [Bool]) -> Bool {
      let range = text.lineUTF8Range(lineIndex: lineIndex)
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      return range.upperBound > content.upperBound && !isDeleted[content.upperBound]
    }
    func isBlank(_ lineIndex: Int) -> Bool {
      text.lineContentUTF8Range(lineIndex: lineIndex).isEmpty
    }

    var droppedLineJoinCount = 0
    var droppedAmbiguousStringCount = 0
    var droppedScalarCount = 0
    var unexpressed: [Int] = []

    // Each stretch: an optional content line p, the emptied lines after it, and
    // the next content line q (or the end of the chunk).
    var previousContentLine: Int? = nil
    var stretchStart = 0
    while stretchStart <= lineCount {
      var next = stretchStart
      while next < lineCount && !lineFlags[next].contains(.hasKeptContent) { next += 1 }
      let emptied = stretchStart..<next
      var keptNewlines = 0
      if let p = previousContentLine, isNewlineKept(p, isDeleted) { keptNewlines += 1 }
      for lineIndex in emptied where isNewlineKept(lineIndex, isDeleted) { keptNewlines += 1 }

      var keptLineCount: Int
      let hasNextContent = next < lineCount
      if let p = previousContentLine {
        // p's own newline separates it from what follows, except at the end of
        // a chunk without final newline.
        if hasNextContent || text.endsWithNewline {
          keptLineCount = keptNewlines - 1
          if keptLineCount < 0 {
            keptLineCount = 0
            droppedLineJoinCount += 1
            droppedScalarCount += 1
            unexpressed.append(p)
            if hasNextContent { unexpressed.append(next) }
          }
        } else {
          keptLineCount = keptNewlines
        }
      } else if hasNextContent || text.endsWithNewline {
        keptLineCount = keptNewlines
      } else {
        // Only emptied lines, no final newline: k kept lines give k - 1 newlines.
        keptLineCount = keptNewlines == 0 && !keepsALineWhenEmptied ? 0 : keptNewlines + 1
      }
      if emptied.isEmpty || keptLineCount >= emptied.count {
        // Every emptied line stays (or there is none): chooseKeptLines's answer, without
        // its arrays.
      } else if keptLineCount <= 0 {
        // None stays, the common case of whole deleted lines.
        for lineIndex in emptied { lineFlags[lineIndex].insert(.isRemoved) }
      } else {
        let keeps = chooseKeptLines(
          count: keptLineCount, among: emptied.map { isBlank($0) },
          preferring: emptied.map { isNewlineKept($0, isDeleted) })
        for (position, lineIndex) in emptied.enumerated() where !keeps[position] {
          lineFlags[lineIndex].insert(.isRemoved)
        }
      }
      guard hasNextContent else { break }
      previousContentLine = next
      stretchStart = next + 1
    }

    var calls: [ProgramCall] = []
    var lineIndex = 0
    while lineIndex < lineCount {
      if lineFlags[lineIndex].contains(.isRemoved) {
        var runEnd = lineIndex
        while runEnd + 1 < lineCount && lineFlags[runEnd + 1].contains(.isRemoved) { runEnd += 1 }
        calls.append(.removeLines(lineIndex + 1...runEnd + 1))
        lineIndex = runEnd + 1
        continue
      }
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      if !lineFlags[lineIndex].contains(.hasKeptContent) {
        if !content.isEmpty {
          calls.append(
            .removeString(
              lineNumber: lineIndex + 1, text: String(decoding: bytes[content], as: UTF8.self)))
        }
        lineIndex += 1
        continue
      }
      guard lineFlags[lineIndex].contains(.hasDeletedContent) else {
        lineIndex += 1
        continue
      }
      var offset = content.lowerBound
      while offset < content.upperBound {
        guard isDeleted[offset] else {
          offset += 1
          continue
        }
        var pieceEnd = offset
        while pieceEnd < content.upperBound && isDeleted[pieceEnd] { pieceEnd += 1 }
        let unique = uniquePlacement(
          of: offset..<pieceEnd, in: bytes, content: content, isDeleted: isDeleted)
        if let unique {
          for index in offset..<pieceEnd { isDeleted[index] = false }
          for index in unique { isDeleted[index] = true }
          calls.append(
            .removeString(
              lineNumber: lineIndex + 1, text: String(decoding: bytes[unique], as: UTF8.self)))
        } else {
          droppedAmbiguousStringCount += 1
          for index in offset..<pieceEnd {
            isDeleted[index] = false
            if bytes[index] & 0xC0 != 0x80 { droppedScalarCount += 1 }
          }
          if unexpressed.last != lineIndex { unexpressed.append(lineIndex) }
        }
        offset = max(pieceEnd, unique?.upperBound ?? pieceEnd)
      }
      lineIndex += 1
    }

    // The target, by the executor's rule: kept lines joined by newlines, a final
    // newline when the chunk has one and keeps a line.
    // Sized exactly (a pass over the kept lines' flags), not by the chunk: the targets of a
    // large document are held together until its pairs are encoded.
    // The same pass counts the deleted scalars (bytes that start one, as `scalarCount` counts
    // them), from the removed lines and the deleted bytes of kept lines, not from the whole
    // text and the whole target: the text's newlines that the target does not have are the
    // rest.
    let target: [UInt8]
    var targetByteCount = 0
    var targetLineCount = 0
    var deletedScalarCount = 0
    for lineIndex in 0..<lineCount {
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      if lineFlags[lineIndex].contains(.isRemoved) {
        deletedScalarCount += UTF8Validation.scalarCount(of: bytes, in: content)
        continue
      }
      targetLineCount += 1
      if lineFlags[lineIndex].contains(.hasDeletedContent) {
        for offset in content {
          if !isDeleted[offset] {
            targetByteCount += 1
          } else if bytes[offset] & 0xC0 != 0x80 {
            deletedScalarCount += 1
          }
        }
      } else {
        targetByteCount += content.count
      }
    }
    let finalNewlineCount = text.endsWithNewline ? 0 : 1
    let textNewlineCount = lineCount > 0 ? lineCount - finalNewlineCount : 0
    let targetNewlineCount = targetLineCount > 0 ? targetLineCount - finalNewlineCount : 0
    deletedScalarCount += textNewlineCount - targetNewlineCount
    targetByteCount += targetNewlineCount
    // Written in place, at the size just counted: kept runs copied at once.
    target = [UInt8](unsafeUninitializedCapacity: targetByteCount) { buffer, initializedCount in
      var written = 0
      func write(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        precondition(written + range.count <= buffer.count, "target larger than counted")
        guard let base = source.baseAddress, let destination = buffer.baseAddress else { return }
        (destination + written).update(from: base + range.lowerBound, count: range.count)
        written += range.count
      }
      func writeNewline() {
        precondition(written < buffer.count, "target larger than counted")
        buffer[written] = UInt8(ascii: "\n")
        written += 1
      }
      bytes.withUnsafeBufferPointer { source in
        var hasKeptLine = false
        for lineIndex in 0..<lineCount where !lineFlags[lineIndex].contains(.isRemoved) {
          if hasKeptLine { writeNewline() }
          hasKeptLine = true
          let content = text.lineContentUTF8Range(lineIndex: lineIndex)
          if lineFlags[lineIndex].contains(.hasDeletedContent) {
            var offset = content.lowerBound
            while offset < content.upperBound {
              guard !isDeleted[offset] else {
                offset += 1
                continue
              }
              var runEnd = offset + 1
              while runEnd < content.upperBound && !isDeleted[runEnd] { runEnd += 1 }
              write(source, offset..<runEnd)
              offset = runEnd
            }
          } else {
            write(source, content)
          }
        }
        if hasKeptLine && text.endsWithNewline { writeNewline() }
      }
      precondition(written == targetByteCount, "target smaller than counted")
      initializedCount = written
    }
    unexpressed.sort()
    return MappedProgram(
      program: Program(calls: calls), target: target, deletedScalarCount: deletedScalarCount,
      droppedLineJoinCount: droppedLineJoinCount,
      droppedAmbiguousStringCount: droppedAmbiguousStringCount,
      droppedScalarCount: droppedScalarCount,
      unexpressedLineIndices: unexpressed.reduce(into: []) { if $0.last != $1 { $0.append($1) } })
  }

  /// Chooses which `count` of the emptied lines of a stretch stay, for the
  /// fewest calls: a kept non-blank line costs a `remove_str`, each run of
  /// removed lines a `remove_lines`. Among choices with as few calls, the one
  /// that agrees most with `isPreferred` (the lines whose newline the deletions
  /// keep) wins, then the one that keeps earlier lines.
  ///
  /// - Parameters:
  ///   - count: How many lines stay, at most `isBlank.count`.
  ///   - isBlank: For each emptied line, whether its content is empty.
  ///   - isPreferred: For each emptied line, whether the deletions keep it.
  /// - Returns: For each emptied line, whether it stays.
  /// - Complexity: O(*m* · *k*) for *m* lines and *k* = `count`, up to 2²⁰
  ///   cells; beyond that, O(*m*): the preferred lines, then blank lines.
  static func chooseKeptLines(count: Int, among isBlank: [Bool], preferring isPreferred: [Bool])
    -> [Bool]
  {
    let lineCount = isBlank.count
    var keeps = [Bool](repeating: false, count: lineCount)
    guard count > 0 else { return keeps }
    guard count < lineCount else { return [Bool](repeating: true, count: lineCount) }
    let width = count + 1
    guard lineCount * width <= 1 << 20 else {
      var remaining = count
      for pass in 0..<3 {
        for position in 0..<lineCount where remaining > 0 && !keeps[position] {
          let fits = pass == 0 ? isPreferred[position] : pass == 1 ? isBlank[position] : true
          if fits {
            keeps[position] = true
            remaining -= 1
          }
        }
      }
      return keeps
    }
    // cost[(i * width + k) * 2 + s]: for lines i..<m keeping k of them, when line
    // i - 1 was removed (s = 1) or not (s = 0): m + 1 per call (so calls come
    // first) plus 1 per line whose fate differs from isPreferred.
    let infinity = Int.max / 4
    let call = lineCount + 1
    func keepCost(_ i: Int) -> Int { (isBlank[i] ? 0 : call) + (isPreferred[i] ? 0 : 1) }
    func removeCost(_ i: Int, _ s: Int) -> Int { (s == 1 ? 0 : call) + (isPreferred[i] ? 1 : 0) }
    var cost = [Int](repeating: infinity, count: (lineCount + 1) * width * 2)
    cost[(lineCount * width + 0) * 2 + 0] = 0
    cost[(lineCount * width + 0) * 2 + 1] = 0
    for i in stride(from: lineCount - 1, through: 0, by: -1) {
      for k in 0...min(count, lineCount - i) {
        for s in 0...1 {
          var best = infinity
          if k > 0 {
            let kept = cost[((i + 1) * width + k - 1) * 2 + 0]
            if kept < infinity { best = kept + keepCost(i) }
          }
          let removed = cost[((i + 1) * width + k) * 2 + 1]
          if removed < infinity { best = min(best, removed + removeCost(i, s)) }
          cost[(i * width + k) * 2 + s] = best
        }
      }
    }
    var remaining = count
    var previousRemoved = 0
    for i in 0..<lineCount {
      let removed = cost[((i + 1) * width + remaining) * 2 + 1]
      let removeTotal = removed < infinity ? removed + removeCost(i, previousRemoved) : infinity
      var keepTotal = infinity
      if remaining > 0 {
        let kept = cost[((i + 1) * width + remaining - 1) * 2 + 0]
        if kept < infinity { keepTotal = kept + keepCost(i) }
      }
      if keepTotal <= removeTotal {
        keeps[i] = true
        remaining -= 1
        previousRemoved = 0
      } else {
        previousRemoved = 1
      }
    }
    return keeps
  }

  /// Returns a placement of the deleted piece `piece` of a line whose text is
  /// unique in the line: the piece itself, or the piece slid, at equal cost, left
  /// or right over kept bytes (a shift by one is possible when the byte entering
  /// the piece equals the byte leaving it, so the target is the same text). Among
  /// unique placements the nearest wins, ties to the right; `nil` if none.
  ///
  /// - Complexity: O(*s* · *l*), where *s* is the number of placements tried
  ///   (at most 64 each way) and *l* the line length.
  static func uniquePlacement(
    of piece: Range<Int>, in bytes: [UInt8], content: Range<Int>, isDeleted: [Bool]
  ) -> Range<Int>? {
    func isUnique(_ range: Range<Int>) -> Bool {
      if case .unique = LineSearch.occurrence(ofBytesAt: range, in: bytes, range: content) {
        return true
      }
      return false
    }
    if isUnique(piece) { return piece }
    let start = piece.lowerBound
    let end = piece.upperBound
    // Shifting by one more keeps the same target when the kept byte entering the
    // piece equals the byte leaving it.
    var leftReach = 0
    while leftReach < 64 && start - leftReach - 1 >= content.lowerBound
      && !isDeleted[start - leftReach - 1]
      && bytes[start - leftReach - 1] == bytes[end - leftReach - 1]
    {
      leftReach += 1
    }
    var rightReach = 0
    while rightReach < 64 && end + rightReach < content.upperBound
      && !isDeleted[end + rightReach]
      && bytes[start + rightReach] == bytes[end + rightReach]
    {
      rightReach += 1
    }
    // A placement that touches another deleted run would merge with it.
    func isOtherDeletion(_ offset: Int) -> Bool { isDeleted[offset] && !piece.contains(offset) }
    func isSeparate(_ range: Range<Int>) -> Bool {
      (range.lowerBound == content.lowerBound || !isOtherDeletion(range.lowerBound - 1))
        && (range.upperBound == content.upperBound || !isOtherDeletion(range.upperBound))
    }
    func isScalarBoundary(_ offset: Int) -> Bool {
      offset >= bytes.count || bytes[offset] & 0xC0 != 0x80
    }
    var distance = 1
    while distance <= max(leftReach, rightReach) {
      if distance <= rightReach {
        let moved = piece.lowerBound + distance..<piece.upperBound + distance
        if isScalarBoundary(moved.lowerBound) && isScalarBoundary(moved.upperBound)
          && isSeparate(moved) && isUnique(moved)
        {
          return moved
        }
      }
      if distance <= leftReach {
        let moved = piece.lowerBound - distance..<piece.upperBound - distance
        if isScalarBoundary(moved.lowerBound) && isScalarBoundary(moved.upperBound)
          && isSeparate(moved) && isUnique(moved)
        {
          return moved
        }
      }
      distance += 1
    }
    return nil
  }

  static func scalarCount(_ bytes: [UInt8]) -> Int {
    UTF8Validation.scalarCount(of: bytes)
  }
}

extension ProgramMapper {
  /// What ``makeProgram(for:deletedUTF8Ranges:keepsALineWhenEmptied:)`` knows of a line,
  /// in one byte per line rather than one array per fact.
  fileprivate struct LineFlags: OptionSet {
    let rawValue: UInt8
    /// Some of the line's content is deleted.
    static let hasDeletedContent = LineFlags(rawValue: 1)
    /// Some of the line's content is kept.
    static let hasKeptContent = LineFlags(rawValue: 2)
    /// The line is removed whole.
    static let isRemoved = LineFlags(rawValue: 4)
  }
}

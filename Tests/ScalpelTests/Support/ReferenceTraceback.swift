@testable import Scalpel

/// The character aligner's tie-breaking, restated on the textbook O(N·M) LCS table:
/// the slow oracle that ``BitParallelLCS`` must reproduce run for run.
///
/// Every question the bit-parallel traceback answers from its stored row vectors
/// (is a left step optimal, what is LCS(rows[..<k], columns[..<j])) is read here
/// from the full table `L`, and every walk is one cell at a time.
enum ReferenceTraceback {
  /// The edit runs ``BitParallelLCS/align(_:_:into:budget:)`` must produce for `a`
  /// against `b` when it does not split (Hirschberg).
  ///
  /// - Parameter deletesLines: Whether a match run stops at a matched newline when the
  ///   whole original line that ends there can be deleted at the LCS the run started
  ///   with (the rule the kernel once had). It never fires, which
  ///   `BitParallelLCSTests.wholeLineDeletionInAMatchRunNeverFires` checks; the kernel
  ///   has no such rule, so `false` is what it must reproduce.
  static func runs(_ a: [UInt32], _ b: [UInt32], deletesLines: Bool = false) -> [EditRun] {
    var runs: [EditRun] = []
    var aStart = 0
    var bStart = 0
    while aStart < a.count && bStart < b.count && a[aStart] == b[bStart] {
      aStart += 1
      bStart += 1
    }
    runs.appendRun(.match, count: aStart)
    var aEnd = a.count
    var bEnd = b.count
    while aEnd > aStart && bEnd > bStart && a[aEnd - 1] == b[bEnd - 1] {
      aEnd -= 1
      bEnd -= 1
    }
    if aEnd < a.count && a[aStart..<aEnd].contains(0x0A) {
      aEnd = a.count
      bEnd = b.count
    }
    let n = aEnd - aStart
    let m = bEnd - bStart
    if n == 0 || m == 0 {
      runs.appendRun(.delete, count: n)
      runs.appendRun(.insert, count: m)
    } else {
      let rowsAreA = n * ((m + 63) / 64) <= m * ((n + 63) / 64)
      let middleA = Array(a[aStart..<aEnd])
      let middleB = Array(b[bStart..<bEnd])
      let middle =
        rowsAreA
        ? traceback(
          rows: middleA, columns: middleB, rowKind: .delete, columnKind: .insert,
          deletesLines: deletesLines)
        : traceback(
          rows: middleB, columns: middleA, rowKind: .insert, columnKind: .delete,
          deletesLines: deletesLines)
      for run in middle { runs.appendRun(run.kind, count: run.count) }
    }
    runs.appendRun(.match, count: a.count - aEnd)
    return runs
  }

  private static func traceback(
    rows: [UInt32], columns: [UInt32], rowKind: EditRun.Kind, columnKind: EditRun.Kind,
    deletesLines: Bool
  ) -> [EditRun] {
    let rowCount = rows.count
    let columnCount = columns.count
    var table = [[Int]](
      repeating: [Int](repeating: 0, count: columnCount + 1), count: rowCount + 1)
    for i in stride(from: 1, through: rowCount, by: 1) {
      for j in stride(from: 1, through: columnCount, by: 1) {
        table[i][j] =
          rows[i - 1] == columns[j - 1]
          ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
      }
    }
    let prefersUp = rowKind == .delete
    let newline: UInt32 = 0x0A
    var reversed: [EditRun] = []
    func emit(_ kind: EditRun.Kind, _ count: Int) {
      guard count > 0 else { return }
      if let last = reversed.last, last.kind == kind {
        reversed[reversed.count - 1].count += count
      } else {
        reversed.append(EditRun(kind: kind, count: count))
      }
    }
    func canDeleteOriginalLine(_ i: Int, _ j: Int, _ current: Int) -> Bool {
      if prefersUp {
        var start = i - 1
        while start > 0 && rows[start - 1] != newline { start -= 1 }
        return table[start][j] == current
      } else {
        var start = j - 1
        while start > 0 && columns[start - 1] != newline { start -= 1 }
        return table[i][start] == current
      }
    }
    enum Step { case match, up, left }
    var i = rowCount
    var j = columnCount
    var current = table[i][j]
    var state = prefersUp ? Step.up : Step.left
    var isMatchAfterGap = false
    while i > 0 && j > 0 {
      switch state {
      case .match:
        var count = 0
        var wantsLineDeletion = false
        while i > 0 && j > 0 && rows[i - 1] == columns[j - 1] {
          if deletesLines && rows[i - 1] == newline && (count > 0 || !isMatchAfterGap)
            && canDeleteOriginalLine(i, j, current)
          {
            wantsLineDeletion = true
            break
          }
          i -= 1
          j -= 1
          count += 1
        }
        current -= count
        emit(.match, count)
        isMatchAfterGap = false
        if wantsLineDeletion {
          state = prefersUp ? .up : .left
          continue
        }
      case .up:
        // The smallest row count that keeps the current LCS, one row at a time.
        var count = 0
        while i > 0 && table[i - 1][j] == current {
          i -= 1
          count += 1
        }
        emit(rowKind, count)
      case .left:
        // A left step is optimal while LCS does not drop with one column less.
        var count = 0
        while j > 0 && table[i][j - 1] == table[i][j] {
          j -= 1
          count += 1
        }
        emit(columnKind, count)
      }
      guard i > 0 && j > 0 else { break }
      if rows[i - 1] == columns[j - 1] {
        if state == .match {
          state = prefersUp ? .up : .left
        } else {
          state = .match
          isMatchAfterGap = true
        }
      } else if prefersUp {
        state = table[i - 1][j] == current ? .up : .left
      } else {
        state = table[i][j - 1] == table[i][j] ? .left : .up
      }
    }
    emit(rowKind, i)
    emit(columnKind, j)
    var runs: [EditRun] = []
    for run in reversed.reversed() { runs.appendRun(run.kind, count: run.count) }
    return runs
  }
}

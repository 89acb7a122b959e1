/// What a program deletes from one chunk, byte by byte and line by line, by call kind: the
/// ground on which `eval` compares a model's program with its label (Specification §6.4).
///
/// Built from the calls the executor applied (``DeletionMarks``): a `remove_lines` call
/// deletes its lines with their newlines, a `remove_str` call the bytes of its unique match.
/// A line is **removed** when an applied `remove_lines` drops it (kind `remove_lines`), or
/// when it is not dropped, has content, and applied `remove_str` calls delete all of it (kind
/// `remove_str`: the line stays as an empty line). Characters are Unicode scalars.
package struct ChunkDeletions: Sendable, Hashable {
  /// Per byte of the chunk: ``byRemoveLines`` and ``byRemoveString`` bits; 0 when kept.
  package let byteKinds: [UInt8]
  /// Per line: ``byRemoveLines``, ``byRemoveString`` or 0 when the line is not removed.
  package let lineKinds: [UInt8]
  /// The chunk after the program.
  package let output: NormalizedText

  /// The bit of a byte or line deleted by `remove_lines`.
  package static let byRemoveLines: UInt8 = 1
  /// The bit of a byte deleted by `remove_str`, or of a line it empties.
  package static let byRemoveString: UInt8 = 2

  /// Nothing deleted: the chunk stays as it is.
  package init(keeping text: NormalizedText) {
    byteKinds = [UInt8](repeating: 0, count: text.utf8.count)
    lineKinds = [UInt8](repeating: 0, count: text.lineCount)
    output = text
  }

  /// The deletions of the calls of `program` that the executor applies to `text`.
  ///
  /// - Complexity: That of ``DeletionMarks/init(program:text:)`` plus O(*n*) for the
  ///   chunk's *n* bytes.
  package init(program: Program, text: NormalizedText) {
    let marks = DeletionMarks(program: program, text: text)
    var byteKinds = [UInt8](repeating: 0, count: text.utf8.count)
    var lineKinds = [UInt8](repeating: 0, count: text.lineCount)
    for lineIndex in 0..<text.lineCount {
      let content = text.lineContentUTF8Range(lineIndex: lineIndex)
      var stringBytes = 0
      for range in marks.removedStringUTF8Ranges[lineIndex] {
        for offset in range {
          byteKinds[content.lowerBound + offset] |= Self.byRemoveString
        }
        stringBytes += range.count
      }
      if marks.isLineRemoved[lineIndex] {
        for offset in text.lineUTF8Range(lineIndex: lineIndex) {
          byteKinds[offset] |= Self.byRemoveLines
        }
        lineKinds[lineIndex] = Self.byRemoveLines
      } else if !content.isEmpty && stringBytes == content.count {
        lineKinds[lineIndex] = Self.byRemoveString
      }
    }
    self.byteKinds = byteKinds
    self.lineKinds = lineKinds
    output = marks.execution.text
  }

  /// Whether the program deletes nothing.
  package var deletesNothing: Bool { !byteKinds.contains { $0 != 0 } }
}

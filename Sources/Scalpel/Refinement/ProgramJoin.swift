/// A streaming merge join of documents with the programs of a programs file.
///
/// The programs file must list documents in the order of the corpus: all lines of one
/// document together (its chunks in any order), and documents in the order they are
/// read. Documents without programs may be left out, which is what `build-pairs` does
/// with the records it rejects, so a pairs file joins with the corpus it was built from.
///
/// For each document, in corpus order, ``programs(for:)`` looks at the next program
/// line: if it belongs to the document, it takes it and every following line with the
/// same id; otherwise the document has no programs and the line waits for a later
/// document. After the last document, ``firstUnconsumedLine()`` tells whether a program
/// line was never taken, which means the file is not in corpus order or names a
/// document that is not in the corpus.
///
/// Memory holds one document's programs at a time, whatever the size of the files.
/// Lines that are not program records (see ``ProgramRecord``) are counted and skipped.
/// A join is meant for one thread.
package final class ProgramJoin {
  /// The programs file; `-` is standard input.
  package var path: String { reader.path }
  /// Lines read from the programs file, blank lines excepted.
  package var lineCount: Int { reader.lineCount }
  /// Lines that are not program records.
  package var invalidLineCount: Int { reader.invalidLineCount }
  /// The location and problem of the first invalid line, such as `p.jsonl:3: invalid JSON …`.
  package var firstInvalidLine: String? { reader.firstInvalidLine }

  /// The ``Recipe/hash`` of the run: a pair line made with another recipe (`meta.recipe`)
  /// fails the join, since its chunks and line numbers are another recipe's.
  package var expectedRecipeHash: String?

  private let reader: ProgramsFileReader
  /// The next program record not yet taken, with its line number.
  private var head: (record: ProgramRecord, lineNumber: Int)?
  private var isExhausted = false

  /// Opens the programs file.
  ///
  /// - Parameters:
  ///   - path: The programs file (plain or gzip), or `-` for standard input.
  ///   - maximumLineByteCount: Longer lines are counted as invalid without being read.
  ///   - cancellation: Stops a read blocked on standard input when raised.
  /// - Throws: ``FileError`` if the file cannot be opened.
  package init(
    path: String, maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount,
    cancellation: CancellationFlag? = nil
  ) throws(FileError) {
    reader = try ProgramsFileReader(
      path: path, maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
  }

  /// Returns the programs of the document `documentID` if the next program lines belong
  /// to it, or an empty list.
  ///
  /// - Throws: ``FileError`` when reading the programs file fails.
  /// - Complexity: O(*n*), where *n* is the size of the lines taken plus any invalid
  ///   lines skipped.
  package func programs(for documentID: String) throws(FileError) -> [ChunkProgram] {
    var programs: [ChunkProgram] = []
    while true {
      if head == nil { try advance() }
      guard let current = head, current.record.documentID.utf8.elementsEqual(documentID.utf8)
      else { return programs }
      if let expected = expectedRecipeHash, let hash = current.record.recipeHash, hash != expected {
        throw FileError(
          path: path, operation: "join the programs of",
          reason:
            "line \(current.lineNumber) was made with recipe \(hash), not with this run's recipe \(expected) (--recipe): its chunks and line numbers may differ")
      }
      programs.append(
        ChunkProgram(chunkIndex: current.record.chunkIndex, output: current.record.output))
      head = nil
    }
  }

  /// The first program line that no document took, or `nil` when every line was taken.
  ///
  /// Call it after the last document.
  ///
  /// - Throws: ``FileError`` when reading the programs file fails.
  package func firstUnconsumedLine() throws(FileError) -> (lineNumber: Int, documentID: String)? {
    if head == nil { try advance() }
    return head.map { ($0.lineNumber, $0.record.documentID) }
  }

  /// Reads the next valid program record into `head`.
  private func advance() throws(FileError) {
    guard !isExhausted, head == nil else { return }
    if let next = try reader.next() {
      head = (next.record, next.lineNumber)
    } else {
      isExhausted = true
    }
  }
}

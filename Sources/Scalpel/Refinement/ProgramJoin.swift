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
/// The lines are read in batches of at most `batchLineCount` lines or `batchByteCount` bytes,
/// and each batch is parsed on `workerCount` threads (``ProgramsFileReader/read(_:parser:)``),
/// so that the parse of a large programs file (a pairs file holds every chunk's prompt) is
/// not the serial part of `apply`. The join itself takes the parsed lines in file order, so
/// the counts, the first invalid line and every error are those of a line-by-line read;
/// a read error is thrown when the join reaches the line it stopped at.
///
/// Memory holds one batch (its lines, then their program records) and one document's
/// programs at a time, whatever the size of the files.
/// Lines that are not program records (see ``ProgramRecord``) are counted and skipped.
/// A join is meant for one thread (it uses the workers only while it parses a batch).
package final class ProgramJoin {
  /// The programs file; `-` is standard input.
  package var path: String { reader.path }
  /// Lines read from the programs file, blank lines excepted.
  package private(set) var lineCount = 0
  /// Lines that are not program records.
  package private(set) var invalidLineCount = 0
  /// The location and problem of the first invalid line, such as `p.jsonl:3: invalid JSON …`.
  package private(set) var firstInvalidLine: String?

  /// The ``Recipe/hash`` of the run: a pair line made with another recipe (`meta.recipe`)
  /// fails the join, since its chunks and line numbers are another recipe's.
  package var expectedRecipeHash: String?

  private let reader: LineReader
  private let workerCount: Int
  private let batchLineCount: Int
  private let batchByteCount: Int
  /// The parsed lines of the current batch, with their line numbers, and the next to take.
  private var batch: [(lineNumber: Int, line: ProgramsFileReader.Line)] = []
  private var batchIndex = 0
  /// The error that ended the last batch's read, thrown once its lines are taken.
  private var readError: FileError?
  private var isReaderAtEnd = false
  /// The next program record not yet taken, with its line number.
  private var head: (record: ProgramRecord, lineNumber: Int)?
  private var isExhausted = false

  /// Opens the programs file.
  ///
  /// - Parameters:
  ///   - path: The programs file (plain or gzip), or `-` for standard input.
  ///   - maximumLineByteCount: Longer lines are counted as invalid without being read.
  ///   - workerCount: The threads that parse each batch of lines.
  ///   - batchLineCount: The most lines read and parsed at once.
  ///   - batchByteCount: A batch ends at the line that reaches this many bytes.
  ///   - cancellation: Stops a read blocked on standard input when raised.
  /// - Throws: ``FileError`` if the file cannot be opened.
  package init(
    path: String, maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount,
    workerCount: Int = 1, batchLineCount: Int = 4096, batchByteCount: Int = 8 << 20,
    cancellation: CancellationFlag? = nil
  ) throws(FileError) {
    reader = try LineReader(
      path: path, maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
    self.workerCount = max(workerCount, 1)
    self.batchLineCount = max(batchLineCount, 1)
    self.batchByteCount = max(batchByteCount, 1)
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
            "line \(current.lineNumber) was made with recipe \(hash), not with this run's recipe \(expected) (--recipe): its chunks and line numbers may differ"
        )
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

  /// Takes parsed lines until the next valid program record, which goes into `head`.
  private func advance() throws(FileError) {
    guard !isExhausted, head == nil else { return }
    while true {
      if batchIndex == batch.count {
        if let readError { throw readError }
        if isReaderAtEnd {
          isExhausted = true
          return
        }
        readBatch()
        continue
      }
      let (lineNumber, line) = batch[batchIndex]
      batchIndex += 1
      switch line {
      case .blank:
        continue
      case .invalid(let problem):
        lineCount += 1
        invalidLineCount += 1
        if firstInvalidLine == nil { firstInvalidLine = "\(path):\(lineNumber): \(problem)" }
      case .record(let record, _):
        lineCount += 1
        head = (record, lineNumber)
        return
      }
    }
  }

  /// Reads the next batch of lines and parses it on the workers.
  private func readBatch() {
    var lines: [LineRecord] = []
    var byteCount = 0
    do throws(FileError) {
      while lines.count < batchLineCount && byteCount < batchByteCount {
        guard let line = try reader.nextLine() else {
          isReaderAtEnd = true
          break
        }
        if case .line(_, let bytes) = line { byteCount += bytes.count + 1 }
        lines.append(line)
      }
    } catch {
      readError = error
    }
    let read = lines
    batch = ConcurrentMap.map(count: read.count, workerCount: workerCount) { index in
      (read[index].lineNumber, ProgramsFileReader.read(read[index]))
    }
    batchIndex = 0
  }
}

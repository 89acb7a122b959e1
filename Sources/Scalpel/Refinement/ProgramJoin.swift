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
/// the next batch on another thread while one is joined, and each batch is parsed on
/// `workerCount` threads (``ProgramsFileReader/read(_:parser:)``),
/// so that the parse of a large programs file (a pairs file holds every chunk's prompt) is
/// not the serial part of `apply`; with more than one worker on a file (not standard input
/// or a pipe), the batch read ahead is parsed ahead as well, so that the join does not wait
/// for a parse while the documents of a round are refined. The join itself takes the parsed lines in file order, so
/// the counts, the first invalid line and every error are those of a line-by-line read;
/// a read error is thrown when the join reaches the line it stopped at.
///
/// Memory holds two batches (the lines read ahead, parsed or not, and the program records of
/// the one being joined) and one document's
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
  /// Whether the batch read ahead is parsed ahead too, on the thread that reads it, while
  /// the current batch is joined: with more than one worker on a file that is not standard
  /// input or a pipe. Otherwise the batch is parsed when the join reaches it.
  private let parsesAhead: Bool
  /// The parsed lines of the current batch, with their line numbers, and the next to take.
  private var batch: [(lineNumber: Int, line: ProgramsFileReader.Line)] = []
  private var batchIndex = 0
  /// The error that ended the last batch's read, thrown once its lines are taken.
  private var readError: FileError?
  private var isReaderAtEnd = false
  /// The read of the next batch, under way on another thread; it alone uses `reader` then.
  private var pendingRead: ReadAhead<RawBatch>?
  /// The next program record not yet taken, with its line number.
  private var head: (record: ProgramRecord, lineNumber: Int)?
  private var isExhausted = false

  /// Opens the programs file.
  ///
  /// - Parameters:
  ///   - path: The programs file (plain, gzip or zstd), or `-` for standard input.
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
    parsesAhead = self.workerCount > 1 && ProgramsFileKind.isRereadable(path)
    // The first batch is read and parsed while the job reads and parses its first round.
    if parsesAhead { startReadAhead() }
  }

  deinit {
    // The reader is not released under a read still running.
    _ = pendingRead?.wait()
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

  /// The lines of one batch as read, and parsed when read ahead with ``parsesAhead``.
  private struct RawBatch: Sendable {
    var lines: [LineRecord] = []
    /// The parsed lines, with their line numbers, when parsed where they were read.
    var parsed: [(lineNumber: Int, line: ProgramsFileReader.Line)]?
    /// The error that stopped the read.
    var error: FileError?
    var isAtEnd = false
  }

  /// Reads up to `lineCount` lines or `byteCount` bytes of `reader`.
  private static func readLines(_ reader: LineReader, lineCount: Int, byteCount: Int) -> RawBatch {
    var batch = RawBatch()
    var bytesRead = 0
    do throws(FileError) {
      while batch.lines.count < lineCount && bytesRead < byteCount {
        guard let line = try reader.nextLine() else {
          batch.isAtEnd = true
          break
        }
        if case .line(_, let bytes) = line { bytesRead += bytes.count + 1 }
        batch.lines.append(line)
      }
    } catch {
      batch.error = error
    }
    return batch
  }

  /// Takes the next batch of lines (read ahead while the last one was joined), starts
  /// reading the one after it on another thread, and parses it on the workers, unless it
  /// was parsed ahead too (``parsesAhead``).
  private func readBatch() {
    var raw: RawBatch?
    if let pendingRead, case .success(let read) = pendingRead.wait() { raw = read }
    pendingRead = nil
    let read =
      raw ?? Self.readLines(reader, lineCount: batchLineCount, byteCount: batchByteCount)
    isReaderAtEnd = read.isAtEnd
    readError = read.error
    if !read.isAtEnd && read.error == nil { startReadAhead() }
    batch = read.parsed ?? Self.parse(read.lines, workerCount: workerCount)
    batchIndex = 0
  }

  /// Starts reading the next batch on another thread (and parsing it, with ``parsesAhead``).
  private func startReadAhead() {
    let (reader, lineCount, byteCount) = (self.reader, batchLineCount, batchByteCount)
    let parseWorkerCount = parsesAhead ? workerCount : 0
    pendingRead = ReadAhead {
      var batch = Self.readLines(reader, lineCount: lineCount, byteCount: byteCount)
      if parseWorkerCount > 0 {
        batch.parsed = Self.parse(batch.lines, workerCount: parseWorkerCount)
        batch.lines = []
      }
      return batch
    }
  }

  /// Parses `lines` on `workerCount` threads.
  private static func parse(_ lines: [LineRecord], workerCount: Int) -> [(
    lineNumber: Int, line: ProgramsFileReader.Line
  )] {
    ConcurrentMap.map(count: lines.count, workerCount: workerCount) { index in
      (lines[index].lineNumber, ProgramsFileReader.read(lines[index]))
    }
  }
}

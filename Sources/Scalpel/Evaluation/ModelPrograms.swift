/// The model's programs for `eval`, found by chunk in any order (Specification §6.4).
///
/// A batch output file (told as in §6.2) is indexed by ``BatchReplyIndex`` (32 bytes of
/// memory per line, the texts spooled to disk), and of several replies for one chunk the
/// first usable one wins, as in `apply`. Program records (native `{"id","chunk","program"}`
/// lines or pairs) are read into memory, since they hold only programs; of several lines
/// for one chunk the first wins. The replies of a document are taken when its first label
/// asks; those of its chunks no label asks for are counted as without a label at the end.
/// Meant for one thread.
package final class ModelPrograms {
  /// The programs file.
  package let path: String
  /// Lines read, blank lines excepted.
  package private(set) var lineCount = 0
  /// Lines that give a program (usable replies, or valid program records).
  package private(set) var programLineCount = 0
  /// Program-record lines that are not program records, and the first of them.
  package private(set) var invalidLineCount = 0
  package private(set) var firstInvalidLine: String?
  /// Lines not used because their chunk had another.
  package private(set) var supersededCount = 0

  private var replies: BatchReplyIndex?
  /// Chunk programs taken from the index or read from records, by document and chunk.
  private var pending: [String: [Int: ChunkProgram]] = [:]

  /// Reads the programs file (plain, gzip or zstd; `-` is standard input, read as records).
  ///
  /// - Throws: ``JobError/invalidReply(path:lineNumber:problem:)`` for a batch line that
  ///   names no chunk, ``JobError/noUsablePrograms(path:detail:)`` when no line gives a
  ///   program, ``JobError/file(_:)`` for a read or spool error.
  package init(
    path: String, spoolDirectory: String, maximumLineByteCount: Int,
    cancellation: CancellationFlag?
  ) throws(JobError) {
    self.path = path
    let kind: ProgramsFileKind
    do throws(FileError) {
      kind = try ProgramsFileKind.detect(path: path, maximumLineByteCount: maximumLineByteCount)
    } catch {
      throw .file(error)
    }
    switch kind {
    case .batchOutput:
      let index = try BatchReplyIndex(
        path: path, spoolDirectory: spoolDirectory, maximumLineByteCount: maximumLineByteCount,
        cancellation: cancellation)
      (lineCount, programLineCount) = (index.lineCount, index.programLineCount)
      replies = index
      guard programLineCount > 0 else {
        throw .noUsablePrograms(
          path: path,
          detail:
            "\(lineCount) batch reply line(s), none usable: each has an error, a status other than 200, finish_reason length or no content"
        )
      }
    case .programRecords:
      do throws(FileError) {
        let reader = try ProgramsFileReader(
          path: path, maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
        while let (record, _, _) = try reader.next() {
          if pending[record.documentID]?[record.chunkIndex] != nil {
            supersededCount += 1
          } else {
            pending[record.documentID, default: [:]][record.chunkIndex] = ChunkProgram(
              chunkIndex: record.chunkIndex, output: record.output)
          }
        }
        (lineCount, invalidLineCount) = (reader.lineCount, reader.invalidLineCount)
        firstInvalidLine = reader.firstInvalidLine
        programLineCount = lineCount - invalidLineCount
      } catch {
        throw .file(error)
      }
      if programLineCount == 0 && lineCount > 0 {
        throw .noUsablePrograms(
          path: path,
          detail: "all \(lineCount) line(s) are invalid, the first: \(firstInvalidLine ?? "?")")
      }
    }
  }

  /// Takes the program of chunk `chunkIndex` of `documentID`, or `nil` when it has none.
  ///
  /// - Throws: ``JobError/file(_:)`` when the spool cannot be read.
  /// - Complexity: O(log *r* + *m*) for *r* reply lines and *m* bytes of the document's
  ///   replies, the first time a document is asked for.
  package func take(documentID: String, chunkIndex: Int) throws(JobError) -> ChunkProgram? {
    if pending[documentID] == nil, let replies {
      let taken = try replies.take(documentID: documentID)
      var programs: [Int: ChunkProgram] = [:]
      var cursor = 0
      while cursor < taken.count {
        let start = cursor
        while cursor < taken.count && taken[cursor].chunkIndex == taken[start].chunkIndex {
          cursor += 1
        }
        supersededCount += cursor - start - 1
        programs[taken[start].chunkIndex] = ReplyJoin.program(of: taken[start..<cursor])
      }
      if !programs.isEmpty { pending[documentID] = programs }
    }
    guard let program = pending[documentID]?.removeValue(forKey: chunkIndex) else { return nil }
    if pending[documentID]?.isEmpty == true { pending[documentID] = nil }
    return program
  }

  /// Replies or records for chunks that no label asked for.
  ///
  /// - Complexity: O(*r*) in the lines of the file.
  package var unlabelledCount: Int {
    pending.values.reduce(0) { $0 + $1.count } + (replies?.unconsumedLineCount ?? 0)
  }
}

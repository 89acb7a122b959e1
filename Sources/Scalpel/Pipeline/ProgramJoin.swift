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
public final class ProgramJoin {
  /// The programs file; `-` is standard input.
  public let path: String
  /// Lines read from the programs file, blank lines excepted.
  public private(set) var lineCount = 0
  /// Lines that are not program records.
  public private(set) var invalidLineCount = 0
  /// The location and problem of the first invalid line, such as `p.jsonl:3: invalid JSON …`.
  public private(set) var firstInvalidLine: String?

  private let reader: LineReader
  private let parser = JSONParser()
  /// The next program record not yet taken, with its line number.
  private var head: (record: ProgramRecord, lineNumber: Int)?
  private var isExhausted = false

  /// Opens the programs file.
  ///
  /// - Parameters:
  ///   - path: The programs file (plain or gzip), or `-` for standard input.
  ///   - maximumLineByteCount: Longer lines are counted as invalid without being read.
  /// - Throws: ``FileError`` if the file cannot be opened.
  public init(path: String, maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount)
    throws(FileError)
  {
    self.path = path
    reader = try LineReader(path: path, maximumLineByteCount: maximumLineByteCount)
  }

  /// Returns the programs of the document `documentID` if the next program lines belong
  /// to it, or an empty list.
  ///
  /// - Throws: ``FileError`` when reading the programs file fails.
  /// - Complexity: O(*n*), where *n* is the size of the lines taken plus any invalid
  ///   lines skipped.
  public func programs(for documentID: String) throws(FileError) -> [ChunkProgram] {
    var programs: [ChunkProgram] = []
    while true {
      if head == nil { try advance() }
      guard let current = head, current.record.documentID.utf8.elementsEqual(documentID.utf8)
      else { return programs }
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
  public func firstUnconsumedLine() throws(FileError) -> (lineNumber: Int, documentID: String)? {
    if head == nil { try advance() }
    return head.map { ($0.lineNumber, $0.record.documentID) }
  }

  /// Reads the next valid program record into `head`, counting invalid lines.
  private func advance() throws(FileError) {
    while !isExhausted, head == nil {
      guard let line = try reader.nextLine() else {
        isExhausted = true
        return
      }
      switch line {
      case .lineTooLong(let lineNumber, let byteCount):
        lineCount += 1
        noteInvalid(lineNumber, "line of \(byteCount) bytes exceeds the line limit")
      case .line(let lineNumber, let bytes):
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
        lineCount += 1
        do {
          let value = try parser.parse(bytes)
          head = (try ProgramRecord(json: value), lineNumber)
        } catch let error as JSONParseError {
          noteInvalid(lineNumber, "invalid JSON: \(error)")
        } catch let error as ProgramRecord.ReadError {
          noteInvalid(lineNumber, error.description)
        } catch {
          noteInvalid(lineNumber, "\(error)")
        }
      }
    }
  }

  private func noteInvalid(_ lineNumber: Int, _ problem: String) {
    invalidLineCount += 1
    if firstInvalidLine == nil { firstInvalidLine = "\(path):\(lineNumber): \(problem)" }
  }
}

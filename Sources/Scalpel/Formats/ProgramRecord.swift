/// One line of a programs file: the output a model wrote for one chunk of one document.
///
/// Two layouts are read:
/// - the native layout `{"id": <document id>, "chunk": <k>, "program": "<model output>"}`,
///   where `chunk` is optional (default 0);
/// - the pairs that `build-pairs` writes (``TrainingPairFormat``), where the program is
///   `completion`, `output` or the content of the last `assistant` message.
///
/// Ids follow ``RecordID`` (strings, or integers written in decimal). When a line has no `chunk` field and
/// no `program` field (a pair), an id that ends in `#` and at most nine digits is split
/// into the document id and the chunk index by ``PairID/split(_:)``: `web-7#2` is
/// chunk 2 of `web-7`. A native line's id is never split.
public struct ProgramRecord: Sendable, Hashable {
  /// Why a line is not a program record.
  public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public var description: String
  }

  /// The document the program belongs to.
  public var documentID: String
  /// The chunk of the document, from 0.
  public var chunkIndex: Int
  /// The model output.
  public var output: String
  /// `meta.recipe` of a pair line: the ``Recipe/hash`` the pair was made with.
  public var recipeHash: String?

  /// Creates a record.
  public init(documentID: String, chunkIndex: Int, output: String) {
    (self.documentID, self.chunkIndex, self.output) = (documentID, chunkIndex, output)
  }

  /// The top-level members that ``reading(json:)`` reads: a programs file's line is parsed
  /// with only their strings built (``JSONParser/parse(_:stringKeys:)``), not those of
  /// members such as a pair's `prompt`.
  package static let readKeys = [
    "id", "program", "completion", "output", "messages", "chunk", "meta",
  ]

  /// Reads a record from one parsed JSON line.
  ///
  /// - Throws: ``ReadError`` when the line is not an object, lacks an id or a program,
  ///   or has a `chunk` that is not a non-negative integer.
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  public init(json value: JSONValue) throws(ReadError) {
    self = try ProgramRecord.reading(json: value).record
  }

  /// Reads a record and tells whether its chunk was given (a `chunk` field or a pair id
  /// with a chunk suffix) rather than taken as 0.
  ///
  /// - Throws: ``ReadError``, as ``init(json:)``.
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  package static func reading(json value: JSONValue) throws(ReadError) -> (
    record: ProgramRecord, isChunkGiven: Bool
  ) {
    guard case .object = value else { throw ReadError(description: "line is not a JSON object") }
    var id: String
    switch RecordID.canonical(value["id"]) {
    case .success(let canonical?): id = canonical
    case .success(nil): throw ReadError(description: "field 'id' is missing or empty")
    case .failure(let error): throw ReadError(description: "field 'id' \(error.problem)")
    }
    let output: String
    var isPair = false
    if let program = value["program"] {
      guard case .string(let string) = program else {
        throw ReadError(description: "field 'program' is not a string")
      }
      output = string
    } else if let program = TrainingPairRecord.program(of: value) {
      (output, isPair) = (program, true)
    } else {
      throw ReadError(
        description:
          "no program: expected 'program', 'completion', 'output' or an assistant message")
    }
    var chunkIndex = 0
    var isChunkGiven = true
    if let chunk = value["chunk"], chunk != .null {
      guard let index = chunk.integerValue, index >= 0 else {
        throw ReadError(description: "field 'chunk' is not a non-negative integer")
      }
      chunkIndex = index
    } else if isPair, case (let documentID, let index?) = PairID.split(id) {
      (id, chunkIndex) = (documentID, index)
    } else {
      isChunkGiven = false
    }
    guard !id.isEmpty else { throw ReadError(description: "field 'id' is empty") }
    var record = ProgramRecord(documentID: id, chunkIndex: chunkIndex, output: output)
    record.recipeHash = value["meta"]?["recipe"]?.stringValue
    return (record, isChunkGiven)
  }
}

/// The one reader of programs files, for `apply` (`ProgramJoin`) and `inspect`: yields
/// the valid ``ProgramRecord``s in order and counts the lines that are not program records.
package final class ProgramsFileReader {
  /// The programs file; `-` is standard input.
  package let path: String
  /// Lines read, blank lines excepted.
  package private(set) var lineCount = 0
  /// Lines that are not program records.
  package private(set) var invalidLineCount = 0
  /// The location and problem of the first invalid line, such as `p.jsonl:3: invalid JSON …`.
  package private(set) var firstInvalidLine: String?

  private let reader: LineReader
  private let parser = JSONParser()

  /// Opens the programs file (plain, gzip or zstd, or `-`).
  ///
  /// - Throws: ``FileError`` if it cannot be opened.
  package init(
    path: String, maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount,
    cancellation: CancellationFlag? = nil
  ) throws(FileError) {
    self.path = path
    reader = try LineReader(
      path: path, maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
  }

  /// The next valid record with its line number and whether its chunk was given, or `nil`.
  ///
  /// - Throws: ``FileError`` when reading fails.
  /// - Complexity: O(*n*), where *n* is the size of the lines read.
  package func next() throws(FileError) -> (
    record: ProgramRecord, isChunkGiven: Bool, lineNumber: Int
  )? {
    while let line = try reader.nextLine() {
      switch Self.read(line, parser: parser) {
      case .blank: continue
      case .invalid(let problem):
        lineCount += 1
        noteInvalid(line.lineNumber, problem)
      case .record(let record, let isChunkGiven):
        lineCount += 1
        return (record, isChunkGiven, line.lineNumber)
      }
    }
    return nil
  }

  /// What one line of a programs file is.
  package enum Line: Sendable {
    /// A blank line (spaces and tabs only): not counted.
    case blank
    /// A program record, and whether its chunk was given.
    case record(ProgramRecord, isChunkGiven: Bool)
    /// A line that is not a program record, and why.
    case invalid(String)
  }

  /// Reads one line of a programs file; it depends on the line alone, so that several
  /// threads can read the lines of one file (`ProgramJoin`).
  ///
  /// - Complexity: O(*n*), where *n* is the size of the line.
  package static func read(_ line: LineRecord, parser: JSONParser = JSONParser()) -> Line {
    switch line {
    case .lineTooLong(_, let byteCount):
      return .invalid("line of \(byteCount) bytes exceeds the line limit")
    case .line(_, let bytes):
      if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return .blank }
      let value: JSONValue
      do {
        value = try parser.parse(bytes, stringKeys: ProgramRecord.readKeys)
      } catch {
        return .invalid("invalid JSON: \(error)")
      }
      do {
        let (record, isChunkGiven) = try ProgramRecord.reading(json: value)
        return .record(record, isChunkGiven: isChunkGiven)
      } catch {
        return .invalid(error.description)
      }
    }
  }

  private func noteInvalid(_ lineNumber: Int, _ problem: String) {
    invalidLineCount += 1
    if firstInvalidLine == nil { firstInvalidLine = "\(path):\(lineNumber): \(problem)" }
  }
}

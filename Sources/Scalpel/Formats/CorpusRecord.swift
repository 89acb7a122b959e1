/// Where the fields of a corpus record are found, for every command.
public struct CorpusFields: Sendable, Hashable, Codable {
  /// The field holding the document id (a string or an integer, see ``RecordID``).
  public var id: String
  /// The field holding the original text.
  public var text: String
  /// `build-pairs`: the field holding the refined text, or the raw expert response.
  public var refined: String
  /// `apply`: the field that receives the refined text.
  public var output: String

  /// Creates field names; the defaults are `id`, `text`, `refined` and `refined_text`.
  public init(
    id: String = "id", text: String = "text", refined: String = "refined",
    output: String = "refined_text"
  ) {
    (self.id, self.text, self.refined, self.output) = (id, text, refined, output)
  }
}

/// One line of a corpus: a JSON object with an id (``RecordID``) and a text field.
///
/// The one reader of corpus lines: `build-pairs` (``RecordProcessor``), `apply`
/// (``DocumentRecord``) and `inspect` read records through it, so they reject the same
/// lines with the same ``RejectCode``s: `line_too_long`, `invalid_utf8`, `invalid_json`,
/// `not_an_object`, `invalid_field` (id or text of the wrong type), `missing_field`.
package struct CorpusRecord: Sendable {
  /// The parsed line, a JSON object.
  package var value: JSONValue
  /// The canonical id, or `<shard name>:<line>` when the record has none.
  package var id: String
  /// Where the record is: `<path>:<line>`, the path as given.
  package var source: String
  /// The text field, before newline normalisation; empty when it is read as bytes.
  package var text: String
  /// The names of the string fields read as UTF-8 bytes (`read`'s `byteStringFields`,
  /// without the id field); in ``value`` (and ``text``) their strings are empty.
  package var byteStringNames: [String] = []
  /// Their bytes, in the order of ``byteStringNames``; `nil` for a missing field.
  package var byteStringValues: [[UInt8]?] = []
  /// The line starts of those byte strings without a carriage return, in the order of
  /// ``byteStringNames`` (``JSONParser/parseWithLineStarts(_:byteStringKeys:)``).
  package var byteStringLineStarts: [[Int]?] = []

  /// The bytes of the string field `name` read as bytes, and its line starts when it has
  /// no carriage return; `nil` when it was not read as bytes or is missing.
  package func byteString(_ name: String) -> (bytes: [UInt8], lineStarts: [Int]?)? {
    guard let index = byteStringNames.firstIndex(of: name), let bytes = byteStringValues[index]
    else { return nil }
    return (bytes, byteStringLineStarts[index])
  }

  /// Reads line `record` of the shard at `path` named `shardName`.
  ///
  /// - Parameter byteStringFields: Top-level string fields to read as UTF-8 bytes into
  ///   ``byteStringValues`` (``JSONParser/parseWithLineStarts(_:byteStringKeys:)``); never the
  ///   id field.
  /// - Complexity: O(*n*), where *n* is the length of the line.
  package static func read(
    _ record: LineRecord, path: String, shardName: String, idField: String, textField: String,
    byteStringFields: [String] = [], parser: JSONParser = JSONParser()
  ) -> Result<CorpusRecord, RecordRejection> {
    let source = "\(path):\(record.lineNumber)"
    func reject(_ id: String?, _ code: RejectCode, _ detail: String) -> Result<
      CorpusRecord, RecordRejection
    > {
      .failure(RecordRejection(id: id, source: source, code: code, detail: detail))
    }
    let value: JSONValue
    let byteStrings: [[UInt8]?]
    let lineStarts: [[Int]?]
    let names =
      byteStringFields.contains(idField)
      ? byteStringFields.filter { $0 != idField } : byteStringFields
    switch object(record, source: source, byteStringKeys: names, parser: parser) {
    case .failure(let rejection): return .failure(rejection)
    case .success(let object): (value, byteStrings, lineStarts) = object
    }
    let id: String
    switch RecordID.canonical(value[idField]) {
    case .success(let canonical?): id = canonical
    case .success(nil):
      id = RecordID.generated(shardName: shardName, lineNumber: record.lineNumber)
    case .failure(let error):
      return reject(nil, .invalidField, "field '\(idField)' \(error.problem)")
    }
    guard let textValue = value[textField] else {
      return reject(id, .missingField, "field '\(textField)' is missing")
    }
    guard case .string(let text) = textValue else {
      return reject(id, .invalidField, "field '\(textField)' is not a string")
    }
    return .success(
      CorpusRecord(
        value: value, id: id, source: source, text: text, byteStringNames: names,
        byteStringValues: byteStrings, byteStringLineStarts: lineStarts))
  }
}

extension CorpusRecord {
  /// The JSON object of line `record`, or its rejection: `line_too_long`, `invalid_utf8`,
  /// `invalid_json` or `not_an_object`, without an id; the reading every JSONL input of a
  /// job starts with (corpus records here, pair lines in `prompts --pairs`).
  ///
  /// - Parameters:
  ///   - record: The line.
  ///   - source: `<path>:<line>`, for the rejection.
  ///   - parser: The JSON parser.
  /// - Returns: The object, or the rejection.
  /// - Complexity: O(*n*), where *n* is the length of the line.
  package static func object(
    _ record: LineRecord, source: String, parser: JSONParser = JSONParser()
  ) -> Result<JSONValue, RecordRejection> {
    object(record, source: source, byteStringKeys: [], parser: parser).map(\.value)
  }

  /// The JSON object of line `record`, with the strings of its members `byteStringKeys`
  /// as UTF-8 bytes with their line tables
  /// (``JSONParser/parseWithLineStarts(_:byteStringKeys:)``), or its rejection, as
  /// ``object(_:source:parser:)`` gives it.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the line.
  static func object(
    _ record: LineRecord, source: String, byteStringKeys: [String], parser: JSONParser
  ) -> Result<
    (value: JSONValue, byteStrings: [[UInt8]?], lineStarts: [[Int]?]), RecordRejection
  > {
    func reject(_ code: RejectCode, _ detail: String) -> Result<
      (value: JSONValue, byteStrings: [[UInt8]?], lineStarts: [[Int]?]), RecordRejection
    > {
      .failure(RecordRejection(id: nil, source: source, code: code, detail: detail))
    }
    let bytes: [UInt8]
    switch record {
    case .lineTooLong(_, let byteCount):
      return reject(.lineTooLong, "record of \(byteCount) bytes exceeds the line limit")
    case .line(_, let lineBytes):
      bytes = lineBytes
    }
    let value: JSONValue
    var byteStrings: [[UInt8]?] = []
    var lineStarts: [[Int]?] = []
    do {
      if byteStringKeys.isEmpty {
        value = try parser.parse(bytes)
      } else {
        (value, byteStrings, lineStarts) = try parser.parseWithLineStarts(
          bytes, byteStringKeys: byteStringKeys)
      }
    } catch {
      if case .invalidUTF8 = error.reason { return reject(.invalidUTF8, error.description) }
      return reject(.invalidJSON, error.description)
    }
    guard case .object = value else { return reject(.notAnObject, "record is not a JSON object") }
    return .success((value, byteStrings, lineStarts))
  }

  /// The ids of the records of `round` (`nil` where none could be read), read on the
  /// round's workers: what a step whose shard output is kept (`--resume`) reports.
  ///
  /// - Complexity: O(*n*) in the size of the round.
  package static func ids(in round: JobRound, fields: CorpusFields) -> [String?] {
    ConcurrentMap.map(count: round.records.count, workerCount: round.workerCount) { index in
      switch read(
        round.records[index], path: round.shard.path, shardName: round.shard.name,
        idField: fields.id, textField: fields.text)
      {
      case .success(let record): return record.id
      case .failure(let rejection): return rejection.id
      }
    }
  }
}

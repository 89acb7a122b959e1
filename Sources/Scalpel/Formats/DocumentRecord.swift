/// What reading a corpus line gave: a document or a rejection.
public enum DocumentReadResult: Sendable {
  /// The line holds a document.
  case document(DocumentRecord)
  /// The line was rejected.
  case rejected(RecordRejection)
}

/// One document record of the corpus, read from a JSONL line for refinement.
///
/// The whole parsed object is kept so that it can be written back with every field, in
/// its original order, plus the refined text.
public struct DocumentRecord: Sendable {
  /// The parsed record, a JSON object.
  public var value: JSONValue
  /// The document id (``RecordID``); a record without one gets `<shard name>:<line>`.
  public var id: String
  /// Where the record is: `<path>:<line>`.
  public var source: String
  /// The text to refine, before newline normalisation.
  public var text: String
  /// The programs found in the record itself (with a program field), else empty.
  public var inlinePrograms: [ChunkProgram]

  /// Reads the record on line `lineNumber` of `path` (through `CorpusRecord`).
  ///
  /// With `programField`, that field may hold a string (the program of chunk 0), an
  /// array of strings and `null`s (element *k* is the program of chunk *k*, `null` means
  /// none), or be missing or `null` (no programs).
  ///
  /// - Parameters:
  ///   - record: The line.
  ///   - path: The file, for the record's `source`.
  ///   - shardName: The name in ids of records without one (see ``RecordID``); by default
  ///     the file name of `path`.
  ///   - fields: Where the id and the text are.
  ///   - programField: The field with the record's programs, if any.
  /// - Returns: The record, or the rejection (`line_too_long`, `invalid_utf8`,
  ///   `invalid_json`, `not_an_object`, `missing_field` or `invalid_field`).
  /// - Complexity: O(*n*), where *n* is the length of the line.
  public static func read(
    _ record: LineRecord, path: String, shardName: String? = nil, fields: CorpusFields,
    programField: String? = nil
  ) -> DocumentReadResult {
    let corpusRecord: CorpusRecord
    switch CorpusRecord.read(
      record, path: path, shardName: shardName ?? InputShards.shardName(path), idField: fields.id,
      textField: fields.text)
    {
    case .failure(let rejection): return .rejected(rejection)
    case .success(let read): corpusRecord = read
    }
    let (value, id, source, text) = (
      corpusRecord.value, corpusRecord.id, corpusRecord.source, corpusRecord.text
    )
    func reject(_ id: String?, _ code: RejectCode, _ detail: String) -> DocumentReadResult {
      .rejected(RecordRejection(id: id, source: source, code: code, detail: detail))
    }
    var programs: [ChunkProgram] = []
    if let programField {
      switch value[programField] {
      case nil, .null?:
        break
      case .string(let output)?:
        programs.append(ChunkProgram(chunkIndex: 0, output: output))
      case .array(let elements)?:
        for (chunkIndex, element) in elements.enumerated() {
          switch element {
          case .null: continue
          case .string(let output):
            programs.append(ChunkProgram(chunkIndex: chunkIndex, output: output))
          default:
            return reject(
              id, .invalidField,
              "field '\(programField)' element \(chunkIndex) is neither a string nor null")
          }
        }
      default:
        return reject(
          id, .invalidField, "field '\(programField)' is neither a string nor an array of strings"
        )
      }
    }
    return .document(
      DocumentRecord(value: value, id: id, source: source, text: text, inlinePrograms: programs))
  }

  /// Appends the record with `refinedText` in field `outputField`, and a newline.
  ///
  /// Every field keeps its place and its value, numbers keep their raw text. An existing
  /// field named `outputField` is overwritten in place (every member of that name, if the
  /// key repeats); otherwise the field is added at the end.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the output.
  public func encode(refinedText: String, outputField: String, into writer: inout JSONWriter) {
    guard case .object(var members) = value else { return }
    var isReplaced = false
    for index in members.indices where members[index].key.utf8.elementsEqual(outputField.utf8) {
      members[index].value = .string(refinedText)
      isReplaced = true
    }
    if !isReplaced { members.append((key: outputField, value: .string(refinedText))) }
    writer.appendValue(.object(members))
    writer.appendNewline()
  }
}

/// A pair line read as a label for `eval` (Specification §6.4): the chunk recovered from the
/// pair's numbered model input, and the pair's program.
package struct LabelPair: Sendable {
  /// The pair id, `<document id>#<chunk>`.
  package var pairID: String
  /// The document the chunk belongs to.
  package var documentID: String
  /// The chunk's index in its document.
  package var chunkIndex: Int
  /// The chunk, as the model saw it.
  package var chunkText: NormalizedText
  /// The label program's text (the completion).
  package var program: String
  /// `meta.recipe`, when the pair has it.
  package var recipeHash: String?

  /// Reads line `record` of the labels file at `path`; `encoding` gives the line prefix the
  /// pairs were written with.
  ///
  /// Rejects (with the codes of §1): a line too long, invalid JSON or UTF-8, not an object;
  /// `missing_field` for a line that is not a pair in a known format or has no `id`;
  /// `invalid_field` for an id without a chunk suffix `#k` or a model input that does not
  /// end in numbered lines.
  ///
  /// - Complexity: O(*n*) in the length of the line.
  package static func read(
    _ record: LineRecord, path: String, encoding: TrainingPairEncoding,
    parser: JSONParser = JSONParser()
  ) -> Result<LabelPair, RecordRejection> {
    let source = "\(path):\(record.lineNumber)"
    func reject(_ id: String?, _ code: RejectCode, _ detail: String) -> Result<
      LabelPair, RecordRejection
    > {
      .failure(RecordRejection(id: id, source: source, code: code, detail: detail))
    }
    let bytes: [UInt8]
    switch record {
    case .lineTooLong(_, let byteCount):
      return reject(nil, .lineTooLong, "label of \(byteCount) bytes exceeds the line limit")
    case .line(_, let lineBytes):
      bytes = lineBytes
    }
    let value: JSONValue
    do {
      value = try parser.parse(bytes)
    } catch {
      if case .invalidUTF8 = error.reason { return reject(nil, .invalidUTF8, error.description) }
      return reject(nil, .invalidJSON, error.description)
    }
    guard case .object = value else {
      return reject(nil, .notAnObject, "label is not a JSON object")
    }
    guard let pair = TrainingPairRecord(json: value) else {
      return reject(
        value["id"]?.stringValue, .missingField,
        "not a training pair in a known format (prompt/completion, messages, instruction/input/output, conversational)"
      )
    }
    guard let pairID = pair.id, !pairID.isEmpty else {
      return reject(
        nil, .missingField, "field 'id' is missing: a label needs its pair id '<document>#<chunk>'")
    }
    guard case (let documentID, let chunkIndex?) = PairID.split(pairID), !documentID.isEmpty else {
      return reject(
        pairID, .invalidField,
        "field 'id' '\(pairID)' has no chunk suffix '#<k>' (a pair id of build-pairs)")
    }
    guard let chunkText = encoding.chunkText(fromModelInput: pair.modelInput) else {
      return reject(
        pairID, .invalidField,
        "the model input does not end in lines numbered with the prefix '\(encoding.linePrefix)' (see --recipe)"
      )
    }
    return .success(
      LabelPair(
        pairID: pairID, documentID: documentID, chunkIndex: chunkIndex, chunkText: chunkText,
        program: pair.program, recipeHash: pair.recipeHash))
  }
}

/// A pair line read for the chunk it shows: what `prompts --pairs` asks the refiner about
/// and what `eval` scores a refiner on (Specification §6.1, §6.4). The one reader of pair
/// lines as chunks; ``TrainingPairRecord`` decodes the formats.
package struct PairLine: Sendable {
  /// The parsed line.
  package var value: JSONValue
  /// The pair, decoded.
  package var pair: TrainingPairRecord
  /// The pair id, `<document id>#<chunk>`.
  package var pairID: String
  /// The document the chunk belongs to.
  package var documentID: String
  /// The chunk's index in its document.
  package var chunkIndex: Int
  /// The chunk, recovered from the numbered model input.
  package var chunkText: NormalizedText

  /// The pair's program text (completion, output or assistant message).
  package var program: String { pair.program }

  /// Reads line `record` of the pairs file at `path`; `encoding` gives the line prefix the
  /// pairs were written with.
  ///
  /// Rejects: the codes of ``CorpusRecord/object(_:source:parser:)`` for unreadable lines;
  /// `missing_field` for a line that is not a pair in a known format or has no `id`;
  /// `invalid_field` for an id that is not a string or has no chunk suffix `#k`;
  /// `prompt_mismatch` for a model input that does not end in lines numbered with the
  /// encoding's prefix.
  ///
  /// - Throws: ``FileError`` naming the line when its `meta.recipe` is not
  ///   `expectedRecipeHash` (a pair of another recipe fails the run, as in `apply`).
  /// - Complexity: O(*n*) in the length of the line.
  package static func read(
    _ record: LineRecord, path: String, encoding: TrainingPairEncoding,
    expectedRecipeHash: String? = nil, parser: JSONParser = JSONParser()
  ) throws(FileError) -> Result<PairLine, RecordRejection> {
    let source = "\(path):\(record.lineNumber)"
    let value: JSONValue
    switch CorpusRecord.object(record, source: source, parser: parser) {
    case .failure(let rejection): return .failure(rejection)
    case .success(let object): value = object
    }
    let id = value["id"]?.stringValue
    func reject(_ code: RejectCode, _ detail: String) -> Result<PairLine, RecordRejection> {
      .failure(RecordRejection(id: id, source: source, code: code, detail: detail))
    }
    guard let pair = TrainingPairRecord(json: value) else {
      return reject(
        .missingField,
        "not a training pair: no 'prompt' and 'completion', 'messages' with a user and an assistant message, or 'input' and 'output' (the lines build-pairs writes)"
      )
    }
    if let expected = expectedRecipeHash, let hash = pair.recipeHash, hash != expected {
      throw FileError(
        path: path, operation: "read the pairs of",
        reason:
          "line \(record.lineNumber) was made with recipe \(hash), not with --recipe's \(expected): its chunks, line numbers or prompt may differ"
      )
    }
    guard let id else {
      if value["id"] == nil {
        return reject(
          .missingField, "field 'id' is missing: the pair id <document id>#<chunk> names the chunk")
      }
      return reject(.invalidField, "field 'id' is not a string: pair ids are <document id>#<chunk>")
    }
    guard case (let documentID, let chunkIndex?) = PairID.split(id), !documentID.isEmpty else {
      return reject(
        .invalidField,
        "field 'id' ('\(id)') has no chunk suffix #<k>: pair ids are <document id>#<chunk>")
    }
    guard let chunkText = encoding.chunkText(fromModelInput: pair.modelInput) else {
      return reject(
        .promptMismatch,
        "the model input does not end in lines numbered with the recipe's line prefix '\(encoding.linePrefix)' (--line-prefix)"
      )
    }
    return .success(
      PairLine(
        value: value, pair: pair, pairID: id, documentID: documentID, chunkIndex: chunkIndex,
        chunkText: chunkText))
  }
}

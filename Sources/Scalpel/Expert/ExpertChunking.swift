/// The one place where documents are read and cut into the chunks the expert and the refiner
/// see (`prompts` cuts with the same call, without overlap):
/// `expert-requests` writes one request per chunk and `build-pairs --expert-replies` joins the
/// replies back by the same chunks, so both must read and cut identically.
enum ExpertChunking {
  /// A corpus document with its chunks as the expert sees them.
  struct ChunkedDocument: Sendable {
    var id: String
    var source: String
    var original: NormalizedText
    var chunks: [Chunk]
  }

  /// Reads line `record` of the shard at `path` (``CorpusRecord``, the same reject codes as
  /// `build-pairs`), rejects a blank text as `empty_document`, and cuts the text with the
  /// packer of ``Chunker``.
  ///
  /// - Complexity: O(*n*) in the length of the line.
  static func read(
    _ record: LineRecord, path: String, shardName: String, fields: CorpusFields,
    chunking: ChunkingOptions
  ) -> Result<ChunkedDocument, RecordRejection> {
    readText(record, path: path, shardName: shardName, fields: fields).map { document in
      var document = document
      document.chunks = chunks(of: document.original, recipe: chunking)
      return document
    }
  }

  /// As ``read(_:path:shardName:fields:chunking:)``, without cutting: the document's
  /// `chunks` are empty (for a step that decides first whether it needs them).
  ///
  /// - Complexity: O(*n*) in the length of the line.
  static func readText(
    _ record: LineRecord, path: String, shardName: String, fields: CorpusFields
  ) -> Result<ChunkedDocument, RecordRejection> {
    let corpusRecord: CorpusRecord
    switch CorpusRecord.read(
      record, path: path, shardName: shardName, idField: fields.id, textField: fields.text)
    {
    case .failure(let rejection): return .failure(rejection)
    case .success(let read): corpusRecord = read
    }
    let original = NormalizedText(corpusRecord.text)
    if RecordProcessor.isBlank(original) {
      return .failure(
        RecordRejection(
          id: corpusRecord.id, source: corpusRecord.source, code: .emptyDocument,
          detail: "field '\(fields.text)' is empty or blank"))
    }
    return .success(
      ChunkedDocument(
        id: corpusRecord.id, source: corpusRecord.source, original: original, chunks: []))
  }

  /// The chunks of `text` under `recipe`'s chunking (the packer of ``Chunker``).
  ///
  /// - Complexity: O(*n*) in the size of the text.
  static func chunks(of text: NormalizedText, recipe chunking: ChunkingOptions) -> [Chunk] {
    Chunker.chunks(of: text, options: chunking)
  }
}

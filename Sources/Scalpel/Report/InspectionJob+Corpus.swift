extension InspectionJob {
  /// Adds the records of a corpus, each turned into a pair as `build-pairs` does.
  func addCorpus(path: String, to report: inout InspectionReport) throws(FileError) {
    let reader = try LineReader(path: path)
    var processor = RecordProcessor(configuration: options.processing)
    while let record = try reader.nextLine() {
      if case .line(_, let bytes) = record, InspectionJob.isBlank(bytes) { continue }
      switch processor.decide(record, path: path) {
      case .accepted(let id, let source, _, let pair):
        let chunks = pair.chunks.map { chunkPair in
          InspectedDocument.ChunkInput(
            index: chunkPair.chunk.index, firstLineNumber: chunkPair.chunk.firstLineNumber,
            text: chunkPair.text, programText: chunkPair.program.rendered)
        }
        report.add(
          InspectedDocument(id: id, source: source, chunks: chunks, limits: options.limits))
      case .rejected(let rejection, _, let original):
        report.add(
          InspectedDocument(
            rejectedID: rejection.id ?? rejection.source, source: rejection.source,
            reason: rejection.reason, detail: rejection.detail, text: original,
            limits: options.limits))
      }
    }
  }
}

extension InspectionJob {
  /// One program of a document; `chunkIndex` is `nil` when the record gave no chunk.
  struct DocumentProgram {
    var id: String
    var chunkIndex: Int?
    var text: String
  }

  /// Adds documents joined with their programs in document order (see ``InspectionJob``).
  func addDocuments(path: String, programsPath: String, to report: inout InspectionReport)
    throws(FileError)
  {
    let documents = try LineReader(path: path)
    let programs = try ProgramsFileReader(path: programsPath)
    func nextProgram() throws(FileError) -> DocumentProgram? {
      guard let next = try programs.next() else { return nil }
      return DocumentProgram(
        id: next.record.documentID, chunkIndex: next.isChunkGiven ? next.record.chunkIndex : nil,
        text: next.record.output)
    }
    let fields = options.processing.fields
    var pending = try nextProgram()

    while let record = try documents.nextLine() {
      if case .line(_, let bytes) = record, InspectionJob.isBlank(bytes) { continue }
      let corpusRecord: CorpusRecord
      switch CorpusRecord.read(
        record, path: path, shardName: InputShards.shardName(path), idField: fields.id,
        textField: fields.text)
      {
      case .success(let read): corpusRecord = read
      case .failure(let rejection):
        report.add(
          InspectedDocument(
            rejectedID: rejection.id ?? rejection.source, source: rejection.source,
            reason: rejection.reason, detail: rejection.detail, text: nil, limits: options.limits))
        continue
      }
      let (id, source) = (corpusRecord.id, corpusRecord.source)
      func reject(_ id: String, _ reason: String, _ detail: String, _ text: NormalizedText? = nil) {
        report.add(
          InspectedDocument(
            rejectedID: id, source: source, reason: reason, detail: detail, text: text,
            limits: options.limits))
      }
      var records: [DocumentProgram] = []
      while let program = pending, program.id == id {
        records.append(program)
        pending = try nextProgram()
      }
      let text = NormalizedText(corpusRecord.text)
      if records.isEmpty {
        reject(id, "missing_program", "no program record with this id (in document order)", text)
        continue
      }
      let chunks = Chunker.chunks(of: text, options: options.processing.pairOptions.chunking)
      // A record without "chunk" is chunk 0, as in apply (one rule for the programs file).
      let indexed = records.map { (chunkIndex: $0.chunkIndex ?? 0, text: $0.text) }
      if let outside = indexed.first(where: { $0.chunkIndex >= chunks.count }) {
        reject(
          id, "chunk_out_of_range",
          "program for chunk \(outside.chunkIndex), but the document has \(chunks.count) chunks",
          text)
        continue
      }
      var programTexts = [[String]](repeating: [], count: chunks.count)
      for program in indexed { programTexts[program.chunkIndex].append(program.text) }
      let inputs = chunks.map { chunk in
        InspectedDocument.ChunkInput(
          index: chunk.index, firstLineNumber: chunk.firstLineNumber,
          text: NormalizedText(alreadyNormalized: Array(text.utf8[chunk.utf8Range])),
          programText: programTexts[chunk.index].isEmpty
            ? nil : programTexts[chunk.index].joined(separator: "\n"))
      }
      report.add(InspectedDocument(id: id, source: source, chunks: inputs, limits: options.limits))
    }

    var unmatchedCount = 0
    while pending != nil {
      unmatchedCount += 1
      pending = try nextProgram()
    }
    if unmatchedCount > 0 {
      report.addNote(
        "\(ReportNumberFormat.counted(unmatchedCount, "program record")) matched no document: the programs file must list documents in the order of the documents file"
      )
    }
    if programs.invalidLineCount > 0 {
      report.addNote(
        InspectionJob.unreadableNote(
          count: programs.invalidLineCount, path: programsPath, first: programs.firstInvalidLine))
    }
  }
}

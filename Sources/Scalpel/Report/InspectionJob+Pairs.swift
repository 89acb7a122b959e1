extension InspectionJob {
  /// Adds the documents of a pairs file: consecutive pairs of one document id form one document.
  func addPairs(path: String, to report: inout InspectionReport) throws(FileError) {
    let reader = try LineReader(path: path)
    let parser = JSONParser()
    let encoding = TrainingPairEncoding(linePrefix: options.linePrefix)
    var current:
      (
        id: String, source: String, chunks: [InspectedDocument.ChunkInput],
        leftoverCharacterCount: Int?
      )?
    var unreadableCount = 0
    var firstUnreadable: String?

    func flush(_ report: inout InspectionReport) {
      guard let document = current else { return }
      var inspected = InspectedDocument(
        id: document.id, source: document.source, chunks: document.chunks, limits: options.limits)
      inspected.leftoverCharacterCount = document.leftoverCharacterCount
      report.add(inspected)
      current = nil
    }
    func unreadable(_ lineNumber: Int, _ message: String) {
      unreadableCount += 1
      if firstUnreadable == nil { firstUnreadable = "line \(lineNumber): \(message)" }
    }

    while let record = try reader.nextLine() {
      let source = "\(path):\(record.lineNumber)"
      guard case .line(let lineNumber, let bytes) = record else {
        unreadable(record.lineNumber, "line too long")
        continue
      }
      if InspectionJob.isBlank(bytes) { continue }
      let value: JSONValue
      do {
        value = try parser.parse(bytes)
      } catch {
        unreadable(lineNumber, error.description)
        continue
      }
      guard let pair = TrainingPairRecord(json: value) else {
        unreadable(lineNumber, "not a training pair in a known format")
        continue
      }
      if let expected = options.recipeHash, let hash = pair.recipeHash, hash != expected {
        throw FileError(
          path: path, operation: "inspect",
          reason:
            "line \(lineNumber) was made with recipe \(hash), not with --recipe's \(expected): its chunks, line numbers or prompt may differ"
        )
      }
      let (documentID, chunkIndex) = PairID.split(pair.id ?? source)
      guard let chunkText = encoding.chunkText(fromModelInput: pair.modelInput) else {
        flush(&report)
        report.add(
          InspectedDocument(
            rejectedID: documentID, source: source, reason: "unreadable_prompt",
            detail:
              "the model input does not end in lines numbered \(options.linePrefix) (see --line-prefix)",
            text: nil, limits: options.limits))
        continue
      }
      if current?.id != documentID {
        flush(&report)
        current = (documentID, source, [], nil)
      }
      if let leftover = pair.documentLeftoverCharacterCount {
        current?.leftoverCharacterCount = leftover
      }
      let previous = current?.chunks.last
      let firstLineNumber =
        pair.firstLineNumber ?? previous.map { $0.firstLineNumber + $0.text.lineCount } ?? 1
      let index = chunkIndex ?? (current?.chunks.count ?? 0)
      current?.chunks.append(
        InspectedDocument.ChunkInput(
          index: index, firstLineNumber: firstLineNumber, text: chunkText, programText: pair.program
        ))
    }
    flush(&report)
    if unreadableCount > 0 {
      report.addNote(
        InspectionJob.unreadableNote(count: unreadableCount, path: path, first: firstUnreadable))
    }
  }

  /// Adds the records of a rejects file as rejected documents without text.
  func addRejects(path: String, to report: inout InspectionReport) throws(FileError) {
    let reader = try LineReader(path: path)
    let parser = JSONParser()
    var unreadableCount = 0
    var firstUnreadable: String?
    while let record = try reader.nextLine() {
      guard case .line(let lineNumber, let bytes) = record else {
        unreadableCount += 1
        continue
      }
      if InspectionJob.isBlank(bytes) { continue }
      guard let value = try? parser.parse(bytes), let rejection = RecordRejection(json: value)
      else {
        unreadableCount += 1
        if firstUnreadable == nil { firstUnreadable = "line \(lineNumber): not a reject record" }
        continue
      }
      let source = rejection.source.isEmpty ? nil : rejection.source
      report.add(
        InspectedDocument(
          rejectedID: rejection.id ?? source ?? "\(path):\(lineNumber)", source: source,
          reason: rejection.reason, detail: rejection.detail, text: nil, limits: options.limits))
    }
    if unreadableCount > 0 {
      report.addNote(
        InspectionJob.unreadableNote(count: unreadableCount, path: path, first: firstUnreadable))
    }
  }
}

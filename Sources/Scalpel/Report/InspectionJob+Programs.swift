extension InspectionJob {
  /// One record of a programs file: `{"id", "chunk"?, "program"}`.
  struct ProgramRecord {
    var id: String
    var chunkIndex: Int?
    var text: String
  }

  /// Reads program records one at a time, skipping and counting unreadable lines.
  final class ProgramRecordReader {
    let path: String
    private let reader: LineReader
    private let parser = JSONParser()
    private(set) var unreadableCount = 0
    private(set) var firstUnreadable: String?

    init(path: String) throws(FileError) {
      self.path = path
      reader = try LineReader(path: path)
    }

    func next() throws(FileError) -> ProgramRecord? {
      while let record = try reader.nextLine() {
        guard case .line(let lineNumber, let bytes) = record else {
          unreadable(record.lineNumber, "line too long")
          continue
        }
        if InspectionJob.isBlank(bytes) { continue }
        guard let value = try? parser.parse(bytes) else {
          unreadable(lineNumber, "invalid JSON")
          continue
        }
        let id: String
        switch value["id"] {
        case .string(let string)?: id = string
        case .number(let text)?: id = text
        default:
          unreadable(lineNumber, "no \"id\"")
          continue
        }
        guard let program = value["program"]?.stringValue else {
          unreadable(lineNumber, "no \"program\" string")
          continue
        }
        var chunkIndex: Int?
        if let chunk = value["chunk"], chunk != .null {
          guard let index = chunk.integerValue, index >= 0 else {
            unreadable(lineNumber, "\"chunk\" is not a chunk index")
            continue
          }
          chunkIndex = index
        }
        return ProgramRecord(id: id, chunkIndex: chunkIndex, text: program)
      }
      return nil
    }

    private func unreadable(_ lineNumber: Int, _ message: String) {
      unreadableCount += 1
      if firstUnreadable == nil { firstUnreadable = "line \(lineNumber): \(message)" }
    }
  }

  /// Adds documents joined with their programs in document order (see ``InspectionJob``).
  func addDocuments(path: String, programsPath: String, to report: inout InspectionReport)
    throws(FileError)
  {
    let documents = try LineReader(path: path)
    let programs = try ProgramRecordReader(path: programsPath)
    let parser = JSONParser()
    let fields = options.processing.fields
    var pending = try programs.next()

    while let record = try documents.nextLine() {
      let source = "\(path):\(record.lineNumber)"
      func reject(_ id: String, _ reason: String, _ detail: String, _ text: NormalizedText? = nil) {
        report.add(
          InspectedDocument(
            rejectedID: id, source: source, reason: reason, detail: detail, text: text,
            limits: options.limits))
      }
      guard case .line(_, let bytes) = record else {
        reject(source, "line_too_long", "record exceeds the line limit")
        continue
      }
      if InspectionJob.isBlank(bytes) { continue }
      let value: JSONValue
      do {
        value = try parser.parse(bytes)
      } catch {
        reject(source, "invalid_json", error.description)
        continue
      }
      let id: String
      switch value[fields.id] {
      case .string(let string)?: id = string
      case .number(let text)?: id = text
      default:
        reject(source, "missing_field", "field '\(fields.id)' is missing or not a string or number")
        continue
      }
      var records: [ProgramRecord] = []
      while let program = pending, program.id == id {
        records.append(program)
        pending = try programs.next()
      }
      guard let string = value[fields.original]?.stringValue else {
        reject(id, "missing_field", "field '\(fields.original)' is missing or not a string")
        continue
      }
      let text = NormalizedText(string)
      if records.isEmpty {
        reject(id, "missing_program", "no program record with this id (in document order)", text)
        continue
      }
      if records.allSatisfy({ $0.chunkIndex == nil }) {
        let chunk = InspectedDocument.ChunkInput(
          index: 0, firstLineNumber: 1, text: text,
          programText: records.map(\.text).joined(separator: "\n"))
        report.add(
          InspectedDocument(id: id, source: source, chunks: [chunk], limits: options.limits))
        continue
      }
      if records.contains(where: { $0.chunkIndex == nil }) {
        reject(
          id, "mixed_program_coordinates",
          "some program records of this document have \"chunk\" and some do not", text)
        continue
      }
      let chunks = Chunker.chunks(of: text, options: options.processing.pairOptions.chunking)
      // Every record has a chunk index here (mixed coordinates were rejected above).
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
      pending = try programs.next()
    }
    if unmatchedCount > 0 {
      report.addNote(
        "\(ReportNumberFormat.counted(unmatchedCount, "program record")) matched no document: the programs file must list documents in the order of the documents file"
      )
    }
    if programs.unreadableCount > 0 {
      report.addNote(
        InspectionJob.unreadableNote(
          count: programs.unreadableCount, path: programsPath, first: programs.firstUnreadable))
    }
  }
}

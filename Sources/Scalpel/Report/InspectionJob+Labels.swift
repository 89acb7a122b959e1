extension InspectionJob {
  /// Reads held-out pairs and the model's programs into an ``EvaluationReport``.
  ///
  /// Each label is joined with its program (`ModelPrograms`, any order) and scored as
  /// `eval` scores it (`ChunkEvaluation`), in label order. Labels `eval` would reject
  /// (unreadable, a label program that does not apply, a duplicate id) are counted by
  /// reason and the first is named in a note; a label of another recipe than `--recipe`
  /// fails the run, as in `eval`.
  ///
  /// - Throws: ``JobError`` naming the input that cannot be read, or the programs file
  ///   when it has no usable program.
  /// - Complexity: O(*n* + *p*) plus the executor's cost, for *n* bytes of labels and *p*
  ///   of programs; memory as ``EvaluationReport`` says, plus the programs as in `eval`.
  public func makeEvaluationReport(labelsPath: String, programsPath: String) throws(JobError)
    -> EvaluationReport
  {
    var report = EvaluationReport(
      title: options.title,
      inputDescriptions: ["labels: \(labelsPath)", "programs: \(programsPath)"],
      limit: options.limitPerKind)
    let maximumLineByteCount = LineReader.defaultMaximumLineByteCount
    let programs = try ModelPrograms(
      path: programsPath,
      spoolDirectory: BuildPairsJob.spoolDirectory(.files(output: options.output)),
      maximumLineByteCount: maximumLineByteCount, cancellation: nil)
    var encoding = options.processing.encoding
    encoding.linePrefix = options.linePrefix
    var refinement = options.refinement
    refinement.chunking = options.processing.pairOptions.chunking
    refinement.chunking.overlapLineCount = 0
    refinement.chunking.frame = PromptFrame(encoding: encoding)
    let (refiner, chunking) = (DocumentRefiner(options: refinement), refinement.chunking)
    let parser = JSONParser()
    var firstSources: [String: String] = [:]
    var firstRejection: RecordRejection?

    let reader: LineReader
    do {
      reader = try LineReader(path: labelsPath, maximumLineByteCount: maximumLineByteCount)
    } catch {
      throw .file(error)
    }
    while true {
      let next: LineRecord?
      do { next = try reader.nextLine() } catch { throw .file(error) }
      guard let record = next else { break }
      var byteCount = 0
      switch record {
      case .line(_, let bytes):
        if InspectionJob.isBlank(bytes) { continue }
        byteCount = bytes.count + 1
      case .lineTooLong(_, let count): byteCount = count + 1
      }
      let source = "\(labelsPath):\(record.lineNumber)"
      func reject(_ rejection: RecordRejection) {
        report.addRejected(rejection, byteCount: byteCount)
        if firstRejection == nil { firstRejection = rejection }
      }
      let label: PairLine
      let read: Result<PairLine, RecordRejection>
      do throws(FileError) {
        read = try PairLine.read(
          record, path: labelsPath, encoding: encoding, expectedRecipeHash: options.recipeHash,
          parser: parser)
      } catch {
        throw .file(error)
      }
      switch read {
      case .failure(let rejection):
        reject(rejection)
        continue
      case .success(let line): label = line
      }
      let model = try programs.take(documentID: label.documentID, chunkIndex: label.chunkIndex)
      if let first = firstSources[label.pairID] {
        reject(
          RecordRejection(
            id: label.pairID, source: source, code: .duplicateID,
            detail: "id '\(label.pairID)' is used by \(first) already"))
        continue
      }
      firstSources[label.pairID] = source
      let evaluation: ChunkEvaluation
      do {
        evaluation = try ChunkEvaluation(
          label: label, model: model, refiner: refiner, chunking: chunking)
      } catch {
        reject(
          RecordRejection(
            id: label.pairID, source: source, code: .invalidField, detail: error.description))
        continue
      }
      let isAgreeing = evaluation.isExactOutput
      report.addScored(
        counters: evaluation.counters, isAgreeing: isAgreeing, byteCount: byteCount,
        chunk: report.keeps(isAgreeing: isAgreeing)
          ? EvaluatedChunk(
            label: label, model: model, evaluation: evaluation, limits: options.limits) : nil)
    }
    report.summary.counters.add(programs.replyCounters)
    if let firstRejection {
      report.addNote(
        "\(ReportNumberFormat.counted(report.summary.rejectedRecordCount, "label")) could not be scored (first: \(firstRejection.source): \(firstRejection.reason): \(firstRejection.detail))"
      )
    }
    if programs.invalidLineCount > 0 {
      report.addNote(
        InspectionJob.unreadableNote(
          count: programs.invalidLineCount, path: programsPath, first: programs.firstInvalidLine))
    }
    return report
  }
}

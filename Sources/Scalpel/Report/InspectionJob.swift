/// Everything an inspection run needs.
public struct InspectionOptions: Sendable {
  /// What is inspected.
  public enum Input: Sendable, Hashable {
    /// A pairs file written by `build-pairs` (any format), and optionally its rejects file.
    case pairs(path: String, rejectsPath: String?)
    /// A corpus of `{"id", "text", "refined"}` records, turned into pairs on the fly.
    case corpus(path: String)
    /// Documents `{"id", "text"}` and programs `{"id", "chunk"?, "program"}`, in the same order.
    case documentsAndPrograms(documentsPath: String, programsPath: String)
    /// Held-out pairs (the labels) and the model's programs for their chunks, in any order
    /// (what `eval` reads): each chunk is shown with the label's and the model's deletions
    /// side by side (``EvaluationReport``).
    case labels(path: String, programsPath: String)
  }

  /// What is inspected.
  public var input: Input
  /// The HTML file; `-` is standard output.
  public var output: String
  /// The page title.
  public var title: String
  /// Documents of each kind (changed, keep_all, rejected) shown at most.
  public var limitPerKind: Int
  /// How much of each document is shown.
  public var limits: InspectedDocument.Limits
  /// The line-number prefix the pairs were written with; `{n}` is the line number.
  public var linePrefix: String
  /// How corpus records are read and turned into pairs; its fields and chunking
  /// also apply to documents with programs.
  public var processing: RecordProcessor.Configuration
  /// The ``Recipe/hash`` of `--recipe`: a pair made with another recipe (`meta.recipe`)
  /// fails the run.
  public var recipeHash: String?
  /// With ``Input/labels(path:programsPath:)``: the error budget and guard `apply` would
  /// use on the model's programs (the chunking comes from ``processing``).
  public var refinement = RefinementOptions()

  /// Creates options; the output defaults to standard output.
  public init(
    input: Input, output: String = "-", title: String = "Scalpel inspection",
    limitPerKind: Int = 500,
    limits: InspectedDocument.Limits = .init(), linePrefix: String = "[{n}]",
    processing: RecordProcessor.Configuration = .init()
  ) {
    (self.input, self.output, self.title) = (input, output, title)
    (self.limitPerKind, self.limits) = (limitPerKind, limits)
    (self.linePrefix, self.processing) = (linePrefix, processing)
  }
}

/// The `inspect` job: reads refinement data in one streaming pass into an
/// ``InspectionReport`` and writes it as one HTML page (``HTMLReportWriter``).
///
/// Inputs, by ``InspectionOptions/Input``:
/// - **pairs**: each line's model input is decoded back into its chunk
///   (``TrainingPairEncoding/chunkText(fromModelInput:)``) and its program
///   executed on it. Pair ids are `<document>#<chunk>`; consecutive pairs of
///   one document form one document (build-pairs writes them together).
///   Records of the rejects file follow as rejected documents without text.
/// - **corpus**: every record goes through ``RecordProcessor`` as in
///   `build-pairs`, so rejected records keep their text and reason.
/// - **documents and programs**: a merge join in document order. The programs
///   of a document are the consecutive program records with its id, read while
///   the document is; a program record with another id waits for a later
///   document with that id, and documents passed meanwhile have no program
///   (`missing_program`). Records left over at the end are reported in a note.
///   Programs without `"chunk"` use document line numbers; with `"chunk"` *k*
///   they apply to chunk *k* of the document, chunked as `build-pairs` would.
/// - **labels**: held-out pairs scored against the model's programs as `eval` scores
///   them, into an ``EvaluationReport`` (``makeEvaluationReport(labelsPath:programsPath:)``)
///   shown side by side (Specification §6.5).
///
/// Memory is bounded by the displayed documents (see
/// ``InspectionOptions/limitPerKind`` and ``InspectedDocument/Limits``) plus
/// the largest record.
public struct InspectionJob: Sendable {
  /// The options of the run.
  public let options: InspectionOptions

  /// Creates a job.
  public init(options: InspectionOptions) {
    self.options = options
  }

  /// What a run wrote: the report of documents, or of labels and the model's programs.
  public enum Outcome: Sendable {
    /// The page of a pairs file, a corpus, or documents with programs.
    case documents(InspectionReport)
    /// The page of ``InspectionOptions/Input/labels(path:programsPath:)``.
    case evaluation(EvaluationReport)
  }

  /// Reads a pairs file, a corpus, or documents with programs into a report.
  ///
  /// - Throws: ``FileError`` naming the input that cannot be read; for
  ///   ``InspectionOptions/Input/labels(path:programsPath:)``, which
  ///   ``makeEvaluationReport(labelsPath:programsPath:)`` reads, a ``FileError`` saying so.
  /// - Complexity: O(*n*) plus the pair building or program execution, where
  ///   *n* is the size of the input.
  public func makeReport() throws(FileError) -> InspectionReport {
    var report = InspectionReport(title: options.title, limitPerKind: options.limitPerKind)
    switch options.input {
    case .pairs(let path, let rejectsPath):
      report.inputDescriptions.append("pairs: \(path)")
      if let rejectsPath { report.inputDescriptions.append("rejects: \(rejectsPath)") }
      try addPairs(path: path, to: &report)
      if let rejectsPath { try addRejects(path: rejectsPath, to: &report) }
    case .corpus(let path):
      report.inputDescriptions.append("corpus: \(path)")
      try addCorpus(path: path, to: &report)
    case .documentsAndPrograms(let documentsPath, let programsPath):
      report.inputDescriptions.append("documents: \(documentsPath)")
      report.inputDescriptions.append("programs: \(programsPath)")
      try addDocuments(path: documentsPath, programsPath: programsPath, to: &report)
    case .labels(let path, _):
      throw FileError(
        path: path, operation: "inspect",
        reason: "labels are read into an EvaluationReport (makeEvaluationReport)")
    }
    return report
  }

  /// Reads the input and writes the page atomically to ``InspectionOptions/output``.
  ///
  /// Before anything is read, the output is checked not to be one of the inputs (links and
  /// `..` resolved, see `OutputCheck`).
  ///
  /// - Returns: The report the page shows.
  /// - Throws: ``JobError/unsafeOutputs(_:)`` when the output is an input, or
  ///   ``JobError/file(_:)`` naming the input or output that failed.
  /// - Complexity: See ``makeReport()`` and ``makeEvaluationReport(labelsPath:programsPath:)``.
  public func run() throws(JobError) -> Outcome {
    try OutputCheck.check(
      inputs: inputPaths.map { OutputCheck.Role("input", $0) },
      outputs: [OutputCheck.Role("--output", options.output)])
    let outcome: Outcome
    let page: String
    if case .labels(let path, let programsPath) = options.input {
      let report = try makeEvaluationReport(labelsPath: path, programsPath: programsPath)
      (outcome, page) = (.evaluation(report), HTMLReportWriter().page(for: report))
    } else {
      do {
        let report = try makeReport()
        (outcome, page) = (.documents(report), HTMLReportWriter().page(for: report))
      } catch {
        throw .file(error)
      }
    }
    do {
      let file = try AtomicFileWriter(path: options.output)
      try file.write(page)
      try file.commit()
    } catch {
      throw .file(error)
    }
    return outcome
  }

  /// Every file the job reads.
  var inputPaths: [String] {
    switch options.input {
    case .pairs(let path, let rejectsPath): return [path] + (rejectsPath.map { [$0] } ?? [])
    case .corpus(let path): return [path]
    case .documentsAndPrograms(let documentsPath, let programsPath):
      return [documentsPath, programsPath]
    case .labels(let path, let programsPath): return [path, programsPath]
    }
  }

  /// Whether `bytes` hold only spaces and tabs (a blank line is not a record).
  static func isBlank(_ bytes: [UInt8]) -> Bool {
    bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
  }

  /// A note such as `2 lines of rejects.jsonl could not be read (first: line 4: …)`.
  static func unreadableNote(count: Int, path: String, first: String?) -> String {
    "\(ReportNumberFormat.counted(count, "line")) of \(path) could not be read"
      + (first.map { " (first: \($0))" } ?? "")
  }
}

extension InspectionJob {
  /// Adds the records of a corpus, each turned into a pair as `build-pairs` does, with the
  /// expert's edit of each (``ExpertEdit``).
  ///
  /// A record rejected for its deletions or rewrites (`deletions_not_expressible`,
  /// `too_few_deletions`, `rewrite_too_large`, `whitespace_rewrite_too_large`,
  /// `pair_too_long`, `keep_all_sampled_out`) is built again without those filters, so the
  /// page shows what its programs would have deleted and what they would have left in. No
  /// output of `build-pairs` depends on this.
  func addCorpus(path: String, to report: inout InspectionReport) throws(FileError) {
    let reader = try LineReader(path: path)
    var processor = RecordProcessor(configuration: options.processing)
    let pairOptions = processor.pairOptions
    var relaxedOptions = pairOptions
    relaxedOptions.maximumLeftoverShare = 1
    relaxedOptions.minimumDeletedCharacterCount = 0
    relaxedOptions.maximumRewriteCharacterCount = Int(Int32.max)
    var relaxedBuilder = PairBuilder(options: relaxedOptions)
    while let record = try reader.nextLine() {
      if case .line(_, let bytes) = record, InspectionJob.isBlank(bytes) { continue }
      switch processor.decide(record, path: path) {
      case .accepted(let id, let source, let original, let refined, let pair):
        let chunks = pair.chunks.map { chunkPair in
          InspectedDocument.ChunkInput(
            index: chunkPair.chunk.index, firstLineNumber: chunkPair.chunk.firstLineNumber,
            text: chunkPair.text, programText: chunkPair.program.rendered)
        }
        let edit = ExpertEdit(
          original: original, refined: refined,
          programDeletedUTF8Ranges: InspectionJob.programDeletedUTF8Ranges(pair, in: original),
          options: pairOptions)
        report.add(
          InspectedDocument(
            id: id, source: source, chunks: chunks, edit: (edit, original), limits: options.limits)
        )
      case .rejected(let rejection, _, let original, let refined):
        var edit: ExpertEdit? = nil
        if let original, let refined {
          edit = InspectionJob.rejectedEdit(
            reason: rejection.reason, original: original, refined: refined, options: pairOptions,
            relaxedBuilder: &relaxedBuilder)
        }
        report.add(
          InspectedDocument(
            rejectedID: rejection.id ?? rejection.source, source: rejection.source,
            reason: rejection.reason, detail: rejection.detail, text: original, edit: edit,
            limits: options.limits))
      }
    }
  }

  /// What the chunks of `pair` delete, in document offsets of `original`.
  static func programDeletedUTF8Ranges(_ pair: BuiltPair, in original: NormalizedText)
    -> [Range<Int>]
  {
    ExpertEdit.programDeletedUTF8Ranges(
      of: pair.chunks.map { ($0.chunk.firstLineNumber, $0.text, $0.program) }, in: original)
  }

  /// The expert's edit of a rejected record, with the programs a build without the
  /// deletion and rewrite filters makes; `nil` when the texts are not aligned at all
  /// (`text_reordered`, `refinement_unrelated`, `alignment_budget_exhausted`, a refinement
  /// longer than any pair could make it, or a record rejected before its texts were read).
  static func rejectedEdit(
    reason: String, original: NormalizedText, refined: NormalizedText, options: PairOptions,
    relaxedBuilder: inout PairBuilder
  ) -> ExpertEdit? {
    let rebuilt: Set<String> = [
      "deletions_not_expressible", "too_few_deletions", "rewrite_too_large",
      "whitespace_rewrite_too_large", "pair_too_long", "keep_all_sampled_out", "over_deletion",
    ]
    guard rebuilt.contains(reason),
      PairBuilder.impossibleInsertion(original: original, refined: refined, options: options)
        == nil
    else { return nil }
    var programDeleted: [Range<Int>]? = nil
    switch relaxedBuilder.makePair(original: original, refined: refined) {
    case .accepted(let pair):
      programDeleted = programDeletedUTF8Ranges(pair, in: original)
    case .rejected(.deletionsNotExpressible, _):
      programDeleted = []  // no call expresses any deletion: the programs keep everything
    case .rejected:
      programDeleted = nil
    }
    return ExpertEdit(
      original: original, refined: refined, programDeletedUTF8Ranges: programDeleted,
      options: options, rejectReason: reason, marksDeletions: true)
  }
}

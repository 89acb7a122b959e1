/// Turns one JSONL record of (original, refined) into encoded training pairs or a rejection.
///
/// A processor owns a ``PairBuilder`` and its scratch memory: use one per thread.
public struct RecordProcessor {
  /// Everything that decides how a record is processed.
  public struct Configuration: Sendable, Hashable, Codable {
    /// Where the fields are.
    public var fields: CorpusFields
    /// Whether the refined field holds a raw expert response with `refined_text: [doc]…[/doc]`.
    public var isExpertResponse: Bool
    /// The pair builder's options. Their chunking frame is not read: the processor
    /// chunks against the frame of ``encoding`` (``PromptFrame/init(encoding:)``), so
    /// that the budget bounds every written prompt.
    public var pairOptions: PairOptions
    /// How pairs are written.
    public var encoding: TrainingPairEncoding
    /// The share of unchanged documents kept as `keep_all()` pairs, 0…1.
    public var keepAllRate: Double
    /// The seed of the keep-all sampling; the decision depends only on it and the id.
    public var seed: UInt64
    /// The share of documents the expert was sent (`expert-requests --sample-rate`): with
    /// expert replies, a document without any that was not drawn is `not_sampled`.
    public var expertSampleRate: Double = 1
    /// When set, a record with a pair longer than this many approximate tokens (prompt
    /// plus completion, ``TrainingPairEncoding/pairTokenCounts(of:)``) is rejected as
    /// `pair_too_long`.
    public var maximumPairTokenCount: Int?

    /// Creates a configuration; every parameter has a default.
    public init(
      fields: CorpusFields = CorpusFields(), isExpertResponse: Bool = false,
      pairOptions: PairOptions = PairOptions(),
      encoding: TrainingPairEncoding = TrainingPairEncoding(),
      keepAllRate: Double = 1, seed: UInt64 = 0, maximumPairTokenCount: Int? = nil
    ) {
      (self.fields, self.isExpertResponse, self.pairOptions) = (
        fields, isExpertResponse, pairOptions
      )
      (self.encoding, self.keepAllRate, self.seed) = (encoding, keepAllRate, seed)
      self.maximumPairTokenCount = maximumPairTokenCount
    }
  }

  /// The configuration every record uses.
  public let configuration: Configuration
  var builder: PairBuilder
  /// A builder for one chunk at a time (`--expert-replies`): the chunk is never cut again.
  var chunkBuilder: PairBuilder
  private let parser = JSONParser()
  /// The fields read as bytes, `[text, refined]`, made once rather than per record.
  private let byteStringFields: [String]
  /// The encoder's buffers, reused from record to record.
  var encodingScratch = EncodingScratch()
  /// Pairs over ``Configuration/maximumPairTokenCount`` in the records this processor
  /// rejected as `pair_too_long` since the count was last reset.
  package var overTokenLimitPairCount = 0

  /// Creates a processor.
  public init(configuration: Configuration) {
    self.configuration = configuration
    self.byteStringFields = [configuration.fields.text, configuration.fields.refined]
    var pairOptions = configuration.pairOptions
    pairOptions.chunking.frame = PromptFrame(encoding: configuration.encoding)
    self.builder = PairBuilder(options: pairOptions)
    var chunkOptions = configuration.pairOptions
    chunkOptions.chunking = ChunkingOptions(budget: .characters(Int.max))
    self.chunkBuilder = PairBuilder(options: chunkOptions)
  }

  /// Processes the record on line `lineNumber` of `path`.
  ///
  /// - Parameters:
  ///   - record: The line.
  ///   - path: The file, for the `source` of rejections.
  ///   - shardName: The name in ids of records without one (see ``RecordID``); by default
  ///     the file name of `path`.
  /// - Returns: The encoded pairs, or the rejection.
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  public mutating func process(_ record: LineRecord, path: String, shardName: String? = nil)
    -> RecordOutcome
  {
    var record = record
    return process(releasing: &record, path: path, shardName: shardName)
  }

  /// Processes the record on line `lineNumber` of `path`, as ``process(_:path:shardName:)``
  /// does, and releases its bytes as soon as they are parsed: `record` is left as an empty
  /// line with its number, so that a caller holding the only copy of the bytes does not
  /// keep them while the pair is built.
  ///
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  package mutating func process(
    releasing record: inout LineRecord, path: String, shardName: String? = nil
  ) -> RecordOutcome {
    // The refined text is released once the pair is built, and the pair holds no chunk
    // texts: each chunk's is made from the original while it is encoded, then dropped.
    switch decide(releasing: &record, path: path, shardName: shardName, keepsTexts: false) {
    case .rejected(let rejection, let statistics, _, _):
      return .rejected(rejection, statistics: statistics)
    case .accepted(let id, _, let original, _, let pair):
      let chunkByteCount = pair.chunks.reduce(0) { $0 + $1.chunk.utf8Range.count }
      var writer = JSONWriter(capacity: chunkByteCount * 2 + 1024)
      let pairTokenCounts = configuration.encoding.encode(
        documentID: id, pair: pair, into: &writer, scratch: &encodingScratch,
        chunkTextsFrom: original)
      return .accepted(
        id: id, lines: writer.bytes, statistics: pair.statistics, chunkCount: pair.chunks.count,
        isKeepAll: pair.isKeepAll, pairTokenCounts: pairTokenCounts)
    }
  }

  /// What became of one record, before encoding: the built pair, or the
  /// rejection together with the original and refined texts when they could be read
  /// (`inspect` shows the expert's edit from them).
  enum Decision {
    /// The record produced `pair` from `refined`.
    case accepted(
      id: String, source: String, original: NormalizedText, refined: NormalizedText,
      pair: BuiltPair)
    /// The record was rejected.
    case rejected(
      RecordRejection, statistics: PairStatistics?, original: NormalizedText?,
      refined: NormalizedText?)
  }

  /// The options of the pair builder, with the chunking frame of the encoding.
  package var pairOptions: PairOptions { builder.options }

  /// Reads (`CorpusRecord`), validates and builds the pair of the record on line
  /// `lineNumber` of `path`.
  ///
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  mutating func decide(_ record: LineRecord, path: String, shardName: String? = nil) -> Decision {
    var record = record
    return decide(releasing: &record, path: path, shardName: shardName)
  }

  /// Decides the record as ``decide(_:path:shardName:)`` does, leaving `record` an empty
  /// line with its number once it is parsed.
  ///
  /// - Parameter keepsTexts: Whether an accepted record's decision holds its texts and its
  ///   pair's chunk texts; when `false`, its refined text is empty (released when this
  ///   returns) and so is every ``ChunkPair/text`` of its pair: each is its chunk's lines of
  ///   the original (``NormalizedText/init(lines:of:)``).
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  mutating func decide(
    releasing record: inout LineRecord, path: String, shardName: String? = nil,
    keepsTexts: Bool = true
  ) -> Decision {
    let (id, source, original, refined): (String, String, NormalizedText, NormalizedText)
    switch readTexts(&record, path: path, shardName: shardName) {
    case .decided(let decision): return decision
    case .texts(let readID, let readSource, let readOriginal, let readRefined):
      (id, source, original, refined) = (readID, readSource, readOriginal, readRefined)
    }
    switch builder.makePair(
      original: original, refined: refined, materializesChunkTexts: keepsTexts)
    {
    case .rejected(let reason, let statistics):
      return .rejected(
        RecordRejection(id: id, source: source, code: .pair(reason), detail: reason.description),
        statistics: statistics, original: original, refined: refined)
    case .accepted(let pair):
      if pair.isKeepAll && !isKeepAllSampled(id: id) {
        return .rejected(
          RecordRejection(
            id: id, source: source, code: .keepAllSampledOut,
            detail: "unchanged document not sampled at keep-all rate \(configuration.keepAllRate)"),
          statistics: pair.statistics, original: original, refined: refined)
      }
      if let (rejection, overCount) = tooLongPairRejection(
        pair, id: id, source: source, chunkTextsFrom: keepsTexts ? nil : original)
      {
        overTokenLimitPairCount += overCount
        return .rejected(
          rejection, statistics: pair.statistics, original: original, refined: refined)
      }
      guard keepsTexts else {
        let none = NormalizedText(alreadyNormalized: [])
        return .accepted(id: id, source: source, original: original, refined: none, pair: pair)
      }
      return .accepted(id: id, source: source, original: original, refined: refined, pair: pair)
    }
  }

  /// What ``readTexts(_:path:shardName:)`` found.
  private enum ReadTexts {
    case texts(id: String, source: String, original: NormalizedText, refined: NormalizedText)
    case decided(Decision)
  }

  /// Reads the record's id, source and both texts, or decides its rejection. Both texts
  /// are parsed straight into the bytes of their ``NormalizedText``s (no `String` between),
  /// and `record` is left an empty line with its number once parsed, so that its bytes are
  /// released (when `record` held the only copy) before the alignment: a large record is
  /// not held twice while its pair is built.
  private func readTexts(_ record: inout LineRecord, path: String, shardName: String?)
    -> ReadTexts
  {
    let fields = configuration.fields
    let corpusRecord: CorpusRecord
    let read = CorpusRecord.read(
      record, path: path, shardName: shardName ?? InputShards.shardName(path), idField: fields.id,
      textField: fields.text, byteStringFields: byteStringFields, parser: parser)
    record = .line(lineNumber: record.lineNumber, bytes: [])
    switch read {
    case .failure(let rejection):
      return .decided(.rejected(rejection, statistics: nil, original: nil, refined: nil))
    case .success(let read): corpusRecord = read
    }
    let (value, id, source) = (corpusRecord.value, corpusRecord.id, corpusRecord.source)
    // A text decoded with its line table and no carriage return is already normalised.
    func normalized(_ read: (bytes: [UInt8], lineStarts: [Int]?)) -> NormalizedText {
      if let lineStarts = read.lineStarts {
        return NormalizedText(alreadyNormalized: read.bytes, lineStarts: lineStarts)
      }
      return NormalizedText(normalizing: read.bytes)
    }
    let readRefined = corpusRecord.byteString(fields.refined)
    let original =
      corpusRecord.byteString(fields.text).map(normalized)
      ?? NormalizedText(normalizing: Array(corpusRecord.text.utf8))
    guard let refinedValue = value[fields.refined] else {
      return .decided(
        reject(id, source, .missingField, "field '\(fields.refined)' is missing", original))
    }
    guard case .string(let refinedString) = refinedValue else {
      return .decided(
        reject(id, source, .invalidField, "field '\(fields.refined)' is not a string", original))
    }
    if Self.isBlank(original) {
      return .decided(
        reject(id, source, .emptyDocument, "field '\(fields.text)' is empty or blank", original))
    }
    if !configuration.isExpertResponse, let readRefined {
      return .texts(id: id, source: source, original: original, refined: normalized(readRefined))
    }
    var refinedBytes = readRefined?.bytes ?? Array(refinedString.utf8)
    if configuration.isExpertResponse {
      do {
        refinedBytes = try ExpertResponse.refinedText(from: refinedBytes, for: original)
      } catch {
        return .decided(
          reject(id, source, .missingRefinedText, "field '\(fields.refined)': \(error)", original))
      }
    }
    return .texts(
      id: id, source: source, original: original,
      refined: NormalizedText(normalizing: refinedBytes))
  }

  /// Whether the text is empty or only spaces, tabs and newlines.
  static func isBlank(_ text: NormalizedText) -> Bool {
    text.utf8.allSatisfy {
      $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t")
    }
  }

  /// The `pair_too_long` rejection of `pair` under ``Configuration/maximumPairTokenCount``,
  /// naming its first pair over the limit, and the number of pairs over it; or `nil`.
  /// With `original`, the chunks' texts are made from its lines, not read from the pair.
  func tooLongPairRejection(
    _ pair: BuiltPair, id: String, source: String, chunkTextsFrom original: NormalizedText? = nil
  ) -> (RecordRejection, Int)? {
    guard let limit = configuration.maximumPairTokenCount else { return nil }
    let counts = configuration.encoding.pairTokenCounts(of: pair, chunkTextsFrom: original)
    guard let first = counts.firstIndex(where: { $0 > limit }) else { return nil }
    let overCount = counts.count { $0 > limit }
    let rejection = RecordRejection(
      id: id, source: source, code: .pairTooLong,
      detail:
        "pair of chunk \(first) has \(counts[first]) approximate tokens (prompt + completion), more than --max-pair-tokens \(limit); \(overCount) of \(counts.count) pairs over"
    )
    return (rejection, overCount)
  }

  private func reject(
    _ id: String?, _ source: String, _ code: RejectCode, _ detail: String,
    _ original: NormalizedText? = nil
  ) -> Decision {
    .rejected(
      RecordRejection(id: id, source: source, code: code, detail: detail), statistics: nil,
      original: original, refined: nil)
  }

  /// Whether an unchanged document with this id is kept: a hash of the seed and
  /// the id against the rate, so the choice never depends on order or threads.
  func isKeepAllSampled(id: String) -> Bool {
    IDSampling.isDrawn(
      id: id, seed: configuration.seed, rate: configuration.keepAllRate, purpose: .keepAll)
  }

}

/// What became of one input record in ``RecordProcessor/process(_:path:shardName:)``.
public enum RecordOutcome: Sendable {
  /// The record `id` produced these encoded pair lines.
  case accepted(
    id: String, lines: [UInt8], statistics: PairStatistics, chunkCount: Int, isKeepAll: Bool,
    pairTokenCounts: [Int])
  /// The record was rejected.
  case rejected(RecordRejection, statistics: PairStatistics?)
}

/// Where the fields of an input record are found.
public struct RecordFields: Sendable, Hashable, Codable {
  /// The field holding the document id (a string or an integer).
  public var id: String
  /// The field holding the original text.
  public var original: String
  /// The field holding the refined text, or the raw expert response.
  public var refined: String

  /// Creates field names; the defaults are `id`, `text` and `refined`.
  public init(id: String = "id", original: String = "text", refined: String = "refined") {
    self.id = id
    self.original = original
    self.refined = refined
  }
}

/// Turns one JSONL record of (original, refined) into encoded training pairs or a rejection.
///
/// A processor owns a ``PairBuilder`` and its scratch memory: use one per thread.
public struct RecordProcessor {
  /// Everything that decides how a record is processed.
  public struct Configuration: Sendable, Hashable, Codable {
    /// Where the fields are.
    public var fields: RecordFields
    /// Whether the refined field holds a raw expert response with `refined_text: [doc]…[/doc]`.
    public var isExpertResponse: Bool
    /// The pair builder's options.
    public var pairOptions: PairOptions
    /// How pairs are written.
    public var encoding: TrainingPairEncoding
    /// The share of unchanged documents kept as `keep_all()` pairs, 0…1.
    public var keepAllRate: Double
    /// The seed of the keep-all sampling; the decision depends only on it and the id.
    public var seed: UInt64

    /// Creates a configuration; every parameter has a default.
    public init(
      fields: RecordFields = RecordFields(), isExpertResponse: Bool = false,
      pairOptions: PairOptions = PairOptions(),
      encoding: TrainingPairEncoding = TrainingPairEncoding(),
      keepAllRate: Double = 1, seed: UInt64 = 0
    ) {
      self.fields = fields
      self.isExpertResponse = isExpertResponse
      self.pairOptions = pairOptions
      self.encoding = encoding
      self.keepAllRate = keepAllRate
      self.seed = seed
    }
  }

  /// The configuration every record uses.
  public let configuration: Configuration
  private var builder: PairBuilder
  private let parser = JSONParser()

  /// Creates a processor.
  public init(configuration: Configuration) {
    self.configuration = configuration
    self.builder = PairBuilder(options: configuration.pairOptions)
  }

  /// Processes the record on line `lineNumber` of `path`.
  ///
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  public mutating func process(_ record: LineRecord, path: String) -> RecordOutcome {
    switch decide(record, path: path) {
    case .rejected(let rejection, let statistics, _):
      return .rejected(rejection, statistics: statistics)
    case .accepted(let id, _, let original, let pair):
      var writer = JSONWriter(capacity: original.utf8.count * 2 + 1024)
      configuration.encoding.encode(documentID: id, pair: pair, into: &writer)
      return .accepted(
        lines: writer.bytes, statistics: pair.statistics, chunkCount: pair.chunks.count,
        isKeepAll: pair.isKeepAll)
    }
  }

  /// What became of one record, before encoding: the built pair, or the
  /// rejection together with the original text when it could be read.
  enum Decision {
    /// The record produced `pair`.
    case accepted(id: String, source: String, original: NormalizedText, pair: BuiltPair)
    /// The record was rejected.
    case rejected(RecordRejection, statistics: PairStatistics?, original: NormalizedText?)
  }

  /// Reads, validates and builds the pair of the record on line `lineNumber` of `path`.
  ///
  /// - Complexity: O(*n*) plus the alignment, bounded by its work budget.
  mutating func decide(_ record: LineRecord, path: String) -> Decision {
    let source = "\(path):\(record.lineNumber)"
    let bytes: [UInt8]
    switch record {
    case .lineTooLong(_, let byteCount):
      return reject(
        nil, source, "line_too_long", "record of \(byteCount) bytes exceeds the line limit")
    case .line(_, let lineBytes):
      bytes = lineBytes
    }
    let value: JSONValue
    do {
      value = try parser.parse(bytes)
    } catch {
      let reason: String
      if case .invalidUTF8 = error.reason {
        reason = "invalid_utf8"
      } else {
        reason = "invalid_json"
      }
      return reject(nil, source, reason, error.description)
    }
    guard case .object = value else {
      return reject(nil, source, "not_an_object", "record is not a JSON object")
    }
    let fields = configuration.fields
    var id: String
    switch value[fields.id] {
    case .string(let string)?: id = string
    case .number(let text)?: id = text
    case nil, .null?: id = source
    default:
      return reject(
        nil, source, "invalid_field", "field '\(fields.id)' is neither a string nor a number")
    }
    if id.isEmpty { id = source }
    guard let originalValue = value[fields.original] else {
      return reject(id, source, "missing_field", "field '\(fields.original)' is missing")
    }
    guard case .string(let originalString) = originalValue else {
      return reject(id, source, "invalid_field", "field '\(fields.original)' is not a string")
    }
    let original = NormalizedText(originalString)
    guard let refinedValue = value[fields.refined] else {
      return reject(id, source, "missing_field", "field '\(fields.refined)' is missing", original)
    }
    guard case .string(let refinedString) = refinedValue else {
      return reject(
        id, source, "invalid_field", "field '\(fields.refined)' is not a string", original)
    }
    if original.utf8.allSatisfy({
      $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t")
    }) {
      return reject(
        id, source, "empty_document", "field '\(fields.original)' is empty or blank", original)
    }
    var refinedBytes = Array(refinedString.utf8)
    if configuration.isExpertResponse {
      do {
        refinedBytes = try ExpertResponse.refinedText(from: refinedBytes, for: original)
      } catch {
        return reject(
          id, source, "missing_refined_text", "field '\(fields.refined)': \(error)", original)
      }
    }
    let refined = NormalizedText(normalizing: refinedBytes)
    switch builder.makePair(original: original, refined: refined) {
    case .rejected(let reason, let statistics):
      return .rejected(
        RecordRejection(id: id, source: source, reason: reason.code, detail: reason.description),
        statistics: statistics, original: original)
    case .accepted(let pair):
      if pair.isKeepAll && !isKeepAllSampled(id: id) {
        return .rejected(
          RecordRejection(
            id: id, source: source, reason: "keep_all_sampled_out",
            detail: "unchanged document not sampled at keep-all rate \(configuration.keepAllRate)"),
          statistics: pair.statistics, original: original)
      }
      return .accepted(id: id, source: source, original: original, pair: pair)
    }
  }

  private func reject(
    _ id: String?, _ source: String, _ reason: String, _ detail: String,
    _ original: NormalizedText? = nil
  ) -> Decision {
    .rejected(
      RecordRejection(id: id, source: source, reason: reason, detail: detail), statistics: nil,
      original: original)
  }

  /// Whether an unchanged document with this id is kept: a hash of the seed and
  /// the id against the rate, so the choice never depends on order or threads.
  func isKeepAllSampled(id: String) -> Bool {
    if configuration.keepAllRate >= 1 { return true }
    if configuration.keepAllRate <= 0 { return false }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ configuration.seed
    for byte in id.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    hash ^= hash >> 33
    hash = hash &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    return Double(hash >> 11) / Double(1 << 53) < configuration.keepAllRate
  }
}

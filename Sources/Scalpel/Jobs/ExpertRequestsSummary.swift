/// What `expert-requests` counts besides the summary core: documents in = accepted +
/// rejected, and of the accepted, which were drawn for the expert.
public struct ExpertRequestsCounters: JobCounters {
  public static var recordNoun: String { "documents" }
  public static var writtenWord: String { "accepted" }

  /// Accepted documents drawn at the sample rate.
  public var sampledDocumentCount = 0
  /// Accepted documents not drawn (no request written).
  public var notSampledDocumentCount = 0
  /// Request lines written, one per chunk.
  public var requestCount = 0
  /// Chunks of one line longer than the budget: no request (they get `keep_all()`).
  public var unrefinableChunkCount = 0
  /// Characters of the chunks sent, without the prompt.
  public var chunkCharacterCount = 0

  /// Creates empty counters.
  public init() {}

  public mutating func add(_ other: ExpertRequestsCounters) {
    sampledDocumentCount += other.sampledDocumentCount
    notSampledDocumentCount += other.notSampledDocumentCount
    requestCount += other.requestCount
    unrefinableChunkCount += other.unrefinableChunkCount
    chunkCharacterCount += other.chunkCharacterCount
  }

  public func encode(into object: inout JSONWriter) {
    for (key, value) in [
      ("documents_sampled", sampledDocumentCount), ("documents_not_sampled", notSampledDocumentCount),
      ("requests", requestCount), ("unrefinable_chunks", unrefinableChunkCount),
      ("chunk_chars", chunkCharacterCount),
    ] {
      object.appendKey(key)
      object.appendInteger(value)
    }
  }

  public init(json: JSONValue) {
    sampledDocumentCount = json["documents_sampled"]?.integerValue ?? 0
    notSampledDocumentCount = json["documents_not_sampled"]?.integerValue ?? 0
    requestCount = json["requests"]?.integerValue ?? 0
    unrefinableChunkCount = json["unrefinable_chunks"]?.integerValue ?? 0
    chunkCharacterCount = json["chunk_chars"]?.integerValue ?? 0
  }

  public var headlineSuffix: String {
    "; \(sampledDocumentCount) sampled, \(notSampledDocumentCount) not sampled"
  }

  public var humanReadableLines: [String] {
    [
      "requests: \(requestCount) written (\(chunkCharacterCount) chunk chars); \(unrefinableChunkCount) unrefinable chunks without a request"
    ]
  }
}

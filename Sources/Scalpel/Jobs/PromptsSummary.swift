/// What `prompts` counts besides the summary core.
///
/// Documents in = accepted + rejected, and the requests of the accepted ones. With
/// `--pairs` each record is a pair line, and ``pairCount`` says so.
public struct PromptsCounters: JobCounters {
  public static var recordNoun: String { "documents" }
  public static var writtenWord: String { "accepted" }

  /// Lines written, one per refinable chunk.
  public var requestCount = 0
  /// Chunks of one line longer than the budget: no request (`build-pairs` gives them
  /// `keep_all()`).
  public var unrefinableChunkCount = 0
  /// Characters of the chunks with a request, without the prompt around them.
  public var chunkCharacterCount = 0
  /// `--pairs`: pair lines read, every record of the run (0 when the inputs are documents).
  public var pairCount = 0

  /// Creates empty counters.
  public init() {}

  public mutating func add(_ other: PromptsCounters) {
    requestCount += other.requestCount
    unrefinableChunkCount += other.unrefinableChunkCount
    chunkCharacterCount += other.chunkCharacterCount
    pairCount += other.pairCount
  }

  public func encode(into object: inout JSONWriter) {
    for (key, value) in [
      ("requests", requestCount), ("unrefinable_chunks", unrefinableChunkCount),
      ("chunk_chars", chunkCharacterCount), ("pairs_in", pairCount),
    ] {
      object.appendKey(key)
      object.appendInteger(value)
    }
  }

  public init(json: JSONValue) {
    requestCount = json["requests"]?.integerValue ?? 0
    unrefinableChunkCount = json["unrefinable_chunks"]?.integerValue ?? 0
    chunkCharacterCount = json["chunk_chars"]?.integerValue ?? 0
    pairCount = json["pairs_in"]?.integerValue ?? 0
  }

  public var headlineSuffix: String { "" }

  public var humanReadableLines: [String] {
    let pairs =
      pairCount > 0
      ? ["pairs: \(pairCount) read (--pairs: each of the documents above is a pair line)"] : []
    return pairs + [
      "requests: \(requestCount) written (\(chunkCharacterCount) chunk chars); \(unrefinableChunkCount) unrefinable chunks without a request"
    ]
  }
}

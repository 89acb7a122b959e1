extension RecordProcessor {
  typealias ChunkedDocument = ExpertChunking.ChunkedDocument

  /// What the join of one document with its replies gave, besides the pairs.
  struct ReplyCounts: Sendable {
    /// Replies of a chunk that had another usable or later reply.
    var supersededReplyCount = 0
    /// Replies of unrefinable chunks, which get `keep_all()` without the expert.
    var ignoredReplyCount = 0
  }

  /// Reads the record on line `record` and cuts it into the expert's chunks; the refined
  /// field is not needed.
  ///
  /// - Complexity: O(*n*) in the length of the line.
  func readChunked(_ record: LineRecord, path: String, shardName: String)
    -> Result<ChunkedDocument, RecordRejection>
  {
    ExpertChunking.read(
      record, path: path, shardName: shardName, fields: configuration.fields,
      chunking: builder.options.chunking)
  }

  /// Builds one pair per chunk of `document` from its replies (all naming chunks of it, in
  /// chunk and then line order): each chunk is aligned with its own refinement, as the expert
  /// refined it alone. Outcome *k* belongs to chunk *k*; its id is `<document id>#<k>`.
  ///
  /// Of several replies for one chunk, the first usable one (in file order) is taken; when
  /// none is usable, the last one's reason rejects the chunk.
  ///
  /// - Complexity: O(*n*) plus the alignment of each chunk, bounded by its work budget.
  mutating func pairs(of document: ChunkedDocument, replies: [BatchReplyIndex.Reply])
    -> (outcomes: [RecordOutcome], counts: ReplyCounts)
  {
    var counts = ReplyCounts()
    if replies.isEmpty && configuration.expertSampleRate < 1
      && !IDSampling.isDrawn(
        id: document.id, seed: configuration.seed, rate: configuration.expertSampleRate,
        purpose: .expert)
    {
      let rejection = RecordRejection(
        id: document.id, source: document.source, code: .notSampled,
        detail:
          "not drawn at sample rate \(configuration.expertSampleRate) with seed \(configuration.seed): no request was made"
      )
      return ([.rejected(rejection, statistics: nil)], counts)
    }
    var outcomes: [RecordOutcome] = []
    outcomes.reserveCapacity(document.chunks.count)
    var cursor = 0
    for chunk in document.chunks {
      let start = cursor
      while cursor < replies.count && replies[cursor].chunkIndex == chunk.index { cursor += 1 }
      let chunkReplies = replies[start..<cursor]
      let id = "\(document.id)#\(chunk.index)"
      let text = NormalizedText(lines: chunk.lineIndices, of: document.original)
      func reject(_ code: RejectCode, _ detail: String, _ statistics: PairStatistics? = nil) {
        outcomes.append(
          .rejected(
            RecordRejection(id: id, source: document.source, code: code, detail: detail),
            statistics: statistics))
      }
      let refined: [UInt8]
      var replyLine = ""
      if chunk.isUnrefinable {
        counts.ignoredReplyCount += chunkReplies.count
        refined = text.utf8
      } else if chunkReplies.isEmpty {
        reject(.expertMissing, "no reply line has custom_id '\(id)'")
        continue
      } else {
        var chosen: Result<[UInt8], ExpertReply.Failure>?
        for reply in chunkReplies {
          let result = ExpertReply.refinedText(reply.outcome, for: text)
          if case .failure(let failure) = result {
            chosen = .failure(
              ExpertReply.Failure(
                code: failure.code, detail: "replies line \(reply.lineNumber): \(failure.detail)"))
            continue
          }
          chosen = result
          replyLine = "replies line \(reply.lineNumber): "
          break
        }
        counts.supersededReplyCount += chunkReplies.count - 1
        switch chosen {
        case .success(let bytes)?: refined = bytes
        case .failure(let failure)?:
          reject(failure.code, failure.detail)
          continue
        case nil: continue
        }
      }
      switch chunkBuilder.makePair(original: text, refined: NormalizedText(normalizing: refined)) {
      case .rejected(let reason, let statistics):
        reject(.pair(reason), replyLine + reason.description, statistics)
      case .accepted(var pair):
        pair.chunks[0].chunk = chunk
        if chunk.isUnrefinable { pair.statistics.unrefinableChunkCount = 1 }
        // Keep-all sampling draws by the document id, as for a document refined whole.
        if pair.isKeepAll && !isKeepAllSampled(id: document.id) {
          reject(
            .keepAllSampledOut,
            "unchanged chunk not sampled at keep-all rate \(configuration.keepAllRate)",
            pair.statistics)
          continue
        }
        if let (rejection, overCount) = tooLongPairRejection(pair, id: id, source: document.source)
        {
          overTokenLimitPairCount += overCount
          outcomes.append(.rejected(rejection, statistics: pair.statistics))
          continue
        }
        var writer = JSONWriter(capacity: text.utf8.count * 2 + 1024)
        let pairTokenCounts = configuration.encoding.encode(
          documentID: document.id, pair: pair, chunkCount: document.chunks.count, into: &writer,
          scratch: &encodingScratch)
        outcomes.append(
          .accepted(
            id: id, lines: writer.bytes, statistics: pair.statistics, chunkCount: 1,
            isKeepAll: pair.isKeepAll, pairTokenCounts: pairTokenCounts))
      }
    }
    return (outcomes, counts)
  }
}

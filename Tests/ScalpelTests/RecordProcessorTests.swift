import Testing

@testable import Scalpel

/// `build-pairs` (``RecordProcessor/process(releasing:path:shardName:)``) builds each pair
/// without its chunks' texts and makes each chunk's text from the original while the chunk
/// is encoded. Its outcome must be the one of the path that materialises every chunk text
/// first (``RecordProcessor/decide(_:path:shardName:)`` with the texts kept, then
/// ``TrainingPairEncoding/encode(documentID:pair:chunkCount:into:scratch:chunkTextsFrom:)``
/// of the pair as built), byte for byte, for every format, with meta, overlapping chunks
/// and the pair token limit.
@Suite struct RecordProcessorTests {
  /// The outcome the chunk texts of the decided pair give, encoded as they are.
  static func materializedOutcome(
    _ processor: inout RecordProcessor, _ record: LineRecord
  ) -> RecordOutcome {
    switch processor.decide(record, path: "in.jsonl") {
    case .rejected(let rejection, let statistics, _, _):
      return .rejected(rejection, statistics: statistics)
    case .accepted(let id, _, _, _, let pair):
      var writer = JSONWriter(capacity: 1024)
      var scratch = EncodingScratch()
      let tokens = processor.configuration.encoding.encode(
        documentID: id, pair: pair, into: &writer, scratch: &scratch)
      return .accepted(
        id: id, lines: writer.bytes, statistics: pair.statistics, chunkCount: pair.chunks.count,
        isKeepAll: pair.isKeepAll, pairTokenCounts: tokens)
    }
  }

  static let configurations: [RecordProcessor.Configuration] = {
    func configuration(
      budget: Int, overlap: Int = 0, format: TrainingPairFormat = .promptCompletion,
      meta: Bool = false, tokenLimit: Int? = nil
    ) -> RecordProcessor.Configuration {
      RecordProcessor.Configuration(
        pairOptions: PairOptions(
          chunking: ChunkingOptions(budget: .characters(budget), overlapLineCount: overlap)),
        encoding: TrainingPairEncoding(format: format, includesMeta: meta),
        maximumPairTokenCount: tokenLimit)
    }
    return [
      configuration(budget: 12_000),
      configuration(budget: 1_500, meta: true),
      configuration(budget: 1_500, overlap: 3, format: .messages, meta: true),
      configuration(budget: 2_000, format: .alpaca),
      configuration(budget: 2_000, format: .conversational, meta: true),
      configuration(budget: 4_000, tokenLimit: 700),
    ]
  }()

  @Test func chunkTextsMadeWhileEncodingMatchMaterializedTexts() {
    var rng = SplitMix64(seed: 2026)
    var records: [LineRecord] = []
    for index in 0..<16 {
      let texts = ScratchReleaseTests.record(
        &rng, lineCount: 20 + rng.int(below: index < 4 ? 2_000 : 300), rewrites: index % 3 == 1)
      records.append(ScratchReleaseTests.line("doc-\(index)", texts, number: index + 1))
    }
    for (position, configuration) in Self.configurations.enumerated() {
      var processor = RecordProcessor(configuration: configuration)
      var reference = RecordProcessor(configuration: configuration)
      var acceptedCount = 0
      var multiChunkCount = 0
      var tooLongCount = 0
      for record in records {
        let outcome = processor.process(record, path: "in.jsonl")
        let expected = Self.materializedOutcome(&reference, record)
        #expect(
          ScratchReleaseTests.summary(outcome) == ScratchReleaseTests.summary(expected),
          "configuration \(position), record \(record.lineNumber)")
        switch outcome {
        case .accepted(_, _, _, let chunkCount, _, _):
          acceptedCount += 1
          if chunkCount > 1 { multiChunkCount += 1 }
        case .rejected(let rejection, _):
          if rejection.reason == "pair_too_long" { tooLongCount += 1 }
        }
      }
      // The check means something only if multi-chunk pairs are built (or, with the
      // token limit, rejected for their chunks' texts).
      if configuration.maximumPairTokenCount == nil {
        #expect(acceptedCount >= 4, "configuration \(position)")
        #expect(multiChunkCount >= 2, "configuration \(position)")
      } else {
        #expect(tooLongCount >= 4, "configuration \(position)")
      }
    }
  }

  /// Without materialised texts a pair's chunks hold none, and each chunk's lines of the
  /// original are the text the builder materialises; the token counts agree.
  @Test func unmaterializedPairHoldsNoChunkTexts() {
    var rng = SplitMix64(seed: 5)
    let texts = ScratchReleaseTests.record(&rng, lineCount: 3_000, rewrites: false)
    let (original, refined) = (NormalizedText(texts.original), NormalizedText(texts.refined))
    let options = PairOptions(chunking: ChunkingOptions(budget: .characters(2_000)))
    var builder = PairBuilder(options: options)
    guard case .accepted(let materialized) = builder.makePair(original: original, refined: refined),
      case .accepted(let bare) = builder.makePair(
        original: original, refined: refined, materializesChunkTexts: false)
    else {
      Issue.record("pair rejected")
      return
    }
    #expect(materialized.chunks.count > 1)
    #expect(bare.chunks.allSatisfy { $0.text.utf8.isEmpty })
    #expect(bare.chunks.map(\.chunk) == materialized.chunks.map(\.chunk))
    #expect(bare.chunks.map(\.program) == materialized.chunks.map(\.program))
    #expect(bare.chunks.map(\.target) == materialized.chunks.map(\.target))
    #expect(bare.statistics == materialized.statistics)
    for (chunkPair, expected) in zip(bare.chunks, materialized.chunks) {
      #expect(chunkPair.text(of: original) == expected.text)
      #expect(expected.text.utf8 == Array(original.utf8[expected.chunk.utf8Range]))
    }
    let encoding = TrainingPairEncoding(includesMeta: true)
    #expect(
      encoding.pairTokenCounts(of: bare, chunkTextsFrom: original)
        == encoding.pairTokenCounts(of: materialized))
  }
}

import Testing

@testable import Scalpel

/// ``RecordProcessor/Configuration/fingerprint`` against the reflection-made description it
/// replaces, which the options hash of existing manifests was made from.
@Suite struct RecordProcessorFingerprintTests {
  /// Texts that the reflection escapes: quotes, apostrophes, backslashes, control
  /// characters, line and paragraph separators, combining marks, emoji, an empty text.
  static let hostileTexts = [
    "", "plain", "a \"quoted\" word", "it's", "back\\slash", "tab\tline\nfeed\r\n",
    "nul\u{0}bell\u{7}", "\u{2028}\u{2029}\u{FEFF}", "e\u{301} \u{301}lead", "'\u{301}",
    "\"\u{301}", "emoji 🧪👩‍🔬", "日本語のテキスト", "\u{7F}\u{80}\u{9F}", "{n}[{n}] {n}",
  ]

  static func configurations() -> [RecordProcessor.Configuration] {
    var configurations = [RecordProcessor.Configuration()]
    for (index, text) in hostileTexts.enumerated() {
      var encoding = TrainingPairEncoding(
        format: TrainingPairFormat.allCases[index % TrainingPairFormat.allCases.count],
        instruction: text, linePrefix: index.isMultiple(of: 2) ? text : "[{n}]",
        wrapsInDocumentTags: index.isMultiple(of: 3), includesMeta: !index.isMultiple(of: 2))
      encoding.recipeHash = index.isMultiple(of: 2) ? nil : text
      let chunking = ChunkingOptions(
        budget: index.isMultiple(of: 2) ? .characters(index * 1000) : .approximateTokens(-index),
        overlapLineCount: index, frame: PromptFrame(encoding: encoding))
      let alignment = AlignmentOptions(
        workBudgetPerByte: index, minimumWorkBudget: -index, exactRegionWordsPerByte: 3,
        weakAnchorUTF8Count: 5, minimumSuspiciousInsertUTF8Count: 7,
        slidesDeletions: !index.isMultiple(of: 2), maximumSlideUTF8Count: 11,
        lineWorkPerLine: 13, minimumInOrderUniqueShare: Double(index) / 7)
      let pairOptions = PairOptions(
        alignment: alignment, maximumRewriteCharacterCount: Int.max,
        minimumDeletedCharacterCount: Int.min, hunkJoinUTF8Count: 0, chunking: chunking,
        toleratesWhitespaceRewrites: index.isMultiple(of: 2), maximumLeftoverShare: 1e-300,
        minimumWindowCoverage: index == 3 ? .infinity : -0.0)
      var configuration = RecordProcessor.Configuration(
        fields: CorpusFields(id: text, text: text + "1", refined: "r", output: text),
        isExpertResponse: index.isMultiple(of: 2), pairOptions: pairOptions,
        encoding: encoding, keepAllRate: 1 / 3, seed: UInt64.max - UInt64(index),
        maximumPairTokenCount: index.isMultiple(of: 2) ? index : nil)
      configuration.expertSampleRate = index == 5 ? .nan : 0.125
      configurations.append(configuration)
    }
    return configurations
  }

  @Test func defaultConfigurationMatchesReflection() {
    let configuration = RecordProcessor.Configuration()
    #expect(configuration.fingerprint == "\(configuration)")
  }

  @Test func framedDefaultConfigurationMatchesReflection() {
    var configuration = RecordProcessor.Configuration()
    configuration.pairOptions.chunking.frame = PromptFrame(encoding: configuration.encoding)
    configuration.pairOptions.chunking.budget = .approximateTokens(4096)
    #expect(configuration.fingerprint == "\(configuration)")
  }

  @Test func nonDefaultConfigurationsMatchReflection() {
    for configuration in Self.configurations() {
      #expect(configuration.fingerprint == "\(configuration)")
    }
  }

  @Test func optionsHashIsUnchanged() {
    for configuration in Self.configurations() {
      #expect(
        ShardManifest.hash(configuration.fingerprint)
          == ShardManifest.hash("\(configuration)"))
    }
  }
}

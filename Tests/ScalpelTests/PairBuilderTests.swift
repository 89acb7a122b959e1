import Testing

@testable import Scalpel

@Suite struct PairBuilderTests {
  static func build(_ original: String, _ refined: String, options: PairOptions = PairOptions())
    -> PairBuildResult
  {
    var builder = PairBuilder(options: options)
    return builder.makePair(original: NormalizedText(original), refined: NormalizedText(refined))
  }

  static func program(_ result: PairBuildResult) -> String? {
    guard case .accepted(let pair) = result else { return nil }
    return pair.documentProgram.rendered
  }

  /// The paper's Figure 1: navigation on line 1, a junk string on line 2, lines 88–89 deleted.
  @Test func paperFigureOneExample() {
    var lines = ["Home | Products | About Us | Contact | Login"]
    lines.append(
      "Welcome to the Garden Guide! Click here to subscribe now!!! Spring is the best time to plant."
    )
    for index in 3...87 {
      lines.append("Paragraph \(index): tomatoes need sun, water and patience, week \(index).")
    }
    lines.append("Copyright 2024 Garden Guide. All rights reserved.")
    lines.append("Follow us on Facebook | Twitter | Instagram")
    lines.append("Thanks for reading.")
    let original = lines.joined(separator: "\n") + "\n"
    var refinedLines = lines
    refinedLines.removeSubrange(87...88)
    refinedLines.removeFirst()
    refinedLines[0] = "Welcome to the Garden Guide! Spring is the best time to plant."
    let refined = refinedLines.joined(separator: "\n") + "\n"
    #expect(
      Self.program(Self.build(original, refined))
        == "remove_lines(1, 1)\nremove_str(2, \"Click here to subscribe now!!! \")\nremove_lines(88, 89)"
    )
  }

  @Test func unchangedDocumentIsKeepAll() {
    guard case .accepted(let pair) = Self.build("a clean text\n", "a clean text\n") else {
      Issue.record("rejected")
      return
    }
    #expect(pair.isKeepAll)
    #expect(pair.documentProgram.rendered == "keep_all()")
    #expect(pair.statistics.keepAllChunkCount == 1)
  }

  @Test func largeRewriteIsRejected() {
    let result = Self.build(
      "Intro line.\nThe weather was nice.\n",
      "Intro line.\nAn entirely different sentence was written here.\n")
    guard case .rejected(let reason, _) = result, case .rewriteTooLarge(_, let line) = reason else {
      Issue.record("expected a rewrite rejection, got \(result)")
      return
    }
    #expect(line == 2)
  }

  /// Issue 10: navigation lines deleted next to a list marker the extractor added are
  /// pure deletions; the rewrite is the marker alone (2 characters), so the pair is kept,
  /// and the kept items are not built from letters of the navigation.
  @Test func deletedLinesNextToAnInsertedMarkerAreNotPartOfTheRewrite() {
    let result = Self.build(
      "Home\nAbout us\nContact\nLogin\nSearch this site\nFirst item here\nSecond item here\n",
      "- First item here\n- Second item here\n")
    guard case .accepted(let pair) = result else {
      Issue.record("expected acceptance, got \(result)")
      return
    }
    #expect(pair.documentProgram.rendered == "remove_lines(1, 5)")
    #expect(pair.statistics.rewriteHunkCount == 2)
    #expect(pair.statistics.leftoverCharacterCount == 0)
    #expect(pair.statistics.overDeletedCharacterCount == 0)
  }

  /// A paraphrase stays one rewrite, and a large one still rejects the pair.
  @Test func paraphraseStaysARewrite() {
    let result = Self.build(
      "Menu | Home\nClimate change[ad] impacts the environment in many ways.\n",
      "Climate change affects our planet and its climate in many ways.\n")
    guard case .rejected(let reason, _) = result, case .rewriteTooLarge(_, let line) = reason else {
      Issue.record("expected a rewrite rejection, got \(result)")
      return
    }
    #expect(line == 2)
  }

  /// Whitespace-only rewrites are counted apart; tolerated, they never reject a pair.
  @Test func whitespaceOnlyRewritesAreCountedAndCanBeTolerated() {
    let original = "Nav | Links | Here\nA paragraph\nwrapped over\nthree lines.\n"
    let refined = "A paragraph wrapped over three lines.\n"
    guard case .accepted(let pair) = Self.build(original, refined) else {
      Issue.record("expected acceptance")
      return
    }
    #expect(pair.documentProgram.rendered == "remove_lines(1, 1)")
    #expect(pair.statistics.whitespaceRewriteHunkCount == 2)
    #expect(pair.statistics.leftoverCharacterCount == 0)

    // 24 spaces of indentation replaced by 24 tabs: a whitespace-only rewrite of 24.
    let wide = "Nav | Links | Here\nText\n\(String(repeating: " ", count: 24))more text\n"
    let narrow = "Text\n\(String(repeating: "\t", count: 24))more text\n"
    let strict = Self.build(wide, narrow)
    guard case .rejected(let reason, _) = strict, case .whitespaceRewriteTooLarge = reason else {
      Issue.record("expected whitespace_rewrite_too_large, got \(strict)")
      return
    }
    let tolerant = Self.build(wide, narrow, options: PairOptions(toleratesWhitespaceRewrites: true))
    guard case .accepted(let tolerated) = tolerant else {
      Issue.record("expected acceptance with tolerated whitespace, got \(tolerant)")
      return
    }
    #expect(tolerated.documentProgram.rendered == "remove_lines(1, 1)")
  }

  /// The leftover limit: a pair whose only junk cannot be named uniquely is rejected
  /// with the amount, and accepted when the limit allows it.
  @Test func leftoverAboveTheLimitIsRejectedWithItsAmount() {
    let original = "Buy [sponsored] now and [sponsored] later, friends.\n"
    let refined = "Buy now and later, friends.\n"
    let result = Self.build(
      original, refined, options: PairOptions(minimumDeletedCharacterCount: 0))
    guard case .rejected(let reason, _) = result else {
      Issue.record("expected a rejection, got \(result)")
      return
    }
    #expect(reason == .deletionsNotExpressible(leftoverCount: 24, deletedCount: 24))
    #expect(
      reason.description == "24 of 24 deleted characters cannot be expressed as program calls")
  }

  @Test func smallRewriteStaysAndDeletionsSurvive() {
    let result = Self.build(
      "Home | About | Contact\nWe recieve many letters every week.\n",
      "We receive many letters every week.\n")
    #expect(Self.program(result) == "remove_lines(1, 1)")
    guard case .accepted(let pair) = result else { return }
    #expect(pair.statistics.rewriteHunkCount == 1)
    #expect(
      String(decoding: pair.chunks[0].target, as: UTF8.self)
        == "We recieve many letters every week.\n")
  }

  @Test func tooFewDeletionsAreRejected() {
    let result = Self.build("Some text here [x] and more.\n", "Some text here and more.\n")
    #expect(result == .rejected(.tooFewDeletions(characterCount: 4), Self.statistics(result)))
  }

  static func statistics(_ result: PairBuildResult) -> PairStatistics {
    switch result {
    case .accepted(let pair): return pair.statistics
    case .rejected(_, let statistics): return statistics
    }
  }

  @Test func budgetExhaustionIsRejected() {
    var rng = SplitMix64(seed: 9)
    func text() -> String {
      (0..<400).map { _ in
        String((0..<30).map { _ in Character(UnicodeScalar(UInt8(97 + rng.int(below: 26)))) })
      }
      .joined(separator: "\n")
    }
    // Unrelated texts, so the window check is off to let the alignment run out.
    let options = PairOptions(
      alignment: AlignmentOptions(workBudgetPerByte: 1, minimumWorkBudget: 0),
      minimumWindowCoverage: 0)
    let result = Self.build(text(), text(), options: options)
    guard case .rejected(.alignmentBudgetExhausted, _) = result else {
      Issue.record("expected budget rejection, got \(result)")
      return
    }
  }

  @Test func chunksUseLocalLineNumbersAndMergeBack() {
    let lines = (1...10).map { "line number \($0) with some text" }
    let original = lines.joined(separator: "\n") + "\n"
    let refined =
      lines.enumerated().filter { $0.offset != 1 && $0.offset != 7 }.map(\.element)
      .joined(separator: "\n") + "\n"
    let options = PairOptions(chunking: ChunkingOptions(budget: .characters(150)))
    guard case .accepted(let pair) = Self.build(original, refined, options: options) else {
      Issue.record("rejected")
      return
    }
    #expect(pair.chunks.count > 1)
    #expect(pair.documentProgram.rendered == "remove_lines(2, 2)\nremove_lines(8, 8)")
    let joinedTargets = pair.chunks.flatMap(\.target)
    #expect(String(decoding: joinedTargets, as: UTF8.self) == refined)
    #expect(
      pair.chunks.allSatisfy { chunk in
        chunk.program.calls.allSatisfy {
          if case .removeLines(let range) = $0 {
            return range.upperBound <= chunk.chunk.lineIndices.count
          }
          return true
        }
      })
  }

  /// Random originals, refined by deleting spans and inserting or substituting a few words.
  @Test(arguments: 0..<300)
  func builderNeverInsertsAndAlwaysRoundTrips(seed: Int) {
    var rng = SplitMix64(seed: UInt64(seed) &+ 777)
    let vocabulary = [
      "the", "cat", "sat", "on", "a", "mat", "é", "Home", "|", "[ad]", "\n", "\n", ".", "😀",
    ]
    let wordCount = rng.int(below: 80)
    let words = (0..<wordCount).map { _ in vocabulary[rng.int(below: vocabulary.count)] }
    let original = words.joined(separator: " ")
    var refinedWords: [String] = []
    let isDeletionOnly = seed % 2 == 0
    for word in words {
      let roll = rng.int(below: 10)
      if roll < 2 { continue }
      if !isDeletionOnly && roll == 2 { refinedWords.append("new") }
      if !isDeletionOnly && roll == 3 {
        refinedWords.append("dog")
        continue
      }
      refinedWords.append(word)
    }
    let refined = refinedWords.joined(separator: " ")
    let options = PairOptions(minimumDeletedCharacterCount: 0)
    let result = Self.build(original, refined, options: options)
    let normalizedOriginal = NormalizedText(original).utf8
    switch result {
    case .rejected(let reason, _):
      if case .roundTripMismatch = reason {
        Issue.record(
          "round trip failed: \(String(reflecting: original)) → \(String(reflecting: refined))")
      }
      if isDeletionOnly, case .deletionsNotExpressible = reason {
      } else {
        #expect(!isDeletionOnly, "\(reason)")
      }
      #expect(reason.code != "over_deletion", "\(reason)")
    case .accepted(let pair):
      let target = pair.chunks.flatMap(\.target)
      // The target is the original minus some bytes: nothing was inserted.
      var cursor = 0
      for byte in target {
        while cursor < normalizedOriginal.count && normalizedOriginal[cursor] != byte {
          cursor += 1
        }
        cursor += 1
      }
      #expect(cursor <= normalizedOriginal.count, "target is not a subsequence of the original")
      #expect(pair.statistics.overDeletedCharacterCount == 0)
      if isDeletionOnly && pair.statistics.droppedLineJoinCount == 0
        && pair.statistics.droppedAmbiguousStringCount == 0
      {
        #expect(
          target == NormalizedText(refined).utf8,
          "\(String(reflecting: original)) → \(String(reflecting: refined))")
      }
    }
  }
}

/// A refinement longer than any accepted pair could insert is rejected before the alignment.
@Suite struct ImpossibleInsertionTests {
  @Test func aReplyManyTimesLongerThanItsChunkIsRejectedAtOnce() {
    let original = NormalizedText("Home | About\nA short chunk of real text.\n")
    let refined = NormalizedText(
      "A short chunk of real text." + String(repeating: "Z", count: 4_000_000) + "\n")
    var builder = PairBuilder()
    let result = builder.makePair(original: original, refined: refined)
    guard case .rejected(.rewriteTooLarge(let count, _), let statistics) = result else {
      Issue.record("expected rewrite_too_large, got \(result)")
      return
    }
    #expect(count == refined.utf8.count - original.utf8.count)
    // Nothing was aligned: the statistics are empty.
    #expect(statistics == PairStatistics())
  }

  @Test func theBoundIsTheMostAnAcceptedPairCanInsert() {
    let original = NormalizedText("abc")  // 3 scalars: at most 4 hunks of 19 insertions
    let options = PairOptions()
    func excess(_ extra: Int) -> Int? {
      PairBuilder.impossibleInsertion(
        original: original, refined: NormalizedText("abc" + String(repeating: "é", count: extra)),
        options: options)
    }
    #expect(excess(76) == nil)
    #expect(excess(77) == 77)
    var tolerant = options
    tolerant.toleratesWhitespaceRewrites = true
    #expect(
      PairBuilder.impossibleInsertion(
        original: original, refined: NormalizedText("abc" + String(repeating: " ", count: 500)),
        options: tolerant) == nil)
  }

  /// Random texts of one- to four-byte scalars (few scalars for their bytes on either side)
  /// and limits from 0 to 30: the check agrees with the bound computed from the texts'
  /// `unicodeScalars`, by the formula of its documentation.
  @Test func agreesWithTheBoundOverScalarsOfEveryWidth() {
    var rng = SplitMix64(seed: 1406)
    let alphabet = ["a", " ", "é", "€", "😀", "\n", "字", "🍪🍪"]
    func text(_ length: Int) -> String {
      var text = ""
      let widest = 1 + rng.int(below: alphabet.count)
      for _ in 0..<length { text += alphabet[rng.int(below: widest)] }
      return text
    }
    for _ in 0..<3_000 {
      let original = text(rng.int(below: 12))
      let refined = text(rng.int(below: 400))
      var options = PairOptions()
      options.maximumRewriteCharacterCount = rng.int(below: 31)
      let normalizedOriginal = NormalizedText(original)
      let normalizedRefined = NormalizedText(refined)
      let originalCount = normalizedOriginal.string.unicodeScalars.count
      let excess = normalizedRefined.string.unicodeScalars.count - originalCount
      let limit = (options.maximumRewriteCharacterCount - 1) * (originalCount + 1)
      #expect(
        PairBuilder.impossibleInsertion(
          original: normalizedOriginal, refined: normalizedRefined, options: options)
          == (excess > limit ? excess : nil), "\(original) → \(refined)")
    }
  }
}

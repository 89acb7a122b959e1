import Testing

@testable import Scalpel

@Suite struct InspectionJobTests {
  static let corpus = """
    {"id":"a","text":"Home | About\\nGood text here. [ad] Buy now! More text.\\nFooter 2024\\n","refined":"Good text here. More text.\\n"}
    {"id":"b","text":"clean text\\n","refined":"clean text\\n"}

    {"id":"c","text":"The weather was nice.\\n","refined":"A totally different sentence was written.\\n"}
    {not json
    {"id":"e","text":"keep this [x] text\\n","refined":"keep this text\\n"}

    """

  static func report(_ input: InspectionOptions.Input, linePrefix: String = "[{n}]") throws
    -> InspectionReport
  {
    try InspectionJob(options: InspectionOptions(input: input, linePrefix: linePrefix)).makeReport()
  }

  static func buildPairs(
    _ directory: TemporaryDirectory, format: TrainingPairFormat = .promptCompletion,
    linePrefix: String = "[{n}]",
    wraps: Bool = true, meta: Bool = false, chunkCharacters: Int = 12_000,
    maximumLeftoverShare: Double = PairOptions().maximumLeftoverShare
  ) throws -> (pairs: String, rejects: String) {
    let input = try directory.file("corpus.jsonl", contents: Array(corpus.utf8))
    var configuration = RecordProcessor.Configuration()
    configuration.encoding = TrainingPairEncoding(
      format: format, linePrefix: linePrefix, wrapsInDocumentTags: wraps, includesMeta: meta)
    // The budget bounds the whole prompt: `chunkCharacters` of lines beyond the frame.
    let frameSize = PromptFrame(encoding: configuration.encoding).smallestPromptSize(
      in: .characters(1))
    configuration.pairOptions.chunking.budget = .characters(chunkCharacters + frameSize)
    configuration.pairOptions.maximumLeftoverShare = maximumLeftoverShare
    let job = BuildPairsJob(
      options: JobOptions(
        inputs: [input],
        destination: .files(
          output: directory.path + "/pairs.jsonl", rejects: directory.path + "/rejects.jsonl")),
      processing: configuration)
    _ = try job.run()
    return (directory.path + "/pairs.jsonl", directory.path + "/rejects.jsonl")
  }

  @Test(arguments: TrainingPairFormat.allCases)
  func pairsAndRejectsGiveTheSameCountsAsTheCorpus(format: TrainingPairFormat) throws {
    let directory = try TemporaryDirectory()
    let files = try Self.buildPairs(directory, format: format)
    let fromPairs = try Self.report(.pairs(path: files.pairs, rejectsPath: files.rejects))
    let fromCorpus = try Self.report(.corpus(path: directory.path + "/corpus.jsonl"))
    for report in [fromPairs, fromCorpus] {
      #expect(report.documentCount == 5)
      #expect(
        (report.acceptedDocumentCount, report.changedDocumentCount, report.keepAllDocumentCount)
          == (2, 1, 1))
      #expect(
        report.rejectsByReason == [
          "invalid_json": 1, "rewrite_too_large": 1, "too_few_deletions": 1,
        ])
      #expect((report.chunkCount, report.pairCount) == (2, 2))
      #expect(
        (report.removeLinesCallCount, report.removeStringCallCount, report.keepAllCallCount) == (
          2, 1, 1
        ))
      // "Home | About\n", "[ad] Buy now! ", "Footer 2024\n"
      #expect(report.deletedCharacterCount == 39)
      #expect(report.notes.isEmpty)
    }
    let a = try #require(fromPairs.documents.first)
    #expect(a.id == "a")
    #expect(a.chunks[0].lines.map(\.isRemoved) == [true, false, true])
    #expect(a.chunks[0].lines[1].removedUTF8Ranges == [16..<30])
    // Pairs first, then the rejects file in its order; the corpus keeps input order.
    #expect(
      fromPairs.documents.map(\.id) == ["a", "b", "c", "\(directory.path)/corpus.jsonl:5", "e"])
    #expect(
      fromCorpus.documents.map(\.id) == ["a", "b", "c", "\(directory.path)/corpus.jsonl:5", "e"])
    #expect(fromCorpus.documents[2].chunks[0].lines.map(\.text) == ["The weather was nice."])
    #expect(fromPairs.documents[2].chunks.isEmpty)
  }

  @Test func corpusDocumentsCarryTheExpertsEditAndRejectsTheirCause() throws {
    let directory = try TemporaryDirectory()
    let corpus = try directory.file("corpus.jsonl", contents: Array(Self.corpus.utf8))
    let report = try Self.report(.corpus(path: corpus))
    typealias Edit = InspectedDocument.Line.Edit
    // "a": every deletion is expressed, nothing is left in.
    let a = report.documents[0]
    #expect(a.leftoverCharacterCount == 0 && a.overDeletedCharacterCount == 0)
    #expect(a.chunks[0].lines.allSatisfy { $0.edits.isEmpty })
    // "c": "The weather was nice." rewritten; the rewrite's insertion names the reject.
    let c = report.documents[2]
    #expect(c.rejectCause == .init(code: "rewrite_too_large", isMarkedInText: true))
    let causes = c.chunks[0].lines[0].edits.filter { $0.rejectCause != nil }
    #expect(causes.count == 1)
    if case .inserted(_, let size)? = causes.first?.kind {
      #expect(size >= PairOptions().maximumRewriteCharacterCount)
    } else {
      Issue.record("the cause is not an insertion: \(causes)")
    }
    // Unreadable JSON has no text: its cause is named above where the text would be.
    #expect(report.documents[3].rejectCause == .init(code: "invalid_json", isMarkedInText: false))
    // "e": "keep this [x] text" → "keep this text" deletes 4 characters, fewer than 10; the
    // deletion the programs would make is struck through and names the reject.
    let e = report.documents[4]
    #expect(e.rejectCause == .init(code: "too_few_deletions", isMarkedInText: true))
    let edits = e.chunks[0].lines[0].edits
    #expect(edits.count == 1)
    #expect(edits.first?.kind == .expertDeleted)
    #expect(edits.first?.rejectCause == "too_few_deletions")
    let deleted = edits.first.map { Array("keep this [x] text".utf8)[$0.utf8Range] } ?? []
    #expect(["[x] ", " [x]"].contains(String(decoding: deleted, as: UTF8.self)))
  }

  @Test func customPrefixWithoutWrapperAndSmallChunksWithMeta() throws {
    let directory = try TemporaryDirectory()
    // Line 2 of "a" is longer than the budget, and the expert deleted "[ad] Buy now! "
    // from it: by default that leftover (14 of 39 deleted characters) rejects "a" ...
    let strict = try Self.buildPairs(
      directory, linePrefix: "{n}: ", wraps: false, meta: true, chunkCharacters: 20)
    let strictReport = try Self.report(
      .pairs(path: strict.pairs, rejectsPath: strict.rejects), linePrefix: "{n}: ")
    #expect(strictReport.rejectsByReason["deletions_not_expressible"] == 1)
    // ... and a looser leftover limit accepts it, with that chunk as keep_all.
    let files = try Self.buildPairs(
      directory, linePrefix: "{n}: ", wraps: false, meta: true, chunkCharacters: 20,
      maximumLeftoverShare: 1)
    let report = try Self.report(.pairs(path: files.pairs, rejectsPath: nil), linePrefix: "{n}: ")
    #expect(report.rejectsByReason.isEmpty)
    #expect(report.acceptedDocumentCount == 2)
    #expect(report.chunkCount == 4)
    let a = try #require(report.documents.first)
    #expect(a.chunks.map(\.firstLineNumber) == [1, 2, 3])
    #expect(a.chunks.map(\.index) == [0, 1, 2])
    // Line 2 is longer than the budget: an unrefinable keep_all chunk, so only lines 1 and 3 go.
    #expect(a.chunks.map(\.isKeepAll) == [false, true, false])
    #expect(report.deletedCharacterCount == 25)

    let wrongPrefix = try Self.report(.pairs(path: files.pairs, rejectsPath: nil))
    #expect(wrongPrefix.rejectsByReason == ["unreadable_prompt": 4])
  }

  @Test func unreadablePairLinesBecomeANote() throws {
    let directory = try TemporaryDirectory()
    let pairs = try directory.file(
      "pairs.jsonl",
      contents: Array(
        """
        {"id":"x#0","prompt":"[doc]\\n[1]a b\\n[/doc]","completion":"remove_str(1, \\" b\\")"}
        not json
        {"id":"y#0","something":"else"}
        {"id":"x#1","prompt":"[doc]\\n[1]c\\n[/doc]","completion":"keep_all()"}

        """.utf8))
    let report = try Self.report(.pairs(path: pairs, rejectsPath: nil))
    #expect(report.documentCount == 1)
    #expect(report.documents[0].chunks.map(\.firstLineNumber) == [1, 2])
    #expect(report.deletedCharacterCount == 2)
    #expect(report.notes.count == 1)
    #expect(report.notes[0].hasPrefix("2 lines of \(pairs) could not be read (first: line 2: "))
  }

  @Test func documentsJoinProgramsInDocumentOrder() throws {
    let directory = try TemporaryDirectory()
    let documents = try directory.file(
      "documents.jsonl",
      contents: Array(
        """
        {"id":"a","text":"Home\\nGood [ad] text\\nFooter\\n"}
        {"id":"b","text":"no program\\n"}
        {"id":"c","text":"one\\ntwo\\nthree\\n"}
        {"id":"d","text":"x\\n"}
        {"id":7,"text":"numeric id\\n"}

        """.utf8))
    let programs = try directory.file(
      "programs.jsonl",
      contents: Array(
        """
        {"id":"a","program":"remove_lines(1, 1)"}
        {"id":"a","program":"remove_str(2, \\"[ad] \\")\\nremove_str(2, \\"nope\\")"}
        {"id":"c","chunk":1,"program":"remove_lines(1, 1)"}
        {"id":"d","chunk":3,"program":"keep_all()"}
        broken
        {"id":7,"program":"keep_all()"}
        {"id":"zz","program":"keep_all()"}

        """.utf8))
    var options = InspectionOptions(
      input: .documentsAndPrograms(documentsPath: documents, programsPath: programs))
    options.processing.pairOptions.chunking.budget = .characters(8)
    let report = try InspectionJob(options: options).makeReport()
    #expect(report.documents.map(\.id) == ["a", "b", "c", "d", "7"])
    #expect(
      report.documents.map(\.status.kind) == [
        "changed", "rejected", "changed", "rejected", "keep_all",
      ])
    #expect(report.rejectsByReason == ["missing_program": 1, "chunk_out_of_range": 1])
    // Records without "chunk" are chunk 0, as in apply: "a" in chunks of 8 characters is
    // "Home\n", "Good [ad] text\n" (one over-long line), "Footer\n"; both of its records
    // go to chunk 0, where line 2 does not exist.
    let a = report.documents[0]
    #expect(a.chunks.map(\.hasProgram) == [true, false, false])
    #expect(a.chunks[0].lines.map(\.isRemoved) == [true])
    #expect(a.chunks[0].skippedCallCount == 2)
    // "one\ntwo\nthree\n" in chunks of 8 characters: "one\ntwo\n", "three\n"; chunk 1 has the program.
    let c = report.documents[2]
    #expect(c.chunks.map(\.hasProgram) == [false, true])
    #expect(
      c.chunks[1].lines == [InspectedDocument.Line(number: 1, text: "three", isRemoved: true)])
    #expect(c.deletedCharacterCount == 6)
    #expect((report.chunkCount, report.pairCount) == (6, 3))
    #expect(report.documents[1].chunks[0].lines.map(\.text) == ["no program"])
    #expect(
      report.notes == [
        "1 program record matched no document: the programs file must list documents in the order of the documents file",
        "1 line of \(programs) could not be read (first: \(programs):5: invalid JSON: unexpected character 'b', expected a value at byte 0 (line 1, column 1))",
      ])
  }

  @Test func runWritesThePageAtomically() throws {
    let directory = try TemporaryDirectory()
    let files = try Self.buildPairs(directory)
    let output = directory.path + "/report.html"
    let outcome = try InspectionJob(
      options: InspectionOptions(
        input: .pairs(path: files.pairs, rejectsPath: files.rejects), output: output, title: "T")
    ).run()
    guard case .documents(let report) = outcome else {
      Issue.record("a pairs file gives a document report")
      return
    }
    let page = String(decoding: directory.contents(of: output) ?? [], as: UTF8.self)
    #expect(page == HTMLReportWriter().page(for: report))
    #expect(
      try directory.entries() == [
        ".pairs.jsonl.manifest.json", "corpus.jsonl", "pairs.jsonl", "rejects.jsonl", "report.html",
      ])
  }

  @Test func aMissingInputNamesThePath() throws {
    #expect(throws: FileError.self) {
      _ = try Self.report(.corpus(path: "/nonexistent/corpus.jsonl"))
    }
  }
}

import Foundation
import Testing

@testable import Scalpel

@Suite struct DocumentRefinerTests {
  typealias Status = ChunkRefinement.Status
  typealias Reason = ChunkRefinement.SkipReason

  static func refine(
    _ text: String, _ programs: [(Int, String)], chunkChars: Int = 12_000, maximumBadCalls: Int = 1
  ) -> DocumentRefinement {
    let refiner = DocumentRefiner(
      options: RefinementOptions(
        chunking: ChunkingOptions(budget: .characters(chunkChars)),
        maximumBadCallCount: maximumBadCalls))
    return refiner.refine(
      NormalizedText(text), programs: programs.map { ChunkProgram(chunkIndex: $0, output: $1) })
  }

  @Test func documentationExampleHolds() {
    let result = DocumentRefiner().refine(
      NormalizedText("Home | About\nGood text. [ad] More.\n"),
      programs: [
        ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 1)\nremove_str(2, \"[ad] \")")
      ])
    #expect(result.text.string == "Good text. More.\n")
    #expect(result.removedCharacterCount == 18)
    #expect(result.originalCharacterCount == 35)
  }

  // MARK: - Chunk mapping

  /// Five lines of five characters (with newline), no final newline; 10 characters per chunk
  /// gives chunks [Nav1, Body], [Ad 2, Text], [End!].
  static let fiveLines = "Nav1\nBody\nAd 2\nText\nEnd!"

  // MARK: - Aggressiveness guards and reply failures

  /// Chunk 0 (`Nav1\nBody\n`, 10 characters) loses all 10, chunk 1 (`Ad 2\nText\n`) 5 of
  /// 10; the document has 24 characters.
  @Test(
    arguments: [
      (nil, nil, "Text\nEnd!" as String, [Status.refined, .refined, .missingProgram]),
      (0.6, nil, "Nav1\nBody\nText\nEnd!", [.tooAggressive, .refined, .missingProgram]),
      (0.6, 0.25, "Nav1\nBody\nText\nEnd!", [.tooAggressive, .refined, .missingProgram]),
      (0.6, 0.2, fiveLines, [.tooAggressive, .documentTooAggressive, .missingProgram]),
      (nil, 0.625, "Text\nEnd!", [.refined, .refined, .missingProgram]),
      (nil, 0.6, fiveLines, [.documentTooAggressive, .documentTooAggressive, .missingProgram]),
      (0.5, nil, "Nav1\nBody\nText\nEnd!", [.tooAggressive, .refined, .missingProgram]),
    ] as [(Double?, Double?, String, [Status])])
  func deleteShareGuards(
    chunkShare: Double?, documentShare: Double?, text: String, statuses: [Status]
  ) {
    let refiner = DocumentRefiner(
      options: RefinementOptions(
        chunking: ChunkingOptions(budget: .characters(10)), maximumChunkDeleteShare: chunkShare,
        maximumDocumentDeleteShare: documentShare))
    let result = refiner.refine(
      NormalizedText(Self.fiveLines),
      programs: [
        ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 2)"),
        ChunkProgram(chunkIndex: 1, output: "keep_all()\nremove_lines(1, 1)"),
      ])
    #expect(result.text.string == text)
    #expect(result.chunks.map(\.status) == statuses)
    #expect(result.removedCharacterCount == 24 - text.unicodeScalars.count)
    #expect(result.isTooAggressive == (text == Self.fiveLines))
    // Every parsed call is applied or skipped once (`keep_all()` next to a call is a parse
    // error, so chunk 1 has one call).
    let reasons = result.chunks.flatMap { $0.skippedCalls.map(\.reason) }
    let applied = result.chunks.reduce(0) { $0 + $1.appliedRemoveLinesCount }
    #expect(applied + reasons.count == 2)
    #expect(
      reasons.filter { $0 == .chunkTooAggressive }.count
        == statuses.filter { $0 == .tooAggressive }.count)
    #expect(
      reasons.filter { $0 == .documentTooAggressive }.count
        == statuses.filter { $0 == .documentTooAggressive }.count)
    #expect(result.chunks.first?.wouldRemoveCharacterCount == 10)
    #expect(result.chunks.first?.characterCount == 10)
  }

  @Test func aFailedReplyLeavesItsChunkUnchangedExceptAnUnrefinableOne() {
    let failure = ReplyFailure(reason: .httpStatus, detail: "replies line 3: status 500")
    let result: DocumentRefinement? = DocumentRefiner(
      options: RefinementOptions(chunking: ChunkingOptions(budget: .characters(10)))
    ).refine(
      NormalizedText(Self.fiveLines),
      programs: [
        ChunkProgram(chunkIndex: 0, failure: failure),
        ChunkProgram(chunkIndex: 1, output: "remove_lines(2, 2)"),
      ])
    #expect(result?.text.string == "Nav1\nBody\nAd 2\nEnd!")
    #expect(result?.chunks.map(\.status) == [.replyFailed, .refined, .missingProgram])
    #expect(result?.chunks.first?.replyFailure == failure)
    let report = result.map {
      DocumentReport(id: "d", source: "c:1", refinement: $0, includesReplyCounts: true)
    }
    #expect(report?.replyFailedChunkCount == 1 && report?.unchangedChunkCount == 2)
    #expect(
      report?.problems.first?.message
        == "reply unusable (http_status): replies line 3: status 500; chunk left unchanged")
    let unrefinable = DocumentRefiner(
      options: RefinementOptions(chunking: ChunkingOptions(budget: .characters(4)))
    ).refine(
      NormalizedText("a very long line\n"),
      programs: [ChunkProgram(chunkIndex: 0, failure: failure)])
    #expect(unrefinable.chunks.map(\.status) == [.unrefinable])
  }

  @Test func chunkProgramsUseChunkLocalLinesInAnyOrder() {
    let result = Self.refine(
      Self.fiveLines, [(1, "remove_lines(1, 1)"), (0, "remove_lines(1, 1)")], chunkChars: 10)
    #expect(result.text.string == "Body\nText\nEnd!")
    #expect(result.chunks.map(\.status) == [.refined, .refined, .missingProgram])
    #expect(result.chunks.map(\.chunk.firstLineNumber) == [1, 3, 5])
    #expect(result.chunks.map(\.appliedRemoveLinesCount) == [1, 1, 0])
  }

  @Test func removingTheWholeLastChunkDropsTheNewlineLikeTheDocumentProgram() {
    let programs = [
      (0, "remove_lines(1, 1)"), (1, "remove_lines(1, 1)"), (2, "remove_lines(1, 1)"),
    ]
    let result = Self.refine(Self.fiveLines, programs, chunkChars: 10)
    #expect(result.text.string == "Body\nText")
    let merged: Program = [.removeLines(1...1), .removeLines(3...3), .removeLines(5...5)]
    #expect(ProgramExecutor.execute(merged, on: NormalizedText(Self.fiveLines)).text == result.text)
    #expect(result.removedCharacterCount == 15)
  }

  @Test func emptyingTheLastLineKeepsItsNewlineLikeTheDocumentProgram() {
    let result = Self.refine(Self.fiveLines, [(2, #"remove_str(1, "End!")"#)], chunkChars: 10)
    #expect(result.text.string == "Nav1\nBody\nAd 2\nText\n")
    let merged: Program = [.removeString(lineNumber: 5, text: "End!")]
    #expect(ProgramExecutor.execute(merged, on: NormalizedText(Self.fiveLines)).text == result.text)
  }

  @Test func removingEverythingGivesTheEmptyText() {
    let programs = [
      (0, "remove_lines(1, 2)"), (1, "remove_lines(1, 2)"), (2, "remove_lines(1, 1)"),
    ]
    #expect(Self.refine(Self.fiveLines + "\n", programs, chunkChars: 10).text.string == "")
  }

  @Test func textsAreNormalisedAndTheEmptyDocumentHasNoChunks() {
    #expect(Self.refine("a\r\nb\rc\r\n", [(0, "remove_lines(2, 2)")]).text.string == "a\nc\n")
    let empty = Self.refine("", [(0, "remove_lines(1, 1)")])
    #expect(empty.text.string == "" && empty.chunks.isEmpty && empty.unmatchedChunkIndices == [0])
  }

  // MARK: - Error budget

  static let threeLines = "alpha\nbeta gamma\ndelta\n"

  struct BudgetCase: Sendable, CustomTestStringConvertible {
    var program: String
    var maximumBadCalls: Int
    var expected: String
    var status: Status
    var skipped: [Reason]
    var parseErrors: Int
    var line: Int
    var testDescription: String { "line \(line): \(program.debugDescription)" }
  }

  static let budgetCases: [BudgetCase] = [
    .init(
      program: "remove_lines(1, 1)", maximumBadCalls: 1, expected: "beta gamma\ndelta\n",
      status: .refined,
      skipped: [], parseErrors: 0, line: #line),
    .init(
      program: "remove_lines(1, 1)\nremove_str(2, \"zzz\")", maximumBadCalls: 1,
      expected: "beta gamma\ndelta\n", status: .refined, skipped: [.textNotFound], parseErrors: 0,
      line: #line),
    .init(
      program: "remove_lines(1, 1)\nremove_str(2, \"zzz\")", maximumBadCalls: 0,
      expected: threeLines,
      status: .overErrorBudget, skipped: [.chunkRejected, .textNotFound], parseErrors: 0,
      line: #line),
    .init(
      program: "remove_lines(1, 1)\nremove_str(2, \"zzz\")\nremove_lines(9, 9)", maximumBadCalls: 1,
      expected: threeLines, status: .overErrorBudget,
      skipped: [.chunkRejected, .textNotFound, .lineOutOfRange], parseErrors: 0, line: #line),
    .init(
      program: "garbage\nremove_str(2, \" gamma\")", maximumBadCalls: 1,
      expected: "alpha\nbeta\ndelta\n",
      status: .refined, skipped: [], parseErrors: 1, line: #line),
    .init(
      program: "garbage\nremove_str(2, \"a\")\nremove_lines(1, 1)", maximumBadCalls: 1,
      expected: threeLines,
      status: .overErrorBudget, skipped: [.textNotUnique, .chunkRejected], parseErrors: 1,
      line: #line),
    .init(
      program: "garbage\nremove_str(2, \"a\")\nremove_lines(1, 1)", maximumBadCalls: 2,
      expected: "beta gamma\ndelta\n", status: .refined, skipped: [.textNotUnique], parseErrors: 1,
      line: #line),
    // keep_all() next to other calls is a parse error; the other calls apply.
    .init(
      program: "keep_all()\nremove_lines(3, 3)", maximumBadCalls: 1,
      expected: "alpha\nbeta gamma\n",
      status: .refined, skipped: [], parseErrors: 1, line: #line),
    .init(
      program: "keep_all()", maximumBadCalls: 0, expected: threeLines, status: .refined,
      skipped: [],
      parseErrors: 0, line: #line),
    .init(
      program: "```python\nremove_lines(3, 3)\n```\n<|im_end|>", maximumBadCalls: 0,
      expected: "alpha\nbeta gamma\n",
      status: .refined, skipped: [], parseErrors: 0, line: #line),
    .init(
      program: "remove_str(2, \"beta\")\nremove_str(2, \"ta g\")", maximumBadCalls: 2,
      expected: threeLines,
      status: .refined, skipped: [.overlappingRemoval, .overlappingRemoval], parseErrors: 0,
      line: #line),
    .init(
      program: "", maximumBadCalls: 0, expected: threeLines, status: .refined, skipped: [],
      parseErrors: 0,
      line: #line),
  ]

  @Test(arguments: budgetCases)
  func errorBudget(_ row: BudgetCase) {
    let result = Self.refine(
      Self.threeLines, [(0, row.program)], maximumBadCalls: row.maximumBadCalls)
    #expect(result.text.string == row.expected)
    #expect(result.chunks.map(\.status) == [row.status])
    #expect(result.chunks.first?.skippedCalls.map(\.reason) == row.skipped)
    #expect(result.chunks.first?.parseErrors.count == row.parseErrors)
  }

  @Test func skippedCallsCarryTheirProgramLine() {
    let result = Self.refine(
      Self.threeLines, [(0, "\nremove_lines(1, 1)\n\nremove_str(3, \"x\")\nnope")],
      maximumBadCalls: 5)
    let chunk = result.chunks[0]
    #expect(chunk.skippedCalls.map(\.programLineNumber) == [4])
    #expect(chunk.parseErrors.map(\.lineNumber) == [5])
    #expect(chunk.badLineCount == 2)
  }

  @Test func hostileProgramsNeverTrap() {
    let hostile = [
      "remove_lines(1, 99999999999999999999)",
      "remove_str(1, \"unterminated",
      "remove_str(1, " + String(repeating: "\"", count: 10_001),
      "remove_str(2, \"" + String(repeating: "x", count: 1 << 20) + "\")",
      String(repeating: "(", count: 100_000),
      "remove_str(2, \"say \\\"hi\\\" 'there'\")",
      "\u{0}\u{1}\u{7F}\u{FEFF}",
      "remove_lines(-1, 2)\nremove_lines(0, 0)\nremove_lines(3, 1)",
    ]
    for program in hostile {
      let result = Self.refine(Self.threeLines, [(0, program)])
      #expect(result.text.string == Self.threeLines, "\(program.prefix(60))")
      #expect(result.chunks.first.map { $0.badLineCount >= 1 } == true)
    }
  }

  // MARK: - Unrefinable, missing, unmatched and duplicate programs

  static let withLongLine = "short\nthis line is much longer than ten\nend\n"

  @Test func unrefinableChunksStayUnchanged() {
    let kept = Self.refine(Self.withLongLine, [(1, "keep_all()")], chunkChars: 10)
    #expect(kept.chunks.map(\.status) == [.missingProgram, .unrefinable, .missingProgram])
    #expect(kept.chunks[1].appliedKeepAllCount == 1)
    let removed = Self.refine(
      Self.withLongLine, [(1, "remove_lines(1, 1)"), (2, "remove_lines(1, 1)")], chunkChars: 10)
    #expect(removed.text.string == "short\nthis line is much longer than ten\n")
    #expect(removed.chunks[1].skippedCalls.map(\.reason) == [.unrefinableChunk])
    #expect(removed.chunks[1].badLineCount == 0)
    let none = Self.refine(Self.withLongLine, [], chunkChars: 10)
    #expect(none.chunks.map(\.status) == [.missingProgram, .unrefinable, .missingProgram])
  }

  @Test func programsForMissingChunksAndDuplicatesAreListedAndIgnored() {
    let result = Self.refine(
      Self.threeLines,
      [(5, "remove_lines(1, 3)"), (0, "remove_lines(1, 1)"), (0, "keep_all()"), (-1, "x")])
    #expect(result.text.string == "beta gamma\ndelta\n")
    #expect(result.unmatchedChunkIndices == [5, -1])
    #expect(result.duplicateChunkIndices == [0])
  }

  // MARK: - Report

  @Test func reportListsProblemsInOrderAndCapsThem() {
    let result = Self.refine(
      Self.fiveLines,
      [(0, "remove_lines(1, 1)\nbad line\nremove_str(2, \"zz\")"), (7, "keep_all()")],
      chunkChars: 10)
    var writer = JSONWriter()
    DocumentReport(id: "d", source: "c.jsonl:3", refinement: result).encode(into: &writer)
    #expect(
      String(decoding: writer.bytes, as: UTF8.self) == """
        {"id":"d","source":"c.jsonl:3","chunks":3,"calls_applied":0,"calls_skipped":2,"parse_errors":1,\
        "chunks_unchanged":3,"chunks_missing_program":2,"chunks_rejected":1,"chars_removed":0,"errors":[\
        {"chunk":0,"line":1,"message":"chunk_rejected: remove_lines(1, 1)"},\
        {"chunk":0,"line":2,"message":"parse error: unknown function 'bad': bad line"},\
        {"chunk":0,"line":3,"message":"text_not_found: remove_str(2, \\"zz\\")"},\
        {"chunk":0,"line":null,"message":"2 bad lines (parse errors + skipped calls) exceed the error budget; chunk left unchanged"},\
        {"chunk":1,"line":null,"message":"no program for this chunk; left unchanged"},\
        {"chunk":2,"line":null,"message":"no program for this chunk; left unchanged"},\
        {"chunk":7,"line":null,"message":"program for a chunk the document does not have (3 chunks); ignored"}],\
        "errors_omitted":0}

        """)
    var capped = JSONWriter()
    DocumentReport(id: "d", source: "s", refinement: result, maximumErrorCount: 2).encode(
      into: &capped)
    let object = try? JSONSerialization.jsonObject(with: Data(capped.bytes)) as? [String: Any]
    #expect((object?["errors"] as? [Any])?.count == 2)
    #expect(object?["errors_omitted"] as? Int == 5)
  }

  @Test func quotedCallsAreCutOnScalarBoundaries() {
    let long = String(repeating: "é", count: 100)
    let quoted = DocumentReport.quoted(long)
    #expect(quoted.utf8.count <= DocumentReport.maximumQuotedUTF8Count + 3)
    #expect(quoted.hasSuffix("…") && quoted.dropLast().allSatisfy { $0 == "é" })
  }

  // MARK: - Properties

  /// With an unlimited budget, refining chunk by chunk equals executing, on the whole
  /// document, the applied calls of every chunk offset to document line numbers.
  @Test(arguments: 0..<300)
  func chunkwiseEqualsDocumentProgram(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed))
    let alphabet: [String] = ["a", "b", " ", "é", "ab"]
    let lineCount = random.int(below: 12)
    var lines: [String] = []
    for _ in 0..<lineCount {
      lines.append(
        (0..<random.int(below: 7)).map { _ in alphabet[random.int(below: alphabet.count)] }.joined()
      )
    }
    let text = lines.joined(separator: "\n") + (random.int(below: 3) == 0 ? "" : "\n")
    let document = NormalizedText(text)
    let chunkChars = 2 + random.int(below: 15)
    let chunks = Chunker.chunks(
      of: document, options: ChunkingOptions(budget: .characters(chunkChars)))
    var programs: [ChunkProgram] = []
    var calls: [[ProgramCall]] = []
    for chunk in chunks {
      let count = chunk.lineIndices.count
      var chunkCalls: [ProgramCall] = []
      for _ in 0..<random.int(below: 4) {
        if random.int(below: 2) == 0 {
          let start = 1 + random.int(below: count + 1)
          chunkCalls.append(.removeLines(start...(start + random.int(below: 2))))
        } else {
          let lineNumber = 1 + random.int(below: count)
          let line = Array(
            document.lineText(lineIndex: chunk.lineIndices.lowerBound + lineNumber - 1))
          guard !line.isEmpty else { continue }
          let start = random.int(below: line.count)
          let end = start + 1 + random.int(below: min(2, line.count - start))
          chunkCalls.append(.removeString(lineNumber: lineNumber, text: String(line[start..<end])))
        }
      }
      calls.append(chunkCalls)
      if random.int(below: 5) != 0 {
        programs.append(
          ChunkProgram(chunkIndex: chunk.index, output: Program(calls: chunkCalls).rendered))
      }
    }
    let refiner = DocumentRefiner(
      options: RefinementOptions(
        chunking: ChunkingOptions(budget: .characters(chunkChars)), maximumBadCallCount: .max))
    let result = refiner.refine(document, programs: programs)
    var merged: [ProgramCall] = []
    for refinement in result.chunks where refinement.status == .refined {
      let skippedLines = Set(refinement.skippedCalls.map(\.programLineNumber))
      for (callIndex, call) in calls[refinement.chunk.index].enumerated()
      where !skippedLines.contains(callIndex + 1) {
        merged.append(call.offsettingLines(by: refinement.chunk.firstLineNumber - 1))
      }
    }
    let expected = ProgramExecutor.execute(Program(calls: merged), on: document)
    #expect(expected.report.skippedCalls.isEmpty)
    #expect(
      result.text == expected.text, "seed \(seed): \(text.debugDescription), chars \(chunkChars)")
    #expect(
      result.removedCharacterCount == document.string.unicodeScalars.count
        - result.text.string.unicodeScalars.count)
  }

  // MARK: - The bundled corpus

  /// For every document that `build-pairs` accepts, executing its chunk programs gives
  /// the chunk targets joined, and the document program's result.
  @Test func bundledCorpusRoundTrip() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    let reader = try LineReader(
      path: root.appendingPathComponent("Examples/web-corpus/corpus.jsonl").path)
    var builder = PairBuilder()
    let refiner = DocumentRefiner()
    var accepted = 0
    while case .line(_, let bytes)? = try reader.nextLine() {
      let value = try JSONParser().parse(bytes)
      let original = NormalizedText(value["text"]?.stringValue ?? "")
      guard
        case .accepted(let pair) = builder.makePair(
          original: original, refined: NormalizedText(value["refined"]?.stringValue ?? ""))
      else { continue }
      accepted += 1
      let programs = pair.chunks.map {
        ChunkProgram(chunkIndex: $0.chunk.index, output: $0.program.rendered)
      }
      let result = refiner.refine(original, programs: programs)
      var targets = pair.chunks.flatMap(\.target)
      // Joined targets end with an earlier chunk's newline when the last chunk loses every line.
      if !original.endsWithNewline, let last = pair.chunks.last, targets.last == 0x0A,
        ProgramExecutor.execute(last.program, on: last.text).report.removedLineCount
          == last.text.lineCount
      {
        targets.removeLast()
      }
      #expect(result.text.utf8 == targets, "\(value["id"]?.stringValue ?? "?")")
      #expect(result.text == ProgramExecutor.execute(pair.documentProgram, on: original).text)
      #expect(result.chunks.allSatisfy { $0.skippedCalls.isEmpty && $0.parseErrors.isEmpty })
    }
    #expect(accepted > 250)
  }
}

import Testing

@testable import Scalpel

/// `ChunkDeletions` and `ChunkEvaluation`: the deletions eval compares are exactly what the
/// executor removes, and the kinds and counts are those of hand-computed cases.
struct ChunkEvaluationTests {
  @Test func removeStringEmptyingALineRemovesItAsRemoveStringAndOverlapsCountOnce() {
    let text = NormalizedText("Ad\nkeep me\nGo [x]\n")
    // Line 1 emptied by remove_str; line 3 dropped, with a remove_str on it as well.
    let deletions = ChunkDeletions(
      program: [
        .removeString(lineNumber: 1, text: "Ad"), .removeLines(3...3),
        .removeString(lineNumber: 3, text: "[x]"),
      ],
      text: text)
    #expect(
      deletions.lineKinds == [ChunkDeletions.byRemoveString, 0, ChunkDeletions.byRemoveLines])
    // "Ad" (bytes 0-1) by remove_str; the newline of line 1 stays.
    #expect(Array(deletions.byteKinds[0..<3]) == [2, 2, 0])
    // "Go [x]\n" by remove_lines, and "[x]" by both.
    #expect(Array(deletions.byteKinds[11...]) == [1, 1, 1, 3, 3, 3, 1])
    #expect(deletions.output.string == "\nkeep me\n")
  }

  @Test func aModelOverTheErrorBudgetDeletesNothing() throws {
    let text = NormalizedText("Home\nBody\n")
    let model = ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 1)\nnonsense\nmore nonsense")
    let evaluation = try ChunkEvaluation(
      text: text, labelOutput: "remove_lines(1, 1)", model: model, isUnrefinable: false,
      refiner: DocumentRefiner())
    #expect(evaluation.refinement.status == .overErrorBudget)
    #expect(evaluation.model.deletesNothing)
    #expect(evaluation.counters.overErrorBudgetCount == 1)
    #expect(evaluation.counters.parseErrorLineCount == 2)
    #expect(evaluation.counters.labelDeletesModelKeepsCount == 1)
    #expect(evaluation.counters.characters.labelCount == 5)
    #expect(evaluation.counters.characters.bothCount == 0)
  }

  @Test func theChunkGuardAppliesAsInApply() throws {
    let text = NormalizedText("Home\nBody\n")
    let refiner = DocumentRefiner(options: RefinementOptions(maximumChunkDeleteShare: 0.5))
    let evaluation = try ChunkEvaluation(
      text: text, labelOutput: "remove_lines(1, 1)",
      model: ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 2)"), isUnrefinable: false,
      refiner: refiner)
    #expect(evaluation.refinement.status == .tooAggressive)
    #expect(evaluation.counters.tooAggressiveCount == 1)
    #expect(evaluation.model.deletesNothing)
  }

  @Test func aLabelThatDoesNotApplyIsAnError() {
    let text = NormalizedText("Home\nBody\n")
    for label in [
      "remove_str(2, \"missing\")", "remove_lines(3, 3)", "keep_all(", "remove_lines(2, 1)",
    ] {
      #expect(throws: ChunkEvaluation.LabelError.self) {
        try ChunkEvaluation(
          text: text, labelOutput: label, model: nil, isUnrefinable: false,
          refiner: DocumentRefiner())
      }
    }
  }

  /// A random newline-terminated chunk and a random program over it, with calls that apply
  /// and calls that do not (out of range, not found, not unique, overlapping).
  static func randomCase(_ rng: inout SplitMix64) -> (NormalizedText, Program) {
    let words = ["a", "ab", "Ad", "[x]", "ö", "日本", "menu", "text", " ", "a a"]
    var lines: [String] = []
    for _ in 0..<(1 + rng.int(below: 6)) {
      var line = ""
      for _ in 0..<rng.int(below: 5) { line += words[rng.int(below: words.count)] }
      lines.append(line)
    }
    var calls: [ProgramCall] = []
    for _ in 0..<rng.int(below: 6) {
      let lineNumber = 1 + rng.int(below: lines.count + 1)
      switch rng.int(below: 3) {
      case 0:
        let end = lineNumber + rng.int(below: 2)
        calls.append(.removeLines(lineNumber...end))
      case 1:
        let line = lineNumber <= lines.count ? Array(lines[lineNumber - 1].unicodeScalars) : []
        if line.isEmpty || rng.int(below: 4) == 0 {
          calls.append(
            .removeString(lineNumber: lineNumber, text: words[rng.int(below: words.count)]))
        } else {
          let start = rng.int(below: line.count)
          let end = start + 1 + rng.int(below: line.count - start)
          var piece = ""
          piece.unicodeScalars.append(contentsOf: line[start..<end])
          calls.append(.removeString(lineNumber: lineNumber, text: piece))
        }
      default:
        calls.append(.keepAll)
      }
    }
    return (NormalizedText(lines.joined(separator: "\n") + "\n"), Program(calls: calls))
  }

  @Test func theDeletedBytesAreExactlyWhatTheExecutorRemoves() {
    var rng = SplitMix64(seed: 20_261_202)
    for _ in 0..<3000 {
      let (text, program) = Self.randomCase(&rng)
      let deletions = ChunkDeletions(program: program, text: text)
      let execution = ProgramExecutor.execute(program, on: text)
      // The executor's output is the chunk without the marked bytes.
      let kept = zip(text.utf8, deletions.byteKinds).filter { $0.1 == 0 }.map(\.0)
      #expect(kept == execution.text.utf8, "\(text.string.debugDescription) \(program.rendered)")
      // A line is removed as remove_lines exactly when the executor drops it.
      #expect(
        deletions.lineKinds.filter { $0 == ChunkDeletions.byRemoveLines }.count
          == execution.report.removedLineCount)
    }
  }

  @Test func theCountsAreThoseOfTheSetsOfDeletedCharacters() throws {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<1000 {
      let (text, labelProgram) = Self.randomCase(&rng)
      // A label must apply whole: keep only the calls the executor applies alone.
      // (keep_all() only alone, as the grammar wants.)
      let applying = labelProgram.calls.filter {
        $0 != .keepAll
          && ProgramExecutor.execute(Program(calls: [$0]), on: text).report.skippedCalls.isEmpty
      }
      let label = Program(calls: applying)
      guard ProgramExecutor.execute(label, on: text).report.skippedCalls.isEmpty else { continue }
      let (_, modelProgram) = Self.randomCase(&rng)
      let model = ChunkProgram(chunkIndex: 0, output: modelProgram.rendered)
      let evaluation = try ChunkEvaluation(
        text: text, labelOutput: label.rendered, model: model, isUnrefinable: false,
        refiner: DocumentRefiner(options: RefinementOptions(maximumBadCallCount: 100)))
      // The sets, by scalar index, from the executor's outputs alone: a scalar is deleted by
      // a side when removing it is part of what that side's output lacks. Each side's set is
      // read from its marks, and its size must be what its output lacks.
      func deletedScalars(_ kinds: [UInt8]) -> Set<Int> {
        var set = Set<Int>()
        var scalarIndex = -1
        for (offset, byte) in text.utf8.enumerated() where byte & 0xC0 != 0x80 {
          scalarIndex += 1
          if kinds[offset] != 0 { set.insert(scalarIndex) }
        }
        return set
      }
      let labelSet = deletedScalars(evaluation.label.byteKinds)
      let modelSet = deletedScalars(evaluation.model.byteKinds)
      let scalars = text.string.unicodeScalars.count
      #expect(labelSet.count == scalars - evaluation.label.output.string.unicodeScalars.count)
      #expect(modelSet.count == scalars - evaluation.model.output.string.unicodeScalars.count)
      let counts = evaluation.counters.characters
      #expect(counts.labelCount == labelSet.count)
      #expect(counts.modelCount == modelSet.count)
      #expect(counts.bothCount == labelSet.intersection(modelSet).count)
      #expect(evaluation.counters.chunkCharacterCount == scalars)
      #expect(evaluation.isExactOutput == (evaluation.model.output == evaluation.label.output))
    }
  }
}

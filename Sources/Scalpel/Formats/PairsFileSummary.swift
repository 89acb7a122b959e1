/// A summary of a pairs file written by `build-pairs`, or of its rejects file.
package struct PairsFileSummary: Sendable, Hashable {
  /// Non-blank lines read.
  package var lineCount = 0
  /// Lines that are not JSON objects of a known layout.
  package var unrecognizedLineCount = 0
  /// Training pairs, by format name.
  package var pairsByFormat: [String: Int] = [:]
  /// Distinct documents among the pairs (the id before `#`).
  package var documentCount = 0
  /// Pairs whose program is `keep_all()`.
  package var keepAllPairCount = 0
  /// `remove_lines` calls over all pairs.
  package var removeLinesCallCount = 0
  /// `remove_str` calls over all pairs.
  package var removeStringCallCount = 0
  /// Program lines the parser could not read.
  package var programErrorCount = 0
  /// Total characters (Unicode scalars) of the model input, over all pairs.
  package var promptCharacterCount = 0
  /// The longest model input, in characters.
  package var longestPromptCharacterCount = 0
  /// Rejected records, by reason.
  package var rejectsByReason: [String: Int] = [:]
  /// Pairs by the recipe hash of their `meta.recipe`; pairs without one are not counted.
  package var pairsByRecipe: [String: Int] = [:]

  private var documentIDs: Set<String> = []

  /// Creates an empty summary.
  package init() {}

  /// Summarises the file at `path`.
  ///
  /// - Throws: ``FileError`` naming the path.
  /// - Complexity: O(*n*) time; memory grows with the number of distinct document ids.
  package static func summarizing(path: String) throws(FileError) -> PairsFileSummary {
    var summary = PairsFileSummary()
    let reader = try LineReader(path: path)
    let parser = JSONParser()
    while let record = try reader.nextLine() {
      guard case .line(_, let bytes) = record else {
        summary.lineCount += 1
        summary.unrecognizedLineCount += 1
        continue
      }
      if bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
      summary.lineCount += 1
      guard let value = try? parser.parse(bytes) else {
        summary.unrecognizedLineCount += 1
        continue
      }
      summary.add(value)
    }
    summary.documentCount = summary.documentIDs.count
    return summary
  }

  mutating func add(_ value: JSONValue) {
    if value["source"] != nil, let rejection = RecordRejection(json: value) {
      rejectsByReason[rejection.reason, default: 0] += 1
      return
    }
    guard let pair = TrainingPairRecord(json: value) else {
      unrecognizedLineCount += 1
      return
    }
    let (input, program) = (pair.modelInput, pair.program)
    pairsByFormat[pair.format.rawValue, default: 0] += 1
    if let id = pair.id { documentIDs.insert(PairID.split(id).documentID) }
    if let hash = pair.recipeHash { pairsByRecipe[hash, default: 0] += 1 }
    let characters = input.unicodeScalars.count
    promptCharacterCount += characters
    longestPromptCharacterCount = max(longestPromptCharacterCount, characters)
    let parsed = ProgramParser.parse(program)
    programErrorCount += parsed.errors.count
    if parsed.program.isKeepAll { keepAllPairCount += 1 }
    for call in parsed.program.calls {
      if case .removeLines = call { removeLinesCallCount += 1 }
      if case .removeString = call { removeStringCallCount += 1 }
    }
  }

  /// Pairs of every format.
  package var pairCount: Int { pairsByFormat.values.reduce(0, +) }

  /// Rejected records of every reason.
  package var rejectCount: Int { rejectsByReason.values.reduce(0, +) }

  /// The summary as one JSON object with keys in a fixed order.
  package func encode(into writer: inout JSONWriter) {
    writer.appendObject { object in
      object.appendKey("lines")
      object.appendInteger(lineCount)
      object.appendKey("unrecognized_lines")
      object.appendInteger(unrecognizedLineCount)
      object.appendKey("pairs")
      object.appendInteger(pairCount)
      object.appendKey("pairs_by_format")
      object.appendCounts(pairsByFormat)
      object.appendKey("documents")
      object.appendInteger(documentCount)
      object.appendKey("keep_all_pairs")
      object.appendInteger(keepAllPairCount)
      object.appendKey("calls")
      object.appendObject { calls in
        calls.appendKey("remove_lines")
        calls.appendInteger(removeLinesCallCount)
        calls.appendKey("remove_str")
        calls.appendInteger(removeStringCallCount)
      }
      object.appendKey("program_errors")
      object.appendInteger(programErrorCount)
      object.appendKey("prompt_chars")
      object.appendInteger(promptCharacterCount)
      object.appendKey("longest_prompt_chars")
      object.appendInteger(longestPromptCharacterCount)
      object.appendKey("pairs_by_recipe")
      object.appendCounts(pairsByRecipe)
      object.appendKey("rejects")
      object.appendInteger(rejectCount)
      object.appendKey("rejects_by_reason")
      object.appendCounts(rejectsByReason)
    }
  }

  /// A few lines for people.
  package var humanReadable: String {
    var lines = ["lines: \(lineCount) (\(unrecognizedLineCount) unrecognized)"]
    if pairCount > 0 {
      let formats = pairsByFormat.keys.sorted().map { "\($0) \(pairsByFormat[$0] ?? 0)" }
      lines.append(
        "pairs: \(pairCount) from \(documentCount) documents (\(formats.joined(separator: ", ")))")
      lines.append(
        "programs: \(keepAllPairCount) keep_all, \(removeLinesCallCount) remove_lines, \(removeStringCallCount) remove_str, \(programErrorCount) unreadable lines"
      )
      lines.append(
        "prompts: \(promptCharacterCount / max(pairCount, 1)) characters on average, \(longestPromptCharacterCount) at most"
      )
      let recipes = pairsByRecipe.keys.sorted().map { "\($0) \(pairsByRecipe[$0] ?? 0)" }
      let unnamed = pairCount - pairsByRecipe.values.reduce(0, +)
      lines.append(
        "recipes: " + (recipes + (unnamed > 0 ? ["none (no meta.recipe) \(unnamed)"] : []))
          .joined(separator: ", "))
    }
    if rejectCount > 0 {
      let reasons = rejectsByReason.keys.sorted().map { "\($0) \(rejectsByReason[$0] ?? 0)" }
      lines.append("rejects: \(rejectCount) (\(reasons.joined(separator: ", ")))")
    }
    return lines.joined(separator: "\n")
  }
}

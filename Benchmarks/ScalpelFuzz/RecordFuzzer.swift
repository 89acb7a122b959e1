import Scalpel

/// Target `record`: whole JSONL records of (original, refined) through
/// `RecordProcessor.process(_:path:)`, with five configurations (formats, meta, small chunk
/// budgets, overlap, keep-all sampling, expert responses, other field names, a tiny alignment
/// budget). Records are web-like documents with expert-style deletions, sometimes rewrites,
/// and broken in every way a record can be: missing or mistyped fields, blank text, BOM,
/// invalid UTF-8, lone surrogates, deep nesting, byte mutations, over-long lines.
///
/// Checks: each input gives exactly one outcome; an accepted record gives one pair line per
/// chunk, each valid JSON per ``JSONParser`` with the keys of its format in order, an id
/// `…#k` and a program that parses without errors; a rejected record has a known reason
/// (never `round_trip_mismatch`, which Specification §3.8 calls a bug) and a valid rejects line;
/// well-formed records are never rejected as malformed; processing is deterministic.
///
/// Accounting: inputs = accepted + rejected.
final class RecordFuzzer {
  let report: FuzzReport
  private var processors: [RecordProcessor]
  private let parser = JSONParser()

  static let knownReasons: Set<String> = [
    "invalid_json", "invalid_utf8", "not_an_object", "invalid_field", "missing_field",
    "empty_document", "line_too_long", "missing_refined_text", "keep_all_sampled_out",
    "rewrite_too_large", "too_few_deletions", "deletions_not_expressible",
    "alignment_budget_exhausted",
  ]
  static let malformedReasons: Set<String> = [
    "invalid_json", "invalid_utf8", "not_an_object", "invalid_field", "missing_field",
    "line_too_long",
  ]

  /// The size of the default frame (instruction, wrapper, one prefix) in `budget`'s unit:
  /// chunk budgets bound the whole prompt.
  static func frameSize(_ budget: ChunkingOptions.Budget) -> Int {
    PromptFrame(encoding: TrainingPairEncoding()).smallestPromptSize(in: budget)
  }

  static let configurations: [RecordProcessor.Configuration] = [
    RecordProcessor.Configuration(),
    RecordProcessor.Configuration(
      pairOptions: PairOptions(
        chunking: ChunkingOptions(
          budget: .characters(400 + frameSize(.characters(1))), overlapLineCount: 1)),
      encoding: TrainingPairEncoding(format: .messages, includesMeta: true)),
    RecordProcessor.Configuration(
      pairOptions: PairOptions(
        chunking: ChunkingOptions(budget: .approximateTokens(120 + frameSize(.approximateTokens(1))))),
      encoding: TrainingPairEncoding(
        format: .alpaca, linePrefix: "{n}| ", wrapsInDocumentTags: false),
      keepAllRate: 0.5, seed: 7),
    RecordProcessor.Configuration(isExpertResponse: true),
    RecordProcessor.Configuration(
      fields: CorpusFields(id: "doc_id", text: "original", refined: "clean"),
      pairOptions: PairOptions(
        alignment: AlignmentOptions(workBudgetPerByte: 2, minimumWorkBudget: 64),
        maximumRewriteCharacterCount: 5, minimumDeletedCharacterCount: 1,
        chunking: ChunkingOptions(budget: .characters(1_000))),
      encoding: TrainingPairEncoding(instruction: "", includesMeta: true)),
  ]

  init(report: FuzzReport) {
    self.report = report
    processors = RecordFuzzer.configurations.map { RecordProcessor(configuration: $0) }
  }

  func run(start: Int, iterations: Int) {
    for index in start..<(start + iterations) {
      report.run(index: index) { rng in fuzzRecord(index, &rng) }
    }
    report.retimeSlowest { index, rng in fuzzRecord(index, &rng) }
  }

  // MARK: Documents

  static let noiseLines = [
    "HOME | NEWS | SPORTS | WEATHER | LOGIN",
    "We use cookies to improve your experience. Accept | Decline",
    "Share: Facebook | Twitter | Email", "Click here to subscribe now!!!", "Advertisement",
    "© 2024 Example Corp. All rights reserved.", "Related posts:", "Posted by admin", "Read more »",
    "<div class=\"nav\">", "Menu", "1", "",
  ]
  static let sentences = [
    "A dripping tap is usually caused by a worn washer.", "Use a flexible filler for small holes.",
    "Café au lait — naïve façade, jalapeño.", "日本語のテキストです。", "Emoji 🙂 and 🇫🇷 flags.",
    "Quotes \"double\" and 'single' and back\\slash.", "Tabs\tinside\ttext.",
    "Line\u{2028}separator.",
    "Combining e\u{301} and A\u{30A}.", "Numbers 1, 2, 3 and 4.5%.", "The end.", "a a a a a",
    "Zero\u{200B}width and BOM\u{FEFF}inside.", "Ünïcödé ßharp.", "NUL\u{0}and ESC\u{1B}[0m codes.",
  ]
  static let inlineJunk = [
    " [ad]", " Click here!", " (sponsored)", " >>>", " 🔥🔥", " [click to enlarge]",
  ]

  /// A document as lines, with the refined version an expert might have written.
  static func randomPair(_ rng: inout SplitMix64) -> (original: String, refined: String) {
    var original: [String] = []
    var refined: [String] = []
    for _ in 0..<(rng.oneIn(20) ? 0 : 1 + rng.skewedLength(60)) {
      if rng.oneIn(3) {
        let line = rng.pick(noiseLines)
        original.append(line)
        if !rng.oneIn(8) { continue }
        refined.append(line)
      } else if rng.oneIn(60) {
        let line = String(repeating: rng.pick(sentences) + " ", count: rng.int(in: 50...600))
        original.append(line)
        refined.append(line)
      } else {
        var kept = ""
        var line = ""
        for sentenceIndex in 0..<(1 + rng.int(below: 4)) {
          let sentence = (sentenceIndex > 0 ? " " : "") + rng.pick(sentences)
          line += sentence
          kept += sentence
          if rng.oneIn(5) {
            let junk = rng.pick(inlineJunk)
            line += junk
            if rng.oneIn(6) { kept += junk }
          }
        }
        original.append(line)
        if rng.oneIn(15) {
          kept = kept.replacingFirst(
            "a", with: rng.pick(["an", "the", "", "A very long inserted phrase"]))
        }
        refined.append(kept)
      }
    }
    let newline = rng.oneIn(10) ? "\r\n" : (rng.oneIn(40) ? "\r" : "\n")
    var originalText = original.joined(separator: newline)
    var refinedText = refined.joined(
      separator: rng.oneIn(10) ? "\r\n" : (rng.oneIn(40) ? "\r" : "\n"))
    if rng.oneIn(2) { originalText += newline }
    if rng.oneIn(2) { refinedText += "\n" }
    switch rng.int(below: 40) {
    case 0: refinedText = originalText
    case 1: refinedText = ""
    case 2: refinedText = JSONTextGenerator.randomText(&rng, maximumLength: 200)
    case 3: refinedText = original.joined(separator: " ")
    case 4: originalText = rng.pick(["", " ", "\n\n", " \t\n"])
    default: break
    }
    return (originalText, refinedText)
  }

  // MARK: Records

  private func fuzzRecord(_ index: Int, _ rng: inout SplitMix64) -> Int {
    let processorIndex = rng.int(below: processors.count)
    let configuration = RecordFuzzer.configurations[processorIndex]
    var fields = configuration.fields
    if rng.oneIn(40) { fields = CorpusFields() }
    let (original, refined) = RecordFuzzer.randomPair(&rng)
    var refinedField = refined
    if configuration.isExpertResponse && !rng.oneIn(6) {
      refinedField = "Sure.\nrefined_text:\n[doc]\n\(refined)\n[/doc]\nDone."
    }

    var generator = JSONTextGenerator()
    var isWellFormed = fields == configuration.fields
    var members: [(String, (inout JSONTextGenerator, inout SplitMix64) -> Void)] = [
      (fields.id, { generator, rng in generator.appendString("doc-\(index)", &rng) }),
      (fields.text, { generator, rng in generator.appendString(original, &rng) }),
      (fields.refined, { generator, rng in generator.appendString(refinedField, &rng) }),
    ]
    // Field-level damage.
    let variant = rng.oneIn(3) ? rng.int(below: 16) : -1
    switch variant {
    case 0: members.remove(at: rng.int(below: 3))
    case 1:
      members[0].1 = { generator, rng in
        generator.bytes += rng.pick(["null", "42", "-1.5e3", "true", "{}", "\"\""]).utf8
      }
    case 2: members[1].1 = { generator, _ in generator.bytes += "[\"text\"]".utf8 }
    case 3: members[2].1 = { generator, _ in generator.bytes += "null".utf8 }
    case 4:
      members.append(
        (
          "extra",
          { generator, rng in _ = generator.appendNesting(depth: rng.int(in: 1...700), &rng) }
        ))
    case 5:
      members.append(
        (fields.text, { generator, rng in generator.appendString("duplicate wins", &rng) }))
    case 6:
      members[1].1 = { generator, rng in
        generator.bytes += "\"".utf8
        generator.bytes += Array(original.utf8.prefix(40))
        generator.bytes += rng.pick([
          [0xC3], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80],
        ])
        generator.bytes += "\"".utf8
      }
    case 7: members[2].1 = { generator, _ in generator.bytes += #""\uD800 lone""#.utf8 }
    case 8: members.shuffle(using: &rng)
    case 9:
      members.append(
        (
          JSONTextGenerator.randomText(&rng, maximumLength: 8),
          { generator, rng in _ = generator.appendValue(levels: 3, &rng) }
        ))
    default: break
    }
    if [0, 1, 2, 3, 4, 6, 7].contains(variant) { isWellFormed = false }
    if variant == 1 { isWellFormed = false }

    if rng.oneIn(60) {
      generator.bytes += rng.pick(["[1,2]", "\"text\"", "null", "", " "]).utf8
      isWellFormed = false
    } else {
      generator.bytes.append(UInt8(ascii: "{"))
      for (offset, member) in members.enumerated() {
        if offset > 0 { generator.bytes.append(UInt8(ascii: ",")) }
        generator.whitespace(&rng)
        generator.appendString(member.0, &rng)
        generator.bytes.append(UInt8(ascii: ":"))
        generator.whitespace(&rng)
        member.1(&generator, &rng)
      }
      generator.bytes.append(UInt8(ascii: "}"))
    }
    var bytes = generator.bytes
    if rng.oneIn(30) { bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
    if rng.oneIn(4) {
      ByteMutator.mutate(&bytes, count: 1 + rng.skewedLength(4), &rng)
      isWellFormed = false
      report.count("mutated records")
    }
    let lineNumber = index + 1
    let record: LineRecord
    if rng.oneIn(200) {
      record = .lineTooLong(lineNumber: lineNumber, byteCount: rng.int(in: 0...(1 << 40)))
      isWellFormed = false
    } else {
      record = .line(lineNumber: lineNumber, bytes: bytes)
    }

    let outcome = processors[processorIndex].process(record, path: "fuzz.jsonl")
    check(
      outcome, record: record, configuration: configuration, isWellFormed: isWellFormed,
      index: index, input: bytes)
    if rng.oneIn(8) {
      let again = processors[processorIndex].process(record, path: "fuzz.jsonl")
      if RecordFuzzer.summary(of: again) != RecordFuzzer.summary(of: outcome) {
        report.fail(index, "processing the same record twice gave different outcomes", input: bytes)
      }
    }
    return bytes.count
  }

  static func summary(of outcome: RecordOutcome) -> [UInt8] {
    switch outcome {
    case .accepted(_, let lines, _, let chunkCount, let isKeepAll, _):
      return lines + Array("\(chunkCount) \(isKeepAll)".utf8)
    case .rejected(let rejection, _):
      return Array("\(rejection)".utf8)
    }
  }

  // MARK: Checks

  private func check(
    _ outcome: RecordOutcome, record: LineRecord, configuration: RecordProcessor.Configuration,
    isWellFormed: Bool, index: Int, input: [UInt8]
  ) {
    switch outcome {
    case .accepted(_, let lines, _, let chunkCount, let isKeepAll, _):
      report.count("accepted")
      report.count("pair lines", chunkCount)
      if isKeepAll { report.count("accepted keep_all") }
      checkPairLines(
        lines, chunkCount: chunkCount, isKeepAll: isKeepAll, encoding: configuration.encoding,
        index: index, input: input)
    case .rejected(let rejection, _):
      report.count("rejected")
      report.count("rejected: \(rejection.reason)")
      if !RecordFuzzer.knownReasons.contains(rejection.reason) {
        report.fail(
          index, "rejected with reason '\(rejection.reason)': \(rejection.detail)", input: input)
      }
      if isWellFormed && RecordFuzzer.malformedReasons.contains(rejection.reason) {
        report.fail(
          index, "well-formed record rejected as \(rejection.reason): \(rejection.detail)",
          input: input)
      }
      if rejection.source != "fuzz.jsonl:\(record.lineNumber)" {
        report.fail(index, "rejection source '\(rejection.source)'", input: input)
      }
      var writer = JSONWriter()
      rejection.encode(into: &writer)
      let line = writer.bytes
      guard line.last == 0x0A, line.filter({ $0 == 0x0A }).count == 1,
        case .object(let members)? = try? parser.parse(Array(line.dropLast())),
        members.map(\.key) == ["id", "source", "reason", "detail"]
      else {
        report.fail(
          index, "rejects line is not one JSON object with id, source, reason, detail", input: input
        )
        return
      }
    }
  }

  private func checkPairLines(
    _ bytes: [UInt8], chunkCount: Int, isKeepAll: Bool, encoding: TrainingPairEncoding, index: Int,
    input: [UInt8]
  ) {
    guard bytes.last == 0x0A else {
      report.fail(index, "accepted output does not end with a newline", input: input)
      return
    }
    let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
    guard lines.count == chunkCount, chunkCount > 0 else {
      report.fail(index, "\(lines.count) pair lines for \(chunkCount) chunks", input: input)
      return
    }
    var expectedKeys: [String]
    switch encoding.format {
    case .promptCompletion: expectedKeys = ["id", "prompt", "completion"]
    case .messages: expectedKeys = ["id", "messages"]
    case .alpaca: expectedKeys = ["id", "instruction", "input", "output"]
    case .conversational: expectedKeys = ["id", "prompt", "completion"]
    }
    if encoding.includesMeta { expectedKeys.append("meta") }
    for (chunkIndex, line) in lines.enumerated() {
      guard case .object(let members)? = try? parser.parse(Array(line)) else {
        report.fail(
          index,
          "pair line \(chunkIndex) is not a JSON object: \(FuzzReport.escaped(Array(line), limit: 300))",
          input: input)
        return
      }
      let value = JSONValue.object(members)
      guard members.map(\.key) == expectedKeys, let id = value["id"]?.stringValue,
        id.utf8.reversed().starts(with: "#\(chunkIndex)".utf8.reversed())
      else {
        report.fail(
          index,
          "pair line \(chunkIndex) has keys \(members.map(\.key)), id \(String(describing: value["id"]))",
          input: input)
        return
      }
      let program: String?
      let document: String?
      switch encoding.format {
      case .promptCompletion:
        program = value["completion"]?.stringValue
        let prefix = encoding.instruction.isEmpty ? "" : encoding.instruction + "\n\n"
        document = value["prompt"]?.stringValue.flatMap {
          $0.utf8.starts(with: prefix.utf8)
            ? String(decoding: $0.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : nil
        }
      case .alpaca:
        program = value["output"]?.stringValue
        document = value["input"]?.stringValue
      case .messages:
        if case .array(let messages)? = value["messages"], messages.count == 3 {
          program = messages[2]["content"]?.stringValue
          document = messages[1]["content"]?.stringValue
        } else {
          (program, document) = (nil, nil)
        }
      case .conversational:
        if case .array(let prompt)? = value["prompt"],
          case .array(let completion)? = value["completion"],
          prompt.count == (encoding.instruction.isEmpty ? 1 : 2), completion.count == 1
        {
          program = completion[0]["content"]?.stringValue
          document = prompt[prompt.count - 1]["content"]?.stringValue
        } else {
          (program, document) = (nil, nil)
        }
      }
      guard let program, let document else {
        report.fail(index, "pair line \(chunkIndex) has no program or no document", input: input)
        return
      }
      let parsed = ProgramParser.parse(program)
      if !parsed.errors.isEmpty || parsed.program.calls.isEmpty
        || parsed.program.rendered != program
        || (isKeepAll && program != "keep_all()")
      {
        report.fail(
          index,
          "pair line \(chunkIndex) has program \(FuzzReport.escaped(Array(program.utf8), limit: 300))",
          input: input)
      }
      // Every call of a training target must apply to the chunk the model is shown.
      guard let chunk = RecordFuzzer.chunkText(fromNumbered: document, encoding: encoding) else {
        report.fail(
          index, "pair line \(chunkIndex): cannot read the numbered chunk back", input: input)
        return
      }
      let execution = chunk.applying(parsed.program)
      if !execution.report.skippedCalls.isEmpty {
        report.fail(
          index,
          "pair line \(chunkIndex): program calls skipped on their own chunk: \(execution.report.skippedCalls); program \(FuzzReport.escaped(Array(program.utf8), limit: 300)); chunk \(FuzzReport.escaped(chunk.utf8, limit: 600))",
          input: input)
      }
      report.count("pair programs executed on their chunk")
    }
  }
}

extension RecordFuzzer {
  /// The chunk behind a numbered document: wrapper and line prefixes removed, checking that
  /// the numbers run 1, 2, 3, …
  static func chunkText(fromNumbered document: String, encoding: TrainingPairEncoding)
    -> NormalizedText?
  {
    // Bytes, not Characters: a line may start with a combining mark that joins the prefix.
    var body = Array(document.utf8)[...]
    if encoding.wrapsInDocumentTags {
      let open = Array("[doc]\n".utf8)
      let close = Array("\n[/doc]".utf8)
      guard body.count >= open.count + close.count, body.starts(with: open),
        body.suffix(close.count).elementsEqual(close)
      else { return nil }
      body = body.dropFirst(open.count).dropLast(close.count)
    }
    guard let placeholder = encoding.linePrefix.firstRange(of: "{n}") else { return nil }
    let before = String(encoding.linePrefix[..<placeholder.lowerBound])
    let after = String(encoding.linePrefix[placeholder.upperBound...])
    var text: [UInt8] = []
    for (lineIndex, line) in body.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    {
      let prefix = Array((before + String(lineIndex + 1) + after).utf8)
      guard line.starts(with: prefix) else { return nil }
      // Every shown line ends with a newline, so an empty last line stays a line.
      text += line.dropFirst(prefix.count)
      text.append(0x0A)
    }
    return try? NormalizedText(validating: text)
  }
}

extension String {
  /// The string with the first occurrence of `target` replaced (no Foundation).
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = firstRange(of: target) else { return self }
    return self[..<range.lowerBound] + replacement + self[range.upperBound...]
  }
}

import Foundation
import Testing

/// `scalpel prompts` on the built binary: the refiner's prompts are the training prompts of
/// build-pairs, chunk by chunk, for every format, with and without a recipe.
@Suite(.serialized) struct PromptsCommandTests {
  static var corpus: String { ExpertStageTests.corpus }

  static func jsonLines(_ text: String) throws -> [[String: Any]] {
    try ExpertStageTests.jsonLines(text)
  }

  /// The prompt of a pair line as `prompts --plain` writes it: a string or messages.
  static func trainingPrompt(_ pair: [String: Any], format: String) -> Any {
    switch format {
    case "prompt-completion": return pair["prompt"]!
    case "alpaca":
      let instruction = pair["instruction"] as! String
      let input = pair["input"] as! String
      return instruction.isEmpty ? input : instruction + "\n" + input
    case "messages": return Array((pair["messages"] as! [Any]).dropLast())
    default: return pair["prompt"]!
    }
  }

  static func isEqual(_ a: Any, _ b: Any) -> Bool {
    NSArray(array: [a]).isEqual(to: [b])
  }

  @Test(arguments: ["prompt-completion", "conversational", "messages", "alpaca"], [false, true])
  func promptsAreTheTrainingPromptsOfEveryChunk(format: String, withRecipe: Bool) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var common = ["--format", format]
    if withRecipe {
      try workspace.write(
        "recipe.json",
        #"{"chunking":{"budget":1300},"prompt":{"line_prefix":"<{n}> ","instruction":["Delete noise.","Answer with a program."]}}"#)
      common += ["--recipe", "recipe.json"]
    }
    let pairsRun = try workspace.run(["build-pairs", Self.corpus, "--meta", "-q"] + common)
    #expect(pairsRun.status == 0, "\(pairsRun.standardError)")
    let plainRun = try workspace.run(["prompts", Self.corpus, "--plain", "--no-progress"] + common)
    #expect(plainRun.status == 0, "\(plainRun.standardError)")
    let batchRun = try workspace.run(["prompts", Self.corpus, "-q"] + common)
    #expect(batchRun.status == 0, "\(batchRun.standardError)")

    var prompts: [String: Any] = [:]
    for line in try Self.jsonLines(plainRun.standardOutput) {
      prompts["\(line["id"]!)#\(line["chunk"]!)"] = line["prompt"]!
    }
    let isChat = format == "messages" || format == "conversational"
    let batch = try Self.jsonLines(batchRun.standardOutput)
    #expect(batch.count == prompts.count)
    for request in batch {
      let body = request["body"] as! [String: Any]
      let prompt = try #require(prompts[request["custom_id"] as! String])
      #expect(Self.isEqual(body[isChat ? "messages" : "prompt"]!, prompt))
      #expect(request["url"] as? String == (isChat ? "/v1/chat/completions" : "/v1/completions"))
      #expect(body["temperature"] as? Int == 0)
      #expect(body["max_tokens"] as? Int == 1024)
      #expect(body["model"] as? String == "refiner")
    }

    var compared = 0
    var unrefinable = 0
    var chunksOfPairs = 0
    for pair in try Self.jsonLines(pairsRun.standardOutput) {
      let id = pair["id"] as! String
      let meta = pair["meta"] as! [String: Any]
      chunksOfPairs += 1
      if meta["unrefinable"] as! Bool {
        unrefinable += 1
        #expect(prompts[id] == nil, "\(id) is unrefinable and has no prompt")
        continue
      }
      let prompt = try #require(prompts[id], "\(id) has a prompt")
      #expect(Self.isEqual(prompt, Self.trainingPrompt(pair, format: format)), "\(id)")
      compared += 1
    }
    #expect(compared == chunksOfPairs - unrefinable)
    #expect(compared > 250)
    // web-0088's long line is an unrefinable chunk: counted, without a prompt (build-pairs
    // rejects that document, so no pair shows it here).
    #expect(plainRun.standardError.contains("requests: \(prompts.count) written"))
    #expect(plainRun.standardError.contains("; 1 unrefinable chunks without a request"))
    if !withRecipe { #expect(prompts["web-0088#1"] == nil && prompts["web-0088#2"] != nil) }
    if withRecipe { #expect(chunksOfPairs > 330) }  // documents of several chunks
  }

  /// The overlap of a recipe is for training pairs: the refiner's chunks never overlap.
  @Test func overlapIsNotUsed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("overlap.json", #"{"chunking":{"budget":1300,"overlap_lines":2}}"#)
    try workspace.write("plain.json", #"{"chunking":{"budget":1300}}"#)
    let overlap = try workspace.run(["prompts", Self.corpus, "--recipe", "overlap.json", "--plain", "-q"])
    let plain = try workspace.run(["prompts", Self.corpus, "--recipe", "plain.json", "--plain", "-q"])
    #expect(overlap.status == 0 && plain.status == 0)
    #expect(overlap.standardOutput == plain.standardOutput)
  }

  @Test func linesAreExact() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write(
      "corpus.jsonl",
      #"{"id":"a","text":"Home | About\r\nHello \"you\".\n"}"# + "\n" + #"{"id":7,"text":"x"}"# + "\n")
    let text = try workspace.run(["prompts", corpus, "--instruction", "Refine.", "-q"])
    #expect(text.status == 0, "\(text.standardError)")
    #expect(
      text.standardOutput == #"""
        {"custom_id":"a#0","method":"POST","url":"/v1/completions","body":{"model":"refiner","prompt":"Refine.\n\n[doc]\n[1]Home | About\n[2]Hello \"you\".\n[/doc]","temperature":0,"max_tokens":1024}}
        {"custom_id":"7#0","method":"POST","url":"/v1/completions","body":{"model":"refiner","prompt":"Refine.\n\n[doc]\n[1]x\n[/doc]","temperature":0,"max_tokens":1024}}

        """#)
    let chat = try workspace.run([
      "prompts", corpus, "--instruction", "Refine.", "--chat", "--model", "m", "--max-tokens", "99",
      "--format", "alpaca", "--max-records", "1", "-q",
    ])
    #expect(
      chat.standardOutput == #"""
        {"custom_id":"a#0","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"Refine.\n[doc]\n[1]Home | About\n[2]Hello \"you\".\n[/doc]"}],"temperature":0,"max_tokens":99}}

        """#)
    // Conversational without an instruction: no system message; messages keeps an empty one.
    let conversational = try workspace.run([
      "prompts", corpus, "--instruction", "", "--format", "conversational", "--no-doc-wrapper",
      "--constrain", "-q",
    ])
    #expect(
      conversational.standardOutput.split(separator: "\n").last == #"""
        {"custom_id":"7#0","method":"POST","url":"/v1/chat/completions","body":{"model":"refiner","messages":[{"role":"user","content":"[1]x"}],"temperature":0,"max_tokens":1024,"structured_outputs":{"regex":"keep_all\\(\\)|(remove_lines\\((1), (1)\\)|remove_str\\((1), \"([^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\t]|\\\\u00[01][0-9a-f])+\"\\))(\\n(remove_lines\\((1), (1)\\)|remove_str\\((1), \"([^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\t]|\\\\u00[01][0-9a-f])+\"\\)))*"}}}
        """#[...])
    let messages = try workspace.run([
      "prompts", corpus, "--instruction", "", "--format", "messages", "--plain", "-q",
    ])
    #expect(
      messages.standardOutput == #"""
        {"id":"a","chunk":0,"prompt":[{"role":"system","content":""},{"role":"user","content":"[doc]\n[1]Home | About\n[2]Hello \"you\".\n[/doc]"}]}
        {"id":"7","chunk":0,"prompt":[{"role":"system","content":""},{"role":"user","content":"[doc]\n[1]x\n[/doc]"}]}

        """#)
    let refused = try workspace.run(["prompts", corpus, "--format", "messages", "--completions"])
    #expect(refused.status == 64)
    #expect(refused.standardError.contains("--completions: the messages format's prompt is chat messages"))
    let conflict = try workspace.run(["prompts", corpus, "--plain", "--chat"])
    #expect(conflict.status == 64)
  }

  /// A line over the budget is an unrefinable chunk: no request, counted; blank and
  /// unreadable documents are rejected with build-pairs' codes.
  @Test func unrefinableChunksAreCountedAndRejectsHaveReasons() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let long = String(repeating: "word ", count: 40)
    try workspace.write(
      "in/a.jsonl",
      #"{"id":"a","text":"Short line.\n"# + long + #"\nAnother short line.\n"}"# + "\n"
        + #"{"id":"b","text":" \n "}"# + "\n" + "{not json\n")
    let run = try workspace.run([
      "prompts", "in", "--instruction", "", "--chunk-chars", "60", "--output-dir", "out",
      "--stats", "stats.json", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.contains("documents: 3 in = 1 accepted + 2 rejected"))
    #expect(run.standardError.contains("requests: 2 written"))
    #expect(run.standardError.contains("1 unrefinable chunks without a request"))
    let requests = try Self.jsonLines(
      String(decoding: workspace.bytes("out/a.prompts.jsonl") ?? Data(), as: UTF8.self))
    #expect(requests.map { $0["custom_id"] as! String } == ["a#0", "a#2"])
    let rejects = String(decoding: workspace.bytes("out/a.rejects.jsonl") ?? Data(), as: UTF8.self)
    #expect(rejects.contains(#""reason":"empty_document""#))
    #expect(rejects.contains(#""reason":"invalid_json""#), "\(rejects)")
    let stats = try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data()) as! [String: Any]
    #expect(stats["requests"] as? Int == 2)
    #expect(stats["unrefinable_chunks"] as? Int == 1)
    #expect(stats["documents_in"] as? Int == 3)
    #expect((stats["recipe"] as? [String: Any]) != nil)
    #expect(stats["recipe_hash"] is String)
    // The same from standard input and from gzip.
    let lines = try String(contentsOfFile: workspace.path + "/in/a.jsonl", encoding: .utf8)
    try workspace.write("a.jsonl.gz", try ScalpelProcess.gzip(Data(lines.utf8)))
    let flags = ["--instruction", "", "--chunk-chars", "60", "-q"]
    let stdin = try workspace.run(["prompts", "-"] + flags, standardInput: Data(lines.utf8))
    let gzip = try workspace.run(["prompts", "a.jsonl.gz"] + flags)
    #expect(stdin.standardOutput.utf8.count > 0)
    #expect(stdin.standardOutput == gzip.standardOutput)
    #expect(
      stdin.standardOutput
        == String(decoding: workspace.bytes("out/a.prompts.jsonl") ?? Data(), as: UTF8.self))
  }

  /// Every label program of the bundled corpus's pairs matches the regex of its chunk, in
  /// ICU's (anchored by `\z`: `$` would match before a final newline), in Python's
  /// `re.fullmatch` and in xgrammar (vLLM's default structured-output backend, under
  /// `$SCALPEL_PYTHON`, default `python3`; skipped with a printed reason when it cannot import
  /// xgrammar); out-of-range line numbers and malformed calls do not.
  @Test func labelProgramsMatchTheirChunksRegex() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let pairs = try workspace.run(["build-pairs", Self.corpus, "--meta", "--chunk-chars", "1300", "-q"])
    let prompts = try workspace.run([
      "prompts", Self.corpus, "--plain", "--constrain", "--chunk-chars", "1300", "-q",
    ])
    #expect(pairs.status == 0 && prompts.status == 0)
    var regexes: [String: String] = [:]
    for line in try Self.jsonLines(prompts.standardOutput) {
      regexes["\(line["id"]!)#\(line["chunk"]!)"] = line["regex"] as? String
    }
    var cases: [(regex: String, text: String, matches: Bool)] = []
    for pair in try Self.jsonLines(pairs.standardOutput) {
      let meta = pair["meta"] as! [String: Any]
      if meta["unrefinable"] as! Bool { continue }
      let regex = try #require(regexes[pair["id"] as! String])
      let lineCount = meta["lines"] as! Int
      cases.append((regex, pair["completion"] as! String, true))
      for bad in [
        "remove_lines(1, \(lineCount + 1))", "remove_str(\(lineCount + 1), \"x\")",
        "remove_lines(0, 1)", "remove_lines(01, 1)", "remove_lines(1,1)", "remove_str(1, \"\")",
        "remove_str(1, 'x')", "keep_all()\nremove_lines(1, 1)", "delete(1)", "keep_all();",
        "remove_str(1, \"a\nb\")", "remove_lines(1, 1)\n\nremove_lines(1, 1)", "keep_all()\n",
      ] {
        cases.append((regex, bad, false))
      }
    }
    #expect(cases.count > 280 * 14)
    #expect(cases.contains(where: { $0.matches && $0.text.contains("remove_str") }))
    #expect(cases.contains(where: { $0.matches && $0.text.contains("\n") }))
    var icuFailures: [String] = []
    var compiled: [String: NSRegularExpression] = [:]
    for (regex, text, matches) in cases {
      let expression = try compiled[regex] ?? NSRegularExpression(pattern: "^(?:" + regex + ")\\z")
      compiled[regex] = expression
      let found = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
      if found != matches { icuFailures.append(text) }
    }
    #expect(icuFailures.isEmpty, "\(icuFailures.prefix(5))")

    var lines = ""
    for (regex, text, matches) in cases {
      let object: [String: Any] = ["regex": regex, "text": text, "matches": matches]
      lines += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
    }
    let casesFile = try workspace.write("cases.jsonl", lines)
    let re = try Self.runInterop("python3", "regex_check.py", casesFile)
    if re.status == 127 {
      print("PromptsCommandTests: python3 not found; the re check is skipped")
    } else {
      #expect(re.status == 0, "\(re.output)")
      #expect(re.output.contains("regex check: \(cases.count) cases, 0 failed"), "\(re.output)")
    }

    // xgrammar, vLLM's default structured-output backend, compiles each regex as vLLM does.
    let python = ProcessInfo.processInfo.environment["SCALPEL_PYTHON"] ?? "python3"
    let xgrammar = try Self.runInterop(python, "xgrammar_check.py", casesFile)
    switch xgrammar.status {
    case 127:
      print("PromptsCommandTests: \(python) not found; the xgrammar check is skipped")
    case 3:
      print(
        "PromptsCommandTests: the xgrammar check is skipped under \(python) (run .ci/run to install"
          + " xgrammar): \(xgrammar.output.trimmingCharacters(in: .whitespacesAndNewlines))")
    default:
      #expect(xgrammar.status == 0, "\(xgrammar.output)")
      #expect(
        xgrammar.output.contains("xgrammar check: \(cases.count) cases, 0 failed (xgrammar "),
        "\(xgrammar.output)")
    }
  }

  /// Runs `Tests/Interop/<script> <argument>` under `python` (through `/usr/bin/env`, which
  /// exits 127 when it is not found), with standard error in the output.
  static func runInterop(_ python: String, _ script: String, _ argument: String) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      python, ScalpelProcess.packageRoot.appendingPathComponent("Tests/Interop/" + script).path,
      argument,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  @Test func helpNamesTheCommand() throws {
    let help = try ScalpelProcess.run(["prompts", "--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("--constrain"))
    #expect(help.standardOutput.contains("structured_outputs"))
    #expect(help.standardOutput.contains("--pairs"))
    #expect(help.standardOutput.contains("prompt_mismatch"))
    let top = try ScalpelProcess.run(["--help"])
    #expect(top.standardOutput.contains("prompts "))
  }
}

import Foundation
import Testing

@Suite struct BuildPairsCommandTests {
  static let fixture = """
    {"id":"a","text":"Home | About\\nGood text here. [ad] Buy now! More text.\\nFooter 2024\\n","refined":"Good text here. More text.\\n"}
    {"id":"b","text":"clean text\\n","refined":"clean text\\n"}
    {"id":7,"text":"x\\n"}
    {not json

    {"id":"c","text":"The weather was nice.\\n","refined":"A totally different sentence was written.\\n"}
    {"id":"d","text":"","refined":""}
    {"id":"e","text":"keep this [x] text\\n","refined":"keep this text\\n"}

    """

  static func writeFixture(_ directory: URL, name: String = "input.jsonl") throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(fixture.utf8).write(to: url)
    return url
  }

  @Test func writesExactPairsRejectsAndSummary() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.writeFixture(directory)
    let result = try ScalpelProcess.run(
      [
        "build-pairs", input.path, "-o", "pairs.jsonl", "--rejects", "rejects.jsonl",
        "--stats", "stats.json", "--instruction", "", "--no-progress",
      ], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    let pairs = try String(
      contentsOf: directory.appendingPathComponent("pairs.jsonl"), encoding: .utf8)
    #expect(
      pairs == """
        {"id":"a#0","prompt":"[doc]\\n[1]Home | About\\n[2]Good text here. [ad] Buy now! More text.\\n[3]Footer 2024\\n[/doc]","completion":"remove_lines(1, 1)\\nremove_str(2, \\"[ad] Buy now! \\")\\nremove_lines(3, 3)"}
        {"id":"b#0","prompt":"[doc]\\n[1]clean text\\n[/doc]","completion":"keep_all()"}

        """)
    let rejects = try String(
      contentsOf: directory.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
    let source = input.path
    #expect(
      rejects == """
        {"id":"7","source":"\(source):3","reason":"missing_field","detail":"field 'refined' is missing"}
        {"id":null,"source":"\(source):4","reason":"invalid_json","detail":"unexpected character 'n', expected a string key at byte 1 (line 1, column 2)"}
        {"id":"c","source":"\(source):6","reason":"rewrite_too_large","detail":"rewrite of 23 characters at line 1 (limit exceeded)"}
        {"id":"d","source":"\(source):7","reason":"empty_document","detail":"field 'text' is empty or blank"}
        {"id":"e","source":"\(source):8","reason":"too_few_deletions","detail":"only 4 characters deleted"}

        """)
    #expect(result.standardError.contains("records: 7 in = 2 accepted + 5 rejected"))
    #expect(
      result.standardError.contains(
        "rejected: empty_document 1, invalid_json 1, missing_field 1, rewrite_too_large 1, too_few_deletions 1"
      ))
    let stats =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: directory.appendingPathComponent("stats.json"))) as? [String: Any]
    #expect(stats?["records_in"] as? Int == 7)
    #expect(stats?["balanced"] as? Bool == true)
    #expect(result.standardOutput.isEmpty)
  }

  @Test(arguments: ["prompt-completion", "messages", "alpaca"])
  func everyFormatIsValidJSONWithFixedKeys(format: String) throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.writeFixture(directory)
    let result = try ScalpelProcess.run([
      "build-pairs", input.path, "--format", format, "--meta", "-q",
    ])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 2)
    let expectedKeys: [String: [String]] = [
      "prompt-completion": ["id", "prompt", "completion", "meta"],
      "messages": ["id", "messages", "meta"],
      "alpaca": ["id", "instruction", "input", "output", "meta"],
    ]
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object != nil)
      // Keys appear in the fixed order of SPEC §4.
      let keys = expectedKeys[format] ?? []
      let positions = keys.compactMap { line.range(of: "\"\($0)\":")?.lowerBound }
      #expect(positions.count == keys.count && positions == positions.sorted(), "\(line)")
    }
  }

  @Test func readsGzipAndStandardInputLikePlainFiles() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.writeFixture(directory)
    let plain = try ScalpelProcess.run(["build-pairs", input.path, "-q"])
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", input.path]
    try gzip.run()
    gzip.waitUntilExit()
    let zipped = try ScalpelProcess.run(["build-pairs", input.path + ".gz", "-q"])
    #expect(zipped.standardOutput == plain.standardOutput)
    let piped = try ScalpelProcess.run(
      ["build-pairs", "-", "-q"], standardInput: Data(Self.fixture.utf8))
    #expect(piped.standardOutput == plain.standardOutput)
  }

  @Test func usageErrorsExitWith64AndNameTheProblem() throws {
    let unknown = try ScalpelProcess.run(["build-pairs", "x.jsonl", "--jbos", "2"])
    #expect(unknown.status == 64)
    #expect(unknown.standardError.contains("unknown option --jbos (did you mean --jobs?)"))
    let badFormat = try ScalpelProcess.run(["build-pairs", "x.jsonl", "--format", "csv"])
    #expect(badFormat.status == 64)
    #expect(badFormat.standardError.contains("--format must be"))
    let noInput = try ScalpelProcess.run(["build-pairs"])
    #expect(noInput.status == 64)
    let badRate = try ScalpelProcess.run(["build-pairs", "x", "--keep-all-rate", "2"])
    #expect(badRate.status == 64)
    let missing = try ScalpelProcess.run(["build-pairs", "/nonexistent/file.jsonl"])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("/nonexistent/file.jsonl"))
  }

  @Test func helpListsEveryOption() throws {
    let help = try ScalpelProcess.run(["build-pairs", "--help"])
    #expect(help.status == 0)
    for option in [
      "--output", "--output-dir", "--rejects", "--stats", "--format", "--instruction",
      "--instruction-file", "--line-prefix", "--no-doc-wrapper", "--meta", "--id-field",
      "--text-field", "--refined-field", "--expert-response", "--chunk-chars", "--chunk-tokens",
      "--max-pair-tokens", "--overlap-lines", "--keep-all-rate", "--seed", "--jobs", "--resume", "--max-record-bytes",
      "--max-rewrite-chars", "--min-deleted-chars", "--work-budget", "--round-bytes", "--quiet",
    ] {
      #expect(help.standardOutput.contains(option), "\(option) missing from --help")
    }
    let top = try ScalpelProcess.run(["--help"])
    #expect(top.standardOutput.contains("build-pairs"))
    let version = try ScalpelProcess.run(["--version"])
    #expect(version.standardOutput.hasPrefix("scalpel "))
  }

  @Test func keepAllSamplingIsDeterministicAndAccounted() throws {
    let records = (0..<200).map {
      #"{"id":"doc-\#($0)","text":"same text \#($0)\n","refined":"same text \#($0)\n"}"#
    }
    .joined(separator: "\n")
    let first = try ScalpelProcess.run(
      ["build-pairs", "-", "--keep-all-rate", "0.25", "--seed", "7", "--no-progress"],
      standardInput: Data(records.utf8))
    let second = try ScalpelProcess.run(
      ["build-pairs", "-", "--keep-all-rate", "0.25", "--seed", "7", "-q"],
      standardInput: Data(records.utf8))
    #expect(first.standardOutput == second.standardOutput)
    let kept = first.standardOutput.split(separator: "\n").count
    #expect(kept > 20 && kept < 80, "kept \(kept) of 200")
    #expect(
      first.standardError.contains("records: 200 in = \(kept) accepted + \(200 - kept) rejected"))
    #expect(first.standardError.contains("keep_all_sampled_out \(200 - kept)"))
  }

  @Test func expertResponsesAreExtracted() throws {
    let records = [
      #"{"id":"r1","text":"Menu | Home\nReal content stays here.\n","refined":"Sure! refined_text: [doc]\nReal content stays here.\n[/doc]"}"#,
      #"{"id":"r2","text":"Menu | Home\nReal content.\n","refined":"I cannot help with that."}"#,
    ].joined(separator: "\n")
    let result = try ScalpelProcess.run(
      ["build-pairs", "-", "--expert-response", "--instruction", ""],
      standardInput: Data(records.utf8))
    #expect(result.standardOutput.contains(#""completion":"remove_lines(1, 1)""#))
    #expect(result.standardError.contains("missing_refined_text 1"))
  }

  @Test func chunksGetLocalLineNumbers() throws {
    let lines = (1...30).map { "Line \($0) of a long document with enough text to fill chunks." }
    let refined = lines.enumerated().filter { $0.offset % 10 != 0 }.map(\.element)
    let record: [String: Any] = [
      "id": "long", "text": lines.joined(separator: "\n") + "\n",
      "refined": refined.joined(separator: "\n") + "\n",
    ]
    let data = try JSONSerialization.data(withJSONObject: record)
    let result = try ScalpelProcess.run(
      ["build-pairs", "-", "--chunk-chars", "760", "--instruction", "", "--meta", "-q"],
      standardInput: data)
    let pairs = result.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(pairs.count == 3)
    #expect(pairs.map { $0["id"] as? String } == ["long#0", "long#1", "long#2"])
    // The budget bounds the prompt: "[doc]\n" and "\n[/doc]" plus, per line, its prefix
    // ("[k]"), about 61 characters and a newline. Lines 1-11 take 698 characters, 1-12 762;
    // lines 12-22 take 707. Deleted lines 1, 11 and 21 of the document are lines 1 and 11
    // of chunk 0 and line 10 of chunk 1.
    #expect(
      pairs.map { $0["completion"] as? String } == [
        "remove_lines(1, 1)\nremove_lines(11, 11)", "remove_lines(10, 10)", "keep_all()",
      ])
    #expect(
      pairs.compactMap { ($0["meta"] as? [String: Any])?["first_line"] as? Int } == [1, 12, 23])
  }

  /// A budget that the instruction alone fills is a usage error; --max-pair-tokens rejects a
  /// long pair with its own reason, and the summary gives the tokens per pair.
  @Test func tokenLimitsAndTheirReport() throws {
    let record = #"{"id":"a","text":"Home | About\nGood text here. [ad] Buy now! More text.\nFooter 2024\n","refined":"Good text here. More text.\n"}"#
    let tooSmall = try ScalpelProcess.run(
      ["build-pairs", "-", "--chunk-tokens", "50", "-q"], standardInput: Data(record.utf8))
    #expect(tooSmall.status == 64)
    #expect(
      tooSmall.standardError.contains(
        "a chunk budget of 50 approximate tokens leaves no room for text"))
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let limited = try ScalpelProcess.run(
      ["build-pairs", "-", "--max-pair-tokens", "100", "--rejects", "rejects.jsonl", "--no-progress"],
      standardInput: Data(record.utf8), in: directory)
    let rejects = try String(
      contentsOf: directory.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
    #expect(rejects.contains(#""reason":"pair_too_long""#))
    #expect(rejects.contains("pair of chunk 0 has "))
    #expect(
      limited.standardError.contains("tokens per pair: no pairs (1 over --max-pair-tokens)"),
      "\(limited.standardError)")
    let open = try ScalpelProcess.run(
      ["build-pairs", "-", "--no-progress"], standardInput: Data(record.utf8))
    #expect(open.status == 0)
    #expect(open.standardError.contains("tokens per pair: p50 "), "\(open.standardError)")
    #expect(open.standardError.contains("(approximate, 0 over --max-pair-tokens)"))
  }

  /// Tokens per pair come from per-shard histograms: the same figures with one job or two,
  /// in one file or in shards, and after --resume read them back from the shard summaries.
  @Test func pairTokenFiguresAcrossShardsJobsAndResume() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let lines = Workspace.corpusLines.prefix(60)
    _ = try workspace.write("all.jsonl", lines.joined(separator: "\n") + "\n")
    _ = try workspace.write("shards/a.jsonl", lines.prefix(25).joined(separator: "\n") + "\n")
    _ = try workspace.write("shards/b.jsonl", lines.dropFirst(25).joined(separator: "\n") + "\n")
    func figures(_ arguments: [String]) throws -> [String: Int] {
      let result = try workspace.run(["build-pairs"] + arguments + ["--stats", "stats.json", "-q"])
      #expect(result.status == 0, "\(result.standardError)")
      let stats =
        try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
        as? [String: Any]
      let tokens = stats?["pair_tokens"] as? [String: Any] ?? [:]
      return tokens.compactMapValues { $0 as? Int }
    }
    let whole = try figures(["all.jsonl", "-o", "all.pairs.jsonl", "--jobs", "1"])
    #expect(whole["p50"] ?? 0 > 0)
    #expect(whole["max"] ?? 0 >= whole["p99"] ?? 0)
    #expect(try figures(["all.jsonl", "-o", "all2.pairs.jsonl", "--jobs", "2"]) == whole)
    #expect(try figures(["shards", "--output-dir", "out", "--jobs", "2"]) == whole)
    #expect(try figures(["shards", "--output-dir", "out", "--resume"]) == whole)
  }
}

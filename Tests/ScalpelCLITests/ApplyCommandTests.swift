import Foundation
import Scalpel
import Testing

@Suite struct ApplyCommandTests {
  static let corpus = """
    {"id":"a","text":"Home | About\\nGood text here. [ad] More text.\\nFooter 2024\\n","lang":"en"}
    {"id":"b","text":"clean text\\n"}
    {not json

    {"id":"c","text":"x\\r\\ny\\n","refined_text":"old","n":1.50}
    {"id":"d"}
    {"id":"e","text":"one\\ntwo\\n"}

    """

  static let programs = """
    {"id":"a","program":"remove_lines(1, 1)\\nremove_str(2, \\"[ad] \\")\\nremove_lines(3, 3)"}
    {"id":"c","chunk":0,"program":"remove_lines(2, 2)"}
    {"id":"d","program":"keep_all()"}
    {"id":"e","program":"remove_str(1, \\"zzz\\")\\ngarbage"}

    """

  static func write(_ text: String, _ name: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  static func lines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  static func objects(_ text: String) -> [[String: Any]] {
    text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  @Test func writesExactRecordsReportRejectsAndSummary() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.write(Self.corpus, "corpus.jsonl", in: directory)
    _ = try Self.write(Self.programs, "programs.jsonl", in: directory)
    let result = try ScalpelProcess.run(
      [
        "apply", input.path, "--programs", "programs.jsonl", "-o", "out.jsonl", "--report",
        "report.jsonl",
        "--rejects", "rejects.jsonl", "--stats", "stats.json", "--no-progress",
      ], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
    #expect(
      try Self.lines(directory.appendingPathComponent("out.jsonl")) == [
        #"{"id":"a","text":"Home | About\nGood text here. [ad] More text.\nFooter 2024\n","lang":"en","refined_text":"Good text here. More text.\n"}"#,
        #"{"id":"b","text":"clean text\n","refined_text":"clean text\n"}"#,
        #"{"id":"c","text":"x\r\ny\n","refined_text":"x\n","n":1.50}"#,
        #"{"id":"e","text":"one\ntwo\n","refined_text":"one\ntwo\n"}"#,
      ])
    #expect(
      try Self.lines(directory.appendingPathComponent("report.jsonl")) == [
        #"{"id":"a","source":"\#(input.path):1","chunks":1,"calls_applied":3,"calls_skipped":0,"parse_errors":0,"chunks_unchanged":0,"chunks_missing_program":0,"chunks_rejected":0,"chars_removed":30,"errors":[],"errors_omitted":0}"#,
        #"{"id":"b","source":"\#(input.path):2","chunks":1,"calls_applied":0,"calls_skipped":0,"parse_errors":0,"chunks_unchanged":1,"chunks_missing_program":1,"chunks_rejected":0,"chars_removed":0,"errors":[{"chunk":0,"line":null,"message":"no program for this chunk; left unchanged"}],"errors_omitted":0}"#,
        #"{"id":"c","source":"\#(input.path):5","chunks":1,"calls_applied":1,"calls_skipped":0,"parse_errors":0,"chunks_unchanged":0,"chunks_missing_program":0,"chunks_rejected":0,"chars_removed":2,"errors":[],"errors_omitted":0}"#,
        #"{"id":"e","source":"\#(input.path):7","chunks":1,"calls_applied":0,"calls_skipped":1,"parse_errors":1,"chunks_unchanged":1,"chunks_missing_program":0,"chunks_rejected":1,"chars_removed":0,"errors":[{"chunk":0,"line":1,"message":"text_not_found: remove_str(1, \"zzz\")"},{"chunk":0,"line":2,"message":"parse error: unknown function 'garbage': garbage"},{"chunk":0,"line":null,"message":"2 bad lines (parse errors + skipped calls) exceed the error budget; chunk left unchanged"}],"errors_omitted":0}"#,
      ])
    #expect(
      try Self.lines(directory.appendingPathComponent("rejects.jsonl")) == [
        #"{"id":null,"source":"\#(input.path):3","reason":"invalid_json","detail":"unexpected character 'n', expected a string key at byte 1 (line 1, column 2)"}"#,
        #"{"id":"d","source":"\#(input.path):6","reason":"missing_field","detail":"field 'text' is missing"}"#,
      ])
    #expect(result.standardError.contains("documents: 6 in = 4 written + 2 rejected; 2 changed"))
    #expect(
      result.standardError.contains(
        "chunks: 4 = 2 refined + 1 without program + 1 over the error budget + 0 unrefinable"))
    #expect(result.standardError.contains("calls applied: remove_lines 3, remove_str 1"))
    #expect(result.standardError.contains("calls skipped: text_not_found 1; parse errors: 1"))
    let stats =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: directory.appendingPathComponent("stats.json"))) as? [String: Any]
    #expect(stats?["documents_in"] as? Int == 6)
    #expect(stats?["balanced"] as? Bool == true)
    #expect((stats?["calls_skipped"] as? [String: Int])?["text_not_found"] == 1)
    #expect((stats?["chunks_by_status"] as? [String: Int])?["over_error_budget"] == 1)
    #expect(stats?["chars_removed"] as? Int == 32)

    // With a budget of 2, e's program is accepted, but its only call is skipped: no change.
    let lenient = try ScalpelProcess.run(
      ["apply", input.path, "--programs", "programs.jsonl", "--max-bad-calls", "2", "-q"],
      in: directory)
    #expect(
      lenient.standardOutput.contains(#""id":"e","text":"one\ntwo\n","refined_text":"one\ntwo\n"}"#)
    )
    #expect(lenient.status == 0)
  }

  // MARK: - Hostile programs

  struct Hostile {
    var id: String
    var text: String
    var program: Any
    var expected: String?
  }

  static let threeLines = "alpha\nbeta gamma\ndelta\n"
  static var hostile: [Hostile] {
    [
      .init(
        id: "huge-number", text: threeLines, program: "remove_lines(1, 99999999999999999999)",
        expected: threeLines),
      .init(
        id: "huge-number-and-call", text: threeLines,
        program: "remove_lines(1, 99999999999999999999)\nremove_lines(1, 1)",
        expected: "beta gamma\ndelta\n"),
      .init(
        id: "unterminated", text: threeLines, program: "remove_str(2, \"beta", expected: threeLines),
      .init(
        id: "megabyte-line", text: threeLines,
        program: "remove_str(2, \"" + String(repeating: "x", count: 1 << 20) + "\")",
        expected: threeLines),
      .init(
        id: "megabyte-garbage", text: threeLines,
        program: String(repeating: "((\"'\\", count: 1 << 18), expected: threeLines),
      .init(
        id: "nested-quotes", text: "He said \"hi\" and 'bye'.\nok\n",
        program: "remove_str(1, \" said \\\"hi\\\"\")\nremove_str(1, ' and \\'bye\\'')",
        expected: "He.\nok\n"),
      .init(
        id: "keep-all-mixed", text: threeLines, program: "keep_all()\nremove_lines(1, 1)",
        expected: "beta gamma\ndelta\n"),
      .init(
        id: "keep-all-twice", text: threeLines, program: "keep_all()\nkeep_all()",
        expected: threeLines),
      .init(
        id: "code-fences", text: threeLines,
        program: "```python\nremove_lines(3, 3)\n```\n<|im_end|>", expected: "alpha\nbeta gamma\n"),
      .init(
        id: "garbage", text: threeLines,
        program: "Sure! Here is the program:\n\u{0}\u{1} ☃ }{\nDELETE FROM lines;",
        expected: threeLines),
      .init(
        id: "bad-ranges", text: threeLines,
        program: "remove_lines(3, 1)\nremove_lines(0, 2)\nremove_str(2, \"\")", expected: threeLines
      ),
      .init(
        id: "evaluation", text: threeLines,
        program: "remove_lines(__import__('os').system('true'), 1)", expected: threeLines),
      .init(
        id: "per-chunk-array", text: threeLines,
        program: ["remove_lines(2, 2)", NSNull(), "keep_all()"], expected: "alpha\ndelta\n"),
      .init(id: "empty-program", text: threeLines, program: "", expected: threeLines),
      .init(id: "not-a-string", text: threeLines, program: 42, expected: nil),
    ]
  }

  @Test func hostileProgramsGiveTheDocumentedResultAndNeverCrash() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let lines = try Self.hostile.map { row in
      String(
        decoding: try JSONSerialization.data(withJSONObject: [
          "id": row.id, "text": row.text, "program": row.program,
        ]), as: UTF8.self)
    }
    let input = try Self.write(lines.joined(separator: "\n") + "\n", "hostile.jsonl", in: directory)
    let result = try ScalpelProcess.run(
      [
        "apply", input.path, "--program-field", "program", "--report", "report.jsonl", "--rejects",
        "rejects.jsonl", "--jobs", "2",
      ],
      in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    var refined: [String: String] = [:]
    for object in Self.objects(result.standardOutput) {
      refined[object["id"] as? String ?? ""] = object["refined_text"] as? String
    }
    for row in Self.hostile {
      #expect(refined[row.id] == row.expected, "\(row.id)")
    }
    let rejects = try Self.lines(directory.appendingPathComponent("rejects.jsonl"))
    #expect(rejects.count == 1 && rejects[0].contains(#""reason":"invalid_field""#))
    let reports = Self.objects(
      try String(contentsOf: directory.appendingPathComponent("report.jsonl"), encoding: .utf8))
    #expect(reports.count == Self.hostile.count - 1)
    for report in reports {
      // Messages quote at most about 80 bytes of a call or a line.
      for error in report["errors"] as? [[String: Any]] ?? [] {
        #expect((error["message"] as? String)?.utf8.count ?? 0 < 300)
      }
    }
    let megabyte = reports.first { $0["id"] as? String == "megabyte-line" }
    #expect(megabyte?["calls_skipped"] as? Int == 1 && megabyte?["chunks_rejected"] as? Int == 0)
    let perChunk = reports.first { $0["id"] as? String == "per-chunk-array" }
    #expect((perChunk?["errors"] as? [[String: Any]])?.first?["chunk"] as? Int == 2)
    #expect(result.standardError.contains("documents: 15 in = 14 written + 1 rejected"))
    #expect(result.standardError.contains("programs: 15 used, 1 for chunks that do not exist"))
  }

  // MARK: - Round trip with build-pairs

  /// `apply(build-pairs)` gives, for every accepted document, the text its pairs encode:
  /// the chunk targets of ``PairBuilder`` joined (checked independently with the library),
  /// and leaves documents that build-pairs rejected unchanged.
  @Test(arguments: ["prompt-completion", "messages", "alpaca"])
  func roundTripOnTheBundledCorpus(format: String) throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let corpus = ScalpelProcess.packageRoot.appendingPathComponent(
      "Examples/web-corpus/corpus.jsonl"
    ).path
    let built = try ScalpelProcess.run(
      [
        "build-pairs", corpus, "-o", "pairs.jsonl", "--rejects", "rejects.jsonl", "--format",
        format, "-q",
      ],
      in: directory)
    #expect(built.status == 0)
    let applied = try ScalpelProcess.run(
      [
        "apply", corpus, "--programs", "pairs.jsonl", "-o", "refined.jsonl", "--report",
        "report.jsonl", "--jobs", "2",
      ],
      in: directory)
    #expect(applied.status == 0, "\(applied.standardError)")
    #expect(applied.standardError.contains("documents: 300 in = 300 written + 0 rejected"))
    #expect(applied.standardError.contains("calls skipped: none; parse errors: 0"))
    let rejectedIDs = Set(
      Self.objects(
        try String(contentsOf: directory.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
      ).compactMap { $0["id"] as? String })
    #expect(rejectedIDs.count == 22)

    // The independent check: PairBuilder on the same records.
    var builder = PairBuilder()
    var expected: [String: String] = [:]
    let reader = try LineReader(path: corpus)
    while case .line(_, let bytes)? = try reader.nextLine() {
      let value = try JSONParser().parse(bytes)
      let id = value["id"]?.stringValue ?? ""
      let original = NormalizedText(value["text"]?.stringValue ?? "")
      switch builder.makePair(
        original: original, refined: NormalizedText(value["refined"]?.stringValue ?? ""))
      {
      case .accepted(let pair):
        var target = pair.chunks.flatMap(\.target)
        if !original.endsWithNewline, let last = pair.chunks.last, target.last == 0x0A,
          ProgramExecutor.execute(last.program, on: last.text).report.removedLineCount
            == last.text.lineCount
        {
          target.removeLast()
        }
        expected[id] = String(decoding: target, as: UTF8.self)
      case .rejected:
        expected[id] = original.string
      }
    }
    let records = Self.objects(
      try String(contentsOf: directory.appendingPathComponent("refined.jsonl"), encoding: .utf8))
    #expect(records.count == 300)
    for record in records {
      let id = record["id"] as? String ?? ""
      #expect(record["refined_text"] as? String == expected[id], "\(id)")
    }
    let reports = Self.objects(
      try String(contentsOf: directory.appendingPathComponent("report.jsonl"), encoding: .utf8))
    for report in reports {
      let id = report["id"] as? String ?? ""
      // A rejected document has no program for any chunk that could have one (an
      // unrefinable chunk never has one: web-0088's single over-long line).
      let withoutProgram = report["chunks_missing_program"] as? Int ?? -1
      let unchanged = report["chunks_unchanged"] as? Int == report["chunks"] as? Int
      #expect(
        (unchanged && withoutProgram > 0) == rejectedIDs.contains(id),
        "\(id)")
    }
  }

  // MARK: - Join, inputs and determinism

  @Test func programsOutOfCorpusOrderFailWithoutOutput() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.write(Self.corpus, "corpus.jsonl", in: directory)
    let reversed = Self.programs.split(separator: "\n").reversed().joined(separator: "\n") + "\n"
    _ = try Self.write(reversed, "programs.jsonl", in: directory)
    let result = try ScalpelProcess.run(
      [
        "apply", input.path, "--programs", "programs.jsonl", "-o", "out.jsonl", "--report",
        "report.jsonl",
      ], in: directory)
    #expect(result.status == 1)
    #expect(
      result.standardError.contains(
        "programs file 'programs.jsonl' line 2: no document took the program of 'd'"))
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.jsonl").path))
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.jsonl").path)
    )
  }

  @Test func gzipStandardInputAndJobCountsGiveTheSameOutput() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try Self.write(Self.corpus, "corpus.jsonl", in: directory)
    let programs = try Self.write(Self.programs, "programs.jsonl", in: directory)
    let plain = try ScalpelProcess.run(["apply", input.path, "--programs", programs.path, "-q"])
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", programs.path]
    try gzip.run()
    gzip.waitUntilExit()
    let zipped = try ScalpelProcess.run([
      "apply", input.path, "--programs", programs.path + ".gz", "-q",
    ])
    #expect(zipped.standardOutput == plain.standardOutput)
    let piped = try ScalpelProcess.run(
      ["apply", "-", "--programs", programs.path, "-q"], standardInput: Data(Self.corpus.utf8))
    #expect(piped.standardOutput.split(separator: "\n").count == 4)
    #expect(piped.standardOutput.contains(#""refined_text":"Good text here. More text.\n""#))
    let programsOnStdin = try ScalpelProcess.run(
      ["apply", input.path, "--programs", "-", "-q"], standardInput: Data(Self.programs.utf8))
    #expect(programsOnStdin.standardOutput == plain.standardOutput)
    let parallel = try ScalpelProcess.run([
      "apply", input.path, "--programs", programs.path, "-q", "-j", "4", "--round-bytes", "50",
    ])
    #expect(parallel.standardOutput == plain.standardOutput)
  }

  @Test func outputDirectoryWritesFourFilesPerShard() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    _ = try Self.write(Self.corpus, "corpus.jsonl", in: directory)
    _ = try Self.write(Self.programs, "programs.jsonl", in: directory)
    let result = try ScalpelProcess.run(
      ["apply", "corpus.jsonl", "--programs", "programs.jsonl", "--output-dir", "out", "-q"],
      in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    let names = try FileManager.default.contentsOfDirectory(
      atPath: directory.appendingPathComponent("out").path
    ).sorted()
    #expect(
      names == [
        "corpus.manifest.json", "corpus.refined.jsonl", "corpus.rejects.jsonl",
        "corpus.report.jsonl", "corpus.summary.json",
      ])
    let resumed = try ScalpelProcess.run(
      ["apply", "corpus.jsonl", "--programs", "programs.jsonl", "--output-dir", "out", "--resume"],
      in: directory)
    #expect(resumed.standardError.contains("resumed: 1 shards already complete"))
    #expect(resumed.standardError.contains("documents: 6 in = 4 written + 2 rejected"))
  }

  @Test func usageErrorsExitWith64AndHelpListsEveryOption() throws {
    let noPrograms = try ScalpelProcess.run(["apply", "x.jsonl"])
    #expect(noPrograms.status == 64)
    #expect(noPrograms.standardError.contains("--programs <file> or --program-field <name>"))
    let both = try ScalpelProcess.run([
      "apply", "x.jsonl", "--programs", "p", "--program-field", "f",
    ])
    #expect(both.status == 64)
    let typo = try ScalpelProcess.run([
      "apply", "x.jsonl", "--programs", "p", "--max-bad-call", "2",
    ])
    #expect(typo.status == 64 && typo.standardError.contains("did you mean --max-bad-calls?"))
    let negative = try ScalpelProcess.run([
      "apply", "x.jsonl", "--programs", "p", "--max-bad-calls", "-1",
    ])
    #expect(negative.status == 64)
    let stdinTwice = try ScalpelProcess.run(["apply", "-", "--programs", "-"])
    #expect(stdinTwice.status == 64)
    let mixed = try ScalpelProcess.run([
      "apply", "x", "--programs", "p", "--output-dir", "d", "--report", "r",
    ])
    #expect(mixed.status == 64)
    let missing = try ScalpelProcess.run([
      "apply", "/nonexistent/corpus.jsonl", "--programs", "/nonexistent/p.jsonl",
    ])
    #expect(missing.status == 1 && missing.standardError.contains("/nonexistent/corpus.jsonl"))

    let help = try ScalpelProcess.run(["apply", "--help"])
    #expect(help.status == 0)
    for option in [
      "--programs", "--program-field", "--chunk-chars", "--chunk-tokens", "--max-bad-calls",
      "--id-field",
      "--text-field", "--max-record-bytes", "--output", "--output-field", "--output-dir",
      "--rejects", "--report",
      "--max-report-errors", "--stats", "--jobs", "--resume", "--round-bytes", "--progress",
      "--quiet", "JOIN",
    ] {
      #expect(help.standardOutput.contains(option), "\(option) missing from --help")
    }
    let top = try ScalpelProcess.run(["--help"])
    #expect(top.standardOutput.contains("apply "))
  }
}

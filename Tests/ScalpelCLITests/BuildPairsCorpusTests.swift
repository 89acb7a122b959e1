import Foundation
import Testing

/// build-pairs on the bundled corpus: parallel determinism, shards, resume after a kill.
@Suite(.serialized) struct BuildPairsCorpusTests {
  static var corpus: URL {
    ScalpelProcess.packageRoot.appendingPathComponent("Examples/web-corpus/corpus.jsonl")
  }

  @Test func parallelOutputIsIdenticalToSerial() throws {
    let serial = try ScalpelProcess.run([
      "build-pairs", Self.corpus.path, "--jobs", "1", "-q", "--meta",
    ])
    let parallel = try ScalpelProcess.run(
      ["build-pairs", Self.corpus.path, "--jobs", "2", "--round-bytes", "100000", "-q", "--meta"])
    #expect(serial.status == 0)
    #expect(parallel.status == 0)
    #expect(!serial.standardOutput.isEmpty)
    #expect(serial.standardOutput == parallel.standardOutput)
  }

  @Test func corpusSummaryAccountsForEveryRecord() throws {
    let result = try ScalpelProcess.run([
      "build-pairs", Self.corpus.path, "-o", "/dev/null", "--no-progress",
    ])
    #expect(result.status == 0)
    // 300 records: 12 big rewrites and 6 tiny deletions are rejected by design
    // (Examples/web-corpus/README.md), and 4 whose programs cannot express more than 5%
    // of the expert's deletions (repeated tags or ads in one line, and web-0088, whose
    // deletions lie in a line longer than the chunk budget).
    #expect(result.standardError.contains("records: 300 in = 278 accepted + 22 rejected"))
    #expect(
      result.standardError.contains(
        "rejected: deletions_not_expressible 4, rewrite_too_large 12, too_few_deletions 6"))
    #expect(
      result.standardError.contains(
        "fidelity: 65 of 106995 expert-deleted chars left in, 0 kept chars deleted"))
  }

  /// The same document gives the same pair whether its refinement comes as a refined
  /// field or as a raw expert reply (`...text\n[/doc]` and `...text[/doc]` alike): the
  /// reply's final newline follows the original's.
  @Test func expertRepliesGiveTheSamePairsAsRefinedFields() throws {
    let replies = ScalpelProcess.packageRoot.appendingPathComponent(
      "Examples/web-corpus/expert-responses.jsonl")
    let fromReplies = try ScalpelProcess.run([
      "build-pairs", replies.path, "--expert-response", "--refined-field", "response",
      "--no-progress",
    ])
    let fromFields = try ScalpelProcess.run(["build-pairs", Self.corpus.path, "-q"])
    #expect(fromReplies.status == 0)
    #expect(fromReplies.standardError.contains("records: 30 in = 28 accepted + 2 rejected"))
    #expect(fromReplies.standardError.contains("rejected: missing_refined_text 2"))
    #expect(fromReplies.standardError.contains("dropped: 0 line joins"))
    func pairsByID(_ output: String) -> [String: Substring] {
      var pairs: [String: Substring] = [:]
      for line in output.split(separator: "\n") {
        guard let idEnd = line.range(of: "\",")
        else { continue }
        pairs[String(line[line.index(line.startIndex, offsetBy: 7)..<idEnd.lowerBound])] = line
      }
      return pairs
    }
    let replyPairs = pairsByID(fromReplies.standardOutput)
    let fieldPairs = pairsByID(fromFields.standardOutput)
    #expect(replyPairs.count == 28)
    for (id, line) in replyPairs {
      #expect(fieldPairs[id] == line, "\(id)")
    }
    #expect(replyPairs["web-0183#0"]?.hasSuffix(#""completion":"keep_all()"}"#) == true)
  }

  /// Splits the corpus into shards, repeated with fresh ids so that a run takes a while.
  static func makeShards(in directory: URL, count: Int, copies: Int) throws -> URL {
    let shards = directory.appendingPathComponent("shards")
    try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
    let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
    for shard in 0..<count {
      var text = ""
      for copy in 0..<copies {
        for line in lines {
          text +=
            line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"s\(shard)c\(copy)-") + "\n"
        }
      }
      try text.write(
        to: shards.appendingPathComponent(String(format: "part-%03d.jsonl", shard)),
        atomically: true,
        encoding: .utf8)
    }
    return shards
  }

  @Test func resumeAfterKillGivesIdenticalOutput() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let shards = try Self.makeShards(in: directory, count: 4, copies: 4)
    let clean = directory.appendingPathComponent("clean")
    let killed = directory.appendingPathComponent("killed")
    let cleanRun = try ScalpelProcess.run(
      ["build-pairs", shards.path, "--output-dir", clean.path, "-q"])
    #expect(cleanRun.status == 0)

    // Start a run and kill it (SIGKILL: no chance to clean up) once the first shard is done.
    let process = Process()
    process.executableURL = ScalpelProcess.executable
    process.arguments = ["build-pairs", shards.path, "--output-dir", killed.path, "-q"]
    try process.run()
    let firstShard = killed.appendingPathComponent("part-000.pairs.jsonl")
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: firstShard.path) && process.isRunning
      && Date() < deadline
    {
      usleep(2_000)
    }
    let wasKilledMidway = process.isRunning
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(wasKilledMidway, "the run finished before it could be killed; make the shards larger")
    if wasKilledMidway {
      // The shard being written when the kill came has no file under its final name.
      let names = try FileManager.default.contentsOfDirectory(atPath: killed.path)
      let finished = names.filter { $0.hasSuffix(".pairs.jsonl") && !$0.hasPrefix(".") }
      #expect(finished.count < 4, "\(names)")
    }

    let resumed = try ScalpelProcess.run(
      ["build-pairs", shards.path, "--output-dir", killed.path, "--resume", "--no-progress"])
    #expect(resumed.status == 0)
    #expect(resumed.standardError.contains("records: 4800 in"))
    for shard in 0..<4 {
      for suffix in ["pairs.jsonl", "rejects.jsonl"] {
        let name = String(format: "part-%03d.", shard) + suffix
        let expected = try Data(contentsOf: clean.appendingPathComponent(name))
        let actual = try Data(contentsOf: killed.appendingPathComponent(name))
        #expect(expected == actual, "\(name) differs after resume")
      }
    }
  }

  @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
  func signalsStopCleanlyWithoutPartialOutput(signal: Int32, expectedStatus: Int32) throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let shards = try Self.makeShards(in: directory, count: 2, copies: 4)
    let output = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let (wasRunning, status) = try ScalpelProcess.runAndSignal(
      [
        "build-pairs", shards.path, "-o", output.appendingPathComponent("pairs.jsonl").path,
        "--rejects", output.appendingPathComponent("rejects.jsonl").path, "-q", "--round-bytes",
        "200000",
      ], watching: output, signal: signal)
    #expect(wasRunning, "the run finished before the signal")
    #expect(status == expectedStatus)
    let left = try FileManager.default.contentsOfDirectory(atPath: output.path)
    #expect(left.isEmpty, "left behind: \(left)")
  }
}

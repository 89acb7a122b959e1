import Foundation
import Testing

/// `apply --programs` on batch output lines, end to end on the built binary: replies made
/// here from the completions of a pairs file (shuffled and damaged) must give what the pairs
/// give, chunk for chunk; and the aggressiveness guards, with hand-computed cases.
@Suite(.serialized) struct ApplyRepliesTests {
  static var corpus: String {
    ScalpelProcess.packageRoot.appendingPathComponent("Examples/web-corpus/corpus.jsonl").path
  }

  static func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
  }

  /// The pairs of the bundled corpus as (id "<doc>#<k>", completion, line), in file order.
  static func pairs(in workspace: Workspace) throws -> [(
    id: String, completion: String, line: String
  )] {
    let built = try workspace.run(["build-pairs", corpus, "-o", "pairs.jsonl", "-q"])
    #expect(built.status == 0, "\(built.standardError)")
    let text = String(decoding: workspace.bytes("pairs.jsonl") ?? Data(), as: UTF8.self)
    return try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      return (object["id"] as! String, object["completion"] as! String, String(line))
    }
  }

  /// The refined texts of an `apply` output by id.
  static func refinedTexts(_ data: Data?) throws -> [String: String] {
    var texts: [String: String] = [:]
    for object in try jsonLines(String(decoding: data ?? Data(), as: UTF8.self)) {
      texts["\(object["id"]!)"] = object["refined_text"] as? String
    }
    return texts
  }

  @Test func damagedShuffledRepliesGiveWhatThePairsGiveForTheirGoodChunks() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let pairs = try Self.pairs(in: workspace)
    let single = pairs.map(\.id).filter { id in
      id.hasSuffix("#0") && !pairs.contains { $0.id == id.dropLast(2) + "#1" }
    }
    // web-0068 has three chunks: its chunk 1 gets a 500, chunks 0 and 2 stay good.
    #expect(pairs.contains { $0.id == "web-0068#2" })
    let (errors, truncated, status500, noContent, missing, duplicated, errorThenGood) = (
      [single[0], single[1]], single[2], single[3], single[4], single[5], single[6], single[7]
    )
    let damaged: Set<String> = Set(
      errors + [truncated, status500, noContent, missing, "web-0068#1"])
    var lines: [String] = []
    for pair in pairs where pair.id != missing {
      switch pair.id {
      case _ where errors.contains(pair.id):
        lines.append(
          ExpertReplies.line(
            pair.id, content: nil, error: ["code": "server_error", "message": "boom"]))
      case truncated:
        lines.append(ExpertReplies.line(pair.id, content: pair.completion, finishReason: "length"))
      case status500, "web-0068#1":
        lines.append(ExpertReplies.line(pair.id, content: nil, status: 500))
      case noContent:
        lines.append(ExpertReplies.line(pair.id, content: nil))
      default:
        lines.append(ExpertReplies.line(pair.id, content: pair.completion))
      }
      if pair.id == duplicated {
        lines.append(ExpertReplies.line(pair.id, content: pair.completion))
      }
    }
    lines = ExpertReplies.shuffled(lines, seed: 13)
    // An error first, in file order, and a good reply later: the good one wins.
    lines.insert(
      ExpertReplies.line(errorThenGood, content: nil, error: ["code": "x", "message": "first"]),
      at: 0)
    try workspace.write("replies.jsonl", lines.joined(separator: "\n") + "\n")
    // The oracle: the pairs file without the damaged chunks' lines, applied in corpus order.
    try workspace.write(
      "good-pairs.jsonl",
      pairs.filter { !damaged.contains($0.id) }.map(\.line).joined(separator: "\n") + "\n")

    let full = try workspace.run([
      "apply", Self.corpus, "--programs", "pairs.jsonl", "-o", "full.jsonl", "-q",
    ])
    let oracle = try workspace.run([
      "apply", Self.corpus, "--programs", "good-pairs.jsonl", "-o", "oracle.jsonl", "-q",
    ])
    let applied = try workspace.run([
      "apply", Self.corpus, "--programs", "replies.jsonl", "-o", "replies-out.jsonl",
      "--report", "report.jsonl", "--stats", "stats.json", "-j", "2", "--round-bytes", "20000",
      "--no-progress",
    ])
    #expect(full.status == 0 && oracle.status == 0, "\(full.standardError)\(oracle.standardError)")
    #expect(applied.status == 0, "\(applied.standardError)")
    #expect(workspace.bytes("oracle.jsonl") != nil)
    #expect(workspace.bytes("replies-out.jsonl") == workspace.bytes("oracle.jsonl"))

    // Every document whose replies are all good is refined as the pairs refine it; the
    // damaged single-chunk documents are unchanged.
    let fullTexts = try Self.refinedTexts(workspace.bytes("full.jsonl"))
    let repliedTexts = try Self.refinedTexts(workspace.bytes("replies-out.jsonl"))
    let damagedDocuments = Set(damaged.map { String($0.split(separator: "#")[0]) })
    var sameCount = 0
    for (id, text) in fullTexts where !damagedDocuments.contains(id) {
      #expect(repliedTexts[id] == text, "\(id)")
      sameCount += 1
    }
    #expect(sameCount == 300 - damagedDocuments.count)
    var originals: [String: String] = [:]
    for line in Workspace.corpusLines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      originals["\(object["id"]!)"] = (object["text"] as! String)
        .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    for id in damagedDocuments where id != "web-0068" {
      #expect(repliedTexts[id] == originals[id], "\(id)")
      #expect(repliedTexts[id] != fullTexts[id], "\(id) is changed by its pair")
    }
    #expect(repliedTexts["web-0068"] != originals["web-0068"])
    #expect(repliedTexts["web-0068"] != fullTexts["web-0068"])

    let stats =
      try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
      as? [String: Any]
    let replies = stats?["replies"] as? [String: Any]
    #expect(replies?["lines"] as? Int == pairs.count - 1 + 2)
    #expect(replies?["superseded"] as? Int == 2)
    #expect(
      replies?["failed"] as? [String: Int]
        == ["error": 2, "http_status": 2, "truncated": 1, "no_content": 1])
    let statuses = stats?["chunks_by_status"] as? [String: Int]
    let fullStats = try workspace.run([
      "apply", Self.corpus, "--programs", "pairs.jsonl", "-o", "/dev/null", "--stats",
      "full-stats.json", "-q",
    ])
    #expect(fullStats.status == 0)
    let fullStatuses =
      (try JSONSerialization.jsonObject(with: workspace.bytes("full-stats.json") ?? Data())
      as? [String: Any])?["chunks_by_status"] as? [String: Int]
    #expect(statuses?["reply_failed"] == 6)
    #expect(statuses?["missing_program"] == (fullStatuses?["missing_program"] ?? -1) + 1)
    #expect(statuses?["refined"] == (fullStatuses?["refined"] ?? -1) - 7)
    #expect(applied.standardError.contains("+ 6 with an unusable reply"))
    #expect(
      applied.standardError.contains(
        "chunks with an unusable reply: error 2, http_status 2, truncated 1, no_content 1"))

    // The report names each unusable reply with its reason and line.
    let report = try Self.jsonLines(
      String(decoding: workspace.bytes("report.jsonl") ?? Data(), as: UTF8.self))
    let byID = Dictionary(uniqueKeysWithValues: report.map { ("\($0["id"]!)", $0) })
    let truncatedReport = byID[String(truncated.dropLast(2))]
    #expect(truncatedReport?["chunks_reply_failed"] as? Int == 1)
    #expect(truncatedReport?["chunks_unchanged"] as? Int == 1)
    let message = (truncatedReport?["errors"] as? [[String: Any]])?.first?["message"] as? String
    #expect(
      message?.hasPrefix("reply unusable (truncated): replies line ") == true, "\(message ?? "")")
    let multi = byID["web-0068"]
    #expect(multi?["chunks_reply_failed"] as? Int == 1)
    #expect(
      ((multi?["errors"] as? [[String: Any]])?.first?["message"] as? String)?.contains(
        "(http_status): replies line") == true)
    #expect(byID[String(missing.dropLast(2))]?["chunks_missing_program"] as? Int == 1)
    #expect(byID["web-0001"]?["chunks_reply_failed"] as? Int != nil)
  }

  @Test func gzipRepliesShardsAndResumeGiveWhatThePairsGive() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let pairs = try Self.pairs(in: workspace)
    var lines = pairs.map { ExpertReplies.line($0.id, content: $0.completion) }
    lines.append(lines[0])
    let replies = Data((ExpertReplies.shuffled(lines, seed: 5).joined(separator: "\n") + "\n").utf8)
    try workspace.write("replies.jsonl.gz", try ScalpelProcess.gzip(replies))
    let corpus = Workspace.corpusLines
    for (index, range) in [0..<120, 120..<300].enumerated() {
      try workspace.write("in/s\(index).jsonl", corpus[range].joined(separator: "\n") + "\n")
    }
    let expected = try workspace.run([
      "apply", "in", "--programs", "pairs.jsonl", "--output-dir", "expected", "-q",
    ])
    let first = try workspace.run([
      "apply", "in", "--programs", "replies.jsonl.gz", "--output-dir", "out", "-q",
    ])
    #expect(expected.status == 0 && first.status == 0, "\(first.standardError)")
    try FileManager.default.removeItem(
      at: workspace.url.appendingPathComponent("out/s1.refined.jsonl"))
    let resumed = try workspace.run([
      "apply", "in", "--programs", "replies.jsonl.gz", "--output-dir", "out", "--resume",
      "--stats", "stats.json", "-q",
    ])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    for shard in ["s0", "s1"] {
      #expect(
        workspace.bytes("out/\(shard).refined.jsonl")
          == workspace.bytes("expected/\(shard).refined.jsonl"))
      #expect(workspace.bytes("out/\(shard).refined.jsonl") != nil)
    }
    let stats =
      try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
      as? [String: Any]
    let counts = stats?["replies"] as? [String: Any]
    #expect(counts?["lines"] as? Int == pairs.count + 1)
    #expect(counts?["superseded"] as? Int == 1)
    #expect(stats?["resumed_shards"] as? Int == 1)
  }

  @Test func aReplyNamingNoChunkFailsNamingItsLineAndWritesNothing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let pairs = try Self.pairs(in: workspace)
    let good = pairs.prefix(5).map { ExpertReplies.line($0.id, content: $0.completion) }
    for (stray, detail) in [
      ("no-such-document#0", "no record has the id 'no-such-document'"),
      ("web-0001#3", "document 'web-0001'"),
    ] {
      var lines = good
      lines.insert(ExpertReplies.line(stray, content: "keep_all()"), at: 3)
      try workspace.write("replies.jsonl", "\n" + lines.joined(separator: "\n") + "\n")
      let before = workspace.snapshot()
      let result = try workspace.run([
        "apply", Self.corpus, "--programs", "replies.jsonl", "-o", "out.jsonl", "--report",
        "report.jsonl", "--stats", "stats.json", "-q",
      ])
      #expect(result.status == 1)
      // Line 5: a blank first line, then three good lines.
      #expect(
        result.standardError.contains("replies.jsonl' line 5: custom_id '\(stray)' names no chunk"),
        "\(result.standardError)")
      #expect(result.standardError.contains(detail), "\(result.standardError)")
      #expect(workspace.snapshot() == before)
    }
  }

  @Test func aRunWithoutAUsableProgramLineFails() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write(
      "corpus.jsonl", #"{"id":"a","text":"one\ntwo\n"}"# + "\n" + #"{"id":"b","text":"x\n"}"# + "\n"
    )
    let failed =
      [
        ExpertReplies.line("a#0", content: nil, error: ["code": "e", "message": "m"]),
        ExpertReplies.line("b#0", content: "remove_lines(1, 1)", finishReason: "length"),
        ExpertReplies.line("a#0", content: "  \n", status: 200),
      ].joined(separator: "\n") + "\n"
    try workspace.write("failed.jsonl", failed)
    try workspace.write("invalid.jsonl", "{\"id\":\"a\"}\nnot json\n")
    let before = workspace.snapshot()
    let replies = try workspace.run([
      "apply", corpus, "--programs", "failed.jsonl", "-o", "out.jsonl", "-q",
    ])
    #expect(replies.status == 1)
    #expect(
      replies.standardError.contains(
        "programs file 'failed.jsonl': no line gives a program (3 batch reply line(s), none usable"),
      "\(replies.standardError)")
    #expect(workspace.snapshot() == before)

    // A file of program records of which every line is invalid fails too, naming the first.
    let invalid = try workspace.run([
      "apply", corpus, "--programs", "invalid.jsonl", "-o", "out.jsonl", "-q",
    ])
    #expect(invalid.status == 1)
    #expect(
      invalid.standardError.contains(
        "no line gives a program (all 2 line(s) are invalid, the first: invalid.jsonl:1: no program"
      ),
      "\(invalid.standardError)")
    #expect(workspace.snapshot() == before)

    // Batch output on standard input is read as program records: it fails, with a hint.
    let piped = try workspace.run(
      ["apply", corpus, "--programs", "-", "-o", "out.jsonl", "-q"],
      standardInput: Data(failed.utf8))
    #expect(piped.status == 1)
    #expect(
      piped.standardError.contains("recognised only in a regular file, not on - or a pipe"),
      "\(piped.standardError)")
    #expect(workspace.snapshot() == before)

    // An empty programs file still changes nothing and succeeds, as before.
    try workspace.write("empty.jsonl", "")
    let empty = try workspace.run(["apply", corpus, "--programs", "empty.jsonl", "-q"])
    #expect(empty.status == 0, "\(empty.standardError)")
  }

  /// `12345\nabc\n` has 10 characters; `remove_lines(1, 1)` deletes 6 of them (60%).
  @Test(arguments: [
    ("--max-delete-share", "0.5", false), ("--max-delete-share", "0.6", true),
    ("--max-delete-share", "0.7", true), ("--max-document-delete-share", "0.5", false),
    ("--max-document-delete-share", "0.7", true),
  ])
  func deleteShareGuards(flag: String, share: String, isApplied: Bool) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write(
      "corpus.jsonl",
      #"{"id":"a","text":"12345\nabc\n"}"# + "\n" + #"{"id":"b","text":"12\nabcdefgh\n"}"# + "\n")
    try workspace.write(
      "programs.jsonl",
      #"{"id":"a","program":"remove_lines(1, 1)"}"# + "\n"
        + #"{"id":"b","program":"remove_lines(1, 1)"}"# + "\n")
    let result = try workspace.run([
      "apply", corpus, "--programs", "programs.jsonl", flag, share, "--report", "report.jsonl",
      "--stats", "stats.json", "--no-progress",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let output = try Self.jsonLines(result.standardOutput)
    #expect(output.first?["refined_text"] as? String == (isApplied ? "abc\n" : "12345\nabc\n"))
    // Document b loses 3 of 12 characters: under every share tried.
    #expect(output.last?["refined_text"] as? String == "abcdefgh\n")
    let isChunkGuard = flag == "--max-delete-share"
    let report = try Self.jsonLines(
      String(decoding: workspace.bytes("report.jsonl") ?? Data(), as: UTF8.self))
    #expect(report.first?["chunks_too_aggressive"] as? Int == (isChunkGuard && !isApplied ? 1 : 0))
    #expect(report.first?["document_too_aggressive"] as? Bool == (!isChunkGuard && !isApplied))
    #expect(report.first?["chars_removed"] as? Int == (isApplied ? 6 : 0))
    let stats =
      try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
      as? [String: Any]
    let statuses = stats?["chunks_by_status"] as? [String: Int]
    let skipped = stats?["calls_skipped"] as? [String: Int]
    #expect(statuses?["refined"] == (isApplied ? 2 : 1))
    #expect(statuses?["too_aggressive"] == (isChunkGuard && !isApplied ? 1 : 0))
    #expect(statuses?["document_too_aggressive"] == (!isChunkGuard && !isApplied ? 1 : 0))
    #expect(skipped?["chunk_too_aggressive"] == (isChunkGuard && !isApplied ? 1 : 0))
    #expect(skipped?["document_too_aggressive"] == (!isChunkGuard && !isApplied ? 1 : 0))
    #expect(stats?["documents_too_aggressive"] as? Int == (!isChunkGuard && !isApplied ? 1 : 0))
    if !isApplied {
      let message = (report.first?["errors"] as? [[String: Any]])?.last?["message"] as? String
      #expect(
        message?.contains(
          isChunkGuard
            ? "would delete 6 of 10 characters, more than --max-delete-share"
            : "would delete 6 of 10 characters of the document, more than --max-document-delete-share"
        )
          == true, "\(message ?? "")")
    }
  }

  @Test func helpNamesBatchRepliesAndTheGuards() throws {
    let help = try ScalpelProcess.run(["apply", "--help"])
    #expect(help.status == 0)
    for text in [
      "BATCH REPLIES", "custom_id", "--max-delete-share", "--max-document-delete-share",
      "chunks_reply_failed", "document_too_aggressive",
    ] {
      #expect(help.standardOutput.contains(text), "\(text) missing from --help")
    }
  }

  @Test func deleteShareMustBeAShare() throws {
    for value in ["1.5", "-0.1", "nan", "x"] {
      let result = try ScalpelProcess.run([
        "apply", "x.jsonl", "--programs", "p", "--max-delete-share", value,
      ])
      #expect(result.status == 64, "\(value)")
      #expect(result.standardError.contains("--max-delete-share needs a number in 0.0...1.0"))
    }
  }
}

import Foundation
import Testing

/// The expert stage end to end on the built binary: recipe → expert-requests → batch
/// replies (made here from the corpus's `refined` texts, shuffled and damaged) →
/// build-pairs --expert-replies, checked against build-pairs on the `refined` field.
@Suite(.serialized) struct ExpertStageTests {
  static var corpus: String {
    ScalpelProcess.packageRoot.appendingPathComponent("Examples/web-corpus/corpus.jsonl").path
  }

  /// The corpus records by id, texts with newlines normalised as scalpel does.
  static func corpusRecords() throws -> [String: (text: String, refined: String)] {
    var records: [String: (String, String)] = [:]
    for line in Workspace.corpusLines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      func normalized(_ key: String) -> String {
        (object[key] as! String).replacingOccurrences(of: "\r\n", with: "\n")
          .replacingOccurrences(of: "\r", with: "\n")
      }
      records["\(object["id"]!)"] = (normalized("text"), normalized("refined"))
    }
    return records
  }

  static func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
  }

  @Test func requestLinesAreExact() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write(
      "corpus.jsonl",
      #"{"id":"a","text":"Home | About\r\nHello \"you\".\n"}"# + "\n" + #"{"id":7,"text":"x"}"# + "\n")
    let prompt = try workspace.write("prompt.txt", "Refine:\n[doc]\n{document}\n[/doc]\n")
    let chat = try workspace.run(["expert-requests", corpus, "--prompt-file", prompt, "-q"])
    #expect(chat.status == 0, "\(chat.standardError)")
    #expect(
      chat.standardOutput == #"""
        {"custom_id":"a#0","method":"POST","url":"/v1/chat/completions","body":{"model":"Qwen/Qwen2.5-72B-Instruct","messages":[{"role":"user","content":"Refine:\n[doc]\nHome | About\nHello \"you\".\n[/doc]"}],"temperature":0.7,"top_p":0.8,"top_k":20,"max_tokens":16384}}
        {"custom_id":"7#0","method":"POST","url":"/v1/chat/completions","body":{"model":"Qwen/Qwen2.5-72B-Instruct","messages":[{"role":"user","content":"Refine:\n[doc]\nx\n[/doc]"}],"temperature":0.7,"top_p":0.8,"top_k":20,"max_tokens":16384}}

        """#)
    let plain = try workspace.run([
      "expert-requests", corpus, "--prompt-file", prompt, "--completions", "--no-top-k",
      "--model", "m", "--max-tokens", "99", "--temperature", "0", "--max-records", "1", "-q",
    ])
    #expect(
      plain.standardOutput == #"""
        {"custom_id":"a#0","method":"POST","url":"/v1/completions","body":{"model":"m","prompt":"Refine:\n[doc]\nHome | About\nHello \"you\".\n[/doc]","temperature":0,"top_p":0.8,"max_tokens":99}}

        """#)
    let noPlaceholder = try workspace.write("bad.txt", "Refine this.")
    let bad = try workspace.run(["expert-requests", corpus, "--prompt-file", noPlaceholder])
    #expect(bad.status == 64)
    #expect(bad.standardError.contains("has no {document}"))
  }

  /// Every drawn document's chunks, read back from the prompts, are its text verbatim.
  @Test func promptsHoldEveryChunkVerbatim() throws {
    let records = try Self.corpusRecords()
    let result = try ScalpelProcess.run([
      "expert-requests", Self.corpus, "--chunk-chars", "1300", "--no-progress",
    ])
    #expect(result.status == 0)
    let requests = try ExpertReplies.requests(result.standardOutput)
    var chunks: [String: [(Int, String)]] = [:]
    for request in requests {
      chunks[request.documentID, default: []].append((request.chunkIndex, request.chunkText))
      let body = request.line["body"] as! [String: Any]
      #expect(body["top_p"] as? Double == 0.8)
      #expect(body["top_k"] as? Int == 20)
      #expect(request.line["method"] as? String == "POST")
    }
    #expect(chunks.count == records.count)
    var multiChunk = 0
    for (id, record) in records {
      let parts = (chunks[id] ?? []).sorted { $0.0 < $1.0 }
      if parts.count > 1 { multiChunk += 1 }
      let text = record.text.hasSuffix("\n") ? String(record.text.dropLast()) : record.text
      // web-0088 has a line longer than any budget: that chunk gets no request.
      if id == "web-0088" { continue }
      #expect(parts.map(\.0) == Array(0..<parts.count), "chunks of \(id)")
      #expect(parts.map(\.1).joined(separator: "\n") == text, "text of \(id)")
    }
    #expect(multiChunk > 10)
    #expect(result.standardError.contains("documents: 300 in = 300 accepted + 0 rejected"))
  }

  @Test func sampleIsDeterministicAndIndependentOfOrder() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let forward = try workspace.write("f.jsonl", Workspace.corpusLines.joined(separator: "\n") + "\n")
    let backward = try workspace.write(
      "b.jsonl", Workspace.corpusLines.reversed().joined(separator: "\n") + "\n")
    func ids(_ path: String, _ extra: [String] = []) throws -> Set<String> {
      let result = try workspace.run(
        ["expert-requests", path, "--sample-rate", "0.3", "--no-progress"] + extra)
      #expect(result.status == 0)
      let requests = try ExpertReplies.requests(result.standardOutput)
      let documents = Set(requests.map(\.documentID))
      #expect(result.standardError.contains("\(documents.count) sampled, \(300 - documents.count) not sampled"))
      return documents
    }
    let first = try ids(forward)
    #expect(first == (try ids(backward)))
    #expect(first.count > 60 && first.count < 120)
    #expect(first != (try ids(forward, ["--seed", "9"])))
  }

  /// The heart of the stage: replies in any order, some bad, some missing, give exactly the
  /// pairs of the `refined` field for every document the expert saw whole, and every chunk is
  /// accounted for under its reason.
  @Test func repliesGiveThePairsOfRefinedFieldsAndEveryChunkIsAccountedFor() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let records = try Self.corpusRecords()
    let recipe = workspace.path + "/recipe.json"
    #expect(try workspace.run(["recipe", "init", "-o", recipe]).status == 0)
    let requestsRun = try workspace.run([
      "expert-requests", "--recipe", recipe, Self.corpus, "-o", "requests.jsonl", "-q",
    ])
    #expect(requestsRun.status == 0)
    let requests = try ExpertReplies.requests(
      String(decoding: workspace.bytes("requests.jsonl") ?? Data(), as: UTF8.self))
    var chunksOfDocument: [String: [ExpertReplies.Request]] = [:]
    for request in requests { chunksOfDocument[request.documentID, default: []].append(request) }

    // Damage: one chunk each gets an error object, a 500, a cut reply, an unclosed section,
    // a reply without the section, no reply at all; one gets a 500 and then a good reply.
    let damaged: [String: String] = [
      "web-0001#0": "expert_error", "web-0002#0": "expert_error", "web-0003#0": "expert_truncated",
      "web-0004#0": "expert_truncated", "web-0005#0": "expert_unparsable",
      "web-0006#0": "expert_missing",
    ]
    var lines: [String] = []
    for (id, chunkRequests) in chunksOfDocument {
      let record = records[id]!
      let sorted = chunkRequests.sorted { $0.chunkIndex < $1.chunkIndex }
      // A document with an unrefinable chunk (no request) is answered unchanged.
      let refined =
        sorted.last?.chunkIndex == sorted.count - 1
        ? ExpertReplies.refinedChunks(
          original: record.text.hasSuffix("\n") ? String(record.text.dropLast()) : record.text,
          refined: record.refined, chunks: sorted.map(\.chunkText))
        : sorted.map(\.chunkText)
      for (position, request) in sorted.enumerated() {
        let good = ExpertReplies.content(refined[position])
        let customID = request.customID
        switch customID {
        case "web-0001#0":
          lines.append(ExpertReplies.line(customID, content: nil, error: ["code": "batch_expired", "message": "expired"]))
        case "web-0002#0": lines.append(ExpertReplies.line(customID, content: nil, status: 500))
        case "web-0003#0":
          lines.append(ExpertReplies.line(customID, content: good, finishReason: "length"))
        case "web-0004#0":
          lines.append(ExpertReplies.line(customID, content: String(good.dropLast("\n[/doc]".count))))
        case "web-0005#0":
          lines.append(ExpertReplies.line(customID, content: "I cannot help with that."))
        case "web-0006#0": break
        case "web-0007#0":
          lines.append(ExpertReplies.line(customID, content: nil, status: 500))
          lines.append(ExpertReplies.line(customID, content: good))
        default: lines.append(ExpertReplies.line(customID, content: good))
        }
      }
    }
    try workspace.write(
      "replies.jsonl", ExpertReplies.shuffled(lines.sorted(), seed: 7).joined(separator: "\n") + "\n")

    let fromReplies = try workspace.run([
      "build-pairs", "--recipe", recipe, Self.corpus, "--expert-replies", "replies.jsonl",
      "-o", "pairs.jsonl", "--rejects", "rejects.jsonl", "--stats", "stats.json", "--meta",
      "--no-progress", "--jobs", "2",
    ])
    #expect(fromReplies.status == 0, "\(fromReplies.standardError)")
    let fromFields = try workspace.run([
      "build-pairs", "--recipe", recipe, Self.corpus, "-o", "field-pairs.jsonl",
      "--rejects", "field-rejects.jsonl", "--meta", "-q",
    ])
    #expect(fromFields.status == 0)

    func byID(_ name: String) throws -> [String: [String: Any]] {
      var result: [String: [String: Any]] = [:]
      for object in try Self.jsonLines(String(decoding: workspace.bytes(name) ?? Data(), as: UTF8.self)) {
        result["\(object["id"] ?? "null")"] = object
      }
      return result
    }
    let pairs = try byID("pairs.jsonl")
    let rejects = try byID("rejects.jsonl")
    let fieldPairs = try byID("field-pairs.jsonl")
    let fieldRejects = try byID("field-rejects.jsonl")
    // Every chunk is a pair or a reject, never both.
    let chunkCount = chunksOfDocument.values.reduce(0) { $0 + $1.count } + 1  // + web-0088's unrefinable chunk
    #expect(pairs.count + rejects.count == chunkCount)
    #expect(Set(pairs.keys).isDisjoint(with: rejects.keys))
    for (customID, reason) in damaged {
      #expect(rejects[customID]?["reason"] as? String == reason, "\(customID)")
    }
    let expiredDetail: String = (rejects["web-0001#0"]?["detail"] as? String) ?? ""
    #expect(expiredDetail.contains("batch_expired"), "\(expiredDetail)")
    // Documents the expert saw whole: the same pair line, byte for byte, or the same reason.
    var compared = 0
    for (id, chunkRequests) in chunksOfDocument where chunkRequests.count == 1 {
      let customID = "\(id)#0"
      if damaged[customID] != nil { continue }
      compared += 1
      if let fieldPair = fieldPairs[customID] {
        let pair = try #require(pairs[customID], "\(customID) is a pair from the refined field")
        // The pair is the same; only the fidelity count in meta may differ by the final
        // newline, which a reply restores after the original's and a field may lack.
        var (replyPair, sameFieldPair) = (pair, fieldPair)
        for key in ["document_leftover_chars"] {
          var meta = replyPair["meta"] as! [String: Any]
          meta[key] = nil
          replyPair["meta"] = meta
          meta = sameFieldPair["meta"] as! [String: Any]
          meta[key] = nil
          sameFieldPair["meta"] = meta
        }
        #expect(NSDictionary(dictionary: replyPair).isEqual(to: sameFieldPair), "\(customID)")
      } else {
        #expect(
          rejects[customID]?["reason"] as? String == fieldRejects[id]?["reason"] as? String,
          "\(customID)")
      }
    }
    #expect(compared > 280)
    let stats = try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data()) as! [String: Any]
    #expect(stats["records_in"] as? Int == chunkCount)
    #expect(stats["balanced"] as? Bool == true)
    let byReason = stats["rejects_by_reason"] as! [String: Int]
    #expect(byReason["expert_error"] == 2)
    #expect(byReason["expert_truncated"] == 2)
    #expect(byReason["expert_unparsable"] == 1)
    #expect(byReason["expert_missing"] == 1)
    let replies = stats["replies"] as! [String: Int]
    #expect(replies["lines"] == lines.count)
    #expect(replies["superseded"] == 1)
    // Every artefact says which recipe made it.
    let hash = try workspace.run(["recipe", "show", "--recipe", recipe]).standardOutput
      .split(separator: "\n")[0].dropFirst("hash: ".count)
    #expect(stats["recipe_hash"] as? String == String(hash))
    #expect(pairs.values.allSatisfy { ($0["meta"] as? [String: Any])?["recipe"] as? String == String(hash) })
    // The chunk of web-0007 used its good reply; the 500 before it was superseded.
    #expect(rejects["web-0007#0"]?["reason"] as? String != "expert_error")
  }

  @Test func replyNamingNoChunkFailsTheRunNamingItsLine() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write(
      "corpus.jsonl", #"{"id":"a","text":"Home | About\nHello there, friend.\n"}"# + "\n")
    let good = ExpertReplies.line("a#0", content: ExpertReplies.content("Hello there, friend."))
    for (stray, detail) in [
      ("b#0", "no record has the id 'b'"), ("a#3", "document 'a'"),
    ] {
      try workspace.write(
        "replies.jsonl", good + "\n" + ExpertReplies.line(stray, content: "x") + "\n")
      let result = try workspace.run([
        "build-pairs", corpus, "--expert-replies", "replies.jsonl", "-o", "pairs.jsonl",
        "--rejects", "rejects.jsonl",
      ])
      #expect(result.status == 1)
      #expect(result.standardError.contains("replies 'replies.jsonl' line 2: custom_id '\(stray)'"))
      #expect(result.standardError.contains(detail), "\(result.standardError)")
      #expect(workspace.bytes("pairs.jsonl") == nil)
      #expect(workspace.bytes("rejects.jsonl") == nil)
      // Shards: the stray reply is found after the first shard, and nothing is published.
      try workspace.write("in/1.jsonl", #"{"id":"z","text":"Only text here.\n"}"# + "\n")
      try workspace.write("in/2.jsonl", try String(contentsOfFile: corpus, encoding: .utf8))
      try workspace.write(
        "replies2.jsonl",
        ExpertReplies.line("z#0", content: ExpertReplies.content("Only text here.")) + "\n" + good
          + "\n" + ExpertReplies.line(stray, content: "x") + "\n")
      let sharded = try workspace.run([
        "build-pairs", "in", "--expert-replies", "replies2.jsonl", "--output-dir", "out",
      ])
      #expect(sharded.status == 1)
      #expect(sharded.standardError.contains("line 3: custom_id '\(stray)'"), "\(sharded.standardError)")
      #expect(((try? FileManager.default.contentsOfDirectory(atPath: workspace.path + "/out")) ?? []).isEmpty)
    }
    // --max-records leaves documents unread: their replies are not an error.
    try workspace.write("two.jsonl", #"{"id":"a","text":"Home | About\nHello there, friend.\n"}"# + "\n" + #"{"id":"b","text":"More."}"# + "\n")
    try workspace.write("replies.jsonl", good + "\n" + ExpertReplies.line("b#0", content: "x") + "\n")
    let limited = try workspace.run([
      "build-pairs", "two.jsonl", "--expert-replies", "replies.jsonl", "--max-records", "1", "-q",
    ])
    #expect(limited.status == 0, "\(limited.standardError)")
    try workspace.write("replies.jsonl", good + "\n" + ExpertReplies.line("a#0", content: "x"))
    let ok = try workspace.run([
      "build-pairs", corpus, "--expert-replies", "replies.jsonl", "-o", "pairs.jsonl",
      "--no-progress",
    ])
    #expect(ok.status == 0, "\(ok.standardError)")
    #expect(ok.standardError.contains("records: 1 in = 1 accepted + 0 rejected"))
    #expect(ok.standardError.contains("1 superseded"))
  }

  @Test(arguments: [
    ("{not json", "line 2: not valid JSON"),
    (#"{"response":null}"#, "line 2: no \"custom_id\" string"),
    (#"{"custom_id":"a"}"#, "line 2: custom_id 'a' is not"),
    (#"{"custom_id":"a#01"}"#, "line 2: custom_id 'a#01' is not"),
    (#"[1]"#, "line 2: not a JSON object"),
  ])
  func unreadableReplyLinesFailBeforeAnythingIsWritten(line: String, message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = try workspace.write("corpus.jsonl", #"{"id":"a","text":"Hello there.\n"}"# + "\n")
    try workspace.write(
      "replies.jsonl", ExpertReplies.line("a#0", content: "x") + "\n" + line + "\n")
    let result = try workspace.run([
      "build-pairs", corpus, "--expert-replies", "replies.jsonl", "-o", "pairs.jsonl",
    ])
    #expect(result.status == 1)
    #expect(result.standardError.contains("replies 'replies.jsonl' \(message)"), "\(result.standardError)")
    #expect(workspace.bytes("pairs.jsonl") == nil)
    #expect(workspace.snapshot().keys.allSatisfy { !$0.contains("scalpel-replies") })
  }

  /// Gzip replies, replies on standard input, shards with --resume: the join is the same.
  @Test func repliesJoinTheSameFromGzipStdinAndResumedShards() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let lines = Workspace.corpusLines
    try workspace.write("in/a.jsonl", lines[0..<20].joined(separator: "\n") + "\n")
    try workspace.write("in/b.jsonl", lines[20..<40].joined(separator: "\n") + "\n")
    let records = try Self.corpusRecords()
    let requests = try ExpertReplies.requests(
      try workspace.run(["expert-requests", workspace.path + "/in", "-q"]).standardOutput)
    let replies = ExpertReplies.shuffled(
      requests.map { request in
        let record = records[request.documentID]!
        return ExpertReplies.line(
          request.customID, content: ExpertReplies.content(
            ExpertReplies.refinedChunks(original: String(record.text.dropLast()), refined: record.refined, chunks: [request.chunkText])[0]))
      }, seed: 3
    ).joined(separator: "\n") + "\n"
    try workspace.write("replies.jsonl", replies)
    try workspace.write("replies.jsonl.gz", try ScalpelProcess.gzip(Data(replies.utf8)))
    let plain = try workspace.run([
      "build-pairs", "in", "--expert-replies", "replies.jsonl", "-q",
    ])
    #expect(plain.status == 0, "\(plain.standardError)")
    let gzip = try workspace.run(["build-pairs", "in", "--expert-replies", "replies.jsonl.gz", "-q"])
    #expect(gzip.standardOutput == plain.standardOutput)
    if ScalpelProcess.hasZstd {
      try workspace.write("replies.jsonl.zst", try ScalpelProcess.zstd(Data(replies.utf8)))
      let zstd = try workspace.run([
        "build-pairs", "in", "--expert-replies", "replies.jsonl.zst", "-q",
      ])
      #expect(zstd.status == 0 && zstd.standardOutput == plain.standardOutput)
    }
    let stdin = try workspace.run(
      ["build-pairs", "in", "--expert-replies", "-", "-q"], standardInput: Data(replies.utf8))
    #expect(stdin.standardOutput == plain.standardOutput)
    let first = try workspace.run([
      "build-pairs", "in", "--expert-replies", "replies.jsonl", "--output-dir", "out", "-q",
    ])
    #expect(first.status == 0)
    try FileManager.default.removeItem(atPath: workspace.path + "/out/b.pairs.jsonl")
    let resumed = try workspace.run([
      "build-pairs", "in", "--expert-replies", "replies.jsonl", "--output-dir", "out",
      "--resume", "--no-progress",
    ])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("resumed: 1 shards"))
    let shards = String(decoding: (workspace.bytes("out/a.pairs.jsonl") ?? Data()) + (workspace.bytes("out/b.pairs.jsonl") ?? Data()), as: UTF8.self)
    #expect(shards == plain.standardOutput)
  }
}

/// Findings of a hostile test of the expert stage, each kept as a test.
@Suite struct ExpertStageHostileTests {
  static func reply(_ customID: String, _ content: String) -> String {
    ExpertReplies.line(customID, content: content)
  }

  /// A second record with an id is one duplicate_id reject; it takes no reply of the first.
  @Test func duplicateIDsTakeNoRepliesOfTheFirst() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let long = (1...6).map { "Line \($0) of the real content, long enough to matter." }
      .joined(separator: "\n")
    try workspace.write(
      "c.jsonl",
      #"{"id":"a","text":"# + "\"Menu | x\\n" + long.replacingOccurrences(of: "\n", with: "\\n") + "\\n\"}\n"
        + #"{"id":"a","text":"Menu | x\nShort duplicate.\n"}"# + "\n")
    let requests = try ExpertReplies.requests(
      try workspace.run(["expert-requests", "c.jsonl", "--instruction", "", "--chunk-chars", "160", "-q"]).standardOutput)
    #expect(requests.count > 2)
    try workspace.write(
      "r.jsonl",
      requests.map { Self.reply($0.customID, ExpertReplies.content($0.chunkText)) }.joined(separator: "\n") + "\n")
    let run = try workspace.run([
      "build-pairs", "c.jsonl", "--instruction", "", "--chunk-chars", "160", "--expert-replies", "r.jsonl",
      "-o", "p.jsonl", "--rejects", "x.jsonl", "--stats", "s.json", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try JSONSerialization.jsonObject(with: workspace.bytes("s.json") ?? Data()) as! [String: Any]
    #expect((stats["rejects_by_reason"] as! [String: Int])["duplicate_id"] == 1)
    #expect((stats["replies"] as! [String: Int])["superseded"] == 0)
    #expect(stats["records_in"] as? Int == requests.count + 1)
  }

  /// A run that fails on a stray reply fails before anything is written, so the outputs of
  /// an earlier run stay as they were.
  @Test func aFailedRunLeavesEarlierShardOutputsAlone() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let lines = Workspace.corpusLines
    for shard in 0..<3 {
      try workspace.write("in/part\(shard).jsonl", lines[shard * 5..<shard * 5 + 5].joined(separator: "\n") + "\n")
    }
    let requests = try ExpertReplies.requests(
      try workspace.run(["expert-requests", "in", "-q"]).standardOutput)
    let replies = requests.map { Self.reply($0.customID, ExpertReplies.content($0.chunkText)) }
    try workspace.write("good.jsonl", replies.joined(separator: "\n") + "\n")
    try workspace.write("bad.jsonl", (replies + [Self.reply("nobody#0", "x")]).joined(separator: "\n") + "\n")
    #expect(try workspace.run(["build-pairs", "in", "--expert-replies", "good.jsonl", "--output-dir", "out", "-q"]).status == 0)
    let before = workspace.snapshot()
    let failed = try workspace.run(["build-pairs", "in", "--expert-replies", "bad.jsonl", "--output-dir", "out"])
    #expect(failed.status == 1)
    #expect(failed.standardError.contains("custom_id 'nobody#0'"))
    let after = workspace.snapshot()
    #expect(after.filter { $0.key.hasPrefix("out/") } == before.filter { $0.key.hasPrefix("out/") })
  }

  @Test(arguments: [
    "modification_reason: [doc]I output the refined_text: below[/doc]\nrefined_text: [doc]\nThe real content stays.\n[/doc]",
    "**modification_reason:** [doc]Removed the menu.[/doc]\n**refined_text:** [doc]\nThe real content stays.\n[/doc]",
  ])
  func theSectionIsFoundWhereverTheReasonMentionsIt(content: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("c.jsonl", #"{"id":"d","text":"Home | About | Contact | Shop\nThe real content stays.\n"}"# + "\n")
    try workspace.write("r.jsonl", Self.reply("d#0", content) + "\n")
    let run = try workspace.run(["build-pairs", "c.jsonl", "--expert-replies", "r.jsonl", "--no-progress"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains(#""completion":"remove_lines(1, 1)""#))
  }

  /// A lone surrogate escape spoils that chunk's reply, not the run.
  @Test func aLoneSurrogateRejectsOnlyItsChunk() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write(
      "c.jsonl",
      #"{"id":"d","text":"Home | About | Contact\nText.\n"}"# + "\n" + #"{"id":"e","text":"Home | About | Contact\nText.\n"}"# + "\n")
    let bad = #"{"custom_id":"d#0","response":{"status_code":200,"body":{"choices":[{"message":{"content":"refined_text: [doc]\n\ud800Text.\n[/doc]"}}]}},"error":null}"#
    try workspace.write("r.jsonl", bad + "\n" + Self.reply("e#0", ExpertReplies.content("Text.")) + "\n")
    let run = try workspace.run([
      "build-pairs", "c.jsonl", "--expert-replies", "r.jsonl", "--rejects", "x.jsonl", "-o", "p.jsonl",
      "--min-deleted-chars", "1", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let rejects = String(decoding: workspace.bytes("x.jsonl") ?? Data(), as: UTF8.self)
    #expect(rejects.contains(#""reason":"expert_unparsable""#))
    #expect(rejects.contains("lone surrogate"))
    #expect(run.standardError.contains("records: 2 in = 1 accepted + 1 rejected"))
  }

  @Test func textFilesMustBeUTF8() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("c.jsonl", #"{"id":"d","text":"Text."}"# + "\n")
    try workspace.write("p.txt", Data([0x61, 0x20, 0xFF, 0x20] + Array("{document}".utf8)))
    try workspace.write("i.txt", Data([0x69, 0xFF, 0xFE]))
    let prompt = try workspace.run(["expert-requests", "c.jsonl", "--prompt-file", "p.txt"])
    #expect(prompt.status == 64)
    #expect(prompt.standardError.contains("not valid UTF-8 at byte 2"))
    let instruction = try workspace.run(["build-pairs", "c.jsonl", "--instruction-file", "i.txt"])
    #expect(instruction.status == 64)
    #expect(instruction.standardError.contains("not valid UTF-8 at byte 1"))
  }

  /// Documents the recipe's sample did not draw are one not_sampled record each, and they do
  /// not count against --max-reject-rate.
  @Test func documentsNotDrawnAreNotSampledNotMissing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let records = try ExpertStageTests.corpusRecords()
    try workspace.write("r.json", #"{"sampling":{"sample_rate":0.3,"seed":7}}"#)
    let requests = try ExpertReplies.requests(
      try workspace.run(["expert-requests", "--recipe", "r.json", ExpertStageTests.corpus, "-q"]).standardOutput)
    let drawn = Set(requests.map(\.documentID))
    try workspace.write(
      "replies.jsonl",
      requests.map { request in
        Self.reply(
          request.customID,
          ExpertReplies.content(
            ExpertReplies.refinedChunks(
              original: String(records[request.documentID]!.text.dropLast()),
              refined: records[request.documentID]!.refined, chunks: [request.chunkText])[0]))
      }.joined(separator: "\n") + "\n")
    let run = try workspace.run([
      "build-pairs", "--recipe", "r.json", ExpertStageTests.corpus, "--expert-replies", "replies.jsonl",
      "-o", "p.jsonl", "--stats", "s.json", "--max-reject-rate", "0.2", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try JSONSerialization.jsonObject(with: workspace.bytes("s.json") ?? Data()) as! [String: Any]
    let reasons = stats["rejects_by_reason"] as! [String: Int]
    #expect(reasons["not_sampled"] == 300 - drawn.count)
    #expect(reasons["expert_missing"] == nil)
  }
}

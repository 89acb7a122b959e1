import Foundation
import Testing

/// `scalpel prompts --pairs` on the built binary: one request per pair line, whose prompt is
/// the pair's own byte for byte, the same lines `prompts` writes for those chunks of the
/// corpus; pairs of another recipe and lines that are not pairs are rejected with reasons.
@Suite(.serialized) struct PromptsPairsTests {
  static var corpus: String { ExpertStageTests.corpus }
  static let formats = ["prompt-completion", "conversational", "messages", "alpaca"]
  static let recipe =
    #"{"chunking":{"budget":1300},"prompt":{"line_prefix":"<{n}> ","instruction":["Delete noise.","Answer with a program."]}}"#

  static func jsonLines(_ text: String) throws -> [[String: Any]] {
    try ExpertStageTests.jsonLines(text)
  }

  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init)
  }

  /// The prompt of a pair line read straight from its JSON (not through Scalpel's decoder):
  /// a string, or the messages as `[role, content]` pairs.
  static func heldPrompt(_ pair: [String: Any], format: String) throws -> Any {
    switch format {
    case "prompt-completion": return try #require(pair["prompt"] as? String)
    case "alpaca":
      let instruction = try #require(pair["instruction"] as? String)
      let input = try #require(pair["input"] as? String)
      return instruction.isEmpty ? input : instruction + "\n" + input
    case "messages":
      let messages = try #require(pair["messages"] as? [[String: Any]])
      #expect(messages.last?["role"] as? String == "assistant")
      return try roleContents(Array(messages.dropLast()))
    default: return try roleContents(try #require(pair["prompt"] as? [[String: Any]]))
    }
  }

  static func roleContents(_ messages: [[String: Any]]) throws -> [[String]] {
    try messages.map {
      [try #require($0["role"] as? String), try #require($0["content"] as? String)]
    }
  }

  /// Byte-for-byte equality (Swift's `==` on strings is canonical equivalence).
  static func isByteEqual(_ a: Any, _ b: Any) -> Bool {
    switch (a, b) {
    case (let a as String, let b as String): return Array(a.utf8) == Array(b.utf8)
    case (let a as [[String]], let b as [[String]]):
      return a.count == b.count
        && zip(a, b).allSatisfy { x, y in
          x.count == y.count && zip(x, y).allSatisfy { Array($0.utf8) == Array($1.utf8) }
        }
    default: return false
    }
  }

  /// For every format, with and without a recipe: `prompts --pairs` on build-pairs' output
  /// writes one request per pair, named by the pair id, with the pair's prompt; its lines are
  /// `prompts`' lines on the corpus for those chunks; `--plain` splits the id.
  @Test(arguments: formats, [false, true])
  func requestsArePairPrompts(format: String, withRecipe: Bool) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var common = ["--format", format]
    if withRecipe {
      try workspace.write("recipe.json", Self.recipe)
      common += ["--recipe", "recipe.json"]
    }
    let build = try workspace.run(
      ["build-pairs", Self.corpus, "--meta", "-q", "-o", "pairs.jsonl"] + common)
    #expect(build.status == 0, "\(build.standardError)")
    let pairsText = String(decoding: workspace.bytes("pairs.jsonl") ?? Data(), as: UTF8.self)
    let pairs = try Self.jsonLines(pairsText)
    #expect(pairs.count > (withRecipe ? 330 : 250))
    #expect(pairs.allSatisfy { ($0["meta"] as? [String: Any])?["unrefinable"] as? Bool == false })

    let run = try workspace.run(
      ["prompts", "--pairs", "pairs.jsonl", "--no-progress", "--stats", "stats.json"] + common)
    #expect(run.status == 0, "\(run.standardError)")
    let requests = try Self.jsonLines(run.standardOutput)
    #expect(requests.count == pairs.count)
    let isChat = format == "messages" || format == "conversational"
    for (request, pair) in zip(requests, pairs) {
      let id = try #require(pair["id"] as? String)
      #expect(request["custom_id"] as? String == id)
      #expect(request["url"] as? String == (isChat ? "/v1/chat/completions" : "/v1/completions"))
      let body = try #require(request["body"] as? [String: Any])
      let prompt: Any =
        isChat
        ? try Self.roleContents(try #require(body["messages"] as? [[String: Any]]))
        : try #require(body["prompt"] as? String)
      #expect(Self.isByteEqual(prompt, try Self.heldPrompt(pair, format: format)), "\(id)")
    }
    #expect(
      run.standardError.contains(
        "documents: \(pairs.count) in = \(pairs.count) accepted + 0 rejected"))
    #expect(run.standardError.contains("pairs: \(pairs.count) read"))
    #expect(run.standardError.contains("requests: \(pairs.count) written"))
    let stats =
      try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
      as! [String: Any]
    #expect(stats["pairs_in"] as? Int == pairs.count)
    #expect(stats["requests"] as? Int == pairs.count)

    // The two paths agree: prompts on the corpus, restricted to the chunks of the pairs.
    let corpusRun = try workspace.run(["prompts", Self.corpus, "-q"] + common)
    #expect(corpusRun.status == 0, "\(corpusRun.standardError)")
    let ids = Set(pairs.map { $0["id"] as! String })
    let restricted = try Self.lines(corpusRun.standardOutput).filter { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      return ids.contains(object["custom_id"] as! String)
    }
    #expect(restricted.count == pairs.count)
    #expect(restricted == Self.lines(run.standardOutput))

    let plain = try workspace.run(["prompts", "--pairs", "pairs.jsonl", "--plain", "-q"] + common)
    #expect(plain.status == 0, "\(plain.standardError)")
    let plainCorpus = try workspace.run(["prompts", Self.corpus, "--plain", "-q"] + common)
    let plainRestricted = try Self.lines(plainCorpus.standardOutput).filter { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      return ids.contains("\(object["id"]!)#\(object["chunk"]!)")
    }
    #expect(plainRestricted == Self.lines(plain.standardOutput))
  }

  /// Pairs made with another instruction, line prefix, wrapper or format than the recipe's:
  /// every line is `prompt_mismatch` with the first difference, and the run fails.
  @Test(arguments: [
    (["--instruction", "Delete the noise."], "differs in the instruction at character 1"),
    (
      ["--line-prefix", "<{n}> "],
      "does not end in lines numbered with the recipe's line prefix '[{n}]'"
    ),
    (["--no-doc-wrapper"], "differs in the numbered document"),
    (
      ["--format", "messages"],
      "the pair is in the messages format, the recipe's is prompt-completion"
    ),
  ])
  func pairsOfAnotherRecipeAreRejected(flags: [String], detail: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let build = try workspace.run(
      ["build-pairs", Self.corpus, "-q", "-o", "pairs.jsonl", "--max-records", "40"] + flags)
    #expect(build.status == 0, "\(build.standardError)")
    let pairCount = Self.lines(
      String(decoding: workspace.bytes("pairs.jsonl") ?? Data(), as: UTF8.self)
    ).count
    #expect(pairCount > 30)
    let run = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--rejects", "rejects.jsonl", "-o", "requests.jsonl",
      "--no-progress",
    ])
    #expect(run.status == 1)
    #expect(
      run.standardError.contains("all \(pairCount) documents were rejected"), "\(run.standardError)"
    )
    #expect(workspace.bytes("requests.jsonl")?.isEmpty ?? true)
    let rejects = try Self.jsonLines(
      String(decoding: workspace.bytes("rejects.jsonl") ?? Data(), as: UTF8.self))
    #expect(rejects.count == pairCount)
    for reject in rejects {
      #expect(reject["reason"] as? String == "prompt_mismatch")
      #expect((reject["detail"] as? String)?.contains(detail) == true, "\(reject)")
      #expect((reject["id"] as? String)?.contains("#") == true)
    }
  }

  /// A chat pair whose system message differs is a mismatch of that message, not only of the
  /// user message the decoder reads.
  @Test func systemMessagesAreCompared() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let user = #"[doc]\n[1]Hello.\n[/doc]"#
    try workspace.write(
      "pairs.jsonl",
      #"{"id":"a#0","messages":[{"role":"system","content":"Refine."},{"role":"user","content":"\#(user)"},{"role":"assistant","content":"keep_all()"}]}"#
        + "\n"
        + #"{"id":"b#0","messages":[{"role":"system","content":"Other."},{"role":"user","content":"\#(user)"},{"role":"assistant","content":"keep_all()"}]}"#
        + "\n"
        + #"{"id":"c#0","messages":[{"role":"user","content":"\#(user)"},{"role":"assistant","content":"keep_all()"}]}"#
        + "\n")
    let run = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--format", "messages", "--instruction", "Refine.",
      "--rejects", "rejects.jsonl", "-q",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(
      run.standardOutput
        == #"{"custom_id":"a#0","method":"POST","url":"/v1/chat/completions","body":{"model":"refiner","messages":[{"role":"system","content":"Refine."},{"role":"user","content":"[doc]\n[1]Hello.\n[/doc]"}],"temperature":0,"max_tokens":1024}}"#
        + "\n")
    let rejects = try Self.jsonLines(
      String(decoding: workspace.bytes("rejects.jsonl") ?? Data(), as: UTF8.self))
    #expect(rejects.map { $0["id"] as? String } == ["b#0", "c#0"])
    #expect(rejects.allSatisfy { $0["reason"] as? String == "prompt_mismatch" })
    let details = rejects.map { $0["detail"] as? String ?? "" }
    #expect(
      details[0].contains(
        #"message 1 (system) differs at character 1 (line 1): the pair has "Other.""#))
    #expect(details[1].contains("message 1 (system): the pair's role is 'user'"))
  }

  /// A pair whose chunk is one line too long for the budget (unrefinable, `keep_all()`) is
  /// accepted without a request and counted, as `prompts` does for documents.
  @Test func unrefinablePairsAreCounted() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let long = String(repeating: "word ", count: 40)
    try workspace.write(
      "pairs.jsonl",
      #"{"id":"a#0","prompt":"[doc]\n[1]Short line.\n[/doc]","completion":"keep_all()"}"# + "\n"
        + #"{"id":"a#1","prompt":"[doc]\n[1]\#(long)\n[/doc]","completion":"keep_all()"}"# + "\n")
    let run = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--instruction", "", "--chunk-chars", "60", "--plain",
      "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(
      run.standardOutput == #"{"id":"a","chunk":0,"prompt":"[doc]\n[1]Short line.\n[/doc]"}"# + "\n")
    #expect(run.standardError.contains("documents: 2 in = 2 accepted + 0 rejected"))
    #expect(run.standardError.contains("requests: 1 written"))
    #expect(run.standardError.contains("; 1 unrefinable chunks without a request"))
  }

  /// Lines that are not pairs, pairs without a usable id and repeated ids are counted rejects
  /// with reasons; the other pairs get their requests, per shard and with `--resume`.
  @Test func unusableLinesAreCountedRejects() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let build = try workspace.run([
      "build-pairs", Self.corpus, "-q", "-o", "pairs.jsonl", "--max-records", "3",
    ])
    #expect(build.status == 0, "\(build.standardError)")
    let good = Self.lines(String(decoding: workspace.bytes("pairs.jsonl") ?? Data(), as: UTF8.self))
    #expect(good.count == 3)
    let first = try JSONSerialization.jsonObject(with: Data(good[0].utf8)) as! [String: Any]
    func variant(_ change: (inout [String: Any]) -> Void) throws -> String {
      var object = first
      change(&object)
      return String(
        decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
        as: UTF8.self)
    }
    let lines = [
      good[0],
      #"{"id":"x#0","text":"Not a pair."}"#,
      try variant { $0["id"] = nil },
      try variant { $0["id"] = "web-0001" },
      try variant { $0["id"] = 7 },
      good[0],
      "{not json",
      "[1]",
      good[1], good[2],
    ]
    try workspace.write("in/held.jsonl", lines.joined(separator: "\n") + "\n")
    let flags = [
      "prompts", "--pairs", "in", "--output-dir", "out", "--stats", "stats.json", "--no-progress",
    ]
    let run = try workspace.run(flags)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.contains("documents: 10 in = 3 accepted + 7 rejected"))
    #expect(run.standardError.contains("pairs: 10 read"))
    let requests = try Self.jsonLines(
      String(decoding: workspace.bytes("out/held.prompts.jsonl") ?? Data(), as: UTF8.self))
    #expect(
      requests.map { $0["custom_id"] as? String } == ["web-0001#0", "web-0002#0", "web-0003#0"])
    let rejects = try Self.jsonLines(
      String(decoding: workspace.bytes("out/held.rejects.jsonl") ?? Data(), as: UTF8.self))
    let found = rejects.map { "\($0["source"] as? String ?? "") \($0["reason"] as? String ?? "")" }
    #expect(
      found == [
        "in/held.jsonl:2 missing_field", "in/held.jsonl:3 missing_field",
        "in/held.jsonl:4 invalid_field", "in/held.jsonl:5 invalid_field",
        "in/held.jsonl:6 duplicate_id", "in/held.jsonl:7 invalid_json",
        "in/held.jsonl:8 not_an_object",
      ], "\(rejects)")
    let details = rejects.map { $0["detail"] as? String ?? "" }
    #expect(details[0].contains("not a training pair"))
    #expect(details[1].contains("field 'id' is missing"))
    #expect(details[2].contains("field 'id' ('web-0001') has no chunk suffix #<k>"))
    #expect(details[3].contains("field 'id' is not a string"))
    #expect(details[4].contains("in/held.jsonl:1"))
    let stats =
      try JSONSerialization.jsonObject(with: workspace.bytes("stats.json") ?? Data())
      as! [String: Any]
    #expect(stats["pairs_in"] as? Int == 10)
    #expect(stats["documents_rejected"] as? Int == 7)
    // Resumed: the shard is kept, the same counts and outputs.
    let before = workspace.snapshot().filter { $0.key.hasPrefix("out/") }
    let resumed = try workspace.run(flags + ["--resume"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("pairs: 10 read"), "\(resumed.standardError)")
    #expect(workspace.snapshot().filter { $0.key.hasPrefix("out/") } == before)
    let conflict = try workspace.run(["prompts", "--pairs", "in", "--id-field", "key"])
    #expect(conflict.status == 64)
  }

  /// With `--constrain`, each request's regex is bounded by its chunk's line count.
  @Test func constrainedRequestsAreBoundedByTheChunk() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("recipe.json", Self.recipe)
    let build = try workspace.run([
      "build-pairs", Self.corpus, "--recipe", "recipe.json", "--meta", "-q", "-o", "pairs.jsonl",
      "--max-records", "30",
    ])
    #expect(build.status == 0, "\(build.standardError)")
    let pairs = try Self.jsonLines(
      String(decoding: workspace.bytes("pairs.jsonl") ?? Data(), as: UTF8.self))
    let run = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--recipe", "recipe.json", "--constrain", "-q",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let requests = try Self.jsonLines(run.standardOutput)
    #expect(requests.count == pairs.count)
    var lineCounts = Set<Int>()
    for (request, pair) in zip(requests, pairs) {
      let lineCount = try #require((pair["meta"] as? [String: Any])?["lines"] as? Int)
      lineCounts.insert(lineCount)
      let body = try #require(request["body"] as? [String: Any])
      let regex = try #require((body["structured_outputs"] as? [String: Any])?["regex"] as? String)
      let expression = try NSRegularExpression(pattern: "^(?:" + regex + ")\\z")
      func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
      }
      #expect(matches("remove_lines(1, \(lineCount))"))
      #expect(matches(pair["completion"] as! String))
      #expect(!matches("remove_lines(1, \(lineCount + 1))"))
      #expect(!matches("remove_str(\(lineCount + 1), \"x\")"))
    }
    #expect(lineCounts.count > 5)
    // The same regexes as prompts on the corpus.
    let corpusRun = try workspace.run([
      "prompts", Self.corpus, "--recipe", "recipe.json", "--constrain", "-q", "--max-records", "30",
    ])
    let ids = Set(pairs.map { $0["id"] as! String })
    let restricted = try Self.lines(corpusRun.standardOutput).filter { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      return ids.contains(object["custom_id"] as! String)
    }
    #expect(restricted == Self.lines(run.standardOutput))
  }

  /// With `--recipe`, a pair whose `meta.recipe` is another recipe's fails the run naming
  /// the line, as `apply` and `inspect` do; nothing is written.
  @Test func pairsOfAnotherRecipeHashFailTheRun() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("recipe.json", Self.recipe)
    try workspace.write("other.json", #"{"chunking":{"budget":1400}}"#)
    let build = try workspace.run([
      "build-pairs", Self.corpus, "--recipe", "recipe.json", "--meta", "-q", "-o", "pairs.jsonl",
      "--max-records", "5",
    ])
    #expect(build.status == 0, "\(build.standardError)")
    let run = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--recipe", "other.json", "-o", "requests.jsonl",
    ])
    #expect(run.status == 1)
    #expect(run.standardError.contains("line 1 was made with recipe "), "\(run.standardError)")
    #expect(run.standardError.contains("not with --recipe's"))
    #expect(workspace.bytes("requests.jsonl") == nil)
    // Without --recipe only the prompt is compared: the same flags make the same prompts.
    let flags = try workspace.run([
      "prompts", "--pairs", "pairs.jsonl", "--chunk-chars", "1300", "--line-prefix", "<{n}> ",
      "--instruction", "Delete noise.\nAnswer with a program.", "-q",
    ])
    #expect(flags.status == 0, "\(flags.standardError)")
    #expect(!flags.standardOutput.isEmpty)
  }
}

import Foundation
import Testing

/// `build-pairs --holdout-rate`: the held-out documents are drawn by id and seed, the same in
/// every run, order, shard and job count, and every pair goes to exactly one of the two files.
@Suite(.serialized) struct HoldoutTests {
  static var corpus: String { ExpertStageTests.corpus }

  /// The draw of Specification §6.3, written again from the text: FNV-1a 64 over the id's
  /// UTF-8 bytes from the offset basis XOR the seed XOR the purpose constant, the
  /// finaliser `h ^= h >> 33; h *= 0xFF51AFD7ED558CCD; h ^= h >> 33`, and the top 53 bits
  /// as a fraction below the rate.
  static func isHeldOut(_ id: String, seed: UInt64, rate: Double) -> Bool {
    var hash: UInt64 = 14_695_981_039_346_656_037 ^ seed ^ 0x686F_6C64_6F75_7401
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
    hash ^= hash >> 33
    hash = hash &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    return Double(hash >> 11) / 9_007_199_254_740_992 < rate
  }

  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  static func documentID(_ pairLine: String) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(pairLine.utf8)) as! [String: Any]
    let id = object["id"] as! String
    return String(id[..<id.lastIndex(of: "#")!])
  }

  @Test func everyPairGoesToExactlyOneFileAndTheDrawIsTheDocumentedOne() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let all = try workspace.run(["build-pairs", Self.corpus, "-o", "all.jsonl", "-q"])
    #expect(all.status == 0, "\(all.standardError)")
    for seed in [0, 7] {
      let run = try workspace.run([
        "build-pairs", Self.corpus, "-o", "train.jsonl", "--holdout-rate", "0.2",
        "--holdout-output", "held.jsonl", "--seed", "\(seed)", "--stats", "stats.json",
        "--no-progress",
      ])
      #expect(run.status == 0, "\(run.standardError)")
      let allLines = Self.lines(String(decoding: workspace.bytes("all.jsonl")!, as: UTF8.self))
      let train = Self.lines(String(decoding: workspace.bytes("train.jsonl")!, as: UTF8.self))
      let held = Self.lines(String(decoding: workspace.bytes("held.jsonl")!, as: UTF8.self))
      // The two files partition the pairs of a run without hold-out, each in its order.
      #expect(train.count + held.count == allLines.count)
      let heldIDs = Set(try held.map(Self.documentID))
      let trainIDs = Set(try train.map(Self.documentID))
      #expect(heldIDs.isDisjoint(with: trainIDs))
      #expect(try allLines.filter { heldIDs.contains(try Self.documentID($0)) } == held)
      #expect(try allLines.filter { !heldIDs.contains(try Self.documentID($0)) } == train)
      // The held-out documents are those of the documented draw.
      let expected = Set(
        try allLines.map(Self.documentID).filter {
          Self.isHeldOut($0, seed: UInt64(seed), rate: 0.2)
        })
      #expect(heldIDs == expected)
      #expect(heldIDs.count > 20 && heldIDs.count < 90, "\(heldIDs.count) of 278 at 0.2")
      // The summary counts them and says so.
      let stats =
        try JSONSerialization.jsonObject(with: workspace.bytes("stats.json")!) as! [String: Any]
      let holdout = stats["holdout"] as! [String: Int]
      #expect(holdout["pairs"] == held.count)
      #expect(stats["pairs_out"] as? Int == train.count)
      #expect(run.standardError.contains("held out: \(held.count) pairs"))
    }
  }

  @Test func theDrawDoesNotDependOnOrderShardsOrJobs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpusLines = Workspace.corpusLines
    var shuffled = corpusLines
    var state: UInt64 = 42
    for index in shuffled.indices.reversed() {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      shuffled.swapAt(index, Int(state >> 33) % (index + 1))
    }
    try workspace.write("shards/a.jsonl", shuffled[..<150].joined(separator: "\n") + "\n")
    try workspace.write("shards/b.jsonl", shuffled[150...].joined(separator: "\n") + "\n")
    let single = try workspace.run([
      "build-pairs", Self.corpus, "-o", "train.jsonl", "--holdout-rate", "0.1",
      "--holdout-output", "held.jsonl", "-q",
    ])
    #expect(single.status == 0, "\(single.standardError)")
    let sharded = try workspace.run([
      "build-pairs", "shards", "--output-dir", "out", "--holdout-rate", "0.1", "--jobs", "2",
      "-q",
    ])
    #expect(sharded.status == 0, "\(sharded.standardError)")
    func ids(_ names: [String]) throws -> Set<String> {
      Set(
        try names.flatMap {
          try Self.lines(String(decoding: workspace.bytes($0)!, as: UTF8.self)).map(
            Self.documentID)
        })
    }
    #expect(try ids(["held.jsonl"]) == ids(["out/a.holdout.jsonl", "out/b.holdout.jsonl"]))
    #expect(try ids(["train.jsonl"]) == ids(["out/a.pairs.jsonl", "out/b.pairs.jsonl"]))
    // A resumed run keeps both files of a finished shard.
    let resumed = try workspace.run([
      "build-pairs", "shards", "--output-dir", "out", "--holdout-rate", "0.1", "--resume",
      "--no-progress",
    ])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(try ids(["held.jsonl"]) == ids(["out/a.holdout.jsonl", "out/b.holdout.jsonl"]))
  }

  @Test func holdoutWithExpertRepliesKeepsEveryChunkOfADocumentTogether() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    // Small chunks, so that documents have several chunks.
    let common = ["--chunk-chars", "600"]
    let requests = try workspace.run(
      ["expert-requests", Self.corpus, "-o", "requests.jsonl", "-q"] + common)
    #expect(requests.status == 0, "\(requests.standardError)")
    let simulate = try ExpertReplies.simulatedReplies(
      requests: String(decoding: workspace.bytes("requests.jsonl")!, as: UTF8.self))
    try workspace.write("replies.jsonl", simulate)
    let run = try workspace.run(
      [
        "build-pairs", Self.corpus, "--expert-replies", "replies.jsonl", "-o", "train.jsonl",
        "--holdout-rate", "0.3", "--holdout-output", "held.jsonl", "-q",
      ] + common)
    #expect(run.status == 0, "\(run.standardError)")
    let held = Self.lines(String(decoding: workspace.bytes("held.jsonl")!, as: UTF8.self))
    let train = Self.lines(String(decoding: workspace.bytes("train.jsonl")!, as: UTF8.self))
    let heldIDs = Set(try held.map(Self.documentID))
    #expect(heldIDs.isDisjoint(with: Set(try train.map(Self.documentID))))
    #expect(held.count > heldIDs.count, "some held-out document has several chunks")
    #expect(heldIDs.allSatisfy { Self.isHeldOut($0, seed: 0, rate: 0.3) })
  }

  @Test(arguments: [
    (["--holdout-rate", "0.1"], "--holdout-rate needs --holdout-output"),
    (["--holdout-output", "h.jsonl"], "--holdout-output needs --holdout-rate"),
    (["--holdout-rate", "1.5", "--holdout-output", "h.jsonl"], "--holdout-rate"),
    (["--holdout-rate", "0.1", "--holdout-output", "p.jsonl"], "same file"),
    (
      ["--holdout-rate", "0.1", "--holdout-output", "h.jsonl", "--output-dir", "d"], "--output-dir"
    ),
  ])
  func wrongHoldoutFlagsAreUsageErrors(flags: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let before = workspace.snapshot()
    let run = try workspace.run(["build-pairs", Self.corpus, "-o", "p.jsonl"] + flags)
    #expect(run.status == 64, "\(run.standardError)")
    #expect(run.standardError.contains(message), "\(run.standardError)")
    #expect(workspace.snapshot() == before)
  }

  @Test func holdoutInputIsNeverOverwritten() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("corpus.jsonl", Workspace.corpusLines.joined(separator: "\n") + "\n")
    let before = workspace.snapshot()
    let run = try workspace.run([
      "build-pairs", "corpus.jsonl", "-o", "p.jsonl", "--holdout-rate", "0.1",
      "--holdout-output", "corpus.jsonl",
    ])
    #expect(run.status == 64)
    #expect(run.standardError.contains("--holdout-output"))
    #expect(workspace.snapshot() == before)
  }
}

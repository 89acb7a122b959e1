import Foundation
import Testing

/// `--resume` keeps exactly the outputs whose completion manifest verifies.
@Suite struct ResumeTests {
  static func shards(in workspace: Workspace, count: Int = 3) throws {
    let lines = Workspace.corpusLines.prefix(30)
    for shard in 0..<count {
      let part = lines.enumerated().filter { $0.offset % count == shard }.map(\.element)
      try workspace.write("in/s\(shard).jsonl", part.joined(separator: "\n") + "\n")
    }
  }

  static func run(_ workspace: Workspace, _ extra: [String] = []) throws -> ScalpelProcess.Result {
    try workspace.run(["build-pairs", "in", "--output-dir", "out", "--resume"] + extra)
  }

  @Test func aDamagedShardIsRedoneAndTheOthersKept() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.shards(in: workspace)
    #expect(try Self.run(workspace).status == 0)
    let clean = try #require(workspace.bytes("out/s1.pairs.jsonl"))
    // Truncated, emptied, removed: each is found and redone.
    for damage in [clean.prefix(clean.count / 2), Data()] {
      try workspace.write("out/s1.pairs.jsonl", damage)
      let resumed = try Self.run(workspace)
      #expect(resumed.status == 0, "\(resumed.standardError)")
      #expect(resumed.standardError.contains("resumed: 2 shards already complete"))
      #expect(resumed.standardError.contains("records: 30 in"), "\(resumed.standardError)")
      #expect(workspace.bytes("out/s1.pairs.jsonl") == clean)
    }
  }

  @Test func anotherInputOrOtherOptionsRedoTheShard() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.shards(in: workspace)
    #expect(try Self.run(workspace).status == 0)
    let before = try #require(workspace.bytes("out/s0.pairs.jsonl"))
    // Other options: the options hash differs, every shard is redone.
    let other = try Self.run(workspace, ["--format", "alpaca"])
    #expect(
      other.status == 0 && !other.standardError.contains("resumed:"), "\(other.standardError)")
    #expect(workspace.bytes("out/s0.pairs.jsonl") != before)
    // Another input under the same name: its fingerprint differs.
    try workspace.write(
      "in/s2.jsonl", Workspace.corpusLines[100...104].joined(separator: "\n") + "\n")
    let changed = try Self.run(workspace, ["--format", "alpaca"])
    #expect(changed.standardError.contains("resumed: 2 shards already complete"))
    #expect(changed.standardError.contains("records: 25 in"), "\(changed.standardError)")
  }

  @Test func aResumedSingleOutputRunReportsItsCountsAndWritesStats() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.shards(in: workspace)
    let arguments = ["build-pairs", "in", "-o", "pairs.jsonl", "--rejects", "rejects.jsonl"]
    let first = try workspace.run(arguments + ["--stats", "first.json"])
    #expect(first.status == 0)
    let before = workspace.snapshot()
    let resumed = try workspace.run(arguments + ["--resume", "--stats", "second.json"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("records: 30 in = "), "\(resumed.standardError)")
    #expect(resumed.standardError.contains("resumed: 3 shards already complete"))
    let stats = String(decoding: workspace.bytes("second.json") ?? Data(), as: UTF8.self)
    #expect(stats.hasPrefix(#"{"records_in":30,"#), "\(stats)")
    #expect(workspace.bytes("pairs.jsonl") == before["pairs.jsonl"])
    // A truncated output is not trusted.
    try workspace.write("pairs.jsonl", before["pairs.jsonl"]?.prefix(100) ?? Data())
    let redone = try workspace.run(arguments + ["--resume"])
    #expect(redone.status == 0 && !redone.standardError.contains("resumed:"))
    #expect(workspace.bytes("pairs.jsonl") == before["pairs.jsonl"])
  }
}

import Foundation
import Testing

/// Outputs never overwrite inputs or each other; shard names are unique; `.gz` outputs are
/// compressed; an output directory that is the input directory does not read its outputs.
@Suite struct OutputSafetyTests {
  static let records = Workspace.corpusLines.prefix(6).joined(separator: "\n") + "\n"

  /// Runs `arguments` and expects a refusal (exit 64 or 1) mentioning `message`, with every
  /// file of the workspace unchanged and no file added.
  static func expectRefused(
    _ arguments: [String], _ message: String, in workspace: Workspace,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = workspace.snapshot()
    let result = try workspace.run(arguments)
    #expect(
      result.status == 64 || result.status == 1, "\(result.standardError)",
      sourceLocation: sourceLocation)
    #expect(
      result.standardError.contains(message), "\(result.standardError)",
      sourceLocation: sourceLocation)
    #expect(workspace.snapshot() == before, "files changed", sourceLocation: sourceLocation)
  }

  @Test func outputsThatAreInputsOrEachOtherAreRefusedBeforeAnythingIsWritten() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("same.jsonl", Self.records)
    try workspace.write("programs.jsonl", #"{"id":"x","program":"keep_all()"}"# + "\n")
    try workspace.write("y", "old stats\n")
    try FileManager.default.createSymbolicLink(
      atPath: workspace.path + "/link.jsonl", withDestinationPath: "same.jsonl")
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/sub", withIntermediateDirectories: true)
    for (arguments, message) in [
      (["build-pairs", "same.jsonl", "-o", "same.jsonl"], "is the input 'same.jsonl'"),
      (["build-pairs", "same.jsonl", "-o", "sub/../same.jsonl"], "is the input 'same.jsonl'"),
      (
        ["build-pairs", "same.jsonl", "--rejects", "same.jsonl"],
        "--rejects 'same.jsonl' is the input"
      ),
      (["build-pairs", "same.jsonl", "-o", "link.jsonl"], "--output 'link.jsonl' is the input"),
      (
        ["build-pairs", "link.jsonl", "--stats", "same.jsonl"], "--stats 'same.jsonl' is the input"
      ),
      (["build-pairs", "same.jsonl", "-o", "y", "--stats", "y"], "are the same file"),
      (["build-pairs", "same.jsonl", "-o", "x", "--rejects", "./x"], "are the same file"),
      (
        ["apply", "same.jsonl", "--programs", "programs.jsonl", "-o", "programs.jsonl"],
        "--output 'programs.jsonl' is the input 'programs.jsonl'"
      ),
      (["inspect", "--corpus", "same.jsonl", "-o", "link.jsonl"], "is the input 'same.jsonl'"),
      (["build-pairs", "same.jsonl", "--rejects", "-"], "only one output can be standard output"),
    ] {
      try Self.expectRefused(arguments, message, in: workspace)
    }
  }

  @Test func shardNamesMustBeUnique() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("a/part.jsonl", Self.records)
    try workspace.write("b/part.jsonl", Self.records)
    try workspace.write("d/x.jsonl", Self.records)
    let gzip = try ScalpelProcess.gzip(Data(Self.records.utf8))
    try workspace.write("d/x.jsonl.gz", gzip)
    try Self.expectRefused(
      ["build-pairs", "a/part.jsonl", "b/part.jsonl", "--output-dir", "out"],
      "have the same shard name 'part'", in: workspace)
    try Self.expectRefused(
      ["build-pairs", "d", "--output-dir", "out"], "'d/x.jsonl' and 'd/x.jsonl.gz' have the same",
      in: workspace)
    // With one output file the file names must differ too: they name records without an id.
    try Self.expectRefused(
      ["build-pairs", "a", "b", "-o", "pairs.jsonl"], "same shard name 'part.jsonl'",
      in: workspace)
  }

  @Test func gzOutputNamesAreWrittenCompressed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("in.jsonl", Self.records)
    let result = try workspace.run(
      ["build-pairs", "in.jsonl", "-o", "pairs.jsonl.gz", "--rejects", "rejects.jsonl.gz", "-q"])
    #expect(result.status == 0, "\(result.standardError)")
    let compressed = try #require(workspace.bytes("pairs.jsonl.gz"))
    #expect(compressed.prefix(2) == Data([0x1F, 0x8B]))
    let plain = try workspace.run(["build-pairs", "in.jsonl", "-q"]).standardOutput
    #expect(try ScalpelProcess.gunzip(compressed) == Data(plain.utf8))
    #expect(workspace.bytes("rejects.jsonl.gz")?.prefix(2) == Data([0x1F, 0x8B]))
  }

  @Test func anOutputDirectoryThatIsTheInputFolderDoesNotReadItsOutputs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("data/s1.jsonl", Self.records)
    try workspace.write("data/s2.jsonl", Self.records.replacingOccurrences(of: "web-", with: "w2-"))
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/data/sub.jsonl", withIntermediateDirectories: true)
    let first = try workspace.run(["build-pairs", "data", "--output-dir", "data"])
    #expect(first.status == 0, "\(first.standardError)")
    #expect(first.standardError.contains("records: 12 in"))
    let second = try workspace.run(["build-pairs", "data", "--output-dir", "data"])
    #expect(second.status == 0, "\(second.standardError)")
    #expect(second.standardError.contains("records: 12 in"), "\(second.standardError)")
    #expect(workspace.bytes("data/s1.pairs.jsonl") != nil)
  }

  @Test func staleTemporaryFilesOfDeadRunsAreRemoved() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("in.jsonl", Self.records)
    // A process id that cannot be running: above the kernel's maximum.
    try workspace.write(".pairs.jsonl.tmp-2147483000", "partial")
    try workspace.write("out/.in.pairs.jsonl.tmp-2147483001", "partial")
    #expect(try workspace.run(["build-pairs", "in.jsonl", "-o", "pairs.jsonl", "-q"]).status == 0)
    #expect(
      try workspace.run(["build-pairs", "in.jsonl", "--output-dir", "out", "-q"]).status == 0)
    #expect(!workspace.snapshot().keys.contains { $0.contains(".tmp-") })
  }
}

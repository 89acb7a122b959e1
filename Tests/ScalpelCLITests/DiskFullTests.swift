import Foundation
import Testing

/// A full disk fails the run without publishing a mix of new and old outputs.
///
/// Needs a small
/// filesystem (`mount -t tmpfs -o size=64k`); skipped with a printed reason where it cannot be
/// mounted.
@Suite(.serialized) struct DiskFullTests {
  /// Mounts a 64 KiB tmpfs at `path`, or returns why not.
  static func mountSmallFilesystem(at path: String) -> String? {
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path]
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { return "cannot run mount: \(error)" }
    process.waitUntilExit()
    return process.terminationStatus == 0
      ? nil : "mount -t tmpfs failed (status \(process.terminationStatus); not root?)"
  }

  static func unmount(_ path: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["umount", path]
    try? process.run()
    process.waitUntilExit()
  }

  /// Runs `body` in a workspace whose folder `full` is a 64 KiB tmpfs, or prints why
  /// the test is skipped.
  static func withFullDisk(_ body: (Workspace, [String]) throws -> Void) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let full = workspace.path + "/full"
    if let reason = mountSmallFilesystem(at: full) {
      print("DiskFullTests skipped: \(reason)")
      return
    }
    defer { unmount(full) }
    try body(workspace, Workspace.corpusLines)
  }

  @Test func aFullDiskKeepsTheOldOutputsWhole() throws {
    try Self.withFullDisk { workspace, lines in
      try workspace.write("small.jsonl", lines[0] + "\n")
      try workspace.write("big.jsonl", lines.joined(separator: "\n") + "\n")
      let outputs = ["-o", "full/pairs.jsonl", "--rejects", "full/rejects.jsonl", "-q"]
      #expect(try workspace.run(["build-pairs", "small.jsonl"] + outputs).status == 0)
      let before = workspace.snapshot().filter { $0.key.hasPrefix("full/") }
      #expect(before.keys.contains("full/pairs.jsonl"))
      for extra in [[], ["--resume"]] {
        let result = try workspace.run(["build-pairs", "big.jsonl"] + outputs + extra)
        #expect(result.status == 1)
        #expect(result.standardError.contains("No space left on device"), "\(result.standardError)")
        #expect(workspace.snapshot().filter { $0.key.hasPrefix("full/") } == before)
      }
    }
  }

  /// With two jobs or more, a round is written while the next one is processed: a full disk
  /// then fails the run all the same, reported, with nothing new published and no temporary
  /// file left.
  @Test(arguments: ["build-pairs", "apply"])
  func aFullDiskWhileTheNextRoundIsProcessedPublishesNothing(command: String) throws {
    try Self.withFullDisk { workspace, lines in
      // Three copies with fresh ids: every output outgrows the 1 MiB write buffer, so the
      // disk is found full by a write on the writing thread, not by the final flush.
      let copies = (0..<3).flatMap { copy in
        lines.map { $0.replacingOccurrences(of: #""id": ""#, with: #""id": "c\#(copy)-"#) }
      }
      try workspace.write("big.jsonl", copies.joined(separator: "\n") + "\n")
      let pairs = try workspace.run(["build-pairs", "big.jsonl", "-o", "pairs.jsonl", "-q"])
      #expect(pairs.status == 0)
      let before = workspace.snapshot()
      let apply = [
        "apply", "big.jsonl", "--programs", "pairs.jsonl", "-o", "full/refined.jsonl",
        "--report", "full/report.jsonl",
      ]
      let buildPairs = [
        "build-pairs", "big.jsonl", "-o", "full/pairs.jsonl", "--rejects", "full/rejects.jsonl",
      ]
      let outputs = command == "apply" ? apply : buildPairs
      for jobs in ["2", "3"] {
        let result = try workspace.run(outputs + ["--jobs", jobs, "--round-bytes", "20000", "-q"])
        #expect(result.status == 1, "\(command) --jobs \(jobs)")
        #expect(result.standardError.contains("No space left on device"), "\(result.standardError)")
        #expect(workspace.snapshot() == before, "\(command) --jobs \(jobs)")
      }
    }
  }

  @Test func aFullDiskLeavesOnlyWholeShards() throws {
    try Self.withFullDisk { workspace, lines in
      for shard in 0..<30 {
        try workspace.write(
          "in/s\(shard).jsonl",
          lines[(shard * 10)..<(shard * 10 + 10)].joined(separator: "\n") + "\n"
        )
      }
      #expect(try workspace.run(["build-pairs", "in", "--output-dir", "clean", "-q"]).status == 0)
      let result = try workspace.run(["build-pairs", "in", "--output-dir", "full/out", "-q"])
      #expect(result.status == 1)
      #expect(result.standardError.contains("No space left on device"), "\(result.standardError)")
      let files = workspace.snapshot()
      var wholeShards = 0
      for shard in 0..<30 {
        let names = ["pairs.jsonl", "rejects.jsonl", "summary.json", "manifest.json"].map {
          "full/out/s\(shard).\($0)"
        }
        let present = names.filter { files[$0] != nil }
        #expect(present.isEmpty || present.count == names.count, "shard \(shard): \(present)")
        if present.count == names.count {
          wholeShards += 1
          #expect(files[names[0]] == files["clean/s\(shard).pairs.jsonl"])
        }
      }
      #expect(wholeShards < 30)
      #expect(!files.keys.contains { $0.contains(".tmp-") }, "temporary files left")
    }
  }
}

import Foundation
import Testing

/// SIGKILL at seeded random points across several runs, then `--resume`: the final outputs
/// are byte-identical to those of an uninterrupted run, and no temporary file is left.
@Suite struct KillAnywhereTests {
  /// A seeded generator of kill delays (a 64-bit LCG; the test must be repeatable).
  struct Delays {
    var state: UInt64
    mutating func next(upTo limit: Double) -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) * limit
    }
  }

  static func prepare(_ workspace: Workspace) throws {
    let lines = Workspace.corpusLines
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/out", withIntermediateDirectories: true)
    for shard in 0..<6 {
      let part = lines.enumerated().filter { $0.offset % 6 == shard }.map(\.element)
      try workspace.write("in/s\(shard).jsonl", part.joined(separator: "\n") + "\n")
    }
  }

  /// Starts `arguments` and sends SIGKILL after `delay` seconds unless it ended before.
  @discardableResult
  static func runAndKill(_ arguments: [String], in workspace: Workspace, after delay: Double)
    throws -> Bool
  {
    let process = Process()
    process.executableURL = ScalpelProcess.executable
    process.arguments = arguments
    process.currentDirectoryURL = workspace.url
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    usleep(useconds_t(delay * 1_000_000))
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return process.terminationReason == .uncaughtSignal
  }

  @Test(arguments: [
    ["--output-dir", "out"], ["-o", "out/pairs.jsonl", "--rejects", "out/rejects.jsonl"],
  ])
  func killedRunsResumeToIdenticalOutputs(destination: [String]) throws {
    let clean = try Workspace()
    let killed = try Workspace()
    defer {
      clean.remove()
      killed.remove()
    }
    try Self.prepare(clean)
    try Self.prepare(killed)
    let arguments = ["build-pairs", "in"] + destination + ["-j", "2", "--round-bytes", "20000"]
    let start = Date()
    #expect(try clean.run(arguments).status == 0)
    let duration = Date().timeIntervalSince(start)
    var delays = Delays(state: destination.count == 2 ? 11 : 12)
    // Kill at seeded points; a run that ended before its kill point finished everything, so
    // its outputs are removed (there is something to interrupt again) and later kill points
    // come sooner. Timing on shared cores varies, hence the adaptive scale.
    var killCount = 0
    var scale = duration
    for _ in 0..<12 where killCount < 5 {
      let wasKilled = try Self.runAndKill(
        arguments + ["--resume"], in: killed, after: scale * (0.05 + delays.next(upTo: 0.55)))
      if wasKilled {
        killCount += 1
      } else {
        scale /= 2
        for name in try FileManager.default.contentsOfDirectory(atPath: killed.path + "/out") {
          try FileManager.default.removeItem(atPath: killed.path + "/out/" + name)
        }
      }
    }
    #expect(killCount >= 2, "only \(killCount) runs were killed mid-run")
    let resumed = try killed.run(arguments + ["--resume"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("records: 300 in = 278 accepted + 22 rejected"))
    let expected = clean.snapshot().filter { $0.key.hasSuffix(".jsonl") }
    let actual = killed.snapshot().filter { $0.key.hasSuffix(".jsonl") && $0.key.hasPrefix("out/") }
    #expect(
      expected.count >= 2
        && actual.keys.sorted() == expected.keys.filter { $0.hasPrefix("out/") }.sorted())
    for (name, bytes) in expected where name.hasPrefix("out/") {
      #expect(actual[name] == bytes, "\(name) differs after kills and --resume")
    }
    #expect(!killed.snapshot().keys.contains { $0.contains(".tmp-") }, "temporary files left")
  }
}

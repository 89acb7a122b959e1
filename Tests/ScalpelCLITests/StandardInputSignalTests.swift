import Foundation
import Testing

/// A signal while `scalpel` is blocked reading standard input stops the run at once: exit
/// 130/143, nothing published, no temporary file left.
@Suite struct StandardInputSignalTests {
  @Test(arguments: [
    (
      ["build-pairs", "-", "-o", "out/pairs.jsonl", "--stats", "out/stats.json"], SIGINT, Int32(130)
    ),
    (["build-pairs", "-", "-o", "out/pairs.jsonl"], SIGTERM, Int32(143)),
    (["apply", "-", "--program-field", "p", "-o", "out/refined.jsonl"], SIGINT, Int32(130)),
  ])
  func aSignalStopsARunBlockedOnStandardInput(arguments: [String], signal: Int32, status: Int32)
    throws
  {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/out", withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = ScalpelProcess.executable
    process.arguments = arguments + ["-q"]
    process.currentDirectoryURL = workspace.url
    let input = Pipe()
    process.standardInput = input
    process.standardError = FileHandle.nullDevice
    try process.run()
    // One record, then the producer stays silent with the pipe open.
    input.fileHandleForWriting.write(Data((Workspace.corpusLines[0] + "\n").utf8))
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline
      && !((try? FileManager.default.contentsOfDirectory(atPath: workspace.path + "/out")) ?? [])
        .contains(where: { $0.contains(".tmp-") })
    {
      usleep(2_000)
    }
    usleep(200_000)
    #expect(process.isRunning, "the run ended before the signal")
    kill(process.processIdentifier, signal)
    let stopDeadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stopDeadline { usleep(2_000) }
    let stoppedAtOnce = !process.isRunning
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(stoppedAtOnce, "the run went on until the producer closed")
    #expect(process.terminationStatus == status)
    #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/out") == [])
  }
}

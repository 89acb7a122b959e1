import Foundation
import Testing

/// `scalpel apply` stops cleanly on SIGINT/SIGTERM: no output under a final name.
@Suite struct ApplySignalTests {
  @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
  func signalsStopApplyCleanly(signal: Int32, expectedStatus: Int32) throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let corpus = ScalpelProcess.packageRoot.appendingPathComponent(
      "Examples/web-corpus/corpus.jsonl")
    var text = ""
    for copy in 0..<8 {
      for line in try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n") {
        text +=
          line.replacingOccurrences(
            of: "{\"id\": \"", with: "{\"program\": \"remove_lines(1, 1)\", \"id\": \"c\(copy)-")
          + "\n"
      }
    }
    let input = directory.appendingPathComponent("documents.jsonl")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let (wasRunning, status) = try ScalpelProcess.runAndSignal(
      [
        "apply", input.path, "--program-field", "program", "-o",
        output.appendingPathComponent("refined.jsonl").path,
        "--report", output.appendingPathComponent("report.jsonl").path, "-q", "--round-bytes",
        "100000",
      ], watching: output, signal: signal)
    #expect(wasRunning, "the run finished before the signal")
    #expect(status == expectedStatus)
    let left = try FileManager.default.contentsOfDirectory(atPath: output.path)
    #expect(left.isEmpty, "left behind: \(left)")
  }
}

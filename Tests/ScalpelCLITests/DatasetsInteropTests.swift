import Foundation
import Testing

/// Loads every output format with Python `datasets.load_dataset("json", …)`, as trainers do.
/// Runs when `$SCALPEL_PYTHON` (default `python3`) can import `datasets`; `.ci/run` installs it.
@Suite struct DatasetsInteropTests {
  static let python = ProcessInfo.processInfo.environment["SCALPEL_PYTHON"] ?? "python3"

  static let isDatasetsAvailable: Bool = {
    let result = try? runPython(["-c", "import datasets"])
    if result?.status != 0 {
      print(
        "DatasetsInteropTests skipped: \(python) cannot import datasets (run .ci/run to install it)"
      )
    }
    return result?.status == 0
  }()

  static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HF_DATASETS_OFFLINE"] = "1"
    environment["HF_HUB_OFFLINE"] = "1"
    environment["HF_HOME"] =
      FileManager.default.temporaryDirectory.appendingPathComponent("scalpel-hf").path
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(
    .enabled(if: isDatasetsAvailable),
    arguments: ["prompt-completion", "conversational", "messages", "alpaca"])
  func loadsWithHuggingFaceDatasets(format: String) throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    let input = try BuildPairsCommandTests.writeFixture(directory)
    let output = directory.appendingPathComponent("pairs-\(format).jsonl")
    let build = try ScalpelProcess.run(
      ["build-pairs", input.path, "--format", format, "--meta", "-o", output.path, "-q"])
    #expect(build.status == 0)
    let script = """
      import sys, datasets
      ds = datasets.load_dataset("json", data_files=sys.argv[1], split="train")
      print(len(ds), ",".join(ds.column_names))
      """
    let result = try Self.runPython(["-c", script, output.path])
    let expectedColumns =
      [
        "prompt-completion": "id,prompt,completion,meta",
        "conversational": "id,prompt,completion,meta",
        "messages": "id,messages,meta",
        "alpaca": "id,instruction,input,output,meta",
      ][format] ?? ""
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("2 \(expectedColumns)"), "\(result.output)")
  }
}

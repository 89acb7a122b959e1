import Foundation
import Testing

/// Runs the trainers' own code on pairs that the built `scalpel` writes from the example corpus:
/// TRL's `SFTTrainer` dataset preparation (`Tests/Interop/trl_check.py`: the loss covers the
/// program and not the web page, for prompt-completion and conversational pairs) and
/// LLaMA-Factory's loader with the `dataset_info.json` that `--dataset-info` wrote
/// (`Tests/Interop/llamafactory_check.py`).
///
/// TRL runs under `$SCALPEL_PYTHON`, LLaMA-Factory under `$SCALPEL_LLAMAFACTORY_PYTHON` (it pins
/// an older TRL, so `.ci/run` installs it in a venv of its own); both default to `python3`. A
/// script exits 77 when its packages are missing: the test prints the reason and passes.
@Suite struct TrainerInteropTests {
  static let environment = ProcessInfo.processInfo.environment
  static let trlPython = environment["SCALPEL_PYTHON"] ?? "python3"
  static let llamaFactoryPython = environment["SCALPEL_LLAMAFACTORY_PYTHON"] ?? "python3"
  static let scripts = ScalpelProcess.packageRoot.appendingPathComponent("Tests/Interop")

  /// Runs `script` with `python`, offline, and fails the test unless it passed or skipped.
  static func runCheck(_ python: String, _ script: String, _ arguments: [String]) throws {
    let scratch = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, scripts.appendingPathComponent(script).path] + arguments
    var environment = environment
    for key in ["HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"] {
      environment[key] = "1"
    }
    environment["HF_HOME"] = scratch.appendingPathComponent("hf").path
    environment["TOKENIZERS_PARALLELISM"] = "false"
    environment["DISABLE_VERSION_CHECK"] = "1"
    process.environment = environment
    // A file, not a pipe: the trainers print a lot.
    let log = scratch.appendingPathComponent("log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
    let summary = output.split(separator: "\n").filter { $0.contains(" check: ") }
      .joined(separator: "\n")
    if process.terminationStatus == 77 {
      print("TrainerInteropTests: \(script) with \(python): \(summary)")
      return
    }
    #expect(process.terminationStatus == 0, "\(script) with \(python):\n\(output.suffix(6000))")
    print(summary)
  }

  /// Builds pairs of the first records of the example corpus in `format`.
  static func buildPairs(_ format: String, _ output: URL, extra: [String] = []) throws {
    let corpus = ScalpelProcess.packageRoot.appendingPathComponent(
      "Examples/web-corpus/corpus.jsonl")
    let result = try ScalpelProcess.run(
      [
        "build-pairs", corpus.path, "--max-records", "6", "--format", format, "-o", output.path,
        "-q",
      ]
        + extra)
    #expect(result.status == 0, "\(result.standardError)")
  }

  @Test func trlTrainsOnTheProgramOnly() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var arguments: [String] = ["--train-step"]
    for format in ["prompt-completion", "conversational", "messages"] {
      let output = directory.appendingPathComponent("\(format).jsonl")
      try Self.buildPairs(format, output)
      arguments += ["--\(format)", output.path]
    }
    try Self.runCheck(Self.trlPython, "trl_check.py", arguments)
  }

  @Test func llamaFactoryLoadsThePairsThroughTheDatasetInfoEntry() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let info = directory.appendingPathComponent("data/dataset_info.json")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("data/pairs"), withIntermediateDirectories: true)
    var datasets: [String] = []
    for format in ["alpaca", "messages", "prompt-completion"] {
      let output = directory.appendingPathComponent("data/pairs/\(format).jsonl")
      try Self.buildPairs(format, output, extra: ["--dataset-info", info.path])
      datasets.append("\(format)=\(output.path)")
    }
    // One entry outside the dataset directory: an absolute file_name.
    let outside = directory.appendingPathComponent("elsewhere.jsonl")
    try Self.buildPairs(
      "alpaca", outside, extra: ["--dataset-info", info.path, "--instruction", ""])
    datasets.append("elsewhere=\(outside.path)")
    try Self.runCheck(
      Self.llamaFactoryPython, "llamafactory_check.py",
      ["--dataset-dir", info.deletingLastPathComponent().path] + datasets)
  }
}

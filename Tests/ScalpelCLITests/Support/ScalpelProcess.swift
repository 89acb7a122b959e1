import Foundation

/// Runs the built `scalpel` binary and captures what it prints.
struct ScalpelProcess {
  struct Result {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// The products directory holding the test bundle and the `scalpel` binary.
  static var productsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  }

  /// The binary under test: `SCALPEL_BINARY` when set (`.ci/run` sets it to the portable
  /// release build, so the CLI tests check the binary users get), else the `scalpel` built
  /// beside the test bundle.
  static var executable: URL {
    if let path = ProcessInfo.processInfo.environment["SCALPEL_BINARY"], !path.isEmpty {
      return URL(fileURLWithPath: path, relativeTo: packageRoot).standardizedFileURL
    }
    let candidates = [
      productsDirectory.appendingPathComponent("scalpel"),
      productsDirectory.deletingLastPathComponent().appendingPathComponent("scalpel"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? candidates[0]
  }

  /// Whether the binary under test is an optimized build: `SCALPEL_BINARY` names a release
  /// build, else the binary was built with the tests.
  static var binaryIsOptimized: Bool {
    #if DEBUG
      return ProcessInfo.processInfo.environment["SCALPEL_BINARY"].map { !$0.isEmpty } ?? false
    #else
      return true
    #endif
  }

  /// The package root, found from this source file's path.
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
  }

  @discardableResult
  static func run(
    _ arguments: [String], standardInput: Data? = nil, in directory: URL? = nil,
    environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let directory { process.currentDirectoryURL = directory }
    // Files, not pipes: a child that fills a pipe nobody reads would block forever.
    let scratch = try temporaryDirectory()
    let outputURL = scratch.appendingPathComponent("stdout")
    let errorURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    let error = try FileHandle(forWritingTo: errorURL)
    process.standardOutput = output
    process.standardError = error
    // Standard input from a file too: writing into a pipe of a child that exits before it
    // reads everything (a usage error, a damaged first frame) raised SIGPIPE and killed the
    // whole test process (once in CI, at ed92192).
    let inputURL = scratch.appendingPathComponent("stdin")
    try (standardInput ?? Data()).write(to: inputURL)
    let input = try FileHandle(forReadingFrom: inputURL)
    process.standardInput = input
    try process.run()
    process.waitUntilExit()
    try input.close()
    try output.close()
    try error.close()
    let outputData = try Data(contentsOf: outputURL)
    let errorData = try Data(contentsOf: errorURL)
    try? FileManager.default.removeItem(at: scratch)
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }

  /// A fresh temporary directory.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "scalpel-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Starts `scalpel` with `arguments`, sends `signal` once a temporary output file
  /// appears in `directory` (so the signal lands mid-run), and returns whether the run
  /// was still going at that point and its exit status.
  static func runAndSignal(_ arguments: [String], watching directory: URL, signal: Int32) throws
    -> (wasRunning: Bool, status: Int32)
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline
      && !((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).contains(
        where: {
          $0.contains(".tmp-")
        })
    {
      usleep(1_000)
    }
    let wasRunning = process.isRunning
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    return (wasRunning, process.terminationStatus)
  }
}

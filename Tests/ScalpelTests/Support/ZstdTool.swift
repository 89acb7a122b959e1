import Foundation

/// The system's `zstd` tool, the independent reference for zstd tests.
enum ZstdTool {
  /// Whether `/usr/bin/zstd` is installed.
  static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") }

  /// Runs `zstd` with `arguments` on the file at `inputPath` and returns its standard output.
  static func run(_ arguments: [String], inputPath: String) throws -> [UInt8] {
    let directory = try TemporaryDirectory()
    let outputPath = directory.path + "/out"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    try process.run()
    process.waitUntilExit()
    return directory.contents(of: outputPath) ?? []
  }

  /// `bytes` compressed into one frame (`zstd -c`, at `level`).
  static func compress(_ bytes: [UInt8], level: Int = 3) throws -> [UInt8] {
    let directory = try TemporaryDirectory()
    return try run(["-q", "-c", "-\(level)"], inputPath: directory.file("in", contents: bytes))
  }

  /// The file at `path` decompressed (`zstd -dc`).
  static func decompress(path: String) throws -> [UInt8] {
    try run(["-q", "-d", "-c"], inputPath: path)
  }
}

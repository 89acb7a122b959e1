import Foundation

/// A temporary directory to run `scalpel` in, with helpers to write inputs and to take
/// snapshots of every file (so tests can say "nothing was written or overwritten").
struct Workspace {
  let url: URL

  init() throws { url = try ScalpelProcess.temporaryDirectory() }

  var path: String { url.path }

  /// The bundled corpus (300 records).
  static var corpusLines: [String] {
    let url = ScalpelProcess.packageRoot.appendingPathComponent("Examples/web-corpus/corpus.jsonl")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init)
  }

  /// Writes `text` to `name` (directories created), returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, Data(text.utf8))
  }

  @discardableResult
  func write(_ name: String, _ data: Data) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
    return file.path
  }

  /// The bytes of `name`, or `nil` if it does not exist.
  func bytes(_ name: String) -> Data? {
    FileManager.default.contents(atPath: url.appendingPathComponent(name).path)
  }

  /// Every file below the workspace (hidden ones too), by relative path, with its bytes.
  func snapshot() -> [String: Data] {
    var files: [String: Data] = [:]
    // A walk of our own: the enumerator does not descend into mounted filesystems.
    func walk(_ relative: String) {
      let full = relative.isEmpty ? path : path + "/" + relative
      for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
        let child = relative.isEmpty ? name : relative + "/" + name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/" + child, isDirectory: &isDirectory)
        else { continue }
        if isDirectory.boolValue {
          walk(child)
        } else {
          files[child] = FileManager.default.contents(atPath: path + "/" + child) ?? Data()
        }
      }
    }
    walk("")
    return files
  }

  /// Runs `scalpel` here.
  @discardableResult
  func run(
    _ arguments: [String], standardInput: Data? = nil, environment: [String: String] = [:]
  ) throws -> ScalpelProcess.Result {
    try ScalpelProcess.run(
      arguments, standardInput: standardInput, in: url, environment: environment)
  }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

extension ScalpelProcess {
  /// `data` compressed by the system's `gzip`.
  static func gzip(_ data: Data) throws -> Data { try filter(["gzip", "-c", "-n"], data) }

  /// `data` decompressed by the system's `gzip`.
  static func gunzip(_ data: Data) throws -> Data { try filter(["gzip", "-d", "-c"], data) }

  /// Whether the system's `zstd` tool is installed, the reference for zstd tests.
  static var hasZstd: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") }

  /// `data` compressed by the system's `zstd` (one frame), with extra `options`.
  static func zstd(_ data: Data, options: [String] = []) throws -> Data {
    try filter(["zstd", "-q", "-c"] + options, data)
  }

  /// `data` decompressed by the system's `zstd`.
  static func unzstd(_ data: Data) throws -> Data { try filter(["zstd", "-d", "-q", "-c"], data) }

  private static func filter(_ command: [String], _ data: Data) throws -> Data {
    let scratch = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let input = scratch.appendingPathComponent("in")
    let output = scratch.appendingPathComponent("out")
    try data.write(to: input)
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.standardInput = try FileHandle(forReadingFrom: input)
    process.standardOutput = try FileHandle(forWritingTo: output)
    try process.run()
    process.waitUntilExit()
    return try Data(contentsOf: output)
  }
}

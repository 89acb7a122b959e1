import Foundation

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "/scalpel-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Writes `bytes` to `name` inside the directory and returns the file's path.
  @discardableResult
  func file(_ name: String, contents bytes: [UInt8]) throws -> String {
    let filePath = path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: filePath))
    return filePath
  }

  /// Returns the bytes of the file at `filePath`, or `nil` if it does not exist.
  func contents(of filePath: String) -> [UInt8]? {
    FileManager.default.contents(atPath: filePath).map { Array($0) }
  }

  /// The names of the directory's entries, sorted.
  func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }
}

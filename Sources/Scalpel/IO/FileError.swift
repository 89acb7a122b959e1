#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error from reading or writing a file, naming the path and the reason.
///
/// The path `-` stands for standard input or standard output.
///
///     "cannot open 'corpus.jsonl.gz': No such file or directory"
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The path the caller passed, such as `corpus.jsonl.gz` or `-`.
  public let path: String
  /// What failed, as a verb phrase: `open`, `read`, `write`, `sync`, `rename onto` ...
  public let operation: String
  /// Why it failed: the `strerror` text or a zlib message.
  public let reason: String

  /// Creates an error from its parts.
  public init(path: String, operation: String, reason: String) {
    self.path = path
    self.operation = operation
    self.reason = reason
  }

  /// Creates an error whose reason is the `strerror` text of `errorNumber`.
  init(path: String, operation: String, errorNumber: Int32) {
    self.init(path: path, operation: operation, reason: FileError.text(ofErrorNumber: errorNumber))
  }

  /// The message, such as `cannot read 'a.jsonl.gz': unexpected end of file`.
  public var description: String {
    "cannot \(operation) '\(path)': \(reason)"
  }

  /// Returns the system's text for `errno` value `errorNumber`.
  static func text(ofErrorNumber errorNumber: Int32) -> String {
    guard let text = strerror(errorNumber) else { return "error \(errorNumber)" }
    return String(cString: text)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Messages and progress on standard error.
enum StandardError {
  static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

  /// Writes `message` and a newline.
  static func write(_ message: String) {
    var bytes = Array(message.utf8)
    bytes.append(UInt8(ascii: "\n"))
    writeAll(bytes)
  }

  /// Rewrites the progress line in place; `nil` clears it.
  static func writeProgress(_ line: String?) {
    writeAll(Array(("\r\u{1B}[K" + (line ?? "")).utf8))
  }

  private static func writeAll(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var offset = 0
      while offset < raw.count {
        let written = Glibc.write(STDERR_FILENO, base + offset, raw.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads for small files (instructions, configuration).
package enum FileContents {
  /// Returns all bytes of the file at `path` (`-` is standard input), gzip or zstd
  /// decompressed.
  ///
  /// - Throws: ``FileError`` naming the path.
  /// - Complexity: O(*n*), where *n* is the size of the file.
  package static func read(_ path: String) throws(FileError) -> [UInt8] {
    let reader = try LineReader(path: path)
    var bytes: [UInt8] = []
    var isFirst = true
    while let record = try reader.nextLine() {
      guard case .line(_, let line) = record else { continue }
      if !isFirst { bytes.append(UInt8(ascii: "\n")) }
      bytes.append(contentsOf: line)
      isFirst = false
    }
    return bytes
  }
}

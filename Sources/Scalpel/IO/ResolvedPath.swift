#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A path with symbolic links, `.` and `..` resolved as far as it exists, and the identity
/// (device and inode) of the file it names, if any: two paths name the same file when
/// either agrees.
package struct ResolvedPath: Sendable, Hashable {
  /// The absolute path, links resolved where the path exists.
  package var absolute: String
  /// The device and inode of an existing file.
  package var fileID: [UInt64]?
  /// Whether the path names something that is neither a regular file nor a directory (a
  /// device such as `/dev/null`, a FIFO, a socket): writing it replaces nothing.
  package var isSpecialFile: Bool

  /// Resolves `path` (not `-`).
  ///
  /// - Complexity: O(*c*) system calls in the number of path components.
  package init(_ path: String) {
    absolute = ResolvedPath.absolute(path)
    var info = stat()
    if stat(path, &info) == 0 {
      fileID = [UInt64(info.st_dev), UInt64(info.st_ino)]
      let type = info.st_mode & S_IFMT
      isSpecialFile = type != S_IFREG && type != S_IFDIR
    } else {
      fileID = nil
      isSpecialFile = false
    }
  }

  /// Whether both name the same file.
  package func isSameFile(as other: ResolvedPath) -> Bool {
    absolute == other.absolute || (fileID != nil && fileID == other.fileID)
  }

  /// The directory part of `absolute`.
  package var directory: String {
    let utf8 = Array(absolute.utf8)
    guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash > 0 else { return "/" }
    return String(decoding: utf8[..<slash], as: UTF8.self)
  }

  private static func absolute(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
      defer { free(resolved) }
      return String(cString: resolved)
    }
    // The path does not exist (yet): resolve its directory, then normalise the rest.
    let utf8 = Array(path.utf8)
    var parent = "."
    var name = path
    if let slash = utf8.lastIndex(of: UInt8(ascii: "/")) {
      parent = slash == 0 ? "/" : String(decoding: utf8[..<slash], as: UTF8.self)
      name = String(decoding: utf8[(slash + 1)...], as: UTF8.self)
    }
    let base = parent == path ? "/" : absolute(parent)
    var components: [Substring] = []
    for component in (base + "/" + name).split(separator: "/") {
      switch component {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }
}

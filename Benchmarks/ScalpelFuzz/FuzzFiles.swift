#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A private temporary directory for the files the reader is fuzzed with.
final class FuzzDirectory {
  let path: String
  private var files: Set<String> = []

  init() {
    var template = Array("/tmp/scalpel-fuzz-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(created != nil, "cannot create a temporary directory in /tmp")
    path = String(cString: created!)
  }

  /// The path of `name` in the directory, remembered for clean-up.
  func file(_ name: String) -> String {
    let filePath = path + "/" + name
    files.insert(filePath)
    return filePath
  }

  /// Removes the files and the directory.
  func removeFiles() {
    for file in files { unlink(file) }
    files = []
    rmdir(path)
  }

  static func writeFile(_ bytes: [UInt8], to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(descriptor >= 0, "cannot write \(path)")
    var offset = 0
    bytes.withUnsafeBytes { raw in
      while offset < raw.count {
        let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        precondition(written > 0, "cannot write \(path)")
        offset += written
      }
    }
    close(descriptor)
  }

  static func readFile(_ path: String) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    precondition(descriptor >= 0, "cannot read \(path)")
    defer { close(descriptor) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      precondition(count >= 0, "cannot read \(path)")
      if count == 0 { return result }
      result.append(contentsOf: chunk[..<count])
    }
  }
}

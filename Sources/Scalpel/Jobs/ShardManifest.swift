import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The completion manifest of a shard's outputs, or of a whole `-o` run.
///
/// It is written after all of them are published. `--resume` keeps the outputs only when the manifest verifies: same
/// command and options hash, same input fingerprints, and every output still has the size
/// and CRC-32 written down.
///
/// One JSON line: `{"scalpel_manifest": 1, "command", "options_hash", "inputs": [{"path",
/// "size", "mtime_ns"}], "outputs": [{"path", "bytes", "lines", "file_bytes", "crc32"}],
/// "summary": {…}}`. Paths are absolute, links resolved.
package struct ShardManifest: Sendable, Hashable {
  /// An input file as it was read.
  package struct Fingerprint: Sendable, Hashable {
    package var path: String
    package var size: Int
    package var modificationNanoseconds: Int

    /// The fingerprint of the file at `path` now, or `nil` (standard input, a missing file).
    package init?(path: String) {
      guard path != "-" else { return nil }
      var info = stat()
      guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
      self.path = ResolvedPath(path).absolute
      size = Int(info.st_size)
      modificationNanoseconds = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
    }

    init(path: String, size: Int, modificationNanoseconds: Int) {
      self.path = path
      self.size = size
      self.modificationNanoseconds = modificationNanoseconds
    }
  }

  /// An output as it was published.
  package struct Output: Sendable, Hashable {
    package var path: String
    package var written: AtomicFileWriter.Written
  }

  package var command: String
  package var optionsHash: String
  package var inputs: [Fingerprint]
  package var outputs: [Output]
  /// The summary of what the outputs hold (``JobSummary/encode(into:)``).
  package var summary: JSONValue

  package init(
    command: String, optionsHash: String, inputs: [Fingerprint], outputs: [Output],
    summary: JSONValue
  ) {
    self.command = command
    self.optionsHash = optionsHash
    self.inputs = inputs
    self.outputs = outputs
    self.summary = summary
  }

  /// The manifest as one JSON line.
  package func encoded() -> [UInt8] {
    var writer = JSONWriter()
    writer.appendObject { object in
      object.appendKey("scalpel_manifest")
      object.appendInteger(1)
      object.appendKey("command")
      object.appendString(command)
      object.appendKey("options_hash")
      object.appendString(optionsHash)
      for (key, entries) in [
        (
          "inputs",
          inputs.map {
            [("size", $0.size), ("mtime_ns", $0.modificationNanoseconds)] as [(String, Int)]
          }
        ),
        (
          "outputs",
          outputs.map {
            [
              ("bytes", $0.written.byteCount), ("lines", $0.written.lineCount),
              ("file_bytes", $0.written.fileByteCount), ("crc32", Int($0.written.fileChecksum)),
            ]
          }
        ),
      ] {
        let paths = key == "inputs" ? inputs.map(\.path) : outputs.map(\.path)
        object.appendKey(key)
        object.appendArray { array in
          for (path, members) in zip(paths, entries) {
            array.appendObject { entry in
              entry.appendKey("path")
              entry.appendString(path)
              for (name, value) in members {
                entry.appendKey(name)
                entry.appendInteger(value)
              }
            }
          }
        }
      }
      object.appendKey("summary")
      object.appendValue(summary)
    }
    writer.appendNewline()
    return writer.bytes
  }

  /// Reads the manifest at `path`, or `nil` when there is none or it is unreadable.
  package static func load(_ path: String) -> ShardManifest? {
    guard InputShards.fileExists(path), let bytes = try? FileContents.read(path),
      let value = try? JSONParser().parse(bytes), value["scalpel_manifest"]?.integerValue == 1,
      let command = value["command"]?.stringValue,
      let optionsHash = value["options_hash"]?.stringValue,
      case .array(let inputValues)? = value["inputs"],
      case .array(let outputValues)? = value["outputs"], let summary = value["summary"]
    else { return nil }
    var inputs: [Fingerprint] = []
    for input in inputValues {
      guard let path = input["path"]?.stringValue, let size = input["size"]?.integerValue,
        let time = input["mtime_ns"]?.integerValue
      else { return nil }
      inputs.append(Fingerprint(path: path, size: size, modificationNanoseconds: time))
    }
    var outputs: [Output] = []
    for output in outputValues {
      guard let path = output["path"]?.stringValue, let bytes = output["bytes"]?.integerValue,
        let lines = output["lines"]?.integerValue,
        let fileBytes = output["file_bytes"]?.integerValue,
        let checksum = output["crc32"]?.integerValue
      else { return nil }
      let written = AtomicFileWriter.Written(
        byteCount: bytes, lineCount: lines, fileByteCount: fileBytes,
        fileChecksum: UInt32(truncatingIfNeeded: checksum))
      outputs.append(Output(path: path, written: written))
    }
    return ShardManifest(
      command: command, optionsHash: optionsHash, inputs: inputs, outputs: outputs,
      summary: summary)
  }

  /// Whether the outputs it lists are still exactly what was published, for the same command,
  /// options and inputs, and are the outputs expected now.
  ///
  /// - Complexity: O(*n*) in the size of the outputs, which are read to check their CRC-32.
  package func verifies(
    command: String, optionsHash: String, inputs expectedInputs: [Fingerprint?],
    outputPaths: [String]
  ) -> Bool {
    guard command == self.command, optionsHash == self.optionsHash,
      expectedInputs.allSatisfy({ $0 != nil }), expectedInputs.compactMap({ $0 }) == inputs,
      outputs.map(\.path) == outputPaths.map({ ResolvedPath($0).absolute })
    else { return false }
    return outputs.allSatisfy { output in
      ShardManifest.fileSizeAndChecksum(output.path).map {
        $0.size == output.written.fileByteCount && $0.checksum == output.written.fileChecksum
      } ?? false
    }
  }

  /// The size and CRC-32 of the file at `path`, or `nil` if it cannot be read.
  static func fileSizeAndChecksum(_ path: String) -> (size: Int, checksum: UInt32)? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var size = 0
    var checksum: UInt = 0
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      size += count
      checksum = buffer.withUnsafeBufferPointer { crc32(checksum, $0.baseAddress, UInt32(count)) }
    }
    return (size, UInt32(checksum))
  }

  /// A stable 64-bit FNV-1a hash of `text`, in hexadecimal: the options hash.
  package static func hash(_ text: String) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Expands command-line inputs into the list of shard files to read.
public enum InputShards {
  /// File name endings read from a directory.
  public static let shardSuffixes = [
    ".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson", ".ndjson.gz",
  ]

  /// Returns the files named by `inputs`, in order: a file stays as it is, `-` is
  /// standard input, and a directory becomes its JSONL files (not recursive),
  /// sorted by name so that runs are deterministic.
  ///
  /// - Throws: ``FileError`` naming an input that does not exist or cannot be listed.
  public static func expand(_ inputs: [String]) throws(FileError) -> [String] {
    var shards: [String] = []
    for input in inputs {
      if input == "-" {
        shards.append(input)
        continue
      }
      var info = stat()
      guard stat(input, &info) == 0 else {
        throw FileError(path: input, operation: "read", errorNumber: errno)
      }
      if info.st_mode & S_IFMT == S_IFDIR {
        guard let directory = opendir(input) else {
          throw FileError(path: input, operation: "list", errorNumber: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
          let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
          }
          if !name.hasPrefix(".") && shardSuffixes.contains(where: { name.hasSuffix($0) }) {
            names.append(name)
          }
        }
        let base = input.hasSuffix("/") ? input : input + "/"
        shards.append(contentsOf: names.sorted().map { base + $0 })
      } else {
        shards.append(input)
      }
    }
    return shards
  }

  /// The file name of `path` without directories and without a `.gz` ending.
  public static func baseName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasSuffix(".gz") { name.removeLast(3) }
    return name
  }

  /// Whether a regular file exists at `path`.
  public static func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
  }
}

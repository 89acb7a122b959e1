#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One input file of a job, with the name that identifies it in outputs and ids.
package struct Shard: Sendable, Hashable {
  /// The path as given or listed (`-` is standard input); used in `source` fields.
  package var path: String
  /// The file name without directories and without `.gz` or `.zst` (`stdin` for `-`): the name in the
  /// ids of records without one (``RecordID``), independent of how the path was typed.
  package var name: String
  /// ``name`` without its `.jsonl`, `.json` or `.ndjson` ending: the prefix of the shard's
  /// outputs with `--output-dir`.
  package var stem: String

  /// Creates the shard of `path`.
  package init(path: String) {
    self.path = path
    name = InputShards.shardName(path)
    var stem = name
    for suffix in [".jsonl", ".json", ".ndjson"] where stem.hasSuffix(suffix) {
      stem.removeLast(suffix.count)
      break
    }
    self.stem = stem
  }
}

/// Expands command-line inputs into the list of shard files to read.
package enum InputShards {
  /// File name endings read from a directory.
  package static let shardSuffixes = [
    ".jsonl", ".jsonl.gz", ".jsonl.zst", ".json", ".json.gz", ".json.zst", ".ndjson",
    ".ndjson.gz", ".ndjson.zst",
  ]

  /// Returns the files named by `inputs`, in order: a file stays as it is, `-` is
  /// standard input, and a directory becomes its JSONL files (not recursive; entries that
  /// are not files, such as a folder named `sub.jsonl`, are passed over), sorted by name so
  /// that runs are deterministic.
  ///
  /// - Parameters:
  ///   - inputs: Files, directories or `-`.
  ///   - excluding: A predicate on listed files (not on files named directly) that leaves
  ///     them out, such as the outputs of a job writing into the directory it reads.
  /// - Returns: The shard paths, in order.
  /// - Throws: ``FileError`` naming an input that does not exist or cannot be listed.
  /// - Complexity: O(*n* log *n*) in the number of directory entries.
  package static func expand(_ inputs: [String], excluding: (String) -> Bool = { _ in false })
    throws(FileError) -> [String]
  {
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
        for name in names.sorted() {
          let path = base + name
          guard fileExists(path), !excluding(path) else { continue }
          shards.append(path)
        }
      } else {
        shards.append(input)
      }
    }
    return shards
  }

  /// The shard name of `path`: its file name without directories and without `.gz` or
  /// `.zst`; `stdin` for `-`.
  package static func shardName(_ path: String) -> String {
    if path == "-" { return "stdin" }
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasSuffix(".gz") {
      name.removeLast(3)
    } else if name.hasSuffix(".zst") {
      name.removeLast(4)
    }
    return name
  }

  /// Whether a regular file (or a link to one) exists at `path`.
  package static func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
  }
}

/// The entry that registers a pairs file in LLaMA-Factory's `dataset_info.json`.
///
/// LLaMA-Factory finds a local dataset by joining the entry's `file_name` to its
/// `dataset_dir`, the directory that holds `dataset_info.json` (`os.path.join`, so an
/// absolute name is used as it is), and picks the reader by the file's extension (`.jsonl`
/// and `.json` are JSON; `.gz` is not read). The entry names the columns of the format:
///
/// | Format | `formatting` | `columns` and `tags` |
/// | --- | --- | --- |
/// | `alpaca` | `alpaca` | prompt/query/response: instruction/input/output |
/// | `prompt-completion` | `alpaca` | prompt: prompt, response: completion |
/// | `messages` | `sharegpt` | messages: messages; role/content tags, roles user/assistant/system |
///
/// `conversational` has no entry: LLaMA-Factory reads a conversation from one column, and
/// conversational pairs split it into `prompt` and `completion`.
///
///     let entry = try DatasetInfoEntry(name: "pairs", fileName: "pairs.jsonl", format: .alpaca)
///     // "pairs": {"file_name": "pairs.jsonl", "formatting": "alpaca", "columns": {…}}
public struct DatasetInfoEntry: Sendable, Hashable {
  /// The dataset name, the key in `dataset_info.json` (`dataset: NAME` in a LLaMA-Factory
  /// config).
  public var name: String
  /// The pairs file as LLaMA-Factory resolves it: relative to the directory of
  /// `dataset_info.json`, or absolute.
  public var fileName: String
  /// The layout of the pairs.
  public var format: TrainingPairFormat

  /// Creates the entry of a pairs file.
  ///
  /// - Throws: ``DatasetInfoError/unsupportedFormat(_:)`` for `conversational`, and
  ///   ``DatasetInfoError/unsupportedFileName(_:)`` unless `fileName` ends in `.jsonl` or
  ///   `.json`.
  public init(name: String, fileName: String, format: TrainingPairFormat) throws(DatasetInfoError) {
    guard format != .conversational else { throw .unsupportedFormat(format) }
    guard fileName.hasSuffix(".jsonl") || fileName.hasSuffix(".json") else {
      throw .unsupportedFileName(fileName)
    }
    self.name = name
    self.fileName = fileName
    self.format = format
  }

  /// The entry of `output` registered in the file at `datasetInfoPath`, named `name` or,
  /// by default, after the output (``defaultName(ofOutput:)``).
  ///
  /// `file_name` is the output's path relative to the directory of `datasetInfoPath` when the
  /// output lies in that directory or below it, and its absolute path otherwise; directories
  /// are resolved (links, `.`, `..`), the output's own name is kept.
  ///
  /// - Throws: ``DatasetInfoError``, as ``init(name:fileName:format:)``.
  /// - Complexity: O(*c*) system calls in the number of path components.
  package init(
    name: String?, output: String, datasetInfoPath: String, format: TrainingPairFormat
  ) throws(DatasetInfoError) {
    try self.init(
      name: name ?? Self.defaultName(ofOutput: output),
      fileName: Self.fileName(ofOutput: output, datasetInfoPath: datasetInfoPath), format: format)
  }

  /// The output's file name without its directory and without `.jsonl` (or `.json`):
  /// `out/pairs.jsonl` gives `pairs`.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the path.
  public static func defaultName(ofOutput output: String) -> String {
    var name = Substring(output.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    for suffix in [".jsonl", ".json"] where name.hasSuffix(suffix) && name.count > suffix.count {
      name = name.dropLast(suffix.count)
      break
    }
    return String(name)
  }

  /// `output` as LLaMA-Factory resolves it from the directory of `datasetInfoPath`.
  ///
  /// - Complexity: O(*c*) system calls in the number of path components.
  package static func fileName(ofOutput output: String, datasetInfoPath: String) -> String {
    let (outputDirectory, outputName) = split(output)
    let base = ResolvedPath(split(datasetInfoPath).directory).absolute
    let directory = ResolvedPath(outputDirectory).absolute
    if directory == base { return outputName }
    let prefix = base == "/" ? "/" : base + "/"
    if directory.hasPrefix(prefix) {
      return String(directory.dropFirst(prefix.count)) + "/" + outputName
    }
    return (directory == "/" ? "" : directory) + "/" + outputName
  }

  /// The directory part (`.` when there is none) and the name of `path`.
  private static func split(_ path: String) -> (directory: String, name: String) {
    let utf8 = Array(path.utf8)
    guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
    let directory = slash == 0 ? "/" : String(decoding: utf8[..<slash], as: UTF8.self)
    return (directory, String(decoding: utf8[(slash + 1)...], as: UTF8.self))
  }

  /// The entry's value: `file_name`, `formatting`, `columns` and, for `messages`, `tags`,
  /// in that order.
  public var value: JSONValue {
    var members: [(key: String, value: JSONValue)] = [("file_name", .string(fileName))]
    func strings(_ pairs: [(String, String)]) -> JSONValue {
      .object(pairs.map { (key: $0.0, value: .string($0.1)) })
    }
    switch format {
    case .alpaca:
      members.append(("formatting", .string("alpaca")))
      members.append(
        (
          "columns",
          strings([("prompt", "instruction"), ("query", "input"), ("response", "output")])
        ))
    case .promptCompletion:
      members.append(("formatting", .string("alpaca")))
      members.append(("columns", strings([("prompt", "prompt"), ("response", "completion")])))
    case .messages, .conversational:
      members.append(("formatting", .string("sharegpt")))
      members.append(("columns", strings([("messages", "messages")])))
      members.append(
        (
          "tags",
          strings([
            ("role_tag", "role"), ("content_tag", "content"), ("user_tag", "user"),
            ("assistant_tag", "assistant"), ("system_tag", "system"),
          ])
        ))
    }
    return .object(members)
  }

  /// `datasetInfo` with this entry: a member of the same name is replaced where it stands
  /// (later duplicates are dropped), a new one is appended; other members keep their order.
  ///
  /// - Precondition: `datasetInfo` is an object.
  /// - Complexity: O(*m*), where *m* is the number of members.
  public func merged(into datasetInfo: JSONValue) -> JSONValue {
    guard case .object(let members) = datasetInfo else {
      preconditionFailure("dataset_info.json must be an object")
    }
    var result: [(key: String, value: JSONValue)] = []
    var isPlaced = false
    for member in members {
      if member.key != name {
        result.append(member)
      } else if !isPlaced {
        result.append((name, value))
        isPlaced = true
      }
    }
    if !isPlaced { result.append((name, value)) }
    return .object(result)
  }
}

/// Why a pairs file cannot be registered in LLaMA-Factory's `dataset_info.json`.
public enum DatasetInfoError: Error, Sendable, Hashable, CustomStringConvertible {
  /// LLaMA-Factory has no formatting that reads this layout.
  case unsupportedFormat(TrainingPairFormat)
  /// LLaMA-Factory picks its reader by extension and reads neither this one nor `.gz` or `.zst`.
  case unsupportedFileName(String)

  /// The message for people.
  public var description: String {
    switch self {
    case .unsupportedFormat(let format):
      return
        "LLaMA-Factory cannot read --format \(format.rawValue): its dataset_info.json formattings "
        + "read a conversation from one column, and \(format.rawValue) pairs split it into prompt "
        + "and completion; use --format messages (sharegpt), alpaca or prompt-completion (alpaca)"
    case .unsupportedFileName(let name):
      return
        "LLaMA-Factory cannot read '\(name)': it picks its reader by the extension, so the "
        + "output must end in .jsonl or .json (not .gz or .zst)"
    }
  }
}

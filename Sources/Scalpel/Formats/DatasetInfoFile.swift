/// A LLaMA-Factory `dataset_info.json` to register a pairs file in, and the entry to put there.
///
/// An existing file must hold a JSON object (blank counts as `{}`); the entry is merged into
/// it (``DatasetInfoEntry/merged(into:)``) and the other datasets are kept, in their order.
/// The file is written with two-space indentation, replaced atomically (``AtomicFileWriter``).
public struct DatasetInfoFile: Sendable, Hashable {
  /// The path of `dataset_info.json`.
  public var path: String
  /// The entry of the pairs file.
  public var entry: DatasetInfoEntry

  /// Creates the destination of `entry`.
  public init(path: String, entry: DatasetInfoEntry) {
    self.path = path
    self.entry = entry
  }

  /// The file's current contents, `{}` when it does not exist or is blank.
  ///
  /// - Throws: ``FileError`` naming the path, and the line and column where it stops being a
  ///   JSON object.
  /// - Complexity: O(*n*), where *n* is the size of the file.
  package func existingValue() throws(FileError) -> JSONValue {
    guard ResolvedPath(path).fileID != nil else { return .object([]) }
    let bytes = try FileContents.read(path)
    if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return .object([]) }
    let value: JSONValue
    do {
      value = try JSONParser().parse(bytes)
    } catch {
      throw FileError(
        path: path, operation: "add the dataset entry to",
        reason: "\(error); it must be a JSON object, as LLaMA-Factory's dataset_info.json is")
    }
    guard case .object = value else {
      throw FileError(
        path: path, operation: "add the dataset entry to",
        reason: "its top-level value is not a JSON object, as LLaMA-Factory's dataset_info.json is")
    }
    return value
  }

  /// Merges the entry into the file (created if missing) and replaces it atomically.
  ///
  /// - Throws: ``FileError`` naming the path.
  /// - Complexity: O(*n*), where *n* is the size of the file.
  public func write() throws(FileError) {
    let merged = entry.merged(into: try existingValue())
    var text = ""
    Self.appendIndented(merged, indentation: "", to: &text)
    text += "\n"
    let file = try AtomicFileWriter(path: path)
    try file.write(text)
    try file.commit()
  }

  /// Appends `value` as JSON with one member or element per line, indented by two spaces.
  private static func appendIndented(_ value: JSONValue, indentation: String, to text: inout String)
  {
    let inner = indentation + "  "
    switch value {
    case .object(let members) where !members.isEmpty:
      text += "{\n"
      for (index, member) in members.enumerated() {
        text += inner + compact(.string(member.key)) + ": "
        appendIndented(member.value, indentation: inner, to: &text)
        text += index + 1 < members.count ? ",\n" : "\n"
      }
      text += indentation + "}"
    case .array(let elements) where !elements.isEmpty:
      text += "[\n"
      for (index, element) in elements.enumerated() {
        text += inner
        appendIndented(element, indentation: inner, to: &text)
        text += index + 1 < elements.count ? ",\n" : "\n"
      }
      text += indentation + "]"
    default:
      text += compact(value)
    }
  }

  /// `value` in compact JSON.
  private static func compact(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    writer.appendValue(value)
    return String(decoding: writer.bytes, as: UTF8.self)
  }
}

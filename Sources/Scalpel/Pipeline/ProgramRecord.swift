/// One line of a programs file: the output a model wrote for one chunk of one document.
///
/// Two layouts are read:
/// - the native layout `{"id": <document id>, "chunk": <k>, "program": "<model output>"}`,
///   where `chunk` is optional (default 0);
/// - the pairs that `build-pairs` writes (``TrainingPairFormat``), where the program is
///   `completion`, `output` or the content of the last `assistant` message.
///
/// Ids are strings or numbers (kept as written). When a line has no `chunk` field and
/// no `program` field (a pair), an id that ends in `#` and at most nine digits is split
/// into the document id and the chunk index, as `build-pairs` writes it: `web-7#2` is
/// chunk 2 of `web-7`. A native line's id is never split.
public struct ProgramRecord: Sendable, Hashable {
  /// Why a line is not a program record.
  public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public var description: String
  }

  /// The document the program belongs to.
  public var documentID: String
  /// The chunk of the document, from 0.
  public var chunkIndex: Int
  /// The model output.
  public var output: String

  /// Creates a record.
  public init(documentID: String, chunkIndex: Int, output: String) {
    self.documentID = documentID
    self.chunkIndex = chunkIndex
    self.output = output
  }

  /// Reads a record from one parsed JSON line.
  ///
  /// - Throws: ``ReadError`` when the line is not an object, lacks an id or a program,
  ///   or has a `chunk` that is not a non-negative integer.
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  public init(json value: JSONValue) throws(ReadError) {
    guard case .object = value else { throw ReadError(description: "line is not a JSON object") }
    var id: String
    switch value["id"] {
    case .string(let string)?: id = string
    case .number(let text)?: id = text
    case nil, .null?: throw ReadError(description: "field 'id' is missing")
    default: throw ReadError(description: "field 'id' is neither a string nor a number")
    }
    let output: String
    var isPair = false
    if let program = value["program"] {
      guard case .string(let string) = program else {
        throw ReadError(description: "field 'program' is not a string")
      }
      output = string
    } else if case .string(let completion)? = value["completion"] {
      (output, isPair) = (completion, true)
    } else if case .string(let text)? = value["output"] {
      (output, isPair) = (text, true)
    } else if case .array(let messages)? = value["messages"],
      case .string(let content)? = messages.last(where: { $0["role"]?.stringValue == "assistant" }
      )?[
        "content"]
    {
      (output, isPair) = (content, true)
    } else {
      throw ReadError(
        description:
          "no program: expected 'program', 'completion', 'output' or an assistant message")
    }
    var chunkIndex = 0
    if let chunk = value["chunk"] {
      guard let index = chunk.integerValue, index >= 0 else {
        throw ReadError(description: "field 'chunk' is not a non-negative integer")
      }
      chunkIndex = index
    } else if isPair, let split = ProgramRecord.splittingPairID(id) {
      (id, chunkIndex) = split
    }
    guard !id.isEmpty else { throw ReadError(description: "field 'id' is empty") }
    self.init(documentID: id, chunkIndex: chunkIndex, output: output)
  }

  /// Splits `<document>#<k>` into the document id and `k`, or returns `nil`.
  static func splittingPairID(_ id: String) -> (String, Int)? {
    let utf8 = Array(id.utf8)
    guard let hash = utf8.lastIndex(of: UInt8(ascii: "#")) else { return nil }
    let digits = utf8[(hash + 1)...]
    guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 &- 0x30 < 10 }),
      let index = Int(String(decoding: digits, as: UTF8.self))
    else { return nil }
    return (String(decoding: utf8[..<hash], as: UTF8.self), index)
  }
}

/// The one rule for record ids, used by every reader (corpus records, programs, rejects).
///
/// - A string is the id as it is; the empty string counts as no id.
/// - An integer number is the id written in decimal: `1`, `"1"` and `-0`/`0` name the same
///   records as `"1"` and `"0"`, so `1` and `"1"` in one run are duplicates.
/// - Any other number (`1.5`, `1e3`) or type is refused (`invalid_field`).
/// - A record without an id (missing, `null` or `""`) gets `<shard name>:<line>`, where the
///   shard name is the input's file name without its directories (`Shard/name`), so the id
///   does not depend on how the path was typed (`./x.jsonl`, `/data/x.jsonl` → `x.jsonl:3`).
public enum RecordID {
  /// Why an id field cannot be used.
  public struct InvalidID: Error, Sendable, Hashable {
    /// What is wrong, such as `is a number that is not an integer`.
    public var problem: String
  }

  /// Returns the canonical id of an id field's value, or `nil` for no id.
  ///
  /// - Complexity: O(*n*), where *n* is the length of the id.
  public static func canonical(_ value: JSONValue?) -> Result<String?, InvalidID> {
    switch value {
    case nil, .null?:
      return .success(nil)
    case .string(let string)?:
      return .success(string.isEmpty ? nil : string)
    case .number(let text)?:
      var digits = Substring(text)
      let isNegative = digits.first == "-"
      if isNegative { digits = digits.dropFirst() }
      guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
        return .failure(InvalidID(problem: "is a number that is not an integer"))
      }
      if digits.utf8.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .success("0") }
      return .success(isNegative ? "-" + digits : String(digits))
    default:
      return .failure(InvalidID(problem: "is neither a string nor an integer"))
    }
  }

  /// The id of a record without one: `<shard name>:<line number>`.
  public static func generated(shardName: String, lineNumber: Int) -> String {
    "\(shardName):\(lineNumber)"
  }
}

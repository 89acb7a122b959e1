/// A JSON value as parsed by ``JSONParser``, keeping the document's structure exactly.
///
/// Numbers keep their raw source text (`1.0` and `1` are different values), and object
/// members keep their source order, including duplicate keys. Two values are equal when
/// they have the same case and the same contents in the same order; strings and keys compare
/// by their exact UTF-8 bytes, not by canonical equivalence as `String` does.
public enum JSONValue: Sendable, Hashable, CustomStringConvertible {
  /// The literal `null`.
  case null
  /// The literal `true` or `false`.
  case bool(Bool)
  /// A number, kept as its raw source text, for example `-1.5e3`.
  case number(String)
  /// A string with all escapes decoded.
  case string(String)
  /// An array of values in source order.
  case array([JSONValue])
  /// An object's members in source order; keys may repeat.
  case object([(key: String, value: JSONValue)])

  /// Returns the value of the last member named `key`, or `nil` if there is none or this is
  /// not an object.
  ///
  /// The last value wins for duplicate keys, as in most JSON decoders.
  ///
  /// - Complexity: O(*m*), where *m* is the number of members.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    var index = members.count
    while index > 0 {
      index -= 1
      if members[index].key == key { return members[index].value }
    }
    return nil
  }

  /// The string, if this value is a string.
  public var stringValue: String? {
    if case .string(let string) = self { return string }
    return nil
  }

  /// The number as an `Int`, if this value is an integer number that fits in `Int`.
  public var integerValue: Int? {
    if case .number(let text) = self { return Int(text) }
    return nil
  }

  /// The value as compact JSON text, as ``JSONWriter/appendValue(_:)`` writes it.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the output.
  public var description: String {
    var writer = JSONWriter()
    writer.appendValue(self)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// Returns whether two values have the same case and contents, member order included.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the smaller value.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count
        && zip(a, b).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value }
    default: return false
    }
  }

  /// Hashes the case and contents of the value.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the value.
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null:
      hasher.combine(0 as UInt8)
    case .bool(let bool):
      hasher.combine(1 as UInt8)
      hasher.combine(bool)
    case .number(let text):
      hasher.combine(2 as UInt8)
      hasher.combine(text)
    case .string(let string):
      hasher.combine(3 as UInt8)
      JSONValue.hashUTF8(of: string, into: &hasher)
    case .array(let elements):
      hasher.combine(4 as UInt8)
      hasher.combine(elements)
    case .object(let members):
      hasher.combine(5 as UInt8)
      hasher.combine(members.count)
      for member in members {
        JSONValue.hashUTF8(of: member.key, into: &hasher)
        hasher.combine(member.value)
      }
    }
  }

  /// Hashes the exact UTF-8 bytes of `string`, consistent with the byte-wise `==` above.
  private static func hashUTF8(of string: String, into hasher: inout Hasher) {
    var string = string
    hasher.combine(string.utf8.count)
    string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}

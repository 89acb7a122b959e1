/// An error raised while validating input to Scalpel.
///
/// Every case names the position of the problem in the unit it is measured in,
/// so that a message can point a person at the exact byte or line.
public enum ScalpelError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The input is not valid UTF-8; `byteOffset` is the offset of the first bad byte.
  case invalidUTF8(byteOffset: Int)
  /// An expert response does not contain a `refined_text: [doc]…[/doc]` section.
  case missingRefinedText

  /// A human-readable description of the error.
  public var description: String {
    switch self {
    case .invalidUTF8(let byteOffset):
      return "invalid UTF-8 at byte offset \(byteOffset)"
    case .missingRefinedText:
      return "expert response has no 'refined_text: [doc]...[/doc]' section"
    }
  }
}

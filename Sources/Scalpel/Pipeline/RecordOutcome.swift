/// Why an input record was not turned into training pairs, in a form fit for a rejects file.
public struct RecordRejection: Sendable, Hashable {
  /// The record's id, when it could be read.
  public var id: String?
  /// Where the record is: `path:lineNumber`.
  public var source: String
  /// A stable snake_case code (`invalid_json`, `missing_field`, `rewrite_too_large`, …).
  public var reason: String
  /// A human-readable explanation naming the field, offset or line involved.
  public var detail: String

  /// Creates a rejection.
  public init(id: String?, source: String, reason: String, detail: String) {
    self.id = id
    self.source = source
    self.reason = reason
    self.detail = detail
  }

  /// Appends the rejection as one JSON line: `{"id","source","reason","detail"}`.
  public func encode(into writer: inout JSONWriter) {
    writer.appendObject { object in
      object.appendKey("id")
      if let id { object.appendString(id) } else { object.appendNull() }
      object.appendKey("source")
      object.appendString(source)
      object.appendKey("reason")
      object.appendString(reason)
      object.appendKey("detail")
      object.appendString(detail)
    }
    writer.appendNewline()
  }
}

/// What became of one input record.
public enum RecordOutcome: Sendable {
  /// The record produced these encoded pair lines.
  case accepted(lines: [UInt8], statistics: PairStatistics, chunkCount: Int, isKeepAll: Bool)
  /// The record was rejected.
  case rejected(RecordRejection, statistics: PairStatistics?)
}

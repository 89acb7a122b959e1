/// Why a record was rejected: the one list of reject codes every command writes.
///
/// Codes are stable snake_case strings (``code``). The reasons a pair cannot be built
/// are ``RejectReason``s, wrapped as ``pair(_:)`` so that new pair reasons need no
/// change here.
public enum RejectCode: Sendable, Hashable {
  /// The line is longer than the record limit; it was skipped unread.
  case lineTooLong
  /// The line is not valid UTF-8.
  case invalidUTF8
  /// The line is not valid JSON.
  case invalidJSON
  /// The line is JSON but not an object.
  case notAnObject
  /// A required field is missing.
  case missingField
  /// A field has the wrong type (an id that is neither a string nor an integer, …).
  case invalidField
  /// The text is empty or blank.
  case emptyDocument
  /// `--expert-response`: the reply has no `refined_text: [doc]…[/doc]` section.
  case missingRefinedText
  /// `--expert-replies`: the chunk's batch reply is an error (an `error` object, or a status
  /// other than 200).
  case expertError
  /// `--expert-replies`: the reply was cut off: `finish_reason` is `length`, or the
  /// `refined_text: [doc]` section has no closing `[/doc]`.
  case expertTruncated
  /// `--expert-replies`: the reply has no text, or no `refined_text: [doc]…[/doc]` section.
  case expertUnparsable
  /// `--expert-replies`: no reply line names the chunk.
  case expertMissing
  /// `--expert-replies`: a document without replies that the recipe's expert sample did
  /// not draw (`sampling.sample_rate`), so no request was made for it.
  case notSampled
  /// An unchanged document not drawn at the keep-all rate.
  case keepAllSampledOut
  /// The id was already used by an earlier record of the run.
  case duplicateID
  /// A pair is longer than `--max-pair-tokens` approximate tokens.
  case pairTooLong
  /// `prompts --pairs`: the pair's prompt is not the one the run's recipe renders for its
  /// chunk (another format, instruction, line prefix or document wrapper), so the refiner
  /// would be asked something it was not trained on.
  case promptMismatch
  /// The pair builder rejected the record.
  case pair(RejectReason)

  /// The stable snake_case code written to rejects files and summaries.
  public var code: String {
    switch self {
    case .lineTooLong: return "line_too_long"
    case .invalidUTF8: return "invalid_utf8"
    case .invalidJSON: return "invalid_json"
    case .notAnObject: return "not_an_object"
    case .missingField: return "missing_field"
    case .invalidField: return "invalid_field"
    case .emptyDocument: return "empty_document"
    case .missingRefinedText: return "missing_refined_text"
    case .expertError: return "expert_error"
    case .expertTruncated: return "expert_truncated"
    case .expertUnparsable: return "expert_unparsable"
    case .expertMissing: return "expert_missing"
    case .notSampled: return "not_sampled"
    case .keepAllSampledOut: return "keep_all_sampled_out"
    case .duplicateID: return "duplicate_id"
    case .pairTooLong: return "pair_too_long"
    case .promptMismatch: return "prompt_mismatch"
    case .pair(let reason): return reason.code
    }
  }
}

/// One line of a rejects file: which record, where, why (a ``RejectCode``) and details.
///
/// The format is `{"id": <string or null>, "source": "<file>:<line>", "reason", "detail"}`,
/// keys in that order; ``encode(into:)`` writes it and ``init(json:)`` reads it.
public struct RecordRejection: Error, Sendable, Hashable {
  /// The record's id, when it could be read.
  public var id: String?
  /// Where the record is: `path:lineNumber`.
  public var source: String
  /// The code, ``RejectCode/code`` for rejections made by this package.
  public var reason: String
  /// A human-readable explanation naming the field, offset or line involved.
  public var detail: String

  /// Creates a rejection with a code of this package.
  public init(id: String?, source: String, code: RejectCode, detail: String) {
    self.init(id: id, source: source, reason: code.code, detail: detail)
  }

  /// Creates a rejection with any reason code (as read from a rejects file).
  public init(id: String?, source: String, reason: String, detail: String) {
    self.id = id
    self.source = source
    self.reason = reason
    self.detail = detail
  }

  /// Reads a rejects line, or returns `nil` if `value` has no `reason` string.
  ///
  /// A missing `source` reads as the empty string.
  ///
  /// - Complexity: O(*m*), where *m* is the number of members of the object.
  public init?(json value: JSONValue) {
    guard let reason = value["reason"]?.stringValue else { return nil }
    let source = value["source"]?.stringValue ?? ""
    var id: String?
    if let idValue = value["id"], case .success(let canonical) = RecordID.canonical(idValue) {
      id = canonical
    }
    self.init(id: id, source: source, reason: reason, detail: value["detail"]?.stringValue ?? "")
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

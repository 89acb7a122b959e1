extension BatchOutputLine.Outcome {
  /// The refiner's program this outcome carries, or why it carries none
  /// (Specification §6.2).
  ///
  /// - `failed` with a `status …` detail (a `status_code` other than 200):
  ///   ``ReplyFailure/Reason/httpStatus``; any other `failed` (an `error` object, no
  ///   response): ``ReplyFailure/Reason/error``.
  /// - `content` with `finish_reason` `length`: ``ReplyFailure/Reason/truncated``.
  /// - `unparsable`, or content that is empty or only whitespace:
  ///   ``ReplyFailure/Reason/noContent``.
  /// - otherwise the content, as the program text (parsed leniently later, as any program).
  ///
  /// The detail of a failure does not name the line; the caller adds it.
  ///
  /// - Complexity: O(*n*) in the length of the content.
  package var program: Result<String, ReplyFailure> {
    switch self {
    case .failed(let detail):
      let isStatus = detail.utf8.starts(with: BatchOutputLine.statusDetailPrefix.utf8)
      return .failure(ReplyFailure(reason: isStatus ? .httpStatus : .error, detail: detail))
    case .unparsable(let detail):
      return .failure(ReplyFailure(reason: .noContent, detail: detail))
    case .content(let content, let finishReason):
      if finishReason == "length" {
        return .failure(
          ReplyFailure(
            reason: .truncated, detail: "finish_reason is length: the reply was cut at max_tokens"))
      }
      let isBlank = content.utf8.allSatisfy {
        $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n")
          || $0 == UInt8(ascii: "\r")
      }
      if isBlank {
        return .failure(ReplyFailure(reason: .noContent, detail: "the content is empty"))
      }
      return .success(content)
    }
  }
}

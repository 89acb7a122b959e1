/// The refined text of one chunk from its expert reply in a batch output file, or why there
/// is none (Specification §5.4).
enum ExpertReply {
  /// The refined chunk of `outcome`, or the reject code and detail of a reply that gives none.
  ///
  /// A failed request is `expert_error`; a reply cut at `max_tokens` (`finish_reason`
  /// `length`) or whose `refined_text: [doc]` is never closed is `expert_truncated`; a reply
  /// without text or without the section is `expert_unparsable`. The text is taken as
  /// ``ExpertResponse/refinedText(from:for:)`` takes it from an `--expert-response` field,
  /// so that both give the same pair.
  ///
  /// - Complexity: O(*n*) in the length of the reply.
  static func refinedText(_ outcome: BatchOutputLine.Outcome, for chunk: NormalizedText)
    -> Result<[UInt8], Failure>
  {
    switch outcome {
    case .failed(let detail):
      return .failure(Failure(code: .expertError, detail: detail))
    case .unparsable(let detail):
      return .failure(Failure(code: .expertUnparsable, detail: detail))
    case .content(let content, let finishReason):
      if finishReason == "length" {
        return .failure(
          Failure(
            code: .expertTruncated,
            detail: "finish_reason is length: the reply was cut at max_tokens"))
      }
      let bytes = Array(content.utf8)
      if ExpertResponse.hasUnclosedSection(bytes) {
        return .failure(
          Failure(code: .expertTruncated, detail: "refined_text: [doc] is never closed by [/doc]"))
      }
      do {
        return .success(try ExpertResponse.refinedText(from: bytes, for: chunk))
      } catch {
        return .failure(
          Failure(code: .expertUnparsable, detail: "the reply has no refined_text: [doc]...[/doc]"))
      }
    }
  }

  /// Why a reply gives no refined text.
  struct Failure: Error, Hashable {
    var code: RejectCode
    var detail: String
  }
}

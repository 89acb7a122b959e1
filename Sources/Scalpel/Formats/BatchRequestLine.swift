/// One line of a batch input file (OpenAI Batch API, vLLM `run_batch`): a request for one
/// chunk (Specification §5.3, §6.1). The one writer of such lines.
///
/// `{"custom_id": "<id>#<k>", "method": "POST", "url": "/v1/chat/completions", "body":
/// {"model", "messages": [{"role", "content"}, …], "temperature", "top_p", "top_k",
/// "max_tokens", "structured_outputs": {"regex"}}}`; a text prompt goes to
/// `/v1/completions` with `"prompt"` instead of `"messages"`. Body parameters that are
/// `nil` are left out.
package enum BatchRequestLine {
  /// Appends the request line for `prompt` to `writer`: chat messages go to
  /// `/v1/chat/completions`, a text to `/v1/completions`.
  ///
  /// - Complexity: O(*n*) in the length of the prompt.
  package static func append(
    customID: String, prompt: ChunkPrompt, body parameters: BatchRequestBody,
    into writer: inout JSONWriter
  ) {
    writer.appendObject { request in
      request.appendKey("custom_id")
      request.appendString(customID)
      request.appendKey("method")
      request.appendString("POST")
      request.appendKey("url")
      switch prompt {
      case .messages: request.appendString(ExpertRequestOptions.Endpoint.chatCompletions.rawValue)
      case .text: request.appendString(ExpertRequestOptions.Endpoint.completions.rawValue)
      }
      request.appendKey("body")
      request.appendObject { body in
        body.appendKey("model")
        body.appendString(parameters.model)
        switch prompt {
        case .messages: body.appendKey("messages")
        case .text: body.appendKey("prompt")
        }
        prompt.appendJSON(into: &body)
        if let temperature = parameters.temperature {
          body.appendKey("temperature")
          body.appendRawJSON(Array(Recipe.numberText(temperature).utf8))
        }
        if let topP = parameters.topP {
          body.appendKey("top_p")
          body.appendRawJSON(Array(Recipe.numberText(topP).utf8))
        }
        if let topK = parameters.topK {
          body.appendKey("top_k")
          body.appendInteger(topK)
        }
        if let maximumTokenCount = parameters.maximumTokenCount {
          body.appendKey("max_tokens")
          body.appendInteger(maximumTokenCount)
        }
        if let regex = parameters.regex {
          body.appendKey("structured_outputs")
          body.appendObject { constraint in
            constraint.appendKey("regex")
            constraint.appendString(regex)
          }
        }
      }
    }
    writer.appendNewline()
  }
}

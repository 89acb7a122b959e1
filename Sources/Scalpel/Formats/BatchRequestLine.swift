/// One line of a batch input file (OpenAI Batch API, vLLM `run_batch`): a request for one
/// chunk (Specification §5.3). The one writer of such lines.
///
/// `{"custom_id": "<id>#<k>", "method": "POST", "url": "/v1/chat/completions", "body":
/// {"model", "messages": [{"role": "user", "content"}], "temperature", "top_p", "top_k",
/// "max_tokens"}}`; with `/v1/completions` the body has `"prompt"` instead of `"messages"`.
/// Sampling parameters that are `nil` are left out.
package enum BatchRequestLine {
  /// Appends the request line for `prompt` to `writer`.
  ///
  /// - Complexity: O(*n*) in the length of the prompt.
  package static func append(
    customID: String, prompt: String, options: ExpertRequestOptions, into writer: inout JSONWriter
  ) {
    writer.appendObject { request in
      request.appendKey("custom_id")
      request.appendString(customID)
      request.appendKey("method")
      request.appendString("POST")
      request.appendKey("url")
      request.appendString(options.endpoint.rawValue)
      request.appendKey("body")
      request.appendObject { body in
        body.appendKey("model")
        body.appendString(options.model)
        switch options.endpoint {
        case .chatCompletions:
          body.appendKey("messages")
          body.appendArray { messages in
            messages.appendObject { message in
              message.appendKey("role")
              message.appendString("user")
              message.appendKey("content")
              message.appendString(prompt)
            }
          }
        case .completions:
          body.appendKey("prompt")
          body.appendString(prompt)
        }
        if let temperature = options.temperature {
          body.appendKey("temperature")
          body.appendRawJSON(Array(Recipe.numberText(temperature).utf8))
        }
        if let topP = options.topP {
          body.appendKey("top_p")
          body.appendRawJSON(Array(Recipe.numberText(topP).utf8))
        }
        if let topK = options.topK {
          body.appendKey("top_k")
          body.appendInteger(topK)
        }
        if let maximumTokenCount = options.maximumTokenCount {
          body.appendKey("max_tokens")
          body.appendInteger(maximumTokenCount)
        }
      }
    }
    writer.appendNewline()
  }
}

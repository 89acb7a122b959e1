/// The expert's prompt and sampling parameters: what `expert-requests` writes into each
/// batch request (Specification §5.2).
public struct ExpertRequestOptions: Sendable, Hashable {
  /// The OpenAI-compatible endpoint a request goes to.
  public enum Endpoint: String, Sendable, Hashable, CaseIterable {
    /// Chat completions: the prompt is one user message, the server applies the chat template.
    case chatCompletions = "/v1/chat/completions"
    /// Plain completions: the prompt is sent as text, as is.
    case completions = "/v1/completions"
  }

  /// The endpoint of every request.
  public var endpoint: Endpoint
  /// The model name the server knows the expert by.
  public var model: String
  /// The prompt; ``ExpertPrompt/placeholder`` stands for the chunk's text.
  public var promptTemplate: String
  /// Sampling temperature; `nil` leaves it out of the request.
  public var temperature: Double?
  /// Nucleus sampling; `nil` leaves it out.
  public var topP: Double?
  /// Top-k sampling (a vLLM extension of the OpenAI body); `nil` leaves it out, as the
  /// OpenAI Batch API needs.
  public var topK: Int?
  /// The longest reply in tokens; `nil` leaves it to the server.
  public var maximumTokenCount: Int?

  /// Creates options; the defaults are the paper's expert run: Qwen2.5-72B-Instruct with
  /// top-p 0.8 and top-k 20, and Qwen2.5's default temperature 0.7.
  public init(
    endpoint: Endpoint = .chatCompletions, model: String = "Qwen/Qwen2.5-72B-Instruct",
    promptTemplate: String = ExpertPrompt.defaultTemplate, temperature: Double? = 0.7,
    topP: Double? = 0.8, topK: Int? = 20, maximumTokenCount: Int? = 16_384
  ) {
    (self.endpoint, self.model, self.promptTemplate) = (endpoint, model, promptTemplate)
    (self.temperature, self.topP, self.topK) = (temperature, topP, topK)
    self.maximumTokenCount = maximumTokenCount
  }
}

extension ExpertRequestOptions {
  /// The body parameters of every expert request: the model and the sampling.
  package var requestBody: BatchRequestBody {
    BatchRequestBody(
      model: model, temperature: temperature, topP: topP, topK: topK,
      maximumTokenCount: maximumTokenCount)
  }

  /// The expert's prompt text as ``endpoint`` takes it: one user message, or the text.
  package func chunkPrompt(_ text: String) -> ChunkPrompt {
    switch endpoint {
    case .chatCompletions: return .messages([PromptMessage(role: "user", content: text)])
    case .completions: return .text(text)
    }
  }
}

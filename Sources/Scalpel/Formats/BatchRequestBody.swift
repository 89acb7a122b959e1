/// The body parameters of a batch request besides its prompt: the model, the sampling and
/// an optional output constraint (Specification §5.3, §6.1). ``BatchRequestLine`` writes
/// them in this order; `nil` leaves a key out.
package struct BatchRequestBody: Sendable, Hashable {
  /// The model name the server knows the model by.
  package var model: String
  /// Sampling temperature (`temperature`).
  package var temperature: Double?
  /// Nucleus sampling (`top_p`).
  package var topP: Double?
  /// Top-k sampling (`top_k`, a vLLM extension).
  package var topK: Int?
  /// The longest reply in tokens (`max_tokens`).
  package var maximumTokenCount: Int?
  /// A regular expression the whole reply must match, sent as vLLM's
  /// `"structured_outputs": {"regex": …}`.
  package var regex: String?

  /// Creates a body.
  package init(
    model: String, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
    maximumTokenCount: Int? = nil, regex: String? = nil
  ) {
    (self.model, self.temperature, self.topP, self.topK) = (model, temperature, topP, topK)
    (self.maximumTokenCount, self.regex) = (maximumTokenCount, regex)
  }
}

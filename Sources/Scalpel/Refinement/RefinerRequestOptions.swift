/// How `scalpel prompts` writes the refiner's prompts (Specification §6.1): batch requests
/// or plain lines, the model, the reply length and the output constraint.
public struct RefinerRequestOptions: Sendable, Hashable {
  /// The layout of each output line.
  public enum Layout: String, Sendable, Hashable {
    /// A batch request (OpenAI Batch API, vLLM `run_batch`).
    case batch
    /// `{"id", "chunk", "prompt"}`: the prompt as a string or as chat messages.
    case plain
  }

  /// The default reply length: 4 times the longest label program of the bundled corpus
  /// (813 characters, about 250 tokens), so that no program a chunk needs is cut, while a
  /// greedy decode that starts repeating itself stops soon.
  public static let defaultMaximumTokenCount = 1024

  /// Batch requests or plain lines.
  public var layout: Layout
  /// Whether a text prompt (`prompt-completion`, `alpaca`) is sent to
  /// `/v1/chat/completions` as one user message instead of to `/v1/completions` as text.
  /// Chat formats always go to `/v1/chat/completions`.
  public var sendsTextAsChat: Bool
  /// The model name the server knows the refiner by.
  public var model: String
  /// The longest reply in tokens (`max_tokens`).
  public var maximumTokenCount: Int
  /// Whether each request carries the regular expression of its chunk's programs
  /// (Specification §6.1) as vLLM's `structured_outputs.regex` (plain lines: `regex`).
  public var constrainsPrograms: Bool

  /// Creates options; by default batch requests to `refiner`, greedy, 1,024 tokens, no
  /// constraint.
  public init(
    layout: Layout = .batch, sendsTextAsChat: Bool = false, model: String = "refiner",
    maximumTokenCount: Int = RefinerRequestOptions.defaultMaximumTokenCount,
    constrainsPrograms: Bool = false
  ) {
    (self.layout, self.sendsTextAsChat, self.model) = (layout, sendsTextAsChat, model)
    (self.maximumTokenCount, self.constrainsPrograms) = (maximumTokenCount, constrainsPrograms)
  }

  /// The body parameters of a request for a chunk of `lineCount` lines: greedy decoding
  /// (temperature 0), ``maximumTokenCount`` and, with ``constrainsPrograms``, the regex.
  package func requestBody(lineCount: Int) -> BatchRequestBody {
    BatchRequestBody(
      model: model, temperature: 0, maximumTokenCount: maximumTokenCount,
      regex: constrainsPrograms ? ProgramRegex.pattern(lineCount: lineCount) : nil)
  }

  /// The prompt as a request sends it: a text as one user message with
  /// ``sendsTextAsChat``, otherwise unchanged.
  package func requestPrompt(_ prompt: ChunkPrompt) -> ChunkPrompt {
    sendsTextAsChat ? .messages(prompt.asMessages) : prompt
  }
}

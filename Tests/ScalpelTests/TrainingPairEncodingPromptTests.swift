import Testing

@testable import Scalpel

/// ``TrainingPairEncoding/prompt(for:)``: the prompt of every format, the same the pair line
/// holds.
@Suite struct TrainingPairEncodingPromptTests {
  static let chunk = NormalizedText(TrainingPairEncodingTests.original)

  @Test(arguments: TrainingPairFormat.allCases, ["Delete noise.", ""])
  func thePromptIsThePairLinesPrompt(format: TrainingPairFormat, instruction: String) throws {
    let encoding = TrainingPairEncoding(format: format, instruction: instruction)
    let line = try #require(try TrainingPairEncodingTests.lines(encoding).first)
    var writer = JSONWriter()
    encoding.prompt(for: Self.chunk).appendJSON(into: &writer)
    let prompt = try JSONParser().parse(writer.bytes)
    let document = encoding.numberedText(Self.chunk)
    switch format {
    case .promptCompletion:
      #expect(prompt == line["prompt"])
      #expect(prompt.stringValue == (instruction.isEmpty ? document : instruction + "\n\n" + document))
    case .alpaca:
      #expect(line["instruction"]?.stringValue == instruction)
      #expect(prompt.stringValue == (instruction.isEmpty ? document : instruction + "\n" + document))
    case .messages:
      guard case .array(let messages)? = line["messages"] else {
        Issue.record("no messages")
        return
      }
      #expect(prompt == .array(Array(messages.dropLast())))
      #expect(TrainingPairEncodingTests.messages(prompt).map(\.role) == ["system", "user"])
    case .conversational:
      #expect(prompt == line["prompt"])
      #expect(
        TrainingPairEncodingTests.messages(prompt).map(\.role)
          == (instruction.isEmpty ? ["user"] : ["system", "user"]))
    }
  }

  @Test func aTextPromptSentToChatIsOneUserMessage() {
    let prompt = ChunkPrompt.text("Refine.\n\n[doc]\n[1]x\n[/doc]")
    #expect(prompt.asMessages == [PromptMessage(role: "user", content: "Refine.\n\n[doc]\n[1]x\n[/doc]")])
    let options = RefinerRequestOptions(sendsTextAsChat: true)
    #expect(options.requestPrompt(prompt) == .messages(prompt.asMessages))
    #expect(RefinerRequestOptions().requestPrompt(prompt) == prompt)
  }
}

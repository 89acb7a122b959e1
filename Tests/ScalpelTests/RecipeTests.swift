import Testing

@testable import Scalpel

@Suite struct RecipeTests {
  /// A recipe written and read back is the same recipe with the same hash; the file's
  /// line-split texts and the canonical single strings hash alike.
  @Test func roundTrip() throws {
    var recipe = Recipe()
    recipe.chunking = ChunkingOptions(budget: .approximateTokens(3000), overlapLineCount: 2)
    recipe.encoding.format = .alpaca
    recipe.encoding.instruction = "Line one\n\nLine \"three\"\n"
    recipe.encoding.linePrefix = "<lid:{n}>"
    recipe.encoding.wrapsInDocumentTags = false
    recipe.expert.endpoint = .completions
    recipe.expert.topK = nil
    recipe.expert.temperature = 0.25
    recipe.filters.maximumLeftoverShare = 0.125
    recipe.filters.toleratesWhitespaceRewrites = true
    recipe.seed = 42
    recipe.sampleRate = 0.3
    let read = try Recipe(json: recipe.fileContents, path: "r.json")
    #expect(read == recipe)
    #expect(read.hash == recipe.hash)
    #expect(Recipe().hash != recipe.hash)
    #expect(try Recipe(json: Recipe().fileContents, path: "r.json") == Recipe())
    #expect(String(decoding: recipe.fileContents, as: UTF8.self).contains("    \"instruction\": [\n"))
  }

  @Test func missingKeysTakeTheDefaults() throws {
    let recipe = try Recipe(json: Array(#"{"filters":{"min_deleted_chars":3}}"#.utf8), path: "r")
    var expected = Recipe()
    expected.filters.minimumDeletedCharacterCount = 3
    #expect(recipe == expected)
    #expect(try Recipe(json: Array("{}".utf8), path: "r") == Recipe())
    // null leaves a sampling parameter out of the requests.
    #expect(try Recipe(json: Array(#"{"expert":{"top_k":null}}"#.utf8), path: "r").expert.topK == nil)
  }

  @Test(arguments: [
    (#"{"filter":{}}"#, "recipe 'r.json': filter: unknown key"),
    (#"{"filters":{"max_rewrite":3}}"#, "filters.max_rewrite: unknown key"),
    (#"{"chunking":{"budget":0}}"#, "chunking.budget: must be an integer in 1..."),
    (#"{"chunking":{"unit":"words"}}"#, "chunking.unit: must be \"characters\" or \"tokens\""),
    (#"{"prompt":{"line_prefix":"[n]"}}"#, "prompt.line_prefix: must contain {n}"),
    (#"{"prompt":{"format":"sharegpt"}}"#, "prompt.format: must be one of"),
    (#"{"expert":{"prompt_template":"no slot"}}"#, "expert.prompt_template: the prompt template has no {document}"),
    (#"{"expert":{"prompt_template":["{document}","{document}"]}}"#, "has {document} 2 times"),
    (#"{"expert":{"endpoint":"/v1/embeddings"}}"#, "expert.endpoint: must be"),
    (#"{"sampling":{"sample_rate":2}}"#, "sampling.sample_rate: must be a number in 0.0...1.0"),
    (#"{"scalpel_recipe":2}"#, "version 2 is newer"),
    (#"{"filters":{"keep_all_rate":1,"keep_all_rate":0}}"#, "filters.keep_all_rate: given twice"),
    (#"[1]"#, "must be an object"),
    ("{", "not valid JSON"),
  ])
  func badFilesNameTheKey(json: String, message: String) {
    #expect {
      _ = try Recipe(json: Array(json.utf8), path: "r.json")
    } throws: { error in
      "\(error)".contains(message)
    }
  }

  @Test func theChunkGoesVerbatimWhereThePlaceholderIs() throws {
    try ExpertPrompt.validate(ExpertPrompt.defaultTemplate)
    let prompt = ExpertPrompt.render(
      template: "A\n[doc]\n{document}\n[/doc]", chunkUTF8: Array("x {document} y\n".utf8)[...])
    #expect(prompt == "A\n[doc]\nx {document} y\n[/doc]")
    #expect(ExpertPrompt.defaultTemplate.hasSuffix("[doc]\n{document}\n[/doc]"))
  }

  @Test(arguments: [
    (#"{"custom_id":"d#0","response":{"status_code":200,"body":{"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}]}},"error":null}"#, BatchOutputLine.Outcome.content("hi", finishReason: "stop")),
    (#"{"custom_id":"d#0","response":{"status_code":200,"body":{"choices":[{"text":"hi","finish_reason":"length"}]}}}"#, .content("hi", finishReason: "length")),
    (#"{"custom_id":"d#0","response":null,"error":{"code":"batch_expired","message":"gone"}}"#, .failed("error batch_expired: gone")),
    (#"{"custom_id":"d#0","response":{"status_code":429,"body":{"error":{"message":"slow down"}}}}"#, .failed("status 429: slow down")),
    (#"{"custom_id":"d#0"}"#, .failed("no response and no error")),
    (#"{"custom_id":"d#0","response":{"status_code":200,"body":{"choices":[]}}}"#, .unparsable("response.body.choices is missing or empty")),
    (#"{"custom_id":"d#0","response":{"status_code":200,"body":{"choices":[{"message":{"content":null}}]}}}"#, .unparsable("choices[0] has neither a message.content nor a text string")),
  ])
  func batchOutputLines(line: String, outcome: BatchOutputLine.Outcome) throws {
    let read = try BatchOutputLine.read(Array(line.utf8))
    #expect(read.outcome == outcome)
    #expect(read.documentID == "d")
    #expect(read.chunkIndex == 0)
  }

  @Test func customIDsSplitAtTheLastHash() throws {
    let read = try BatchOutputLine.read(Array(#"{"custom_id":"a#b#12"}"#.utf8))
    #expect(read.documentID == "a#b")
    #expect(read.chunkIndex == 12)
    for bad in ["a", "a#", "#", "a#x", "a#01", "a#1234567890"] {
      let line = Array(#"{"custom_id":""#.utf8) + Array(bad.utf8) + Array(#""}"#.utf8)
      #expect(throws: BatchOutputLine.Problem.self) { try BatchOutputLine.read(line) }
    }
    #expect(try BatchOutputLine.read(Array(##"{"custom_id":"#0"}"##.utf8)).documentID == "")
  }

  @Test func repliesAreClassified() {
    let chunk = NormalizedText("Home\nText.\n")
    func code(_ outcome: BatchOutputLine.Outcome) -> String {
      switch ExpertReply.refinedText(outcome, for: chunk) {
      case .success(let bytes): return "ok:" + String(decoding: bytes, as: UTF8.self)
      case .failure(let failure): return failure.code.code
      }
    }
    #expect(code(.content("refined_text: [doc]\nText.\n[/doc]", finishReason: "stop")) == "ok:Text.\n")
    #expect(code(.content("refined_text: [doc][/doc]", finishReason: nil)) == "ok:")
    #expect(code(.content("refined_text: [doc]\nText.", finishReason: "stop")) == "expert_truncated")
    #expect(code(.content("refined_text: [doc]\nText.\n[/doc]", finishReason: "length")) == "expert_truncated")
    #expect(code(.content("Sorry.", finishReason: "stop")) == "expert_unparsable")
    #expect(code(.failed("status 500")) == "expert_error")
    #expect(code(.unparsable("no choices")) == "expert_unparsable")
  }
}

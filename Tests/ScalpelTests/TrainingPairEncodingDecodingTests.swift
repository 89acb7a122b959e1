import Testing

@testable import Scalpel

@Suite struct TrainingPairEncodingDecodingTests {
  static let chunk = NormalizedText("Home | About\n[2]looks numbered\n\n[doc]\n[/doc]\nend é 👉\n")

  @Test(arguments: ["[{n}]", "{n}: ", "<{n}|{n}> ", "L{n}", "{n}"], [true, false])
  func recoversWhatNumberedTextWrote(prefix: String, wraps: Bool) {
    let encoding = TrainingPairEncoding(linePrefix: prefix, wrapsInDocumentTags: wraps)
    let numbered = encoding.numberedText(Self.chunk)
    #expect(encoding.chunkText(fromModelInput: numbered) == Self.chunk)
    let instruction = "Refine.\n[doc]\n[1]not part of the chunk\n\n"
    #expect(encoding.chunkText(fromModelInput: instruction + numbered) == Self.chunk)
  }

  @Test func instructionLinesThatLookNumberedAreNotTaken() {
    let encoding = TrainingPairEncoding()
    let input = "Do it.\n[1]example\n[2]example\n\n[doc]\n[1]a\n[2]b\n[/doc]"
    #expect(encoding.chunkText(fromModelInput: input)?.string == "a\nb\n")
  }

  @Test func emptyLinesAndManyLines() {
    let encoding = TrainingPairEncoding()
    let text = NormalizedText(
      (1...120).map { $0 % 7 == 0 ? "" : "line \($0)" }.joined(separator: "\n") + "\n")
    #expect(encoding.chunkText(fromModelInput: encoding.numberedText(text)) == text)
    #expect(encoding.chunkText(fromModelInput: "[doc]\n[1]\n[/doc]")?.string == "\n")
  }

  @Test(arguments: [
    "", "[doc]\n[/doc]", "no numbers here", "[doc]\n[2]b\n[/doc]", "[doc]\n[1]a\n[3]c\n[/doc]",
    "[1]a\n[2]b\n[/doc]", "[doc]\n[0]a\n[/doc]",
  ])
  func rejectsInputThatDoesNotEndInNumberedLines(input: String) {
    #expect(TrainingPairEncoding().chunkText(fromModelInput: input) == nil)
  }

  @Test func aDifferentPrefixIsNotRecognised() {
    let text = TrainingPairEncoding(linePrefix: "{n}: ").numberedText(Self.chunk)
    #expect(TrainingPairEncoding().chunkText(fromModelInput: text) == nil)
  }

  @Test(arguments: 0..<100)
  func randomChunksRoundTrip(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed))
    let alphabet: [String] = ["a", "[", "]", "1", " ", "é", "\n", "#", "{n}"]
    var text = ""
    for _ in 0..<random.int(below: 40) { text += alphabet[random.int(below: alphabet.count)] }
    text += "\n"
    let chunk = NormalizedText(text)
    let encoding = TrainingPairEncoding(
      linePrefix: ["[{n}]", "{n} ", "{n}"][random.int(below: 3)],
      wrapsInDocumentTags: random.int(below: 2) == 0)
    #expect(
      encoding.chunkText(fromModelInput: encoding.numberedText(chunk)) == chunk,
      "seed \(seed): \(text.debugDescription)")
  }
}

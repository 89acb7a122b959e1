import Testing

@testable import Scalpel

@Suite struct ChunkerTests {
  /// The prompt of `chunk` as `prompt-completion` writes it, rendered by the encoding itself.
  static func renderedPrompt(
    _ chunk: Chunk, of text: NormalizedText, _ encoding: TrainingPairEncoding
  ) -> String {
    let chunkText = NormalizedText(alreadyNormalized: Array(text.utf8[chunk.utf8Range]))
    let document = encoding.numberedText(chunkText)
    return encoding.instruction.isEmpty ? document : encoding.instruction + "\n\n" + document
  }

  /// A slow count of `prompt` in the budget's unit, from the stdlib's scalars: characters,
  /// or approximate tokens from a classification written again here.
  static func referenceSize(_ prompt: String, _ budget: ChunkingOptions.Budget) -> Int {
    if case .characters = budget { return prompt.unicodeScalars.count }
    var milli = 0
    var previous: Int? = nil
    for scalar in prompt.unicodeScalars {
      let scalarClass = referenceClass(scalar.value)
      let runClass = scalarClass == 5 ? 0 : scalarClass  // Latin continues ASCII letter runs
      milli += ApproximateTokenCount.scalarWeights[scalarClass]
      if runClass != previous { milli += ApproximateTokenCount.runWeights[scalarClass] }
      previous = runClass
    }
    return (milli + 999) / 1000
  }

  static func referenceClass(_ value: UInt32) -> Int {
    switch value {
    case 0x41...0x5A, 0x61...0x7A: return 0
    case 0x30...0x39: return 1
    case 0x20, 0x09: return 2
    case 0x0A, 0x0D: return 3
    case 0...0x7F: return 4
    case 0xC0...0x2AF, 0x1E00...0x1EFF: return 5
    case 0x400...0x52F: return 6
    case 0x370...0x3FF, 0x1F00...0x1FFF: return 7
    case 0x590...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return 8
    case 0x900...0xDFF: return 9
    case 0xE00...0xEFF, 0x1000...0x109F, 0x1780...0x17FF: return 10
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return 11
    case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return 12
    case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return 13
    case 0x1F000...0x1FAFF, 0x2600...0x27BF: return 14
    default: return 15
    }
  }

  static let pieces = [
    "word", "Home", " ", " | ", "2024", "é", "Straße", "привет", "γειά", "שלום", "مرحبا", "नमस्ते",
    "สวัสดี", "中文", "かな", "한국어", "🍪", "[1]", "\t", "“quoted”", "",
  ]

  static func randomDocument(_ rng: inout SplitMix64) -> String {
    let lineCount = 1 + rng.int(below: rng.int(below: 4) == 0 ? 400 : 40)
    var lines: [String] = []
    for _ in 0..<lineCount {
      var line = ""
      let length = rng.int(below: 6) == 0 ? rng.int(below: 400) : rng.int(below: 30)
      for _ in 0..<length { line += pieces[rng.int(below: pieces.count)] }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + (rng.int(below: 2) == 0 ? "\n" : "")
  }

  static func randomEncoding(_ rng: inout SplitMix64) -> TrainingPairEncoding {
    let instructions = ["", "Refine.", TrainingPairEncoding.defaultInstruction, "指示：删除噪声。🍪"]
    let prefixes = ["[{n}]", "{n}: ", "", "L{n}/{n} ", "«{n}»"]
    return TrainingPairEncoding(
      instruction: instructions[rng.int(below: instructions.count)],
      linePrefix: prefixes[rng.int(below: prefixes.count)],
      wrapsInDocumentTags: rng.int(below: 3) != 0)
  }

  /// Random documents, encodings and budgets: every chunk's rendered prompt, measured on
  /// its own, fits the budget unless the chunk is one line that alone does not; without
  /// overlap the chunks partition the lines and the next line would not have fitted.
  @Test func renderedPromptsNeverExceedTheBudget() {
    var rng = SplitMix64(seed: 12)
    for _ in 0..<300 {
      let text = NormalizedText(Self.randomDocument(&rng))
      let encoding = Self.randomEncoding(&rng)
      let frame = PromptFrame(encoding: encoding)
      let isTokens = rng.int(below: 2) == 0
      let smallest = frame.smallestPromptSize(in: isTokens ? .approximateTokens(1) : .characters(1))
      let room = 1 + rng.int(below: rng.int(below: 3) == 0 ? 60 : 3_000)
      let budget: ChunkingOptions.Budget =
        isTokens ? .approximateTokens(smallest + room) : .characters(smallest + room)
      let limit = smallest + room
      let overlap = rng.int(below: 3) == 0 ? rng.int(below: 4) : 0
      let chunks = Chunker.chunks(
        of: text, options: ChunkingOptions(budget: budget, overlapLineCount: overlap, frame: frame))
      #expect(chunks.first?.lineIndices.lowerBound == 0)
      #expect(chunks.last?.lineIndices.upperBound == text.lineCount)
      for (position, chunk) in chunks.enumerated() {
        let size = Self.referenceSize(Self.renderedPrompt(chunk, of: text, encoding), budget)
        if chunk.isUnrefinable {
          #expect(chunk.lineIndices.count == 1)
          // Tokens are counted per piece (frame, prefix, line), which may only count more.
          if !isTokens {
            #expect(size > limit, "an unrefinable chunk whose prompt fits: \(size) <= \(limit)")
          }
        } else {
          #expect(size <= limit, "chunk \(position): \(size) > \(limit) (\(budget))")
        }
        guard position + 1 < chunks.count else { continue }
        let next = chunks[position + 1]
        #expect(next.lineIndices.lowerBound > chunk.lineIndices.lowerBound)
        #expect(next.lineIndices.lowerBound <= chunk.lineIndices.upperBound)
        if overlap == 0 {
          #expect(next.lineIndices.lowerBound == chunk.lineIndices.upperBound)
        }
        if overlap == 0, !isTokens, !chunk.isUnrefinable, !next.isUnrefinable {
          var longer = chunk
          longer.lineIndices = chunk.lineIndices.lowerBound..<chunk.lineIndices.upperBound + 1
          let nextLine = text.lineUTF8Range(lineIndex: chunk.lineIndices.upperBound)
          longer.utf8Range = chunk.utf8Range.lowerBound..<nextLine.upperBound
          let longerSize = Self.referenceSize(Self.renderedPrompt(longer, of: text, encoding), budget)
          #expect(longerSize > limit, "chunk \(position) could have taken one more line")
        }
      }
    }
  }

  /// `[9]` costs one character less than `[10]`: the tenth line is what overflows.
  @Test func linePrefixGrowsWithTheLineNumber() {
    let encoding = TrainingPairEncoding(instruction: "", wrapsInDocumentTags: false)
    let text = NormalizedText(Array(repeating: "ab", count: 10).joined(separator: "\n"))
    // Nine lines: 9 × "[k]ab" (5) + 8 newlines = 53; ten lines: 53 + 1 + "[10]ab" (6) = 60.
    let options = { (limit: Int) in
      ChunkingOptions(budget: .characters(limit), frame: PromptFrame(encoding: encoding))
    }
    #expect(Chunker.chunks(of: text, options: options(60)).count == 1)
    #expect(Chunker.chunks(of: text, options: options(59)).map(\.lineIndices) == [0..<9, 9..<10])
  }

  /// The frame alone over the budget: every line is an unrefinable chunk, no crash, and
  /// the options say why.
  @Test func frameOverTheBudget() {
    let options = ChunkingOptions(
      budget: .approximateTokens(20), frame: PromptFrame(encoding: TrainingPairEncoding()))
    let chunks = Chunker.chunks(of: NormalizedText("a\nb\n"), options: options)
    #expect(chunks.map(\.isUnrefinable) == [true, true])
    #expect(options.frameOverflowDescription?.contains("20 approximate tokens") == true)
    #expect(ChunkingOptions(budget: .approximateTokens(400), frame: options.frame)
      .frameOverflowDescription == nil)
  }
}

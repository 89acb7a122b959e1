import Testing

@testable import Scalpel

/// A short seeded fuzz run (20,000 inputs) over the four targets of the `ScalpelFuzz`
/// executable: UTF-8 validation, the JSONL reader and JSON parser, the program parser and
/// executor, and the record processor.
///
/// The long runs (≥ 1,000,000 inputs per target, release mode) are the executable in
/// `Benchmarks/ScalpelFuzz`, which the test target cannot import; its results are in
/// `Benchmarks/results/fuzz.md`. The generators here are deliberately small and independent.
@Suite struct FuzzSmokeTests {
  static let edgeBytes: [UInt8] =
    Array(#"{}[]:,"\u09aeE.-+ tn'()"#.utf8)
    + [
      0x00, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xA0, 0xF0, 0xF4, 0xF5,
      0xFF,
    ]

  /// One to four random edits: flip a bit, insert an edge byte, delete a run, truncate.
  static func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
    for _ in 0...rng.int(below: 4) {
      let position = rng.int(below: bytes.count + 1)
      switch rng.int(below: 4) {
      case 0 where position < bytes.count: bytes[position] ^= 1 << UInt8(rng.int(below: 8))
      case 1: bytes.insert(edgeBytes[rng.int(below: edgeBytes.count)], at: position)
      case 2 where position < bytes.count:
        bytes.removeSubrange(position..<min(bytes.count, position + 1 + rng.int(below: 8)))
      default: bytes.removeSubrange(position...)
      }
    }
  }

  @Test func utf8ValidationAgreesWithTheStandardLibrary() {
    var rng = SplitMix64(seed: 0xF022_0001)
    let pieces: [[UInt8]] = [
      [0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x99, 0x82], [0xF4, 0x8F, 0xBF, 0xBF],
      [0x80], [0xC0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
      [0xF5], [0xE2, 0x82], [0xC3],
    ]
    var invalidCount = 0
    for _ in 0..<8_000 {
      var bytes: [UInt8] = []
      for _ in 0..<rng.int(below: 12) { bytes += pieces[rng.int(below: pieces.count)] }
      let offset = UTF8Validation.firstInvalidByteOffset(in: bytes)
      #expect((offset == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
      guard let offset else { continue }
      invalidCount += 1
      #expect(String(validating: bytes[..<offset], as: UTF8.self) != nil, "\(bytes)")
      var iterator = bytes[offset...].makeIterator()
      var decoder = UTF8()
      if case .scalarValue = decoder.decode(&iterator) {
        Issue.record("decodes at \(offset): \(bytes)")
      }
    }
    #expect(invalidCount > 1_000)
  }

  @Test func jsonRecordsThroughTheLineReaderAndParser() throws {
    var rng = SplitMix64(seed: 0xF022_0002)
    var file: [UInt8] = []
    var parsedCount = 0
    var rejectedCount = 0
    for _ in 0..<6_000 {
      var writer = JSONWriter()
      writer.appendValue(
        .object([
          ("id", .string(JSONTestData.randomString(using: &rng, maximumLength: 8))),
          ("text", .string(JSONTestData.randomString(using: &rng))),
          ("extra", JSONTestData.randomValue(using: &rng, depth: 2)),
        ]))
      var bytes = writer.bytes
      if rng.int(below: 2) == 0 { Self.mutate(&bytes, &rng) }
      do {
        let value = try JSONParser().parse(bytes)
        parsedCount += 1
        let withoutBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        #expect(
          String(validating: withoutBOM, as: UTF8.self) != nil, "accepted invalid UTF-8 \(bytes)")
        var rewritten = JSONWriter()
        rewritten.appendValue(value)
        #expect(try JSONParser().parse(rewritten.bytes) == value, "\(bytes)")
      } catch {
        rejectedCount += 1
        #expect(error.byteOffset >= 0 && error.byteOffset <= bytes.count, "\(bytes)")
      }
      file += bytes
      file += rng.int(below: 5) == 0 ? [0x0D, 0x0A] : [0x0A]
    }
    #expect(parsedCount + rejectedCount == 6_000)
    #expect(parsedCount > 3_000 && rejectedCount > 1_000)

    // The same bytes as one JSONL file, read through a 7-byte buffer with a 300-byte limit.
    let directory = try TemporaryDirectory()
    let path = try directory.file("fuzz.jsonl", contents: file)
    let reader = try LineReader(path: path, maximumLineByteCount: 300, readBufferByteCount: 7)
    var lines: [LineRecord] = []
    while let line = try reader.nextLine() { lines.append(line) }
    var expected: [LineRecord] = []
    for var line in file.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(
      Array.init)
    {
      if line.last == 0x0D { line.removeLast() }
      let number = expected.count + 1
      expected.append(
        line.count > 300
          ? .lineTooLong(lineNumber: number, byteCount: line.count)
          : .line(lineNumber: number, bytes: line))
    }
    #expect(lines == expected)
  }

  @Test func programsParseAndExecuteAsDeletionsOnly() {
    var rng = SplitMix64(seed: 0xF022_0003)
    for iteration in 0..<4_000 {
      let document = NormalizedText(
        (0..<rng.int(below: 8)).map { _ in JSONTestData.randomString(using: &rng, maximumLength: 12)
        }
        .joined(separator: "\n"))
      var calls: [ProgramCall] = []
      for _ in 0..<rng.int(below: 6) {
        let line = 1 + rng.int(below: document.lineCount + 1)
        if rng.int(below: 3) == 0 {
          calls.append(.removeLines(line...(line + rng.int(below: 3))))
        } else {
          let text = line <= document.lineCount ? document.lineText(lineIndex: line - 1) : "x"
          let scalars = Array(text.unicodeScalars.prefix(1 + rng.int(below: 6)))
          calls.append(
            .removeString(
              lineNumber: line,
              text: scalars.isEmpty ? "x" : String(String.UnicodeScalarView(scalars))))
        }
      }
      var output = Array(Program(calls: calls).rendered.utf8)
      if rng.int(below: 2) == 0 { Self.mutate(&output, &rng) }
      let result = ProgramParser.parse(utf8: output)
      #expect(
        result.callLineNumbers.count + result.ignoredLineCount + result.errors.count
          == result.lineCount,
        "iteration \(iteration): \(output)")
      let execution = document.applying(result.program)
      #expect(
        execution.report.appliedCallCount + execution.report.skippedCalls.count
          == result.program.calls.count)
      // Deletion only: the result is a subsequence of the document.
      var remaining = execution.text.utf8[...]
      for byte in document.utf8 where remaining.first == byte { remaining = remaining.dropFirst() }
      #expect(remaining.isEmpty, "iteration \(iteration): \(output)")
      #expect(
        document.applying(Program(calls: result.program.calls.reversed())).text == execution.text)
    }
  }

  @Test func everyRecordGetsExactlyOneOutcome() {
    var rng = SplitMix64(seed: 0xF022_0004)
    var processors = [
      RecordProcessor(configuration: .init()),
      RecordProcessor(
        configuration: .init(
          // 120 characters of lines beyond the instruction and wrapper.
          pairOptions: PairOptions(
            chunking: ChunkingOptions(budget: .characters(120 + TrainingPairEncoding.defaultInstruction.unicodeScalars.count))),
          encoding: TrainingPairEncoding(format: .messages, includesMeta: true))),
    ]
    let lines = [
      "HOME | NEWS | LOGIN", "A dripping tap is usually caused by a worn washer. [ad]",
      "Café — naïve 🙂 \"quoted\" back\\slash", "Share: Facebook | Twitter", "", "The end.",
    ]
    var acceptedCount = 0
    var rejectedCount = 0
    for iteration in 0..<2_000 {
      let original = (0..<rng.int(below: 10)).map { _ in lines[rng.int(below: lines.count)] }
      let refined = original.filter { !$0.contains("|") || rng.int(below: 5) == 0 }
        .map { $0.replacingOccurrences(of: " [ad]", with: rng.int(below: 2) == 0 ? "" : " [ad]") }
      var writer = JSONWriter()
      writer.appendValue(
        .object([
          ("id", .string("r\(iteration)")), ("text", .string(original.joined(separator: "\r\n"))),
          ("refined", .string(refined.joined(separator: "\n"))),
        ]))
      var bytes = writer.bytes
      if rng.int(below: 3) == 0 { Self.mutate(&bytes, &rng) }
      let processorIndex = rng.int(below: processors.count)
      let outcome = processors[processorIndex].process(
        .line(lineNumber: iteration + 1, bytes: bytes), path: "smoke")
      switch outcome {
      case .accepted(_, let output, _, let chunkCount, _, _):
        acceptedCount += 1
        let pairLines = output.split(separator: 0x0A)
        #expect(pairLines.count == chunkCount && output.last == 0x0A)
        for line in pairLines {
          #expect((try? JSONParser().parse(Array(line)))?["id"] != nil, "iteration \(iteration)")
        }
      case .rejected(let rejection, _):
        rejectedCount += 1
        #expect(
          !rejection.reason.isEmpty && rejection.reason != "round_trip_mismatch", "\(rejection)")
      }
    }
    #expect(acceptedCount + rejectedCount == 2_000)
    #expect(acceptedCount > 200 && rejectedCount > 200)
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}

import CZlib
import Scalpel

/// Target `json`: random and mutated JSON records through ``JSONParser`` (checked against
/// ``ReferenceJSONValidator`` and, when unmutated, against the generated value), and every
/// 256 records through ``LineReader`` as one JSONL file (plain, gzip, multi-member gzip or
/// truncated gzip; random read-buffer sizes and line limits), checked against a reference split.
///
/// Accounting: records = parsed + rejected; reader lines = parsed + rejected + too long.
final class JSONFuzzer {
  static let batchSize = 256
  let report: FuzzReport
  let directory: FuzzDirectory
  private let parser = JSONParser()
  private var batch: [[UInt8]] = []
  private var batchCount = 0

  init(report: FuzzReport, directory: FuzzDirectory) {
    self.report = report
    self.directory = directory
  }

  func run(start: Int, iterations: Int) {
    for index in start..<(start + iterations) {
      report.run(index: index) { rng in fuzzRecord(index, &rng) }
      if batch.count == JSONFuzzer.batchSize || index == start + iterations - 1 {
        let batchStart = FuzzClock.nanoseconds()
        readBatch(lastIndex: index)
        report.addTime(nanoseconds: FuzzClock.nanoseconds() - batchStart)
      }
    }
    report.retimeSlowest { index, rng in fuzzRecord(index, &rng) }
    batch.removeAll()
  }

  // MARK: Records

  private func fuzzRecord(_ index: Int, _ rng: inout SplitMix64) -> Int {
    var generator = JSONTextGenerator()
    generator.newlineWeight = rng.oneIn(20) ? 3 : 0
    let model: JSONValue
    var expectsDepthError = false
    switch rng.int(below: 20) {
    case 0:
      let depth = rng.oneIn(2) ? rng.int(in: 505...520) : rng.int(in: 1...1_200)
      model = generator.appendNesting(depth: depth, &rng)
      expectsDepthError = depth > JSONParser.defaultMaximumDepth
    case 1...12:
      model = JSONFuzzer.appendRecord(&generator, &rng)
    default:
      model = generator.appendValue(levels: 4, &rng)
    }
    var bytes = generator.bytes
    if rng.oneIn(20) { bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
    let isMutated = rng.oneIn(2)
    if isMutated {
      ByteMutator.mutate(&bytes, count: 1 + rng.skewedLength(4), donor: batch.last, &rng)
    }
    report.count(isMutated ? "mutated records" : "generated records")
    if expectsDepthError { report.count("records nested deeper than 512") }

    let result = Result { () throws(JSONParseError) in try parser.parse(bytes) }
    let referenceAccepts = ReferenceJSONValidator.accepts(
      bytes, maximumDepth: JSONParser.defaultMaximumDepth)
    switch result {
    case .success(let value):
      report.count("parsed")
      if !referenceAccepts {
        report.fail(index, "parser accepted what the reference rejects", input: bytes)
      }
      if !isMutated && (expectsDepthError || value != model) {
        report.fail(index, "generated document parsed to a different value", input: bytes)
      }
      checkRoundTrip(value, index: index, input: bytes)
    case .failure(let error):
      report.count("rejected")
      if referenceAccepts {
        report.fail(index, "parser rejected valid JSON: \(error)", input: bytes)
      }
      if !isMutated {
        if !expectsDepthError {
          report.fail(index, "generated document rejected: \(error)", input: bytes)
        } else if case .nestingTooDeep = error.reason {
        } else {
          report.fail(index, "deep document rejected for another reason: \(error)", input: bytes)
        }
      }
      if error.byteOffset < 0 || error.byteOffset > bytes.count || error.line < 1
        || error.column < 1
      {
        report.fail(index, "error position out of range: \(error)", input: bytes)
      }
      _ = error.description
    }
    batch.append(bytes)
    return bytes.count
  }

  /// `{"id":…,"text":…,"refined":…}` plus a few random members.
  static func appendRecord(_ generator: inout JSONTextGenerator, _ rng: inout SplitMix64)
    -> JSONValue
  {
    var members: [(key: String, value: JSONValue)] = []
    generator.bytes.append(UInt8(ascii: "{"))
    for (offset, key) in ["id", "text", "refined"].enumerated() {
      if offset > 0 { generator.bytes.append(UInt8(ascii: ",")) }
      generator.whitespace(&rng)
      generator.appendString(key, &rng)
      generator.bytes.append(UInt8(ascii: ":"))
      generator.whitespace(&rng)
      if key == "id" && rng.oneIn(4) {
        let number = JSONTextGenerator.randomNumberText(&rng)
        generator.bytes.append(contentsOf: number)
        members.append((key, .number(String(decoding: number, as: UTF8.self))))
      } else {
        let text = JSONTextGenerator.randomText(&rng, maximumLength: key == "id" ? 16 : 600)
        generator.appendString(text, &rng)
        members.append((key, .string(text)))
      }
    }
    for _ in 0..<rng.skewedLength(3) {
      generator.bytes.append(UInt8(ascii: ","))
      let key = JSONTextGenerator.randomText(&rng, maximumLength: 8)
      generator.appendString(key, &rng)
      generator.bytes.append(UInt8(ascii: ":"))
      members.append((key, generator.appendValue(levels: 3, &rng)))
    }
    generator.whitespace(&rng)
    generator.bytes.append(UInt8(ascii: "}"))
    return .object(members)
  }

  /// Whatever parses must be written as one JSONL-safe line that parses back to the same value.
  private func checkRoundTrip(_ value: JSONValue, index: Int, input: [UInt8]) {
    var writer = JSONWriter()
    writer.appendValue(value)
    let written = writer.bytes
    if written.contains(where: { $0 < 0x20 }) {
      report.fail(index, "JSONWriter output contains a control byte", input: input)
    }
    switch Result(catching: { () throws(JSONParseError) in try parser.parse(written) }) {
    case .success(let reparsed) where reparsed == value: break
    default: report.fail(index, "written value does not parse back to itself", input: input)
    }
  }

  // MARK: Reader

  /// Writes the pending records as one file and checks what ``LineReader`` returns.
  private func readBatch(lastIndex: Int) {
    defer {
      batch.removeAll(keepingCapacity: true)
      batchCount += 1
    }
    var rng = SplitMix64(runSeed: report.runSeed, target: .json, index: ~lastIndex)
    var file: [UInt8] = []
    for (offset, record) in batch.enumerated() {
      if rng.oneIn(40) {
        file.append(contentsOf: rng.pick([[0x0A], [0x20, 0x0A], [0x0D, 0x0A], [0x09, 0x0A]]))
      }
      file.append(contentsOf: record)
      if offset < batch.count - 1 || !rng.oneIn(4) {
        file.append(contentsOf: rng.oneIn(6) ? [0x0D, 0x0A] : [0x0A])
      }
    }
    // Plain input that starts like gzip would be inflated, by design.
    if file.starts(with: [0x1F, 0x8B]) { file.insert(0x20, at: 0) }
    let maximum = rng.oneIn(3) ? rng.int(in: 0...700) : LineReader.defaultMaximumLineByteCount
    let bufferSize = rng.pick([1, 2, 3, 5, 16, 64, 4096, 1 << 20])
    let path = directory.file("batch.jsonl")
    let mode = rng.int(below: 8)
    var isTruncated = false
    switch mode {
    case 0, 1:
      var members: [[UInt8]] = []
      var rest = file[...]
      while mode == 1 && !rest.isEmpty && !rng.oneIn(3) {
        let cut = rest.startIndex + rng.int(below: rest.count + 1)
        members.append(Array(rest[..<cut]))
        rest = rest[cut...]
      }
      members.append(Array(rest))
      JSONFuzzer.writeGzip(path, members: members)
      report.count(mode == 0 ? "reader batches, gzip" : "reader batches, multi-member gzip")
    case 2 where file.count > 0:
      JSONFuzzer.writeGzip(path, members: [file])
      var compressed = FuzzDirectory.readFile(path)
      compressed.removeSubrange(rng.int(in: 10...(compressed.count - 1))...)
      FuzzDirectory.writeFile(compressed, to: path)
      isTruncated = true
      report.count("reader batches, truncated gzip")
    default:
      FuzzDirectory.writeFile(file, to: path)
      report.count("reader batches, plain")
    }

    var lines: [LineRecord] = []
    var readError: FileError?
    do {
      let reader = try LineReader(
        path: path, maximumLineByteCount: maximum, readBufferByteCount: bufferSize)
      while let line = try reader.nextLine() { lines.append(line) }
    } catch {
      readError = error
    }
    let reference = JSONFuzzer.referenceLines(file, maximum: maximum)
    let context =
      "batch ending at input \(lastIndex): mode \(mode), maximum \(maximum), buffer \(bufferSize)"
    if isTruncated {
      if readError == nil || !reference.starts(with: lines) {
        report.fail(
          lastIndex,
          "truncated gzip: error \(String(describing: readError)), \(lines.count) lines; \(context)"
        )
      }
    } else if readError != nil || lines != reference {
      let firstDifference =
        (0..<min(lines.count, reference.count)).first { lines[$0] != reference[$0] }
        ?? min(lines.count, reference.count)
      report.fail(
        lastIndex,
        "reader gave \(lines.count) lines (error \(String(describing: readError))), reference \(reference.count); first difference at line \(firstDifference + 1); \(context)"
      )
    }
    report.count("reader lines", lines.count)
    for line in lines {
      switch line {
      case .lineTooLong:
        report.count("reader lines too long")
      case .line(_, let bytes):
        if (try? parser.parse(bytes)) != nil {
          report.count("reader lines parsed")
        } else {
          report.count("reader lines rejected")
        }
      }
    }
  }

  /// Splits on `\n`, drops one `\r` before it, reports lines over `maximum` by length only.
  static func referenceLines(_ file: [UInt8], maximum: Int) -> [LineRecord] {
    var lines: [LineRecord] = []
    func add(_ slice: ArraySlice<UInt8>) {
      var line = Array(slice)
      if line.last == 0x0D { line.removeLast() }
      let number = lines.count + 1
      lines.append(
        line.count > maximum
          ? .lineTooLong(lineNumber: number, byteCount: line.count)
          : .line(lineNumber: number, bytes: line))
    }
    var start = 0
    for offset in file.indices where file[offset] == 0x0A {
      add(file[start..<offset])
      start = offset + 1
    }
    if start < file.count { add(file[start...]) }
    return lines
  }

  /// Writes `members` as consecutive gzip members of one file.
  static func writeGzip(_ path: String, members: [[UInt8]]) {
    for (index, member) in members.enumerated() {
      let file = gzopen(path, index == 0 ? "wb" : "ab")
      precondition(file != nil, "gzopen failed for \(path)")
      if !member.isEmpty {
        let written = member.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        precondition(written == member.count, "gzwrite failed for \(path)")
      }
      precondition(gzclose(file) == Z_OK, "gzclose failed for \(path)")
    }
  }
}

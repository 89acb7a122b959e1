import Testing

@testable import Scalpel

@Suite struct ProgramJoinTests {
  static func join(_ lines: [String]) throws -> (ProgramJoin, TemporaryDirectory) {
    let directory = try TemporaryDirectory()
    let path = try directory.file(
      "programs.jsonl", contents: Array((lines.joined(separator: "\n") + "\n").utf8))
    return (try ProgramJoin(path: path), directory)
  }

  @Test func takesEachDocumentsGroupInCorpusOrderAndSkipsGaps() throws {
    let (join, directory) = try Self.join([
      #"{"id":"a#1","completion":"a1"}"#,
      #"{"id":"a#0","completion":"a0"}"#,
      "not json",
      "   ",
      #"{"id":"c","chunk":0,"program":"c0"}"#,
      #"{"id":"e","program":"e0"}"#,
    ])
    _ = directory
    #expect(
      try join.programs(for: "a") == [
        ChunkProgram(chunkIndex: 1, output: "a1"), ChunkProgram(chunkIndex: 0, output: "a0"),
      ])
    #expect(try join.programs(for: "b") == [])
    #expect(try join.programs(for: "c") == [ChunkProgram(chunkIndex: 0, output: "c0")])
    #expect(try join.programs(for: "d") == [])
    #expect(try join.programs(for: "e").map(\.output) == ["e0"])
    #expect(try join.firstUnconsumedLine() == nil)
    #expect(join.lineCount == 5)
    #expect(join.invalidLineCount == 1)
    #expect(
      join.firstInvalidLine?.contains("programs.jsonl:3: invalid JSON: ") == true,
      "\(join.firstInvalidLine ?? "")")
  }

  @Test func reportsTheFirstProgramThatNoDocumentTook() throws {
    let (join, directory) = try Self.join([
      #"{"id":"b","program":"b"}"#, #"{"id":"a","program":"a"}"#,
    ])
    _ = directory
    #expect(try join.programs(for: "a") == [])
    #expect(try join.programs(for: "b").count == 1)
    let unconsumed = try join.firstUnconsumedLine()
    #expect(unconsumed?.lineNumber == 2 && unconsumed?.documentID == "a")
  }

  @Test func idsCompareByBytes() throws {
    // "é" precomposed and decomposed are equal Strings but different ids.
    let (join, directory) = try Self.join([#"{"id":"e\u0301","program":"p"}"#])
    _ = directory
    #expect(try join.programs(for: "\u{E9}") == [])
    #expect(try join.programs(for: "e\u{301}").count == 1)
  }

  /// Hostile lines: nested and repeated `id` keys, escaped ids, numbers, pairs, invalid
  /// UTF-8, over-long and blank lines, chunks out of order.
  static let hostileLines: [String] = [
    #"{"meta":{"id":"x"},"id":"a","chunk":2,"program":"a2"}"#,
    #"{"id":"\u0061","chunk":0,"program":"a0"}"#,
    #"{"id":"a#1","completion":"a1","meta":{"recipe":"r"}}"#,
    "",
    #"{"id":"a","id":"b","program":"dup"}"#,
    "{\"id\":\"b\",\"program\":\"\u{FF}\"}",
    #"{"id":7,"program":"seven"}"#,
    #"{"id":"7","chunk":1,"program":"seven-1"}"#,
    #"{"id":7.5,"program":"x"}"#,
    #"["id","c"]"#,
    #"{"id":"c","program":"\#(String(repeating: "x", count: 300))"}"#,
    #"{"id":"c","chunk":-1,"program":"neg"}"#,
    "\t ",
    #"{"id":"c","messages":[{"role":"user","content":"u"},{"role":"assistant","content":"c0"}]}"#,
    #"{"id":"d","program":"d0"}   "#,
    "{\"id\":\"d\",\"program\":\"d1\"",
  ]

  @Test(arguments: [(1, 1, 100_000), (2, 1, 1), (2, 3, 40), (3, 5, 100_000)])
  func parallelBatchesJoinLikeOneThread(workers: Int, batchLines: Int, batchBytes: Int) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file(
      "programs.jsonl", contents: Array((Self.hostileLines.joined(separator: "\n") + "\n").utf8))
    func run(_ join: ProgramJoin) throws -> [String] {
      var seen: [String] = []
      for id in ["a", "b", "7", "c", "d", "e"] {
        seen.append("\(id): \(try join.programs(for: id).map { "\($0.chunkIndex)=\($0.output)" })")
        seen.append("\(join.lineCount) \(join.invalidLineCount) \(join.firstInvalidLine ?? "-")")
      }
      seen.append("\(try join.firstUnconsumedLine().map { "\($0)" } ?? "-")")
      return seen
    }
    let expected = try run(ProgramJoin(path: path, maximumLineByteCount: 200))
    let parallel = try run(
      ProgramJoin(
        path: path, maximumLineByteCount: 200, workerCount: workers, batchLineCount: batchLines,
        batchByteCount: batchBytes))
    #expect(parallel == expected)
    #expect(expected[0] == "a: [\"2=a2\", \"0=a0\", \"1=a1\"]", "\(expected)")
    #expect(expected.last == "-", "\(expected)")
    // The counts of the whole file are those of the line-by-line reader.
    let reader = try ProgramsFileReader(path: path, maximumLineByteCount: 200)
    var records = 0
    while try reader.next() != nil { records += 1 }
    #expect(
      expected[expected.count - 2]
        == "\(reader.lineCount) \(reader.invalidLineCount) \(reader.firstInvalidLine ?? "-")")
    #expect(records > 5 && reader.invalidLineCount > 3, "\(expected)")
  }

  /// A programs file of documents `d0` … `d19`, two chunks each, with invalid lines: one in
  /// the second batch of four lines (line 7), and a program made with another recipe at
  /// `recipeLine` when given.
  static func batchedLines(recipeLine: Int?) -> [String] {
    var lines: [String] = []
    for document in 0..<20 {
      for chunk in 0..<2 {
        if lines.count + 1 == 7 { lines.append(#"{"id":"d3","chunk":"#) }
        if lines.count + 1 == 16 { lines.append("") }
        if lines.count + 1 == recipeLine {
          lines.append(
            #"{"id":"d\#(document)","chunk":\#(chunk),"program":"p","meta":{"recipe":"other"}}"#)
        } else {
          lines.append(
            #"{"id":"d\#(document)","chunk":\#(chunk),"program":"p\#(document).\#(chunk)"}"#)
        }
      }
    }
    return lines
  }

  /// The join the slow way, from the line-by-line reader: each document takes the records
  /// that follow with its id; a record of another recipe fails at its line.
  static func referenceJoin(path: String, ids: [String], recipe: String?) throws -> [String] {
    let reader = try ProgramsFileReader(path: path)
    var records: [(record: ProgramRecord, lineNumber: Int)] = []
    while let next = try reader.next() { records.append((next.record, next.lineNumber)) }
    var seen: [String] = []
    var position = 0
    for id in ids {
      var taken: [String] = []
      while position < records.count,
        Array(records[position].record.documentID.utf8) == Array(id.utf8)
      {
        if let recipe, let hash = records[position].record.recipeHash, hash != recipe {
          seen.append("error at line \(records[position].lineNumber)")
          return seen
        }
        taken.append("\(records[position].record.chunkIndex)=\(records[position].record.output)")
        position += 1
      }
      seen.append("\(id): \(taken)")
    }
    seen.append(position < records.count ? "unconsumed \(records[position].lineNumber)" : "-")
    seen.append("\(reader.lineCount) \(reader.invalidLineCount) \(reader.firstInvalidLine ?? "-")")
    return seen
  }

  /// The join with the next batch parsed ahead (more than one worker, on a file) gives the
  /// programs, counts, first invalid line and errors of the line-by-line reference, and of
  /// the join that parses each batch when it reaches it (one worker).
  @Test(arguments: [(1, 4), (2, 4), (2, 1), (3, 7), (8, 4)])
  func parsedAheadJoinsLikeTheReference(workers: Int, batchLines: Int) throws {
    let ids = (0..<21).flatMap { ["d\($0)", "x\($0)"] }
    for recipeLine in [nil, 12, 40] as [Int?] {
      let directory = try TemporaryDirectory()
      let path = try directory.file(
        "programs.jsonl",
        contents: Array(
          (Self.batchedLines(recipeLine: recipeLine).joined(separator: "\n") + "\n").utf8))
      let expected = try Self.referenceJoin(path: path, ids: ids, recipe: "r")
      let join = try ProgramJoin(
        path: path, workerCount: workers, batchLineCount: batchLines, batchByteCount: 1 << 20)
      join.expectedRecipeHash = "r"
      var seen: [String] = []
      var failure: FileError?
      do throws(FileError) {
        for id in ids {
          seen.append(
            "\(id): \(try join.programs(for: id).map { "\($0.chunkIndex)=\($0.output)" })")
        }
        seen.append(try join.firstUnconsumedLine().map { "unconsumed \($0.lineNumber)" } ?? "-")
        seen.append("\(join.lineCount) \(join.invalidLineCount) \(join.firstInvalidLine ?? "-")")
      } catch {
        failure = error
        let line = recipeLine.map { "line \($0) was made with recipe other" } ?? "?"
        #expect(error.description.contains(line), "\(error)")
        #expect(error.path == path)
        seen.append("error at line \(recipeLine ?? -1)")
      }
      #expect(seen == expected, "workers \(workers), recipe line \(recipeLine ?? -1)")
      #expect((failure != nil) == (recipeLine != nil))
      if recipeLine == nil {
        #expect(expected.last?.hasPrefix("41 1 \(path):7: ") == true, "\(expected)")
      }
    }
  }

  /// With more than one worker the first batch is read and parsed from the start: a join
  /// dropped before any document, or asked only for the unconsumed line, is unchanged by it.
  @Test func aJoinReadsItsFirstBatchAheadAndCanBeDroppedAtOnce() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file(
      "programs.jsonl",
      contents: Array((Self.batchedLines(recipeLine: nil).joined(separator: "\n") + "\n").utf8))
    for _ in 0..<50 {
      _ = try ProgramJoin(path: path, workerCount: 2, batchLineCount: 3, batchByteCount: 1 << 20)
    }
    let one = try ProgramJoin(path: path, workerCount: 1, batchLineCount: 3)
    let two = try ProgramJoin(path: path, workerCount: 2, batchLineCount: 3)
    let (first, second) = (try one.firstUnconsumedLine(), try two.firstUnconsumedLine())
    #expect(first?.lineNumber == second?.lineNumber && first?.documentID == second?.documentID)
    #expect(first != nil)
  }
}

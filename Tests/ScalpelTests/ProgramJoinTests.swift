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
}

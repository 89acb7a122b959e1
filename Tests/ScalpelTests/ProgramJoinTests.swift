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
}

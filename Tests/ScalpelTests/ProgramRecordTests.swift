import Testing

@testable import Scalpel

@Suite struct ProgramRecordTests {
  static func read(_ json: String) -> Result<ProgramRecord, ProgramRecord.ReadError> {
    do {
      let value = try JSONParser().parse(json)
      return .success(try ProgramRecord(json: value))
    } catch let error as ProgramRecord.ReadError {
      return .failure(error)
    } catch {
      return .failure(ProgramRecord.ReadError(description: "JSON: \(error)"))
    }
  }

  struct Row: Sendable, CustomTestStringConvertible {
    var json: String
    var expected: ProgramRecord?
    var line: Int
    var testDescription: String { "line \(line): \(json)" }
  }

  static let rows: [Row] = [
    .init(
      json: #"{"id":"d","chunk":2,"program":"keep_all()"}"#,
      expected: .init(documentID: "d", chunkIndex: 2, output: "keep_all()"), line: #line),
    .init(
      json: #"{"id":"d","program":"p"}"#,
      expected: .init(documentID: "d", chunkIndex: 0, output: "p"), line: #line),
    .init(
      json: #"{"id":17,"program":"p"}"#,
      expected: .init(documentID: "17", chunkIndex: 0, output: "p"), line: #line),
    // A native line's id is never split.
    .init(
      json: #"{"id":"d#3","program":"p"}"#,
      expected: .init(documentID: "d#3", chunkIndex: 0, output: "p"), line: #line),
    .init(
      json: #"{"id":"web-1#3","prompt":"[1]x","completion":"p"}"#,
      expected: .init(documentID: "web-1", chunkIndex: 3, output: "p"), line: #line),
    .init(
      json: #"{"id":"a#b#12","instruction":"","input":"","output":"p"}"#,
      expected: .init(documentID: "a#b", chunkIndex: 12, output: "p"), line: #line),
    .init(
      json:
        #"{"id":"m#1","messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"p"}]}"#,
      expected: .init(documentID: "m", chunkIndex: 1, output: "p"), line: #line),
    .init(
      json: #"{"id":"x#","completion":"p"}"#,
      expected: .init(documentID: "x#", chunkIndex: 0, output: "p"), line: #line),
    .init(
      json: #"{"id":"x#1234567890","completion":"p"}"#,
      expected: .init(documentID: "x#1234567890", chunkIndex: 0, output: "p"), line: #line),
    .init(
      json: #"{"id":"x#1","chunk":4,"completion":"p"}"#,
      expected: .init(documentID: "x#1", chunkIndex: 4, output: "p"), line: #line),
    .init(json: #"{"id":"d","chunk":-1,"program":"p"}"#, expected: nil, line: #line),
    .init(json: #"{"id":"d","chunk":1.5,"program":"p"}"#, expected: nil, line: #line),
    .init(json: #"{"id":"d","chunk":"2","program":"p"}"#, expected: nil, line: #line),
    .init(json: #"{"id":"d","program":null}"#, expected: nil, line: #line),
    .init(json: #"{"id":"d","text":"no program"}"#, expected: nil, line: #line),
    .init(json: #"{"program":"p"}"#, expected: nil, line: #line),
    .init(json: #"{"id":["d"],"program":"p"}"#, expected: nil, line: #line),
    .init(json: #"{"id":"","program":"p"}"#, expected: nil, line: #line),
    .init(json: ##"{"id":"#1","completion":"p"}"##, expected: nil, line: #line),
    .init(json: #"["d","p"]"#, expected: nil, line: #line),
  ]

  @Test(arguments: rows)
  func readsNativeAndPairLines(_ row: Row) {
    switch Self.read(row.json) {
    case .success(let record): #expect(record == row.expected)
    case .failure(let error): #expect(row.expected == nil, "\(error)")
    }
  }
}

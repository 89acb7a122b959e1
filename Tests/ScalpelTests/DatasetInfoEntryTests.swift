import Foundation
import Testing

@testable import Scalpel

@Suite struct DatasetInfoEntryTests {
  static func json(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    writer.appendValue(value)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test func alpacaNamesItsThreeColumns() throws {
    let entry = try DatasetInfoEntry(name: "pairs", fileName: "pairs.jsonl", format: .alpaca)
    #expect(
      Self.json(entry.value)
        == #"{"file_name":"pairs.jsonl","formatting":"alpaca","columns":{"prompt":"instruction","query":"input","response":"output"}}"#
    )
  }

  @Test func promptCompletionIsAlpacaWithPromptAndCompletionAndNoQuery() throws {
    let entry = try DatasetInfoEntry(name: "p", fileName: "p.json", format: .promptCompletion)
    #expect(
      Self.json(entry.value)
        == #"{"file_name":"p.json","formatting":"alpaca","columns":{"prompt":"prompt","response":"completion"}}"#
    )
  }

  @Test func messagesIsShareGPTWithRoleAndContentTags() throws {
    let entry = try DatasetInfoEntry(name: "m", fileName: "/data/m.jsonl", format: .messages)
    #expect(
      Self.json(entry.value)
        == #"{"file_name":"/data/m.jsonl","formatting":"sharegpt","columns":{"messages":"messages"},"tags":{"role_tag":"role","content_tag":"content","user_tag":"user","assistant_tag":"assistant","system_tag":"system"}}"#
    )
  }

  @Test func conversationalAndUnreadableExtensionsAreRefused() {
    #expect(throws: DatasetInfoError.unsupportedFormat(.conversational)) {
      try DatasetInfoEntry(name: "c", fileName: "c.jsonl", format: .conversational)
    }
    #expect(throws: DatasetInfoError.unsupportedFileName("c.jsonl.gz")) {
      try DatasetInfoEntry(name: "c", fileName: "c.jsonl.gz", format: .alpaca)
    }
    #expect("\(DatasetInfoError.unsupportedFormat(.conversational))".contains("--format messages"))
  }

  @Test(arguments: [
    ("out/pairs.jsonl", "pairs"), ("pairs.json", "pairs"), ("a.b.jsonl", "a.b"),
    ("dir/.jsonl", ".jsonl"), ("plain", "plain"),
  ])
  func theDefaultNameIsTheFileNameWithoutItsExtension(output: String, name: String) {
    #expect(DatasetInfoEntry.defaultName(ofOutput: output) == name)
  }

  @Test func theFileNameIsRelativeToTheDatasetInfoDirectoryWhenTheOutputIsBelowIt() throws {
    let directory = try TemporaryDirectory()
    let root = ResolvedPath(directory.path).absolute
    try FileManager.default.createDirectory(
      atPath: root + "/data/out", withIntermediateDirectories: true)
    let info = root + "/data/dataset_info.json"
    #expect(
      DatasetInfoEntry.fileName(ofOutput: root + "/data/p.jsonl", datasetInfoPath: info)
        == "p.jsonl")
    #expect(
      DatasetInfoEntry.fileName(ofOutput: root + "/data/out/../out/p.jsonl", datasetInfoPath: info)
        == "out/p.jsonl")
    #expect(
      DatasetInfoEntry.fileName(ofOutput: root + "/p.jsonl", datasetInfoPath: info)
        == root + "/p.jsonl")
    #expect(
      DatasetInfoEntry.fileName(ofOutput: root + "/database/p.jsonl", datasetInfoPath: info)
        == root + "/database/p.jsonl")
  }

  @Test func mergingReplacesTheSameNameInPlaceAndKeepsTheOthers() throws {
    let entry = try DatasetInfoEntry(name: "b", fileName: "b.jsonl", format: .alpaca)
    let existing = try JSONParser().parse(#"{"a":1,"b":{"old":true},"c":[2],"b":3}"#)
    let merged = entry.merged(into: existing)
    guard case .object(let members) = merged else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["a", "b", "c"])
    #expect(merged["b"] == entry.value)
    #expect(merged["c"] == .array([.number("2")]))
    let appended = try DatasetInfoEntry(name: "z", fileName: "z.jsonl", format: .messages)
      .merged(into: merged)
    guard case .object(let more) = appended else { return }
    #expect(more.map(\.key) == ["a", "b", "c", "z"])
  }

  @Test func theFileIsWrittenIndentedAndMergedIntoWhatIsThere() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file(
      "dataset_info.json", contents: Array(#"{"other": {"file_name": "o.json", "n": 1.50}}"#.utf8))
    let entry = try DatasetInfoEntry(name: "p", fileName: "p.jsonl", format: .promptCompletion)
    try DatasetInfoFile(path: path, entry: entry).write()
    let text = String(decoding: directory.contents(of: path) ?? [], as: UTF8.self)
    #expect(
      text == """
        {
          "other": {
            "file_name": "o.json",
            "n": 1.50
          },
          "p": {
            "file_name": "p.jsonl",
            "formatting": "alpaca",
            "columns": {
              "prompt": "prompt",
              "response": "completion"
            }
          }
        }

        """)
    #expect(try directory.entries() == ["dataset_info.json"])
  }

  @Test func aMissingOrBlankFileIsAnEmptyObject() throws {
    let directory = try TemporaryDirectory()
    let entry = try DatasetInfoEntry(name: "p", fileName: "p.jsonl", format: .alpaca)
    #expect(
      try DatasetInfoFile(path: directory.path + "/none.json", entry: entry).existingValue()
        == .object([]))
    let blank = try directory.file("blank.json", contents: Array(" \n".utf8))
    #expect(try DatasetInfoFile(path: blank, entry: entry).existingValue() == .object([]))
  }

  @Test(arguments: ["[1]", #"{"a":"#, "\"text\""])
  func aFileThatIsNotAnObjectIsRefusedNamingThePath(contents: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("dataset_info.json", contents: Array(contents.utf8))
    let entry = try DatasetInfoEntry(name: "p", fileName: "p.jsonl", format: .alpaca)
    let error = #expect(throws: FileError.self) {
      try DatasetInfoFile(path: path, entry: entry).write()
    }
    #expect(error?.path == path)
    #expect(error?.reason.contains("JSON object") == true)
    #expect(directory.contents(of: path) == Array(contents.utf8))
  }
}

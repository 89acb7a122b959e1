import Foundation
import Testing

/// `build-pairs --dataset-info`: the LLaMA-Factory entry is merged into an existing file,
/// written only after a successful run, checked like every output, and refused for layouts
/// and names LLaMA-Factory cannot read.
@Suite struct DatasetInfoTests {
  static let records = Workspace.corpusLines.prefix(4).joined(separator: "\n") + "\n"

  static func json(_ data: Data?) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data ?? Data()) as? [String: Any])
  }

  @Test func mergesTheEntryKeepingTheOtherDatasetsInTheirOrder() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("corpus.jsonl", Self.records)
    try workspace.write(
      "data/dataset_info.json",
      #"{"zeta": {"file_name": "z.json"}, "pairs": {"file_name": "old.json"}, "alpha": {"hf_hub_url": "a/b"}}"#
    )
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/data/out", withIntermediateDirectories: true)
    let result = try workspace.run([
      "build-pairs", "corpus.jsonl", "--format", "messages", "-o", "data/out/pairs.jsonl",
      "--dataset-info", "data/dataset_info.json", "-q",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let text = String(decoding: workspace.bytes("data/dataset_info.json") ?? Data(), as: UTF8.self)
    let order = ["\"zeta\"", "\"pairs\"", "\"alpha\""].map { text.range(of: $0)?.lowerBound }
    #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "\(text)")
    let info = try Self.json(workspace.bytes("data/dataset_info.json"))
    let entry = try #require(info["pairs"] as? [String: Any])
    #expect(entry["file_name"] as? String == "out/pairs.jsonl")
    #expect(entry["formatting"] as? String == "sharegpt")
    #expect((entry["columns"] as? [String: String]) == ["messages": "messages"])
    #expect((entry["tags"] as? [String: String])?["role_tag"] == "role")
    #expect((info["zeta"] as? [String: String]) == ["file_name": "z.json"])

    let named = try workspace.run([
      "build-pairs", "corpus.jsonl", "-o", "pc.jsonl", "--dataset-info", "data/dataset_info.json",
      "--dataset-name", "refinex", "-q",
    ])
    #expect(named.status == 0, "\(named.standardError)")
    let merged = try Self.json(workspace.bytes("data/dataset_info.json"))
    #expect(Set(merged.keys) == ["zeta", "pairs", "alpha", "refinex"])
    let refinex = try #require(merged["refinex"] as? [String: Any])
    #expect((refinex["file_name"] as? String)?.hasSuffix("/pc.jsonl") == true)
    #expect((refinex["file_name"] as? String)?.hasPrefix("/") == true)
    #expect(
      (refinex["columns"] as? [String: String]) == ["prompt": "prompt", "response": "completion"])
    #expect(workspace.snapshot().keys.filter { $0.contains(".tmp-") }.isEmpty)
  }

  @Test func refusesWhatLLaMAFactoryCannotReadAndOutputsThatCollide() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("corpus.jsonl", Self.records)
    try workspace.write("list.json", "[1, 2]\n")
    for (arguments, message) in [
      (
        ["--format", "conversational", "-o", "c.jsonl", "--dataset-info", "info.json"],
        "LLaMA-Factory cannot read --format conversational"
      ),
      (["-o", "c.jsonl.gz", "--dataset-info", "info.json"], "must end in .jsonl or .json"),
      (["--dataset-info", "info.json"], "--dataset-info needs the pairs in one file"),
      (
        ["--output-dir", "d", "--dataset-info", "info.json"], "cannot be combined with --output-dir"
      ),
      (["-o", "c.jsonl", "--dataset-name", "x"], "--dataset-name needs --dataset-info"),
      (["-o", "c.jsonl", "--dataset-info", "corpus.jsonl"], "is the input 'corpus.jsonl'"),
      (["-o", "c.jsonl", "--dataset-info", "c.jsonl"], "are the same file"),
      (["-o", "c.jsonl", "--rejects", "r.json", "--dataset-info", "r.json"], "are the same file"),
      (
        ["-o", "c.jsonl", "--dataset-info", "list.json"],
        "'list.json': its top-level value is not a JSON object"
      ),
    ] {
      try OutputSafetyTests.expectRefused(
        ["build-pairs", "corpus.jsonl", "-q"] + arguments, message, in: workspace)
    }
  }

  @Test func aFailedRunWritesNoEntry() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("corpus.jsonl", Self.records)
    try workspace.write("dataset_info.json", #"{"kept": {"file_name": "k.json"}}"#)
    // Every record is rejected when its refined field is missing: the run fails.
    let result = try workspace.run([
      "build-pairs", "corpus.jsonl", "--refined-field", "absent", "-o", "p.jsonl",
      "--dataset-info", "dataset_info.json", "-q",
    ])
    #expect(result.status == 1, "\(result.standardError)")
    #expect(
      workspace.bytes("dataset_info.json") == Data(#"{"kept": {"file_name": "k.json"}}"#.utf8))
  }
}

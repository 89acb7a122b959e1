import Foundation
import Testing

/// Ids follow one rule, duplicates are never silent, data after a gzip stream is an error, and
/// the exit status says when a run read nothing or rejected too much.
@Suite struct StrictInputTests {
  static let clean =
    #""text":"Menu | Home | About\nGood text here.\n","refined":"Good text here.\n""#

  @Test func duplicateIdsAreCountedRejectsInBuildPairs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write(
      "in.jsonl",
      [
        #"{"id":1,\#(Self.clean)}"#, #"{"id":"1",\#(Self.clean)}"#, #"{"id":"2",\#(Self.clean)}"#,
        #"{"id":2.5,\#(Self.clean)}"#,
      ].joined(separator: "\n") + "\n")
    let result = try workspace.run(["build-pairs", "in.jsonl", "--rejects", "rejects.jsonl"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.contains("records: 4 in = 2 accepted + 2 rejected"))
    let rejects = String(decoding: workspace.bytes("rejects.jsonl") ?? Data(), as: UTF8.self)
    #expect(
      rejects.contains(
        #"{"id":"1","source":"in.jsonl:2","reason":"duplicate_id","detail":"id '1' is used by in.jsonl:1 already"#
      ), "\(rejects)")
    #expect(rejects.contains(#""source":"in.jsonl:4","reason":"invalid_field""#))
    #expect(result.standardOutput.hasPrefix(#"{"id":"1#0","#))
  }

  @Test func duplicateIdsFailApplyNamingBothLines() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write(
      "docs.jsonl", #"{"id":7,"text":"a\n"}"# + "\n" + #"{"id":"7","text":"b\n"}"# + "\n")
    try workspace.write("programs.jsonl", #"{"id":"7","program":"keep_all()"}"# + "\n")
    let result = try workspace.run(
      ["apply", "docs.jsonl", "--programs", "programs.jsonl", "-o", "out.jsonl"])
    #expect(result.status == 1)
    #expect(
      result.standardError.contains("duplicate id '7': docs.jsonl:1 and docs.jsonl:2"),
      "\(result.standardError)")
    #expect(workspace.bytes("out.jsonl") == nil)
  }

  @Test func generatedIdsDoNotDependOnHowThePathIsTyped() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("data/x.jsonl", "{\(Self.clean)}\n")
    var outputs: Set<String> = []
    for path in ["data/x.jsonl", "./data/../data/x.jsonl", workspace.path + "/data/x.jsonl"] {
      let result = try workspace.run(["build-pairs", path])
      #expect(result.status == 0)
      outputs.insert(result.standardOutput)
    }
    #expect(outputs.count == 1)
    #expect(outputs.first?.hasPrefix(#"{"id":"x.jsonl:1#0","#) == true)
  }

  @Test func dataAfterAGzipStreamIsAnErrorAndAnotherMemberIsRead() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let first = try ScalpelProcess.gzip(Data(#"{"id":"a",\#(Self.clean)}"#.utf8 + [0x0A]))
    let second = try ScalpelProcess.gzip(Data(#"{"id":"b",\#(Self.clean)}"#.utf8 + [0x0A]))
    try workspace.write("members.jsonl.gz", first + second)
    try workspace.write("garbage.jsonl.gz", first + Data(#"{"id":"c"}"#.utf8 + [0x0A]))
    let members = try workspace.run(["build-pairs", "members.jsonl.gz", "-o", "m.jsonl"])
    #expect(members.status == 0 && members.standardError.contains("records: 2 in"))
    let garbage = try workspace.run(["build-pairs", "garbage.jsonl.gz", "-o", "g.jsonl"])
    #expect(garbage.status == 1)
    #expect(
      garbage.standardError.contains(
        "cannot read 'garbage.jsonl.gz': data after the end of the gzip stream"),
      "\(garbage.standardError)")
    #expect(workspace.bytes("g.jsonl") == nil)
  }

  @Test func theExitStatusTellsWhenNothingWasReadOrTooMuchRejected() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("empty.jsonl", "\n\n")
    try workspace.write(
      "wrong.jsonl", #"{"id":"a","body":"x"}"# + "\n" + #"{"id":"b","body":"y"}"# + "\n")
    try workspace.write(
      "mixed.jsonl", #"{"id":"a",\#(Self.clean)}"# + "\n" + #"{"id":"b","body":"y"}"# + "\n")
    let empty = try workspace.run(["build-pairs", "empty.jsonl", "-o", "out.jsonl"])
    #expect(empty.status == 1 && empty.standardError.contains("error: no records were read"))
    // One run per partition of a larger job may be empty.
    #expect(try workspace.run(["build-pairs", "empty.jsonl", "--allow-empty", "-q"]).status == 0)
    let wrong = try workspace.run(["build-pairs", "wrong.jsonl", "-o", "out.jsonl", "-q"])
    #expect(wrong.status == 1)
    #expect(
      wrong.standardError.contains("all 2 records were rejected")
        && wrong.standardError.contains("top reasons: missing_field 2"), "\(wrong.standardError)")
    let applied = try workspace.run(["apply", "wrong.jsonl", "--program-field", "p", "-q"])
    #expect(applied.status == 1 && applied.standardError.contains("all 2 documents were rejected"))
    #expect(try workspace.run(["build-pairs", "mixed.jsonl", "-q"]).status == 0)
    let strict = try workspace.run(["build-pairs", "mixed.jsonl", "-q", "--max-reject-rate", "0.2"])
    #expect(strict.status == 1)
    #expect(
      strict.standardError.contains(
        "1 of 2 records rejected (50.0%), more than --max-reject-rate 0.2; top reasons: missing_field 1"
      ), "\(strict.standardError)")
  }
}

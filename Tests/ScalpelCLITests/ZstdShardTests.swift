import Foundation
import Testing

/// zstd shards are read by their magic bytes and `.zst` outputs written compressed.
///
/// The system's `zstd` tool is the independent reference: it makes every fixture and checks
/// every output. Damaged input and a missing libzstd fail the run naming the file.
@Suite(
  .enabled(if: ScalpelProcess.hasZstd, "needs the zstd tool at /usr/bin/zstd (apt install zstd)"))
struct ZstdShardTests {
  static let clean =
    #""text":"Menu | Home | About\nGood text here.\n","refined":"Good text here.\n""#

  /// The bundled corpus cut into `count` shards of whole lines.
  static func corpusShards(count: Int) -> [String] {
    let lines = Workspace.corpusLines
    let size = (lines.count + count - 1) / count
    return stride(from: 0, to: lines.count, by: size).map { start in
      lines[start..<min(start + size, lines.count)].joined(separator: "\n") + "\n"
    }
  }

  /// `text` with the shard paths of `source` fields (`zst/part-1.jsonl.zst:4`) reduced to
  /// the shard name (`part-1.jsonl:4`), the only field in which the runs may differ.
  static func withoutShardPaths(_ text: String) -> String {
    text.replacingOccurrences(
      of: #""source":"[^"]*(plain|gz|zst)/(part-[0-9]+\.jsonl)(\.gz|\.zst)?:"#,
      with: #""source":"$2:"#, options: .regularExpression)
  }

  @Test func plainGzipAndZstdShardsGiveIdenticalPairsAndRejects() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let shards = Self.corpusShards(count: 3)
    var inputs: [String: [String]] = [:]
    for (index, shard) in shards.enumerated() {
      let bytes = Data(shard.utf8)
      inputs["plain", default: []].append(
        try workspace.write("plain/part-\(index).jsonl", bytes))
      inputs["gz", default: []].append(
        try workspace.write("gz/part-\(index).jsonl.gz", ScalpelProcess.gzip(bytes)))
      inputs["zst", default: []].append(
        try workspace.write("zst/part-\(index).jsonl.zst", ScalpelProcess.zstd(bytes)))
    }
    #expect(workspace.bytes("zst/part-0.jsonl.zst")?.prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))
    var pairs: [String: Data] = [:]
    var rejects: [String: String] = [:]
    for format in ["plain", "gz", "zst"] {
      // The files named one by one, and their folder.
      for (label, arguments) in [("files", inputs[format] ?? []), ("folder", [format])] {
        let run = "\(format)-\(label)"
        let result = try workspace.run(
          ["build-pairs"] + arguments + [
            "-o", "\(run).pairs.jsonl", "--rejects", "\(run).rejects.jsonl", "-q",
          ])
        #expect(result.status == 0, "\(run): \(result.standardError)")
        pairs[run] = workspace.bytes("\(run).pairs.jsonl")
        rejects[run] = Self.withoutShardPaths(
          String(decoding: workspace.bytes("\(run).rejects.jsonl") ?? Data(), as: UTF8.self))
      }
    }
    let plainPairs = try #require(pairs["plain-files"])
    let plainRejects = try #require(rejects["plain-files"])
    #expect(plainPairs.count > 100_000, "the corpus gives pairs")
    #expect(plainRejects.contains(#""source":"part-0.jsonl:"#), "the corpus gives rejects")
    for (run, bytes) in pairs.sorted(by: { $0.key < $1.key }) {
      #expect(bytes == plainPairs, "pairs of \(run)")
      #expect(rejects[run] == plainRejects, "rejects of \(run)")
    }

    // `.zst` outputs, checked by `zstd -d`; the same with --output-dir per shard.
    let compressed = try workspace.run([
      "build-pairs", "zst", "-o", "pairs.jsonl.zst", "--rejects", "rejects.jsonl.zst", "-q",
    ])
    #expect(compressed.status == 0, "\(compressed.standardError)")
    let output = try #require(workspace.bytes("pairs.jsonl.zst"))
    #expect(output.prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))
    #expect(try ScalpelProcess.unzstd(output) == plainPairs)
    let rejectsOutput = try #require(workspace.bytes("rejects.jsonl.zst"))
    #expect(
      Self.withoutShardPaths(
        String(decoding: try ScalpelProcess.unzstd(rejectsOutput), as: UTF8.self)) == plainRejects)
    for format in ["plain", "zst"] {
      let result = try workspace.run(["build-pairs", format, "--output-dir", "\(format)-out", "-q"])
      #expect(result.status == 0, "\(result.standardError)")
    }
    for index in shards.indices {
      let name = "part-\(index).pairs.jsonl"
      #expect(workspace.bytes("zst-out/\(name)") == workspace.bytes("plain-out/\(name)"), "\(name)")
      #expect(workspace.bytes("zst-out/\(name)")?.isEmpty == false)
    }

    // Standard input and the prompts of the refiner stage.
    let zstdInput = try #require(workspace.bytes("zst/part-1.jsonl.zst"))
    let piped = try workspace.run(["build-pairs", "-", "-q"], standardInput: zstdInput)
    let plainPiped = try workspace.run(
      ["build-pairs", "-", "-q"], standardInput: Data(shards[1].utf8))
    #expect(piped.status == 0 && piped.standardOutput == plainPiped.standardOutput)
    #expect(!piped.standardOutput.isEmpty)
    let prompts = try workspace.run(["prompts", "zst", "-q"])
    let plainPrompts = try workspace.run(["prompts", "plain", "-q"])
    #expect(prompts.status == 0, "\(prompts.standardError)")
    #expect(prompts.standardOutput == plainPrompts.standardOutput)
    #expect(!prompts.standardOutput.isEmpty)
  }

  @Test func applyReadsZstdDocumentsAndProgramsAndWritesZst() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let documents = Data(
      (#"{"id":"a","text":"Menu\nGood text.\n"}"# + "\n" + #"{"id":"b","text":"x\ny\n"}"# + "\n")
        .utf8)
    let programs = Data(
      (#"{"id":"a","program":"del_lines(1)"}"# + "\n" + #"{"id":"b","program":"keep_all()"}"#
        + "\n").utf8)
    try workspace.write("docs.jsonl", documents)
    try workspace.write("programs.jsonl", programs)
    try workspace.write("docs.jsonl.zst", ScalpelProcess.zstd(documents))
    try workspace.write("programs.jsonl.zst", ScalpelProcess.zstd(programs))
    let plain = try workspace.run([
      "apply", "docs.jsonl", "--programs", "programs.jsonl", "-o", "plain.jsonl", "-q",
    ])
    #expect(plain.status == 0, "\(plain.standardError)")
    let zstd = try workspace.run([
      "apply", "docs.jsonl.zst", "--programs", "programs.jsonl.zst", "-o", "out.jsonl.zst", "-q",
    ])
    #expect(zstd.status == 0, "\(zstd.standardError)")
    let output = try #require(workspace.bytes("out.jsonl.zst"))
    let expected = try #require(workspace.bytes("plain.jsonl"))
    #expect(try ScalpelProcess.unzstd(output) == expected)
    #expect(String(decoding: expected, as: UTF8.self).contains("Good text."))
  }

  @Test func concatenatedFramesAreReadAndSkippableFramesPassedOver() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let first = try ScalpelProcess.zstd(Data(#"{"id":"a",\#(Self.clean)}"#.utf8 + [0x0A]))
    let second = try ScalpelProcess.zstd(Data(#"{"id":"b",\#(Self.clean)}"#.utf8 + [0x0A]))
    // A skippable frame: magic 0x184D2A53, length 5, five bytes of anything.
    let skippable = Data([0x53, 0x2A, 0x4D, 0x18, 5, 0, 0, 0]) + Data("hello".utf8)
    try workspace.write("frames.jsonl.zst", first + second)
    try workspace.write("skippable.jsonl.zst", skippable + first + skippable + second)
    // The reference reads both files as the two records too.
    let both = try ScalpelProcess.unzstd(first + second)
    let withSkippable = try ScalpelProcess.unzstd(skippable + first + skippable + second)
    #expect(both.count > 0 && withSkippable == both)
    for name in ["frames.jsonl.zst", "skippable.jsonl.zst"] {
      let result = try workspace.run(["build-pairs", name, "-o", "\(name).pairs.jsonl"])
      #expect(result.status == 0, "\(name): \(result.standardError)")
      #expect(
        result.standardError.contains("records: 2 in = 2 accepted"), "\(result.standardError)")
    }
  }

  @Test func truncatedCorruptAndTrailingDataAreErrorsNamingTheFile() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let records = Self.corpusShards(count: 3)[0]
    let whole = try ScalpelProcess.zstd(Data(records.utf8))
    var corrupt = whole
    corrupt[corrupt.count / 2] ^= 0xFF
    // A good shard first: the failed run has written some of its .zst output by then.
    try workspace.write("a-good.jsonl.zst", whole)
    try workspace.write("truncated.jsonl.zst", whole.prefix(whole.count - 10))
    try workspace.write("cut-in-header.jsonl.zst", whole.prefix(6))
    try workspace.write("corrupt.jsonl.zst", corrupt)
    try workspace.write("corrupt-second-frame.jsonl.zst", whole + corrupt)
    try workspace.write("trailing.jsonl.zst", whole + Data(#"{"id":"c"}"#.utf8 + [0x0A]))
    // A 2 GiB window, over libzstd's default limit (and the zstd tool's).
    try workspace.write(
      "long-window.jsonl.zst", ScalpelProcess.zstd(Data(records.utf8), options: ["--long=31"]))
    let cases = [
      (
        "truncated.jsonl.zst",
        "unexpected end of file at compressed byte \(whole.count - 10) (truncated zstd stream)"
      ),
      (
        "cut-in-header.jsonl.zst",
        "unexpected end of file at compressed byte 6 (truncated zstd stream)"
      ),
      ("corrupt.jsonl.zst", "corrupt or unsupported zstd frame starting at compressed byte 0 ("),
      (
        "corrupt-second-frame.jsonl.zst",
        "corrupt or unsupported zstd frame starting at compressed byte \(whole.count) ("
      ),
      (
        "trailing.jsonl.zst",
        "data after the end of the zstd stream at compressed byte \(whole.count)"
      ),
      (
        "long-window.jsonl.zst",
        "corrupt or unsupported zstd frame starting at compressed byte 0 (Frame requires too much memory for decoding)"
      ),
    ]
    for (name, message) in cases {
      let before = workspace.snapshot()
      let result = try workspace.run([
        "build-pairs", "a-good.jsonl.zst", name, "-o", "out.jsonl.zst", "--round-bytes", "4096",
        "-q",
      ])
      #expect(result.status == 1, "\(name): \(result.standardError)")
      #expect(
        result.standardError.contains("cannot read '\(name)': \(message)"),
        "\(name): \(result.standardError)")
      #expect(workspace.snapshot() == before, "\(name): nothing is left, no temporary file")
      // The other readers say the same: stats of a pairs file, apply's programs.
      let stats = try workspace.run(["stats", name])
      #expect(stats.status == 1 && stats.standardError.contains("cannot read '\(name)'"))
    }
  }

  @Test func emptyAndInvalidUTF8ZstdInputsAreReadLikePlainOnes() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("empty-file.jsonl.zst", Data())
    try workspace.write("empty-frame.jsonl.zst", ScalpelProcess.zstd(Data()))
    #expect(workspace.bytes("empty-frame.jsonl.zst")?.isEmpty == false)
    for name in ["empty-file.jsonl.zst", "empty-frame.jsonl.zst"] {
      let result = try workspace.run(["build-pairs", name, "-o", "out.jsonl"])
      #expect(result.status == 1, "\(name): \(result.standardError)")
      #expect(
        result.standardError.contains("error: no records were read"), "\(result.standardError)")
      let allowed = try workspace.run(["build-pairs", name, "--allow-empty", "-q"])
      #expect(allowed.status == 0 && allowed.standardOutput.isEmpty)
    }
    let invalid =
      Data(#"{"id":"a","text":"caf"#.utf8 + [0xE9] + #"\n","refined":"x\n"}"#.utf8 + [0x0A])
      + Data(#"{"id":"b",\#(Self.clean)}"#.utf8 + [0x0A])
    try workspace.write("invalid.jsonl", invalid)
    try workspace.write("invalid.jsonl.zst", ScalpelProcess.zstd(invalid))
    var rejects: [String] = []
    for name in ["invalid.jsonl", "invalid.jsonl.zst"] {
      let result = try workspace.run([
        "build-pairs", name, "-o", "\(name).pairs.jsonl", "--rejects", "\(name).rejects.jsonl",
      ])
      #expect(result.status == 0, "\(name): \(result.standardError)")
      #expect(result.standardError.contains("records: 2 in = 1 accepted + 1 rejected"))
      rejects.append(
        String(decoding: workspace.bytes("\(name).rejects.jsonl") ?? Data(), as: UTF8.self)
          .replacingOccurrences(of: ".jsonl.zst:", with: ".jsonl:"))
    }
    #expect(rejects[0].contains(#""reason":"invalid_utf8""#), "\(rejects[0])")
    #expect(rejects[0] == rejects[1])
    #expect(
      workspace.bytes("invalid.jsonl.pairs.jsonl")
        == workspace.bytes("invalid.jsonl.zst.pairs.jsonl"))
  }

  @Test func aMissingLibzstdIsAClearErrorForZstdFilesOnly() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let records = Data(#"{"id":"a",\#(Self.clean)}"#.utf8 + [0x0A])
    try workspace.write("in.jsonl", records)
    try workspace.write("in.jsonl.zst", ScalpelProcess.zstd(records))
    let missing = ["SCALPEL_LIBZSTD": workspace.path + "/no-such-libzstd.so.1"]
    let before = workspace.snapshot()
    let input = try workspace.run(
      ["build-pairs", "in.jsonl.zst", "-o", "out.jsonl"], environment: missing)
    #expect(input.status == 1)
    #expect(
      input.standardError.contains(
        "cannot read 'in.jsonl.zst': it is zstd-compressed, and the zstd library could not be loaded ("
      ), "\(input.standardError)")
    #expect(input.standardError.contains("no-such-libzstd.so.1"))
    #expect(input.standardError.contains("the package libzstd1"))
    let output = try workspace.run(
      ["build-pairs", "in.jsonl", "-o", "out.jsonl.zst"], environment: missing)
    #expect(output.status == 1)
    #expect(
      output.standardError.contains(
        "cannot create 'out.jsonl.zst': a .zst output is zstd-compressed, and the zstd library could not be loaded"
      ), "\(output.standardError)")
    #expect(workspace.snapshot() == before, "no output and no temporary file")
    // Plain and gzip files do not need the library.
    let plain = try workspace.run(
      ["build-pairs", "in.jsonl", "-o", "out.jsonl.gz"], environment: missing)
    #expect(plain.status == 0, "\(plain.standardError)")
  }
}

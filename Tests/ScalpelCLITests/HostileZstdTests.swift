import Foundation
import Testing

/// Hostile zstd inputs and outputs, against the promises of `Specification.md` §1 and
/// `JSONLFormat.md`: every record reaches the pairs or the rejects with a reason, damaged
/// input fails the run (exit 1) naming the file, never a crash, hang or silent drop, and
/// memory stays bounded. The system's `zstd` tool makes every fixture.
@Suite(
  .serialized,
  .enabled(if: ScalpelProcess.hasZstd, "needs the zstd tool at /usr/bin/zstd (apt install zstd)"))
struct HostileZstdTests {
  static let clean =
    #""text":"Menu | Home | About\nGood text here.\n","refined":"Good text here.\n""#

  /// One good record line with id `id`, with its newline.
  static func record(_ id: String) -> Data { Data(#"{"id":"\#(id)",\#(clean)}"#.utf8 + [0x0A]) }

  /// Runs `script` with `/bin/sh -c` in `directory`; returns its status.
  @discardableResult
  static func shell(_ script: String, in directory: URL) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Runs `scalpel` under `/usr/bin/time -f %M`: the result, peak RSS in KiB and seconds.
  static func measured(_ arguments: [String], in workspace: Workspace, standardInput: String? = nil)
    throws -> (
      ScalpelProcess.Result, peakKiB: Int, seconds: Double
    )
  {
    let timeFile = workspace.path + "/time-\(UUID().uuidString)"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M", "-o", timeFile, ScalpelProcess.executable.path] + arguments
    process.currentDirectoryURL = workspace.url
    let errorURL = workspace.url.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    let error = try FileHandle(forWritingTo: errorURL)
    process.standardError = error
    process.standardOutput = FileHandle.nullDevice
    if let standardInput {
      process.standardInput = try FileHandle(
        forReadingFrom: workspace.url.appendingPathComponent(standardInput))
    }
    let start = Date()
    try process.run()
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)
    try error.close()
    let errorText = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
    let timeText = (try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: errorURL)
    try? FileManager.default.removeItem(atPath: timeFile)
    let peak =
      Int(
        timeText.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
      ?? -1
    return (
      ScalpelProcess.Result(
        status: process.terminationStatus, standardOutput: "", standardError: errorText), peak,
      seconds
    )
  }

  /// build-pairs of `name` to stdout and a rejects file: status, pairs, rejects, stderr.
  static func pairs(_ name: String, in workspace: Workspace, standardInput: Data? = nil) throws
    -> (status: Int32, pairs: String, rejects: String, error: String)
  {
    let rejects = "rejects-\(UUID().uuidString).jsonl"
    let result = try workspace.run(
      ["build-pairs", name, "--rejects", rejects], standardInput: standardInput)
    let rejectText = String(decoding: workspace.bytes(rejects) ?? Data(), as: UTF8.self)
    try? FileManager.default.removeItem(atPath: workspace.path + "/" + rejects)
    return (result.status, result.standardOutput, rejectText, result.standardError)
  }

  /// `text` with shard names `x.jsonl.zst`/`x.jsonl.gz` reduced to `x.jsonl`.
  static func plainNames(_ text: String) -> String {
    text.replacingOccurrences(of: ".jsonl.zst:", with: ".jsonl:")
      .replacingOccurrences(of: ".jsonl.gz:", with: ".jsonl:")
  }

  /// `text` without its `throughput:` line, the one that differs between runs.
  static func withoutThroughput(_ text: String) -> String {
    text.split(separator: "\n").filter { !$0.hasPrefix("throughput:") }.joined(separator: "\n")
  }

  // MARK: - Decompression bomb

  /// Writes `bomb.jsonl.zst`: the start of a record whose text is 300 MB of `a` with no
  /// closing quote and no newline, compressed by the `zstd` tool (about 10 KB).
  static func writeBomb(in workspace: Workspace) throws {
    let status = try shell(
      #"{ printf '{"id":"bomb","text":"'; head -c 300000000 /dev/zero | tr '\0' a; } | zstd -q -c > bomb.jsonl.zst"#,
      in: workspace.url)
    #expect(status == 0)
  }

  /// 300 MB of one byte in a single line, a ~10 KB `.zst`. Expected (JSONLFormat.md): a line
  /// longer than `--max-record-bytes` is counted without being buffered and rejected as
  /// `line_too_long`; streaming keeps memory bounded.
  @Test func aDecompressionBombIsRejectedAsTooLongWithBoundedMemory() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.writeBomb(in: workspace)
    // A good record first, in a frame of its own: the run then exits 0.
    try workspace.write(
      "bomb.jsonl.zst",
      ScalpelProcess.zstd(Self.record("before")) + (workspace.bytes("bomb.jsonl.zst") ?? Data()))
    let size = workspace.bytes("bomb.jsonl.zst")?.count ?? 0
    #expect(size > 0 && size < 1_000_000, "a small file: \(size) bytes")
    let (result, peakKiB, _) = try Self.measured(
      [
        "build-pairs", "bomb.jsonl.zst", "--max-record-bytes", "1048576", "-o", "pairs.jsonl",
        "--rejects", "rejects.jsonl",
      ], in: workspace)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(peakKiB > 0 && peakKiB < 200_000, "peak RSS \(peakKiB) KiB for a 300 MB line")
    #expect(
      result.standardError.contains("records: 2 in = 1 accepted + 1 rejected"),
      "\(result.standardError)")
    let rejects = String(decoding: workspace.bytes("rejects.jsonl") ?? Data(), as: UTF8.self)
    #expect(rejects.contains("line_too_long"), "\(rejects)")
    #expect(
      rejects.contains(
        #""source":"bomb.jsonl.zst:2","reason":"line_too_long","detail":"record of 300000021 bytes"#
      ), "\(rejects)")
    // The same bomb on standard input.
    let (piped, pipedPeakKiB, _) = try Self.measured(
      ["build-pairs", "-", "--max-record-bytes", "1048576", "-o", "piped.jsonl"], in: workspace,
      standardInput: "bomb.jsonl.zst")
    #expect(piped.status == 0, "\(piped.standardError)")
    #expect(pipedPeakKiB > 0 && pipedPeakKiB < 200_000, "peak RSS \(pipedPeakKiB) KiB on stdin")
    #expect(
      piped.standardError.contains("records: 2 in = 1 accepted + 1 rejected"),
      "\(piped.standardError)")
  }

  /// The same 300 MB line under the default `--max-record-bytes` (512 MiB) is buffered and
  /// parsed (JSONLFormat.md promises no buffering only above the limit): it is rejected as
  /// `invalid_json` (its string never closes), and memory stays within about twice the line
  /// (the buffer grows by doubling; measured about 600 MB).
  @Test func aBombUnderTheDefaultLimitIsParsedAndRejectedWithinTwiceItsSize() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.writeBomb(in: workspace)
    let (result, peakKiB, _) = try Self.measured(
      ["build-pairs", "bomb.jsonl.zst", "-o", "pairs.jsonl", "--rejects", "rejects.jsonl"],
      in: workspace)
    #expect(result.status == 1, "\(result.standardError)")
    #expect(
      result.standardError.contains("error: all 1 records were rejected"),
      "\(result.standardError)")
    #expect(result.standardError.contains("invalid_json 1"), "\(result.standardError)")
    #expect(peakKiB > 0 && peakKiB < 700_000, "peak RSS \(peakKiB) KiB for a 300 MB line")
    let rejects = String(decoding: workspace.bytes("rejects.jsonl") ?? Data(), as: UTF8.self)
    #expect(rejects.contains(#""source":"bomb.jsonl.zst:1","reason":"invalid_json""#), "\(rejects)")
  }

  // MARK: - Frames the decoder cannot or must not read

  /// A frame made with `zstd -D dict` carries a dictionary id. Expected: a corrupt or
  /// unsupported frame, exit 1, naming the file; no garbage records.
  @Test func aFrameNeedingADictionaryIsAClearError() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let lines = Workspace.corpusLines
    for (index, line) in lines.enumerated() {
      try workspace.write("samples/s\(index)", line + "\n")
    }
    #expect(
      try Self.shell("zstd -q --train samples/* -o dict --maxdict=8192", in: workspace.url) == 0)
    let corpus = Data((lines.joined(separator: "\n") + "\n").utf8)
    try workspace.write("plain.jsonl", corpus)
    #expect(
      try Self.shell("zstd -q -D dict -c plain.jsonl > dict.jsonl.zst", in: workspace.url) == 0)
    // The reference needs the dictionary too.
    #expect(try Self.shell("zstd -q -d -c dict.jsonl.zst > /dev/null", in: workspace.url) != 0)
    let before = workspace.snapshot()
    let result = try workspace.run(["build-pairs", "dict.jsonl.zst", "-o", "out.jsonl", "-q"])
    #expect(result.status == 1, "\(result.standardError)")
    #expect(
      result.standardError.contains(
        "cannot read 'dict.jsonl.zst': corrupt or unsupported zstd frame starting at compressed byte 0 ("
      ), "\(result.standardError)")
    #expect(result.standardError.contains("(Dictionary mismatch)"), "\(result.standardError)")
    #expect(workspace.snapshot() == before, "nothing published")
    // The same on standard input and for stats.
    let piped = try workspace.run(
      ["build-pairs", "-", "-q"], standardInput: workspace.bytes("dict.jsonl.zst"))
    #expect(piped.status == 1 && piped.standardOutput.isEmpty)
    #expect(
      piped.standardError.contains(
        "cannot read '-': corrupt or unsupported zstd frame starting at compressed byte 0 (Dictionary mismatch)"
      ), "\(piped.standardError)")
    let stats = try workspace.run(["stats", "dict.jsonl.zst"])
    #expect(stats.status == 1 && stats.standardError.contains("cannot read 'dict.jsonl.zst'"))
  }

  /// `--long=27` (128 MiB window) is within libzstd's default limit and is read;
  /// `--long=31` is refused with libzstd's message (JSONLFormat.md).
  @Test func longWindowsUpTo128MiBAreReadAndLargerOnesRefused() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = Data((Workspace.corpusLines.joined(separator: "\n") + "\n").utf8)
    try workspace.write("plain.jsonl", corpus)
    try workspace.write("long27.jsonl.zst", ScalpelProcess.zstd(corpus, options: ["--long=27"]))
    try workspace.write("long31.jsonl.zst", ScalpelProcess.zstd(corpus, options: ["--long=31"]))
    let plain = try Self.pairs("plain.jsonl", in: workspace)
    let long27 = try Self.pairs("long27.jsonl.zst", in: workspace)
    #expect(plain.status == 0 && long27.status == 0, "\(long27.error)")
    #expect(long27.pairs == plain.pairs && !plain.pairs.isEmpty)
    #expect(
      Self.plainNames(long27.rejects).replacingOccurrences(of: "long27", with: "plain")
        == plain.rejects)
    let long31 = try workspace.run(["build-pairs", "long31.jsonl.zst", "-q"])
    #expect(long31.status == 1)
    #expect(
      long31.standardError.contains(
        "cannot read 'long31.jsonl.zst': corrupt or unsupported zstd frame starting at compressed byte 0 (Frame requires too much memory for decoding)"
      ), "\(long31.standardError)")
    #expect(long31.standardOutput.isEmpty)
  }

  /// Frames with and without a checksum, with and without a content size (`zstd` reading a
  /// pipe writes none): all give the plain pairs. A failed checksum is a corrupt frame.
  @Test func checksumAndContentSizeVariantsGivePlainPairs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = Data((Workspace.corpusLines.joined(separator: "\n") + "\n").utf8)
    try workspace.write("plain.jsonl", corpus)
    let variants: [(String, [String])] = [
      ("check", ["--check"]), ("nocheck", ["--no-check"]),
      ("nosize", ["--no-content-size"]), ("nosize-nocheck", ["--no-content-size", "--no-check"]),
    ]
    for (name, options) in variants {
      try workspace.write("\(name).jsonl.zst", ScalpelProcess.zstd(corpus, options: options))
    }
    #expect(
      try Self.shell("cat plain.jsonl | zstd -q -c > piped.jsonl.zst", in: workspace.url) == 0)
    let plain = try Self.pairs("plain.jsonl", in: workspace)
    #expect(plain.status == 0 && !plain.pairs.isEmpty)
    for name in variants.map(\.0) + ["piped"] {
      let result = try Self.pairs("\(name).jsonl.zst", in: workspace)
      #expect(result.status == 0, "\(name): \(result.error)")
      #expect(result.pairs == plain.pairs, "\(name)")
      #expect(
        Self.plainNames(result.rejects).replacingOccurrences(
          of: "\(name).jsonl", with: "plain.jsonl")
          == plain.rejects, "\(name)")
    }
    // A flipped checksum byte (the last 4 bytes of a --check frame).
    var bad = try #require(workspace.bytes("check.jsonl.zst"))
    bad[bad.count - 1] ^= 0xFF
    try workspace.write("badsum.jsonl.zst", bad)
    #expect(try Self.shell("zstd -q -d -c badsum.jsonl.zst > /dev/null", in: workspace.url) != 0)
    let badsum = try workspace.run(["build-pairs", "badsum.jsonl.zst", "-o", "o.jsonl", "-q"])
    #expect(badsum.status == 1)
    #expect(
      badsum.standardError.contains(
        "cannot read 'badsum.jsonl.zst': corrupt or unsupported zstd frame starting at compressed byte 0 ("
      ), "\(badsum.standardError)")
    #expect(workspace.bytes("o.jsonl") == nil)
  }

  /// Odd frame sequences after a good frame: a skippable frame that claims 4 GiB and ends
  /// after 5, zero padding, a partial magic number. Each is an error naming the file (the
  /// reference `zstd -t` fails them too); a file of only a skippable frame is an empty input.
  @Test func oddFrameSequencesAreErrorsNeverSilentLoss() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let good = try ScalpelProcess.zstd(Self.record("a") + Self.record("b"))
    let hugeSkippable = Data([0x50, 0x2A, 0x4D, 0x18, 0xF0, 0xFF, 0xFF, 0xFF]) + Data("hello".utf8)
    let cases: [(String, Data, String)] = [
      (
        "huge-skippable.jsonl.zst", good + hugeSkippable,
        "unexpected end of file at compressed byte \(good.count + hugeSkippable.count) (truncated zstd stream)"
      ),
      (
        "zero-padding.jsonl.zst", good + Data(count: 512),
        "data after the end of the zstd stream at compressed byte \(good.count)"
      ),
      (
        // Two bytes cannot be told from a frame cut in its magic number: either message is
        // clear; scalpel reads it as truncated.
        "partial-magic.jsonl.zst", good + Data([0x28, 0xB5]),
        "unexpected end of file at compressed byte \(good.count + 2) (truncated zstd stream)"
      ),
    ]
    for (name, bytes, message) in cases {
      try workspace.write(name, bytes)
      #expect(
        try Self.shell("zstd -q -t \(name)", in: workspace.url) != 0, "\(name): zstd -t fails")
      let result = try workspace.run(["build-pairs", name, "-o", "out.jsonl", "-q"])
      #expect(result.status == 1, "\(name): \(result.standardError)")
      #expect(
        result.standardError.contains("cannot read '\(name)': \(message)"),
        "\(name): \(result.standardError)")
      #expect(workspace.bytes("out.jsonl") == nil, "\(name)")
    }
    try workspace.write(
      "only-skippable.jsonl.zst", Data([0x5F, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 1, 2]))
    let only = try workspace.run(["build-pairs", "only-skippable.jsonl.zst", "-o", "out.jsonl"])
    #expect(only.status == 1, "\(only.standardError)")
    #expect(only.standardError.contains("error: no records were read"), "\(only.standardError)")
  }

  // MARK: - Content decides, not the name

  /// A `.jsonl.zst` that is plain and a `.jsonl` that is zstd: the first bytes decide, and
  /// the pairs are those of the plain file.
  @Test func theContentNotTheNameDecides() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = Data((Workspace.corpusLines.joined(separator: "\n") + "\n").utf8)
    try workspace.write("plain.jsonl", corpus)
    try workspace.write("liar.jsonl.zst", corpus)
    try workspace.write("secret.jsonl", ScalpelProcess.zstd(corpus))
    let plain = try Self.pairs("plain.jsonl", in: workspace)
    for name in ["liar.jsonl.zst", "secret.jsonl"] {
      let result = try Self.pairs(name, in: workspace)
      #expect(result.status == 0, "\(name): \(result.error)")
      #expect(result.pairs == plain.pairs && !plain.pairs.isEmpty, "\(name)")
      let stem = name.hasPrefix("liar") ? "liar" : "secret"
      #expect(
        Self.plainNames(result.rejects).replacingOccurrences(
          of: "\(stem).jsonl", with: "plain.jsonl")
          == plain.rejects, "\(name)")
    }
  }

  // MARK: - Mixed concatenation

  /// A gzip member then a zstd frame, and a zstd frame then a gzip member. Expected: the
  /// second is data after the first stream: exit 1 naming the file and the offset; never
  /// the first half read silently.
  @Test func gzipAndZstdConcatenatedAreTrailingDataErrors() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let gz = try ScalpelProcess.gzip(Self.record("a"))
    let zst = try ScalpelProcess.zstd(Self.record("b"))
    try workspace.write("gz-zst.jsonl", gz + zst)
    try workspace.write("zst-gz.jsonl", zst + gz)
    let cases = [
      ("gz-zst.jsonl", "data after the end of the gzip stream at compressed byte \(gz.count)"),
      ("zst-gz.jsonl", "data after the end of the zstd stream at compressed byte \(zst.count)"),
    ]
    for (name, message) in cases {
      let result = try workspace.run(["build-pairs", name, "-o", "\(name).out", "-q"])
      #expect(result.status == 1, "\(name): \(result.standardError)")
      #expect(
        result.standardError.contains("cannot read '\(name)': \(message)"),
        "\(name): \(result.standardError)")
      #expect(workspace.bytes("\(name).out") == nil, "\(name): nothing published")
    }
  }

  // MARK: - Decompressed content edge cases

  /// Content without a final newline, with CRLF lines, with a UTF-8 BOM, with a multibyte
  /// character or an invalid byte split across frames, with empty frames between frames:
  /// every case gives exactly what the same bytes give as a plain file.
  @Test func zstdContentEdgeCasesMatchThePlainFile() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let a = Self.record("a")
    let b = Self.record("b")
    let accent = Data(#"{"id":"é","text":"café\nx\n","refined":"café\n"}"#.utf8 + [0x0A])
    let splitAt = try #require(accent.firstIndex(of: 0xC3)) + 1  // inside the é of the id
    let invalid = Data(
      #"{"id":"bad","text":"caf"#.utf8 + [0xC3] + #"\n","refined":"x\n"}"#.utf8 + [0x0A])
    let invalidSplit = try #require(invalid.firstIndex(of: 0xC3)) + 1
    let empty = try ScalpelProcess.zstd(Data())
    let cases: [(String, Data, Data)] = try [
      ("nofinal", a + b.dropLast(), ScalpelProcess.zstd(a + b.dropLast())),
      (
        "crlf",
        Data(
          String(decoding: a + b, as: UTF8.self).replacingOccurrences(of: "}\n", with: "}\r\n").utf8
        ),
        ScalpelProcess.zstd(
          Data(
            String(decoding: a + b, as: UTF8.self).replacingOccurrences(of: "}\n", with: "}\r\n")
              .utf8))
      ),
      (
        "bom", Data([0xEF, 0xBB, 0xBF]) + a + b,
        ScalpelProcess.zstd(Data([0xEF, 0xBB, 0xBF]) + a + b)
      ),
      (
        "utf8split", a + accent + b,
        ScalpelProcess.zstd(a + accent.prefix(splitAt))
          + ScalpelProcess.zstd(accent.dropFirst(splitAt) + b)
      ),
      (
        "invalidsplit", a + invalid + b,
        ScalpelProcess.zstd(a + invalid.prefix(invalidSplit))
          + ScalpelProcess.zstd(invalid.dropFirst(invalidSplit) + b)
      ),
      (
        "emptyframes", a + b,
        empty + ScalpelProcess.zstd(a) + empty + empty + ScalpelProcess.zstd(b) + empty
      ),
      // A line cut in the middle by a frame boundary, and a frame of only "\n".
      (
        "linesplit", a + b,
        ScalpelProcess.zstd(a + b.prefix(10)) + ScalpelProcess.zstd(b.dropFirst(10).dropLast())
          + ScalpelProcess.zstd(Data([0x0A]))
      ),
    ]
    for (name, plainBytes, compressed) in cases {
      #expect(try ScalpelProcess.unzstd(compressed) == plainBytes, "\(name): the reference agrees")
      try workspace.write("\(name).jsonl", plainBytes)
      try workspace.write("\(name).jsonl.zst", compressed)
      let plain = try Self.pairs("\(name).jsonl", in: workspace)
      let zstd = try Self.pairs("\(name).jsonl.zst", in: workspace)
      #expect(plain.status == 0 && zstd.status == 0, "\(name): \(zstd.error)")
      #expect(!plain.pairs.isEmpty, "\(name)")
      #expect(zstd.pairs == plain.pairs, "\(name)")
      #expect(Self.plainNames(zstd.rejects) == plain.rejects, "\(name)")
      #expect(
        Self.withoutThroughput(Self.plainNames(zstd.error)) == Self.withoutThroughput(plain.error),
        "\(name): same counts")
    }
  }

  // MARK: - Many frames

  /// 20,000 one-line frames against one frame of the same 20,000 lines: same pairs, and
  /// not quadratic (at most 4 times the one-frame time, plus one second).
  @Test func twentyThousandTinyFramesAreLinear() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let line = Data(#"{\#(Self.clean)}"#.utf8 + [0x0A])  // no id: `<shard>:<line>` ids
    let count = 20_000
    let frame = try ScalpelProcess.zstd(line)
    var many = Data(capacity: frame.count * count)
    for _ in 0..<count { many.append(frame) }
    var lines = Data(capacity: line.count * count)
    for _ in 0..<count { lines.append(line) }
    try workspace.write("one/x.jsonl.zst", ScalpelProcess.zstd(lines))
    try workspace.write("many/x.jsonl.zst", many)
    let (oneResult, _, oneSeconds) = try Self.measured(
      ["build-pairs", "one/x.jsonl.zst", "-o", "one.pairs.jsonl"], in: workspace)
    let (manyResult, _, manySeconds) = try Self.measured(
      ["build-pairs", "many/x.jsonl.zst", "-o", "many.pairs.jsonl"], in: workspace)
    #expect(oneResult.status == 0 && manyResult.status == 0, "\(manyResult.standardError)")
    #expect(
      manyResult.standardError.contains("records: \(count) in = \(count) accepted"),
      "\(manyResult.standardError)")
    #expect(workspace.bytes("many.pairs.jsonl") == workspace.bytes("one.pairs.jsonl"))
    #expect(
      manySeconds < oneSeconds * 4 + 1, "many frames \(manySeconds) s, one frame \(oneSeconds) s")
  }

  // MARK: - Standard input and mixed folders

  /// `-` with zstd bytes, and a folder mixing `.jsonl`, `.jsonl.gz` and `.jsonl.zst` shards:
  /// the pairs of the plain files, every shard read.
  @Test func standardInputAndAMixedFolderGivePlainPairs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let shards = ZstdShardTests.corpusShards(count: 3)
    try workspace.write("plain/part-0.jsonl", shards[0])
    try workspace.write("plain/part-1.jsonl", shards[1])
    try workspace.write("plain/part-2.jsonl", shards[2])
    try workspace.write("zst/part-0.jsonl", shards[0])
    try workspace.write("zst/part-1.jsonl.gz", ScalpelProcess.gzip(Data(shards[1].utf8)))
    try workspace.write("zst/part-2.jsonl.zst", ScalpelProcess.zstd(Data(shards[2].utf8)))
    let plain = try Self.pairs("plain", in: workspace)
    let mixed = try Self.pairs("zst", in: workspace)
    #expect(plain.status == 0 && mixed.status == 0, "\(mixed.error)")
    #expect(mixed.pairs == plain.pairs && !plain.pairs.isEmpty)
    #expect(
      ZstdShardTests.withoutShardPaths(mixed.rejects)
        == ZstdShardTests.withoutShardPaths(plain.rejects))
    let all = Data(shards.joined().utf8)
    let piped = try Self.pairs("-", in: workspace, standardInput: ScalpelProcess.zstd(all))
    let pipedPlain = try Self.pairs("-", in: workspace, standardInput: all)
    #expect(piped.status == 0, "\(piped.error)")
    #expect(piped.pairs == pipedPlain.pairs && piped.rejects == pipedPlain.rejects)
  }

  // MARK: - .zst outputs that cannot be written

  /// A `.zst` output in a read-only folder (a read-only tmpfs: the tests run as root) or on
  /// a full disk: exit 1, and no partial file under the final name; an old output stays
  /// whole.
  @Test func zstOutputOnAReadOnlyOrFullDiskLeavesNoPartialFile() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let corpus = Workspace.corpusLines.joined(separator: "\n") + "\n"
    try workspace.write("big.jsonl", corpus)
    try workspace.write("small.jsonl", Workspace.corpusLines[0] + "\n")
    // Read-only.
    let readOnly = workspace.path + "/ro"
    try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
    guard try Self.shell("mount -t tmpfs -o ro,size=64k tmpfs ro", in: workspace.url) == 0 else {
      print("HostileZstdTests: cannot mount tmpfs; output tests skipped")
      return
    }
    defer { _ = try? Self.shell("umount ro", in: workspace.url) }
    let ro = try workspace.run(["build-pairs", "big.jsonl", "-o", "ro/pairs.jsonl.zst", "-q"])
    #expect(ro.status == 1, "\(ro.standardError)")
    #expect(ro.standardError.contains("ro/pairs.jsonl.zst"), "\(ro.standardError)")
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: readOnly)) ?? ["?"]).isEmpty)
    // Full: a 64 KiB tmpfs, mostly taken by a filler file.
    try FileManager.default.createDirectory(
      atPath: workspace.path + "/full", withIntermediateDirectories: true)
    guard try Self.shell("mount -t tmpfs -o size=64k tmpfs full", in: workspace.url) == 0 else {
      return
    }
    defer { _ = try? Self.shell("umount full", in: workspace.url) }
    let outputs = ["-o", "full/pairs.jsonl.zst", "--rejects", "full/rejects.jsonl.zst", "-q"]
    let small = try workspace.run(["build-pairs", "small.jsonl"] + outputs)
    #expect(small.status == 0, "\(small.standardError)")
    let old = try #require(workspace.bytes("full/pairs.jsonl.zst"))
    #expect(try !ScalpelProcess.unzstd(old).isEmpty)
    // Leave about 8 KiB free: less than the compressed pairs of the whole corpus.
    try Self.shell("head -c 45000 /dev/zero > full/filler", in: workspace.url)
    let before = workspace.snapshot().filter { $0.key.hasPrefix("full/") }
    let big = try workspace.run(["build-pairs", "big.jsonl"] + outputs)
    #expect(big.status == 1, "\(big.standardError)")
    #expect(big.standardError.contains("No space left on device"), "\(big.standardError)")
    #expect(workspace.snapshot().filter { $0.key.hasPrefix("full/") } == before)
  }

  // MARK: - SCALPEL_LIBZSTD

  /// `SCALPEL_LIBZSTD` naming a file that is not a library, a library without the zstd
  /// functions (libz.so.1), or empty (the default library, as if unset).
  @Test func badLibzstdOverridesAreClearErrorsAndEmptyMeansTheDefault() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("in.jsonl.zst", ScalpelProcess.zstd(Self.record("a")))
    let text = try workspace.write("not-a-library.so", "hello, I am text\n")
    let cases: [(String, String)] = [
      (text, "not-a-library.so"),
      ("libz.so.1", "libz.so.1 has no function ZSTD_createDStream"),
    ]
    for (library, message) in cases {
      let result = try workspace.run(
        ["build-pairs", "in.jsonl.zst", "-o", "out.jsonl"],
        environment: ["SCALPEL_LIBZSTD": library])
      #expect(result.status == 1, "\(library): \(result.standardError)")
      #expect(
        result.standardError.contains(
          "cannot read 'in.jsonl.zst': it is zstd-compressed, and the zstd library could not be loaded ("
        ), "\(library): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(library): \(result.standardError)")
      #expect(workspace.bytes("out.jsonl") == nil)
      let output = try workspace.run(
        ["build-pairs", "-", "-o", "out.jsonl.zst"], standardInput: Self.record("a"),
        environment: ["SCALPEL_LIBZSTD": library])
      #expect(output.status == 1, "\(library): \(output.standardError)")
      #expect(
        output.standardError.contains("cannot create 'out.jsonl.zst'"),
        "\(library): \(output.standardError)")
      #expect(workspace.bytes("out.jsonl.zst") == nil)
    }
    let empty = try workspace.run(
      ["build-pairs", "in.jsonl.zst", "-o", "out.jsonl"], environment: ["SCALPEL_LIBZSTD": ""])
    #expect(empty.status == 0, "\(empty.standardError)")
    #expect(empty.standardError.contains("records: 1 in = 1 accepted"), "\(empty.standardError)")
  }
}

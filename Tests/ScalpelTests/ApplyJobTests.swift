import Foundation
import Testing

@testable import Scalpel

@Suite struct ApplyJobTests {
  /// 60 documents of 1-8 lines; odd documents get programs (chunks in reverse order), some bad.
  static func corpus(in directory: TemporaryDirectory, shards: Int = 1) throws -> (
    inputs: [String], programs: String
  ) {
    var random = SplitMix64(seed: 42)
    var shardLines = [[String]](repeating: [], count: shards)
    var programLines: [String] = []
    for index in 0..<60 {
      let lines = (0..<(1 + random.int(below: 8))).map { "line \($0) of doc \(index) [ad]" }
      var writer = JSONWriter()
      writer.appendObject { object in
        object.appendKey("id")
        object.appendString("doc-\(index)")
        object.appendKey("text")
        object.appendString(lines.joined(separator: "\n") + "\n")
      }
      shardLines[index * shards / 60].append(String(decoding: writer.bytes, as: UTF8.self))
      if index % 7 == 3 { shardLines[index * shards / 60].append("{broken") }
      guard index % 2 == 1 else { continue }
      let chunkCount = Chunker.chunks(
        of: NormalizedText(lines.joined(separator: "\n") + "\n"),
        options: ChunkingOptions(budget: .characters(60))
      ).count
      for chunk in (0..<chunkCount).reversed() {
        let program =
          index % 5 == 0
          ? "remove_lines(1, 1)\\nnonsense\\nremove_str(9, \\\"x\\\")"
          : "remove_str(1, \\\" [ad]\\\")"
        programLines.append(#"{"id":"doc-\#(index)","chunk":\#(chunk),"program":"\#(program)"}"#)
      }
    }
    var inputs: [String] = []
    for (shard, lines) in shardLines.enumerated() {
      inputs.append(
        try directory.file(
          "shard-\(shard).jsonl", contents: Array((lines.joined(separator: "\n") + "\n").utf8)))
    }
    let programs = try directory.file(
      "programs.jsonl", contents: Array((programLines.joined(separator: "\n") + "\n").utf8))
    return (inputs, programs)
  }

  static func options(
    _ inputs: [String], _ programs: String, _ directory: TemporaryDirectory, jobs: Int
  ) -> ApplyJob {
    var options = JobOptions(
      inputs: inputs,
      destination: .files(
        output: directory.path + "/out-\(jobs).jsonl",
        rejects: directory.path + "/rejects-\(jobs).jsonl",
        report: directory.path + "/report-\(jobs).jsonl"))
    (options.jobCount, options.roundByteCount) = (jobs, 500)
    var job = ApplyJob(options: options, programs: .file(programs))
    job.refinement = RefinementOptions(chunking: ChunkingOptions(budget: .characters(60)))
    return job
  }

  @Test func outputIsIdenticalForEveryJobCount() throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try Self.corpus(in: directory, shards: 2)
    let one = try Self.options(inputs, programs, directory, jobs: 1).run()
    let three = try Self.options(inputs, programs, directory, jobs: 3).run()
    for name in ["out", "rejects", "report"] {
      let first = directory.contents(of: directory.path + "/\(name)-1.jsonl")
      #expect(
        first != nil && first == directory.contents(of: directory.path + "/\(name)-3.jsonl"),
        "\(name)")
    }
    var (a, b) = (one, three)
    (a.seconds, b.seconds) = (0, 0)
    #expect(a == b)
    #expect(one.isBalanced && one.documentCount == 69 && one.writtenDocumentCount == 60)
    #expect(one.rejectedByReason == ["invalid_json": 9])
    #expect(
      one.chunkCount(.missingProgram) > 0 && one.chunkCount(.overErrorBudget) > 0
        && one.chunkCount(.refined) > 0, "\(one.humanReadable)")
    #expect(one.chunkCount == one.chunksByStatus.values.reduce(0, +))
    // Every document written with programs had " [ad]" removed from its first line of each refined chunk.
    let output = String(
      decoding: directory.contents(of: directory.path + "/out-1.jsonl") ?? [], as: UTF8.self)
    #expect(
      output.contains(
        #"{"id":"doc-1","text":"line 0 of doc 1 [ad]\nline 1 of doc 1 [ad]\nline 2 of doc 1 [ad]\nline 3 of doc 1 [ad]\n","refined_text":"line 0 of doc 1\nline 1 of doc 1 [ad]\nline 2 of doc 1\nline 3 of doc 1 [ad]\n"}"#
      ))
  }

  @Test func programsOutOfOrderFailAndPublishNothing() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file(
      "in.jsonl", contents: Array(#"{"id":"a","text":"x\n"}\#n{"id":"b","text":"y\n"}\#n"#.utf8))
    let programs = try directory.file(
      "p.jsonl",
      contents: Array(
        #"{"id":"b","program":"keep_all()"}\#n{"id":"a","program":"keep_all()"}\#n"#.utf8))
    var options = ApplyJob(
      options: JobOptions(
        inputs: [input], destination: .files(output: directory.path + "/out.jsonl")),
      programs: .file(programs))
    #expect(throws: JobError.unconsumedPrograms(path: programs, lineNumber: 2, documentID: "a")) {
      try options.run()
    }
    #expect(try directory.entries() == ["in.jsonl", "p.jsonl"])
    options.options.destination = .directory(directory.path + "/dir")
    #expect(throws: JobError.self) { try options.run() }
    #expect(try directory.entries() == ["dir", "in.jsonl", "p.jsonl"])
    #expect(directory.contents(of: directory.path + "/dir/in.refined.jsonl") == nil)
  }

  @Test func resumeSkipsCompleteShardsAndKeepsTheJoinInStep() throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try Self.corpus(in: directory, shards: 3)
    var options = Self.options(inputs, programs, directory, jobs: 2)
    options.options.destination = .directory(directory.path + "/out")
    let first = try options.run()
    let names = ["shard-0", "shard-1", "shard-2"].flatMap { shard in
      ["refined.jsonl", "rejects.jsonl", "report.jsonl", "summary.json", "manifest.json"].map {
        "\(shard).\($0)"
      }
    }
    let before = names.map { directory.contents(of: directory.path + "/out/" + $0) }
    #expect(before.allSatisfy { $0 != nil })
    // Shard 2 is incomplete: its refined file is missing.
    try FileManager.default.removeItem(atPath: directory.path + "/out/shard-2.refined.jsonl")
    options.options.resumes = true
    let second = try options.run()
    #expect(second.resumedShardCount == 2)
    #expect(
      names.map { directory.contents(of: directory.path + "/out/" + $0) }.enumerated().allSatisfy {
        $0.element == before[$0.offset] || names[$0.offset].hasSuffix("summary.json")
          || names[$0.offset].hasSuffix("manifest.json")
      })
    #expect(
      second.documentCount == first.documentCount && second.chunksByStatus == first.chunksByStatus)
  }

  @Test func summaryRoundTripsThroughItsJSON() throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try Self.corpus(in: directory)
    var summary = try Self.options(inputs, programs, directory, jobs: 1).run()
    summary.seconds = 0
    summary.firstInvalidProgramLine = nil
    var writer = JSONWriter()
    summary.encode(into: &writer)
    #expect(ApplySummary(json: try JSONParser().parse(writer.bytes)) == summary)
  }

  /// The programs of `corpus(in:shards:)` with each document's chunks shuffled and hostile
  /// lines between them: nested and repeated ids, lone surrogates, numbers, blank, over-long
  /// and unterminated lines.
  static func hostilePrograms(_ programs: String, in directory: TemporaryDirectory) throws -> String
  {
    var random = SplitMix64(seed: 7)
    let lines = String(decoding: directory.contents(of: programs) ?? [], as: UTF8.self)
      .split(separator: "\n").map(String.init)
    let hostile = [
      #"{"meta":{"id":"doc-1"},"program":"keep_all()"}"#,
      #"{"id":"doc-1","id":null,"program":"p"}"#,
      #"{"id":"doc-1","program":"\ud800"}"#, #"{"id":7.5,"program":"x"}"#, "", "  \t",
      #"["id","doc-1"]"#, #"{"id":"doc-1","chunk":-1,"program":"x"}"#, "{\"id\":\"doc-1\"",
      #"{"id":"doc-1","program":"\#(String(repeating: "y", count: 2000))"}"#,
    ]
    var output: [String] = []
    var index = 0
    while index < lines.count {
      let id = lines[index].split(separator: ",")[0]
      var group: [String] = []
      while index < lines.count && lines[index].split(separator: ",")[0] == id {
        group.append(lines[index])
        index += 1
      }
      for position in group.indices.reversed() {
        group.swapAt(position, random.int(below: position + 1))
      }
      for line in group {
        if random.int(below: 3) == 0 { output.append(hostile[random.int(below: hostile.count)]) }
        output.append(line)
      }
    }
    return try directory.file(
      "hostile.jsonl", contents: Array((output.joined(separator: "\n") + "\n").utf8))
  }

  @Test(arguments: [500, 3000])
  func hostileShuffledProgramsGiveOneOutputForEveryJobCount(roundBytes: Int) throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try Self.corpus(in: directory, shards: 2)
    let hostile = try Self.hostilePrograms(programs, in: directory)
    var summaries: [ApplySummary] = []
    for jobs in [1, 2] {
      var options = Self.options(inputs, hostile, directory, jobs: jobs)
      options.options.roundByteCount = roundBytes
      options.options.maximumRecordByteCount = 1000
      var summary = try options.run()
      summary.seconds = 0
      summaries.append(summary)
    }
    for name in ["out", "rejects", "report"] {
      let first = directory.contents(of: directory.path + "/\(name)-1.jsonl")
      #expect(
        first != nil && first == directory.contents(of: directory.path + "/\(name)-2.jsonl"),
        "\(name)")
    }
    #expect(summaries[0] == summaries[1])
    #expect(summaries[0].invalidProgramLineCount > 5, "\(summaries[0].humanReadable)")
    #expect(summaries[0].chunkCount(.refined) > 0)
    // The same programs in file order give the same refinements.
    let plain = try Self.options(inputs, programs, directory, jobs: 2).run()
    #expect(plain.chunksByStatus == summaries[0].chunksByStatus)
    // Documents out of corpus order fail alike with either job count.
    var lines = String(decoding: directory.contents(of: hostile) ?? [], as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.swapAt(lines.firstIndex { $0.hasPrefix(#"{"id":"doc-3","#) }!, lines.count - 2)
    let swapped = try directory.file(
      "swapped.jsonl", contents: Array(lines.joined(separator: "\n").utf8))
    var errors: [String] = []
    for jobs in [1, 2] {
      do {
        _ = try Self.options(inputs, swapped, directory, jobs: jobs).run()
        errors.append("none")
      } catch { errors.append("\(error)") }
    }
    #expect(
      errors[0] == errors[1] && errors[0].contains("no document took the program of"), "\(errors)")
  }
}

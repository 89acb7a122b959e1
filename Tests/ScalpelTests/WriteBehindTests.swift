import Foundation
import Testing

@testable import Scalpel

/// The writes of a round overlap the processing of the next (`WriteBehind`): the output,
/// the errors and what is left on disk must be those of writing each round before the next.
@Suite struct WriteBehindTests {
  /// The apply outputs of `ApplyJobTests.corpus` with `jobs` workers and rounds of
  /// `roundBytes` bytes: output, rejects and report, and the summary without its time.
  static func applyOutputs(
    _ inputs: [String], _ programs: String, _ directory: TemporaryDirectory, jobs: Int,
    roundBytes: Int
  ) throws -> ([[UInt8]?], ApplySummary) {
    var options = ApplyJobTests.options(inputs, programs, directory, jobs: jobs)
    options.options.roundByteCount = roundBytes
    var summary = try options.run()
    summary.seconds = 0
    let files = ["out", "rejects", "report"].map {
      directory.contents(of: directory.path + "/\($0)-\(jobs).jsonl")
    }
    return (files, summary)
  }

  @Test func outputIsIdenticalForOneTwoAndManyJobsAndEveryRoundSize() throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try ApplyJobTests.corpus(in: directory, shards: 2)
    let (reference, summary) = try Self.applyOutputs(
      inputs, programs, directory, jobs: 1, roundBytes: 1 << 20)
    #expect(reference.allSatisfy { $0 != nil && !($0?.isEmpty ?? true) })
    // One record per round, a few records per round, one round per shard.
    for roundBytes in [1, 100, 700, 1 << 20] {
      for jobs in [1, 2, 8] {
        let (files, other) = try Self.applyOutputs(
          inputs, programs, directory, jobs: jobs, roundBytes: roundBytes)
        #expect(files == reference, "jobs \(jobs), round bytes \(roundBytes)")
        #expect(other == summary, "jobs \(jobs), round bytes \(roundBytes)")
      }
    }
  }

  @Test(arguments: [1, 2, 8])
  func aDuplicateIDInALateRoundPublishesNothing(jobs: Int) throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try ApplyJobTests.corpus(in: directory, shards: 1)
    // The last record repeats the id of the first: the run fails in its last round, after
    // the earlier rounds were written (behind) to the temporary files.
    var lines = String(decoding: directory.contents(of: inputs[0]) ?? [], as: UTF8.self)
      .split(separator: "\n").map(String.init)
    lines.append(lines[0])
    let input = try directory.file(
      "late-duplicate.jsonl", contents: Array((lines.joined(separator: "\n") + "\n").utf8))
    let before = try directory.entries()
    var options = ApplyJobTests.options([input], programs, directory, jobs: jobs)
    options.options.roundByteCount = 100
    #expect(
      throws: JobError.duplicateID(
        id: "doc-0", first: "\(input):1", second: "\(input):\(lines.count)")
    ) { try options.run() }
    #expect(try directory.entries() == before)
  }

  /// Bytes of `count` newlines.
  static func line(_ count: Int) -> [UInt8] { [UInt8](repeating: 0x0A, count: count) }

  @Test func aFailedWriteIsTheErrorOfTheNextRoundAndOfFinish() throws {
    let directory = try TemporaryDirectory()
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    // /dev/full fails every write with ENOSPC; the report is a regular temporary file.
    let output = try AtomicFileWriter(path: "/dev/full", bufferByteCount: 4)
    let report = try AtomicFileWriter(path: directory.path + "/report.jsonl")
    let writing = WriteBehind(output: output, report: report, rejects: nil, overlaps: true)
    let (first, second) = (Self.line(10), Self.line(20))
    try writing.start([
      .report(first, AtomicFileWriter.Digest(of: first)),
      .output(first, AtomicFileWriter.Digest(of: first)),
      .report(second, AtomicFileWriter.Digest(of: second)),
    ])
    // The next round is not written: the failure of the first is thrown instead.
    var message = "none"
    do {
      try writing.start([.report(second, AtomicFileWriter.Digest(of: second))])
    } catch { message = "\(error)" }
    #expect(
      message.contains("/dev/full") && message.contains("No space left on device"), "\(message)")
    #expect(throws: FileError.self) { try writing.finish() }
    #expect(report.written.byteCount == first.count)
    report.abort()
    #expect(try directory.entries() == [])
  }

  @Test func writesAreDoneInOrderAcrossRounds() throws {
    let directory = try TemporaryDirectory()
    let output = try AtomicFileWriter(path: directory.path + "/out.jsonl", bufferByteCount: 7)
    let rejects = try AtomicFileWriter(path: directory.path + "/rejects.jsonl")
    let writing = WriteBehind(output: output, report: nil, rejects: rejects, overlaps: true)
    var expected: [UInt8] = []
    for round in 0..<50 {
      var writes: [WriteBehind.Write] = []
      for record in 0..<(round % 7) {
        let bytes = Array("\(round).\(record)\n".utf8)
        expected += bytes
        writes.append(.output(bytes, AtomicFileWriter.Digest(of: bytes)))
        // A report line with no report writer is dropped.
        writes.append(.report(bytes, AtomicFileWriter.Digest(of: bytes)))
      }
      writes.append(
        .reject(
          RecordRejection(id: "r\(round)", source: "in:\(round)", code: .invalidJSON, detail: "x")))
      try writing.start(writes, releasing: [UInt8](repeating: 1, count: 1000))
    }
    try writing.finish()
    try output.commit()
    try rejects.commit()
    #expect(directory.contents(of: directory.path + "/out.jsonl") == expected)
    let rejectLines = String(
      decoding: directory.contents(of: directory.path + "/rejects.jsonl") ?? [], as: UTF8.self
    ).split(separator: "\n")
    #expect(rejectLines.count == 50)
    #expect(rejectLines.enumerated().allSatisfy { $0.element.contains("\"r\($0.offset)\"") })
  }

  /// A build-pairs corpus of `count` records whose ids repeat at `duplicates` (each such
  /// line takes the id of the line `offset` before it), with a broken line every 13.
  static func pairsCorpus(count: Int, duplicates: [Int: Int]) -> String {
    var lines: [String] = []
    for index in 0..<count {
      let id = duplicates[index].map { "doc-\(index - $0)" } ?? "doc-\(index)"
      let text = (0..<(1 + index % 6)).map { "line \($0) of \(index) [ad]\\n" }.joined()
      lines.append(
        #"{"id":"\#(id)","text":"\#(text)","refined":"\#(text.replacingOccurrences(of: " [ad]", with: ""))"}"#
      )
      if index % 13 == 7 { lines.append("{broken") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Runs build-pairs on `input` with `jobs` workers and rounds of `roundRecords` records;
  /// returns the pairs, the rejects, the summary (time zeroed) and the progress reports.
  static func buildPairs(
    _ input: String, _ directory: TemporaryDirectory, jobs: Int, roundRecords: Int
  ) throws -> ([UInt8]?, [UInt8]?, BuildPairsSummary, [BuildPairsSummary]) {
    let (pairs, rejects) = (
      directory.path + "/pairs-\(jobs).jsonl", directory.path + "/rej-\(jobs).jsonl"
    )
    var options = JobOptions(inputs: [input], destination: .files(output: pairs, rejects: rejects))
    (options.jobCount, options.roundRecordCount) = (jobs, roundRecords)
    var reports: [BuildPairsSummary] = []
    var summary = try BuildPairsJob(options: options).run { progress in
      var soFar = progress.summary
      soFar.seconds = 0
      reports.append(soFar)
    }
    summary.seconds = 0
    return (directory.contents(of: pairs), directory.contents(of: rejects), summary, reports)
  }

  /// Duplicates in late rounds, rounds of one record and of a few: the pairs, the rejects
  /// (the same first line named for each duplicate) and the summary are those of one job,
  /// and progress is reported once per round, the last with the run's counts.
  @Test func lateDuplicatesAndTinyRoundsGiveTheOutputOfOneJob() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.file(
      "corpus.jsonl",
      contents: Array(Self.pairsCorpus(count: 150, duplicates: [120: 117, 148: 1, 149: 40]).utf8))
    let (pairs, rejects, summary, _) = try Self.buildPairs(
      input, directory, jobs: 1, roundRecords: 4096)
    let rejectText = String(decoding: rejects ?? [], as: UTF8.self)
    #expect(pairs?.isEmpty == false)
    // doc-3 (line 4) again at index 120, doc-147 at 148 and doc-109 at 149.
    #expect(rejectText.components(separatedBy: "duplicate_id").count == 4)
    #expect(rejectText.contains("\(input):4 already"))
    for roundRecords in [1, 2, 3, 16, 4096] {
      for jobs in [1, 2, 8] {
        let (otherPairs, otherRejects, other, reports) = try Self.buildPairs(
          input, directory, jobs: jobs, roundRecords: roundRecords)
        let label = "jobs \(jobs), rounds of \(roundRecords)"
        #expect(otherPairs == pairs, "\(label)")
        #expect(otherRejects == rejects, "\(label)")
        #expect(other == summary, "\(label)")
        #expect(reports.last?.recordCount == summary.recordCount, "\(label)")
        let counts = reports.map(\.recordCount)
        #expect(counts == counts.sorted() && Set(counts).count == counts.count, "\(label)")
        if roundRecords == 1 { #expect(reports.count == summary.recordCount, "\(label)") }
      }
    }
  }
}

import Foundation
import Synchronization
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
      .report(first),
      .output(first),
      .report(second),
    ])
    // The next round is not written: the failure of the first is thrown instead.
    var message = "none"
    do {
      try writing.start([.report(second)])
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
        writes.append(.output(bytes))
        // A report line with no report writer is dropped.
        writes.append(.report(bytes))
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

  struct RoundFailure: Error, Equatable { var round: Int }

  /// A round whose making returns an error (a duplicate id that fails the run) is written
  /// up to where it stops, then its error is that of the next start and of finish, and no
  /// later round is written; a failed write among its writes is the error instead.
  @Test(arguments: [false, true])
  func anErrorReturnedWithTheWritesEndsTheRunAfterThem(overlaps: Bool) throws {
    let directory = try TemporaryDirectory()
    let output = try AtomicFileWriter(path: directory.path + "/out.jsonl", bufferByteCount: 3)
    let writing = WriteBehind(output: output, report: nil, rejects: nil, overlaps: overlaps)
    func bytes(_ round: Int) -> [UInt8] { Array("round \(round)\n".utf8) }
    var caught: [RoundFailure] = []
    var madeRounds: [Int] = []
    let made = Mutex([Int]())
    for round in 0..<6 {
      do {
        try writing.start {
          made.withLock { $0.append(round) }
          let writes = [
            WriteBehind.Write.output(bytes(round))
          ]
          return ([writes], round == 2 ? RoundFailure(round: round) : nil)
        }
      } catch let error as RoundFailure { caught.append(error) }
    }
    do { try writing.finish() } catch let error as RoundFailure { caught.append(error) }
    madeRounds = made.withLock { $0 }
    // Rounds 0 to 2 are made and written; every start after round 2 and finish throw (and,
    // without overlap, round 2's own start, which writes it at once).
    #expect(madeRounds == [0, 1, 2])
    #expect(caught == [RoundFailure](repeating: RoundFailure(round: 2), count: overlaps ? 4 : 5))
    output.abort()

    // A write that fails before the returned error: the write's error is the one kept.
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let full = try AtomicFileWriter(path: "/dev/full", bufferByteCount: 1)
    let failing = WriteBehind(output: full, report: nil, rejects: nil, overlaps: overlaps)
    var message = "none"
    do {
      try failing.start {
        ([[.output(bytes(0))]], RoundFailure(round: 0))
      }
      try failing.finish()
    } catch { message = "\(error)" }
    #expect(message.contains("No space left on device"), "\(message)")
  }

  /// Build-pairs over two shards whose ids repeat within and across shards, in rounds of
  /// one record and more, with many jobs: each duplicate is rejected naming the first line
  /// of its id, as a textbook pass over the lines in order finds it.
  @Test func duplicatesAcrossShardsAreThoseOfAPassInOrder() throws {
    let directory = try TemporaryDirectory()
    let first = try directory.file(
      "a.jsonl",
      contents: Array(Self.pairsCorpus(count: 40, duplicates: [5: 5, 20: 3, 39: 30]).utf8))
    // The second shard has ids of its own (b-…), one repeated within it (b-21 at 25),
    // and two of the first (doc-2, doc-17).
    var second = Self.pairsCorpus(count: 30, duplicates: [25: 4])
      .replacingOccurrences(of: #""id":"doc-"#, with: #""id":"b-"#)
      .split(separator: "\n").map(String.init)
    second[3] = second[3].replacingOccurrences(of: #""id":"b-3""#, with: #""id":"doc-2""#)
    second[10] = second[10].replacingOccurrences(of: #""id":"b-9""#, with: #""id":"doc-17""#)
    let secondPath = try directory.file(
      "b.jsonl", contents: Array((second.joined(separator: "\n") + "\n").utf8))
    // The reference: the first line of each id, over the lines of both files in order.
    var firstLine: [String: String] = [:]
    var expected: [String] = []
    for path in [first, secondPath] {
      let text = String(decoding: directory.contents(of: path) ?? [], as: UTF8.self)
      for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        guard let range = line.range(of: #""id":""#) else { continue }
        let id = String(line[range.upperBound...].prefix { $0 != "\"" })
        let source = "\(path):\(offset + 1)"
        if let earlier = firstLine[id] {
          expected.append("\(id) \(source) \(earlier)")
        } else {
          firstLine[id] = source
        }
      }
    }
    #expect(expected.count == 6)
    for roundRecords in [1, 2, 5, 4096] {
      for jobs in [1, 2, 8] {
        let (pairs, rejects) = (
          directory.path + "/pairs-\(jobs).jsonl", directory.path + "/rej-\(jobs).jsonl"
        )
        var options = JobOptions(
          inputs: [first, secondPath], destination: .files(output: pairs, rejects: rejects))
        (options.jobCount, options.roundRecordCount) = (jobs, roundRecords)
        _ = try BuildPairsJob(options: options).run()
        let found = String(decoding: directory.contents(of: rejects) ?? [], as: UTF8.self)
          .split(separator: "\n").filter { $0.contains("duplicate_id") }.map { line -> String in
            let object = try? JSONParser().parse(Array(line.utf8))
            guard case .object(let fields)? = object,
              case .string(let id)? = fields.first(where: { $0.key == "id" })?.value,
              case .string(let source)? = fields.first(where: { $0.key == "source" })?.value,
              case .string(let detail)? = fields.first(where: { $0.key == "detail" })?.value
            else { return "unreadable \(line)" }
            let earlier =
              detail.components(separatedBy: " is used by ").last?
              .components(separatedBy: " already").first ?? ""
            return "\(id) \(source) \(earlier)"
          }
        #expect(found == expected, "jobs \(jobs), rounds of \(roundRecords)")
      }
    }
  }

  /// Apply fails on a duplicate id found in an early round while later rounds are
  /// processed (the ids are registered by the writing thread): the error, the progress
  /// reported (one report per round before the failing one) and what is left on disk are
  /// those of stopping at once.
  @Test(arguments: [1, 2, 8])
  func aDuplicateIDInAnEarlyRoundStopsTheRunThere(jobs: Int) throws {
    let directory = try TemporaryDirectory()
    let (inputs, programs) = try ApplyJobTests.corpus(in: directory, shards: 1)
    var lines = String(decoding: directory.contents(of: inputs[0]) ?? [], as: UTF8.self)
      .split(separator: "\n").map(String.init)
    // The fourth line repeats the id of the first; many records follow it.
    let duplicateLine = 4
    lines.insert(lines[0], at: duplicateLine - 1)
    let input = try directory.file(
      "early-duplicate.jsonl", contents: Array((lines.joined(separator: "\n") + "\n").utf8))
    let before = try directory.entries()
    var job = ApplyJobTests.options([input], programs, directory, jobs: jobs)
    job.options.roundRecordCount = 1
    job.options.roundByteCount = 1 << 20
    var reports: [Int] = []
    var message = "none"
    do {
      _ = try job.run { reports.append($0.summary.recordCount) }
    } catch { message = "\(error)" }
    #expect(
      message
        == "\(JobError.duplicateID(id: "doc-0", first: "\(input):1", second: "\(input):\(duplicateLine)"))"
    )
    // Rounds of one record: the records before the duplicate, one report each.
    #expect(reports == Array(1..<duplicateLine), "\(reports)")
    #expect(try directory.entries() == before)
  }
}

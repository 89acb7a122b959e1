import Foundation
import Synchronization
import Testing

@testable import Scalpel

/// The round-size rule (`JobRounds`) through the real driver: a step that echoes every record
/// and notes the size of each round it is given.
@Suite struct JobRoundsTests {
  /// Echoes each record as its own line; the id of a record is its text, so that repeated
  /// lines are duplicates (rejected).
  /// The sizes of the rounds a step was given.
  final class RoundLog: Sendable {
    let sizes = Mutex<[Int]>([])
  }

  struct EchoStep: RecordStep {
    typealias Counters = PromptsCounters
    let rounds: RoundLog
    var name: String { "echo" }
    var outputKind: String { "echo" }
    var writesReport: Bool { false }
    var fingerprint: String { "" }
    var extraInputs: [String] { [] }
    var duplicateIDPolicy: DuplicateIDPolicy { .reject }
    mutating func start(cancellation: CancellationFlag?) throws {}
    mutating func process(_ round: JobRound) throws -> [StepResult<PromptsCounters>] {
      rounds.sizes.withLock { $0.append(round.records.count) }
      return round.records.map { record in
        guard case .line(_, let bytes) = record else {
          return .rejected(
            RecordRejection(id: nil, source: "-", code: .lineTooLong, detail: "too long"))
        }
        var counters = PromptsCounters()
        counters.chunkCharacterCount = bytes.count
        return .written(
          id: String(decoding: bytes, as: UTF8.self), output: bytes + [0x0A], report: [],
          counters: counters)
      }
    }
    mutating func skip(_ round: JobRound) throws -> [String?] { [] }
    mutating func takeShardCounters() -> PromptsCounters { PromptsCounters() }
    mutating func finish() throws -> PromptsCounters { PromptsCounters() }
  }

  /// The rounds the rule gives, found the slow way: each round is the shortest run of the
  /// next records that is complete, where a run of `n` records of `b` bytes is complete when
  /// it is full (`n ≥ R` or `b ≥ B`), or, with more than one job, when it reaches the first
  /// round's size (`n ≥ R/8` or `b ≥ B/8`) and is the first round or holds half of the bytes
  /// left of the file.
  static func referenceRounds(
    lineSizes: [Int], recordLimit: Int, byteLimit: Int, jobs: Int, fileSize: Int
  ) -> [Int] {
    var rounds: [Int] = []
    var next = 0
    var offset = 0
    while next < lineSizes.count {
      let start = next
      let startOffset = offset
      var count = 0
      var bytes = 0
      func complete() -> Bool {
        if count >= recordLimit || bytes >= byteLimit { return true }
        if jobs == 1 { return false }
        let reachesFirst = count >= max(recordLimit / 8, 1) || bytes >= max(byteLimit / 8, 1)
        return reachesFirst && (rounds.isEmpty || bytes >= (fileSize - startOffset) / 2)
      }
      while next < lineSizes.count && !complete() {
        count += 1
        bytes += lineSizes[next]
        offset += lineSizes[next]
        next += 1
      }
      rounds.append(next - start)
    }
    return rounds
  }

  /// Runs the echo job on `lines` and checks the rounds, the output and the counts.
  @discardableResult
  func check(
    _ lines: [String], jobs: Int, recordLimit: Int, byteLimit: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [Int] {
    let directory = try TemporaryDirectory()
    let text = lines.map { $0 + "\n" }.joined()
    let input = try directory.file("in.jsonl", contents: Array(text.utf8))
    let output = directory.path + "/out.jsonl"
    var options = JobOptions(
      inputs: [input], destination: .files(output: output, rejects: directory.path + "/rej.jsonl"))
    options.jobCount = jobs
    options.roundRecordCount = recordLimit
    options.roundByteCount = byteLimit
    options.allowsEmptyInput = true
    let rounds = RoundLog()
    let summary = try ShardedJob(options: options, step: EchoStep(rounds: rounds)).run()
    let expectedRounds = Self.referenceRounds(
      lineSizes: lines.map { $0.utf8.count + 1 }, recordLimit: recordLimit, byteLimit: byteLimit,
      jobs: jobs, fileSize: text.utf8.count)
    #expect(rounds.sizes.withLock { $0 } == expectedRounds, sourceLocation: sourceLocation)
    // Every round but the last is complete: none is empty, none is larger than a full one.
    #expect(
      rounds.sizes.withLock { $0 }.allSatisfy { $0 > 0 && $0 <= recordLimit },
      sourceLocation: sourceLocation)
    // The output is the first of each line in order; the counts are those of the input.
    var seen = Set<String>()
    let unique = lines.filter { seen.insert($0).inserted }
    let written = try String(contentsOfFile: output, encoding: .utf8)
    #expect(written == unique.map { $0 + "\n" }.joined(), sourceLocation: sourceLocation)
    #expect(summary.recordCount == lines.count, sourceLocation: sourceLocation)
    #expect(summary.writtenRecordCount == unique.count, sourceLocation: sourceLocation)
    #expect(
      summary.rejectedByReason
        == (lines.count > unique.count ? ["duplicate_id": lines.count - unique.count] : [:]),
      sourceLocation: sourceLocation)
    #expect(summary.inputByteCount == text.utf8.count, sourceLocation: sourceLocation)
    #expect(
      summary.chunkCharacterCount == unique.reduce(0) { $0 + $1.utf8.count },
      sourceLocation: sourceLocation)
    return rounds.sizes.withLock { $0 }
  }

  static let jobCounts = [1, 2, 3, 8]

  @Test(arguments: jobCounts) func emptyFileHasNoRound(jobs: Int) throws {
    try check([], jobs: jobs, recordLimit: 16, byteLimit: 1 << 20)
  }

  @Test(arguments: jobCounts) func oneRecord(jobs: Int) throws {
    try check(["only"], jobs: jobs, recordLimit: 16, byteLimit: 1 << 20)
  }

  @Test(arguments: jobCounts) func recordsLargerThanARound(jobs: Int) throws {
    let lines = (0..<9).map {
      String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 300 + $0)
    }
    try check(lines, jobs: jobs, recordLimit: 16, byteLimit: 256)
  }

  /// Sizes that divide nothing: records of varied lengths, with repeats (duplicates) across
  /// rounds and blocks, a file whose size is no multiple of a round.
  @Test(arguments: jobCounts) func unevenSizesAndDuplicates(jobs: Int) throws {
    var rng = SplitMix64(seed: UInt64(jobs))
    var lines: [String] = []
    for index in 0..<1_003 {
      if index % 97 == 5, !lines.isEmpty {
        lines.append(lines[rng.int(below: lines.count)])
      } else {
        lines.append("r\(index)-" + String(repeating: "x", count: rng.int(below: 200)))
      }
    }
    for (recordLimit, byteLimit) in [(64, 1 << 20), (4096, 10_007), (7, 333), (1, 1 << 20)] {
      try check(lines, jobs: jobs, recordLimit: recordLimit, byteLimit: byteLimit)
    }
  }

  /// With more than one job, the last rounds of a long file of equal records shrink to the
  /// first round's size, and never below it; with one job, every round but the last is full.
  @Test func lastRoundsShrinkWithMoreThanOneJob() throws {
    let lines = (0..<4_000).map { "record \($0 + 100_000) " + String(repeating: "y", count: 85) }
    let two = try check(lines, jobs: 2, recordLimit: 800, byteLimit: 1 << 30)
    #expect(two.first == 100)
    #expect(two.dropLast().allSatisfy { $0 >= 100 }, "\(two)")
    #expect((two.last ?? 0) <= 100, "\(two)")
    #expect(two.contains(800), "\(two)")
    let one = try check(lines, jobs: 1, recordLimit: 800, byteLimit: 1 << 30)
    #expect(one == [800, 800, 800, 800, 800])
  }
}

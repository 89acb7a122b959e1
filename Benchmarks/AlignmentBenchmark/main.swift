// AlignmentBenchmark: times Scalpel's aligner on generated web-like pairs, one core.
//
//     swift run -c release AlignmentBenchmark --sizes 5k,20k --seconds 2 --quality
//
// See BenchmarkOptions.usage for the flags and Benchmarks/peers/run.sh for the
// side-by-side comparison with other aligners.

import Scalpel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func monotonicSeconds() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// Peak resident set size of this process in KiB (Linux `ru_maxrss`).
func peakRSSKiB() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss)
}

func median(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return .nan }
  let sorted = values.sorted()
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  guard !values.isEmpty else { return .nan }
  let sorted = values.sorted()
  let rank = Int((p * Double(sorted.count - 1)).rounded(.up))
  return sorted[min(rank, sorted.count - 1)]
}

func printError(_ message: String) {
  let bytes = Array((message + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
  guard let file = fopen(path, "wb") else { return false }
  defer { fclose(file) }
  let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  return written == bytes.count
}

func padded(_ text: String, _ width: Int, right: Bool = true) -> String {
  let padding = String(repeating: " ", count: max(0, width - text.count))
  return right ? padding + text : text + padding
}

struct CaseResult {
  var caseName: String
  var pairCount: Int
  var meanOriginalBytes: Double
  var medianMilliseconds: Double
  var p90Milliseconds: Double
  var medianMBPerSecond: Double
  var rounds: Int
  var peakRSSKiB: Int
  var baselineRSSKiB: Int
  var exhaustedPairs: Int
  var quality: QualityTotals?
}

func runCase(
  _ caseName: String, options: BenchmarkOptions, generator: WebPairGenerator
) -> CaseResult? {
  let count = options.pairCount ?? WebPairGenerator.defaultPairCount(caseName: caseName)
  let pairs = (0..<count).map { generator.makePair(caseName: caseName, index: $0) }
  let baselineRSSKiB = peakRSSKiB()
  var aligner = AlignerUnderTest()
  var sink = 0
  // Warm-up: first pair twice (caches, allocator, lazy tables).
  for _ in 0..<2 {
    sink &+= aligner.align(original: pairs[0].original, refined: pairs[0].refined).hunks.count
  }

  var times = [[Double]](repeating: [], count: pairs.count)
  var alignments: [Alignment?] = Array(repeating: nil, count: pairs.count)
  let start = monotonicSeconds()
  var rounds = 0
  repeat {
    for (k, pair) in pairs.enumerated() {
      let t0 = monotonicSeconds()
      let alignment = aligner.align(original: pair.original, refined: pair.refined)
      let t1 = monotonicSeconds()
      times[k].append((t1 - t0) * 1000)
      sink &+= alignment.hunks.count
      if rounds == 0 { alignments[k] = alignment }
    }
    rounds += 1
  } while monotonicSeconds() - start < options.seconds
  if sink == -1 { print("unreachable") }

  let perPairMilliseconds = times.map { median($0) }
  let perPairMBPerSecond = zip(pairs, perPairMilliseconds).map {
    Double($0.original.count) / ($1 / 1000) / 1e6
  }
  let finalAlignments = alignments.compactMap { $0 }
  var result = CaseResult(
    caseName: caseName, pairCount: pairs.count,
    meanOriginalBytes: Double(pairs.reduce(0) { $0 + $1.original.count }) / Double(pairs.count),
    medianMilliseconds: median(perPairMilliseconds),
    p90Milliseconds: percentile(perPairMilliseconds, 0.9),
    medianMBPerSecond: median(perPairMBPerSecond), rounds: rounds, peakRSSKiB: peakRSSKiB(),
    baselineRSSKiB: baselineRSSKiB,
    exhaustedPairs: finalAlignments.filter(\.isBudgetExhausted).count)

  if options.checksQuality || options.dumpDirectory != nil {
    var totals = QualityTotals()
    for (pair, alignment) in zip(pairs, finalAlignments) {
      totals.add(AlignmentQuality(alignment: alignment, pair: pair), id: pair.id)
    }
    if options.checksQuality { result.quality = totals }
  }

  if let directory = options.dumpDirectory {
    var lines = JSONWriter()
    for (k, pair) in pairs.enumerated() {
      let alignment = finalAlignments[k]
      lines.beginObject()
      lines.field("id", string: pair.id)
      lines.field("size", string: caseName)
      lines.field("original", string: pair.original)
      lines.field("refined", string: pair.refined)
      lines.field("deleted_spans", spans: pair.deletedSpans)
      lines.field("inserted_spans", spans: pair.insertedSpans)
      lines.field(
        "scalpel_deleted_spans",
        spans: alignment.hunks.filter { $0.kind == .delete }.map(\.originalUTF8Range))
      lines.field(
        "scalpel_inserted_spans",
        spans: alignment.hunks.filter { $0.kind == .insert }.map(\.refinedUTF8Range))
      // Every non-equal hunk as [originalStart, originalEnd, refinedStart, refinedEnd].
      lines.field(
        "scalpel_edits",
        quads: alignment.hunks.filter { $0.kind != .equal }.map {
          ($0.originalUTF8Range, $0.refinedUTF8Range)
        })
      lines.field("scalpel_ms", number: perPairMilliseconds[k], decimals: 4)
      lines.field("scalpel_budget_exhausted", bool: alignment.isBudgetExhausted)
      lines.endObject()
      lines.bytes.append(0x0A)
    }
    var summary = JSONWriter()
    summary.beginObject()
    summary.field("size", string: caseName)
    summary.field("aligner", string: String(reflecting: AlignerUnderTest.self))
    summary.field("pairs", int: result.pairCount)
    summary.field("rounds", int: rounds)
    summary.field("median_ms", number: result.medianMilliseconds, decimals: 4)
    summary.field("mb_per_s", number: result.medianMBPerSecond, decimals: 2)
    summary.field("baseline_rss_kib", int: baselineRSSKiB)
    summary.field("peak_rss_kib", int: result.peakRSSKiB)
    summary.field("budget_exhausted_pairs", int: result.exhaustedPairs)
    summary.endObject()
    summary.bytes.append(0x0A)
    if !writeFile(directory + "/pairs-" + caseName + ".jsonl", lines.bytes)
      || !writeFile(directory + "/summary-" + caseName + ".json", summary.bytes)
    {
      printError("AlignmentBenchmark: cannot write to \(directory)")
      return nil
    }
  }
  return result
}

func printTable(_ results: [CaseResult], showsQuality: Bool) {
  var header =
    padded("size", 10, right: false) + padded("pairs", 6) + padded("KB/pair", 9)
    + padded("median ms", 11) + padded("p90 ms", 10) + padded("MB/s", 9) + padded("rounds", 7)
    + padded("peak RSS MB", 12) + padded("Δ align MB", 11) + padded("budget hit", 11)
  if showsQuality { header += padded("valid", 7) + padded("del-F1", 8) + padded("exact %", 9) }
  print(header)
  print(String(repeating: "-", count: header.count))
  for r in results {
    var line =
      padded(r.caseName, 10, right: false) + padded(String(r.pairCount), 6)
      + padded(formatFixed(r.meanOriginalBytes / 1000, decimals: 1), 9)
      + padded(formatFixed(r.medianMilliseconds, decimals: 3), 11)
      + padded(formatFixed(r.p90Milliseconds, decimals: 3), 10)
      + padded(formatFixed(r.medianMBPerSecond, decimals: 1), 9) + padded(String(r.rounds), 7)
      + padded(formatFixed(Double(r.peakRSSKiB) / 1024, decimals: 1), 12)
      + padded(formatFixed(Double(r.peakRSSKiB - r.baselineRSSKiB) / 1024, decimals: 1), 11)
      + padded(r.exhaustedPairs == 0 ? "no" : "\(r.exhaustedPairs)/\(r.pairCount)", 11)
    if let q = r.quality {
      line +=
        padded(q.invalidPairs == 0 ? "yes" : "NO \(q.invalidPairs)", 7)
        + padded(formatFixed(q.f1, decimals: 3), 8)
        + padded(formatFixed(q.exactSpanShare * 100, decimals: 1), 9)
    }
    print(line)
  }
}

let options: BenchmarkOptions
do {
  options = try BenchmarkOptions.parse(CommandLine.arguments.dropFirst())
} catch let error as BenchmarkOptions.UsageError {
  if !error.message.isEmpty { printError("AlignmentBenchmark: " + error.message) }
  printError(BenchmarkOptions.usage)
  exit(error.message.isEmpty ? 0 : 64)
} catch {
  exit(64)
}

if let bytes = options.emitRecordBytes {
  let pair = WebPairGenerator().makeWebPair(
    targetSize: bytes, seed: options.seed, pureDeletion: options.pureDeletion)
  var line = JSONWriter()
  line.beginObject()
  line.field("id", string: pair.id)
  line.field("text", string: pair.original)
  line.field("refined", string: pair.refined)
  line.endObject()
  line.bytes.append(0x0A)
  let written = line.bytes.withUnsafeBytes { buffer -> Bool in
    var offset = 0
    while offset < buffer.count {
      let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }
  exit(written ? 0 : 1)
}

if let directory = options.dumpDirectory {
  if mkdir(directory, 0o755) != 0 && errno != EEXIST {
    printError("AlignmentBenchmark: cannot create \(directory)")
    exit(1)
  }
}

print(
  "aligner: \(String(reflecting: AlignerUnderTest.self)); one thread; min \(options.seconds) s per size"
)
let generator = WebPairGenerator()
var results: [CaseResult] = []
for caseName in options.cases {
  guard let result = runCase(caseName, options: options, generator: generator) else { exit(1) }
  results.append(result)
}
printTable(results, showsQuality: options.checksQuality)
if results.contains(where: { $0.exhaustedPairs > 0 }) {
  print("note: 'budget hit' pairs were aligned partly as replacements (not minimal).")
}
if options.checksQuality {
  print("del-F1: deleted-byte F1 vs the generator's ground truth; exact %: true deleted spans")
  print("reproduced byte-exactly. Ground truth is one of several minimal answers (ties slide).")
  for r in results { if let p = r.quality?.firstProblem { print("INVALID \(r.caseName): \(p)") } }
  if results.contains(where: { ($0.quality?.invalidPairs ?? 0) > 0 }) { exit(1) }
}

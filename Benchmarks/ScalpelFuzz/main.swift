// ScalpelFuzz: seeded, reproducible fuzzing of the JSONL reader and JSON parser, the UTF-8
// validator, the program parser and executor, and the whole record processor.
//
//   swift run -c release ScalpelFuzz [--target json|utf8|program|record|all] [--iterations N]
//     [--seed S] [--start I] [--hang-seconds T]
//
// A trap ends the process (the signal handler first prints which input was running and how
// to replay it); an input that runs longer than --hang-seconds ends it with status 3; a broken
// invariant is printed with its input and counted. The exit status is 0 only if every input
// passed.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = """
  usage: ScalpelFuzz [--target json|utf8|program|record|all] [--iterations N] [--seed S]
                     [--start I] [--hang-seconds T] [--self-test trap|hang]
    --target        what to fuzz (default all)
    --iterations    inputs per target (default 100000)
    --seed          run seed (default 1); input I of a target depends only on seed, target and I
    --start         index of the first input (default 0); with --iterations 1 it replays one input
    --hang-seconds  an input running longer than this is a hang (default 10)
    --self-test     trap or hang on purpose in input 0, to see the harness report it
  """

struct FuzzOptions {
  var targets = FuzzTarget.allCases
  var iterations = 100_000
  var seed: UInt64 = 1
  var start = 0
  var hangSeconds = 10
  /// `trap` or `hang`: checks that the harness turns each into a failure, then ends.
  var selfTest: String?

  static func fail(_ message: String) -> Never {
    let text = Array("ScalpelFuzz: \(message)\n\(usage)\n".utf8)
    _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(64)
  }

  static func parse(_ commandLine: [String]) -> FuzzOptions {
    var options = FuzzOptions()
    var arguments = commandLine[...]
    func nextValue(_ name: String) -> String {
      guard let value = arguments.popFirst() else { fail("\(name) needs a value") }
      return value
    }
    while let argument = arguments.popFirst() {
      switch argument {
      case "--target":
        let value = nextValue(argument)
        if value == "all" {
          options.targets = FuzzTarget.allCases
        } else if let target = FuzzTarget(rawValue: value) {
          options.targets = [target]
        } else {
          fail("unknown target '\(value)'")
        }
      case "--iterations":
        guard let value = Int(nextValue(argument)), value >= 0 else { fail("bad --iterations") }
        options.iterations = value
      case "--seed":
        let text = nextValue(argument)
        guard let value = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        else { fail("bad --seed") }
        options.seed = value
      case "--start":
        guard let value = Int(nextValue(argument)), value >= 0 else { fail("bad --start") }
        options.start = value
      case "--hang-seconds":
        guard let value = Int(nextValue(argument)), value > 0 else { fail("bad --hang-seconds") }
        options.hangSeconds = value
      case "--self-test":
        options.selfTest = nextValue(argument)
      case "-h", "--help":
        print(usage)
        exit(0)
      default:
        fail("unknown argument '\(argument)'")
      }
    }
    return options
  }
}

let options = FuzzOptions.parse(Array(CommandLine.arguments.dropFirst()))
let targets = options.targets
let iterations = options.iterations
let seed = options.seed
let start = options.start
let hangSeconds = options.hangSeconds
FuzzWatchdog.install(runSeed: seed, hangSeconds: hangSeconds)
if let selfTest = options.selfTest {
  FuzzWatchdog.enter(target: .json, index: 0)
  print("self-test: \(selfTest) in input 0")
  if selfTest == "trap" {
    let values: [Int] = []
    print(values[Int(seed % 7) + 1])
  }
  while true { sleep(1) }
}
let directory = FuzzDirectory()

func formatted(_ value: Double, decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  var text = String(rounded)
  if let dot = text.firstIndex(of: ".") {
    let fraction = text[text.index(after: dot)...]
    text += String(repeating: "0", count: max(0, decimals - fraction.count))
  }
  return text
}

print(
  "ScalpelFuzz: targets \(targets.map(\.rawValue).joined(separator: ",")), inputs \(start)..<\(start + iterations) per target, seed \(seed), hang limit \(hangSeconds) s"
)
let runStart = FuzzClock.nanoseconds()
var totalInputs = 0
var totalFailedInputs = 0
var totalAccountingFailures = 0
for target in targets {
  let report = FuzzReport(target: target, runSeed: seed)
  let targetStart = FuzzClock.nanoseconds()
  switch target {
  case .json:
    JSONFuzzer(report: report, directory: directory).run(start: start, iterations: iterations)
  case .utf8: UTF8Fuzzer(report: report).run(start: start, iterations: iterations)
  case .program: ProgramFuzzer(report: report).run(start: start, iterations: iterations)
  case .record: RecordFuzzer(report: report).run(start: start, iterations: iterations)
  }
  let wall = Double(FuzzClock.nanoseconds() - targetStart) / 1e9

  // Every input must be accounted for.
  var accountingFailures = 0
  func requireSum(_ total: String, _ parts: [String]) {
    var sum = 0
    for part in parts { sum += report.value(of: part) }
    let totalValue = total == "inputs" ? report.inputCount : report.value(of: total)
    let line = "  accounting: \(total) \(totalValue) = \(parts.joined(separator: " + ")) \(sum)"
    if sum != totalValue { accountingFailures += 1 }
    print(sum == totalValue ? line : "ACCOUNTING BROKEN:" + line)
  }
  print(
    "target \(target.rawValue): \(report.inputCount) inputs in \(formatted(wall, decimals: 1)) s")
  for counter in report.counters {
    print("  \(counter.name): \(counter.value)")
  }
  switch target {
  case .json:
    requireSum("inputs", ["parsed", "rejected"])
    requireSum(
      "reader lines", ["reader lines parsed", "reader lines rejected", "reader lines too long"])
  case .utf8:
    requireSum("inputs", ["valid", "invalid"])
  case .program:
    requireSum("program lines", ["calls", "ignored lines", "error lines"])
    requireSum("calls", ["calls applied", "calls skipped"])
  case .record:
    requireSum("inputs", ["accepted", "rejected"])
    requireSum("rejected", report.counters.map(\.name).filter { $0.hasPrefix("rejected: ") })
  }
  if let slowest = report.slowest {
    print(
      "  slowest input: #\(slowest.index), \(slowest.byteCount) bytes, \(formatted(Double(slowest.nanoseconds) / 1e6, decimals: 3)) ms (fastest of 3 re-runs; \(formatted(Double(slowest.firstNanoseconds) / 1e6, decimals: 3)) ms in the run)"
    )
  }
  print(
    "  time per input: mean \(formatted(Double(report.totalNanoseconds) / 1e3 / Double(max(1, report.inputCount)), decimals: 2)) µs"
  )
  fflush(nil)
  print(
    "  \(report.inputCount - report.failedInputCount) passed, \(report.failedInputCount) failed (\(report.failureCount) broken checks, \(accountingFailures) broken sums)"
  )
  totalInputs += report.inputCount
  totalFailedInputs += report.failedInputCount
  totalAccountingFailures += accountingFailures
}
let totalSeconds = Double(FuzzClock.nanoseconds() - runStart) / 1e9
print("total: \(totalInputs) inputs in \(formatted(totalSeconds, decimals: 1)) s")
directory.removeFiles()
if totalAccountingFailures > 0 { print("\(totalAccountingFailures) accounting sums broken") }
print("\(totalInputs - totalFailedInputs) passed, \(totalFailedInputs) failed")
exit(totalFailedInputs == 0 && totalAccountingFailures == 0 ? 0 : 1)

import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The code under test that one fuzz loop drives.
enum FuzzTarget: String, CaseIterable {
  case json, utf8, program, record

  /// Mixed into every input's seed, so targets draw different inputs from one run seed.
  var salt: Int { FuzzTarget.allCases.firstIndex(of: self)! + 1 }
}

/// Counts, timings and failures of one target's run.
final class FuzzReport {
  let target: FuzzTarget
  private(set) var counters: [(name: String, value: Int)] = []
  private(set) var failureCount = 0
  private(set) var failedInputCount = 0
  private var currentInputFailed = false
  private var printedFailureCount = 0
  private(set) var inputCount = 0
  /// The inputs with the longest wall time, longest first (at most 8).
  private var slowCandidates: [(nanoseconds: UInt64, index: Int, byteCount: Int)] = []
  /// The slowest input after re-timing the candidates, see ``retimeSlowest(_:)``.
  private(set) var slowest:
    (index: Int, byteCount: Int, nanoseconds: UInt64, firstNanoseconds: UInt64)?
  /// While re-timing, counters and failures are not recorded again.
  private var isRetiming = false
  private(set) var totalNanoseconds: UInt64 = 0
  let runSeed: UInt64

  init(target: FuzzTarget, runSeed: UInt64) {
    self.target = target
    self.runSeed = runSeed
  }

  /// Adds `amount` to the counter `name`, creating it (in first-use order) if needed.
  func count(_ name: String, _ amount: Int = 1) {
    if isRetiming { return }
    if let index = counters.firstIndex(where: { $0.name == name }) {
      counters[index].value += amount
    } else {
      counters.append((name, amount))
    }
  }

  func value(of name: String) -> Int {
    counters.first { $0.name == name }?.value ?? 0
  }

  /// Records a broken invariant for input `index`, printing the first few with a replay command.
  func fail(_ index: Int, _ message: String, input: [UInt8]? = nil) {
    if isRetiming { return }
    failureCount += 1
    if !currentInputFailed {
      currentInputFailed = true
      failedInputCount += 1
    }
    guard printedFailureCount < 20 else { return }
    printedFailureCount += 1
    var text = "FAIL \(target.rawValue) input \(index): \(message)"
    if let input {
      text += "\n  input (\(input.count) bytes): \(FuzzReport.escaped(input, limit: 600))"
    }
    text +=
      "\n  replay: ScalpelFuzz --target \(target.rawValue) --seed \(runSeed) --start \(index) --iterations 1"
    print(text)
    fflush(nil)
  }

  /// Measures one input: its generator is built from the run seed, and the time of `body`
  /// is what the slowest-input figure reports.
  func run(index: Int, _ body: (inout SplitMix64) -> Int) {
    currentInputFailed = false
    FuzzWatchdog.enter(target: target, index: index)
    var rng = SplitMix64(runSeed: runSeed, target: target, index: index)
    let start = FuzzClock.nanoseconds()
    let byteCount = body(&rng)
    let elapsed = FuzzClock.nanoseconds() - start
    totalNanoseconds += elapsed
    inputCount += 1
    if slowCandidates.count < 8 || elapsed > slowCandidates[slowCandidates.count - 1].nanoseconds {
      slowCandidates.append((elapsed, index, byteCount))
      slowCandidates.sort { $0.nanoseconds > $1.nanoseconds }
      if slowCandidates.count > 8 { slowCandidates.removeLast() }
    }
  }

  /// Runs the slowest inputs again, three times each, and keeps the one whose fastest run is
  /// slowest: wall time on shared cores includes preemption, the minimum of re-runs does not.
  func retimeSlowest(_ body: (Int, inout SplitMix64) -> Int) {
    isRetiming = true
    defer { isRetiming = false }
    for candidate in slowCandidates {
      var best = UInt64.max
      for _ in 0..<3 {
        var rng = SplitMix64(runSeed: runSeed, target: target, index: candidate.index)
        FuzzWatchdog.enter(target: target, index: candidate.index)
        let start = FuzzClock.nanoseconds()
        _ = body(candidate.index, &rng)
        best = min(best, FuzzClock.nanoseconds() - start)
      }
      if best > slowest?.nanoseconds ?? 0 {
        slowest = (candidate.index, candidate.byteCount, best, candidate.nanoseconds)
      }
    }
  }

  /// Adds time spent outside ``run(index:_:)`` that still belongs to the target (batches).
  func addTime(nanoseconds: UInt64) { totalNanoseconds += nanoseconds }

  static func escaped(_ bytes: [UInt8], limit: Int) -> String {
    var text = "\""
    for byte in bytes.prefix(limit) {
      switch byte {
      case UInt8(ascii: "\""): text += "\\\""
      case UInt8(ascii: "\\"): text += "\\\\"
      case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    text += bytes.count > limit ? "\"…" : "\""
    return text
  }
}

enum FuzzClock {
  static func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }
}

/// The process-wide position of the run, readable from a signal handler and a watchdog thread.
private let currentTargetSalt = Atomic<Int>(0)
private let currentInputIndex = Atomic<Int>(-1)
private let heartbeat = Atomic<Int>(0)
private let runSeedBits = Atomic<UInt64>(0)
nonisolated(unsafe) private var crashMessageBuffer = UnsafeMutablePointer<UInt8>.allocate(
  capacity: 256)

/// Turns a trap into a replay command and a stuck input into a failure.
///
/// A trap (failed precondition, out-of-bounds index, overflow) kills the process: the signal
/// handler only prints which input was running, then lets the signal terminate the process.
/// A watchdog thread ends the process with status 3 when one input runs longer than the limit.
enum FuzzWatchdog {
  static func enter(target: FuzzTarget, index: Int) {
    currentTargetSalt.store(target.salt, ordering: .relaxed)
    currentInputIndex.store(index, ordering: .relaxed)
    heartbeat.add(1, ordering: .relaxed)
  }

  static func install(runSeed: UInt64, hangSeconds: Int) {
    runSeedBits.store(runSeed, ordering: .relaxed)
    _ = crashMessageBuffer
    for signalNumber in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
      signal(signalNumber) { signalNumber in
        FuzzWatchdog.writeReplay(prefix: "\nCRASH (signal ", number: UInt64(signalNumber))
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
      }
    }
    let thread = DispatchQueue(label: "fuzz-watchdog")
    thread.async {
      var lastBeat = heartbeat.load(ordering: .relaxed)
      var stuckSeconds = 0
      while true {
        sleep(1)
        let beat = heartbeat.load(ordering: .relaxed)
        if beat != lastBeat {
          lastBeat = beat
          stuckSeconds = 0
          continue
        }
        stuckSeconds += 1
        if stuckSeconds >= hangSeconds {
          FuzzWatchdog.writeReplay(prefix: "\nHANG (seconds ", number: UInt64(stuckSeconds))
          _exit(3)
        }
      }
    }
  }

  /// Writes `PREFIX<number>) in target T input I: replay with --seed S --start I` with
  /// `write(2)` only, which is safe in a signal handler.
  private static func writeReplay(prefix: StaticString, number: UInt64) {
    let buffer = crashMessageBuffer
    var length = 0
    func append(_ text: StaticString) {
      let start = text.utf8Start
      for offset in 0..<min(text.utf8CodeUnitCount, 255 - length) {
        buffer[length] = start[offset]
        length += 1
      }
    }
    func append(_ value: UInt64) {
      var digits:
        (
          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
        ) =
          (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      var count = 0
      var rest = value
      withUnsafeMutableBytes(of: &digits) { raw in
        repeat {
          raw[count] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
          count += 1
        } while rest > 0
        while count > 0 && length < 255 {
          count -= 1
          buffer[length] = raw[count]
          length += 1
        }
      }
    }
    let index = UInt64(max(0, currentInputIndex.load(ordering: .relaxed)))
    append(prefix)
    append(number)
    append(") at input ")
    append(index)
    append("; replay: ScalpelFuzz --target ")
    switch currentTargetSalt.load(ordering: .relaxed) {
    case 1: append("json")
    case 2: append("utf8")
    case 3: append("program")
    default: append("record")
    }
    append(" --seed ")
    append(runSeedBits.load(ordering: .relaxed))
    append(" --start ")
    append(index)
    append(" --iterations 1\n")
    _ = write(STDERR_FILENO, buffer, length)
  }
}

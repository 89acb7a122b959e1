import Scalpel

/// A job the command line runs: the library's jobs.
protocol CommandJob {
  associatedtype Counters: JobCounters
  func run(cancellation: CancellationFlag?, progress: ((JobProgress<Counters>) -> Void)?)
    throws(JobError) -> JobSummary<Counters>
}

extension BuildPairsJob: CommandJob {}
extension ApplyJob: CommandJob {}
extension ExpertRequestsJob: CommandJob {}
extension PromptsJob: CommandJob {}
extension EvalJob: CommandJob {}

/// What every job command does around its job: parsing its flag table, signals, the progress
/// line, the summary, and an exit status that tells the truth.
enum JobCommand {
  /// Parses `arguments` with `table`, makes the job from the arguments and the job options,
  /// and runs it; prints the usage for `--help`. The inputs are the positional arguments,
  /// or what `inputs` makes of the arguments and them (`eval --labels`).
  static func main<Arguments, Job: CommandJob>(
    _ arguments: some Sequence<String>, _ table: FlagTable<Arguments>, _ initial: Arguments,
    runArguments: KeyPath<Arguments, RunArguments>,
    inputs: (Arguments, [String]) throws -> [String] = { $1 },
    makeJob: (Arguments, JobOptions) throws -> Job
  ) throws -> Int32 {
    guard let parsed = try table.parse(arguments, onto: initial) else {
      print(table.usage)
      return 0
    }
    let run = parsed.arguments[keyPath: runArguments]
    let job = try makeJob(
      parsed.arguments,
      try run.jobOptions(inputs: try inputs(parsed.arguments, parsed.positional)))
    return Self.run(table.command, run) { flag, progress throws(JobError) in
      try job.run(cancellation: flag, progress: progress)
    }
  }

  /// As ``main(_:_:_:runArguments:makeJob:)`` for a command that takes `--recipe`: the file
  /// is the base of `recipe` before the flags apply, and the effective recipe goes into the
  /// job's summaries.
  static func main<Arguments, Job: CommandJob>(
    _ arguments: some Sequence<String>, _ table: FlagTable<Arguments>, _ initial: Arguments,
    recipe: WritableKeyPath<Arguments, Recipe>, runArguments: KeyPath<Arguments, RunArguments>,
    inputs: (Arguments, [String]) throws -> [String] = { $1 },
    makeJob: (Arguments, JobOptions) throws -> Job
  ) throws -> Int32 {
    let arguments = Array(arguments)
    var initial = initial
    initial[keyPath: recipe] = try RecipeFlags.base(arguments)
    return try main(arguments, table, initial, runArguments: runArguments, inputs: inputs) {
      parsed, options in
      var options = options
      options.recipe = parsed[keyPath: recipe]
      return try makeJob(parsed, options)
    }
  }

  /// Runs `job` and returns the exit status: 0, 1 when the run failed or its counts say it
  /// must not count as a success (``JobSummary/failureReason(maximumRejectRate:allowsEmptyInput:)``), 64 for
  /// outputs that would overwrite inputs, 130/143 when interrupted.
  static func run<Counters: JobCounters>(
    _ command: String, _ arguments: RunArguments,
    _ job: (CancellationFlag, @escaping (JobProgress<Counters>) -> Void) throws(JobError) ->
      JobSummary<Counters>
  ) -> Int32 {
    var progressLine = ProgressLine(showsProgress: arguments.showsProgress)
    Interruption.install()
    let summary: JobSummary<Counters>
    do {
      summary = try job(Interruption.flag) { progress in
        progressLine.update(Self.progressText(command, progress))
      }
    } catch {
      progressLine.clear()
      StandardError.write("scalpel \(command): \(error)")
      switch error {
      case .interrupted: return Interruption.exitStatus
      case .unsafeOutputs, .duplicateShardName: return 64
      default: return 1
      }
    }
    progressLine.clear()
    if !arguments.isQuiet { StandardError.write(summary.humanReadable) }
    if let failure = summary.failureReason(
      maximumRejectRate: arguments.job.maximumRejectRate,
      allowsEmptyInput: arguments.job.allowsEmptyInput)
    {
      StandardError.write("scalpel \(command): error: \(failure)")
      return 1
    }
    return 0
  }

  /// `build-pairs: 1200 records (340/s), 12 MB (3.4 MB/s), 45% ETA 15 s, 3 rejected`.
  static func progressText<Counters>(_ command: String, _ progress: JobProgress<Counters>)
    -> String
  {
    let summary = progress.summary
    let seconds = max(progress.seconds, 0.001)
    var text =
      "\(command): \(summary.recordCount) \(Counters.recordNoun) (\(Int(Double(summary.recordCount) / seconds))/s), \(summary.inputByteCount / 1_000_000) MB (\(SummaryText.decimal(summary.megabytesPerSecond)) MB/s)"
    if let fraction = progress.fractionDone, fraction > 0 {
      let remaining = Int(seconds / fraction * (1 - fraction))
      text += ", \(Int(fraction * 100))% ETA \(remaining) s"
    }
    return text + ", \(summary.rejectedRecordCount) rejected"
  }
}

/// Number formatting for the CLI's messages.
enum SummaryText {
  static func decimal(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
  }
}

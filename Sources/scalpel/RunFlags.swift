import Scalpel

/// The arguments every job command shares.
///
/// Outputs, workers, resume, limits, and how the run is shown. Declared once here; commands use the groups as values.
struct RunArguments {
  var output: String?
  var outputDirectory: String?
  var rejects: String?
  var report: String?
  /// Everything but the inputs and the destination.
  var job = JobOptions(inputs: [])
  var showsProgress: Bool?
  var isQuiet = false

  /// The output flags; `mainOutput` names the main output, `report` adds `--report`.
  static func outputGroup(mainOutput: String, perShard: String, report: String?) -> FlagGroup<
    RunArguments
  > {
    var flags: [Flag<RunArguments>] = [
      .text(
        ["-o", "--output"], "<file>",
        "\(mainOutput) (default: standard output); a name ending in .gz\nis written gzip-compressed, one ending in .zst zstd-compressed.",
        conflicts: ["--output-dir"]
      ) { $0.output = $1 },
      .text(
        ["--output-dir"], "<dir>",
        "Per shard: \(perShard),\nNAME.summary.json and NAME.manifest.json (written last;\n--resume keeps a shard only when its manifest verifies).",
        conflicts: ["--output", "--rejects", "--report"]
      ) { $0.outputDirectory = $1 },
      .text(
        ["--rejects"], "<file>",
        "Rejected records as JSONL: {\"id\",\"source\",\"reason\",\"detail\"}."
      ) { $0.rejects = $1 },
    ]
    if let report {
      flags.append(.text(["--report"], "<file>", report) { $0.report = $1 })
    }
    flags.append(.text(["--stats"], "<file>", "The run summary as JSON.") { $0.job.statsPath = $1 })
    return FlagGroup(title: "OUTPUT", flags: flags)
  }

  /// `--id-field` and `--text-field`, for the input group of each command.
  static func fieldFlags(text textHelp: String) -> [Flag<CorpusFields>] {
    [
      .text(["--id-field"], "<name>", "Field with the document id.", default: "\"id\"") {
        $0.id = $1
      },
      .text(["--text-field"], "<name>", textHelp, default: "\"text\"") { $0.text = $1 },
    ]
  }

  /// The INPUT group of a command that reads raw documents `{"id","text"}`.
  static func documentInputGroup<Arguments: DocumentCommandArguments>(text textHelp: String)
    -> FlagGroup<Arguments>
  {
    FlagGroup(
      title: "INPUT",
      flags: fieldFlags(text: textHelp).map { $0.lifted(\Arguments.fields) } + [
        maximumRecordBytesFlag.lifted(\Arguments.run)
      ])
  }

  /// `--max-record-bytes`, for the input group of each command.
  static var maximumRecordBytesFlag: Flag<RunArguments> {
    .integer(
      ["--max-record-bytes"], in: 1...Int.max, "Longer input lines are rejected unread.",
      default: "536870912"
    ) { $0.job.maximumRecordByteCount = $1 }
  }

  /// The run flags.
  static func runGroup(roundBytesHelp: String) -> FlagGroup<RunArguments> {
    FlagGroup(
      title: "RUN",
      flags: [
        .integer(
          ["-j", "--jobs"], in: 1...256, "Worker threads; output is identical for any n.",
          default: "1"
        ) { $0.job.jobCount = $1 },
        .toggle(
          ["--resume"],
          "Keep the outputs whose completion manifest verifies (same\ninputs, options and output checksums); redo the rest."
        ) { $0.job.resumes = true },
        .integer(["--round-bytes"], in: 1...Int.max, roundBytesHelp, default: "33554432") {
          $0.job.roundByteCount = $1
        },
        .integer(["--max-records"], in: 1...Int.max, "Read at most n records over all inputs.") {
          $0.job.recordLimit = $1
        },
        .number(
          ["--max-reject-rate"], "<r>", in: 0...1,
          "Exit 1 when more than this share of records is rejected\n(default: only when every record is)."
        ) { $0.job.maximumRejectRate = $1 },
        .toggle(
          ["--allow-empty"],
          "Inputs without any record are not an error (one run per\npartition or batch of a larger job)."
        ) { $0.job.allowsEmptyInput = true },
        .toggle(
          ["--progress"], "Progress line on stderr (default: when stderr is a terminal).",
          conflicts: ["--no-progress"]
        ) { $0.showsProgress = true },
        .toggle(["--no-progress"], "No progress line.", conflicts: ["--progress"]) {
          $0.showsProgress = false
        },
        .toggle(["-q", "--quiet"], "No summary on stderr.") { $0.isQuiet = true },
      ])
  }

  /// The job options for `inputs`.
  func jobOptions(inputs: [String]) throws(UsageError) -> JobOptions {
    if inputs.isEmpty { throw UsageError("no input given (use - for standard input)") }
    let destination: JobDestination
    if let outputDirectory {
      destination = .directory(outputDirectory)
    } else {
      destination = .files(output: output ?? "-", rejects: rejects, report: report)
    }
    var options = job
    (options.inputs, options.destination) = (inputs, destination)
    return options
  }
}

/// The arguments of a command that reads raw documents: where the fields are, and the run.
protocol DocumentCommandArguments {
  var fields: CorpusFields { get set }
  var run: RunArguments { get set }
}

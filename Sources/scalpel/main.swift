import Scalpel

#if canImport(Glibc)
  import Glibc
#endif

let version = "0.1.0"
let usage = """
  USAGE: scalpel <command> [options]

  Builds distillation data for deletion-only refinement of pre-training text (RefineX)
  and executes refinement programs.

  COMMANDS
    recipe        Write the default recipe (init) or show the effective one (show)
    expert-requests
                  JSONL documents -> batch requests for the expert, one per chunk
    build-pairs   JSONL of (original, refined) documents, or documents and the
                  expert's batch replies -> JSONL training pairs
    prompts       JSONL documents -> the refiner's requests, one per chunk, with
                  the prompts of the training pairs
    apply         Execute model programs on JSONL documents -> refined documents
    eval          Score a refiner's programs against held-out pairs
    stats         Summarise a pairs or rejects file
    inspect       One HTML page to look at pairs, rejects or programs

  Run 'scalpel <command> --help' for a command's options.
    -h, --help    Show this help.
    --version     Show the version.
  """

#if canImport(Glibc)
  // Allocations of 128 KiB and more are always mapped, and unmapped when freed, so that a
  // large record's freed buffers go back to the system at once. glibc otherwise raises
  // this threshold to the size of each mapped block freed (up to 32 MiB): after a 10 MB
  // record's line is released, its later buffers come from the heap, whose freed pages
  // stay resident, and the peak RSS of build-pairs on it grows from 54 to 71 MiB.
  // `mallopt` is not in the Glibc module (no malloc.h): looked up by name; -3 is
  // M_MMAP_THRESHOLD. Setting it also turns off the dynamic threshold.
  if let mallopt = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
    typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
    _ = unsafeBitCast(mallopt, to: MallocOption.self)(-3, 128 * 1024)
  }
#endif

let commands = [
  "recipe", "expert-requests", "build-pairs", "prompts", "apply", "eval", "stats", "inspect",
]
var arguments = CommandLine.arguments.dropFirst()
let command = arguments.popFirst()
do {
  let status: Int32
  switch command {
  case "recipe": status = try RecipeCommand.run(arguments)
  case "expert-requests": status = try ExpertRequestsCommand.run(arguments)
  case "build-pairs": status = try BuildPairsCommand.run(arguments)
  case "prompts": status = try PromptsCommand.run(arguments)
  case "apply": status = try ApplyCommand.run(arguments)
  case "eval": status = try EvalCommand.run(arguments)
  case "stats": status = try StatsCommand.run(arguments)
  case "inspect": status = try InspectCommand.run(arguments)
  case "-h", "--help", "help":
    print(usage)
    status = 0
  case "--version":
    print("scalpel \(version)")
    status = 0
  case nil:
    StandardError.write(usage)
    status = 64
  case let other?:
    let suggestion = closest(to: other, in: commands).map { " (did you mean \($0)?)" } ?? ""
    StandardError.write(
      "scalpel: unknown command '\(other)'\(suggestion)\nRun 'scalpel --help' for the commands.")
    status = 64
  }
  exit(status)
} catch let error as JobError {
  StandardError.write("scalpel: \(error)")
  switch error {
  case .interrupted: exit(Interruption.exitStatus)
  case .unsafeOutputs, .duplicateShardName: exit(64)
  default: exit(1)
  }
} catch let error as UsageError {
  StandardError.write(
    "scalpel: \(error)\nRun 'scalpel \(command.map { $0 + " " } ?? "")--help' for usage.")
  exit(64)
} catch {
  StandardError.write("scalpel: \(error)")
  exit(1)
}

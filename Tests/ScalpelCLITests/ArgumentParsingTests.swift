import Foundation
import Testing

/// Flags are declared once; values that look like flags, repeated and conflicting flags are
/// errors; unknown commands suggest the closest one.
@Suite struct ArgumentParsingTests {
  @Test(arguments: [
    (
      ["build-pairs", "x", "--output", "-q"],
      "option --output needs a value <file>, got the option '-q'"
    ),
    (
      ["build-pairs", "x", "--chunk-chars", "5", "--chunk-tokens", "4"],
      "--chunk-chars cannot be combined with --chunk-tokens"
    ),
    (
      ["build-pairs", "x", "--instruction", "a", "--instruction-file", "f"],
      "--instruction cannot be combined with --instruction-file"
    ),
    (
      ["build-pairs", "x", "-o", "a", "--output-dir", "d"],
      "--output cannot be combined with --output-dir"
    ),
    (
      ["apply", "x", "--programs", "p", "--output-dir", "d", "--report", "r"],
      "--output-dir cannot be combined with --report"
    ),
    (
      ["apply", "x", "--programs", "p", "--program-field", "f"],
      "--programs cannot be combined with --program-field"
    ),
    (["build-pairs", "x", "-o", "a", "--output", "b"], "option --output given twice"),
    (
      ["build-pairs", "x", "--progress", "--no-progress"],
      "--progress cannot be combined with --no-progress"
    ),
    (["apply", "-", "--programs", "-"], "standard input (-) is named by more than one input"),
  ])
  func badCombinationsAreUsageErrors(arguments: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let result = try workspace.run(arguments)
    #expect(result.status == 64, "\(result.standardError)")
    #expect(result.standardError.contains(message), "\(result.standardError)")
    #expect(workspace.snapshot().isEmpty)
  }

  @Test func anUnknownCommandSuggestsTheClosestOne() throws {
    let result = try ScalpelProcess.run(["build"])
    #expect(result.status == 64)
    #expect(result.standardError.contains("unknown command 'build' (did you mean build-pairs?)"))
    #expect(!result.standardError.contains("scalpel build --help"))
    let typo = try ScalpelProcess.run(["aply"])
    #expect(typo.standardError.contains("did you mean apply?"))
  }

  @Test func theUsageIsGeneratedFromTheTable() throws {
    let help = try ScalpelProcess.run(["build-pairs", "--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("  --max-reject-rate <r>"))
    #expect(
      help.standardOutput.contains(
        "  --chunk-chars <n>           Chunk budget in characters of the refiner's whole prompt"))
    // An inline value may start with a dash.
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("in.jsonl", Workspace.corpusLines[0] + "\n")
    #expect(try workspace.run(["build-pairs", "in.jsonl", "--output=-q", "-q"]).status == 0)
    #expect(workspace.bytes("-q") != nil)
  }
}

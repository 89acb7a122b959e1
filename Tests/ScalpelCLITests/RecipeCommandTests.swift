import Foundation
import Testing

/// `scalpel recipe` and `--recipe` on the commands: the file is the base, flags override it,
/// every artefact names it, and data made with another recipe is refused downstream.
@Suite struct RecipeCommandTests {
  static var corpus: String { ExpertStageTests.corpus }

  static func hash(_ workspace: Workspace, _ arguments: [String]) throws -> String {
    let shown = try workspace.run(["recipe", "show"] + arguments)
    #expect(shown.status == 0, "\(shown.standardError)")
    return String(shown.standardOutput.split(separator: "\n")[0].dropFirst("hash: ".count))
  }

  @Test func initWritesTheDefaultsAndNeverOverwrites() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    #expect(try workspace.run(["recipe", "init", "-o", "r.json"]).status == 0)
    let first = workspace.bytes("r.json")
    let again = try workspace.run(["recipe", "init", "-o", "r.json", "--chunk-chars", "5"])
    #expect(again.status == 64)
    #expect(again.standardError.contains("exists; give --force"))
    #expect(workspace.bytes("r.json") == first)
    #expect(try workspace.run(["recipe", "init", "-o", "r.json", "--chunk-chars", "5", "--force"]).status == 0)
    #expect(String(decoding: workspace.bytes("r.json") ?? Data(), as: UTF8.self).contains("\"budget\": 5,"))
    // The defaults' hash is the hash of no recipe at all.
    #expect(try workspace.run(["recipe", "init", "-o", "d.json"]).status == 0)
    #expect(try Self.hash(workspace, ["--recipe", "d.json"]) == (try Self.hash(workspace, [])))
    // Flags override the file wherever they stand.
    #expect(
      try Self.hash(workspace, ["--chunk-chars", "5"]) == (try Self.hash(workspace, ["--recipe", "d.json", "--chunk-chars", "5"])))
    #expect(
      try Self.hash(workspace, ["--chunk-chars", "5", "--recipe", "d.json"]) == (try Self.hash(workspace, ["--recipe", "r.json"])))
    // init --recipe derives a new recipe from a file and flags; show writes no file.
    #expect(try workspace.run(["recipe", "init", "--recipe", "r.json", "--seed", "3", "-o", "derived.json"]).status == 0)
    #expect(
      try Self.hash(workspace, ["--recipe", "derived.json"]) == (try Self.hash(workspace, ["--recipe", "r.json", "--seed", "3"])))
    let showToFile = try workspace.run(["recipe", "show", "-o", "x.json"])
    #expect(showToFile.status == 64)
    #expect(workspace.bytes("x.json") == nil)
    try workspace.write("bad.json", #"{"filters":{"max_rewrite":3}}"#)
    let bad = try workspace.run(["build-pairs", "--recipe", "bad.json", Self.corpus])
    #expect(bad.status == 1)
    #expect(bad.standardError.contains("recipe 'bad.json': filters.max_rewrite: unknown key"))
  }

  @Test func theRecipeShapesThePairsAndIsNamedInStatsAndMeta() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("small.json", #"{"chunking":{"budget":1300},"prompt":{"line_prefix":"<{n}>"}}"#)
    let withRecipe = try workspace.run([
      "build-pairs", "--recipe", "small.json", Self.corpus, "--meta", "--stats", "s.json", "-q",
    ])
    let withFlags = try workspace.run([
      "build-pairs", Self.corpus, "--chunk-chars", "1300", "--line-prefix", "<{n}>", "--meta", "-q",
    ])
    #expect(withRecipe.status == 0)
    #expect(withRecipe.standardOutput == withFlags.standardOutput)
    #expect(withRecipe.standardOutput.contains("<1>"))
    let hash = try Self.hash(workspace, ["--recipe", "small.json"])
    let stats = try JSONSerialization.jsonObject(with: workspace.bytes("s.json") ?? Data()) as! [String: Any]
    #expect(stats["recipe_hash"] as? String == hash)
    let recipe = stats["recipe"] as! [String: Any]
    #expect((recipe["chunking"] as! [String: Any])["budget"] as? Int == 1300)
    #expect(withRecipe.standardOutput.components(separatedBy: "\"recipe\":\"\(hash)\"").count > 300)
  }

  @Test func pairsOfAnotherRecipeAreRefusedDownstream() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("a.json", #"{"chunking":{"budget":1300}}"#)
    try workspace.write("b.json", #"{"chunking":{"budget":1400}}"#)
    let built = try workspace.run([
      "build-pairs", "--recipe", "a.json", Self.corpus, "--meta", "-o", "pairs.jsonl", "-q",
    ])
    #expect(built.status == 0)
    let same = try workspace.run([
      "apply", "--recipe", "a.json", Self.corpus, "--programs", "pairs.jsonl", "-o", "r.jsonl", "-q",
    ])
    #expect(same.status == 0, "\(same.standardError)")
    let other = try workspace.run([
      "apply", "--recipe", "b.json", Self.corpus, "--programs", "pairs.jsonl", "-o", "r2.jsonl",
    ])
    #expect(other.status == 1)
    #expect(other.standardError.contains("was made with recipe"), "\(other.standardError)")
    #expect(workspace.bytes("r2.jsonl") == nil)
    let inspectSame = try workspace.run(["inspect", "pairs.jsonl", "--recipe", "a.json", "-o", "p.html"])
    #expect(inspectSame.status == 0, "\(inspectSame.standardError)")
    let inspectOther = try workspace.run(["inspect", "pairs.jsonl", "--recipe", "b.json", "-o", "q.html"])
    #expect(inspectOther.status == 1)
    #expect(inspectOther.standardError.contains("line 1 was made with recipe"))
    #expect(workspace.bytes("q.html") == nil)
    let statsSame = try workspace.run(["stats", "pairs.jsonl", "--recipe", "a.json"])
    #expect(statsSame.status == 0)
    #expect(statsSame.standardOutput.contains("recipes: \(try Self.hash(workspace, ["--recipe", "a.json"]))"))
    let statsOther = try workspace.run(["stats", "pairs.jsonl", "--recipe", "b.json"])
    #expect(statsOther.status == 1)
    #expect(statsOther.standardError.contains("pairs were made with recipe"))
  }
}

import Scalpel

#if canImport(Glibc)
  import Glibc
#endif

/// `scalpel recipe`: writes the default recipe, or shows the effective one.
enum RecipeCommand {
  struct Arguments {
    var output = "-"
    var recipe = Recipe()
    var isForced = false
  }

  static var table: FlagTable<Arguments> {
    FlagTable<Arguments>(
      command: "recipe",
      synopsis: [
        "scalpel recipe init [-o recipe.json] [--force] [--recipe base.json] [recipe flags]",
        "scalpel recipe show [--recipe recipe.json] [recipe flags]",
      ],
      about: """
        A recipe holds every option that shapes what a model sees or what is accepted:
        chunking, line prefix, doc wrapper, instruction, output format, the expert's prompt
        and sampling, filter thresholds, sampling seed. Every command takes --recipe; its
        flags override the file. 'init' writes the defaults (changed by any flags given) as
        indented JSON, multi-line texts as arrays of lines; it never overwrites a file
        unless --force; with --recipe, it writes that recipe changed by the flags. 'show'
        prints the effective recipe and its hash, the fingerprint
        every --stats file and pair meta carries.
        """,
      groups: [
        FlagGroup(
          title: "OUTPUT",
          flags: [
            .text(["-o", "--output"], "<file>", "Where init writes (default: standard output).") {
              $0.output = $1
            },
            .toggle(["--force"], "Replace an existing file.") { $0.isForced = true },
          ]),
        FlagGroup(
          title: "RECIPE",
          flags: [RecipeFlags.recipeFlag] + RecipeFlags.chunkingFlags(overlap: true)
            + RecipeFlags.promptFlags + RecipeFlags.filterFlags + RecipeFlags.expertFlags + [
              .number(
                ["--sample-rate"], "<r>", in: 0...1, "Share of documents sent to the expert.",
                default: "1"
              ) { $0.sampleRate = $1 }
            ]
        ).lifted(\.recipe),
      ])
  }

  static var usage: String { table.usage }

  static func run(_ arguments: some Sequence<String>) throws -> Int32 {
    var arguments = Array(arguments)
    if arguments.first == "-h" || arguments.first == "--help" || arguments.isEmpty {
      print(usage)
      return arguments.isEmpty ? 64 : 0
    }
    let action = arguments.removeFirst()
    guard action == "init" || action == "show" else {
      throw UsageError("recipe needs 'init' or 'show', got '\(action)'")
    }
    var initial = Arguments()
    initial.recipe = try RecipeFlags.base(arguments)
    guard let parsed = try table.parse(arguments, onto: initial) else {
      print(usage)
      return 0
    }
    if !parsed.positional.isEmpty {
      throw UsageError("unexpected argument '\(parsed.positional[0])'")
    }
    let recipe = parsed.arguments.recipe
    if action == "show" {
      if let flag = ["--output", "--force"].first(where: parsed.given.contains) {
        throw UsageError("recipe show prints to standard output; \(flag) goes with recipe init")
      }
      print("hash: \(recipe.hash)")
      print(String(decoding: recipe.fileContents, as: UTF8.self), terminator: "")
      return 0
    }
    let output = parsed.arguments.output
    if output != "-" && !parsed.arguments.isForced && access(output, F_OK) == 0 {
      throw UsageError("'\(output)' exists; give --force to replace it")
    }
    if output == "-" {
      print(String(decoding: recipe.fileContents, as: UTF8.self), terminator: "")
    } else {
      let file = try AtomicFileWriter(path: output)
      try file.write(recipe.fileContents)
      try file.commit()
      StandardError.write("recipe: wrote \(output) (hash \(recipe.hash))")
    }
    return 0
  }
}

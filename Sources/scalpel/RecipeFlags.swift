import Scalpel

/// The flags that set a ``Recipe``, declared once and shared by every command that takes
/// `--recipe`: the file is the base, the flags override it.
enum RecipeFlags {
  /// The recipe of `arguments`: the file named by `--recipe` (found before any other flag
  /// is applied, so that flags override it wherever they stand), or the defaults.
  static func base(_ arguments: some Sequence<String>) throws -> Recipe {
    guard let path = path(in: arguments) else { return Recipe() }
    return try Recipe(path: path)
  }

  /// The file `--recipe` names in `arguments` (before any `--`), if any.
  static func path(in arguments: some Sequence<String>) -> String? {
    var remaining = Array(arguments)[...]
    var path: String?
    while let argument = remaining.popFirst(), argument != "--" {
      if argument == "--recipe" {
        path = remaining.popFirst()
      } else if argument.hasPrefix("--recipe=") {
        path = String(argument.dropFirst("--recipe=".count))
      }
    }
    return path
  }

  /// `--recipe`, applied by ``base(_:)``; in the table for its help, conflicts and checks.
  static var recipeFlag: Flag<Recipe> {
    .text(
      ["--recipe"], "<file>",
      "Recipe file (scalpel recipe init): chunking, prompt, expert,\nfilters, seed. Flags override it; the effective recipe and\nits hash go into --stats (and meta.recipe of pairs)."
    ) { _, _ in }
  }

  /// Chunk budget flags; `overlap` adds `--overlap-lines`.
  static func chunkingFlags(overlap: Bool) -> [Flag<Recipe>] {
    var flags: [Flag<Recipe>] = [
      .integer(
        ["--chunk-chars"], in: 1...Int.max,
        "Chunk budget in characters of the refiner's whole prompt\n(instruction, [doc] wrapper, line prefixes, text).",
        default: "12000", conflicts: ["--chunk-tokens"]
      ) { $0.chunking.budget = .characters($1) },
      .integer(
        ["--chunk-tokens"], in: 1...Int.max, "Chunk budget in approximate Qwen tokens instead.",
        conflicts: ["--chunk-chars"]
      ) { $0.chunking.budget = .approximateTokens($1) },
    ]
    if overlap {
      flags.append(
        .integer(
          ["--overlap-lines"], in: 0...1_000_000, "Lines repeated between neighbouring chunks.",
          default: "0"
        ) { $0.chunking.overlapLineCount = $1 })
    }
    return flags
  }

  /// How a chunk is shown to the refine model and how pairs are written.
  static var promptFlags: [Flag<Recipe>] {
    [formatFlag] + frameFlags + [
      .toggle(
        ["--meta"], "Add a \"meta\" object (chunk, lines, calls, deleted chars,\nrecipe hash)."
      ) { $0.encoding.includesMeta = true },
    ]
  }

  /// The layout of pairs, which is also how the refiner's prompt is rendered (Specification §4).
  static var formatFlag: Flag<Recipe> {
    .text(
      ["--format"], "<name>",
      "prompt-completion | conversational | messages | alpaca\n(TRL, TRL chat, chat, LLaMA-Factory; Specification §4)",
      default: "prompt-completion"
    ) { (recipe: inout Recipe, value: String) throws(UsageError) in
      guard let format = TrainingPairFormat(rawValue: value) else {
        let names = TrainingPairFormat.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageError("--format must be one of \(names), got '\(value)'")
      }
      recipe.encoding.format = format
    }
  }

  /// What the refiner's prompt puts around a chunk: the chunk budget bounds it all, so the
  /// expert's chunks depend on it too.
  static var frameFlags: [Flag<Recipe>] {
    [
      .text(
        ["--instruction"], "<text>",
        "Instruction / system text (default: built-in, names the\nthree functions).",
        conflicts: ["--instruction-file"]
      ) { $0.encoding.instruction = $1 },
      .text(
        ["--instruction-file"], "<file>", "Read the instruction from a file.",
        conflicts: ["--instruction"]
      ) { (recipe: inout Recipe, path: String) throws(UsageError) in
        recipe.encoding.instruction = try readText(path, flag: "--instruction-file")
      },
      .text(
        ["--line-prefix"], "<format>", "Line-number prefix; {n} is the line number.",
        default: "\"[{n}]\""
      ) { (recipe: inout Recipe, prefix: String) throws(UsageError) in
        guard prefix.contains("{n}") else { throw UsageError("--line-prefix must contain {n}") }
        recipe.encoding.linePrefix = prefix
      },
      .toggle(["--no-doc-wrapper"], "Do not wrap the numbered document in [doc]...[/doc].") {
        $0.encoding.wrapsInDocumentTags = false
      },
    ]
  }

  /// What a pair must satisfy, and the keep-all sampling.
  static var filterFlags: [Flag<Recipe>] {
    [
      .number(
        ["--keep-all-rate"], "<r>", in: 0...1, "Share of unchanged documents kept, 0...1.",
        default: "1"
      ) { $0.filters.keepAllRate = $1 },
      .integer(["--seed"], in: 0...Int.max, "Seed of every sampling decision.", default: "0") {
        $0.seed = UInt64($1)
      },
      .integer(
        ["--max-rewrite-chars"], in: 1...Int.max, "Reject a pair with a rewrite this large.",
        default: "20"
      ) { $0.filters.maximumRewriteCharacterCount = $1 },
      .integer(
        ["--min-deleted-chars"], in: 0...Int.max, "Reject a pair deleting fewer characters.",
        default: "10"
      ) { $0.filters.minimumDeletedCharacterCount = $1 },
      .number(
        ["--max-leftover-share"], "<r>", in: 0...1,
        "Reject a pair whose programs leave more than this share of\nthe expert's deleted characters in the text (line joins,\nstrings not unique in their line): deletions_not_expressible.",
        default: "0.05"
      ) { $0.filters.maximumLeftoverShare = $1 },
      .toggle(
        ["--tolerate-whitespace-rewrites"],
        "Rewrites that only change whitespace never reject a pair,\nwhatever their size (they are counted either way)."
      ) { $0.filters.toleratesWhitespaceRewrites = true },
      .integer(
        ["--work-budget"], in: 1...1_000_000, "Alignment work units per input byte.",
        default: "512"
      ) { $0.filters.workBudgetPerByte = $1 },
      .integer(
        ["--max-pair-tokens"], in: 1...Int.max,
        "Reject a document (a chunk, with --expert-replies) with a pair\n(prompt + completion) over this many approximate tokens:\npair_too_long."
      ) { $0.filters.maximumPairTokenCount = $1 },
    ]
  }

  /// The expert's prompt and sampling.
  static var expertFlags: [Flag<Recipe>] {
    let defaults = ExpertRequestOptions()
    return [
      .text(["--model"], "<name>", "Model name in each request body.", default: defaults.model) {
        $0.expert.model = $1
      },
      .text(
        ["--prompt-file"], "<file>",
        "Replace the built-in RefineX-style prompt; \(ExpertPrompt.placeholder) stands\nfor the chunk's text (once; the template's own [doc]\nlines go around it)."
      ) { (recipe: inout Recipe, path: String) throws(UsageError) in
        let template = try readText(path, flag: "--prompt-file")
        do {
          try ExpertPrompt.validate(template)
        } catch {
          throw UsageError("--prompt-file '\(path)': \(error)")
        }
        recipe.expert.promptTemplate = template
      },
      .integer(
        ["--max-tokens"], in: 1...Int.max, "Longest reply in tokens.",
        default: defaults.maximumTokenCount.map(String.init)
      ) { $0.expert.maximumTokenCount = $1 },
      .number(
        ["--temperature"], "<t>", in: 0...100, "Sampling temperature.",
        default: defaults.temperature.map { "\($0)" }
      ) { $0.expert.temperature = $1 },
      .number(
        ["--top-p"], "<p>", in: 0...1, "Nucleus sampling (the paper's expert: 0.8).",
        default: defaults.topP.map { "\($0)" }
      ) { $0.expert.topP = $1 },
      .integer(
        ["--top-k"], in: -1...Int.max, "Top-k sampling (the paper's expert: 20; vLLM only).",
        default: defaults.topK.map(String.init), conflicts: ["--no-top-k"]
      ) { $0.expert.topK = $1 },
      .toggle(
        ["--no-top-k"], "Leave top_k out of the body (the OpenAI Batch API rejects it).",
        conflicts: ["--top-k"]
      ) { $0.expert.topK = nil },
      .toggle(
        ["--completions"],
        "Requests to /v1/completions with the prompt as text, instead\nof /v1/chat/completions with one user message."
      ) { $0.expert.endpoint = .completions },
    ]
  }

  /// The text of a small file, which must be valid UTF-8 (Specification §1: never replaced).
  private static func readText(_ path: String, flag: String) throws(UsageError) -> String {
    let bytes: [UInt8]
    do {
      bytes = try FileContents.read(path)
    } catch {
      throw UsageError("\(flag): \(error)")
    }
    if let offset = UTF8Validation.firstInvalidByteOffset(in: bytes) {
      throw UsageError("\(flag) '\(path)': not valid UTF-8 at byte \(offset)")
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Why a recipe file cannot be used: the file, the key and the problem.
public struct RecipeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The recipe file.
  public var path: String
  /// The dotted key of the problem (`filters.max_rewrite_chars`), or `nil` for the file.
  public var key: String?
  /// What is wrong.
  public var problem: String

  /// Creates an error.
  public init(path: String, key: String?, problem: String) {
    (self.path, self.key, self.problem) = (path, key, problem)
  }

  public var description: String {
    "recipe '\(path)'" + (key.map { ": \($0)" } ?? "") + ": \(problem)"
  }
}

extension Recipe {
  /// Reads a recipe file (Specification §5.1).
  ///
  /// Every key is optional and takes its default when missing, so a file may hold only what
  /// it changes; an unknown key, a value of the wrong type or out of range, a newer
  /// `scalpel_recipe` version and a prompt template without its placeholder are errors that
  /// name the key. Texts may be strings or arrays of lines.
  ///
  /// - Throws: ``RecipeError``.
  public init(path: String) throws(RecipeError) {
    let bytes: [UInt8]
    do {
      bytes = try FileContents.read(path)
    } catch {
      throw RecipeError(path: path, key: nil, problem: "\(error)")
    }
    try self.init(json: bytes, path: path)
  }

  /// Reads a recipe from the bytes of a recipe file; `path` names it in errors.
  ///
  /// - Throws: ``RecipeError``.
  public init(json bytes: [UInt8], path: String) throws(RecipeError) {
    let value: JSONValue
    do {
      value = try JSONParser().parse(bytes)
    } catch {
      throw RecipeError(path: path, key: nil, problem: "not valid JSON: \(error)")
    }
    var reader = RecipeReader(path: path)
    self = try reader.recipe(from: value)
  }
}

/// The walk over a recipe file's JSON, keeping the key path for errors.
private struct RecipeReader {
  let path: String

  func error(_ key: String?, _ problem: String) -> RecipeError {
    RecipeError(path: path, key: key, problem: problem)
  }

  /// The members of the object at `key`, after checking that every key is known.
  func members(_ value: JSONValue, _ key: String?, known: [String]) throws(RecipeError)
    -> [String: JSONValue]
  {
    guard case .object(let list) = value else { throw error(key, "must be an object") }
    var result: [String: JSONValue] = [:]
    for (name, member) in list {
      let dotted = key.map { "\($0).\(name)" } ?? name
      guard known.contains(name) else {
        throw error(dotted, "unknown key; known here: " + known.joined(separator: ", "))
      }
      guard result[name] == nil else { throw error(dotted, "given twice") }
      result[name] = member
    }
    return result
  }

  func integer(_ value: JSONValue?, _ key: String, in range: ClosedRange<Int>) throws(RecipeError)
    -> Int?
  {
    guard let value, value != .null else { return nil }
    guard let number = value.integerValue, range.contains(number) else {
      throw error(key, "must be an integer in \(range.lowerBound)...\(range.upperBound)")
    }
    return number
  }

  func number(_ value: JSONValue?, _ key: String, in range: ClosedRange<Double>)
    throws(RecipeError) -> Double?
  {
    guard let value, value != .null else { return nil }
    guard case .number(let text) = value, let number = Double(text), range.contains(number)
    else {
      throw error(key, "must be a number in \(range.lowerBound)...\(range.upperBound)")
    }
    return number
  }

  func bool(_ value: JSONValue?, _ key: String) throws(RecipeError) -> Bool? {
    guard let value else { return nil }
    guard case .bool(let flag) = value else { throw error(key, "must be true or false") }
    return flag
  }

  /// A string, or an array of strings joined by newlines.
  func text(_ value: JSONValue?, _ key: String) throws(RecipeError) -> String? {
    switch value {
    case nil: return nil
    case .string(let string)?: return string
    case .array(let elements)?:
      var lines: [String] = []
      for element in elements {
        guard case .string(let line) = element else {
          throw error(key, "must be a string or an array of strings (lines)")
        }
        lines.append(line)
      }
      return lines.joined(separator: "\n")
    default: throw error(key, "must be a string or an array of strings (lines)")
    }
  }

  mutating func recipe(from value: JSONValue) throws(RecipeError) -> Recipe {
    let top = try members(
      value, nil,
      known: ["scalpel_recipe", "chunking", "prompt", "expert", "filters", "sampling"])
    if let version = try integer(top["scalpel_recipe"], "scalpel_recipe", in: 1...Int.max),
      version > Recipe.formatVersion
    {
      throw error(
        "scalpel_recipe",
        "version \(version) is newer than this scalpel reads (\(Recipe.formatVersion))")
    }
    var recipe = Recipe()
    if let chunking = top["chunking"] { try read(chunking: chunking, into: &recipe) }
    if let prompt = top["prompt"] { try read(prompt: prompt, into: &recipe) }
    if let expert = top["expert"] { try read(expert: expert, into: &recipe) }
    if let filters = top["filters"] { try read(filters: filters, into: &recipe) }
    if let sampling = top["sampling"] {
      let fields = try members(sampling, "sampling", known: ["seed", "sample_rate"])
      if let seed = try integer(fields["seed"], "sampling.seed", in: 0...Int.max) {
        recipe.seed = UInt64(seed)
      }
      if let rate = try number(fields["sample_rate"], "sampling.sample_rate", in: 0...1) {
        recipe.sampleRate = rate
      }
    }
    return recipe
  }

  func read(chunking value: JSONValue, into recipe: inout Recipe) throws(RecipeError) {
    let fields = try members(value, "chunking", known: ["unit", "budget", "overlap_lines"])
    var unit = "characters"
    var budget = 0
    switch recipe.chunking.budget {
    case .characters(let count): budget = count
    case .approximateTokens(let count): (unit, budget) = ("tokens", count)
    }
    if let given = try text(fields["unit"], "chunking.unit") {
      guard given == "characters" || given == "tokens" else {
        throw error("chunking.unit", "must be \"characters\" or \"tokens\", got '\(given)'")
      }
      unit = given
    }
    budget = try integer(fields["budget"], "chunking.budget", in: 1...Int.max) ?? budget
    recipe.chunking.budget = unit == "tokens" ? .approximateTokens(budget) : .characters(budget)
    if let overlap = try integer(fields["overlap_lines"], "chunking.overlap_lines", in: 0...1_000_000)
    {
      recipe.chunking.overlapLineCount = overlap
    }
  }

  func read(prompt value: JSONValue, into recipe: inout Recipe) throws(RecipeError) {
    let fields = try members(
      value, "prompt", known: ["format", "instruction", "line_prefix", "doc_wrapper"])
    if let name = try text(fields["format"], "prompt.format") {
      guard let format = TrainingPairFormat(rawValue: name) else {
        let names = TrainingPairFormat.allCases.map(\.rawValue).joined(separator: ", ")
        throw error("prompt.format", "must be one of \(names), got '\(name)'")
      }
      recipe.encoding.format = format
    }
    if let instruction = try text(fields["instruction"], "prompt.instruction") {
      recipe.encoding.instruction = instruction
    }
    if let prefix = try text(fields["line_prefix"], "prompt.line_prefix") {
      guard prefix.contains("{n}") else {
        throw error("prompt.line_prefix", "must contain {n}, the line number")
      }
      recipe.encoding.linePrefix = prefix
    }
    if let wraps = try bool(fields["doc_wrapper"], "prompt.doc_wrapper") {
      recipe.encoding.wrapsInDocumentTags = wraps
    }
  }

  func read(expert value: JSONValue, into recipe: inout Recipe) throws(RecipeError) {
    let fields = try members(
      value, "expert",
      known: [
        "endpoint", "model", "temperature", "top_p", "top_k", "max_tokens", "prompt_template",
      ])
    if let name = try text(fields["endpoint"], "expert.endpoint") {
      guard let endpoint = ExpertRequestOptions.Endpoint(rawValue: name) else {
        let names = ExpertRequestOptions.Endpoint.allCases.map(\.rawValue)
        throw error("expert.endpoint", "must be \(names.joined(separator: " or ")), got '\(name)'")
      }
      recipe.expert.endpoint = endpoint
    }
    if let model = try text(fields["model"], "expert.model") { recipe.expert.model = model }
    // null removes a sampling parameter from the requests; a missing key keeps the default.
    if let member = fields["temperature"] {
      recipe.expert.temperature = try number(member, "expert.temperature", in: 0...100)
    }
    if let member = fields["top_p"] {
      recipe.expert.topP = try number(member, "expert.top_p", in: 0...1)
    }
    if let member = fields["top_k"] {
      recipe.expert.topK = try integer(member, "expert.top_k", in: -1...Int.max)
    }
    if let member = fields["max_tokens"] {
      recipe.expert.maximumTokenCount = try integer(member, "expert.max_tokens", in: 1...Int.max)
    }
    if let template = try text(fields["prompt_template"], "expert.prompt_template") {
      do {
        try ExpertPrompt.validate(template)
      } catch {
        throw self.error("expert.prompt_template", error.description)
      }
      recipe.expert.promptTemplate = template
    }
  }

  func read(filters value: JSONValue, into recipe: inout Recipe) throws(RecipeError) {
    let fields = try members(
      value, "filters",
      known: [
        "max_rewrite_chars", "min_deleted_chars", "max_leftover_share",
        "tolerate_whitespace_rewrites", "keep_all_rate", "work_budget", "max_pair_tokens",
      ])
    var filters = recipe.filters
    filters.maximumRewriteCharacterCount =
      try integer(fields["max_rewrite_chars"], "filters.max_rewrite_chars", in: 1...Int.max)
      ?? filters.maximumRewriteCharacterCount
    filters.minimumDeletedCharacterCount =
      try integer(fields["min_deleted_chars"], "filters.min_deleted_chars", in: 0...Int.max)
      ?? filters.minimumDeletedCharacterCount
    filters.maximumLeftoverShare =
      try number(fields["max_leftover_share"], "filters.max_leftover_share", in: 0...1)
      ?? filters.maximumLeftoverShare
    filters.toleratesWhitespaceRewrites =
      try bool(fields["tolerate_whitespace_rewrites"], "filters.tolerate_whitespace_rewrites")
      ?? filters.toleratesWhitespaceRewrites
    filters.keepAllRate =
      try number(fields["keep_all_rate"], "filters.keep_all_rate", in: 0...1)
      ?? filters.keepAllRate
    filters.workBudgetPerByte =
      try integer(fields["work_budget"], "filters.work_budget", in: 1...1_000_000)
      ?? filters.workBudgetPerByte
    if let member = fields["max_pair_tokens"] {
      filters.maximumPairTokenCount = try integer(
        member, "filters.max_pair_tokens", in: 1...Int.max)
    }
    recipe.filters = filters
  }
}

import Testing

@testable import Scalpel

/// Hostile checks of issue 10's promises against independent references: the expert's
/// text R, a textbook LCS, and a brute-force search over programs on tiny inputs.
@Suite struct FidelityHostileTests {
  // MARK: Harness

  struct Run {
    var result: PairBuildResult
    /// What `DocumentRefiner` outputs when fed the rendered chunk programs.
    var output: String?
    /// Chunk programs executed on their chunks, concatenated, with the document-level correction.
    var chunkOutput: String?
    /// `documentProgram` executed on the whole document.
    var documentOutput: String?
    var skippedCallCount = 0
    var callCount = 0
    var program: String {
      guard case .accepted(let pair) = result else { return "(rejected: \(result))" }
      return pair.documentProgram.rendered
    }
    var pair: BuiltPair? {
      guard case .accepted(let pair) = result else { return nil }
      return pair
    }
  }

  static func options(
    minimumDeleted: Int = 10, leftoverShare: Double = 0.05, budget: Int = 12_000,
    overlap: Int = 0, tolerateWhitespace: Bool = false
  ) -> PairOptions {
    PairOptions(
      minimumDeletedCharacterCount: minimumDeleted,
      chunking: ChunkingOptions(budget: .characters(budget), overlapLineCount: overlap),
      toleratesWhitespaceRewrites: tolerateWhitespace, maximumLeftoverShare: leftoverShare)
  }

  static func run(_ original: String, _ refined: String, _ options: PairOptions = PairOptions())
    -> Run
  {
    var builder = PairBuilder(options: options)
    let text = NormalizedText(original)
    let result = builder.makePair(original: text, refined: NormalizedText(refined))
    guard case .accepted(let pair) = result else { return Run(result: result) }
    var run = Run(result: result)
    run.callCount = pair.documentProgram.calls.filter { $0 != .keepAll }.count
    if options.chunking.overlapLineCount == 0 {
      var bytes: [UInt8] = []
      for (index, chunk) in pair.chunks.enumerated() {
        let execution = ProgramExecutor.execute(chunk.program, on: chunk.text)
        bytes += execution.text.utf8
        run.skippedCallCount += execution.report.skippedCalls.count
        if index == pair.chunks.count - 1 && !text.endsWithNewline
          && execution.report.removedLineCount == chunk.text.lineCount && bytes.last == 10
        {
          bytes.removeLast()
        }
      }
      run.chunkOutput = String(decoding: bytes, as: UTF8.self)
      let refiner = DocumentRefiner(options: RefinementOptions(chunking: options.chunking))
      let refinement = refiner.refine(
        text,
        programs: pair.chunks.map {
          ChunkProgram(chunkIndex: $0.chunk.index, output: $0.program.rendered)
        })
      run.output = refinement.text.string
    } else {
      for chunk in pair.chunks {
        let execution = ProgramExecutor.execute(chunk.program, on: chunk.text)
        run.skippedCallCount += execution.report.skippedCalls.count
      }
    }
    run.documentOutput = ProgramExecutor.execute(pair.documentProgram, on: text).text.string
    return run
  }

  static func program(_ result: PairBuildResult) -> String {
    switch result {
    case .accepted(let pair): return pair.documentProgram.rendered
    case .rejected(let reason, _): return "rejected: \(reason)"
    }
  }

  static func n(_ text: String) -> String { NormalizedText(text).string }

  static func repro(_ o: String, _ r: String, _ run: Run, _ extra: String = "") -> Comment {
    """
    O = \(String(reflecting: o))
    R = \(String(reflecting: r))
    program:
    \(run.program)
    P = \(String(reflecting: run.output ?? "(none)"))
    \(extra)
    """
  }

  /// Textbook LCS length on scalars (full table; small inputs only).
  static func lcs(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty || y.isEmpty { return 0 }
    var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 1...x.count {
      for j in 1...y.count {
        table[i][j] =
          x[i - 1] == y[j - 1] ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
      }
    }
    return table[x.count][y.count]
  }

  /// Problems of one accepted pair, against R only (empty when fine).
  static func violations(
    _ o: String, _ r: String, _ run: Run, pureDeletion: Bool, kept: String? = nil
  ) -> [String] {
    guard let pair = run.pair else { return [] }
    var problems: [String] = []
    let o = n(o)
    let r = n(r)
    if run.skippedCallCount > 0 {
      problems.append("executor skipped \(run.skippedCallCount) calls")
    }
    guard let p = run.output else { return problems }
    if run.chunkOutput != p {
      problems.append("chunk output \(String(reflecting: run.chunkOutput)) != refiner output")
    }
    if run.documentOutput != p {
      problems.append("documentProgram output \(String(reflecting: run.documentOutput)) != P")
    }
    if !isScalarSubsequence(p, of: o) { problems.append("P is not a subsequence of O") }
    if pureDeletion {
      if !isScalarSubsequence(r, of: p) { problems.append("R is not a subsequence of P") }
      if let counts = FidelityCounts(output: p, refined: r) {
        if pair.statistics.leftoverCharacterCount != counts.leftoverScalarCount {
          problems.append(
            "reported leftover \(pair.statistics.leftoverCharacterCount) != \(counts.leftoverScalarCount)"
          )
        }
        if pair.statistics.overDeletedCharacterCount != 0 {
          problems.append("reported over-deleted \(pair.statistics.overDeletedCharacterCount)")
        }
      }
    } else if let kept {
      // Mixed refinements with known truth: the characters the expert kept (R without
      // its inserted characters) must all survive, in order.
      if !isScalarSubsequence(n(kept), of: p) {
        problems.append("kept text \(String(reflecting: n(kept))) is not a subsequence of P")
      }
    } else {
      // Mixed refinements: P ⊑ O, so LCS(P, R) ≤ LCS(O, R); equality means P keeps a
      // whole maximal matching of O with R, i.e. no character the expert kept is gone.
      let common = lcs(o, r)
      let kept = lcs(p, r)
      if kept != common {
        problems.append(
          "LCS(P,R) = \(kept) < LCS(O,R) = \(common): \(common - kept) kept characters deleted")
      }
    }
    return problems
  }

  // MARK: Brute force over programs on tiny inputs

  /// Every output some program can give on `original`, with its fewest calls (executor
  /// semantics: mark and sweep, `remove_str` unique in its line, kept lines joined with
  /// `\n`, final newline iff the original has one and a line is kept).
  static func reachableOutputs(_ original: String) -> [String: Int] {
    let bytes = Array(original.utf8)
    if bytes.isEmpty { return ["": 0] }
    var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
    let endsWithNewline = bytes.last == 10
    if endsWithNewline { lines.removeLast() }
    // Per line: (kept content or nil for removed, in-line calls).
    var choices: [[([UInt8]?, Int)]] = []
    for line in lines {
      var options: [([UInt8]?, Int)] = [(nil, 0)]
      var best: [[UInt8]: Int] = [:]
      for mask in 0..<(1 << line.count) {
        var content: [UInt8] = []
        var cost = 0
        var valid = true
        var index = 0
        while index < line.count {
          if mask & (1 << index) == 0 {
            content.append(line[index])
            index += 1
            continue
          }
          var end = index
          while end < line.count && mask & (1 << end) != 0 { end += 1 }
          let piece = Array(line[index..<end])
          var occurrences = 0
          if piece.count <= line.count {
            for start in 0...(line.count - piece.count)
            where Array(line[start..<start + piece.count]) == piece {
              occurrences += 1
            }
          }
          if occurrences != 1 { valid = false }
          cost += 1
          index = end
        }
        if valid { best[content] = min(best[content] ?? .max, cost) }
      }
      for (content, cost) in best { options.append((content, cost)) }
      choices.append(options)
    }
    var result: [String: Int] = [:]
    func walk(_ lineIndex: Int, _ kept: [[UInt8]], _ cost: Int, _ previousRemoved: Bool) {
      if lineIndex == lines.count {
        var out = kept.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        if endsWithNewline && !kept.isEmpty { out += "\n" }
        result[out] = min(result[out] ?? .max, cost)
        return
      }
      for (content, lineCost) in choices[lineIndex] {
        if let content {
          walk(lineIndex + 1, kept + [content], cost + lineCost, false)
        } else {
          walk(lineIndex + 1, kept, cost + (previousRemoved ? 0 : 1), true)
        }
      }
    }
    walk(0, [], 0, false)
    return result
  }

  static func allStrings(over alphabet: [Character], upTo length: Int) -> [String] {
    var all = [""]
    var frontier = [""]
    for _ in 0..<length {
      frontier = frontier.flatMap { s in alphabet.map { s + String($0) } }
      all += frontier
    }
    return all
  }

  static func subsequences(_ s: String) -> Set<String> {
    let chars = Array(s)
    var out: Set<String> = []
    for mask in 0..<(1 << chars.count) {
      out.insert(String(chars.indices.filter { mask & (1 << $0) != 0 }.map { chars[$0] }))
    }
    return out
  }

  struct TinyFinding: CustomStringConvertible {
    var original: String
    var refined: String
    var problem: String
    var program: String
    var output: String?
    var description: String {
      "O=\(String(reflecting: original)) R=\(String(reflecting: refined)): \(problem); program \(String(reflecting: program)); P=\(String(reflecting: output ?? "-"))"
    }
  }

  /// All O up to length 5 over {a, b, \n} and every subsequence R.
  static func exhaustiveTinyFindings(budget: Int = 12_000) -> [TinyFinding] {
    var findings: [TinyFinding] = []
    let options = Self.options(minimumDeleted: 1, leftoverShare: 1.0, budget: budget)
    for original in allStrings(over: ["a", "b", "\n"], upTo: 5) {
      let chunks = Chunker.chunks(of: NormalizedText(original), options: options.chunking)
      // Unrefinable chunks always get keep_all(), by design: no exactness there.
      let isRefinable = !chunks.contains { $0.isUnrefinable }
      let reachable = isRefinable ? reachableOutputs(original) : [:]
      for refined in subsequences(original).sorted() {
        let run = Self.run(original, refined, options)
        func note(_ problem: String) {
          findings.append(
            TinyFinding(
              original: original, refined: refined, problem: problem, program: run.program,
              output: run.output))
        }
        if budget == 12_000 {
          let again = Self.run(original, refined, options)
          if again.result != run.result { note("not deterministic") }
        }
        guard run.pair != nil else {
          if let calls = reachable[refined] { note("rejected although \(calls) calls give R") }
          continue
        }
        for problem in violations(original, refined, run, pureDeletion: true) { note(problem) }
        if let calls = reachable[refined] {
          if run.output != refined {
            note("P != R although \(calls) calls give R")
          } else if run.callCount > calls && chunks.count <= 1 {
            note("\(run.callCount) calls where \(calls) suffice")
          }
        }
      }
    }
    return findings
  }

  /// Once known failures (equal-cost slides not taken, e.g. `abbba` refined to `b`, which
  /// needs the middle `b` kept); all fixed, so the exhaustive run allows none.
  static let knownTinyFailures: [(String, String)] = []

  @Test func exhaustiveTinyPureDeletions() {
    let findings = Self.exhaustiveTinyFindings().filter { finding in
      !Self.knownTinyFailures.contains { $0 == (finding.original, finding.refined) }
    }
    for finding in findings.prefix(40) {
      Issue.record("\(finding)")
    }
    #expect(findings.isEmpty, "\(findings.count) findings")
  }

  /// The same over chunks of 2–4 characters: the refiner's output (with its last-chunk
  /// correction) against R.
  @Test(arguments: [2, 3, 4])
  func exhaustiveTinyPureDeletionsInSmallChunks(budget: Int) {
    let all = Self.exhaustiveTinyFindings(budget: budget).filter { finding in
      !Self.knownTinyFailures.contains { $0 == (finding.original, finding.refined) }
    }
    // Once a known family (fixed): a document without final newline whose last chunk the
    // expert deleted was rejected over_deletion (1 newline) although a program gives R,
    // e.g. O = "\n\na", R = "\n", budget 2.
    let findings = all
    for finding in findings.prefix(30) { Issue.record("\(finding)") }
    #expect(findings.isEmpty, "\(findings.count) findings")
  }

  /// An equal-cost slide to the copy the language can express: the first, the last or a
  /// middle copy of the kept letter.
  @Test(arguments: [("abbaa", "b"), ("abbba", "b"), ("baaab", "a"), ("baabb", "a")])
  func tinySlideNotTaken(_ original: String, _ refined: String) {
    let run = Self.run(original, refined, Self.options(minimumDeleted: 1, leftoverShare: 1.0))
    #expect(run.output == refined, Self.repro(original, refined, run))
  }

  /// The same on words, default options: keeping the second "Next" is `remove_str(1, "Home Next ")`
  /// + `remove_str(1, " Home Home")` (once rejected `deletions_not_expressible`, 5 of 20).
  @Test func realisticSlideNotTaken() {
    let original = "Home Next Next Home Home\n"
    let refined = "Next\n"
    #expect(Self.isReachableByUniqueRuns("Home Next Next Home Home", "Next"))
    let run = Self.run(original, refined)
    #expect(run.output == refined, Self.repro(original, refined, run))
  }

  // MARK: Seeded random pairs over a small alphabet with newlines

  static let alphabet: [String] = ["a", "b", " ", "\n", "<", ">", "é"]

  static func randomText(_ rng: inout SplitMix64, length: Int) -> String {
    (0..<length).map { _ in alphabet[rng.int(below: alphabet.count)] }.joined()
  }

  /// R = O with random deletions (runs), and when `mixed`, a few small inserts/substitutions.
  static func randomPair(seed: Int, mixed: Bool) -> (String, String, String, PairOptions) {
    var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
    let original = randomText(&rng, length: rng.int(below: 40))
    var refined = ""
    var kept = ""
    var chars = Array(original)
    var index = 0
    while index < chars.count {
      let roll = rng.int(below: 10)
      if roll < 3 {
        index += 1 + rng.int(below: 4)  // a deleted run
        continue
      }
      if mixed && roll == 3 {
        refined += randomText(&rng, length: 1 + rng.int(below: 2))  // small insert
      }
      if mixed && roll == 4 {
        refined += randomText(&rng, length: 1)  // substitution
        index += 1
        continue
      }
      refined.append(chars[index])
      kept.append(chars[index])
      index += 1
    }
    chars = []
    let budget = [12_000, 8, 12, 20][rng.int(below: 4)]
    let leftover = [0.05, 1.0][rng.int(below: 2)]
    return (
      original, refined, kept, options(minimumDeleted: 1, leftoverShare: leftover, budget: budget)
    )
  }

  static func randomFindings(mixed: Bool, seeds: Range<Int>) -> [TinyFinding] {
    var findings: [TinyFinding] = []
    for seed in seeds {
      let (original, refined, kept, options) = randomPair(seed: seed, mixed: mixed)
      let run = Self.run(original, refined, options)
      let again = Self.run(original, refined, options)
      var problems = violations(original, refined, run, pureDeletion: !mixed, kept: kept)
      if again.result != run.result { problems.append("not deterministic") }
      for problem in problems {
        findings.append(
          TinyFinding(
            original: original, refined: refined,
            problem: "seed \(seed) budget \(options.chunking.budget): \(problem)",
            program: run.program, output: run.output))
      }
    }
    return findings
  }

  @Test func seededRandomPureDeletions() {
    let findings = Self.randomFindings(mixed: false, seeds: 0..<800)
    for finding in findings.prefix(20) { Issue.record("\(finding)") }
    #expect(findings.isEmpty, "\(findings.count) findings")
  }

  /// Dense random edits over a 7-letter alphabet: no crash, deterministic, P ⊑ O, no skipped
  /// calls, document program = chunk programs (fidelity is checked on sparse edits below).
  @Test func seededRandomMixedRefinementsDoNotCrash() {
    let findings = Self.randomFindings(mixed: true, seeds: 0..<800).filter {
      !$0.problem.contains("kept text")
    }
    for finding in findings.prefix(20) { Issue.record("\(finding)") }
    #expect(findings.isEmpty, "\(findings.count) findings")
  }

  // MARK: Sparse mixed refinements of natural text with known truth

  static let words = [
    "the", "garden", "needs", "water", "and", "sun", "every", "week", "tomatoes", "grow",
    "best", "in", "spring", "über", "café", "naïve", "日本語", "テキスト", "👍", "e\u{301}",
    "tab\tbed", "<b>", "</b>", "[ad]", "Home", "|", "Login",
  ]

  struct MixedCase {
    var original: String
    var refined: String
    var kept: String
    var options: PairOptions
    /// Whether the expert only deleted (no marker, no insert).
    var isPureDeletion: Bool
    /// (original line, refined line) for every line the expert kept.
    var keptLines: [(String, String)]
  }

  /// Whether `refined` is `line` with some runs deleted, each unique in `line` (scalars).
  static func isReachableByUniqueRuns(_ line: String, _ refined: String) -> Bool {
    let o = Array(line.unicodeScalars)
    let r = Array(refined.unicodeScalars)
    func occurrences(_ lower: Int, _ upper: Int) -> Int {
      let count = upper - lower
      var found = 0
      var start = 0
      while start + count <= o.count {
        var equal = true
        for k in 0..<count where o[start + k] != o[lower + k] {
          equal = false
          break
        }
        if equal { found += 1 }
        if found > 1 { return found }
        start += 1
      }
      return found
    }
    var memo: [Int: Bool] = [:]
    // state (i, j, mayDelete): a deleted run cannot follow another one directly (maximal runs).
    func solve(_ i: Int, _ j: Int, _ mayDelete: Bool) -> Bool {
      let key = (i * (r.count + 1) + j) * 2 + (mayDelete ? 1 : 0)
      if let known = memo[key] { return known }
      var answer = false
      if i == o.count {
        answer = j == r.count
      } else {
        if j < r.count && o[i] == r[j] && solve(i + 1, j + 1, true) { answer = true }
        if !answer && mayDelete && o.count - i > r.count - j {
          var k = i + 1
          while k <= o.count - (r.count - j) {
            if occurrences(i, k) == 1 && solve(k, j, false) {
              answer = true
              break
            }
            k += 1
          }
        }
      }
      memo[key] = answer
      return answer
    }
    return solve(0, 0, true)
  }

  static func mixedCase(seed: Int) -> MixedCase {
    var rng = SplitMix64(seed: UInt64(seed) &* 104_729 &+ 3)
    let lineCount = 1 + rng.int(below: 12)
    let newline = rng.int(below: 5) == 0 ? "\r\n" : "\n"
    var original = ""
    var refined = ""
    var kept = ""
    var isPure = true
    var keptLines: [(String, String)] = []
    for lineIndex in 0..<lineCount {
      let wordCount =
        rng.int(below: 5) == 0 ? 0 : 1 + rng.int(below: rng.int(below: 6) == 0 ? 60 : 9)
      let lineWords = (0..<wordCount).map { _ in words[rng.int(below: words.count)] }
      let isLast = lineIndex == lineCount - 1
      let end = isLast && rng.int(below: 3) == 0 ? "" : newline
      let line = lineWords.joined(separator: " ")
      original += line + end
      let roll = rng.int(below: 10)
      if roll < 2 {
        continue  // whole line deleted
      }
      var outWords: [(String, Bool)] = []  // (text, is expert-kept)
      var index = 0
      while index < lineWords.count {
        let wordRoll = rng.int(below: 14)
        if wordRoll == 0 && lineWords.count > 1 {
          // delete a span of words (with the following space)
          index += 1 + rng.int(below: 3)
          continue
        }
        outWords.append((lineWords[index], true))
        index += 1
      }
      var refinedLine = ""
      var keptLine = ""
      for (offset, (word, _)) in outWords.enumerated() {
        if offset > 0 {
          refinedLine += " "
          keptLine += " "
        }
        refinedLine += word
        keptLine += word
      }
      if roll == 2 && !refinedLine.isEmpty {
        refinedLine = "- " + refinedLine  // list marker added
        isPure = false
      } else if roll == 3 && refinedLine.count > 3 {
        refinedLine += "."  // a small insert at the end
        isPure = false
      }
      keptLines.append((line, refinedLine))
      refined += refinedLine + end
      kept += keptLine + end
    }
    let budget = [12_000, 12_000, 40, 80][rng.int(below: 4)]
    return MixedCase(
      original: original, refined: refined, kept: kept,
      options: options(minimumDeleted: 1, leftoverShare: 1.0, budget: budget),
      isPureDeletion: isPure, keptLines: keptLines)
  }

  @Test func sparseMixedRefinementsKeepTheExpertsText() {
    var findings: [TinyFinding] = []
    for seed in 0..<600 {
      let testCase = Self.mixedCase(seed: seed)
      let run = Self.run(testCase.original, testCase.refined, testCase.options)
      for problem in Self.violations(
        testCase.original, testCase.refined, run, pureDeletion: false, kept: testCase.kept)
      {
        findings.append(
          TinyFinding(
            original: testCase.original, refined: testCase.refined,
            problem: "seed \(seed) \(testCase.options.chunking.budget): \(problem)",
            program: run.program, output: run.output))
      }
    }
    for finding in findings.prefix(20) { Issue.record("\(finding)") }
    #expect(findings.isEmpty, "\(findings.count) findings")
  }

  // MARK: Hand-made pure deletions (exact expected output = R)

  struct Exact: Sendable, CustomStringConvertible {
    var name: String
    var original: String
    var refined: String
    var budget: Int = 12_000
    var description: String { name }
  }

  static let exactCases: [Exact] = [
    Exact(
      name: "CRLF", original: "Menu | Home\r\nReal text stays.\r\nFooter junk\r\n",
      refined: "Real text stays.\r\n"),
    Exact(name: "CJK in-line", original: "日本語のテキスト【広告】です。\n", refined: "日本語のテキストです。\n"),
    Exact(name: "emoji", original: "Great 👍🏽 post 🎉 [ad] here\n", refined: "Great 👍🏽 post 🎉 here\n"),
    Exact(
      name: "combining marks", original: "cafe\u{301} [sponsored] noe\u{308}l\n",
      refined: "cafe\u{301} noe\u{308}l\n"),
    Exact(name: "tabs", original: "a\tb\t[x]\tc\nnav\tnav\n", refined: "a\tb\tc\n"),
    Exact(
      name: "no final newline, last line deleted",
      original: "Real text stays here.\nFooter junk", refined: "Real text stays here."),
    Exact(
      name: "no final newline, small chunks, last chunk deleted",
      original: "Real text one.\nReal text two.\nFooter junk line",
      refined: "Real text one.\nReal text two.",
      budget: 16),
    Exact(name: "empty refined", original: "Home | About | Login\nCookie banner\n", refined: ""),
    Exact(
      name: "empty refined, no final newline", original: "Home | About\nCookie banner",
      refined: ""),
    Exact(
      name: "refined == original", original: "Nothing to remove here.\nAt all.\n",
      refined: "Nothing to remove here.\nAt all.\n"),
    Exact(
      name: "many chunks",
      original: (1...30).map { "Line \($0) text [ad \($0)]\nNav \($0)\n" }.joined(),
      refined: (1...30).map { "Line \($0) text\n" }.joined(), budget: 30),
    Exact(
      name: "very long line", original: String(repeating: "word ", count: 3000) + "[ad] end\n",
      refined: String(repeating: "word ", count: 3000) + "end\n", budget: 100_000),
    Exact(
      name: "repeated junk second copy",
      original: "Subscribe to our newsletter! Text. Subscribe to our newsletter!\n",
      refined: "Subscribe to our newsletter! Text.\n"),
    Exact(
      name: "issue example a", original: "The system has <a href=\"/x\">a</a> rich history.\n",
      refined: "The system has a rich history.\n"),
    Exact(
      name: "issue example b",
      original:
        "Previous topic: Text wrapping\nNext: Processing, Services\nText Processing Services\nSearch [Go]\n",
      refined: "Text Processing Services\n"),
    Exact(
      name: "issue example c",
      original: "Footer junk\nNew versions of <em>e</em>2fsprogs, to fix bugs.\n",
      refined: "New versions of e2fsprogs, to fix bugs.\n"),
  ]

  /// A document without final newline whose last chunk (a footer) the expert deleted, after a
  /// deleted blank line: the refiner drops the newline before an emptied last chunk, so the
  /// programs must keep a line of it exactly when the target ends with an earlier newline.
  /// Once rejected as `over_deletion`; fixed. With one chunk the same pair is exact too.
  static let lastChunkCases: [Exact] = [
    Exact(
      name: "footer chunk after blank line, no final newline",
      original: "Paragraph one.\n\nParagraph two.\n\nFooter junk here",
      refined: "Paragraph one.\n\nParagraph two.\n", budget: 20),
    Exact(
      name: "generator seed 384 minimised",
      original: "A\n\nb\n\n\nLogin best the Login grow garden <b>", refined: "A\n\n\n", budget: 40),
  ]

  /// The same at default options: a 12,009-character page without final newline whose
  /// footer falls into its own chunk; the expert deleted the blank line and the footer.
  @Test func footerChunkAtDefaultBudget() {
    let body = (1...119).map { i in
      String(
        "Paragraph \(i) about the garden and tomatoes and sun, water and patience, week after week after week ok"
          .prefix(99)) + "\n"
    }.joined()
    let footer =
      "Footer: Copyright 2024 Garden Guide. All rights reserved. Follow us on Facebook, Twitter and Instagram today"
    let original = body + "\n" + footer
    #expect(Chunker.chunks(of: NormalizedText(original), options: ChunkingOptions()).count == 2)
    let run = Self.run(original, body)
    #expect(run.output == body, "\(Self.program(run.result))")
  }

  @Test(arguments: lastChunkCases)
  func lastChunkDeletedWithoutFinalNewline(_ testCase: Exact) {
    let options = Self.options(minimumDeleted: 1, budget: testCase.budget)
    let run = Self.run(testCase.original, testCase.refined, options)
    #expect(
      run.output == Self.n(testCase.refined), Self.repro(testCase.original, testCase.refined, run))
    // The same pair in one chunk is exact.
    let single = Self.run(testCase.original, testCase.refined, Self.options(minimumDeleted: 1))
    #expect(
      single.output == Self.n(testCase.refined),
      Self.repro(testCase.original, testCase.refined, single))
  }

  @Test(arguments: exactCases)
  func handMadePureDeletionsAreExact(_ testCase: Exact) {
    let options = Self.options(minimumDeleted: 1, budget: testCase.budget)
    let run = Self.run(testCase.original, testCase.refined, options)
    #expect(
      run.output == Self.n(testCase.refined), Self.repro(testCase.original, testCase.refined, run))
    #expect(
      Self.violations(testCase.original, testCase.refined, run, pureDeletion: true).isEmpty,
      Self.repro(testCase.original, testCase.refined, run))
  }

  /// With overlapping chunks: same statistics as without overlap, every chunk program runs
  /// without skipped calls, and deterministic.
  @Test func overlapDoesNotChangeTheVerdict() {
    for seed in 0..<200 {
      let testCase = Self.mixedCase(seed: seed)
      var overlapped = testCase.options
      overlapped.chunking.overlapLineCount = 1 + seed % 3
      let plain = Self.run(testCase.original, testCase.refined, testCase.options)
      let run = Self.run(testCase.original, testCase.refined, overlapped)
      let again = Self.run(testCase.original, testCase.refined, overlapped)
      #expect(run.result == again.result)
      #expect(run.skippedCallCount == 0, Self.repro(testCase.original, testCase.refined, run))
      switch (plain.result, run.result) {
      case (.accepted(let a), .accepted(let b)):
        #expect(a.statistics.leftoverCharacterCount == b.statistics.leftoverCharacterCount)
        #expect(b.statistics.overDeletedCharacterCount == 0)
      case (.rejected(let a, _), .rejected(let b, _)):
        #expect(a == b)
      default:
        Issue.record(
          "verdict differs with overlap\n\(Self.repro(testCase.original, testCase.refined, run))")
      }
    }
  }

  /// Sparse pure deletions where every kept line is reachable by unique runs (and no line
  /// exceeds the chunk budget): P == R.
  @Test func sparsePureDeletionsAreExactWhenReachable() {
    var checked = 0
    for seed in 0..<600 {
      let c = Self.mixedCase(seed: seed)
      guard c.isPureDeletion, case .characters(let budget) = c.options.chunking.budget,
        Self.n(c.original).split(separator: "\n", omittingEmptySubsequences: false).allSatisfy({
          $0.unicodeScalars.count + 1 <= budget
        }),
        c.keptLines.allSatisfy({
          $0.0.unicodeScalars.count < 200 && Self.isReachableByUniqueRuns($0.0, $0.1)
        })
      else { continue }
      checked += 1
      let run = Self.run(c.original, c.refined, c.options)
      #expect(
        run.output == Self.n(c.refined), "seed \(seed)\n\(Self.repro(c.original, c.refined, run))")
    }
    #expect(checked > 100)
  }

  // MARK: Rewrite rule

  @Test func listMarkersAfterNavigationAreNotARewrite() throws {
    let original =
      "Home\nProducts\nAbout us\nContact\nLogin\nApples are red.\nPears are green.\nPlums are purple.\n"
    let refined = "- Apples are red.\n- Pears are green.\n- Plums are purple.\n"
    let run = Self.run(original, refined)
    let pair = try #require(run.pair, "\(run.result)")
    #expect(pair.documentProgram.rendered == "remove_lines(1, 5)")
    #expect(run.output == "Apples are red.\nPears are green.\nPlums are purple.\n")
    #expect(pair.statistics.overDeletedCharacterCount == 0)
  }

  /// "impacts the environment" (23 characters) replaced by "affects our planet": the
  /// coincidental letter matches ("cts ") split it into hunks under 20 characters each;
  /// rewrites a few equal bytes apart count as one replacement, so it is rejected.
  @Test func paraphraseStaysARewrite() {
    let original = "Intro.\nClimate change impacts the environment in many ways today.\n"
    let refined = "Intro.\nClimate change affects our planet in many ways today.\n"
    let result = Self.run(original, refined).result
    guard case .rejected(let reason, _) = result, case .rewriteTooLarge(let size, let line) = reason
    else {
      Issue.record("paraphrase not rejected as a rewrite: \(Self.program(result))")
      return
    }
    #expect(size >= 20, "\(size)")
    #expect(line == 2)
  }

  @Test func smallParaphraseIsAcceptedButKeepsTheOriginalWords() throws {
    // Under 20 characters: accepted, but the program may not delete the words the expert
    // rewrote into something else (it can only delete).
    let original = "Home | Login | About us page\nThe cat sat on teh mat.\n"
    let refined = "The cat sat on the mat.\n"
    let run = Self.run(original, refined)
    let pair = try #require(run.pair, "\(run.result)")
    #expect(pair.documentProgram.rendered == "remove_lines(1, 1)")
    #expect(run.output == "The cat sat on teh mat.\n")
  }

  @Test func whitespaceOnlyRewritesAreCountedAndTolerated() throws {
    // Three tabs replaced by 24 spaces: a whitespace-only rewrite of 24 characters.
    let original = "Intro text.\n\t\t\tcode(); // the body of the loop\n"
    let refined =
      "Intro text.\n" + String(repeating: " ", count: 24) + "code(); // the body of the loop\n"
    let strict = Self.run(original, refined)
    guard case .rejected(let reason, let statistics) = strict.result else {
      Issue.record("24 stripped spaces accepted without tolerance: \(strict.program)")
      return
    }
    if case .whitespaceRewriteTooLarge = reason {} else { Issue.record("\(reason)") }
    #expect(statistics.whitespaceRewriteHunkCount > 0)
    let tolerant = Self.run(original, refined, Self.options(tolerateWhitespace: true))
    let pair = try #require(tolerant.pair, "\(tolerant.result)")
    #expect(pair.statistics.whitespaceRewriteHunkCount > 0)
    #expect(pair.statistics.overDeletedCharacterCount == 0)
    #expect(tolerant.output == original)
  }

  /// The same indentation change after a deleted navigation line: the line's spaces match
  /// the new indentation, so the navigation line becomes part of a 19-character rewrite,
  /// stays in P, and the pair is accepted as `keep_all()` with leftover 0 and 0 expert
  /// deletions reported (the reference LCS finds 19 leftover characters).
  @Test func deletedLineAbsorbedIntoIndentationRewrite() {
    let original = "Nav | Nav | Nav | Nav\n\t\t\tcode(); // the body of the loop\n"
    let refined = String(repeating: " ", count: 24) + "code(); // the body of the loop\n"
    let run = Self.run(original, refined)
    guard let pair = run.pair, let output = run.output else { return }
    withKnownIssue("deleted navigation line absorbed into a rewrite via coincidental space matches")
    {
      #expect(!output.contains("Nav | Nav"), Self.repro(original, refined, run))
      #expect(
        pair.statistics.leftoverCharacterCount > 0
          || pair.statistics.expertDeletedCharacterCount > 0)
    }
  }

  @Test func reflowedLineBreaksAreWhitespaceRewrites() throws {
    let original =
      "Menu menu menu\nThis is a long sentence\nthat was wrapped\nacross three lines.\n"
    let refined = "This is a long sentence that was wrapped across three lines.\n"
    let run = Self.run(original, refined, Self.options(tolerateWhitespace: true))
    let pair = try #require(run.pair, "\(run.result)")
    #expect(pair.statistics.whitespaceRewriteHunkCount >= 1)
    #expect(pair.statistics.overDeletedCharacterCount == 0)
    #expect(run.output == "This is a long sentence\nthat was wrapped\nacross three lines.\n")
  }

  // MARK: Shortest program

  @Test func emptiedLineNextToRemovedBlankLineIsOneRemoveLines() throws {
    let original = "Keep this text line.\nAdvert here\n\nMore kept text.\n"
    let refined = "Keep this text line.\n\nMore kept text.\n"
    let run = Self.run(original, refined)
    let pair = try #require(run.pair, "\(run.result)")
    #expect(run.output == refined)
    #expect(pair.documentProgram.calls.count == 1, "\(pair.documentProgram.rendered)")
  }

  @Test func adjacentRemoveLinesAreMerged() {
    for seed in 0..<600 {
      let c = Self.mixedCase(seed: seed)
      let run = Self.run(c.original, c.refined, c.options)
      guard let pair = run.pair else { continue }
      for chunk in pair.chunks {
        var ranges: [ClosedRange<Int>] = []
        for call in chunk.program.calls {
          if case .removeLines(let range) = call { ranges.append(range) }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        for (a, b) in zip(ranges, ranges.dropFirst()) where a.upperBound + 1 >= b.lowerBound {
          Issue.record(
            "mergeable \(a) \(b), seed \(seed)\n\(Self.repro(c.original, c.refined, run))")
        }
      }
    }
  }
}

import Scalpel

/// A generated pure-deletion pair whose ground truth is known by construction.
///
/// `refined` is `original` with every deleted piece actually removed; Scalpel is
/// never run to make it. Each piece is classified by ``PureDeletionGenerator``'s
/// own expressibility rule (see ``PureDeletionGenerator/isExpressible(run:in:limits:)``),
/// which does not look at Scalpel's alignment or mapper.
struct PureDeletionCase: CustomStringConvertible {
  /// One deletion the expert made, in normalised text (`\r\n` counted as `\n`).
  struct Piece: Sendable, Hashable, CustomStringConvertible {
    /// What kind of deletion it is.
    enum Kind: String, Sendable, Hashable {
      /// A run of whole lines, each with its newline (the last line may have none).
      case wholeLines
      /// A run of deleted scalars inside a line that keeps some of its text.
      case inLine
      /// The newline between two kept lines.
      case lineJoin
    }

    var kind: Kind
    /// The 0-based index of the (first) line of the piece.
    var lineIndex: Int
    /// The deleted text, normalised.
    var text: String
    /// Whether the program language can express this piece (see the generator's rule).
    var isExpressible: Bool
    /// Calls that delete exactly this piece (document line numbers), when it is expressible:
    /// the generator's own witness that the piece is expressible.
    var witness: [ProgramCall] = []

    /// The number of Unicode scalars of the piece.
    var scalarCount: Int { text.unicodeScalars.count }

    var description: String {
      "\(kind.rawValue)@\(lineIndex + 1) \(String(reflecting: text))"
        + (isExpressible ? "" : " [not expressible]")
    }
  }

  /// The seed the case was generated from.
  let seed: Int
  /// The document before refinement, possibly with `\r\n` line endings.
  let original: String
  /// The document after the expert's deletions, with the same line endings.
  let refined: String
  /// Every deleted piece, in document order.
  let pieces: [Piece]
  /// The chunking the case should be built with (overlap is always 0).
  let chunking: ChunkingOptions
  /// Labels of the constructions the document uses ("tag-around-short-word", "line-join", …).
  let features: [String]

  /// Whether every deleted piece can be expressed by a program.
  var isFullyExpressible: Bool { pieces.allSatisfy(\.isExpressible) }
  /// Unicode scalars the expert deleted (newlines normalised).
  var deletedScalarCount: Int { pieces.reduce(0) { $0 + $1.scalarCount } }
  /// Unicode scalars of the pieces no program can delete: the minimal leftover.
  var nonExpressibleScalarCount: Int {
    pieces.reduce(0) { $0 + ($1.isExpressible ? 0 : $1.scalarCount) }
  }

  /// Options for ``PairBuilder`` with this case's chunking.
  var pairOptions: PairOptions { PairOptions(chunking: chunking) }

  var description: String {
    var budget = ""
    switch chunking.budget {
    case .characters(let count): budget = "characters(\(count))"
    case .approximateTokens(let count): budget = "approximateTokens(\(count))"
    }
    return """
      seed \(seed), chunking \(budget), \(pieces.count) pieces, \(deletedScalarCount) deleted \
      scalars, expressible: \(isFullyExpressible)
      features: \(features.joined(separator: ", "))
      O = \(String(reflecting: original))
      R = \(String(reflecting: refined))
      pieces:
        \(pieces.map(\.description).joined(separator: "\n  "))
      """
  }
}

/// A seeded generator of realistic pure-deletion pairs (web text with boilerplate).
///
/// Documents mix content lines (sentences, CJK sentences, list items, headings,
/// kept blank lines; LF, CRLF or mixed line endings; with or without a final
/// newline) with what an expert deletes: whole navigation, footer and cookie
/// lines, inline HTML tags whose letters are shared with the kept text
/// (`<a href="/x">a</a>`, `<em>e</em>2fsprogs`), inline ads (`[ad]`,
/// `Click here!!! `) and one copy of repeated junk. About a quarter of the
/// documents also get deletions the program language cannot express: line
/// joins and strings that occur twice in their line with no unique slide.
/// Sizes range from one line to several chunks of a small character budget.
enum PureDeletionGenerator {
  /// Returns the case for `seed`; the same seed always gives the same case.
  static func makeCase(seed: Int) -> PureDeletionCase {
    var generator = Builder(rng: SplitMix64(seed: UInt64(seed) &* 0x2545_F491 &+ 10))
    return generator.makeCase(seed: seed)
  }

  // MARK: - The expressibility rule (independent of Scalpel)

  /// Whether the deleted run `run` (scalar offsets) of `line` can be removed by one
  /// `remove_str`: some equal-result slide of the run occurs exactly once in the line.
  ///
  /// Deleting `line[s..<e]` gives the same line as deleting `line[s+1..<e+1]`
  /// exactly when `line[s] == line[e]`, so the equivalent runs form one interval
  /// of shifts; `limits` keeps them off the neighbouring deleted runs.
  static func isExpressible(
    run: Range<Int>, in line: [Unicode.Scalar], limits: Range<Int>
  ) -> Bool {
    uniqueSlide(of: run, in: line, limits: limits) != nil
  }

  /// The leftmost equal-result slide of `run` whose text is unique in `line`, if any.
  static func uniqueSlide(
    of run: Range<Int>, in line: [Unicode.Scalar], limits: Range<Int>
  ) -> Range<Int>? {
    var start = run.lowerBound
    while start > limits.lowerBound && line[start - 1] == line[start - 1 + run.count] {
      start -= 1
    }
    var candidate = start
    while true {
      let pattern = Array(line[candidate..<candidate + run.count])
      if occurrenceCount(of: pattern, in: line) == 1 { return candidate..<candidate + run.count }
      let end = candidate + run.count
      guard end < limits.upperBound && line[candidate] == line[end] else { return nil }
      candidate += 1
    }
  }

  /// The number of start offsets where `pattern` occurs in `line`, overlaps included.
  static func occurrenceCount(of pattern: [Unicode.Scalar], in line: [Unicode.Scalar]) -> Int {
    guard !pattern.isEmpty, pattern.count <= line.count else { return 0 }
    var count = 0
    for start in 0...(line.count - pattern.count)
    where line[start..<start + pattern.count].elementsEqual(pattern) {
      count += 1
    }
    return count
  }
}

// MARK: - Document model

/// A piece of a generated line that the expert keeps or deletes.
private struct Segment {
  var text: String
  var isDeleted: Bool
}

private struct GeneratedLine {
  var segments: [Segment]
  /// `"\n"`, `"\r\n"`, or `""` for a last line without newline.
  var terminator: String
  /// The whole line, newline included, is deleted.
  var isDeleted = false
  /// The newline is deleted although the line and the next one are kept.
  var isJoinedToNext = false
  /// A kept line with words (a join may touch it).
  var isContent = false

  var text: String { segments.map(\.text).joined() }
}

private struct Builder {
  var rng: SplitMix64
  /// Labels of the constructions used, for failure triage.
  var features = Set<String>()

  static let words = [
    "system", "kernel", "history", "rich", "text", "processing", "services", "versions", "bugs",
    "file", "package", "release", "notes", "wrapping", "network", "driver", "update", "users",
    "support", "manual", "install", "module", "archive", "mirror", "security", "stable", "branch",
    "memory", "page", "cache", "disk", "e2fsprogs", "tools", "format", "library", "binary",
    "source", "patch", "maintainer", "upstream", "mailing", "list", "report", "terminal",
  ]
  static let shortWords = ["a", "e", "the", "is", "of", "to", "in", "and", "an", "it", "on", "as"]
  static let cjkWords = [
    "数据", "处理", "服务", "系统", "文本", "我们", "使用", "版本", "修复", "错误", "文件", "网络", "更新",
    "用户", "支持", "手册", "安装", "模块", "内核", "历史",
  ]
  static let menuWords = [
    "Home", "About", "Contact", "News", "Blog", "Login", "Products", "Docs", "Support", "FAQ",
  ]
  static let tags: [(open: String, close: String)] = [
    ("<a href=\"/x\">", "</a>"), ("<em>", "</em>"), ("<b>", "</b>"),
    ("<span class=\"note\">", "</span>"), ("<a href=\"/doc/intro.html\">", "</a>"),
    ("<strong>", "</strong>"), ("<i>", "</i>"),
  ]
  static let ads = ["[ad]", "[Advertisement]", "(sponsored)", "[广告]"]
  static let ambiguousTokens = ["[ad]", "***", "|", "»", "[1]"]
  static let repeatedJunk = [
    "Subscribe to our newsletter!", "Read more...", "Share this page.", "Follow us!",
  ]

  mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
    rng.int(below: denominator) < numerator
  }

  mutating func pick<T>(_ items: [T]) -> T { items[rng.int(below: items.count)] }

  mutating func word() -> String {
    chance(1, in: 4) ? pick(Self.shortWords) : pick(Self.words)
  }

  mutating func sentenceWords() -> [String] {
    var result = (0..<(4 + rng.int(below: 10))).map { _ in word() }
    result[0] = result[0].prefix(1).uppercased() + result[0].dropFirst()
    result[result.count - 1] += chance(1, in: 6) ? "," : "."
    if result[result.count - 1].hasSuffix(",") {
      result += (0..<(2 + rng.int(below: 4))).map { _ in word() }
      result[result.count - 1] += "."
    }
    return result
  }

  mutating func title() -> [String] {
    (0..<(2 + rng.int(below: 3))).map { _ in
      let w = pick(Self.words)
      return w.prefix(1).uppercased() + w.dropFirst()
    }
  }

  // MARK: Content lines

  /// The inline constructions a document may use; each document enables a random subset.
  enum InlineOperation: String, CaseIterable {
    case tagAroundShortWord = "tag-around-short-word"
    case tagInsideWord = "tag-inside-word"
    case tagAroundWord = "tag-around-word"
    case inlineAd = "inline-ad"
    case clickHere = "click-here"
    case repeatedJunk = "repeated-junk"
    case cjkInlineJunk = "cjk-inline-junk"
  }

  /// Returns a content line with some of the document's inline junk.
  ///
  /// Deleted runs other than a deliberate ambiguous token are
  /// always expressible: a line that happens to repeat a deleted text (two `</a>`)
  /// is generated again, so that the only non-expressible pieces are the
  /// deliberate ones, whose minimal leftover is known.
  mutating func contentLine(
    operations: [InlineOperation], allowAmbiguous: Bool, madeAmbiguous: inout Bool
  ) -> [Segment] {
    for _ in 0..<20 {
      var isAmbiguous = false
      let segments = contentLineCandidate(
        operations: operations, allowAmbiguous: allowAmbiguous && !madeAmbiguous,
        madeAmbiguous: &isAmbiguous)
      if Self.hasOnlyIntendedAmbiguity(segments) {
        if isAmbiguous {
          madeAmbiguous = true
          features.insert("ambiguous-string")
        }
        for operation in lastOperations { features.insert(operation.rawValue) }
        return segments
      }
    }
    return [Segment(text: sentenceWords().joined(separator: " "), isDeleted: false)]
  }

  /// The operations used by the last candidate line.
  var lastOperations: Set<InlineOperation> = []

  /// Whether every deleted run of `segments` is expressible, except runs made of
  /// one deliberate ambiguous token.
  ///
  /// A deliberate token must also be kept apart from other deleted runs by
  /// something other than whitespace: kept spaces can slide, and a run merged
  /// across them (`» Click here!!!`) may be unique.
  static func hasOnlyIntendedAmbiguity(_ segments: [Segment]) -> Bool {
    let (scalars, runs) = deletedRuns(of: segments)
    for (index, run) in runs.enumerated() {
      let lower = index > 0 ? runs[index - 1].upperBound : 0
      let upper = index + 1 < runs.count ? runs[index + 1].lowerBound : scalars.count
      if PureDeletionGenerator.isExpressible(run: run, in: scalars, limits: lower..<upper) {
        continue
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars[run])
      guard ambiguousTokens.contains(text) else { return false }
      let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " }
      if index > 0 && scalars[lower..<run.lowerBound].allSatisfy(isSpace) { return false }
      if index + 1 < runs.count && scalars[run.upperBound..<upper].allSatisfy(isSpace) {
        return false
      }
    }
    return true
  }

  /// The scalars of a line and its maximal runs of deleted scalars.
  static func deletedRuns(of segments: [Segment]) -> ([Unicode.Scalar], [Range<Int>]) {
    var scalars: [Unicode.Scalar] = []
    var isDeleted: [Bool] = []
    for segment in segments {
      for scalar in segment.text.unicodeScalars {
        scalars.append(scalar)
        isDeleted.append(segment.isDeleted)
      }
    }
    var runs: [Range<Int>] = []
    var offset = 0
    while offset < scalars.count {
      guard isDeleted[offset] else {
        offset += 1
        continue
      }
      var end = offset
      while end < scalars.count && isDeleted[end] { end += 1 }
      runs.append(offset..<end)
      offset = end
    }
    return (scalars, runs)
  }

  mutating func contentLineCandidate(
    operations: [InlineOperation], allowAmbiguous: Bool, madeAmbiguous: inout Bool
  ) -> [Segment] {
    lastOperations = []
    let roll = rng.int(below: 20)
    if roll < 3 { return cjkLine(allowsJunk: operations.contains(.cjkInlineJunk)) }
    var tokens: [[Segment]] = []
    var prefix: [Segment] = []
    if roll < 6 {
      prefix = [Segment(text: pick(["- ", "* ", "1. ", "• "]), isDeleted: false)]
      tokens = sentenceWords().map { [Segment(text: $0, isDeleted: false)] }
    } else if roll < 8 {
      tokens = title().map { [Segment(text: $0, isDeleted: false)] }
      if chance(1, in: 2) { prefix = [Segment(text: "# ", isDeleted: false)] }
    } else {
      for _ in 0..<(1 + rng.int(below: 3)) {
        tokens += sentenceWords().map { [Segment(text: $0, isDeleted: false)] }
      }
    }
    let lineOperations = operations.filter { $0 != .cjkInlineJunk }
    // Inline junk: at most two operations, on distinct tokens.
    var touched = Set<Int>()
    for _ in 0..<(lineOperations.isEmpty ? 0 : rng.int(below: 3)) {
      let index = rng.int(below: tokens.count)
      guard !touched.contains(index) else { continue }
      touched.insert(index)
      let word = tokens[index][0].text
      let operation = pick(lineOperations)
      lastOperations.insert(operation)
      let tag = pick(Self.tags)
      switch operation {
      case .tagAroundShortWord:
        // Short words share their letters with the tag around them.
        tokens[index] = [
          Segment(text: tag.open, isDeleted: true),
          Segment(text: pick(Self.shortWords), isDeleted: false),
          Segment(text: tag.close, isDeleted: true),
        ]
      case .tagInsideWord where word.unicodeScalars.count >= 3:
        let split = 1 + rng.int(below: 2)
        tokens[index] = [
          Segment(text: tag.open, isDeleted: true),
          Segment(text: String(word.prefix(split)), isDeleted: false),
          Segment(text: tag.close, isDeleted: true),
          Segment(text: String(word.dropFirst(split)), isDeleted: false),
        ]
      case .tagAroundWord, .tagInsideWord:
        tokens[index] = [
          Segment(text: tag.open, isDeleted: true), Segment(text: word, isDeleted: false),
          Segment(text: tag.close, isDeleted: true),
        ]
      case .clickHere:
        tokens[index].insert(Segment(text: "Click here!!! ", isDeleted: true), at: 0)
      case .inlineAd:
        if chance(1, in: 2) {
          tokens[index].append(Segment(text: " " + pick(Self.ads), isDeleted: true))
        } else {
          tokens[index].insert(Segment(text: pick(Self.ads) + " ", isDeleted: true), at: 0)
        }
      case .repeatedJunk:
        // The expert deletes the second copy with its leading space.
        let junk = pick(Self.repeatedJunk)
        tokens[index].append(Segment(text: " " + junk, isDeleted: false))
        tokens[index].append(Segment(text: " " + junk, isDeleted: true))
      case .cjkInlineJunk:
        break
      }
    }
    if allowAmbiguous && tokens.count >= 4 && chance(1, in: 3) {
      // The same token kept once and deleted once, each between two kept spaces.
      let token = pick(Self.ambiguousTokens)
      let first = rng.int(below: tokens.count - 2)
      let second = first + 2 + rng.int(below: tokens.count - first - 2)
      tokens.insert([Segment(text: token, isDeleted: true)], at: second)
      tokens.insert([Segment(text: token, isDeleted: false)], at: first + 1)
      madeAmbiguous = true
    }
    var segments = prefix
    for (index, token) in tokens.enumerated() {
      if index > 0 { segments.append(Segment(text: " ", isDeleted: false)) }
      segments += token
    }
    return segments
  }

  mutating func cjkLine(allowsJunk: Bool) -> [Segment] {
    var segments: [Segment] = []
    for index in 0..<(4 + rng.int(below: 10)) {
      let w = chance(1, in: 10) ? "Linux" : pick(Self.cjkWords)
      if allowsJunk && index > 0 && chance(1, in: 6) {
        lastOperations.insert(.cjkInlineJunk)
        if chance(1, in: 2) {
          segments.append(Segment(text: "[广告]", isDeleted: true))
        } else {
          segments.append(Segment(text: "<em>", isDeleted: true))
          segments.append(Segment(text: w, isDeleted: false))
          segments.append(Segment(text: "</em>", isDeleted: true))
          continue
        }
      }
      segments.append(Segment(text: w, isDeleted: false))
    }
    segments.append(Segment(text: "。", isDeleted: false))
    return segments
  }

  // MARK: Boilerplate lines (deleted whole)

  mutating func boilerplateLine(recentTitle: [String]) -> String {
    switch rng.int(below: 10) {
    case 0:
      var menu = Self.menuWords
      var chosen: [String] = []
      for _ in 0..<(3 + rng.int(below: 4)) where !menu.isEmpty {
        chosen.append(menu.remove(at: rng.int(below: menu.count)))
      }
      return chosen.joined(separator: " | ")
    case 1:
      let topic = recentTitle.isEmpty ? title() : recentTitle
      return "Previous topic: " + topic.prefix(1).joined() + " " + word()
    case 2:
      let topic = recentTitle.isEmpty ? title() : recentTitle
      return "Next: " + topic.suffix(2).joined(separator: ", ")
    case 3: return "Search [Go]"
    case 4: return "We use cookies to improve your experience. Accept | Decline"
    case 5: return "© \(2000 + rng.int(below: 25)) Example Corp. All rights reserved."
    case 6: return "Share on Facebook | Tweet | Email"
    case 7: return "Skip to main content"
    case 8: return pick(Self.repeatedJunk)
    default: return ""  // a blank line inside a boilerplate block
    }
  }

  // MARK: The case

  mutating func makeCase(seed: Int) -> PureDeletionCase {
    let sizeRoll = rng.int(below: 20)
    let targetLineCount: Int
    if sizeRoll < 2 {
      targetLineCount = 1
    } else if sizeRoll < 9 {
      targetLineCount = 2 + rng.int(below: 7)
    } else if sizeRoll < 17 {
      targetLineCount = 9 + rng.int(below: 32)
    } else {
      targetLineCount = 41 + rng.int(below: 40)
    }
    let allowsNonExpressible = chance(1, in: 4)
    let newlineStyle = rng.int(below: 5)  // 0-2 LF, 3 CRLF, 4 mixed
    let endsWithNewline = chance(17, in: 20)
    func terminator(_ rng: inout SplitMix64) -> String {
      switch newlineStyle {
      case 3: return "\r\n"
      case 4: return rng.int(below: 2) == 0 ? "\r\n" : "\n"
      default: return "\n"
      }
    }

    // Each document uses its own subset of the inline constructions.
    let operations = InlineOperation.allCases.filter { _ in chance(9, in: 20) }
    var lines: [GeneratedLine] = []
    var recentTitle: [String] = []
    var madeAmbiguous = false
    let deletesNothing = chance(1, in: 25)
    while lines.count < targetLineCount {
      let roll = rng.int(below: 10)
      if !deletesNothing && roll < 3 && targetLineCount > 1 {
        // A block of boilerplate lines.
        features.insert("boilerplate-lines")
        for _ in 0..<(1 + rng.int(below: 3)) {
          let text = boilerplateLine(recentTitle: recentTitle)
          lines.append(
            GeneratedLine(
              segments: text.isEmpty ? [] : [Segment(text: text, isDeleted: true)],
              terminator: terminator(&rng), isDeleted: true))
        }
      } else if roll == 3 && targetLineCount > 1 {
        lines.append(GeneratedLine(segments: [], terminator: terminator(&rng)))
      } else {
        var segments = contentLine(
          operations: deletesNothing ? [] : operations,
          allowAmbiguous: allowsNonExpressible && !deletesNothing, madeAmbiguous: &madeAmbiguous)
        if deletesNothing {
          segments = segments.filter { !$0.isDeleted }
        }
        let text = segments.map(\.text).joined()
        if text.hasPrefix("# ") || !text.contains(".") {
          recentTitle = text.split(separator: " ").map(String.init).filter { $0 != "#" }
        }
        lines.append(
          GeneratedLine(segments: segments, terminator: terminator(&rng), isContent: true))
      }
    }
    // A one-line document is one content line.
    if targetLineCount == 1 {
      lines = lines.filter(\.isContent)
      if lines.isEmpty {
        lines = [
          GeneratedLine(
            segments: [Segment(text: "Fallback text with a [ad] marker.", isDeleted: false)],
            terminator: "\n", isContent: true)
        ]
      }
      lines = [lines[0]]
    }
    if !endsWithNewline { lines[lines.count - 1].terminator = "" }

    // Line joins: the newline between two adjacent kept content lines.
    if allowsNonExpressible && !deletesNothing && lines.count >= 2 {
      for _ in 0..<(1 + rng.int(below: 2)) {
        let index = rng.int(below: lines.count - 1)
        let (a, b) = (lines[index], lines[index + 1])
        guard a.isContent, b.isContent, !a.isJoinedToNext,
          a.segments.last?.isDeleted == false, b.segments.first?.isDeleted == false
        else { continue }
        lines[index].isJoinedToNext = true
        features.insert("line-join")
      }
    }

    let original = lines.map { $0.text + $0.terminator }.joined()
    var refined = ""
    for line in lines where !line.isDeleted {
      refined += line.segments.filter { !$0.isDeleted }.map(\.text).joined()
      if !line.isJoinedToNext { refined += line.terminator }
    }
    let pieces = Self.classify(lines)

    // Several chunks for some documents: a small budget that still fits every line.
    var chunking = ChunkingOptions()
    if chance(7, in: 20) {
      let longest = lines.map { $0.text.unicodeScalars.count + 1 }.max() ?? 1
      chunking = ChunkingOptions(budget: .characters(max(longest, 80 + rng.int(below: 500))))
    }
    if deletesNothing { features = ["no-deletions"] }
    if original.contains("\r\n") { features.insert("crlf") }
    if !endsWithNewline { features.insert("no-final-newline") }
    let result = PureDeletionCase(
      seed: seed, original: original, refined: refined, pieces: pieces, chunking: chunking,
      features: features.sorted())
    let deleted =
      NormalizedText(original).string.unicodeScalars.count
      - NormalizedText(refined).string.unicodeScalars.count
    precondition(deleted == result.deletedScalarCount, "generator bug: \(result)")
    return result
  }

  /// The deleted pieces of `lines`, each classified by the expressibility rule.
  static func classify(_ lines: [GeneratedLine]) -> [PureDeletionCase.Piece] {
    var pieces: [PureDeletionCase.Piece] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      if line.isDeleted {
        var text = ""
        let first = index
        while index < lines.count && lines[index].isDeleted {
          text += lines[index].text + (lines[index].terminator.isEmpty ? "" : "\n")
          index += 1
        }
        // A last line without newline keeps the newline before it by being emptied.
        var last = index - 1
        var witness: [ProgramCall] = []
        if lines[last].terminator.isEmpty {
          if !lines[last].text.isEmpty {
            witness.append(.removeString(lineNumber: last + 1, text: lines[last].text))
          }
          last -= 1
        }
        if last >= first { witness.insert(.removeLines(first + 1...last + 1), at: 0) }
        pieces.append(
          .init(
            kind: .wholeLines, lineIndex: first, text: text, isExpressible: true,
            witness: witness))
        continue
      }
      // Runs of deleted scalars inside a kept line.
      let (scalars, runs) = deletedRuns(of: line.segments)
      for (runIndex, run) in runs.enumerated() {
        let lower = runIndex > 0 ? runs[runIndex - 1].upperBound : 0
        let upper = runIndex + 1 < runs.count ? runs[runIndex + 1].lowerBound : scalars.count
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[run])
        let slide = PureDeletionGenerator.uniqueSlide(of: run, in: scalars, limits: lower..<upper)
        var witness: [ProgramCall] = []
        if let slide {
          var slidText = ""
          slidText.unicodeScalars.append(contentsOf: scalars[slide])
          witness = [.removeString(lineNumber: index + 1, text: slidText)]
        }
        pieces.append(
          .init(
            kind: .inLine, lineIndex: index, text: text, isExpressible: slide != nil,
            witness: witness))
      }
      if line.isJoinedToNext {
        pieces.append(.init(kind: .lineJoin, lineIndex: index, text: "\n", isExpressible: false))
      }
      index += 1
    }
    return pieces
  }
}

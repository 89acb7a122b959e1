// Deterministic generator of web-like (original, refined) pairs with ground truth.
//
// The generator builds both texts side by side, so it knows exactly which bytes
// of the original it deleted and which bytes of the refined text it inserted.
// Everything is driven by a fixed-seed SplitMix64: the same case and index give
// the same pair on every machine and every run.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SplitMix64 (Steele, Lea, Flood 2014), the same generator the tests use.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<upperBound`.
  mutating func below(_ upperBound: Int) -> Int {
    Int(next() % UInt64(upperBound))
  }

  /// A uniform integer in `range`.
  mutating func within(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.count)
  }

  /// `true` with probability `probability`.
  mutating func chance(_ probability: Double) -> Bool {
    Double(next() >> 11) * 0x1p-53 < probability
  }

  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// One generated pair and its ground truth.
struct WebPair {
  /// A stable identifier such as `20k-0003`.
  var id: String
  /// The case name (`5k`, `20k`, `100k`, `1m`, `del50`, `rewrite`, `identical`).
  var caseName: String
  var original: [UInt8]
  var refined: [UInt8]
  /// Half-open UTF-8 byte ranges of `original` that the generator deleted, ascending, maximal.
  var deletedSpans: [Range<Int>]
  /// Half-open UTF-8 byte ranges of `refined` that the generator inserted, ascending, maximal.
  var insertedSpans: [Range<Int>]
}

/// Appends to the original and refined texts at once and records the edits.
private struct PairBuilder {
  var original: [UInt8] = []
  var refined: [UInt8] = []
  var deletedSpans: [Range<Int>] = []
  var insertedSpans: [Range<Int>] = []

  mutating func keep(_ bytes: [UInt8]) {
    original += bytes
    refined += bytes
  }

  mutating func delete(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    let start = original.count
    original += bytes
    if let last = deletedSpans.last, last.upperBound == start {
      deletedSpans[deletedSpans.count - 1] = last.lowerBound..<original.count
    } else {
      deletedSpans.append(start..<original.count)
    }
  }

  /// When set, insertions are dropped: the refined text is a pure deletion of the original
  /// (typo fixes become one-letter deletions, inserted words vanish).
  var dropsInsertions = false

  mutating func insert(_ bytes: [UInt8]) {
    guard !bytes.isEmpty, !dropsInsertions else { return }
    let start = refined.count
    refined += bytes
    if let last = insertedSpans.last, last.upperBound == start {
      insertedSpans[insertedSpans.count - 1] = last.lowerBound..<refined.count
    } else {
      insertedSpans.append(start..<refined.count)
    }
  }
}

/// One piece of a content line: text that is kept, deleted, or inserted.
private enum Piece {
  case keep([UInt8])
  case delete([UInt8])
  case insert([UInt8])
}

/// A line of the original document before refinement decisions.
private struct SourceLine {
  enum Role { case content, boilerplate, blank }
  var role: Role
  var pieces: [Piece]
}

/// Generates deterministic web-like pairs.
struct WebPairGenerator {
  /// All case names in the default order (smallest first).
  static let allCases = ["5k", "20k", "100k", "1m", "del50", "rewrite", "identical"]

  /// The default number of distinct pairs per case.
  static func defaultPairCount(caseName: String) -> Int {
    switch caseName {
    case "5k": return 40
    case "20k": return 20
    case "100k": return 6
    case "1m": return 2
    case "del50": return 10
    case "rewrite": return 4
    case "identical": return 3
    default: return 4
    }
  }

  /// The target original size in bytes for web-like cases.
  static func targetSize(caseName: String) -> Int? {
    switch caseName {
    case "5k": return 5_000
    case "20k": return 20_000
    case "100k": return 100_000
    case "1m": return 1_000_000
    case "del50", "rewrite": return 20_000
    default: return nil
    }
  }

  static let baseSeed: UInt64 = 0x5CA1_9E15_2025_0001

  let vocabulary: [[UInt8]]

  init() {
    vocabulary = WebPairGenerator.makeVocabulary()
  }

  /// Returns the pair number `index` of case `caseName`.
  func makePair(caseName: String, index: Int) -> WebPair {
    var caseHash: UInt64 = 1_469_598_103_934_665_603
    for byte in caseName.utf8 { caseHash = (caseHash ^ UInt64(byte)) &* 1_099_511_628_211 }
    var rng = SplitMix64(
      seed: WebPairGenerator.baseSeed ^ caseHash ^ (UInt64(index) &* 0x9E37_79B9))
    let id =
      caseName + "-" + String(repeating: "0", count: max(0, 4 - String(index).count))
      + String(index)
    var builder = PairBuilder()
    switch caseName {
    case "identical":
      makeIdentical(into: &builder, rng: &rng)
    case "rewrite":
      let size = WebPairGenerator.targetSize(caseName: caseName) ?? 20_000
      let first = sourceLines(targetSize: size, rng: &rng)
      let second = sourceLines(targetSize: size, rng: &rng)
      for line in first { builder.delete(originalBytes(of: line) + [0x0A]) }
      for line in second { builder.insert(originalBytes(of: line) + [0x0A]) }
    default:
      let size = WebPairGenerator.targetSize(caseName: caseName) ?? 20_000
      let lines = sourceLines(targetSize: size, rng: &rng)
      let fraction = caseName == "del50" ? 0.5 : 0.15
      refine(lines, deletedLineFraction: fraction, into: &builder, rng: &rng)
    }
    return WebPair(
      id: id, caseName: caseName, original: builder.original, refined: builder.refined,
      deletedSpans: builder.deletedSpans, insertedSpans: builder.insertedSpans)
  }

  /// One web-like pair of about `targetSize` original bytes (~15% of lines deleted, in-line
  /// junk, typos, inserted words: the `1m` case at any size), drawn from `seed`. The single
  /// records of `AlignmentBenchmark --emit-record` (Benchmarks/throughput.sh). With
  /// `pureDeletion`, the refined text only deletes (no typo fixes, no inserted words).
  func makeWebPair(targetSize: Int, seed: UInt64, pureDeletion: Bool = false) -> WebPair {
    var rng = SplitMix64(seed: WebPairGenerator.baseSeed ^ (seed &* 0x9E37_79B9_7F4A_7C15))
    var builder = PairBuilder()
    builder.dropsInsertions = pureDeletion
    let lines = sourceLines(targetSize: targetSize, rng: &rng)
    refine(lines, deletedLineFraction: 0.15, into: &builder, rng: &rng)
    return WebPair(
      id: "record-\(targetSize)-\(seed)", caseName: "record", original: builder.original,
      refined: builder.refined, deletedSpans: builder.deletedSpans,
      insertedSpans: builder.insertedSpans)
  }

  // MARK: Cases

  /// 10,000 lines, all the same except a page marker every 500 lines (so that
  /// trimming the common prefix and suffix alone does not solve it), with runs of
  /// 1–8 identical lines deleted.
  private func makeIdentical(into builder: inout PairBuilder, rng: inout SplitMix64) {
    let line = Array("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n".utf8)
    var lineIndex = 0
    while lineIndex < 10_000 {
      if lineIndex % 500 == 499 {
        builder.keep(Array("— page \(lineIndex / 500 + 1) —\n".utf8))
        lineIndex += 1
      } else if rng.chance(0.03) {
        let run = min(rng.within(1...8), 499 - lineIndex % 500)
        for _ in 0..<run { builder.delete(line) }
        lineIndex += run
      } else {
        builder.keep(line)
        lineIndex += 1
      }
    }
  }

  /// Decides which lines and spans the "expert" removes and emits both texts.
  private func refine(
    _ lines: [SourceLine], deletedLineFraction: Double, into builder: inout PairBuilder,
    rng: inout SplitMix64
  ) {
    var isDeleted = [Bool](repeating: false, count: lines.count)
    // Boilerplate mostly goes, in runs because boilerplate comes in blocks.
    for (i, line) in lines.enumerated() where line.role == .boilerplate {
      isDeleted[i] = rng.chance(0.85)
    }
    // Blank lines between two deleted lines go with them.
    for i in lines.indices where lines[i].role == .blank {
      if i > 0 && i + 1 < lines.count && isDeleted[i - 1] && isDeleted[i + 1] {
        isDeleted[i] = true
      }
    }
    // Then runs of content lines until the target share of lines is deleted.
    let target = Int(Double(lines.count) * deletedLineFraction)
    var deletedCount = isDeleted.filter { $0 }.count
    var attempts = 0
    while deletedCount < target && attempts < 100 * lines.count {
      attempts += 1
      let start = rng.below(lines.count)
      let run = rng.chance(0.5) ? 1 : rng.within(2...6)
      for i in start..<min(lines.count, start + run) where !isDeleted[i] {
        isDeleted[i] = true
        deletedCount += 1
      }
    }
    for (i, line) in lines.enumerated() {
      if isDeleted[i] {
        builder.delete(originalBytes(of: line) + [0x0A])
        continue
      }
      for piece in line.pieces {
        switch piece {
        case .keep(let bytes): builder.keep(bytes)
        case .delete(let bytes): builder.delete(bytes)
        case .insert(let bytes): builder.insert(bytes)
        }
      }
      builder.keep([0x0A])
    }
  }

  private func originalBytes(of line: SourceLine) -> [UInt8] {
    var bytes: [UInt8] = []
    for piece in line.pieces {
      switch piece {
      case .keep(let b), .delete(let b): bytes += b
      case .insert: break
      }
    }
    return bytes
  }

  // MARK: Documents

  /// Lines of a web page: header navigation, title, paragraphs with in-line junk,
  /// mid-page ads and cookie banners, lists, footer.
  private func sourceLines(targetSize: Int, rng: inout SplitMix64) -> [SourceLine] {
    var lines: [SourceLine] = []
    var size = 0
    func add(_ line: SourceLine) {
      lines.append(line)
      size += originalBytes(of: line).count + 1
    }
    func boiler(_ text: String) -> SourceLine {
      SourceLine(role: .boilerplate, pieces: [.keep(Array(text.utf8))])
    }
    let blank = SourceLine(role: .blank, pieces: [])
    var footer: [SourceLine] = []
    for text in WebPairGenerator.footerLines where rng.chance(0.6) { footer.append(boiler(text)) }
    footer.append(
      boiler("© \(rng.within(2009...2025)) \(titleCase(word(&rng))) Media. All rights reserved."))
    let footerSize = footer.reduce(0) { $0 + originalBytes(of: $1).count + 1 }

    for text in WebPairGenerator.navigationLines where rng.chance(0.5) { add(boiler(text)) }
    add(SourceLine(role: .content, pieces: [.keep(Array(title(&rng).utf8))]))
    if rng.chance(0.7) {
      let byline =
        "Posted by \(titleCase(word(&rng))) on \(rng.pick(WebPairGenerator.months)) "
        + "\(rng.within(1...28)), \(rng.within(2009...2025)) · \(rng.within(2...15)) min read"
      add(boiler(byline))
    }
    add(blank)
    while size + footerSize < targetSize {
      let roll = rng.below(100)
      if roll < 70 {
        add(paragraph(&rng))
        if rng.chance(0.5) { add(blank) }
      } else if roll < 80 {
        let count = rng.within(2...5)
        let numbered = rng.chance(0.4)
        for k in 1...count {
          let marker = numbered ? "\(k). " : rng.pick(["- ", "* ", "• "])
          var line = paragraph(&rng, sentences: 1, maxBytes: 90)
          line.pieces.insert(.keep(Array(marker.utf8)), at: 0)
          add(line)
        }
        add(blank)
      } else if roll < 86 {
        add(SourceLine(role: .content, pieces: [.keep(Array(title(&rng).utf8))]))
      } else {
        let text = rng.pick(WebPairGenerator.midPageJunk)
        if text.contains("%w") {
          var filled = ""
          for part in text.split(separator: "%", omittingEmptySubsequences: false) {
            if part.hasPrefix("w") {
              filled += titleCase(word(&rng)) + " " + word(&rng) + part.dropFirst()
            } else {
              filled += part
            }
          }
          add(boiler(filled))
        } else {
          add(boiler(text))
        }
      }
    }
    add(blank)
    for line in footer { add(line) }
    return lines
  }

  /// A content paragraph of 40–300 bytes (before junk) with in-line edits.
  private func paragraph(
    _ rng: inout SplitMix64, sentences: Int? = nil, maxBytes: Int = 300
  ) -> SourceLine {
    let targetBytes = rng.within(40...maxBytes)
    var words: [[UInt8]] = []
    var bytes = 0
    var sentenceStart = true
    var sentenceCount = 0
    var wordsInSentence = 0
    while true {
      var w = Array(word(&rng).utf8)
      if sentenceStart {
        w = Array(titleCase(String(decoding: w, as: UTF8.self)).utf8)
        sentenceStart = false
      }
      wordsInSentence += 1
      let endSentence = wordsInSentence >= 4 && rng.chance(0.12)
      if endSentence {
        w += Array(rng.pick([".", ".", ".", "!", "?", "…"]).utf8)
        sentenceStart = true
        sentenceCount += 1
        wordsInSentence = 0
      } else if rng.chance(0.07) {
        w += Array(rng.pick([",", ",", ";", ":", " —", " –"]).utf8)
      }
      words.append(w)
      bytes += w.count + 1
      if let sentences, sentenceCount >= sentences { break }
      if bytes >= targetBytes && sentenceStart { break }
      if bytes >= targetBytes + 80 {
        words[words.count - 1] += [UInt8(ascii: ".")]
        break
      }
    }
    if rng.chance(0.05), words.count > 3 {
      let quoteStart = rng.below(words.count - 2)
      words[quoteStart] = Array("“".utf8) + words[quoteStart]
      words[quoteStart + 1] += Array("”".utf8)
    }
    // In-line edits: junk spans deleted (mostly), one typo fixed, one word inserted.
    var pieces: [Piece] = []
    var junkSlots = Set<Int>()
    if rng.chance(0.12) { junkSlots.insert(rng.below(words.count)) }
    if rng.chance(0.04) { junkSlots.insert(rng.below(words.count)) }
    let typoWord = rng.chance(0.06) ? rng.below(words.count) : -1
    let insertAfter = rng.chance(0.04) ? rng.below(words.count) : -1
    for (k, w) in words.enumerated() {
      if junkSlots.contains(k) {
        let junk = Array(rng.pick(WebPairGenerator.inlineJunk).utf8)
        if rng.chance(0.9) { pieces.append(.delete(junk)) } else { pieces.append(.keep(junk)) }
      }
      if k == typoWord, let (position, letter) = typoPosition(in: w, rng: &rng) {
        pieces.append(.keep(Array(w[..<position])))
        pieces.append(.delete([letter]))
        pieces.append(.insert([w[position]]))
        pieces.append(.keep(Array(w[(position + 1)...])))
      } else {
        pieces.append(.keep(w))
      }
      if k == insertAfter {
        pieces.append(.insert([UInt8(ascii: " ")] + Array(word(&rng).utf8)))
      }
      if k + 1 < words.count { pieces.append(.keep([UInt8(ascii: " ")])) }
    }
    return SourceLine(role: .content, pieces: pieces)
  }

  /// Picks an ASCII letter inside `word` and a different letter to stand in for it.
  private func typoPosition(in word: [UInt8], rng: inout SplitMix64) -> (Int, UInt8)? {
    let candidates = word.indices.filter { word[$0] >= 0x61 && word[$0] <= 0x7A }
    guard candidates.count >= 3 else { return nil }
    let position = candidates[rng.below(candidates.count)]
    var letter = UInt8(0x61 + rng.below(26))
    while letter == word[position]
      || (position > 0 && word[position - 1] == letter)
      || (position + 1 < word.count && word[position + 1] == letter)
    {
      letter = UInt8(0x61 + rng.below(26))
    }
    return (position, letter)
  }

  private func title(_ rng: inout SplitMix64) -> String {
    let count = rng.within(3...9)
    var parts: [String] = []
    for _ in 0..<count { parts.append(titleCase(word(&rng))) }
    return parts.joined(separator: " ")
  }

  /// A word drawn with a Zipf-like (log-uniform rank) distribution.
  private func word(_ rng: inout SplitMix64) -> String {
    let u = Double(rng.next() >> 11) * 0x1p-53
    let rank = Int(pow(Double(vocabulary.count), u)) - 1
    return String(decoding: vocabulary[min(max(rank, 0), vocabulary.count - 1)], as: UTF8.self)
  }

  private func titleCase(_ word: String) -> String {
    var bytes = Array(word.utf8)
    if let first = bytes.first, first >= 0x61 && first <= 0x7A { bytes[0] = first - 32 }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: Vocabulary

  private static func makeVocabulary() -> [[UInt8]] {
    var words: [String] = commonWords
    var rng = SplitMix64(seed: 0x0DDB_A11_5EED)
    let onsets = [
      "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
      "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "st", "str", "th", "tr", "",
    ]
    let nuclei = ["a", "e", "i", "o", "u", "ea", "ai", "ou", "io", "ee", "oo", "y"]
    let codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "rt", "nt", "x"]
    let suffixes = ["", "", "", "s", "ed", "ing", "er", "ly", "tion", "ness", "ment", "able"]
    var seen = Set(words)
    while words.count < 3_000 {
      let syllables = rng.chance(0.15) ? 3 : rng.within(1...2)
      var w = ""
      for _ in 0..<syllables {
        w +=
          onsets[rng.below(onsets.count)] + nuclei[rng.below(nuclei.count)]
          + codas[rng.below(codas.count)]
      }
      w += suffixes[rng.below(suffixes.count)]
      if w.count >= 2 && !seen.contains(w) {
        seen.insert(w)
        words.append(w)
      }
    }
    // Multibyte words spread over the ranks so they show up now and then.
    for (k, w) in multibyteWords.enumerated() {
      let position = min(words.count, 40 + k * 53)
      words.insert(w, at: position)
    }
    return words.map { Array($0.utf8) }
  }

  static let commonWords = [
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an",
    "had",
    "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if",
    "more", "when", "will", "would", "who", "so", "no", "she", "other", "its", "may", "these",
    "about", "into", "than", "some", "could", "them", "what", "only", "time", "new", "people",
    "many", "also", "most", "first", "year", "after", "over", "two", "such", "between", "used",
    "through", "make", "how", "each", "state", "world", "where", "water", "should", "system",
    "well", "because", "made", "life", "long", "work", "part", "number", "high", "different",
    "small", "large", "during", "without", "against", "another", "place", "still", "since",
    "information", "development", "government", "research", "important", "example", "health",
    "school", "family", "business", "community", "service", "market", "history", "energy",
    "university", "technology", "software", "data", "model", "language", "training", "article",
    "process", "support", "report", "company", "program", "problem", "question", "result",
    "study", "student", "teacher", "children", "city", "country", "river", "mountain", "recipe",
    "chicken", "garden", "travel", "hotel", "music", "album", "season", "player", "team", "game",
    "science", "physics", "chemistry", "biology", "climate", "weather", "policy", "economy",
    "price", "product", "design", "quality", "customer", "website", "online", "email", "phone",
    "computer", "network", "security", "privacy", "account", "review", "guide", "tutorial",
    "however", "therefore", "although", "because", "whether", "usually", "often", "always",
    "never", "already", "really", "simply", "quickly", "easily", "today", "tomorrow", "yesterday",
    "good", "great", "best", "better", "free", "full", "easy", "hard", "open", "public", "local",
    "national", "international", "social", "political", "medical", "financial", "digital",
  ]

  static let multibyteWords = [
    "café", "naïve", "résumé", "Zürich", "São Paulo", "façade", "jalapeño", "Ångström", "10 €",
    "20 °C", "3×4", "Москва", "東京", "🙂", "👍", "coöperate", "Malmö", "Kraków", "piñata",
    "Ελλάδα", "100 µm", "über", "naïveté", "déjà vu", "smörgåsbord", "crème brûlée",
  ]

  static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  static let navigationLines = [
    "Skip to main content", "Home | About | Contact | Blog | Shop", "Menu", "Search…",
    "Sign in / Register", "Home » News » Technology", "Toggle navigation",
    "We use cookies to improve your experience. By continuing you agree to our Cookie Policy. Accept",
  ]

  static let midPageJunk = [
    "Advertisement", "ADVERTISEMENT", "Related: %w", "Share this: Facebook Twitter Email",
    "Read more »", "Subscribe to our newsletter!", "Continue reading below",
    "Click here to download the free PDF", "Sponsored content", "Image: %w / Getty Images",
    "This site uses cookies. Learn more.", "Loading…", "Comments (0)",
  ]

  static let footerLines = [
    "Tags: news, technology, science", "Privacy Policy | Terms of Use | Sitemap",
    "Follow us on Facebook, Twitter and Instagram", "Leave a Reply", "Cancel reply",
    "Your email address will not be published.", "Back to top ↑", "Powered by WordPress",
  ]

  static let inlineJunk = [
    "[ad] ", "Click here! ", "&nbsp;", "(Advertisement) ", "[citation needed] ", "Read more » ",
    "[1] ", "&amp; ",
  ]
}

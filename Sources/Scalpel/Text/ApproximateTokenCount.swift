/// An estimate of how many tokens a Qwen-family tokenizer (Qwen2.5, Qwen3: the
/// RefineX models) makes of a text, from its UTF-8 bytes alone.
///
/// Every Unicode scalar belongs to one ``ScriptClass``. A text costs, in
/// milli-tokens, a weight per scalar of each class plus a weight per *run start*
/// of each class: a scalar whose previous scalar is of another class (ASCII
/// letters and Latin letters count as one class for runs, so `café` is one run).
/// Run starts stand for word starts, where BPE tokens begin. The estimate is the
/// sum rounded up to whole tokens.
///
/// The weights are fitted, by non-negative least squares on relative error,
/// against the Qwen tokenizer (`qwen.tiktoken`, the vocabulary shared by Qwen2,
/// Qwen2.5 and Qwen3) on a multilingual sample: `Benchmarks/token-estimate.sh`,
/// figures in `Benchmarks/results/token-estimate.md`.
///
/// The estimate is **subadditive**: splitting a text into parts and adding the
/// parts' milli-tokens never gives less than the whole, because a part starts a
/// run where the whole may continue one, and no weight is negative. ``Chunker``
/// relies on this to bound a rendered prompt by the sum of its pieces.
public enum ApproximateTokenCount {
  /// The classes of Unicode scalars that tokenize alike.
  public enum ScriptClass: Int, Sendable, CaseIterable {
    /// `A`–`Z`, `a`–`z`.
    case asciiLetter
    /// `0`–`9` (Qwen splits numbers into single digits).
    case asciiDigit
    /// Space and tab.
    case space
    /// Line feed and carriage return.
    case newline
    /// The other ASCII bytes: punctuation, symbols, control characters.
    case asciiPunctuation
    /// Latin-1 Supplement, Latin Extended-A/B, IPA, Latin Extended Additional.
    case latin
    /// Cyrillic.
    case cyrillic
    /// Greek (Qwen's vocabulary holds far fewer Greek than Cyrillic tokens).
    case greek
    /// Hebrew, Arabic and their presentation forms.
    case arabicHebrew
    /// Indic scripts (Devanagari … Sinhala, U+0900…U+0DFF).
    case indic
    /// Thai, Lao, Myanmar and Khmer, written without spaces between words.
    case southeastAsian
    /// CJK ideographs, including extensions and compatibility ideographs.
    case cjkIdeograph
    /// Hiragana, katakana and half-width katakana.
    case kana
    /// Hangul syllables and jamo.
    case hangul
    /// Emoji and pictographs (U+1F000…U+1FAFF, U+2600…U+27BF).
    case emoji
    /// Every other scalar: other scripts, general and CJK punctuation, symbols.
    case other

    /// The class whose runs this class continues.
    var runClass: ScriptClass { self == .latin ? .asciiLetter : self }
  }

  /// Milli-tokens per scalar, by ``ScriptClass`` raw value.
  static let scalarWeights: [Int] = [
    // asciiLetter, asciiDigit, space, newline, asciiPunctuation, latin, cyrillic, greek,
    107, 1000, 58, 161, 703, 216, 84, 932,
    // arabicHebrew, indic, southeastAsian, cjkIdeograph, kana, hangul, emoji, other
    0, 1075, 523, 978, 459, 17, 657, 504,
  ]
  /// Milli-tokens per run start, by ``ScriptClass`` raw value.
  static let runWeights: [Int] = [
    231, 0, 277, 1372, 0, 335, 479, 0,
    708, 0, 0, 0, 213, 1121, 1367, 0,
  ]

  /// The milli-tokens of the bytes `range` of `bytes`, which must be valid UTF-8.
  ///
  /// One pass over the bytes: an ASCII byte's class comes from a table, other scalars are
  /// decoded in place; nothing is allocated.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `range`.
  public static func milliTokens(of bytes: [UInt8], in range: Range<Int>) -> Int {
    bytes.withUnsafeBufferPointer { milliTokens(of: $0, in: range) }
  }

  /// ``milliTokens(of:in:)`` over a buffer.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `range`.
  package static func milliTokens(of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>)
    -> Int
  {
    var run = Run()
    run.add(bytes, in: range)
    return run.milliTokens
  }

  /// The milli-tokens of a text given in consecutive pieces.
  ///
  /// Adding the pieces one after another gives exactly ``milliTokens(of:in:)`` of their
  /// concatenation, because the run class of the last scalar is carried from one piece to
  /// the next. Each piece must be valid UTF-8 on its own (the text cut at scalar boundaries).
  package struct Run {
    /// The milli-tokens of the pieces added so far.
    package private(set) var milliTokens = 0
    /// The row of `asciiCosts` for the next ASCII byte.
    ///
    /// It is (run class of the last scalar + 1) · 128, and 0 before the first scalar.
    private var costRow = 0

    /// Starts a text with no pieces.
    package init() {}

    /// The number of values of ``state``.
    package static let stateCount = ScriptClass.allCases.count + 1

    /// What the next piece's milli-tokens depend on, in `0..<stateCount`: the run class of
    /// the last scalar + 1, and 0 before the first scalar.
    package var state: Int { costRow &>> 7 }

    /// Starts counting after a text that left the run in `state` (``state``), with no
    /// milli-tokens so far.
    package init(state: Int) {
      precondition(state >= 0 && state < Self.stateCount)
      costRow = state &* 128
    }

    /// Adds a piece already counted: `milliTokens` from this run's ``state``, leaving the
    /// run in `state`.
    package mutating func add(milliTokens: Int, leavingState state: Int) {
      self.milliTokens &+= milliTokens
      costRow = state &* 128
    }

    /// Adds the bytes `range` of `bytes`, which must be valid UTF-8.
    ///
    /// An ASCII byte's cost and next row come from a table; after an ASCII byte, eight ASCII
    /// bytes at a time are costed from the byte pair table (``pairCosts``), each pair
    /// independently of the others; other scalars are decoded in place; nothing is allocated.
    ///
    /// - Complexity: O(*n*), where *n* is the length of `range`.
    package mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) {
      precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
      guard let base = bytes.baseAddress, !range.isEmpty else { return }
      var total = milliTokens
      var row = costRow
      ApproximateTokenCount.asciiCosts.withUnsafeBufferPointer { asciiCosts in
        ApproximateTokenCount.pairCosts.withUnsafeBufferPointer { pairCosts in
          ApproximateTokenCount.classWeights.withUnsafeBufferPointer { weights in
            var offset = range.lowerBound
            let end = range.upperBound
            // Whether the byte before `offset` is an ASCII byte of this range, `row` its row.
            var followsASCII = false
            while offset < end {
              if followsASCII {
                // Eight ASCII bytes: eight pair-table steps, no other test.
                let wordsStart = offset
                while offset &+ 8 <= end {
                  let cost = ApproximateTokenCount.countEightASCII(at: base + offset, pairCosts)
                  if cost >= ApproximateTokenCount.otherByteFlag { break }
                  total &+= cost
                  offset &+= 8
                }
                if offset != wordsStart { row = asciiCosts[Int(base[offset &- 1])] & 0xFFFF }
                guard offset < end else { break }
              }
              let lead = base[offset]
              if lead < 0x80 {
                let cost = asciiCosts[row &+ Int(lead)]
                total &+= cost &>> 16
                row = cost & 0xFFFF
                offset &+= 1
                followsASCII = true
                continue
              }
              let (value, next) = ApproximateTokenCount.decodeNonASCII(
                bytes, at: offset, end: end)
              offset = next
              ApproximateTokenCount.countNonASCII(value, total: &total, row: &row, weights)
              followsASCII = false
            }
          }
        }
      }
      milliTokens = total
      costRow = row
    }

    /// Adds valid UTF-8 `bytes` as ``add(_:in:)`` does and writes them escaped as JSON string
    /// content, as ``JSONWriter/writeEscaped(_:to:)`` writes them, to `destination`, which
    /// has room for 6 bytes per byte of `bytes`; returns the number of bytes written.
    ///
    /// One pass over the bytes: after an ASCII byte, eight ASCII bytes that need no escape are
    /// counted from the byte pair table and copied as one word; any other scalar is counted
    /// alone, and copied, or escaped by `JSONWriter`, alone (escaping a concatenation of
    /// scalars gives the concatenation of their escapes).
    ///
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    package mutating func addEscaping(
      _ bytes: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
      guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
      var total = milliTokens
      var row = costRow
      var written = 0
      ApproximateTokenCount.asciiCosts.withUnsafeBufferPointer { asciiCosts in
        ApproximateTokenCount.escapingPairCosts.withUnsafeBufferPointer { pairCosts in
          ApproximateTokenCount.classWeights.withUnsafeBufferPointer { weights in
            var offset = 0
            let end = bytes.count
            // Whether the byte before `offset` is an ASCII byte of `bytes`, `row` its row.
            var followsASCII = false
            while offset < end {
              if followsASCII {
                let wordsStart = offset
                while offset &+ 8 <= end {
                  // The table flags a non-ASCII byte, a byte below 0x20, `"` and `\`: the
                  // eight bytes are copied as they are only without a flag.
                  let cost = ApproximateTokenCount.countEightASCII(at: base + offset, pairCosts)
                  if cost >= ApproximateTokenCount.otherByteFlag { break }
                  let raw = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                  UnsafeMutableRawPointer(destination + written).storeBytes(
                    of: raw, as: UInt64.self)
                  total &+= cost
                  offset &+= 8
                  written &+= 8
                }
                if offset != wordsStart { row = asciiCosts[Int(base[offset &- 1])] & 0xFFFF }
                guard offset < end else { break }
              }
              let lead = base[offset]
              if lead < 0x80 {
                let cost = asciiCosts[row &+ Int(lead)]
                total &+= cost &>> 16
                row = cost & 0xFFFF
                if lead < 0x20 || lead == UInt8(ascii: "\"") || lead == UInt8(ascii: "\\") {
                  written &+= JSONWriter.writeEscaped(
                    UnsafeBufferPointer(rebasing: bytes[offset..<offset &+ 1]),
                    to: destination + written)
                } else {
                  destination[written] = lead
                  written &+= 1
                }
                offset &+= 1
                followsASCII = true
                continue
              }
              let (value, next) = ApproximateTokenCount.decodeNonASCII(
                bytes, at: offset, end: end)
              ApproximateTokenCount.countNonASCII(value, total: &total, row: &row, weights)
              if lead == 0xE2 || lead == 0xEF {
                // U+2028, U+2029 and U+FEFF are escaped.
                written &+= JSONWriter.writeEscaped(
                  UnsafeBufferPointer(rebasing: bytes[offset..<next]), to: destination + written)
              } else {
                (destination + written).update(from: base + offset, count: next &- offset)
                written &+= next &- offset
              }
              offset = next
              followsASCII = false
            }
          }
        }
      }
      milliTokens = total
      costRow = row
      return written
    }
  }

  /// The milli-tokens of the eight bytes at `bytes`, whose previous byte, at `bytes - 1`, is
  /// ASCII: each byte's cost after its predecessor, from `pairCosts` (``pairCosts`` or
  /// ``escapingPairCosts``), or at least ``otherByteFlag`` when the table flags one of them.
  /// The eight loads are independent (no chain through the run state), and the row after
  /// them is that of the last byte alone.
  @inline(__always)
  private static func countEightASCII(
    at bytes: UnsafePointer<UInt8>, _ pairCosts: UnsafeBufferPointer<UInt16>
  ) -> Int {
    let pairs = UnsafeRawPointer(bytes - 1)
    var sum = 0
    for index in 0..<8 {
      // The low byte is the previous one, the high byte the byte counted.
      let pair = UInt16(littleEndian: pairs.loadUnaligned(fromByteOffset: index, as: UInt16.self))
      sum &+= Int(pairCosts[Int(pair)])
    }
    return sum
  }

  /// Adds the milli-tokens of the non-ASCII scalar `value` after the run of `row` to
  /// `total` and moves `row` to the scalar's run (Latin letters continue an ASCII word).
  @inline(__always)
  private static func countNonASCII(
    _ value: UInt32, total: inout Int, row: inout Int,
    _ weights: UnsafeBufferPointer<(scalar: Int, run: Int)>
  ) {
    let scalarClass = nonASCIIClass(value).rawValue
    let weight = weights[scalarClass]
    total &+= weight.scalar
    let runClass =
      scalarClass == ScriptClass.latin.rawValue ? ScriptClass.asciiLetter.rawValue : scalarClass
    let runRow = (runClass &+ 1) &* 128
    if runRow != row {
      total &+= weight.run
      row = runRow
    }
  }

  /// What an ASCII byte costs after a scalar of run class *p* (−1 at the start): at index
  /// (*p* + 1) · 128 + byte, its milli-tokens (scalar weight, plus run weight when it
  /// starts a run) shifted left by 16, or'd with the row of its own run class,
  /// (run class + 1) · 128.
  private static let asciiCosts: [Int] = (-1..<ScriptClass.allCases.count).flatMap {
    previousRunClass in
    (0..<128).map { byte -> Int in
      let scalarClass = asciiClass(UInt8(byte))
      let runClass = scalarClass.runClass.rawValue
      var cost = scalarWeights[scalarClass.rawValue]
      if runClass != previousRunClass { cost += runWeights[scalarClass.rawValue] }
      return cost << 16 | (runClass + 1) * 128
    }
  }

  /// A byte pair cost that marks a byte the table does not cost; eight pair costs without it
  /// sum to less (at most 8 · 1,533).
  static let otherByteFlag = 0x8000

  /// What a byte costs after an ASCII byte: at index previous | byte << 8, the milli-tokens of
  /// ``asciiCosts`` at the previous byte's row and `byte`, when `byte` is ASCII; every other
  /// entry is ``otherByteFlag`` (a previous byte above 0x7F has its own pair flagged, before).
  private static let pairCosts = makePairCosts { $0 < 0x80 }

  /// ``pairCosts`` that also flags the bytes below 0x20 (newlines, tabs, control bytes), `"`
  /// and `\`: those that end a stretch of bytes copied as they are by
  /// ``Run/addEscaping(_:to:)``.
  private static let escapingPairCosts = makePairCosts {
    $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
  }

  /// A byte pair table that costs the bytes `isCosted` accepts (ASCII bytes only) and flags
  /// the others.
  private static func makePairCosts(_ isCosted: (UInt8) -> Bool) -> [UInt16] {
    var costs = [UInt16](repeating: UInt16(otherByteFlag), count: 1 << 16)
    for previous in 0..<128 {
      let row = asciiCosts[previous] & 0xFFFF
      for byte in 0..<128 where isCosted(UInt8(byte)) {
        costs[previous | byte << 8] = UInt16(asciiCosts[row + byte] >> 16)
      }
    }
    return costs
  }

  /// ``scalarWeights`` and ``runWeights`` side by side, by ``ScriptClass`` raw value.
  private static let classWeights: [(scalar: Int, run: Int)] = Array(
    zip(scalarWeights, runWeights).map { (scalar: $0, run: $1) })

  /// The milli-tokens of `text`.
  ///
  /// - Complexity: O(*n*), where *n* is the size of `text` in bytes.
  public static func milliTokens(of text: String) -> Int {
    var text = text
    return text.withUTF8 { milliTokens(of: $0, in: 0..<$0.count) }
  }

  /// The approximate number of tokens of `text`: its milli-tokens rounded up.
  ///
  ///     ApproximateTokenCount.tokens(of: "Hello, world!")   // about 4
  ///
  /// - Complexity: O(*n*), where *n* is the size of `text` in bytes.
  public static func tokens(of text: String) -> Int {
    wholeTokens(milliTokens(of: text))
  }

  /// `milliTokens` rounded up to whole tokens.
  public static func wholeTokens(_ milliTokens: Int) -> Int {
    milliTokens <= 0 ? 0 : (milliTokens + 999) / 1000
  }

  /// The per-class counts the estimate is made of: scalars of each class, then run
  /// starts of each class (2 × ``ScriptClass/allCases`` counts), for fitting the weights.
  ///
  /// - Complexity: O(*n*), where *n* is the length of `range`.
  package static func features(of bytes: [UInt8], in range: Range<Int>) -> [Int] {
    let classCount = ScriptClass.allCases.count
    var counts = [Int](repeating: 0, count: 2 * classCount)
    bytes.withUnsafeBufferPointer { buffer in
      forEachScalar(buffer, range) { scalarClass, isRunStart in
        counts[scalarClass.rawValue] += 1
        if isRunStart { counts[classCount + scalarClass.rawValue] += 1 }
      }
    }
    return counts
  }

  /// Decodes the scalar whose non-ASCII lead byte is at `offset`, reading no further
  /// than `end`: its value and the offset after it. A stray continuation byte is one
  /// scalar, U+FFFD (not valid UTF-8, counted all the same).
  @inline(__always)
  private static func decodeNonASCII(
    _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int
  ) -> (value: UInt32, next: Int) {
    let lead = bytes[offset]
    var value = UInt32(lead)
    var length = 1
    if lead >= 0xF0 {
      value &= 0x07
      length = 4
    } else if lead >= 0xE0 {
      value &= 0x0F
      length = 3
    } else if lead >= 0xC0 {
      value &= 0x1F
      length = 2
    } else {
      value = 0xFFFD
    }
    var next = offset &+ 1
    let limit = min(end, offset &+ length)
    while next < limit && bytes[next] & 0xC0 == 0x80 {
      value = value << 6 | UInt32(bytes[next] & 0x3F)
      next &+= 1
    }
    return (value, next)
  }

  /// Calls `body` with the class of every scalar of `range` and whether it starts a run.
  @inline(__always)
  private static func forEachScalar(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
    _ body: (ScriptClass, Bool) -> Void
  ) {
    var offset = range.lowerBound
    let end = range.upperBound
    var previousRunClass: ScriptClass? = nil
    while offset < end {
      let lead = bytes[offset]
      let scalarClass: ScriptClass
      if lead < 0x80 {
        scalarClass = asciiClass(lead)
        offset &+= 1
      } else {
        let (value, next) = decodeNonASCII(bytes, at: offset, end: end)
        offset = next
        scalarClass = nonASCIIClass(value)
      }
      let runClass = scalarClass.runClass
      body(scalarClass, runClass != previousRunClass)
      previousRunClass = runClass
    }
  }

  @inline(__always)
  private static func asciiClass(_ byte: UInt8) -> ScriptClass {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return .asciiLetter
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return .asciiDigit
    case UInt8(ascii: " "), UInt8(ascii: "\t"): return .space
    case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return .newline
    default: return .asciiPunctuation
    }
  }

  @inline(__always)
  private static func nonASCIIClass(_ value: UInt32) -> ScriptClass {
    switch value {
    case 0x00C0...0x024F, 0x0250...0x02AF, 0x1E00...0x1EFF: return .latin
    case 0x0400...0x052F: return .cyrillic
    case 0x0370...0x03FF, 0x1F00...0x1FFF: return .greek
    case 0x0590...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF:
      return .arabicHebrew
    case 0x0900...0x0DFF: return .indic
    case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return .southeastAsian
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
      return .cjkIdeograph
    case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .kana
    case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
    case 0x1F000...0x1FAFF, 0x2600...0x27BF: return .emoji
    default: return .other
    }
  }
}

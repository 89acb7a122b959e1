#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-level "does TEXT occur exactly once in this line" search, shared by
/// everything that must agree with ``ProgramExecutor`` on `remove_str` uniqueness.
///
/// Matching is on UTF-8 bytes, never on `String` (whose comparisons use
/// canonical equivalence). Overlapping occurrences count: `"aa"` starts twice
/// in `"aaa"`. A match of valid UTF-8 inside valid UTF-8 always starts and ends
/// on scalar boundaries, because UTF-8 is self-synchronising.
enum LineSearch {
  /// How often a pattern starts in a line: never, at one offset, or at several.
  enum Occurrence: Equatable {
    case none
    case unique(utf8Offset: Int)
    case multiple
  }

  /// Finds whether `pattern` starts at zero, one or several offsets of `bytes[range]`.
  ///
  /// Uses Knuth–Morris–Pratt and stops at the second occurrence.
  ///
  /// - Returns: For a unique match, its absolute offset into `bytes`; an empty
  ///   pattern gives `.none`.
  /// - Complexity: O(*n* + *k*) time and O(*k*) space, where *n* is
  ///   `range.count` and *k* is `pattern.count`.
  static func occurrence(of pattern: [UInt8], in bytes: [UInt8], range: Range<Int>) -> Occurrence {
    pattern.withUnsafeBufferPointer { pattern in
      bytes.withUnsafeBufferPointer { bytes in
        occurrence(of: pattern, in: bytes, range: range)
      }
    }
  }

  /// ``occurrence(of:in:range:)`` of the pattern `bytes[patternRange]`, without copying it.
  ///
  /// - Complexity: O(*n* + *k*), where *n* is `range.count` and *k* is `patternRange.count`.
  static func occurrence(ofBytesAt patternRange: Range<Int>, in bytes: [UInt8], range: Range<Int>)
    -> Occurrence
  {
    bytes.withUnsafeBufferPointer { bytes in
      occurrence(of: UnsafeBufferPointer(rebasing: bytes[patternRange]), in: bytes, range: range)
    }
  }

  /// Finds whether `pattern` starts at zero, one or several offsets of `bytes[range]`.
  ///
  /// Candidates are the offsets of the pattern's first byte, found with `memchr`, each
  /// checked with `memcmp`; when the checks exceed a budget linear in the input (many
  /// near-matches, as in `aaa…ab` against `aaa…a`), the search restarts with
  /// Knuth–Morris–Pratt, so the answer is the same and the time stays linear.
  ///
  /// - Complexity: O(*n* + *k*), where *n* is `range.count` and *k* is `pattern.count`.
  static func occurrence(
    of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>,
    range: Range<Int>
  ) -> Occurrence {
    let patternCount = pattern.count
    guard patternCount > 0, patternCount <= range.count, let patternBase = pattern.baseAddress,
      let base = bytes.baseAddress
    else { return .none }
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    let firstByte = Int32(pattern[0])
    var budget = 4 * (range.count + patternCount) + 64
    var start = range.lowerBound
    let lastStart = range.upperBound - patternCount
    var firstStart = -1
    while start <= lastStart,
      let found = memchr(base + start, firstByte, lastStart - start + 1)
    {
      let candidate = UnsafeRawPointer(found) - UnsafeRawPointer(base)
      budget -= patternCount
      if budget < 0 { return knuthMorrisPrattOccurrence(of: pattern, in: bytes, range: range) }
      if memcmp(base + candidate, patternBase, patternCount) == 0 {
        if firstStart >= 0 { return .multiple }
        firstStart = candidate
      }
      start = candidate + 1
    }
    return firstStart >= 0 ? .unique(utf8Offset: firstStart) : .none
  }

  /// ``occurrence(of:in:range:)`` by Knuth–Morris–Pratt, stopping at the second occurrence.
  ///
  /// - Complexity: O(*n* + *k*) time and O(*k*) space.
  static func knuthMorrisPrattOccurrence(
    of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>,
    range: Range<Int>
  ) -> Occurrence {
    let patternCount = pattern.count
    guard patternCount > 0, patternCount <= range.count else { return .none }
    // failure[i]: length of the longest proper border of pattern[0...i].
    var failure = [Int](repeating: 0, count: patternCount)
    var border = 0
    for position in 1..<patternCount {
      while border > 0 && pattern[position] != pattern[border] { border = failure[border - 1] }
      if pattern[position] == pattern[border] { border += 1 }
      failure[position] = border
    }
    var matched = 0
    var firstStart = -1
    for offset in range {
      let byte = bytes[offset]
      while matched > 0 && pattern[matched] != byte { matched = failure[matched - 1] }
      if pattern[matched] == byte { matched += 1 }
      if matched == patternCount {
        if firstStart >= 0 { return .multiple }
        firstStart = offset - patternCount + 1
        matched = failure[patternCount - 1]
      }
    }
    return firstStart >= 0 ? .unique(utf8Offset: firstStart) : .none
  }

  /// A suffix array of one line, for answering many occurrence queries on it.
  struct SuffixArrayIndex {
    /// The line's bytes.
    let bytes: [UInt8]
    /// Suffix start offsets (relative to the line) in lexicographic order of the suffixes.
    let suffixStarts: [Int32]

    /// Builds the index by prefix doubling with radix sort.
    ///
    /// - Precondition: `slice.count < Int32.max`.
    /// - Complexity: O(*n* log *n*) time and O(*n*) space; natural text needs
    ///   only about log₂ of its longest repeat rounds.
    init(_ slice: ArraySlice<UInt8>) {
      precondition(slice.count < Int(Int32.max), "line too long for a 32-bit suffix array")
      let bytes = Array(slice)
      self.bytes = bytes
      self.suffixStarts = SuffixArrayIndex.makeSuffixArray(bytes)
    }

    static func makeSuffixArray(_ bytes: [UInt8]) -> [Int32] {
      let count = bytes.count
      if count == 0 { return [] }
      var order = [Int32](repeating: 0, count: count)
      var rank = [Int32](repeating: 0, count: count)
      var buckets = [Int32](repeating: 0, count: max(256, count) + 1)

      // Round 0: counting sort by first byte, then rank by byte.
      for byte in bytes { buckets[Int(byte) + 1] += 1 }
      for value in 0..<256 { buckets[value + 1] += buckets[value] }
      for position in 0..<count {
        let byte = Int(bytes[position])
        order[Int(buckets[byte])] = Int32(position)
        buckets[byte] += 1
      }
      var classCount = 1
      rank[Int(order[0])] = 0
      for sortedIndex in 1..<count {
        if bytes[Int(order[sortedIndex])] != bytes[Int(order[sortedIndex - 1])] { classCount += 1 }
        rank[Int(order[sortedIndex])] = Int32(classCount - 1)
      }

      // Round r: rank holds the order of the first h = 2^(r-1) bytes of each
      // suffix (a suffix that ends sorts first); sort by (rank[i], rank[i+h]).
      var byHalf = [Int32](repeating: 0, count: count)
      var newRank = [Int32](repeating: 0, count: count)
      var halfLength = 1
      while classCount < count {
        // Order by second half: suffixes with an empty second half first.
        var filled = 0
        for position in max(0, count - halfLength)..<count {
          byHalf[filled] = Int32(position)
          filled += 1
        }
        for sortedIndex in 0..<count where Int(order[sortedIndex]) >= halfLength {
          byHalf[filled] = order[sortedIndex] - Int32(halfLength)
          filled += 1
        }
        // Stable counting sort by first half.
        for value in 0...classCount { buckets[value] = 0 }
        for position in 0..<count { buckets[Int(rank[position]) + 1] += 1 }
        for value in 0..<classCount { buckets[value + 1] += buckets[value] }
        for position in byHalf {
          let bucket = Int(rank[Int(position)])
          order[Int(buckets[bucket])] = position
          buckets[bucket] += 1
        }
        // Re-rank by (first half, second half).
        func secondRank(_ position: Int) -> Int32 {
          position + halfLength < count ? rank[position + halfLength] : -1
        }
        newRank[Int(order[0])] = 0
        classCount = 1
        for sortedIndex in 1..<count {
          let current = Int(order[sortedIndex])
          let previous = Int(order[sortedIndex - 1])
          if rank[current] != rank[previous] || secondRank(current) != secondRank(previous) {
            classCount += 1
          }
          newRank[current] = Int32(classCount - 1)
        }
        swap(&rank, &newRank)
        halfLength *= 2
      }
      return order
    }

    /// Compares the first `pattern.count` bytes of the suffix at `start` with `pattern`.
    private func compare(suffixAt start: Int, with pattern: [UInt8]) -> Int {
      var offset = 0
      while offset < pattern.count {
        let position = start + offset
        if position >= bytes.count { return -1 }
        if bytes[position] != pattern[offset] { return bytes[position] < pattern[offset] ? -1 : 1 }
        offset += 1
      }
      return 0
    }

    /// Finds whether `pattern` starts at zero, one or several offsets of the line.
    ///
    /// - Parameters:
    ///   - pattern: The bytes to look for.
    ///   - lineStartUTF8Offset: Added to a unique match's offset, so callers get
    ///     document offsets; pass 0 for line-relative offsets.
    /// - Returns: None, the unique offset, or multiple.
    /// - Complexity: O(*k* log *n*), where *k* is `pattern.count`.
    func occurrence(of pattern: [UInt8], lineStartUTF8Offset: Int = 0) -> Occurrence {
      guard !pattern.isEmpty, pattern.count <= bytes.count else { return .none }
      // First suffix that is not less than the pattern.
      var low = 0
      var high = suffixStarts.count
      while low < high {
        let middle = (low + high) / 2
        if compare(suffixAt: Int(suffixStarts[middle]), with: pattern) < 0 {
          low = middle + 1
        } else {
          high = middle
        }
      }
      guard low < suffixStarts.count, compare(suffixAt: Int(suffixStarts[low]), with: pattern) == 0
      else { return .none }
      // Suffixes that start with the pattern are contiguous in the array.
      if low + 1 < suffixStarts.count
        && compare(suffixAt: Int(suffixStarts[low + 1]), with: pattern) == 0
      {
        return .multiple
      }
      return .unique(utf8Offset: Int(suffixStarts[low]) + lineStartUTF8Offset)
    }
  }
}

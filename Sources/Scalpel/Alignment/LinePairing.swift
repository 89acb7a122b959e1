/// Pairs the lines of a refined text with the original lines they were cut from, when every
/// line changed: the refined line is a subsequence of its original line (only deletions
/// within it). Dense in-line deletions (line numbers stripped from a code listing, a reading
/// after every word, markup around every cell) leave no equal line for the line level to
/// anchor on, and one block of tens of kilobytes costs the character aligner more than the
/// work budget; the pairs cut it into one small block per line.
///
/// Each refined line of at least ``minimumLineUTF8Count`` bytes (without its newline) is
/// paired with the first original line at or after the last pair whose text it is a
/// subsequence of, looked for within ``searchWindowUTF8Count`` bytes; a refined line with
/// none is *unmatched* and leaves the position where it was, so one fixed typo costs one
/// line, not the rest of the text. Shorter lines (blank lines, a lone brace) are
/// subsequences of too many lines to be evidence; they are left to the blocks between pairs.
package struct LinePairing {
  /// One pair: 0-based line indices into the line tables given to ``pair``.
  package struct Pair: Hashable {
    package var originalLineIndex: Int
    package var refinedLineIndex: Int
  }

  /// The refined lines shorter than this (in bytes, without newline) are not paired.
  package static let minimumLineUTF8Count = 8

  /// How far past the last pair (in original bytes) a refined line is looked for: more
  /// than most runs of deleted lines (a navigation block, a comment section).
  package static let searchWindowUTF8Count = 1 << 18

  /// The pairs, in increasing order on both sides.
  package var pairs: [Pair] = []
  /// Refined lines long enough to pair that found no original line.
  package var unmatchedLineCount = 0
  /// Bytes of the paired refined lines, without newlines.
  package var pairedUTF8Count = 0
  /// Whether the search stopped early: more unmatched lines than allowed, or more bytes
  /// compared than four times both texts.
  package var isIncomplete = false

  /// Pairs lines `originalLineStarts` of `original` with lines `refinedLineStarts` of
  /// `refined`; each table holds the start of every line followed by the end of the last.
  /// The search stops (``isIncomplete``) after `maximumUnmatchedLineCount` unmatched
  /// lines, or once it compared four times the bytes of both texts.
  ///
  /// - Complexity: O(*n* + *m* + *u* · ``searchWindowUTF8Count``) for *u* unmatched
  ///   lines, at most O(*n* + *m*) with the comparison bound.
  package static func pair(
    original: UnsafeBufferPointer<UInt8>, originalLineStarts: [Int],
    refined: UnsafeBufferPointer<UInt8>, refinedLineStarts: [Int],
    maximumUnmatchedLineCount: Int = .max
  ) -> LinePairing {
    var result = LinePairing()
    let originalLineCount = originalLineStarts.count - 1
    let refinedLineCount = refinedLineStarts.count - 1
    guard originalLineCount > 0, refinedLineCount > 0 else { return result }
    let budget =
      4
      * (originalLineStarts[originalLineCount] - originalLineStarts[0]
        + refinedLineStarts[refinedLineCount] - refinedLineStarts[0]) + searchWindowUTF8Count
    var comparedUTF8Count = 0
    var nextOriginalLine = 0
    func contentEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ starts: [Int], _ line: Int) -> Int {
      let end = starts[line + 1]
      return end > starts[line] && bytes[end - 1] == UInt8(ascii: "\n") ? end - 1 : end
    }
    for refinedLine in 0..<refinedLineCount {
      let lineStart = refinedLineStarts[refinedLine]
      let lineEnd = contentEnd(refined, refinedLineStarts, refinedLine)
      let lineCount = lineEnd - lineStart
      guard lineCount >= minimumLineUTF8Count else { continue }
      guard nextOriginalLine < originalLineCount else {
        result.unmatchedLineCount += 1
        if result.unmatchedLineCount > maximumUnmatchedLineCount {
          result.isIncomplete = true
          return result
        }
        continue
      }
      let windowStart = originalLineStarts[nextOriginalLine]
      var candidate = nextOriginalLine
      var isPaired = false
      while candidate < originalLineCount {
        let targetStart = originalLineStarts[candidate]
        if targetStart - windowStart > searchWindowUTF8Count { break }
        let targetEnd = contentEnd(original, originalLineStarts, candidate)
        comparedUTF8Count += 1
        if targetEnd - targetStart >= lineCount {
          comparedUTF8Count += targetEnd - targetStart
          if Aligner.isSubsequence(
            refined, lineStart, lineEnd, of: original, targetStart, targetEnd)
          {
            isPaired = true
            break
          }
        }
        candidate += 1
      }
      if isPaired {
        result.pairs.append(Pair(originalLineIndex: candidate, refinedLineIndex: refinedLine))
        result.pairedUTF8Count += lineCount
        nextOriginalLine = candidate + 1
      } else {
        result.unmatchedLineCount += 1
        if result.unmatchedLineCount > maximumUnmatchedLineCount {
          result.isIncomplete = true
          return result
        }
      }
      if comparedUTF8Count > budget {
        result.isIncomplete = true
        return result
      }
    }
    return result
  }
}

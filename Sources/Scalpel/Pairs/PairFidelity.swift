#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How closely a pair's programs reproduce the expert's refinement, measured
/// against the expert's text itself (see the Specification article, "Fidelity").
///
/// With P the programs' output (every chunk executed, outputs concatenated) and
/// R the refined text, from an alignment of P with R:
/// - **leftover**: characters of P that R lacks, outside the expert's rewrites:
///   what the expert deleted and the programs keep;
/// - **over-deleted**: characters of R that P lacks, outside the expert's
///   rewrites: what the programs delete although the expert kept it. It must be 0.
///
/// A rewrite is where the expert inserted or replaced text; the programs keep
/// the original there, so P and R differ by design. Differences of the P–R
/// alignment that lie inside (or touch) a rewrite's span of R are not counted.
public struct PairFidelity: Sendable, Hashable, Codable {
  /// Characters (Unicode scalars) the expert deleted that the programs keep.
  public var leftoverCharacterCount: Int
  /// Characters (Unicode scalars) the expert kept that the programs delete.
  public var overDeletedCharacterCount: Int

  /// Creates counts.
  public init(leftoverCharacterCount: Int = 0, overDeletedCharacterCount: Int = 0) {
    self.leftoverCharacterCount = leftoverCharacterCount
    self.overDeletedCharacterCount = overDeletedCharacterCount
  }

  /// Measures the programs' output `output` against the refined text.
  ///
  /// Exact when there are no rewrites (the counts then come from the length of
  /// a longest common subsequence of P and R, and no alignment is needed when R
  /// is a subsequence of P); with rewrites, the P–R alignment is the kernel's,
  /// which is minimal when the differences are close together (see ``Aligner``).
  ///
  /// - Parameters:
  ///   - output: P, the programs' output.
  ///   - refined: R, the expert's refined text.
  ///   - rewriteRefinedUTF8Ranges: The spans of R that rewrites produced, sorted.
  ///   - aligner: The aligner to use when R is not a subsequence of P.
  /// - Complexity: O(*p* + *r*) when R is a subsequence of P and nothing is
  ///   rewritten; otherwise that of ``Aligner/align(original:refined:)-(_,[UInt8])``.
  ///   - checksShortcuts: Whether to look for the cases without alignment first; `false`
  ///     when ``measureWithoutAlignment(pieces:refined:rewriteRefinedUTF8Ranges:)`` found
  ///     none already.
  static func measure(
    output: [UInt8], refined: [UInt8], rewriteRefinedUTF8Ranges: [Range<Int>],
    aligner: inout Aligner, checksShortcuts: Bool = true
  ) -> PairFidelity {
    if checksShortcuts && output == refined { return PairFidelity() }
    if checksShortcuts && rewriteRefinedUTF8Ranges.isEmpty
      && output.withUnsafeBufferPointer({ p in
        refined.withUnsafeBufferPointer { r in
          Aligner.isSubsequence(r, 0, r.count, of: p, 0, p.count)
        }
      })
    {
      return PairFidelity(
        leftoverCharacterCount: scalarCount(output[...]) - scalarCount(refined[...]))
    }
    let alignment = aligner.align(original: output, refined: refined)
    var fidelity = PairFidelity()
    for hunk in countedHunks(alignment.hunks, rewriteRefinedUTF8Ranges: rewriteRefinedUTF8Ranges) {
      switch hunk.kind {
      case .equal: break
      case .delete:
        fidelity.leftoverCharacterCount += scalarCount(output[hunk.originalUTF8Range])
      case .insert:
        fidelity.overDeletedCharacterCount += scalarCount(refined[hunk.refinedUTF8Range])
      }
    }
    return fidelity
  }

  /// The fidelity of the output P made of `pieces`, one after the other, when it needs
  /// no alignment (the shortcuts of
  /// ``measure(output:refined:rewriteRefinedUTF8Ranges:aligner:checksShortcuts:)``): P is
  /// R, or nothing is rewritten and R is a subsequence of P (deletions only); otherwise
  /// `nil`. The pieces are never joined, so P is not held a second time.
  ///
  /// - Complexity: O(*p* + *r*).
  static func measureWithoutAlignment(
    pieces: [ArraySlice<UInt8>], refined: [UInt8], rewriteRefinedUTF8Ranges: [Range<Int>]
  ) -> PairFidelity? {
    let outputCount = pieces.reduce(0) { $0 + $1.count }
    let reach = refined.withUnsafeBufferPointer { r -> Int? in
      if outputCount == r.count {
        var offset = 0
        var isEqual = true
        for piece in pieces where isEqual && !piece.isEmpty {
          isEqual = piece.withUnsafeBufferPointer { p in
            memcmp(p.baseAddress!, r.baseAddress! + offset, p.count) == 0
          }
          offset += piece.count
        }
        if isEqual { return nil }
      }
      guard rewriteRefinedUTF8Ranges.isEmpty else { return -1 }
      var reached = 0
      for piece in pieces {
        reached = piece.withUnsafeBufferPointer { p in
          Aligner.subsequenceReach(r, reached, r.count, of: p, 0, p.count)
        }
      }
      return reached
    }
    guard let reach else { return PairFidelity() }
    guard reach == refined.count else { return nil }
    let outputScalarCount = pieces.reduce(0) { $0 + scalarCount($1) }
    return PairFidelity(leftoverCharacterCount: outputScalarCount - scalarCount(refined[...]))
  }

  /// The deletes and inserts of a P–R alignment that count: those whose span of R neither
  /// lies in nor touches a rewrite's span (`rewriteRefinedUTF8Ranges`, sorted), in order.
  /// `inspect` marks the same hunks (``ExpertEdit``).
  ///
  /// - Complexity: O(*h* + *w*) for *h* hunks and *w* rewrites.
  package static func countedHunks(
    _ hunks: [AlignmentHunk], rewriteRefinedUTF8Ranges: [Range<Int>]
  ) -> [AlignmentHunk] {
    var rewriteIndex = 0
    /// Whether the span of R `range` lies in or at the edge of a rewrite.
    func isInRewrite(_ range: Range<Int>) -> Bool {
      while rewriteIndex < rewriteRefinedUTF8Ranges.count
        && rewriteRefinedUTF8Ranges[rewriteIndex].upperBound < range.lowerBound
      {
        rewriteIndex += 1
      }
      var index = rewriteIndex
      while index < rewriteRefinedUTF8Ranges.count
        && rewriteRefinedUTF8Ranges[index].lowerBound <= range.upperBound
      {
        let rewrite = rewriteRefinedUTF8Ranges[index]
        if rewrite.lowerBound <= range.upperBound && range.lowerBound <= rewrite.upperBound {
          return true
        }
        index += 1
      }
      return false
    }
    return hunks.filter { $0.kind != .equal && !isInRewrite($0.refinedUTF8Range) }
  }

  static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
    bytes.withUnsafeBufferPointer { UTF8Validation.scalarCount(of: $0, in: 0..<$0.count) }
  }
}

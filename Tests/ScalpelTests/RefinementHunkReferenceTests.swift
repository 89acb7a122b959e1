import Testing

@testable import Scalpel

/// `RefinementHunk.group` against a slow restatement of the Specification's rules ("Hunks and
/// rewrites"), on random edit scripts with newlines, tabs, multibyte scalars and every kind of
/// neighbour, plus the promise that nothing deleted or inserted is lost or counted twice.
@Suite struct RefinementHunkReferenceTests {
  /// Random edit scripts in the aligner's form: neighbours of different kinds, a delete
  /// before an insert where they touch, no empty hunks.
  static func randomScript(_ rng: inout SplitMix64) -> (Alignment, [UInt8], [UInt8]) {
    let pieces = ["a", "b", "c", " ", "\t", "\n", "é", "日", "x\n", "\n\n", "ab cd"]
    func text(_ rng: inout SplitMix64) -> [UInt8] {
      let count = 1 + rng.int(below: rng.int(below: 4) == 0 ? 12 : 3)
      return (0..<count).flatMap { _ in Array(pieces[rng.int(below: pieces.count)].utf8) }
    }
    var original: [UInt8] = []
    var refined: [UInt8] = []
    var hunks: [AlignmentHunk] = []
    var previous: AlignmentHunk.Kind? = nil
    for _ in 0..<(1 + rng.int(below: 14)) {
      var kind: AlignmentHunk.Kind
      repeat {
        kind = [.equal, .delete, .insert][rng.int(below: 3)]
      } while kind == previous || (previous == .insert && kind == .delete)
      previous = kind
      let bytes = text(&rng)
      let o = original.count
      let r = refined.count
      switch kind {
      case .equal:
        original += bytes
        refined += bytes
        hunks.append(
          .init(
            kind: .equal, originalUTF8Range: o..<o + bytes.count,
            refinedUTF8Range: r..<r + bytes.count))
      case .delete:
        original += bytes
        hunks.append(
          .init(kind: .delete, originalUTF8Range: o..<o + bytes.count, refinedUTF8Range: r..<r))
      case .insert:
        refined += bytes
        hunks.append(
          .init(kind: .insert, originalUTF8Range: o..<o, refinedUTF8Range: r..<r + bytes.count))
      }
    }
    return (Alignment(hunks: hunks, isBudgetExhausted: false), original, refined)
  }

  static func scalars(_ bytes: ArraySlice<UInt8>) -> Int {
    String(decoding: bytes, as: UTF8.self).unicodeScalars.count
  }

  static func whitespace(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
  }

  static func hull(_ ranges: [Range<Int>]) -> Range<Int> {
    ranges.map(\.lowerBound).min()!..<ranges.map(\.upperBound).max()!
  }

  /// The rules, restated: groups split at equal runs of `join` bytes or more or with a
  /// newline; a group without insertions is one deletion; a group with insertions is one
  /// rewrite, except the complete lines (line start through newline) inside one of its
  /// deletions, which are deletions of their own.
  static func reference(_ alignment: Alignment, _ original: [UInt8], _ refined: [UInt8], join: Int)
    -> [RefinementHunk]
  {
    // Every line of the original that ends in a newline, as a byte range with the newline.
    var lines: [Range<Int>] = []
    var start = 0
    for (offset, byte) in original.enumerated() where byte == 0x0A {
      lines.append(start..<offset + 1)
      start = offset + 1
    }
    var groups: [[AlignmentHunk]] = [[]]
    for hunk in alignment.hunks {
      if hunk.kind == .equal {
        if hunk.originalUTF8Range.count >= join || original[hunk.originalUTF8Range].contains(0x0A) {
          groups.append([])
        }
      } else {
        groups[groups.count - 1].append(hunk)
      }
    }
    var result: [RefinementHunk] = []
    for group in groups where !group.isEmpty {
      let inserts = group.filter { $0.kind == .insert }
      let deletes = group.filter { $0.kind == .delete }
      if inserts.isEmpty {
        let ranges = deletes.map(\.originalUTF8Range)
        result.append(
          RefinementHunk(
            originalUTF8Range: hull(ranges),
            refinedUTF8Range: hull(deletes.map(\.refinedUTF8Range)),
            deletedUTF8Ranges: ranges,
            deletedScalarCount: ranges.reduce(0) { $0 + scalars(original[$1]) },
            insertedScalarCount: 0, isWhitespaceOnly: ranges.allSatisfy { whitespace(original[$0]) }
          ))
        continue
      }
      var own: [RefinementHunk] = []
      var rest: [(original: Range<Int>, refined: Range<Int>)] = []
      for delete in deletes {
        let range = delete.originalUTF8Range
        let inside = lines.filter {
          range.contains($0.lowerBound) && $0.upperBound <= range.upperBound
        }
        guard !inside.isEmpty else {
          rest.append((range, delete.refinedUTF8Range))
          continue
        }
        let whole = hull(inside)
        let firstRefined = group[0].refinedUTF8Range.lowerBound
        own.append(
          RefinementHunk(
            originalUTF8Range: whole, refinedUTF8Range: firstRefined..<firstRefined,
            deletedUTF8Ranges: [whole], deletedScalarCount: scalars(original[whole]),
            insertedScalarCount: 0, isWhitespaceOnly: whitespace(original[whole])))
        for piece in [range.lowerBound..<whole.lowerBound, whole.upperBound..<range.upperBound]
        where !piece.isEmpty {
          rest.append((piece, delete.refinedUTF8Range))
        }
      }
      let spans = rest + inserts.map { ($0.originalUTF8Range, $0.refinedUTF8Range) }
      own.append(
        RefinementHunk(
          originalUTF8Range: hull(spans.map(\.original)),
          refinedUTF8Range: hull(spans.map(\.refined)),
          deletedUTF8Ranges: rest.map(\.original),
          deletedScalarCount: rest.reduce(0) { $0 + scalars(original[$1.original]) },
          insertedScalarCount: inserts.reduce(0) { $0 + scalars(refined[$1.refinedUTF8Range]) },
          isWhitespaceOnly: rest.allSatisfy { whitespace(original[$0.original]) }
            && inserts.allSatisfy { whitespace(refined[$0.refinedUTF8Range]) }))
      result += own.sorted { $0.originalUTF8Range.lowerBound < $1.originalUTF8Range.lowerBound }
    }
    return result
  }

  @Test func groupsLikeTheRestatedRules() {
    var rng = SplitMix64(seed: 1414)
    for iteration in 0..<20_000 {
      let (alignment, original, refined) = Self.randomScript(&rng)
      let join = [0, 1, 2, 4, 8][iteration % 5]
      let hunks = RefinementHunk.group(
        alignment, original: original, refined: refined, joinUTF8Count: join)
      let expected = Self.reference(alignment, original, refined, join: join)
      #expect(hunks == expected, "\(alignment.hunks) join \(join)")
      if hunks != expected { return }
    }
  }

  /// Nothing lost or counted twice: every deleted byte is in exactly one hunk's deleted
  /// ranges, every inserted scalar is counted once, and hunks are in text order (a rewrite's
  /// span may contain the whole lines split off from it, so spans can nest).
  @Test func everyEditIsInExactlyOneHunk() {
    var rng = SplitMix64(seed: 1415)
    for iteration in 0..<5_000 {
      let (alignment, original, refined) = Self.randomScript(&rng)
      let hunks = RefinementHunk.group(
        alignment, original: original, refined: refined, joinUTF8Count: 1 + iteration % 6)
      var deleted = [Int](repeating: 0, count: original.count)
      for hunk in hunks {
        for range in hunk.deletedUTF8Ranges { for offset in range { deleted[offset] += 1 } }
      }
      var expected = [Int](repeating: 0, count: original.count)
      for hunk in alignment.hunks where hunk.kind == .delete {
        for offset in hunk.originalUTF8Range { expected[offset] = 1 }
      }
      #expect(deleted == expected, "\(alignment.hunks)")
      let inserted = alignment.hunks.filter { $0.kind == .insert }.reduce(0) {
        $0 + Self.scalars(refined[$1.refinedUTF8Range])
      }
      #expect(hunks.reduce(0) { $0 + $1.insertedScalarCount } == inserted)
      #expect(
        zip(hunks, hunks.dropFirst()).allSatisfy {
          $0.originalUTF8Range.lowerBound <= $1.originalUTF8Range.lowerBound
        })
    }
  }
}

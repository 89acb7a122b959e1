/// The expert's edit of one document as the alignment sees it, set against what the
/// programs delete, for the inspection report.
///
/// From the minimal alignment of the original O with the refined text R (the one
/// `build-pairs` makes its rewrites from, Specification §3.2–§3.3) and, when there are
/// programs, from an alignment of their output P with R (as the fidelity check of §3.8):
///
/// - **rewrites**: where the expert inserted or replaced text, with the replaced original
///   span, the inserted text and the size that counts against `--max-rewrite-chars`;
/// - **leftover**: characters of P that R lacks outside rewrites (the expert deleted them,
///   the programs keep them), each run with why no call deletes it;
/// - **over-deleted**: characters the programs delete that R keeps, outside rewrites,
///   marked on the deleted run of O where R has them;
/// - **expert-deleted**: with ``init(original:refined:programDeletedUTF8Ranges:options:rejectReason:marksDeletions:)``'s
///   `marksDeletions`, what the expert deleted and the programs (if any) delete too: the
///   deletions of a rejected document, for which no program was written.
///
/// Marks are in document UTF-8 offsets of O, sorted by ``Mark/utf8Range`` lower bound; a
/// mark of one newline byte is a newline (a line join when leftover).
///
///     let edit = ExpertEdit(
///       original: NormalizedText("Menu\nGood text.\n"), refined: NormalizedText("Good text.\n"),
///       programDeletedUTF8Ranges: [], options: PairOptions())
///     edit.marks   // "Menu" (0..<4) and its newline (4..<5), both .leftover(.notExpressed)
package struct ExpertEdit: Sendable, Hashable {
  /// Why the programs keep characters the expert deleted.
  package enum LeftoverReason: String, Sendable, Hashable {
    /// A newline between two kept lines: no call deletes it (Specification §3.5).
    case lineJoin = "line_join"
    /// Text that occurs more than once in its line, so no `remove_str` can name it.
    case ambiguous = "ambiguous"
    /// A deletion on a line the expert also rewrote: rewrites keep their line as it is.
    case rewriteNeighbour = "rewrite_neighbour"
    /// Any other cause: a chunk without a program, an unrefinable chunk, or an alignment the
    /// language could not express.
    case notExpressed = "not_expressed"
  }

  /// One marked span of the original.
  package struct Mark: Sendable, Hashable {
    /// What the span is.
    package enum Kind: Sendable, Hashable {
      /// The expert deleted it; the programs keep it.
      case leftover(LeftoverReason)
      /// The programs delete it; the expert kept it.
      case overDeleted
      /// The expert deleted it (and the programs, if any, too).
      case expertDeleted
      /// The expert replaced it (possibly empty: a pure insertion) with `insertedText`; the
      /// rewrite counted `characterCount` against the limit.
      case rewrite(insertedText: String, characterCount: Int)
    }

    /// The span of the original, in document UTF-8 offsets.
    package var utf8Range: Range<Int>
    /// What the span is.
    package var kind: Kind
    /// The reject code, when this span is what rejected the document.
    package var rejectCause: String?
    /// A sentence naming the cause, such as `rewrite of 23 characters (limit 20)`.
    package var causeNote: String?

    /// Creates a mark.
    package init(
      utf8Range: Range<Int>, kind: Kind, rejectCause: String? = nil, causeNote: String? = nil
    ) {
      (self.utf8Range, self.kind, self.rejectCause, self.causeNote) = (
        utf8Range, kind, rejectCause, causeNote
      )
    }
  }

  /// The marks, sorted by the lower bound of their range.
  package var marks: [Mark]
  /// Whether the texts could be aligned (no `alignment_budget_exhausted`, no `text_reordered`).
  package var isAligned: Bool
  /// Unicode scalars of the leftover marks.
  package var leftoverCharacterCount: Int
  /// Unicode scalars R lacks where the programs delete (the over-deleted count of §3.8).
  package var overDeletedCharacterCount: Int
  /// The rewrites, whitespace-only ones included.
  package var rewriteCount: Int

  /// Computes the marks of the expert's edit of `original` into `refined`.
  ///
  /// - Parameters:
  ///   - original: O.
  ///   - refined: R.
  ///   - programDeletedUTF8Ranges: What the programs delete, in document offsets of O,
  ///     sorted and non-overlapping; `nil` when there are no programs (only rewrites and,
  ///     with `marksDeletions`, the expert's deletions are marked).
  ///   - options: The pair options (alignment, hunk join, rewrite limit).
  ///   - rejectReason: The document's reject code, if any: the span that caused it is
  ///     named (``Mark/rejectCause``) when the cause is a span.
  ///   - marksDeletions: Whether to mark the expert's deletions themselves
  ///     (``Mark/Kind/expertDeleted``), for a document whose deletions are not otherwise
  ///     shown.
  /// - Complexity: Two alignments (O with R, P with R), each bounded by its work budget,
  ///   plus O(*n* + *m*).
  package init(
    original: NormalizedText, refined: NormalizedText, programDeletedUTF8Ranges: [Range<Int>]?,
    options: PairOptions, rejectReason: String? = nil, marksDeletions: Bool = false
  ) {
    (marks, leftoverCharacterCount, overDeletedCharacterCount, rewriteCount) = ([], 0, 0, 0)
    var aligner = Aligner(options: options.alignment)
    let alignment = aligner.align(original: original, refined: refined)
    isAligned = !alignment.isBudgetExhausted && alignment.reorder == nil
    guard isAligned else { return }
    let (o, r) = (original.utf8, refined.utf8)
    let groups = RefinementHunk.group(
      alignment, original: o, refined: r, joinUTF8Count: options.hunkJoinUTF8Count)
    let sizes = PairBuilder.rewriteScalarCounts(of: groups, original: original, refined: refined)

    var rewriteRefinedRanges: [Range<Int>] = []
    var rewriteLineIndices = Set<Int>()
    var expertDeleted: [Range<Int>] = []
    var isCauseNamed = false
    for (index, group) in groups.enumerated() {
      guard group.isRewrite else {
        expertDeleted.append(contentsOf: group.deletedUTF8Ranges)
        continue
      }
      rewriteCount += 1
      rewriteRefinedRanges.append(group.refinedUTF8Range)
      let span = group.originalUTF8Range
      if !o.isEmpty {
        let first = original.lineIndex(containingUTF8Offset: min(span.lowerBound, o.count - 1))
        let last = original.lineIndex(
          containingUTF8Offset: min(max(span.lowerBound, span.upperBound - 1), o.count - 1))
        rewriteLineIndices.formUnion(first...last)
      }
      var mark = Mark(
        utf8Range: span,
        kind: .rewrite(
          insertedText: String(decoding: r[group.refinedUTF8Range], as: UTF8.self),
          characterCount: sizes[index]))
      let code = group.isWhitespaceOnly ? "whitespace_rewrite_too_large" : "rewrite_too_large"
      let isExempt = group.isWhitespaceOnly && options.toleratesWhitespaceRewrites
      if !isCauseNamed, rejectReason == code, !isExempt,
        sizes[index] >= options.maximumRewriteCharacterCount
      {
        isCauseNamed = true
        mark.rejectCause = code
        mark.causeNote =
          "\(code): a rewrite of \(ReportNumberFormat.counted(sizes[index], "character")), the limit is \(options.maximumRewriteCharacterCount)"
      }
      marks.append(mark)
    }

    var deletionMarks: [Mark] = []
    if let programDeleted = programDeletedUTF8Ranges {
      let found = Self.leftoverAndOverDeleted(
        original: original, refined: r, programDeleted: programDeleted,
        rewriteRefinedRanges: rewriteRefinedRanges, rewriteLineIndices: rewriteLineIndices,
        aligner: &aligner)
      (leftoverCharacterCount, overDeletedCharacterCount) = (found.leftoverCount, found.overCount)
      deletionMarks = found.marks
      if marksDeletions {
        // What the programs delete, less what R keeps of it.
        let over = found.marks.filter { $0.kind == .overDeleted }.map(\.utf8Range)
        for range in Self.subtracting(over, from: programDeleted) {
          deletionMarks.append(Mark(utf8Range: range, kind: .expertDeleted))
        }
      }
    } else if marksDeletions {
      deletionMarks = expertDeleted.map { Mark(utf8Range: $0, kind: .expertDeleted) }
    }
    deletionMarks.sort { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
    if !isCauseNamed, let rejectReason {
      let causeIndex: Int?
      switch rejectReason {
      case "deletions_not_expressible":
        causeIndex = deletionMarks.firstIndex {
          if case .leftover = $0.kind { true } else { false }
        }
      case "too_few_deletions":
        causeIndex = deletionMarks.firstIndex { $0.kind == .expertDeleted }
      case "over_deletion":
        causeIndex = deletionMarks.firstIndex { $0.kind == .overDeleted }
      default:
        causeIndex = nil
      }
      if let causeIndex {
        deletionMarks[causeIndex].rejectCause = rejectReason
        deletionMarks[causeIndex].causeNote = Self.causeNote(
          rejectReason, leftover: leftoverCharacterCount, options: options,
          deleted: programDeletedUTF8Ranges.map {
            $0.reduce(0) { $0 + UTF8Validation.scalarCount(of: o, in: $1) }
          } ?? 0)
      }
    }
    marks.append(contentsOf: deletionMarks)
    marks.sort { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
  }

  /// Whether one of the marks names the reject cause.
  package var namesRejectCause: Bool { marks.contains { $0.rejectCause != nil } }

  /// The note of a cause that is a deletion mark.
  static func causeNote(_ code: String, leftover: Int, options: PairOptions, deleted: Int)
    -> String
  {
    switch code {
    case "deletions_not_expressible":
      return
        "\(code): the programs cannot delete \(ReportNumberFormat.counted(leftover, "character")) the expert deleted (at most \(ReportNumberFormat.percent(Int(options.maximumLeftoverShare * 1000), of: 1000)) may stay), this is the first"
    case "too_few_deletions":
      return
        "\(code): the programs would delete \(ReportNumberFormat.counted(deleted, "character")), fewer than \(options.minimumDeletedCharacterCount)"
    default:
      return "\(code): characters the programs delete although the expert kept them"
    }
  }

  /// The leftover and over-deleted marks from an alignment of the programs' output with R.
  private static func leftoverAndOverDeleted(
    original: NormalizedText, refined: [UInt8], programDeleted: [Range<Int>],
    rewriteRefinedRanges: [Range<Int>], rewriteLineIndices: Set<Int>, aligner: inout Aligner
  ) -> (marks: [Mark], leftoverCount: Int, overCount: Int) {
    let o = original.utf8
    // P and, for each byte of P, its offset in O.
    var output: [UInt8] = []
    var outputToOriginal: [Int] = []
    output.reserveCapacity(o.count)
    outputToOriginal.reserveCapacity(o.count)
    var cursor = 0
    func keep(_ range: Range<Int>) {
      for offset in range {
        output.append(o[offset])
        outputToOriginal.append(offset)
      }
    }
    for range in programDeleted {
      keep(cursor..<max(cursor, range.lowerBound))
      cursor = max(cursor, range.upperBound)
    }
    keep(cursor..<o.count)
    // As the programs run chunk by chunk (Specification §2): a document without a final
    // newline whose last line goes loses the newline before it too.
    if !o.isEmpty, !original.endsWithNewline, cursor >= o.count, let last = programDeleted.last,
      last.upperBound >= o.count,
      last.lowerBound <= original.lineStartUTF8Offsets[original.lineCount - 1],
      output.last == UInt8(ascii: "\n")
    {
      output.removeLast()
      outputToOriginal.removeLast()
    }
    if output == refined { return ([], 0, 0) }
    let alignment = aligner.align(original: output, refined: refined)
    guard !alignment.isBudgetExhausted else { return ([], 0, 0) }

    var marks: [Mark] = []
    var (leftoverCount, overCount) = (0, 0)
    // The hunks the fidelity counts (Specification §3.8), so that the marks add up to them.
    for hunk in PairFidelity.countedHunks(
      alignment.hunks, rewriteRefinedUTF8Ranges: rewriteRefinedRanges)
    {
      switch hunk.kind {
      case .equal:
        continue
      case .delete:
        leftoverCount += UTF8Validation.scalarCount(of: output, in: hunk.originalUTF8Range)
        // Contiguous runs of O (the programs' deletions split a run of P).
        var start = hunk.originalUTF8Range.lowerBound
        while start < hunk.originalUTF8Range.upperBound {
          var end = start + 1
          while end < hunk.originalUTF8Range.upperBound
            && outputToOriginal[end] == outputToOriginal[end - 1] + 1
          {
            end += 1
          }
          let range = outputToOriginal[start]..<(outputToOriginal[end - 1] + 1)
          for piece in splitAtNewlines(range, in: o) {
            marks.append(
              Mark(
                utf8Range: piece,
                kind: .leftover(
                  reason(
                    piece, run: range, original: original,
                    rewriteLineIndices: rewriteLineIndices))))
          }
          start = end
        }
      case .insert:
        overCount += UTF8Validation.scalarCount(of: refined, in: hunk.refinedUTF8Range)
        // The programs' deletion between the P bytes around the insertion or, when the
        // alignment put the insertion elsewhere among equal bytes, the nearest one.
        let position = hunk.originalUTF8Range.lowerBound
        let upper = position < outputToOriginal.count ? outputToOriginal[position] : o.count
        let lower = position > 0 ? outputToOriginal[position - 1] + 1 : 0
        if lower < upper {
          marks.append(Mark(utf8Range: lower..<upper, kind: .overDeleted))
        } else if let nearest = programDeleted.min(by: {
          distance($0, to: lower) < distance($1, to: lower)
        }) {
          marks.append(Mark(utf8Range: nearest, kind: .overDeleted))
        }
      }
    }
    return (marks, leftoverCount, overCount)
  }

  /// How far `range` is from `offset` (0 when it holds or touches it).
  static func distance(_ range: Range<Int>, to offset: Int) -> Int {
    offset < range.lowerBound
      ? range.lowerBound - offset : max(0, offset - range.upperBound)
  }

  /// `range` split so that each newline byte is a piece of its own.
  static func splitAtNewlines(_ range: Range<Int>, in bytes: [UInt8]) -> [Range<Int>] {
    var pieces: [Range<Int>] = []
    var start = range.lowerBound
    for offset in range where bytes[offset] == UInt8(ascii: "\n") {
      if start < offset { pieces.append(start..<offset) }
      pieces.append(offset..<(offset + 1))
      start = offset + 1
    }
    if start < range.upperBound { pieces.append(start..<range.upperBound) }
    return pieces
  }

  /// Why the programs keep the leftover `range` (a newline, or a piece of one line) of the
  /// leftover run `run`.
  ///
  /// A newline is a line join unless the run holds its whole line (a deleted line the
  /// programs keep, classified as its text is); a piece on a line the expert rewrote is a
  /// rewrite neighbour; a piece whose text occurs again in its line is ambiguous.
  static func reason(
    _ range: Range<Int>, run: Range<Int>, original: NormalizedText, rewriteLineIndices: Set<Int>
  ) -> LeftoverReason {
    let o = original.utf8
    let lineIndex = original.lineIndex(containingUTF8Offset: range.lowerBound)
    if rewriteLineIndices.contains(lineIndex) { return .rewriteNeighbour }
    let line = original.lineContentUTF8Range(lineIndex: lineIndex)
    var piece = range
    if range.count == 1 && o[range.lowerBound] == UInt8(ascii: "\n") {
      guard !line.isEmpty, run.lowerBound <= line.lowerBound else { return .lineJoin }
      piece = line
    }
    if case .multiple = LineSearch.occurrence(ofBytesAt: piece, in: o, range: line) {
      return .ambiguous
    }
    return .notExpressed
  }

  /// `ranges` less `removed`; both sorted and non-overlapping.
  static func subtracting(_ removed: [Range<Int>], from ranges: [Range<Int>]) -> [Range<Int>] {
    guard !removed.isEmpty else { return ranges }
    var result: [Range<Int>] = []
    for range in ranges {
      var start = range.lowerBound
      for cut in removed where cut.upperBound > start && cut.lowerBound < range.upperBound {
        if cut.lowerBound > start { result.append(start..<cut.lowerBound) }
        start = max(start, cut.upperBound)
      }
      if start < range.upperBound { result.append(start..<range.upperBound) }
    }
    return result
  }
}

extension ExpertEdit {
  /// What the programs of a document's chunks delete, in document UTF-8 offsets: the
  /// lines applied `remove_lines` calls drop (with their newlines) and the matches of
  /// applied `remove_str` calls (see ``DeletionMarks``); sorted and merged.
  ///
  /// - Parameters:
  ///   - chunks: Each chunk's document line number of its first line, its text (lines of
  ///     `original`) and its program.
  ///   - original: The document.
  /// - Complexity: The executor's cost on every chunk, plus O(*r* log *r*) for *r* ranges.
  package static func programDeletedUTF8Ranges(
    of chunks: [(firstLineNumber: Int, text: NormalizedText, program: Program)],
    in original: NormalizedText
  ) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    for chunk in chunks {
      let marks = DeletionMarks(program: chunk.program, text: chunk.text)
      for lineIndex in 0..<chunk.text.lineCount {
        let documentLineIndex = chunk.firstLineNumber - 1 + lineIndex
        guard documentLineIndex < original.lineCount else { break }
        if marks.isLineRemoved[lineIndex] {
          ranges.append(original.lineUTF8Range(lineIndex: documentLineIndex))
          continue
        }
        let start = original.lineStartUTF8Offsets[documentLineIndex]
        for range in marks.removedStringUTF8Ranges[lineIndex] {
          ranges.append((start + range.lowerBound)..<(start + range.upperBound))
        }
      }
    }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int>] = []
    for range in ranges where !range.isEmpty {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    return merged
  }
}

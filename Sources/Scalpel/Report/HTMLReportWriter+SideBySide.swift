/// The side-by-side entries of the evaluation page: one `<article class="ev">` per scored
/// chunk, the chunk's lines twice (label left, model right; stacked on a narrow screen),
/// each column with its own deletions and the disagreement marked, and its program below.
///
///     <article class="ev" id="e1" data-id="web-7#0" data-status="refined" data-agree="false"
///      data-over-deleted="11" data-missed="5">
///
/// In the model column, characters the model deletes and the label keeps are in
/// `<span class="over">` (over-deletion); in the label column, characters the label deletes
/// and the model keeps are in `<span class="missed">`. A deleted newline is a
/// `<span class="nl">` holding the newline (shown as ⏎), with `over` or `missed` too when
/// only that side deletes it. `remove_lines` and `remove_str` deletions are marked as in the
/// document view (`<del class="line">`, `<mark>`).
extension HTMLReportWriter {
  /// Which column of an entry.
  enum Side {
    case label, model

    var name: String { self == .label ? "label" : "model" }
    /// The class of the characters only this side deletes.
    var disagreementClass: String { self == .label ? "missed" : "over" }
  }

  /// Returns the markup of one evaluated chunk.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the chunk's displayed lines and programs.
  public func entry(_ chunk: EvaluatedChunk) -> String {
    var html = HTMLText()
    appendEntry(chunk, anchor: "e1", to: &html)
    return html.string
  }

  func appendEntry(_ chunk: EvaluatedChunk, anchor: String, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    html.appendRaw("<article class=\"ev\" id=\"\(anchor)\" data-id=\"")
    html.appendEscaped(chunk.id)
    html.appendRaw("\" data-status=\"")
    html.appendEscaped(chunk.status)
    html.appendRaw(
      "\" data-agree=\"\(chunk.isAgreeing)\" data-over-deleted=\"\(chunk.overDeletedCharacterCount)\" data-missed=\"\(chunk.missedCharacterCount)\">\n<header><span class=\"doc-id\">"
    )
    html.appendEscaped(chunk.id)
    html.appendRaw(
      chunk.isAgreeing
        ? "</span> <span class=\"badge agree\">agree</span>"
        : "</span> <span class=\"badge disagree\">disagree</span>")
    html.appendRaw(" <code class=\"status\">")
    html.appendEscaped(chunk.status)
    html.appendRaw("</code>")
    if let reason = chunk.replyFailureReason {
      html.appendRaw(" <code class=\"reason\">")
      html.appendEscaped(reason)
      html.appendRaw("</code>")
    }
    html.appendRaw(" <span class=\"stats\">")
    html.appendEscaped(
      "label deletes \(format.grouped(chunk.labelDeletedCharacterCount)), model \(format.grouped(chunk.modelDeletedCharacterCount)) of \(format.grouped(chunk.characterCount)) characters · over-deleted \(format.grouped(chunk.overDeletedCharacterCount)) · missed \(format.grouped(chunk.missedCharacterCount))"
        + (chunk.isExactProgram ? " · same program" : ""))
    html.appendRaw("</span></header>\n<div class=\"sides\">\n")
    for side in [Side.label, .model] {
      html.appendRaw(
        "<section class=\"side \(side.name)\"><h3>\(side.name)</h3>\n<div class=\"lines\">\n")
      for line in chunk.lines { appendSideLine(line, side: side, to: &html) }
      html.appendRaw("</div>\n")
      if chunk.omittedLineCount > 0 {
        html.appendRaw("<p class=\"note\">")
        html.appendEscaped(
          "Truncated: \(format.grouped(chunk.omittedLineCount)) more lines of this chunk not shown (\(format.grouped(chunk.lines.count)) of \(format.grouped(chunk.lineCount)) shown)."
        )
        html.appendRaw("</p>\n")
      }
      switch (side, chunk.modelProgramLines) {
      case (.label, _): appendProgram(chunk.labelProgramLines, to: &html)
      case (.model, let lines?): appendProgram(lines, to: &html)
      case (.model, nil):
        html.appendRaw("<pre class=\"program failure\">")
        if let reason = chunk.replyFailureReason {
          html.appendEscaped("# reply failed (\(reason)): \(chunk.replyFailureDetail ?? "")")
        } else {
          html.appendEscaped("# no program for this chunk in the programs file")
        }
        html.appendRaw("</pre>\n")
      }
      html.appendRaw("</section>\n")
    }
    html.appendRaw("</div>\n</article>\n")
  }

  /// Returns the markup of one line in one column.
  ///
  ///     // The label drops "ab" with its newline (label column), the model only "b":
  ///     // <div class="l removed"><span class="ln">1</span><span class="tx"><del class="line">
  ///     //   <span class="missed">a</span>b</del><span class="nl missed">\n</span></span></div>
  ///
  /// - Complexity: O(*n*), where *n* is the length of the line.
  func sideLine(_ line: EvaluatedChunk.Line, side: Side) -> String {
    var html = HTMLText()
    appendSideLine(line, side: side, to: &html)
    return html.string
  }

  func appendSideLine(_ line: EvaluatedChunk.Line, side: Side, to html: inout HTMLText) {
    let (kinds, other) =
      side == .label ? (line.labelKinds, line.modelKinds) : (line.modelKinds, line.labelKinds)
    let isRemoved = side == .label ? line.isRemovedByLabel : line.isRemovedByModel
    html.appendRaw(isRemoved ? "<div class=\"l removed\">" : "<div class=\"l\">")
    html.appendRaw("<span class=\"ln\">\(line.number)</span><span class=\"tx\">")
    if isRemoved { html.appendRaw("<del class=\"line\">") }
    let bytes = Array(line.text.utf8)
    func isMarked(_ offset: Int) -> Bool { kinds[offset] & ChunkDeletions.byRemoveString != 0 }
    func isOwn(_ offset: Int) -> Bool { kinds[offset] != 0 && other[offset] == 0 }
    var start = 0
    while start < bytes.count {
      var end = start + 1
      while end < bytes.count && isMarked(end) == isMarked(start) && isOwn(end) == isOwn(start) {
        end += 1
      }
      if isMarked(start) { html.appendRaw("<mark>") }
      if isOwn(start) { html.appendRaw("<span class=\"\(side.disagreementClass)\">") }
      html.appendEscaped(utf8: bytes[start..<end])
      if isOwn(start) { html.appendRaw("</span>") }
      if isMarked(start) { html.appendRaw("</mark>") }
      start = end
    }
    if isRemoved { html.appendRaw("</del>") }
    if line.hasNewline && kinds[bytes.count] != 0 {
      html.appendRaw(
        isOwn(bytes.count) ? "<span class=\"nl \(side.disagreementClass)\">" : "<span class=\"nl\">"
      )
      html.appendRaw("\n</span>")
    }
    if line.omittedCharacterCount > 0 {
      html.appendRaw(
        "<span class=\"omitted\"> … \(ReportNumberFormat.grouped(line.omittedCharacterCount)) more characters</span>"
      )
    }
    html.appendRaw("</span></div>\n")
  }
}

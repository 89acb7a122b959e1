/// Renders an ``InspectionReport`` as one self-contained HTML page.
///
/// The page has no external assets: the style sheet, the charts (inline SVG,
/// see `SVGChart`) and a few lines of script for the filter are part of it,
/// and it reads nothing from the network. Without script every document is
/// shown. All text from the input is escaped (see `HTMLText`).
///
/// Markup of a document's lines, each with its chunk-local line number (the
/// number the program uses):
///
///     <div class="l removed"><span class="ln">1</span><span class="tx"><del class="line">Home | About</del></span></div>
///     <div class="l"><span class="ln">2</span><span class="tx">Good text. <mark>[ad] </mark>More.</span></div>
///
/// Lines dropped by `remove_lines` are `<del class="line">` (struck through in
/// red), text deleted by `remove_str` is `<mark>` (yellow). The expert's edit
/// (``InspectedDocument/Line/Edit``, from `--corpus`) adds leftover
/// `<span class="lo" data-why="line_join">` (orange, a newline shown as ⏎, its reason in a
/// `<sup class="why-tag">`), over-deleted `<mark class="over">` (pink), rewrites as
/// `<span class="rw-old">` (what was replaced) and `<ins class="rw">` (what was inserted)
/// with `<sup class="rw-size">` (the size that counted), and deletions of rejected documents
/// as `<s class="xd">`. The element that caused a reject carries `data-reject-cause` with
/// the reject code, followed by a `<span class="cause-note">`; a document whose cause is no
/// span has a `<p class="cause" data-reject-cause="…">` above its text. Documents off screen
/// skip layout (`content-visibility: auto`), so large pages open fast.
public struct HTMLReportWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// Returns the whole page.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the displayed documents.
  public func page(for report: InspectionReport) -> String {
    var html = HTMLText(capacity: 64 << 10)
    appendPageHead(
      title: report.title, inputs: report.inputDescriptions, styleSheet: Self.styleSheet, to: &html)
    html.appendRaw(
      "<p class=\"legend\"><del class=\"line\">line</del> removed by <code>remove_lines</code> · <mark>text</mark> removed by <code>remove_str</code> · <span class=\"lo\">text</span><sup class=\"why-tag\">reason</sup> deleted by the expert, kept by the programs (leftover: line join, ambiguous, rewrite neighbour, not expressed) · <mark class=\"over\">text</mark> deleted by the programs, kept by the expert · <span class=\"rw-old\">old</span><ins class=\"rw\">new</ins><sup class=\"rw-size\">n</sup> rewritten by the expert (kept; n characters counted against the limit) · <s class=\"xd\">text</s> deleted by the expert in a rejected document · <span class=\"cause-note\">rejected here</span> the reject's cause · line numbers are chunk-local, as in the programs</p>\n</header>\n"
    )
    appendSummary(report, to: &html)
    appendDocumentList(report, to: &html)
    html.appendRaw("<script>\n\(HTMLReportWriter.script)</script>\n</body>\n</html>\n")
    return html.string
  }

  /// Appends the page up to the legend: doctype, head with `styleSheet`, the title and the
  /// inputs; the one head of every page this writer makes.
  func appendPageHead(
    title: String, inputs: [String], styleSheet: String, to html: inout HTMLText
  ) {
    html.appendRaw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    html.appendRaw(
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
    html.appendEscaped(title)
    html.appendRaw("</title>\n<style>\n\(styleSheet)</style>\n</head>\n<body>\n<header>\n<h1>")
    html.appendEscaped(title)
    html.appendRaw("</h1>\n")
    if !inputs.isEmpty {
      html.appendRaw("<p class=\"inputs\">")
      for (index, description) in inputs.enumerated() {
        if index > 0 { html.appendRaw(" · ") }
        html.appendEscaped(description)
      }
      html.appendRaw("</p>\n")
    }
  }

  /// Appends the notes of a report (what was left out or could not be read) as a list.
  func appendNotes(_ notes: [String], to html: inout HTMLText) {
    guard !notes.isEmpty else { return }
    html.appendRaw("<ul class=\"notes\">\n")
    for note in notes {
      html.appendRaw("<li>")
      html.appendEscaped(note)
      html.appendRaw("</li>\n")
    }
    html.appendRaw("</ul>\n")
  }

  // MARK: - Summary

  /// Returns the summary section: the counts and the three charts.
  ///
  /// - Complexity: O(*r*), where *r* is the number of reject reasons.
  public func summary(of report: InspectionReport) -> String {
    var html = HTMLText()
    appendSummary(report, to: &html)
    return html.string
  }

  func appendSummary(_ report: InspectionReport, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    html.appendRaw("<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"counts\">\n")
    func row(_ name: String, _ value: String) {
      html.appendRaw("<tr><th>")
      html.appendEscaped(name)
      html.appendRaw("</th><td>")
      html.appendEscaped(value)
      html.appendRaw("</td></tr>\n")
    }
    row(
      "Documents",
      "\(format.grouped(report.documentCount)) (\(format.grouped(report.acceptedDocumentCount)) with pairs, \(format.grouped(report.rejectedDocumentCount)) rejected)"
    )
    row("Chunks", format.grouped(report.chunkCount))
    row("Pairs", format.grouped(report.pairCount))
    let reasons = HTMLReportWriter.sortedByCount(report.rejectsByReason)
    row(
      "Rejects",
      format.grouped(report.rejectedDocumentCount)
        + (reasons.isEmpty
          ? ""
          : " (" + reasons.map { "\($0.key) \(format.grouped($0.value))" }.joined(separator: ", ")
            + ")"))
    row(
      "Calls",
      "remove_lines \(format.grouped(report.removeLinesCallCount)), remove_str \(format.grouped(report.removeStringCallCount)), keep_all \(format.grouped(report.keepAllCallCount))"
    )
    row(
      "Characters deleted",
      "\(format.grouped(report.deletedCharacterCount)) of \(format.grouped(report.characterCount)) (\(format.percent(report.deletedCharacterCount, of: report.characterCount)))"
    )
    row(
      "keep_all documents",
      "\(format.grouped(report.keepAllDocumentCount)) of \(format.grouped(report.acceptedDocumentCount)) documents with pairs (\(format.percent(report.keepAllDocumentCount, of: report.acceptedDocumentCount)))"
    )
    if report.fidelityDocumentCount > 0 {
      row(
        "Left in",
        "\(format.grouped(report.leftoverCharacterCount)) characters the expert deleted are kept by the programs, in \(format.grouped(report.leftoverDocumentCount)) of \(format.grouped(report.fidelityDocumentCount)) documents with pairs; \(format.grouped(report.overDeletedCharacterCount)) over-deleted"
      )
    }
    if report.programErrorCount > 0 || report.skippedCallCount > 0 {
      row(
        "Program problems",
        "\(format.counted(report.programErrorCount, "unreadable program line")), \(format.counted(report.skippedCallCount, "skipped call"))"
      )
    }
    html.appendRaw("</table>\n")
    appendNotes(report.notes, to: &html)

    let binCount = InspectionReport.histogramBinCount
    let histogram = SVGChart(
      title: "Deleted share per document", orientation: .vertical,
      bars: report.deletedShareHistogram.enumerated().map { bin, count in
        SVGChart.Bar(label: "\(bin * 100 / binCount)–\((bin + 1) * 100 / binCount)", value: count)
      }, axisLabel: "% of characters deleted (documents with pairs)")
    let calls = SVGChart(
      title: "Calls per kind", orientation: .horizontal,
      bars: [
        .init(
          label: "remove_lines", value: report.removeLinesCallCount,
          link: "#filter=all&calls=remove_lines"),
        .init(
          label: "remove_str", value: report.removeStringCallCount,
          link: "#filter=all&calls=remove_str"),
        .init(
          label: "keep_all", value: report.keepAllCallCount, link: "#filter=all&calls=keep_all"),
      ], color: "#5a9e6f")
    let rejects = SVGChart(
      title: "Reject reasons", orientation: .horizontal,
      bars: reasons.map {
        SVGChart.Bar(
          label: $0.key, value: $0.value,
          link: "#filter=" + HTMLReportWriter.percentEncoded("reason:" + $0.key))
      }, color: "#c0504d")
    html.appendRaw("<div class=\"charts\">\n")
    for chart in [histogram, calls, rejects] {
      html.appendRaw("<figure><figcaption>")
      html.appendEscaped(chart.title)
      html.appendRaw("</figcaption>")
      html.appendRaw(chart.svg)
      html.appendRaw("</figure>\n")
    }
    html.appendRaw("</div>\n</section>\n")
  }

  // MARK: - Documents

  func appendDocumentList(_ report: InspectionReport, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    let shown = format.grouped(report.documents.count)
    html.appendRaw("<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"shown-note\">")
    html.appendRaw("<span id=\"filter-count\" data-total=\"\(report.documents.count)\">")
    html.appendEscaped("Showing \(shown) of \(shown) documents")
    html.appendRaw("</span>")
    if report.undisplayedDocumentCount > 0 {
      html.appendRaw("<span class=\"sampling\">")
      html.appendEscaped(
        " · sampled: the page holds \(shown) of the \(format.grouped(report.documentCount)) documents read, the first \(format.grouped(report.limitPerKind)) of each kind (changed, keep_all, rejected), in input order (see --limit)."
      )
      html.appendRaw("</span>")
    }
    html.appendRaw(
      "</p>\n<div class=\"filters\"><label>Show <select id=\"filter\">\n")
    func option(_ value: String, _ label: String, _ count: Int) {
      html.appendRaw("<option value=\"")
      html.appendEscaped(value)
      html.appendRaw("\">")
      html.appendEscaped("\(label) (\(format.grouped(count)))")
      html.appendRaw("</option>\n")
    }
    option("all", "all documents", report.documents.count)
    option("changed", "changed", report.displayedCountByKind["changed"] ?? 0)
    option("keep_all", "keep_all", report.displayedCountByKind["keep_all"] ?? 0)
    option("rejected", "rejected", report.displayedCountByKind["rejected"] ?? 0)
    for (reason, count) in HTMLReportWriter.sortedByCount(report.displayedCountByReason) {
      option("reason:" + reason, "rejected: " + reason, count)
    }
    html.appendRaw(
      """
      </select></label> <label>with <select id="calls">
      <option value="">any calls</option>
      <option value="remove_lines">remove_lines</option>
      <option value="remove_str">remove_str</option>
      <option value="keep_all">keep_all</option>
      </select></label> <label><input type="checkbox" id="leftover"> has leftover</label> \
      <input type="search" id="search" placeholder="id or text contains…" aria-label="id or text contains"></div>

      """)
    for (index, document) in report.documents.enumerated() {
      appendDocument(document, anchor: "d\(index + 1)", to: &html)
    }
    html.appendRaw("</section>\n")
  }

  /// Returns the markup of one document: header, chunks with marked lines, programs.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the document's displayed lines.
  public func document(_ document: InspectedDocument) -> String {
    var html = HTMLText()
    appendDocument(document, anchor: "d1", to: &html)
    return html.string
  }

  func appendDocument(_ document: InspectedDocument, anchor: String, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    var reason = ""
    var detail = ""
    if case .rejected(let code, let text) = document.status { (reason, detail) = (code, text) }
    var calls: [String] = []
    if document.chunks.contains(where: { $0.removeLinesCallCount > 0 }) {
      calls.append("remove_lines")
    }
    if document.chunks.contains(where: { $0.removeStringCallCount > 0 }) {
      calls.append("remove_str")
    }
    if document.chunks.contains(where: { $0.hasProgram && $0.isKeepAll }) {
      calls.append("keep_all")
    }
    html.appendRaw("<article class=\"doc\" id=\"\(anchor)\" data-id=\"")
    html.appendEscaped(document.id)
    html.appendRaw("\" data-kind=\"\(document.status.kind)\" data-reason=\"")
    html.appendEscaped(reason)
    html.appendRaw("\" data-calls=\"\(calls.joined(separator: " "))\"")
    if let leftover = document.leftoverCharacterCount {
      html.appendRaw(" data-leftover=\"\(leftover)\"")
    }
    html.appendRaw(">\n<header><a class=\"doc-id\" href=\"#doc=")
    html.appendEscaped(HTMLReportWriter.percentEncoded(document.id))
    html.appendRaw("\">")
    html.appendEscaped(document.id)
    html.appendRaw(
      "</a> <span class=\"badge \(document.status.kind)\">\(document.status.kind)</span>")
    if case .rejected = document.status {
      html.appendRaw(" <code class=\"reason\">")
      html.appendEscaped(reason)
      html.appendRaw("</code> <span class=\"detail\">")
      html.appendEscaped(detail)
      html.appendRaw("</span>")
      if document.rejectCause?.isMarkedInText == true {
        html.appendRaw(" <a class=\"to-cause\" href=\"#doc=")
        html.appendEscaped(HTMLReportWriter.percentEncoded(document.id))
        html.appendRaw("\">show the cause</a>")
      }
    } else {
      html.appendRaw(" <span class=\"stats\">")
      html.appendEscaped(
        "\(format.grouped(document.deletedCharacterCount)) of \(format.grouped(document.characterCount)) characters deleted (\(format.percent(document.deletedCharacterCount, of: document.characterCount)))"
          + (document.chunks.count > 1 ? " · \(document.chunks.count) chunks" : ""))
      html.appendRaw("</span>")
    }
    var fidelity: [String] = []
    if let leftover = document.leftoverCharacterCount, leftover > 0 {
      fidelity.append("\(format.grouped(leftover)) expert-deleted characters left in")
    }
    if let over = document.overDeletedCharacterCount, over > 0 {
      fidelity.append("\(format.grouped(over)) over-deleted")
    }
    if let rewrites = document.rewriteCount, rewrites > 0 {
      fidelity.append(format.counted(rewrites, "rewrite"))
    }
    if !fidelity.isEmpty {
      html.appendRaw(" <span class=\"fidelity\">")
      html.appendEscaped(fidelity.joined(separator: " · "))
      html.appendRaw("</span>")
    }
    if let source = document.source {
      html.appendRaw(" <span class=\"source\">")
      html.appendEscaped(source)
      html.appendRaw("</span>")
    }
    html.appendRaw("</header>\n")
    if let cause = document.rejectCause, !cause.isMarkedInText {
      html.appendRaw("<p class=\"cause\" data-reject-cause=\"")
      html.appendEscaped(cause.code)
      html.appendRaw("\"><strong>Rejected: ")
      html.appendEscaped(cause.code)
      html.appendRaw("</strong> ")
      html.appendEscaped(
        detail + (HTMLReportWriter.causeExplanation[cause.code].map { ". " + $0 } ?? ""))
      html.appendRaw("</p>\n")
    }
    if case .rejected = document.status, document.chunks.isEmpty {
      html.appendRaw(
        "<p class=\"note\">The text of rejected records is not in a rejects file (inspect --corpus shows it with the expert's edit).</p>\n"
      )
    }
    for chunk in document.chunks {
      appendChunk(chunk, isOnlyChunk: document.chunks.count == 1, to: &html)
    }
    html.appendRaw("</article>\n")
  }

  /// What a reject that is not one span of the text means, by code.
  static let causeExplanation: [String: String] = [
    "text_reordered":
      "The refinement moves text: lines that occur once on each side keep their order for less than half of their bytes",
    "refinement_unrelated":
      "The refinement is not made of this text (another document, a translation, a summary)",
    "alignment_budget_exhausted": "Aligning the texts needs more work than --work-budget allows",
    "pair_too_long": "A chunk's prompt plus completion is over --max-pair-tokens",
    "keep_all_sampled_out": "An unchanged document, not drawn at --keep-all-rate",
    "over_deletion": "The programs delete characters the expert kept",
    "round_trip_mismatch": "A program does not reproduce its target (a bug)",
  ]

  /// `text` with every byte outside `A–Z a–z 0–9 - . _ ~` percent-encoded, for a link.
  static func percentEncoded(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        bytes.append(byte)
      default:
        bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  func appendChunk(_ chunk: InspectedDocument.Chunk, isOnlyChunk: Bool, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    html.appendRaw("<section class=\"chunk\">\n")
    if !isOnlyChunk {
      html.appendRaw("<div class=\"chunk-head\">")
      html.appendEscaped(
        "chunk \(chunk.index) · document lines \(format.grouped(chunk.firstLineNumber))–\(format.grouped(chunk.firstLineNumber + chunk.lineCount - 1)) · \(format.grouped(chunk.deletedCharacterCount)) of \(format.grouped(chunk.characterCount)) characters deleted"
      )
      html.appendRaw("</div>\n")
    }
    html.appendRaw("<div class=\"lines\">\n")
    for line in chunk.lines { appendLine(line, to: &html) }
    html.appendRaw("</div>\n")
    if chunk.omittedLineCount > 0 {
      html.appendRaw("<p class=\"note\">")
      html.appendEscaped(
        "Truncated: \(format.grouped(chunk.omittedLineCount)) more lines of this chunk not shown (\(format.grouped(chunk.lines.count)) of \(format.grouped(chunk.lineCount)) shown)."
      )
      html.appendRaw("</p>\n")
    }
    if let programLines = chunk.programLines { appendProgram(programLines, to: &html) }
    html.appendRaw("</section>\n")
  }

  /// Appends a program's lines: applied calls as written, skipped and unreadable lines
  /// marked with why.
  func appendProgram(_ programLines: [InspectedDocument.ProgramLine], to html: inout HTMLText) {
    html.appendRaw("<pre class=\"program\">")
    if programLines.isEmpty {
      html.appendRaw("<span class=\"why\"># empty program: keep_all</span>")
    }
    for (index, line) in programLines.enumerated() {
      if index > 0 { html.appendRaw("\n") }
      switch line.kind {
      case .applied:
        html.appendEscaped(line.text)
      case .skipped(let reason):
        html.appendRaw("<span class=\"skipped\">")
        html.appendEscaped(line.text)
        html.appendRaw("</span><span class=\"why\">  # skipped: ")
        html.appendEscaped(reason)
        html.appendRaw("</span>")
      case .unreadable(let message):
        html.appendRaw("<span class=\"unreadable\">")
        html.appendEscaped(line.text)
        html.appendRaw("</span><span class=\"why\">  # unreadable: ")
        html.appendEscaped(message)
        html.appendRaw("</span>")
      }
    }
    html.appendRaw("</pre>\n")
  }

  /// Returns the markup of one line: its number, its text with `remove_str`
  /// spans in `<mark>`, the whole text in `<del class="line">` when
  /// `remove_lines` drops it, and a note on characters cut off.
  ///
  ///     HTMLReportWriter().line(.init(number: 2, text: "a <b> c", removedUTF8Ranges: [2..<5]))
  ///     // <div class="l"><span class="ln">2</span><span class="tx">a <mark>&lt;b&gt;</mark> c</span></div>
  ///
  /// - Complexity: O(*n*), where *n* is the length of the line.
  public func line(_ line: InspectedDocument.Line) -> String {
    var html = HTMLText()
    appendLine(line, to: &html)
    return html.string
  }

  func appendLine(_ line: InspectedDocument.Line, to html: inout HTMLText) {
    guard !line.edits.isEmpty else { return appendPlainLine(line, to: &html) }
    html.appendRaw(line.isRemoved ? "<div class=\"l removed\">" : "<div class=\"l\">")
    html.appendRaw("<span class=\"ln\">\(line.number)</span><span class=\"tx\">")
    if line.isRemoved { html.appendRaw("<del class=\"line\">") }
    let bytes = Array(line.text.utf8)
    // For every byte (and the newline slot at the end): the span edit over it (index + 1,
    // 0 for none) and whether a program's remove_str deletes it.
    var editOf = [Int](repeating: 0, count: bytes.count + 1)
    var isRemoved = [Bool](repeating: false, count: bytes.count + 1)
    for range in line.removedUTF8Ranges {
      for offset in range.clamped(to: 0..<bytes.count) { isRemoved[offset] = true }
    }
    var insertions: [Int: [Int]] = [:]
    for (index, edit) in line.edits.enumerated() {
      if edit.utf8Range.isEmpty {
        insertions[min(edit.utf8Range.lowerBound, bytes.count), default: []].append(index)
        continue
      }
      for offset in edit.utf8Range.clamped(to: 0..<(bytes.count + 1)) where editOf[offset] == 0 {
        editOf[offset] = index + 1
      }
    }
    var offset = 0
    while offset <= bytes.count {
      for index in insertions[offset] ?? [] { appendInsertion(line.edits[index], to: &html) }
      guard offset < bytes.count || editOf[offset] != 0 else { break }
      var end = offset + 1
      while end < bytes.count && editOf[end] == editOf[offset]
        && isRemoved[end] == isRemoved[offset]
        && insertions[end] == nil
      {
        end += 1
      }
      let isNewline = offset == bytes.count
      let text = isNewline ? Array("\u{23CE}".utf8)[...] : bytes[offset..<end]
      if editOf[offset] == 0 {
        if isRemoved[offset] { html.appendRaw("<mark>") }
        html.appendEscaped(utf8: text)
        if isRemoved[offset] { html.appendRaw("</mark>") }
      } else {
        let edit = line.edits[editOf[offset] - 1]
        let isFirst = offset == 0 || editOf[offset - 1] != editOf[offset]
        appendSpan(
          edit, text: text, isNewline: isNewline, isRemoved: isRemoved[offset],
          namesCause: isFirst, to: &html)
      }
      offset = end
    }
    if line.isRemoved { html.appendRaw("</del>") }
    if line.omittedCharacterCount > 0 {
      html.appendRaw(
        "<span class=\"omitted\"> … \(ReportNumberFormat.grouped(line.omittedCharacterCount)) more characters</span>"
      )
    }
    html.appendRaw("</span></div>\n")
  }

  /// A line without edits: `remove_str` spans in `<mark>`.
  func appendPlainLine(_ line: InspectedDocument.Line, to html: inout HTMLText) {
    html.appendRaw(line.isRemoved ? "<div class=\"l removed\">" : "<div class=\"l\">")
    html.appendRaw("<span class=\"ln\">\(line.number)</span><span class=\"tx\">")
    if line.isRemoved { html.appendRaw("<del class=\"line\">") }
    let bytes = Array(line.text.utf8)
    var offset = 0
    for range in line.removedUTF8Ranges {
      let lower = min(max(range.lowerBound, offset), bytes.count)
      let upper = min(max(range.upperBound, lower), bytes.count)
      html.appendEscaped(utf8: bytes[offset..<lower])
      html.appendRaw("<mark>")
      html.appendEscaped(utf8: bytes[lower..<upper])
      html.appendRaw("</mark>")
      offset = upper
    }
    html.appendEscaped(utf8: bytes[offset...])
    if line.isRemoved { html.appendRaw("</del>") }
    if line.omittedCharacterCount > 0 {
      html.appendRaw(
        "<span class=\"omitted\"> … \(ReportNumberFormat.grouped(line.omittedCharacterCount)) more characters</span>"
      )
    }
    html.appendRaw("</span></div>\n")
  }

  /// The attributes that name a reject cause, and the element's opening tag ends after them.
  func appendCauseAttributes(_ edit: InspectedDocument.Line.Edit, to html: inout HTMLText) {
    guard let cause = edit.rejectCause else { return }
    html.appendRaw(" data-reject-cause=\"")
    html.appendEscaped(cause)
    html.appendRaw("\"")
  }

  /// The note next to a cause.
  func appendCauseNote(_ edit: InspectedDocument.Line.Edit, to html: inout HTMLText) {
    guard edit.rejectCause != nil else { return }
    html.appendRaw("<span class=\"cause-note\">")
    html.appendEscaped("◀ rejected here: " + (edit.causeNote ?? edit.rejectCause ?? ""))
    html.appendRaw("</span>")
  }

  /// A text a rewrite inserted, with the size the rewrite counted.
  func appendInsertion(_ edit: InspectedDocument.Line.Edit, to html: inout HTMLText) {
    guard case .inserted(let text, let count) = edit.kind else { return }
    html.appendRaw("<ins class=\"rw\"")
    appendCauseAttributes(edit, to: &html)
    html.appendRaw(" title=\"")
    html.appendEscaped(
      "inserted by a rewrite of \(ReportNumberFormat.counted(count, "character")) (counted against --max-rewrite-chars); the programs keep the original"
    )
    html.appendRaw("\">")
    html.appendEscaped(text)
    html.appendRaw("</ins><sup class=\"rw-size\">\(count)</sup>")
    appendCauseNote(edit, to: &html)
  }

  /// A span of a line under an edit: leftover, over-deleted, expert-deleted or replaced.
  func appendSpan(
    _ edit: InspectedDocument.Line.Edit, text: ArraySlice<UInt8>, isNewline: Bool,
    isRemoved: Bool, namesCause: Bool, to html: inout HTMLText
  ) {
    let (tag, cssClass, title): (String, String, String)
    switch edit.kind {
    case .leftover(let reason):
      (tag, cssClass, title) = (
        "span", "lo", "deleted by the expert, kept by the programs: " + reason
      )
    case .overDeleted:
      (tag, cssClass, title) = ("mark", "over", "deleted by the programs, kept by the expert")
    case .expertDeleted:
      (tag, cssClass, title) = ("s", "xd", "deleted by the expert (no program was written)")
    case .replaced:
      (tag, cssClass, title) = ("span", "rw-old", "replaced by a rewrite; the programs keep it")
    case .inserted:
      return
    }
    // A deleted newline is only worth a mark when it is leftover or over-deleted.
    if isNewline && edit.rejectCause == nil {
      if case .expertDeleted = edit.kind { return }
      if case .replaced = edit.kind { return }
    }
    html.appendRaw("<\(tag) class=\"\(cssClass)\(isNewline ? " nl" : "")\"")
    if case .leftover(let reason) = edit.kind {
      html.appendRaw(" data-why=\"")
      html.appendEscaped(reason)
      html.appendRaw("\"")
    }
    if namesCause { appendCauseAttributes(edit, to: &html) }
    html.appendRaw(" title=\"")
    html.appendEscaped(title)
    html.appendRaw("\">")
    if isRemoved && !isNewline, case .overDeleted = edit.kind {
      html.appendEscaped(utf8: text)
    } else if isRemoved && !isNewline {
      html.appendRaw("<mark>")
      html.appendEscaped(utf8: text)
      html.appendRaw("</mark>")
    } else {
      html.appendEscaped(utf8: text)
    }
    html.appendRaw("</\(tag)>")
    if case .leftover(let reason) = edit.kind {
      html.appendRaw("<sup class=\"why-tag\">")
      html.appendEscaped(String(reason.map { $0 == "_" ? " " : $0 }))
      html.appendRaw("</sup>")
    }
    if namesCause { appendCauseNote(edit, to: &html) }
  }

  /// Entries sorted by descending count, then by name.
  static func sortedByCount(_ counts: [String: Int]) -> [(key: String, value: Int)] {
    counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
  }

  // MARK: - Assets

  static let styleSheet = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fff;margin:0 auto;max-width:1180px;padding:12px 24px 48px}
    h1{font-size:22px;margin:10px 0 4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin:26px 0 10px}
    .inputs,.legend,.shown-note{color:#555;font-size:13px;margin:4px 0}
    table.counts{border-collapse:collapse}table.counts th{text-align:left;font-weight:600;padding:3px 18px 3px 0;vertical-align:top;white-space:nowrap}table.counts td{padding:3px 0}
    ul.notes{color:#8a5a00;font-size:13px}
    .charts{display:flex;flex-wrap:wrap;gap:14px;margin-top:12px}
    figure{margin:0;border:1px solid #e2e2e2;border-radius:6px;padding:8px 10px;flex:0 1 auto;min-width:0;max-width:100%;box-sizing:border-box}figcaption{font-size:13px;font-weight:600;color:#333;margin-bottom:4px}
    figure svg{display:block;width:100%;height:auto}figure svg a:hover rect{opacity:.75}
    .filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #eee;z-index:1;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
    .filters select,.filters input[type=search]{max-width:100%;font:inherit}.filters input[type=search]{flex:1 1 160px;min-width:0}
    #filter-count{color:#666;font-size:13px;margin-left:8px}
    article.doc{border:1px solid #ddd;border-radius:6px;margin:12px 0;overflow:hidden;content-visibility:auto;contain-intrinsic-size:auto 600px}
    article.doc>header{background:#f5f6f8;padding:6px 10px;border-bottom:1px solid #e4e4e4;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
    .doc-id{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;color:inherit;text-decoration:none;overflow-wrap:anywhere}
    article.doc.target{box-shadow:0 0 0 3px #4a78b5}
    .detail,.fidelity,.source{overflow-wrap:anywhere;min-width:0}.fidelity{color:#9a4a00;font-size:12.5px}
    .lo{background:#ffd9b3;border-bottom:2px dotted #d9730d}.lo.nl{color:#d9730d}
    sup.why-tag{font:10px system-ui,sans-serif;color:#9a4a00;margin:0 2px;user-select:none}
    mark.over{background:#f8bbd9;outline:1px solid #c2185b}
    s.xd{background:#f1e4f7;color:#6a1b9a;text-decoration-color:#6a1b9a}
    .rw-old{background:#e3e8fd;text-decoration:underline wavy #5c6bc0}
    ins.rw{background:#c9f2d3;color:#14532d;text-decoration:none;border-radius:2px}
    sup.rw-size{font:10px system-ui,sans-serif;color:#1d4ed8;margin-left:1px}
    [data-reject-cause]{outline:2px solid #b91c1c;outline-offset:1px;border-radius:2px}
    .cause-note{display:inline-block;background:#b91c1c;color:#fff;font:11px/1.5 system-ui,sans-serif;padding:0 6px;border-radius:3px;margin:0 4px;white-space:normal}
    p.cause{border-left:4px solid #b91c1c;background:#fdecec;padding:6px 10px;margin:6px 10px;font-size:13px;overflow-wrap:anywhere;outline:none}
    a.to-cause{font-size:12px;color:#b91c1c}
    .badge{font-size:11px;padding:1px 8px;border-radius:9px}.badge.changed{background:#e3edfa;color:#1a4a8a}.badge.keep_all{background:#e6f4ea;color:#1e5e2e}.badge.rejected{background:#fbe4e4;color:#9b1c1c}
    .stats,.source,.detail{color:#555;font-size:12.5px}.source{margin-left:auto;font-family:ui-monospace,Menlo,Consolas,monospace}
    code.reason{color:#9b1c1c}
    .chunk-head{font-size:12px;color:#555;background:#fafafa;padding:3px 10px;border-top:1px dashed #e0e0e0}
    .lines{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;padding:4px 0}
    .l{display:flex}.ln{flex:none;width:4.2em;padding-right:10px;text-align:right;color:#9a9a9a;user-select:none}
    .tx{flex:1;min-width:0;white-space:pre-wrap;overflow-wrap:anywhere}
    .l.removed{background:#fdf0f0}
    del.line{color:#c62828;text-decoration:line-through;text-decoration-color:#c62828}
    del.line:empty::before{content:"\\23CE";color:#e0a0a0}
    mark{background:#ffec6e;color:inherit;border-radius:2px}
    .omitted{color:#888;font-style:italic}
    pre.program{margin:2px 10px 10px;padding:6px 10px;background:#f3f4f6;border-radius:4px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
    .skipped{text-decoration:line-through;color:#777}.unreadable{color:#9b1c1c}.why{color:#8a5a00}
    .note{color:#8a5a00;font-size:12.5px;margin:4px 10px}
    @media (max-width:640px){body{padding:8px 8px 32px}.ln{width:2.4em;padding-right:6px}.source{margin-left:0}table.counts th{white-space:normal}h1{font-size:19px}}

    """

  static let script = """
    (function () {
      function $(id) { return document.getElementById(id); }
      var kind = $("filter"), calls = $("calls"), leftover = $("leftover"), search = $("search");
      var count = $("filter-count");
      var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
      var texts = null, timer = 0;
      function grouped(n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ","); }
      function matches(doc, index, needle) {
        var d = doc.dataset, value = kind.value;
        if (!(value === "all" || d.kind === value || "reason:" + d.reason === value)) return false;
        if (calls.value && (" " + d.calls + " ").indexOf(" " + calls.value + " ") < 0) return false;
        if (leftover.checked && !(Number(d.leftover) > 0)) return false;
        if (needle) {
          if (!texts) texts = docs.map(function (x) { return x.textContent.toLowerCase(); });
          if (texts[index].indexOf(needle) < 0) return false;
        }
        return true;
      }
      function apply() {
        var needle = search.value.trim().toLowerCase(), shown = 0;
        docs.forEach(function (doc, index) {
          var match = matches(doc, index, needle);
          if (doc.hidden === match) doc.hidden = !match;
          if (match) shown++;
        });
        count.textContent = "Showing " + grouped(shown) + " of " + grouped(docs.length) + " documents";
      }
      // The address keeps the filters: #filter=rejected&calls=remove_str&leftover=1&q=text,
      // and #doc=ID shows one document (a rejected one at its cause).
      function params() {
        var result = {};
        location.hash.replace(/^#/, "").split("&").forEach(function (part) {
          var at = part.indexOf("=");
          if (at > 0) {
            try { result[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1)); } catch (e) {}
          }
        });
        return result;
      }
      function save() {
        var parts = ["filter=" + encodeURIComponent(kind.value)];
        if (calls.value) parts.push("calls=" + encodeURIComponent(calls.value));
        if (leftover.checked) parts.push("leftover=1");
        if (search.value) parts.push("q=" + encodeURIComponent(search.value));
        try { history.replaceState(null, "", "#" + parts.join("&")); } catch (e) {}
      }
      function choose(select, value) {
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.value === value) select.value = value;
        });
      }
      function show(id) {
        var doc = docs.filter(function (x) { return x.dataset.id === id; })[0];
        if (!doc) return;
        if (doc.hidden) {
          kind.value = "all"; calls.value = ""; leftover.checked = false; search.value = "";
          apply();
        }
        docs.forEach(function (x) { x.classList.remove("target"); });
        doc.classList.add("target");
        var cause = doc.querySelector("[data-reject-cause]");
        (cause || doc).scrollIntoView({ block: cause ? "center" : "start" });
      }
      function read() {
        var p = params();
        if (p.filter !== undefined) choose(kind, p.filter);
        if (p.calls !== undefined) choose(calls, p.calls);
        if (p.leftover !== undefined) leftover.checked = p.leftover === "1";
        if (p.q !== undefined) search.value = p.q;
        apply();
        if (p.doc !== undefined) show(p.doc);
      }
      [kind, calls, leftover].forEach(function (control) {
        control.addEventListener("change", function () { save(); apply(); });
      });
      search.addEventListener("change", function () { clearTimeout(timer); save(); apply(); });
      search.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { save(); apply(); }, 150);
      });
      window.addEventListener("hashchange", function () {
        read();
        // A chart's bar links to a filter: show its documents.
        if (params().doc === undefined) document.getElementById("documents").scrollIntoView();
      });
      read();
    })();

    """
}

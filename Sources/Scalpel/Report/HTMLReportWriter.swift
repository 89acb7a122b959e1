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
/// red), text deleted by `remove_str` is `<mark>` (yellow).
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
      "<p class=\"legend\"><del class=\"line\">line</del> removed by <code>remove_lines</code> · <mark>text</mark> removed by <code>remove_str</code> · line numbers are chunk-local, as in the programs</p>\n</header>\n"
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
        .init(label: "remove_lines", value: report.removeLinesCallCount),
        .init(label: "remove_str", value: report.removeStringCallCount),
        .init(label: "keep_all", value: report.keepAllCallCount),
      ], color: "#5a9e6f")
    let rejects = SVGChart(
      title: "Reject reasons", orientation: .horizontal,
      bars: reasons.map { SVGChart.Bar(label: $0.key, value: $0.value) }, color: "#c0504d")
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
    html.appendRaw("<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"shown-note\">")
    html.appendEscaped(
      "Showing \(format.grouped(report.documents.count)) of \(format.grouped(report.documentCount)) documents: the first \(format.grouped(report.limitPerKind)) of each kind (changed, keep_all, rejected), in input order."
    )
    html.appendRaw(
      "</p>\n<div class=\"filters\"><label for=\"filter\">Show</label> <select id=\"filter\">\n")
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
    html.appendRaw("</select> <span id=\"filter-count\"></span></div>\n")
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
    html.appendRaw(
      "<article class=\"doc\" id=\"\(anchor)\" data-kind=\"\(document.status.kind)\" data-reason=\""
    )
    html.appendEscaped(reason)
    html.appendRaw("\">\n<header><span class=\"doc-id\">")
    html.appendEscaped(document.id)
    html.appendRaw(
      "</span> <span class=\"badge \(document.status.kind)\">\(document.status.kind)</span>")
    if case .rejected = document.status {
      html.appendRaw(" <code class=\"reason\">")
      html.appendEscaped(reason)
      html.appendRaw("</code> <span class=\"detail\">")
      html.appendEscaped(detail)
      html.appendRaw("</span>")
    } else {
      html.appendRaw(" <span class=\"stats\">")
      html.appendEscaped(
        "\(format.grouped(document.deletedCharacterCount)) of \(format.grouped(document.characterCount)) characters deleted (\(format.percent(document.deletedCharacterCount, of: document.characterCount)))"
          + (document.chunks.count > 1 ? " · \(document.chunks.count) chunks" : ""))
      html.appendRaw("</span>")
    }
    if let source = document.source {
      html.appendRaw(" <span class=\"source\">")
      html.appendEscaped(source)
      html.appendRaw("</span>")
    }
    html.appendRaw("</header>\n")
    if case .rejected = document.status, document.chunks.isEmpty {
      html.appendRaw(
        "<p class=\"note\">The text of rejected records is not in a rejects file.</p>\n")
    }
    for chunk in document.chunks {
      appendChunk(chunk, isOnlyChunk: document.chunks.count == 1, to: &html)
    }
    html.appendRaw("</article>\n")
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
    figure{margin:0;border:1px solid #e2e2e2;border-radius:6px;padding:8px 10px}figcaption{font-size:13px;font-weight:600;color:#333;margin-bottom:4px}
    .filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #eee;z-index:1}
    #filter-count{color:#666;font-size:13px;margin-left:8px}
    article.doc{border:1px solid #ddd;border-radius:6px;margin:12px 0;overflow:hidden}
    article.doc>header{background:#f5f6f8;padding:6px 10px;border-bottom:1px solid #e4e4e4;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
    .doc-id{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace}
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

    """

  static let script = """
    (function () {
      var select = document.getElementById("filter"), count = document.getElementById("filter-count");
      var docs = document.querySelectorAll("article.doc");
      function apply() {
        var value = select.value, shown = 0;
        docs.forEach(function (doc) {
          var match = value === "all" || doc.dataset.kind === value || "reason:" + doc.dataset.reason === value;
          doc.hidden = !match;
          if (match) shown++;
        });
        count.textContent = shown + " shown";
      }
      // A link may choose the filter: report.html#filter=rejected or #filter=reason:too_few_deletions.
      var wanted = decodeURIComponent(location.hash.replace(/^#filter=/, ""));
      Array.prototype.forEach.call(select.options, function (option) {
        if (location.hash.indexOf("#filter=") === 0 && option.value === wanted) select.value = wanted;
      });
      select.addEventListener("change", function () {
        try { history.replaceState(null, "", "#filter=" + encodeURIComponent(select.value)); } catch (e) {}
        apply();
      });
      apply();
    })();

    """
}

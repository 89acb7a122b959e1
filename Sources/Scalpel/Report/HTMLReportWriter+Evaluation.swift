/// The evaluation page of `inspect --labels`: the `eval` figures over every label, a filter
/// (disagreements only, status, id search) and the side-by-side entries
/// (`HTMLReportWriter+SideBySide.swift`). Self-contained like the document page.
///
/// Every figure of the summary is in an element with `data-stat` naming its key in
/// `eval --stats` (`chars.precision`, `by_kind.remove_str.lines.f1`,
/// `replies.failed.truncated`), written as `eval` writes it: counts as integers, rates with
/// four decimals, `–` for `null`.
extension HTMLReportWriter {
  /// Returns the whole evaluation page.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the displayed chunks.
  public func page(for report: EvaluationReport) -> String {
    var html = HTMLText(capacity: 64 << 10)
    appendPageHead(
      title: report.title, inputs: report.inputDescriptions,
      styleSheet: Self.styleSheet + Self.evaluationStyleSheet, to: &html)
    html.appendRaw(
      "<p class=\"legend\">Each chunk twice: the label left, the model right (as apply would apply its program). <del class=\"line\">line</del> removed by <code>remove_lines</code> · <mark>text</mark> removed by <code>remove_str</code> · <span class=\"over\">over-deleted</span>: the model deletes, the label keeps (model column) · <span class=\"missed\">missed</span>: the label deletes, the model keeps (label column) · ⏎ a deleted newline · agree: the same output</p>\n</header>\n"
    )
    appendEvaluationSummary(report, to: &html)
    appendEntryList(report, to: &html)
    html.appendRaw("<script>\n\(HTMLReportWriter.evaluationScript)</script>\n</body>\n</html>\n")
    return html.string
  }

  /// Returns the summary section of the evaluation page.
  ///
  /// - Complexity: O(*r*), where *r* is the number of reject and failure reasons.
  public func summary(of report: EvaluationReport) -> String {
    var html = HTMLText()
    appendEvaluationSummary(report, to: &html)
    return html.string
  }

  func appendEvaluationSummary(_ report: EvaluationReport, to html: inout HTMLText) {
    let summary = report.summary
    let counters = summary.counters
    func stat(_ key: String, _ value: Int) {
      html.appendRaw("<span data-stat=\"\(key)\">\(value)</span>")
    }
    func rate(_ key: String, _ value: Double?) {
      html.appendRaw(
        "<span data-stat=\"\(key)\">\(value.map { SummaryNumberFormat.decimal($0, places: 4) } ?? "–")</span>"
      )
    }
    func cell(_ body: () -> Void) {
      html.appendRaw("<td>")
      body()
      html.appendRaw("</td>")
    }
    html.appendRaw(
      "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"shown-note\">Over every label, as <code>scalpel eval --stats</code> reports them.</p>\n<div class=\"scroll\"><table class=\"figures\">\n<tr><th></th><th>of</th><th>label</th><th>model</th><th>both</th><th>over-deleted</th><th>missed</th><th>precision</th><th>recall</th><th>F1</th></tr>\n"
    )
    for (key, agreement, total) in [
      ("chars", counters.characters, counters.chunkCharacterCount),
      ("lines", counters.lines, counters.chunkLineCount),
    ] {
      html.appendRaw("<tr><th>\(key)</th>")
      cell { stat("\(key).chunk_\(key)", total) }
      for (name, value) in [
        ("label", agreement.labelCount), ("model", agreement.modelCount),
        ("both", agreement.bothCount), ("over_deleted", agreement.modelOnlyCount),
        ("missed", agreement.labelOnlyCount),
      ] {
        cell { stat("\(key).\(name)", value) }
      }
      for (name, value) in [
        ("precision", agreement.precision), ("recall", agreement.recall), ("f1", agreement.f1),
      ] {
        cell { rate("\(key).\(name)", value) }
      }
      html.appendRaw("</tr>\n")
    }
    html.appendRaw(
      "</table></div>\n<div class=\"scroll\"><table class=\"figures\">\n<tr><th>by kind</th><th>unit</th><th>label calls</th><th>model calls</th><th>precision</th><th>recall</th><th>F1</th></tr>\n"
    )
    for (kind, characters, lines, labelCalls, modelCalls) in [
      (
        "remove_lines", counters.removeLinesCharacters, counters.removeLinesLines,
        counters.labelCalls.removeLines, counters.modelAppliedCalls.removeLines
      ),
      (
        "remove_str", counters.removeStringCharacters, counters.removeStringLines,
        counters.labelCalls.removeString, counters.modelAppliedCalls.removeString
      ),
    ] {
      for (unit, agreement) in [("chars", characters), ("lines", lines)] {
        html.appendRaw("<tr><th>\(kind)</th><td>\(unit)</td>")
        if unit == "chars" {
          cell { stat("by_kind.\(kind).label_calls", labelCalls) }
          cell { stat("by_kind.\(kind).model_calls", modelCalls) }
        } else {
          html.appendRaw("<td></td><td></td>")
        }
        let prefix = "by_kind.\(kind).\(unit)"
        cell { rate("\(prefix).precision", agreement.precision) }
        cell { rate("\(prefix).recall", agreement.recall) }
        cell { rate("\(prefix).f1", agreement.f1) }
        html.appendRaw("</tr>\n")
      }
    }
    html.appendRaw("</table></div>\n<div class=\"scroll\"><table class=\"counts\">\n")
    func row(_ name: String, _ body: () -> Void) {
      html.appendRaw("<tr><th>")
      html.appendEscaped(name)
      html.appendRaw("</th><td>")
      body()
      html.appendRaw("</td></tr>\n")
    }
    let chunks = counters.chunkCount
    row("Labels") {
      stat("labels_in", summary.recordCount)
      html.appendRaw(" read: ")
      stat("labels_scored", summary.writtenRecordCount)
      html.appendRaw(" scored, ")
      stat("labels_rejected", summary.rejectedRecordCount)
      html.appendRaw(" rejected")
      let reasons = HTMLReportWriter.sortedByCount(summary.rejectedByReason)
      for (index, reason) in reasons.enumerated() {
        html.appendRaw(index == 0 ? " (" : ", ")
        html.appendEscaped(reason.key)
        html.appendRaw(" ")
        stat("rejects_by_reason.\(HTMLText.escaping(reason.key))", reason.value)
      }
      if !reasons.isEmpty { html.appendRaw(")") }
    }
    row("Exact") {
      html.appendRaw("program ")
      stat("exact_program.chunks", counters.exactProgramCount)
      html.appendRaw(" (")
      rate("exact_program.rate", counters.exactProgramRate)
      html.appendRaw("), output ")
      stat("exact_output.chunks", counters.exactOutputCount)
      html.appendRaw(" (")
      rate("exact_output.rate", counters.exactOutputRate)
      html.appendRaw(") of \(chunks) chunks")
    }
    row("Emptied chunks") {
      html.appendRaw("model ")
      stat("emptied_chunks.model", counters.modelEmptiedCount)
      html.appendRaw(" (")
      rate("emptied_chunks.model_share", counters.modelEmptiedShare)
      html.appendRaw("), label ")
      stat("emptied_chunks.label", counters.labelEmptiedCount)
      html.appendRaw(" (")
      rate("emptied_chunks.label_share", counters.labelEmptiedShare)
      html.appendRaw(")")
    }
    row("keep_all confusion") {
      html.appendRaw("both keep ")
      stat("keep_all_confusion.both_keep", counters.bothKeepCount)
      html.appendRaw(", label keeps / model deletes ")
      stat("keep_all_confusion.label_keeps_model_deletes", counters.labelKeepsModelDeletesCount)
      html.appendRaw(", label deletes / model keeps ")
      stat("keep_all_confusion.label_deletes_model_keeps", counters.labelDeletesModelKeepsCount)
      html.appendRaw(", both delete ")
      stat("keep_all_confusion.both_delete", counters.bothDeleteCount)
      html.appendRaw(" (agreement ")
      rate(
        "keep_all_confusion.agreement",
        counters.keepAllAgreement)
      html.appendRaw(")")
    }
    row("Model programs") {
      stat("programs.usable", counters.programCount)
      html.appendRaw(" usable, ")
      stat("programs.with_parse_errors", counters.parseErrorProgramCount)
      html.appendRaw(" with parse errors (")
      rate(
        "programs.parse_error_rate",
        counters.parseErrorRate)
      html.appendRaw("; ")
      stat("programs.parse_error_lines", counters.parseErrorLineCount)
      html.appendRaw(" lines), ")
      stat("programs.skipped_calls", counters.skippedCallCount)
      html.appendRaw(" of ")
      stat("programs.calls", counters.modelCallCount)
      html.appendRaw(" calls skipped (")
      rate(
        "programs.skipped_call_rate",
        counters.skippedCallRate)
      html.appendRaw("), ")
      stat("programs.over_error_budget", counters.overErrorBudgetCount)
      html.appendRaw(" over the error budget, ")
      stat("programs.too_aggressive", counters.tooAggressiveCount)
      html.appendRaw(" too aggressive")
    }
    row("Replies") {
      stat("replies.lines", counters.programLineCount)
      html.appendRaw(" lines read; ")
      stat("replies.missing", counters.missingCount)
      html.appendRaw(" missing, ")
      html.appendRaw("\(counters.failedCount) failed")
      let failures = HTMLReportWriter.sortedByCount(counters.failedByReason)
      for (index, failure) in failures.enumerated() {
        html.appendRaw(index == 0 ? " (" : ", ")
        html.appendEscaped(failure.key)
        html.appendRaw(" ")
        stat("replies.failed.\(HTMLText.escaping(failure.key))", failure.value)
      }
      if !failures.isEmpty { html.appendRaw(")") }
      html.appendRaw(", ")
      stat("replies.superseded", counters.supersededCount)
      html.appendRaw(" superseded, ")
      stat("replies.without_label", counters.unlabelledCount)
      html.appendRaw(" for chunks without a label")
    }
    html.appendRaw("</table></div>\n")
    appendNotes(report.notes, to: &html)
    html.appendRaw("</section>\n")
  }

  func appendEntryList(_ report: EvaluationReport, to html: inout HTMLText) {
    let format = ReportNumberFormat.self
    let entries = report.entries
    let shownDisagreements = min(report.disagreements.count, entries.count)
    let shownAgreements = entries.count - shownDisagreements
    html.appendRaw("<section id=\"chunks\">\n<h2>Chunks</h2>\n<p class=\"shown-note\">")
    var note =
      "\(format.counted(report.summary.writtenRecordCount, "scored chunk")): \(format.grouped(report.disagreementCount)) disagree, \(format.grouped(report.agreementCount)) agree."
    if report.omittedCount > 0 {
      note +=
        " Shown (--limit \(format.grouped(report.limit))): \(format.grouped(shownDisagreements)) disagreements first, then \(format.grouped(shownAgreements)) agreements, each in label order; \(format.grouped(report.omittedCount)) left out (\(format.grouped(report.disagreementCount - shownDisagreements)) disagreements, \(format.grouped(report.agreementCount - shownAgreements)) agreements)."
    } else {
      note += " All are shown, disagreements first, each in label order."
    }
    html.appendEscaped(note)
    html.appendRaw(
      "</p>\n<div class=\"filters\"><label><input type=\"checkbox\" id=\"disagreements\"> disagreements only (\(shownDisagreements))</label> <label>status <select id=\"status\">\n<option value=\"all\">all</option>\n"
    )
    var statusCounts: [String: Int] = [:]
    for entry in entries { statusCounts[entry.status, default: 0] += 1 }
    for (status, count) in HTMLReportWriter.sortedByCount(statusCounts) {
      html.appendRaw("<option value=\"")
      html.appendEscaped(status)
      html.appendRaw("\">")
      html.appendEscaped("\(status) (\(format.grouped(count)))")
      html.appendRaw("</option>\n")
    }
    html.appendRaw(
      "</select></label> <label>id <input type=\"search\" id=\"search\" placeholder=\"contains…\"></label> <span id=\"filter-count\">Showing \(entries.count) of \(entries.count) chunks</span></div>\n"
    )
    for (index, entry) in entries.enumerated() {
      appendEntry(entry, anchor: "e\(index + 1)", to: &html)
    }
    html.appendRaw("</section>\n")
  }

  // MARK: - Assets

  static let evaluationStyleSheet = """
    [hidden]{display:none!important}
    .inputs,.shown-note,ul.notes li{overflow-wrap:anywhere}
    .scroll{max-width:100%;overflow-x:auto;margin:6px 0}
    table.figures{border-collapse:collapse;font-variant-numeric:tabular-nums}table.figures th,table.figures td{padding:3px 10px 3px 0;text-align:right;white-space:nowrap}table.figures th:first-child{text-align:left}
    .filters{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
    .filters input[type=search]{max-width:12em}
    article.ev{border:1px solid #ddd;border-radius:6px;margin:12px 0;overflow:hidden}
    article.ev>header{background:#f5f6f8;padding:6px 10px;border-bottom:1px solid #e4e4e4;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
    article.ev>header>*{min-width:0;overflow-wrap:anywhere}
    .badge.agree{background:#e6f4ea;color:#1e5e2e}.badge.disagree{background:#fbe4e4;color:#9b1c1c}
    code.status{color:#1a4a8a}
    .sides{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
    .side{min-width:0}.side.model{border-left:1px solid #e4e4e4}
    .side h3{font-size:12px;font-weight:600;color:#555;margin:0;padding:3px 10px;background:#fafafa;border-bottom:1px dashed #e0e0e0}
    .side .ln{width:3em}
    .over{background:#f7c1dc;box-shadow:inset 0 -2px #c2185b}
    .missed{background:#bfe0ff;box-shadow:inset 0 -2px #1565c0}
    .nl{white-space:nowrap;color:#c62828}.nl::before{content:"\\23CE"}
    article.ev del.line:empty::before{content:none}
    pre.program.failure{color:#9b1c1c}
    @media (max-width:760px){body{padding:8px 10px 32px}.sides{grid-template-columns:minmax(0,1fr)}.side.model{border-left:none;border-top:1px solid #e4e4e4}}

    """

  static let evaluationScript = """
    (function () {
      var only = document.getElementById("disagreements"), status = document.getElementById("status");
      var search = document.getElementById("search"), count = document.getElementById("filter-count");
      var entries = document.querySelectorAll("article.ev");
      function apply() {
        var shown = 0, needle = search.value.toLowerCase();
        entries.forEach(function (entry) {
          var match = (!only.checked || entry.dataset.agree === "false")
            && (status.value === "all" || entry.dataset.status === status.value)
            && (needle === "" || entry.dataset.id.toLowerCase().indexOf(needle) >= 0);
          entry.hidden = !match;
          if (match) shown++;
        });
        count.textContent = "Showing " + shown + " of " + entries.length + " chunks";
      }
      // A link may choose the filter: eval.html#disagreements.
      if (location.hash === "#disagreements") only.checked = true;
      only.addEventListener("change", apply);
      status.addEventListener("change", apply);
      search.addEventListener("input", apply);
      apply();
    })();

    """
}

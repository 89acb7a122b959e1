import Testing

@testable import Scalpel

/// The side-by-side entries and the evaluation page of `inspect --labels`.
@Suite struct HTMLReportWriterEvaluationTests {
  let writer = HTMLReportWriter()

  /// A scored chunk, as `inspect --labels` builds it.
  static func evaluated(
    _ text: String, label: String, model: ChunkProgram?, id: String = "doc#0"
  ) throws -> EvaluatedChunk {
    let pair = try Self.pairLine(id: id, text: text, program: label)
    let evaluation = try ChunkEvaluation(
      label: pair, model: model, refiner: DocumentRefiner(options: RefinementOptions()),
      chunking: ChunkingOptions())
    return EvaluatedChunk(label: pair, model: model, evaluation: evaluation)
  }

  /// The pair line of `text` as build-pairs writes it, read back as a label.
  static func pairLine(id: String, text: String, program: String) throws -> PairLine {
    let encoding = TrainingPairEncoding()
    var writer = JSONWriter()
    writer.appendObject { object in
      object.appendKey("id")
      object.appendString(id)
      object.appendKey("prompt")
      object.appendString("Refine.\n\n" + encoding.numberedText(NormalizedText(text)))
      object.appendKey("completion")
      object.appendString(program)
    }
    return try PairLine.read(
      .line(lineNumber: 1, bytes: writer.bytes), path: "labels.jsonl", encoding: encoding
    ).get()
  }

  /// The texts of the `<span class="…">` elements of `html` whose class list holds `name`
  /// (such spans hold text only), unescaped and concatenated in page order.
  static func spanText(_ name: String, in html: String) -> String {
    var result = ""
    var rest = html[...]
    while let open = rest.firstRange(of: "<span class=\"") {
      rest = rest[open.upperBound...]
      guard let quote = rest.firstIndex(of: "\"") else { break }
      let classes = rest[..<quote].split(separator: " ")
      guard let close = rest.firstIndex(of: ">") else { break }
      rest = rest[rest.index(after: close)...]
      guard classes.contains(Substring(name)), let end = rest.firstRange(of: "</span>") else {
        continue
      }
      result += rest[..<end.lowerBound]
    }
    for (entity, character) in [
      ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
    ] {
      result = result.replacing(entity, with: character)
    }
    return result
  }

  static let handMadeText = "Home | News\nGood text.\nBuy now [ad] ok\nFooter\n"

  @Test func overDeletedAndMissedCharactersAreMarkedExactly() throws {
    let chunk = try Self.evaluated(
      Self.handMadeText, label: "remove_lines(1, 1)\nremove_str(3, \" [ad]\")",
      model: ChunkProgram(chunkIndex: 0, output: "remove_lines(1, 2)"))
    let html = writer.entry(chunk)
    #expect(
      html.hasPrefix(
        "<article class=\"ev\" id=\"e1\" data-id=\"doc#0\" data-status=\"refined\" data-agree=\"false\" data-over-deleted=\"11\" data-missed=\"5\">"
      ))
    // The model deletes line 2 with its newline, which the label keeps; the label deletes
    // " [ad]" from line 3, which the model keeps. Line 1 both delete: no disagreement.
    #expect(Self.spanText("over", in: html) == "Good text.\n")
    #expect(Self.spanText("missed", in: html) == " [ad]")
    #expect(html.contains("<span class=\"badge disagree\">disagree</span>"))
    // Each column marks its own deletions as the document view does.
    #expect(
      html.contains(
        "<div class=\"l\"><span class=\"ln\">3</span><span class=\"tx\">Buy now<mark><span class=\"missed\"> [ad]</span></mark> ok</span></div>"
      ))
    #expect(
      html.contains(
        "<div class=\"l removed\"><span class=\"ln\">2</span><span class=\"tx\"><del class=\"line\"><span class=\"over\">Good text.</span></del><span class=\"nl over\">\n</span></span></div>"
      ))
    #expect(
      html.contains(
        "<div class=\"l removed\"><span class=\"ln\">1</span><span class=\"tx\"><del class=\"line\">Home | News</del><span class=\"nl\">\n</span></span></div>"
      ))
    #expect(
      html.contains(
        "<pre class=\"program\">remove_lines(1, 1)\nremove_str(3, &quot; [ad]&quot;)</pre>"))
    #expect(html.contains("<pre class=\"program\">remove_lines(1, 2)</pre>"))
  }

  @Test func anAgreeingChunkHasNoDisagreementMarks() throws {
    let chunk = try Self.evaluated(
      Self.handMadeText, label: "remove_lines(1, 1)",
      model: ChunkProgram(chunkIndex: 0, output: "```\nremove_lines(1, 1)\n```"))
    let html = writer.entry(chunk)
    #expect(html.contains("data-agree=\"true\" data-over-deleted=\"0\" data-missed=\"0\""))
    #expect(Self.spanText("over", in: html).isEmpty && Self.spanText("missed", in: html).isEmpty)
    #expect(html.contains("<span class=\"badge agree\">agree</span>"))
  }

  @Test func aFailedReplyShowsItsReasonAndDeletesNothing() throws {
    let chunk = try Self.evaluated(
      Self.handMadeText, label: "remove_lines(4, 4)",
      model: ChunkProgram(
        chunkIndex: 0, failure: ReplyFailure(reason: .truncated, detail: "replies line 3: <cut>")))
    let html = writer.entry(chunk)
    #expect(html.contains("data-status=\"reply_failed\" data-agree=\"false\""))
    #expect(html.contains("<code class=\"reason\">truncated</code>"))
    #expect(
      html.contains(
        "<pre class=\"program failure\"># reply failed (truncated): replies line 3: &lt;cut&gt;</pre>"
      ))
    #expect(Self.spanText("missed", in: html) == "Footer\n")
    let missing = try Self.evaluated(Self.handMadeText, label: "keep_all()", model: nil)
    let page = writer.entry(missing)
    #expect(page.contains("data-status=\"missing_program\" data-agree=\"true\""))
    #expect(page.contains("# no program for this chunk in the programs file"))
  }

  @Test func hostileTextAndOutputAreEscaped() throws {
    let hostile = "</script><img src=x onerror=alert(1)>"
    let chunk = try Self.evaluated(
      "ok\n\(hostile)\n", label: "remove_lines(2, 2)",
      model: ChunkProgram(chunkIndex: 0, output: "remove_str(2, \"<img src=x\")\nsay \"<b>\""),
      id: "id\"><script>x</script>#0")
    var report = EvaluationReport(title: "<t>", inputDescriptions: ["labels: <a>.jsonl"])
    report.addScored(
      counters: EvaluationCounters(), isAgreeing: false, byteCount: 1, chunk: chunk)
    let page = writer.page(for: report)
    #expect(!page.contains("<img"))
    #expect(!page.contains("<b>"))
    #expect(!page.contains("<a>"))
    #expect(page.ranges(of: "<script>").count == 1)
    #expect(page.ranges(of: "</script>").count == 1)
    // The model column: its remove_str of "<img src=x" marked.
    #expect(page.contains("&lt;/script&gt;<mark>&lt;img src=x</mark> onerror=alert(1)&gt;"))
    #expect(page.contains("data-id=\"id&quot;&gt;&lt;script&gt;x&lt;/script&gt;#0\""))
    #expect(page.contains("say &quot;&lt;b&gt;&quot;"))
    #expect(page.contains("remove_str(2, &quot;&lt;img src=x&quot;)"))
    #expect(page.contains("<title>&lt;t&gt;</title>"))
  }

  @Test func thePageSummarisesEveryLabelAndCountsWhatIsShown() throws {
    var report = EvaluationReport(title: "Eval", limit: 2)
    var counters = EvaluationCounters()
    counters.characters.labelCount = 10
    counters.characters.modelCount = 8
    counters.characters.bothCount = 6
    counters.failedByReason["truncated"] = 1
    for (index, agrees) in [true, false, true, true].enumerated() {
      let chunk = try Self.evaluated(
        "a\nb\n", label: "remove_lines(1, 1)",
        model: ChunkProgram(chunkIndex: 0, output: agrees ? "remove_lines(1, 1)" : "keep_all()"),
        id: "d\(index)#0")
      report.addScored(
        counters: counters, isAgreeing: agrees, byteCount: 10,
        chunk: report.keeps(isAgreeing: agrees) ? chunk : nil)
    }
    #expect(report.entries.map(\.id) == ["d1#0", "d0#0"])
    #expect(report.omittedCount == 2)
    let page = writer.page(for: report)
    #expect(page.contains("<span data-stat=\"labels_in\">4</span> read: "))
    #expect(page.contains("<span data-stat=\"chars.label\">40</span>"))
    #expect(page.contains("<span data-stat=\"chars.precision\">0.7500</span>"))
    #expect(page.contains("<span data-stat=\"chars.recall\">0.6000</span>"))
    #expect(page.contains("<span data-stat=\"lines.precision\">–</span>"))
    #expect(page.contains("<span data-stat=\"replies.failed.truncated\">4</span>"))
    #expect(page.contains("<span id=\"filter-count\">Showing 2 of 2 chunks</span>"))
    #expect(page.contains("1 disagreements first, then 1 agreements"))
    #expect(page.contains("2 left out (0 disagreements, 2 agreements)"))
    #expect(page.contains("<option value=\"refined\">refined (2)</option>"))
    for external in ["<link", " src=", "@import", "url(", "https:", "http:", "fetch("] {
      #expect(!page.contains(external), "\(external)")
    }
  }
}

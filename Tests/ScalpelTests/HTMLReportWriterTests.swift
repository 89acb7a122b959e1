import Testing

@testable import Scalpel

@Suite struct HTMLReportWriterTests {
  typealias Line = InspectedDocument.Line
  let writer = HTMLReportWriter()

  @Test func aLineRemovedByRemoveLinesIsStruckThrough() {
    #expect(
      writer.line(Line(number: 3, text: "Footer <2024> & \"more\"", isRemoved: true))
        == "<div class=\"l removed\"><span class=\"ln\">3</span><span class=\"tx\"><del class=\"line\">Footer &lt;2024&gt; &amp; &quot;more&quot;</del></span></div>\n"
    )
  }

  @Test func aRemoveStrSpanIsMarked() {
    #expect(
      writer.line(
        Line(number: 2, text: "Good text. [ad] <b>More</b>", removedUTF8Ranges: [11..<16, 16..<19]))
        == "<div class=\"l\"><span class=\"ln\">2</span><span class=\"tx\">Good text. <mark>[ad] </mark><mark>&lt;b&gt;</mark>More&lt;/b&gt;</span></div>\n"
    )
  }

  @Test func aCutLineSaysHowMuchIsMissing() {
    #expect(
      writer.line(
        Line(number: 1, text: "it's", removedUTF8Ranges: [2..<4], omittedCharacterCount: 12_345))
        == "<div class=\"l\"><span class=\"ln\">1</span><span class=\"tx\">it<mark>&#39;s</mark><span class=\"omitted\"> … 12,345 more characters</span></span></div>\n"
    )
  }

  @Test func aDocumentShowsItsLinesAndEscapedProgram() {
    let document = InspectedDocument(
      id: "web<1>",
      source: "c.jsonl:1",
      chunks: [
        .init(
          index: 0, firstLineNumber: 1, text: NormalizedText("Menu\nSay \"hi\" [ad]\n"),
          programText: "remove_lines(1, 1)\nremove_str(2, \" [ad]\")\nremove_str(2, \"<x>\")")
      ])
    let html = writer.document(document)
    #expect(
      html.hasPrefix(
        "<article class=\"doc\" id=\"d1\" data-id=\"web&lt;1&gt;\" data-kind=\"changed\" data-reason=\"\" data-calls=\"remove_lines remove_str\">\n"
      ))
    #expect(
      html.contains(
        "<a class=\"doc-id\" href=\"#doc=web%3C1%3E\">web&lt;1&gt;</a> <span class=\"badge changed\">changed</span>"
      ))
    #expect(html.contains("<span class=\"stats\">10 of 19 characters deleted (52.6%)</span>"))
    #expect(html.contains("<span class=\"source\">c.jsonl:1</span>"))
    #expect(
      html.contains(
        "<div class=\"lines\">\n<div class=\"l removed\"><span class=\"ln\">1</span><span class=\"tx\"><del class=\"line\">Menu</del></span></div>\n<div class=\"l\"><span class=\"ln\">2</span><span class=\"tx\">Say &quot;hi&quot;<mark> [ad]</mark></span></div>\n</div>\n"
      ))
    #expect(
      html.contains(
        "<pre class=\"program\">remove_lines(1, 1)\nremove_str(2, &quot; [ad]&quot;)\n<span class=\"skipped\">remove_str(2, &quot;&lt;x&gt;&quot;)</span><span class=\"why\">  # skipped: text_not_found</span></pre>"
      ))
    #expect(!html.contains("chunk-head"))
  }

  @Test func aRejectedDocumentShowsItsReason() {
    let html = writer.document(
      InspectedDocument(
        rejectedID: "x", reason: "too_few_deletions", detail: "only 4 characters deleted", text: nil
      ))
    #expect(html.contains("data-kind=\"rejected\" data-reason=\"too_few_deletions\""))
    #expect(
      html.contains(
        "<span class=\"badge rejected\">rejected</span> <code class=\"reason\">too_few_deletions</code> <span class=\"detail\">only 4 characters deleted</span>"
      ))
    #expect(html.contains("The text of rejected records is not in a rejects file"))
    // Without its text, the cause is named above where the text would be.
    #expect(
      html.contains(
        "<p class=\"cause\" data-reject-cause=\"too_few_deletions\"><strong>Rejected: too_few_deletions</strong> only 4 characters deleted</p>"
      ))
  }

  @Test func multiChunkDocumentsNameTheirChunks() {
    let document = InspectedDocument(
      id: "d",
      chunks: [
        .init(
          index: 0, firstLineNumber: 1, text: NormalizedText("a\nb\n"), programText: "keep_all()"),
        .init(
          index: 1, firstLineNumber: 3, text: NormalizedText("c\n"),
          programText: "remove_lines(1, 1)"),
      ])
    let html = writer.document(document)
    #expect(
      html.contains(
        "<div class=\"chunk-head\">chunk 0 · document lines 1–2 · 0 of 4 characters deleted</div>"))
    #expect(
      html.contains(
        "<div class=\"chunk-head\">chunk 1 · document lines 3–3 · 2 of 2 characters deleted</div>"))
    #expect(html.contains("2 of 6 characters deleted (33.3%) · 2 chunks"))
  }

  static func sampleReport() -> InspectionReport {
    var report = InspectionReport(
      title: "Report <&>", inputDescriptions: ["pairs: a&b.jsonl"], limitPerKind: 10)
    report.add(
      InspectedDocument(
        id: "a",
        chunks: [
          .init(
            index: 0, firstLineNumber: 1, text: NormalizedText("nav\ntext\n"),
            programText: "remove_lines(1, 1)")
        ]))
    report.add(
      InspectedDocument(
        id: "b",
        chunks: [
          .init(
            index: 0, firstLineNumber: 1, text: NormalizedText("ok\n"), programText: "keep_all()")
        ]))
    report.add(
      InspectedDocument(rejectedID: "c", reason: "rewrite_too_large", detail: "", text: nil))
    report.addNote("a note with <tags>")
    return report
  }

  @Test func theSummaryListsCountsAndThreeCharts() {
    let html = writer.summary(of: Self.sampleReport())
    for row in [
      "<tr><th>Documents</th><td>3 (2 with pairs, 1 rejected)</td></tr>",
      "<tr><th>Chunks</th><td>2</td></tr>",
      "<tr><th>Pairs</th><td>2</td></tr>",
      "<tr><th>Rejects</th><td>1 (rewrite_too_large 1)</td></tr>",
      "<tr><th>Calls</th><td>remove_lines 1, remove_str 0, keep_all 1</td></tr>",
      "<tr><th>Characters deleted</th><td>4 of 12 (33.3%)</td></tr>",
      "<tr><th>keep_all documents</th><td>1 of 2 documents with pairs (50.0%)</td></tr>",
      "<li>a note with &lt;tags&gt;</li>",
    ] {
      #expect(html.contains(row), "\(row)")
    }
    #expect(!html.contains("Program problems"))
    #expect(SVGChartTests.occurrences(of: "<svg ", in: html) == 3)
    // 10 histogram bins, 3 call kinds, 1 reject reason.
    #expect(SVGChartTests.occurrences(of: "<rect class=\"bar\"", in: html) == 14)
    #expect(html.contains("<title>40–50: 1</title>") && html.contains("<title>0–10: 1</title>"))
    // Bars of reasons and call kinds link to the filter that shows their documents.
    #expect(html.contains("<a href=\"#filter=reason%3Arewrite_too_large\"><rect class=\"bar\""))
    #expect(html.contains("<a href=\"#filter=all&amp;calls=remove_str\"><rect class=\"bar\""))
  }

  @Test func thePageIsSelfContained() {
    let page = writer.page(for: Self.sampleReport())
    #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"))
    #expect(page.hasSuffix("</body>\n</html>\n"))
    #expect(page.contains("<title>Report &lt;&amp;&gt;</title>"))
    #expect(page.contains("<p class=\"inputs\">pairs: a&amp;b.jsonl</p>"))
    for external in [
      "<link", " src=", "@import", "url(", "https:", "//cdn", "fetch(", "XMLHttpRequest",
    ] {
      #expect(!page.contains(external), "\(external)")
    }
    // The only URL is the SVG namespace.
    #expect(
      page.split(separator: "http://").count - 1 == SVGChartTests.occurrences(of: "<svg ", in: page)
    )
    #expect(
      page.contains(
        "<option value=\"reason:rewrite_too_large\">rejected: rewrite_too_large (1)</option>"))
    #expect(SVGChartTests.occurrences(of: "<article class=\"doc\"", in: page) == 3)
    #expect(page.contains("Showing 3 of 3 documents"))
  }

  @Test func leftoverIsMarkedWithItsReasonAndANewlineAsAGlyph() {
    let line = Line(
      number: 1, text: "Go <x> y",
      edits: [
        .init(utf8Range: 3..<6, kind: .leftover(reason: "ambiguous")),
        .init(utf8Range: 8..<9, kind: .leftover(reason: "line_join")),
      ])
    #expect(
      writer.line(line)
        == "<div class=\"l\"><span class=\"ln\">1</span><span class=\"tx\">Go <span class=\"lo\" data-why=\"ambiguous\" title=\"deleted by the expert, kept by the programs: ambiguous\">&lt;x&gt;</span><sup class=\"why-tag\">ambiguous</sup> y<span class=\"lo nl\" data-why=\"line_join\" title=\"deleted by the expert, kept by the programs: line_join\">\u{23CE}</span><sup class=\"why-tag\">line join</sup></span></div>\n"
    )
  }

  @Test func aRewriteShowsTheReplacedAndInsertedTextAndNamesTheCause() {
    let line = Line(
      number: 2, text: "old text",
      edits: [
        .init(utf8Range: 0..<3, kind: .replaced),
        .init(
          utf8Range: 3..<3, kind: .inserted(text: "<b>new</b>", characterCount: 10),
          rejectCause: "rewrite_too_large", causeNote: "a rewrite of 10 characters"),
      ])
    #expect(
      writer.line(line)
        == "<div class=\"l\"><span class=\"ln\">2</span><span class=\"tx\"><span class=\"rw-old\" title=\"replaced by a rewrite; the programs keep it\">old</span><ins class=\"rw\" data-reject-cause=\"rewrite_too_large\" title=\"inserted by a rewrite of 10 characters (counted against --max-rewrite-chars); the programs keep the original\">&lt;b&gt;new&lt;/b&gt;</ins><sup class=\"rw-size\">10</sup><span class=\"cause-note\">\u{25C0} rejected here: a rewrite of 10 characters</span> text</span></div>\n"
    )
  }

  @Test func overDeletedTextIsMarkedInsideTheProgramsDeletion() {
    let line = Line(
      number: 1, text: "a b [c]", removedUTF8Ranges: [1..<3, 3..<7],
      edits: [.init(utf8Range: 1..<3, kind: .overDeleted)])
    #expect(
      writer.line(line)
        == "<div class=\"l\"><span class=\"ln\">1</span><span class=\"tx\">a<mark class=\"over\" title=\"deleted by the programs, kept by the expert\"> b</mark><mark> [c]</mark></span></div>\n"
    )
  }

  @Test func hostileTextInRewritesLeftoverAndIdsIsEscaped() throws {
    let directory = try TemporaryDirectory()
    let corpus = try directory.file(
      "corpus.jsonl",
      contents: Array(
        """
        {"id":"<script>alert(1)</script>","text":"<script>x</script>\\nKeep <img src=x onerror=alert(1)> this\\n<b>\\n</b>\\n","refined":"Keep <img src=x onerror=alert(1)> this <script>alert(2)</script>\\n<b></b>\\n"}
        {"id":"r","text":"one line\\n","refined":"<script>alert(3)</script> a rewrite far too long\\n"}

        """.utf8))
    let report = try InspectionJob(options: InspectionOptions(input: .corpus(path: corpus)))
      .makeReport()
    let page = writer.page(for: report)
    #expect(SVGChartTests.occurrences(of: "<script", in: page) == 1)
    #expect(!page.contains("<img"))
    #expect(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
    #expect(page.contains("data-id=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
    #expect(page.contains("href=\"#doc=%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""))
  }
}

import Foundation
import Testing

/// `scalpel inspect --labels --programs`: the side-by-side page of held-out pairs and a
/// model's replies, checked against `scalpel eval` on the same inputs.
@Suite struct InspectLabelsTests {
  /// The held-out pairs of the bundled corpus and replies made from their completions.
  struct Fixture {
    var directory: URL
    /// Pair ids in label order.
    var ids: [String]
    /// The ids whose reply was damaged: a call dropped, cut at max_tokens, or left out.
    var damaged: Set<String>
  }

  /// Runs build-pairs with a hold-out into `directory` (held.jsonl) and writes
  /// replies.jsonl: one batch output line per pair, custom_id = pair id, content = the
  /// pair's completion, in a shuffled order; three pairs that delete something are
  /// damaged (the last call dropped; finish_reason "length"; no reply at all).
  static func makeFixture() throws -> Fixture {
    let directory = try ScalpelProcess.temporaryDirectory()
    let build = try ScalpelProcess.run(
      [
        "build-pairs", InspectCommandTests.corpus, "-o", "train.jsonl", "--holdout-rate", "0.2",
        "--holdout-output", "held.jsonl", "-q",
      ], in: directory)
    try #require(build.status == 0, "\(build.standardError)")
    let held = try String(
      contentsOf: directory.appendingPathComponent("held.jsonl"), encoding: .utf8)
    var pairs: [(id: String, completion: String)] = []
    for line in held.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      pairs.append(
        (try #require(object["id"] as? String), try #require(object["completion"] as? String)))
    }
    let multiCall = try #require(pairs.first { $0.completion.contains("\n") }?.id)
    let deleting = pairs.filter { $0.completion != "keep_all()" && $0.id != multiCall }.map(\.id)
    try #require(deleting.count > 2)
    let (truncated, missing) = (deleting[0], deleting[1])
    var lines: [String] = []
    for (id, completion) in pairs where id != missing {
      var content = completion
      if id == multiCall {
        content = completion.split(separator: "\n").dropLast().joined(separator: "\n")
      }
      let reply: [String: Any] = [
        "id": "batch-\(lines.count)", "custom_id": id, "error": NSNull(),
        "response": [
          "status_code": 200,
          "body": [
            "choices": [
              [
                "index": 0, "message": ["role": "assistant", "content": content],
                "finish_reason": id == truncated ? "length" : "stop",
              ]
            ]
          ],
        ],
      ]
      let data = try JSONSerialization.data(withJSONObject: reply, options: [.sortedKeys])
      lines.append(String(decoding: data, as: UTF8.self))
    }
    // A fixed shuffle: the programs are joined by id, not by position.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let shuffled = lines.map { line -> (UInt64, String) in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (state, line)
    }.sorted { $0.0 < $1.0 }.map(\.1)
    try Data((shuffled.joined(separator: "\n") + "\n").utf8).write(
      to: directory.appendingPathComponent("replies.jsonl"))
    return Fixture(
      directory: directory, ids: pairs.map(\.id), damaged: [multiCall, truncated, missing])
  }

  /// The value of `name` in each `<article class="ev" …>` tag of `html`, in page order.
  static func attribute(_ name: String, in html: String) -> [String] {
    html.components(separatedBy: "<article class=\"ev\" ").dropFirst().compactMap { tag in
      let head = tag.prefix { $0 != ">" }
      guard let start = head.range(of: " \(name)=\"") ?? head.range(of: "\(name)=\"") else {
        return nil
      }
      return String(head[start.upperBound...].prefix { $0 != "\"" })
    }
  }

  /// Every `data-stat` of the page: key and the text shown.
  static func stats(in html: String) -> [(key: String, value: String)] {
    html.components(separatedBy: "<span data-stat=\"").dropFirst().map { part in
      let key = String(part.prefix { $0 != "\"" })
      let value = part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
      return (key, String(value))
    }
  }

  @Test func entriesAgreeExceptTheDamagedOnesAndTheFiguresAreEval() throws {
    let fixture = try Self.makeFixture()
    defer { try? FileManager.default.removeItem(at: fixture.directory) }
    let inspect = try ScalpelProcess.run(
      ["inspect", "--labels", "held.jsonl", "--programs", "replies.jsonl", "-o", "eval.html"],
      in: fixture.directory)
    try #require(inspect.status == 0, "\(inspect.standardError)")
    #expect(
      inspect.standardError
        == "inspect: \(fixture.ids.count) labels (\(fixture.ids.count) scored, 0 rejected), 3 disagree, \(fixture.ids.count) shown -> eval.html\n"
    )
    let html = try String(
      contentsOf: fixture.directory.appendingPathComponent("eval.html"), encoding: .utf8)
    let ids = Self.attribute("data-id", in: html)
    let agree = Self.attribute("data-agree", in: html)
    #expect(ids.count == fixture.ids.count)
    #expect(Set(ids) == Set(fixture.ids))
    for (id, agrees) in zip(ids, agree) {
      #expect(agrees == (fixture.damaged.contains(id) ? "false" : "true"), "\(id)")
    }
    // Disagreements first, then the rest in label order.
    #expect(Set(ids.prefix(3)) == fixture.damaged)
    #expect(Array(ids.dropFirst(3)) == fixture.ids.filter { !fixture.damaged.contains($0) })
    let statuses = Dictionary(
      uniqueKeysWithValues: zip(ids, Self.attribute("data-status", in: html)))
    #expect(statuses.values.filter { $0 == "reply_failed" }.count == 1)
    #expect(statuses.values.filter { $0 == "missing_program" }.count == 1)
    #expect(html.contains("<span id=\"filter-count\">Showing \(ids.count) of \(ids.count) chunks"))

    // The summary equals eval --stats on the same inputs.
    let eval = try ScalpelProcess.run(
      ["eval", "--labels", "held.jsonl", "--programs", "replies.jsonl", "--stats", "stats.json"],
      in: fixture.directory)
    try #require(eval.status == 0, "\(eval.standardError)")
    let stats = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: fixture.directory.appendingPathComponent("stats.json")))
        as? [String: Any])
    let figures = Self.stats(in: html)
    #expect(figures.count > 50, "\(figures.count) figures")
    for required in [
      "chars.precision", "chars.recall", "chars.f1", "lines.f1", "by_kind.remove_str.chars.f1",
      "exact_output.rate", "keep_all_confusion.agreement", "replies.failed.truncated",
      "replies.missing", "labels_in",
    ] {
      #expect(figures.contains { $0.key == required }, "\(required)")
    }
    for (key, shown) in figures {
      var value: Any? = stats
      for part in key.split(separator: ".") { value = (value as? [String: Any])?[String(part)] }
      if value is NSNull {
        #expect(shown == "–", "\(key)")
      } else {
        let number = try #require(value as? NSNumber, "\(key) is not in --stats")
        #expect(Double(shown) == number.doubleValue, "\(key): page \(shown), eval \(number)")
      }
    }
    #expect((stats["replies"] as? [String: Any])?["missing"] as? Int == 1)
  }

  @Test func pastTheLimitDisagreementsComeFirst() throws {
    let fixture = try Self.makeFixture()
    defer { try? FileManager.default.removeItem(at: fixture.directory) }
    let inspect = try ScalpelProcess.run(
      ["inspect", "--labels", "held.jsonl", "--programs", "replies.jsonl", "--limit", "2"],
      in: fixture.directory)
    try #require(inspect.status == 0, "\(inspect.standardError)")
    let html = inspect.standardOutput
    #expect(Self.attribute("data-agree", in: html) == ["false", "false"])
    #expect(
      html.contains(
        "Shown (--limit 2): 2 disagreements first, then 0 agreements, each in label order; \(fixture.ids.count - 2) left out (1 disagreements, \(fixture.ids.count - 3) agreements)."
      ))
  }

  @Test func theRecipeGivesTheChunksAndAnotherRecipesLabelsFailTheRun() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(#"{"chunking":{"budget":1300}}"#.utf8).write(
      to: directory.appendingPathComponent("a.json"))
    try Data(#"{"chunking":{"budget":1400}}"#.utf8).write(
      to: directory.appendingPathComponent("b.json"))
    let build = try ScalpelProcess.run(
      [
        "build-pairs", "--recipe", "a.json", InspectCommandTests.corpus, "--meta", "-o",
        "train.jsonl", "--holdout-rate", "0.2", "--holdout-output", "held.jsonl", "-q",
      ], in: directory)
    try #require(build.status == 0, "\(build.standardError)")
    // The pairs are their own programs (program lines in any order): every chunk agrees.
    let same = try ScalpelProcess.run(
      ["inspect", "--recipe", "a.json", "--labels", "held.jsonl", "--programs", "held.jsonl"],
      in: directory)
    #expect(same.status == 0, "\(same.standardError)")
    let agree = Self.attribute("data-agree", in: same.standardOutput)
    #expect(!agree.isEmpty && agree.allSatisfy { $0 == "true" })
    #expect(same.standardOutput.contains("<span data-stat=\"labels_rejected\">0</span>"))
    let other = try ScalpelProcess.run(
      [
        "inspect", "--recipe", "b.json", "--labels", "held.jsonl", "--programs", "held.jsonl",
        "-o", "eval.html",
      ], in: directory)
    #expect(other.status == 1)
    #expect(other.standardError.contains("line 1 was made with recipe"), "\(other.standardError)")
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("eval.html").path))
  }

  @Test(arguments: [
    (["--labels", "l.jsonl"], "--labels needs --programs"),
    (["--labels", "l.jsonl", "--programs", "p", "--corpus", "c"], "cannot be combined with"),
    (["--labels", "l.jsonl", "--programs", "p", "--documents", "d"], "cannot be combined with"),
    (["--labels", "l.jsonl", "--programs", "p", "x.jsonl"], "--labels is the input"),
    (["x.jsonl", "--max-bad-calls", "3"], "go with --labels"),
  ])
  func usageErrorsExit64(arguments: [String], message: String) throws {
    let result = try ScalpelProcess.run(["inspect"] + arguments)
    #expect(result.status == 64)
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }

  @Test func helpNamesTheLabelsMode() throws {
    let result = try ScalpelProcess.run(["inspect", "--help"])
    #expect(
      result.standardOutput.contains(
        "scalpel inspect --labels <heldout-pairs.jsonl> --programs <replies.jsonl> -o <eval.html>"))
    for flag in ["--labels", "--max-bad-calls", "--max-delete-share"] {
      #expect(result.standardOutput.contains(flag), "\(flag)")
    }
  }
}

/// Renders the evaluation page in headless Chromium, as `InspectRenderingTests` does.
///
/// Headless Chromium keeps its window at least 500 px wide, so the page is laid out in an
/// `<iframe srcdoc>` of the width under test (same origin as its parent); a probe script
/// appended to the page records, on the parent's `<html>`, the layout and the filter's
/// count after a click on "disagreements only", for `--dump-dom`.
@Suite struct InspectLabelsRenderingTests {
  static let probe = """
    <script>
    (function () {
      var root = document.documentElement, out = parent.document.documentElement;
      out.setAttribute("data-fits", String(root.scrollWidth <= window.innerWidth));
      out.setAttribute("data-widths", root.scrollWidth + "/" + window.innerWidth);
      out.setAttribute("data-columns",
        getComputedStyle(document.querySelector(".sides")).gridTemplateColumns.split(" ").length);
      document.getElementById("disagreements").click();
      out.setAttribute("data-count", document.getElementById("filter-count").textContent);
      out.setAttribute("data-visible", String(document.querySelectorAll("article.ev:not([hidden])").length));
    })();
    </script>
    """

  /// A page holding `page` (with the probe) in an iframe `width` pixels wide.
  static func frame(_ page: String, width: Int) -> String {
    let inner = page.replacingOccurrences(of: "</body>", with: probe + "</body>")
      .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    return
      "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"width:\(width)px;height:900px;border:0\" srcdoc=\"\(inner)\"></iframe></body></html>"
  }

  @Test(
    .enabled(
      if: InspectRenderingTests.chromium != nil,
      "needs Debian's chromium (/usr/bin/chromium; .ci/run installs it)"))
  func thePageFitsWideAndNarrowScreensAndTheFilterCounts() throws {
    let chromium = try #require(InspectRenderingTests.chromium)
    let fixture = try InspectLabelsTests.makeFixture()
    defer { try? FileManager.default.removeItem(at: fixture.directory) }
    let inspect = try ScalpelProcess.run(
      ["inspect", "--labels", "held.jsonl", "--programs", "replies.jsonl", "-o", "eval.html"],
      in: fixture.directory)
    try #require(inspect.status == 0, "\(inspect.standardError)")
    let page = try String(
      contentsOf: fixture.directory.appendingPathComponent("eval.html"), encoding: .utf8)
    let entryCount = InspectLabelsTests.attribute("data-id", in: page).count
    let disagreeing = InspectLabelsTests.attribute("data-agree", in: page).filter { $0 == "false" }
    #expect(disagreeing.count == 3)
    for (width, columns) in [(1400, 2), (375, 1)] {
      let framed = fixture.directory.appendingPathComponent("framed-\(width).html")
      try Data(Self.frame(page, width: width).utf8).write(to: framed)
      let (status, dom) = try InspectRenderingTests.run(
        chromium,
        InspectRenderingTests.chromiumArguments(fixture.directory) + [
          "--window-size=1600,1000", "--dump-dom", framed.absoluteString,
        ], in: fixture.directory)
      #expect(status == 0)
      let html = try #require(dom.range(of: "<html"), "no <html> in the DOM")
      let root = dom[html.lowerBound...].prefix { $0 != ">" }
      #expect(root.contains("data-fits=\"true\""), "at \(width) px: \(root)")
      #expect(root.contains("data-widths=\"\(width)/\(width)\""), "at \(width) px: \(root)")
      #expect(root.contains("data-columns=\"\(columns)\""), "at \(width) px: \(root)")
      #expect(
        root.contains("data-count=\"Showing \(disagreeing.count) of \(entryCount) chunks\""),
        "at \(width) px: \(root)")
      #expect(root.contains("data-visible=\"\(disagreeing.count)\""), "at \(width) px: \(root)")
    }
  }
}

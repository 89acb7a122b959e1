import Foundation
import Testing

/// `scalpel eval` on the built binary: labels against themselves score 1.0 everywhere, and a
/// scripted degraded refiner gives exactly the figures computed by hand below.
@Suite(.serialized) struct EvalCommandTests {
  static var corpus: String { ExpertStageTests.corpus }

  // MARK: Hand-made labels

  /// One hand-made label: a chunk, its label program, and what the degraded refiner answers.
  struct Label {
    var id: String
    var lines: [String]
    var label: String
    /// The degraded refiner's reply content; `nil` for no reply.
    var model: String?
    var finishReason = "stop"
  }

  /// Nine chunks; the comments give each chunk's characters (Unicode scalars, newlines
  /// included) and what each side deletes.
  static let labels: [Label] = [
    // 11+15+15+12 + 4 = 57. Label: line 1 (12), " [ad]" (5), line 4 (13) = 30; lines {1,4}.
    // Model drops two calls: line 1 (12); lines {1}.
    Label(
      id: "a#0", lines: ["Home | News", "Good text here.", "Buy now [ad] ok", "Footer links"],
      label: "remove_lines(1, 1)\nremove_str(3, \" [ad]\")\nremove_lines(4, 4)",
      model: "remove_lines(1, 1)"),
    // 4+9+9 + 3 = 25. Label: line 1 (5). Model: the same plus a hallucinated line 9 (skipped,
    // within the budget of one bad line).
    Label(
      id: "b#0", lines: ["Menu", "Body one.", "Body two."], label: "remove_lines(1, 1)",
      model: "remove_lines(1, 1)\nremove_lines(9, 9)"),
    // 10+13+13 + 3 = 39. Label: line 1 (11). Model: lines 1-2 (11 + 14 = 25), 14 over-deleted.
    Label(
      id: "c#0", lines: ["Share this", "Real content.", "More content."],
      label: "remove_lines(1, 1)", model: "remove_lines(1, 2)"),
    // 11 + 1 = 12. Both keep.
    Label(id: "d#0", lines: ["Clean line."], label: "keep_all()", model: "keep_all()"),
    // 13+5 + 2 = 20 ("ä" is one scalar, two bytes). Label: line 1 (14). Model keeps all.
    Label(
      id: "e#0", lines: ["Cookie bänner", "Text."], label: "remove_lines(1, 1)",
      model: "keep_all()"),
    // 2+3 + 2 = 7. Label: line 1 (3). No reply.
    Label(id: "f#0", lines: ["Ad", "Ok."], label: "remove_lines(1, 1)", model: nil),
    // 3+5 + 2 = 10. Label: line 1 (4). The reply is cut at max_tokens.
    Label(
      id: "g#0", lines: ["Nav", "Fine."], label: "remove_lines(1, 1)",
      model: "remove_lines(1, 1)", finishReason: "length"),
    // 15+3 + 2 = 20. Label: " [x]" (4). Model: the same and a line that is no call.
    Label(
      id: "h#0", lines: ["Hello [x] world", "Bye"], label: "remove_str(1, \" [x]\")",
      model: "remove_str(1, \" [x]\")\nthis is not a call"),
    // 4+5 + 2 = 11. Label: line 1 (5). Model: both lines (11): the chunk is emptied.
    Label(
      id: "i#0", lines: ["Spam", "Spam2"], label: "remove_lines(1, 1)",
      model: "remove_lines(1, 2)"),
  ]

  static func json(_ object: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// A pair line of the default prompt-completion layout.
  static func pairLine(_ label: Label) -> String {
    let numbered = label.lines.enumerated().map { "[\($0.offset + 1)]\($0.element)" }
    return json([
      "id": label.id,
      "prompt": "Refine.\n\n[doc]\n" + numbered.joined(separator: "\n") + "\n[/doc]",
      "completion": label.label,
    ])
  }

  /// The degraded refiner's batch output: shuffled, with a 500 before b's good reply (so one
  /// is superseded) and a reply for a chunk no label has.
  static func degradedReplies() -> String {
    var lines: [String] = []
    for label in labels {
      guard let model = label.model else { continue }
      if label.id == "b#0" { lines.append(ExpertReplies.line("b#0", content: nil, status: 500)) }
      lines.append(ExpertReplies.line(label.id, content: model, finishReason: label.finishReason))
    }
    lines.append(ExpertReplies.line("z#0", content: "keep_all()"))
    return ExpertReplies.shuffled(lines, seed: 3).joined(separator: "\n") + "\n"
  }

  static func stats(_ workspace: Workspace, _ name: String = "eval.json") throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: workspace.bytes(name)!) as! [String: Any]
  }

  static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

  /// `value` is the rate `expected` written with four decimals.
  static func expectRate(
    _ value: Any?, _ expected: Double?, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let expected else {
      #expect(
        value is NSNull, "\(what): expected null, got \(String(describing: value))",
        sourceLocation: sourceLocation)
      return
    }
    let rounded = (expected * 10_000).rounded() / 10_000
    #expect(
      number(value).map { abs($0 - rounded) < 1e-9 } == true,
      "\(what): expected \(rounded), got \(String(describing: value))",
      sourceLocation: sourceLocation)
  }

  @Test func aDegradedRefinerGetsTheFiguresComputedByHand() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write(
      "labels.jsonl", Self.labels.map(Self.pairLine).joined(separator: "\n") + "\n")
    try workspace.write("replies.jsonl", Self.degradedReplies())
    let run = try workspace.run([
      "eval", "--labels", "labels.jsonl", "--programs", "replies.jsonl", "--stats", "eval.json",
      "-o", "comparisons.jsonl", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try Self.stats(workspace)
    #expect(stats["labels_in"] as? Int == 9)
    #expect(stats["labels_scored"] as? Int == 9)
    #expect(stats["chunks"] as? Int == 9)

    let chars = stats["chars"] as! [String: Any]
    #expect(chars["chunk_chars"] as? Int == 57 + 25 + 39 + 12 + 20 + 7 + 10 + 20 + 11)
    #expect(chars["label"] as? Int == 30 + 5 + 11 + 14 + 3 + 4 + 4 + 5)  // 76
    #expect(chars["model"] as? Int == 12 + 5 + 25 + 4 + 11)  // 57
    #expect(chars["both"] as? Int == 12 + 5 + 11 + 4 + 5)  // 37
    #expect(chars["over_deleted"] as? Int == 14 + 6)
    #expect(chars["missed"] as? Int == 76 - 37)
    Self.expectRate(chars["precision"], 37.0 / 57, "chars precision")
    Self.expectRate(chars["recall"], 37.0 / 76, "chars recall")
    Self.expectRate(chars["f1"], 2.0 * 37 / (57 + 76), "chars f1")
    Self.expectRate(chars["over_deleted_share"], 20.0 / 201, "over-deleted share")

    let lines = stats["lines"] as! [String: Any]
    #expect(lines["chunk_lines"] as? Int == 4 + 3 + 3 + 1 + 2 + 2 + 2 + 2 + 2)
    #expect(lines["label"] as? Int == 2 + 1 + 1 + 1 + 1 + 1 + 1)  // 8: h removes no line
    #expect(lines["model"] as? Int == 1 + 1 + 2 + 2)  // 6
    #expect(lines["both"] as? Int == 1 + 1 + 1 + 1)  // 4
    Self.expectRate(lines["precision"], 4.0 / 6, "lines precision")
    Self.expectRate(lines["recall"], 4.0 / 8, "lines recall")
    Self.expectRate(lines["f1"], 8.0 / 14, "lines f1")

    let kinds = stats["by_kind"] as! [String: [String: Any]]
    let linesChars = kinds["remove_lines"]!["chars"] as! [String: Any]
    // The model's remove_lines delete a 12, b 5, c 25, i 11 = 53, of which the label deletes
    // 12 + 5 + 11 + 5 = 33; the label's delete a 25, b 5, c 11, e 14, f 3, g 4, i 5 = 67, of
    // which the model deletes 33.
    #expect(linesChars["model"] as? Int == 53)
    #expect(linesChars["model_correct"] as? Int == 33)
    #expect(linesChars["label"] as? Int == 67)
    #expect(linesChars["label_found"] as? Int == 33)
    Self.expectRate(linesChars["precision"], 33.0 / 53, "remove_lines chars precision")
    Self.expectRate(linesChars["recall"], 33.0 / 67, "remove_lines chars recall")
    Self.expectRate(
      linesChars["f1"], 2.0 * (33.0 / 53) * (33.0 / 67) / (33.0 / 53 + 33.0 / 67), "f1")
    let stringChars = kinds["remove_str"]!["chars"] as! [String: Any]
    // The model's remove_str: h's 4, all correct; the label's: a's 5 and h's 4, 4 found.
    #expect(stringChars["model"] as? Int == 4)
    #expect(stringChars["label"] as? Int == 9)
    Self.expectRate(stringChars["precision"], 1, "remove_str precision")
    Self.expectRate(stringChars["recall"], 4.0 / 9, "remove_str recall")
    let linesLines = kinds["remove_lines"]!["lines"] as! [String: Any]
    #expect(linesLines["model"] as? Int == 6)
    #expect(linesLines["model_correct"] as? Int == 4)
    #expect(linesLines["label"] as? Int == 8)
    #expect(linesLines["label_found"] as? Int == 4)
    let stringLines = kinds["remove_str"]!["lines"] as! [String: Any]
    Self.expectRate(stringLines["precision"], nil, "no line emptied by remove_str")
    Self.expectRate(stringLines["recall"], nil, "no line emptied by remove_str")
    // Calls: label a 3, b..g 1 each but d keep_all, h 1 remove_str, i 1.
    #expect(kinds["remove_lines"]!["label_calls"] as? Int == 2 + 1 + 1 + 1 + 1 + 1 + 1)
    #expect(kinds["remove_str"]!["label_calls"] as? Int == 2)
    #expect(kinds["keep_all"]!["label_calls"] as? Int == 1)
    // Applied model calls: a 1, b 1 (line 9 skipped), c 1, i 1; h 1 remove_str; d, e keep_all.
    #expect(kinds["remove_lines"]!["model_calls"] as? Int == 4)
    #expect(kinds["remove_str"]!["model_calls"] as? Int == 1)
    #expect(kinds["keep_all"]!["model_calls"] as? Int == 2)

    // Exact program: d only (h has a parse error); exact output: b, d, h.
    #expect((stats["exact_program"] as! [String: Any])["chunks"] as? Int == 1)
    Self.expectRate((stats["exact_program"] as! [String: Any])["rate"], 1.0 / 9, "exact program")
    #expect((stats["exact_output"] as! [String: Any])["chunks"] as? Int == 3)
    Self.expectRate((stats["exact_output"] as! [String: Any])["rate"], 3.0 / 9, "exact output")
    let emptied = stats["emptied_chunks"] as! [String: Any]
    #expect(emptied["model"] as? Int == 1)
    #expect(emptied["label"] as? Int == 0)
    Self.expectRate(emptied["model_share"], 1.0 / 9, "model emptied")
    let table = stats["keep_all_confusion"] as! [String: Any]
    #expect(table["both_keep"] as? Int == 1)  // d
    #expect(table["label_keeps_model_deletes"] as? Int == 0)
    #expect(table["label_deletes_model_keeps"] as? Int == 3)  // e, f, g
    #expect(table["both_delete"] as? Int == 5)  // a, b, c, h, i
    Self.expectRate(table["agreement"], 6.0 / 9, "keep_all agreement")

    let programs = stats["programs"] as! [String: Any]
    #expect(programs["usable"] as? Int == 7)  // f has no reply, g's was cut
    #expect(programs["with_parse_errors"] as? Int == 1)
    #expect(programs["parse_error_lines"] as? Int == 1)
    #expect(programs["calls"] as? Int == 1 + 2 + 1 + 1 + 1 + 1 + 1)  // 8
    #expect(programs["skipped_calls"] as? Int == 1)
    #expect(programs["over_error_budget"] as? Int == 0)
    Self.expectRate(programs["parse_error_rate"], 1.0 / 7, "parse error rate")
    Self.expectRate(programs["skipped_call_rate"], 1.0 / 8, "skipped call rate")
    let replies = stats["replies"] as! [String: Any]
    #expect(replies["lines"] as? Int == 10)
    #expect(replies["missing"] as? Int == 1)
    #expect(replies["superseded"] as? Int == 1)
    #expect(replies["without_label"] as? Int == 1)
    #expect(replies["failed"] as? [String: Int] == ["truncated": 1])

    // The terminal summary says the same.
    #expect(run.standardError.contains("labels: 9 in = 9 scored + 0 rejected"))
    #expect(
      run.standardError.contains("chars           0.649      0.487    0.556"),
      "\(run.standardError)")
    #expect(run.standardError.contains("1 truncated") || run.standardError.contains("truncated 1"))

    // One comparison line per label, in label order, naming what apply would do.
    let comparisons = try ExpertStageTests.jsonLines(
      String(decoding: workspace.bytes("comparisons.jsonl")!, as: UTF8.self))
    #expect(comparisons.map { $0["id"] as! String } == Self.labels.map(\.id))
    let byID = Dictionary(uniqueKeysWithValues: comparisons.map { ($0["id"] as! String, $0) })
    #expect(byID["f#0"]?["status"] as? String == "missing_program")
    #expect(byID["g#0"]?["status"] as? String == "reply_failed")
    #expect((byID["g#0"]?["reply"] as? String)?.contains("replies line") == true)
    #expect(byID["c#0"]?["lines"] as? [String: [Int]] == ["label": [1], "model": [1, 2]])
    #expect(byID["b#0"]?["exact_output"] as? Bool == true)
    #expect(byID["b#0"]?["skipped_calls"] as? Int == 1)
  }

  @Test func keepAllEverywhereHasNoPrecisionAndNoRecall() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write(
      "labels.jsonl", Self.labels.map(Self.pairLine).joined(separator: "\n") + "\n")
    let replies = Self.labels.map { ExpertReplies.line($0.id, content: "keep_all()") }
    try workspace.write("replies.jsonl", replies.joined(separator: "\n") + "\n")
    let run = try workspace.run([
      "eval", "--labels", "labels.jsonl", "--programs", "replies.jsonl", "--stats", "eval.json",
      "-q",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try Self.stats(workspace)
    let chars = stats["chars"] as! [String: Any]
    #expect(chars["model"] as? Int == 0)
    #expect(chars["label"] as? Int == 76)
    Self.expectRate(chars["precision"], nil, "nothing deleted: no precision")
    Self.expectRate(chars["recall"], 0, "recall")
    Self.expectRate(chars["f1"], nil, "f1")
    let table = stats["keep_all_confusion"] as! [String: Any]
    #expect(table["both_keep"] as? Int == 1)
    #expect(table["label_deletes_model_keeps"] as? Int == 8)
    #expect((stats["exact_program"] as! [String: Any])["chunks"] as? Int == 1)
    #expect((stats["exact_output"] as! [String: Any])["chunks"] as? Int == 1)
  }

  // MARK: Labels against themselves

  @Test(arguments: ["pairs", "batch"])
  func labelsAgainstThemselvesScoreOneEverywhere(programs: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let build = try workspace.run([
      "build-pairs", Self.corpus, "-o", "train.jsonl", "--holdout-rate", "0.3",
      "--holdout-output", "held.jsonl", "-q",
    ])
    #expect(build.status == 0, "\(build.standardError)")
    var programsPath = "held.jsonl"
    let held = try ExpertStageTests.jsonLines(
      String(decoding: workspace.bytes("held.jsonl")!, as: UTF8.self))
    if programs == "batch" {
      // The replies a perfect refiner would give, in another order.
      let lines = held.map {
        ExpertReplies.line($0["id"] as! String, content: $0["completion"] as? String)
      }
      try workspace.write(
        "replies.jsonl", ExpertReplies.shuffled(lines, seed: 11).joined(separator: "\n") + "\n")
      programsPath = "replies.jsonl"
    }
    let run = try workspace.run([
      "eval", "--labels", "held.jsonl", "--programs", programsPath, "--stats", "eval.json",
      "--jobs", "2", "-q",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try Self.stats(workspace)
    #expect(stats["labels_scored"] as? Int == held.count)
    #expect(held.count > 40)
    func expectPerfect(_ object: [String: Any], _ what: String) {
      for key in ["precision", "recall", "f1"] { Self.expectRate(object[key], 1, "\(what) \(key)") }
    }
    expectPerfect(stats["chars"] as! [String: Any], "chars")
    expectPerfect(stats["lines"] as! [String: Any], "lines")
    let kinds = stats["by_kind"] as! [String: [String: Any]]
    for kind in ["remove_lines", "remove_str"] {
      expectPerfect(kinds[kind]!["chars"] as! [String: Any], "\(kind) chars")
    }
    expectPerfect(kinds["remove_lines"]!["lines"] as! [String: Any], "remove_lines lines")
    #expect((kinds["remove_str"]!["chars"] as! [String: Any])["label"] as? Int ?? 0 > 0)
    for key in ["exact_program", "exact_output"] {
      Self.expectRate((stats[key] as! [String: Any])["rate"], 1, key)
    }
    Self.expectRate((stats["keep_all_confusion"] as! [String: Any])["agreement"], 1, "agreement")
    let emptied = stats["emptied_chunks"] as! [String: Any]
    #expect(emptied["model"] as? Int == emptied["label"] as? Int)
    let programsStats = stats["programs"] as! [String: Any]
    #expect(programsStats["usable"] as? Int == held.count)
    #expect(programsStats["skipped_calls"] as? Int == 0)
    #expect(programsStats["with_parse_errors"] as? Int == 0)
    #expect((stats["chars"] as! [String: Any])["over_deleted"] as? Int == 0)
  }

  /// Raw corpus → hold-out → the refiner's requests for the held-out chunks → replies → eval,
  /// with no glue but the stand-in for the server (which answers each request with the
  /// completion of the pair its custom_id names).
  @Test func heldOutPairsGoThroughPromptsAndRepliesIntoEval() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    #expect(
      try workspace.run(["recipe", "init", "-o", "recipe.json", "--format", "messages"]).status == 0
    )
    let build = try workspace.run([
      "build-pairs", "--recipe", "recipe.json", Self.corpus, "-o", "train.jsonl", "--holdout-rate",
      "0.25", "--holdout-output", "held.jsonl", "--meta", "-q",
    ])
    #expect(build.status == 0, "\(build.standardError)")
    let prompts = try workspace.run([
      "prompts", "--recipe", "recipe.json", "--pairs", "held.jsonl", "-o", "requests.jsonl", "-q",
    ])
    #expect(prompts.status == 0, "\(prompts.standardError)")
    let held = try ExpertStageTests.jsonLines(
      String(decoding: workspace.bytes("held.jsonl")!, as: UTF8.self))
    var completion: [String: String] = [:]
    for pair in held {
      let messages = pair["messages"] as! [[String: Any]]
      completion[pair["id"] as! String] = messages.last!["content"] as? String
    }
    let requests = try ExpertStageTests.jsonLines(
      String(decoding: workspace.bytes("requests.jsonl")!, as: UTF8.self))
    #expect(requests.count == held.count)
    let replies = requests.map {
      let id = $0["custom_id"] as! String
      return ExpertReplies.line(id, content: completion[id]!)
    }
    try workspace.write(
      "replies.jsonl", ExpertReplies.shuffled(replies, seed: 5).joined(separator: "\n") + "\n")
    let run = try workspace.run([
      "eval", "--recipe", "recipe.json", "--labels", "held.jsonl", "--programs", "replies.jsonl",
      "--stats", "eval.json", "-q",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let stats = try Self.stats(workspace)
    #expect(stats["labels_scored"] as? Int == held.count)
    Self.expectRate((stats["exact_output"] as! [String: Any])["rate"], 1, "exact output")
    Self.expectRate((stats["chars"] as! [String: Any])["f1"], 1, "chars f1")
    #expect((stats["replies"] as! [String: Any])["without_label"] as? Int == 0)
  }

  @Test func theFiguresAreTheSameForAnyJobCountAndForShardedLabels() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let pairLines = Self.labels.map(Self.pairLine)
    try workspace.write("labels.jsonl", pairLines.joined(separator: "\n") + "\n")
    try workspace.write("shards/a.jsonl", pairLines[..<4].joined(separator: "\n") + "\n")
    try workspace.write("shards/b.jsonl", pairLines[4...].joined(separator: "\n") + "\n")
    try workspace.write("replies.jsonl", Self.degradedReplies())
    var outputs: [Data] = []
    for (labels, jobs) in [
      (["labels.jsonl"], "1"), (["labels.jsonl"], "2"), (["shards"], "2"),
      (["shards/a.jsonl", "shards/b.jsonl"], "1"),
    ] {
      let run = try workspace.run(
        ["eval"] + labels.flatMap { ["--labels", $0] } + [
          "--programs", "replies.jsonl", "--stats", "eval.json", "-o", "-", "--jobs", jobs,
          "--round-bytes", "300", "-q",
        ])
      #expect(run.status == 0, "\(run.standardError)")
      outputs.append(Data(run.standardOutput.utf8))
      var stats = try Self.stats(workspace)
      for key in ["seconds", "mb_per_second"] { stats[key] = nil }
      outputs.append(try JSONSerialization.data(withJSONObject: stats, options: [.sortedKeys]))
    }
    #expect(outputs[0] == outputs[2] && outputs[2] == outputs[4] && outputs[4] == outputs[6])
    #expect(outputs[1] == outputs[3] && outputs[3] == outputs[5] && outputs[5] == outputs[7])
  }

  // MARK: Hostile input

  @Test func labelsThatCannotBeScoredAreCountedRejectsWithReasons() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let good = Self.pairLine(Self.labels[0])
    let lines = [
      good,
      "{not json",
      "[1, 2]",
      #"{"id":"x#0","text":"a document, not a pair"}"#,
      #"{"prompt":"Refine.\n\n[doc]\n[1]a\n[/doc]","completion":"keep_all()"}"#,
      #"{"id":"nochunk","prompt":"Refine.\n\n[doc]\n[1]a\n[/doc]","completion":"keep_all()"}"#,
      #"{"id":"p#0","prompt":"no numbered lines here","completion":"keep_all()"}"#,
      #"{"id":"q#0","prompt":"Refine.\n\n[doc]\n[1]a\n[/doc]","completion":"remove_lines(1, 5)"}"#,
      #"{"id":"r#0","prompt":"Refine.\n\n[doc]\n[1]a\n[/doc]","completion":"delete everything"}"#,
      good,
    ]
    try workspace.write("labels.jsonl", lines.joined(separator: "\n") + "\n")
    try workspace.write(
      "replies.jsonl", ExpertReplies.line("a#0", content: "remove_lines(1, 1)") + "\n")
    let run = try workspace.run([
      "eval", "--labels", "labels.jsonl", "--programs", "replies.jsonl", "--rejects",
      "rejects.jsonl", "--stats", "eval.json", "--no-progress",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let rejects = try ExpertStageTests.jsonLines(
      String(decoding: workspace.bytes("rejects.jsonl")!, as: UTF8.self))
    let reasons = rejects.map { "\($0["source"]!) \($0["reason"]!)" }
    #expect(
      reasons == [
        "labels.jsonl:2 invalid_json", "labels.jsonl:3 not_an_object",
        "labels.jsonl:4 missing_field",
        "labels.jsonl:5 missing_field", "labels.jsonl:6 invalid_field",
        "labels.jsonl:7 prompt_mismatch",
        "labels.jsonl:8 invalid_field", "labels.jsonl:9 invalid_field",
        "labels.jsonl:10 duplicate_id",
      ], "\(reasons)")
    let details = rejects.map { $0["detail"] as! String }
    #expect(details[4].contains("#<k>"))
    #expect(details[6].contains("line_out_of_range"))
    #expect(details[7].contains("does not parse"))
    let stats = try Self.stats(workspace)
    #expect(stats["labels_in"] as? Int == 10)
    #expect(stats["labels_scored"] as? Int == 1)
    #expect(stats["balanced"] as? Bool == true)
  }

  @Test(arguments: [
    ([] as [String], "--labels"),
    (["--labels", "labels.jsonl"], "--programs"),
    (
      ["--labels", "labels.jsonl", "--programs", "replies.jsonl", "extra.jsonl"],
      "unexpected argument"
    ),
    (["--labels", "labels.jsonl", "--programs", "replies.jsonl", "-o", "labels.jsonl"], "input"),
    (
      ["--labels", "labels.jsonl", "--programs", "replies.jsonl", "--stats", "replies.jsonl"],
      "input"
    ),
    (
      ["--labels", "labels.jsonl", "--programs", "replies.jsonl", "--max-bad-calls", "-1"],
      "--max-bad-calls"
    ),
  ])
  func wrongFlagsAreUsageErrorsAndWriteNothing(flags: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("labels.jsonl", Self.pairLine(Self.labels[0]) + "\n")
    try workspace.write("replies.jsonl", ExpertReplies.line("a#0", content: "keep_all()") + "\n")
    let before = workspace.snapshot()
    let run = try workspace.run(["eval"] + flags)
    #expect(run.status == 64, "\(run.standardError)")
    #expect(run.standardError.contains(message), "\(run.standardError)")
    #expect(workspace.snapshot() == before)
  }

  @Test func programsWithoutAUsableLineFailTheRunBeforeAnythingIsWritten() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("labels.jsonl", Self.pairLine(Self.labels[0]) + "\n")
    for (name, text) in [
      ("failed.jsonl", ExpertReplies.line("a#0", content: nil, status: 500) + "\n"),
      ("garbage.jsonl", "not json\nstill not\n"),
    ] {
      try workspace.write(name, text)
      let run = try workspace.run([
        "eval", "--labels", "labels.jsonl", "--programs", name, "-o", "out.jsonl", "--stats",
        "eval.json",
      ])
      #expect(run.status == 1, "\(run.standardError)")
      #expect(run.standardError.contains(name), "\(run.standardError)")
      #expect(workspace.bytes("out.jsonl") == nil && workspace.bytes("eval.json") == nil)
    }
  }

  @Test func aLabelOfAnotherRecipeFailsTheRunNamingItsLine() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    #expect(try workspace.run(["recipe", "init", "-o", "recipe.json"]).status == 0)
    let build = try workspace.run([
      "build-pairs", Self.corpus, "-o", "pairs.jsonl", "--meta", "--chunk-chars", "5000", "-q",
    ])
    #expect(build.status == 0)
    let run = try workspace.run([
      "eval", "--labels", "pairs.jsonl", "--programs", "pairs.jsonl", "--recipe", "recipe.json",
      "--stats", "eval.json",
    ])
    #expect(run.status == 1, "\(run.standardError)")
    #expect(run.standardError.contains("line 1 was made with recipe"), "\(run.standardError)")
    #expect(workspace.bytes("eval.json") == nil)
    // Without --recipe the hash is not checked; with the labels' own recipe it agrees.
    let same = try workspace.run([
      "eval", "--labels", "pairs.jsonl", "--programs", "pairs.jsonl", "--recipe", "recipe.json",
      "--chunk-chars", "5000", "-q",
    ])
    #expect(same.status == 0, "\(same.standardError)")
  }
}

import Testing

@testable import Scalpel

/// A record whose member name repeats is read by its last member of that name, whatever the
/// types of the earlier ones (JSONLFormat, Input Records), in `build-pairs` (which reads the
/// texts as bytes) and in `apply` (which reads the whole object and writes every member
/// back). The expected outcomes are written out by hand from that rule.
@Suite struct RepeatedMemberTests {
  enum Expected: Equatable {
    case accepted(original: String, refined: String)
    case rejected(reason: String)
  }

  /// Each record, what `build-pairs` makes of it, and the text `apply` reads from it (its
  /// raw last `text` member; `nil`: rejected as `invalid_field`).
  static let cases: [(json: String, expected: Expected, applyText: String?)] = [
    (
      #"{"id":"a","text":"Keep this line.\n","text":5,"refined":"Keep this line.\n"}"#,
      .rejected(reason: "invalid_field"),
      nil
    ),
    (
      #"{"id":"a","text":5,"text":"Keep this line.\nHome | About | Contact | Share on Facebook | Tweet this page\n","refined":"Keep this line.\n"}"#,
      .accepted(
        original: "Keep this line.\nHome | About | Contact | Share on Facebook | Tweet this page\n",
        refined: "Keep this line.\n"),
      "Keep this line.\nHome | About | Contact | Share on Facebook | Tweet this page\n"
    ),
    (
      #"{"id":"a","text":"Old text.\n","text":"Keep this line.\n","refined":"Keep this line.\n"}"#,
      .accepted(original: "Keep this line.\n", refined: "Keep this line.\n"),
      "Keep this line.\n"
    ),
    (
      #"{"id":"a","text":"Keep this line.\n","refined":"Keep this line.\n","refined":null}"#,
      .rejected(reason: "invalid_field"),
      "Keep this line.\n"
    ),
    (
      #"{"id":"a","text":"Keep this line.\n","refined":{"x":"y"},"refined":"Keep this line.\n"}"#,
      .accepted(original: "Keep this line.\n", refined: "Keep this line.\n"),
      "Keep this line.\n"
    ),
    (
      #"{"id":"a","text":["Keep this line.\n"],"refined":"A line to keep.\n","text":"A line to keep.\r\nHome | About | Contact | Share on Facebook | Tweet this page\n"}"#,
      .accepted(
        original: "A line to keep.\nHome | About | Contact | Share on Facebook | Tweet this page\n",
        refined: "A line to keep.\n"),
      "A line to keep.\r\nHome | About | Contact | Share on Facebook | Tweet this page\n"
    ),
    (
      #"{"id":"a","text":"Keep this line.\n","text":{"text":"nested"},"refined":"Keep this line.\n"}"#,
      .rejected(reason: "invalid_field"),
      nil
    ),
  ]

  @Test func buildPairsReadsTheLastMember() {
    var processor = RecordProcessor(configuration: .init())
    for (index, testCase) in Self.cases.enumerated() {
      let decision = processor.decide(
        .line(lineNumber: index + 1, bytes: Array(testCase.json.utf8)), path: "in.jsonl")
      switch (decision, testCase.expected) {
      case (.accepted(_, _, let original, let refined, _), .accepted(let want, let wantRefined)):
        #expect(original.string == want, "\(testCase.json)")
        #expect(refined.string == wantRefined, "\(testCase.json)")
      case (.rejected(let rejection, _, _, _), .rejected(let reason)):
        #expect(rejection.reason == reason, "\(testCase.json)")
        #expect(rejection.source == "in.jsonl:\(index + 1)")
      default:
        Issue.record("\(testCase.json): \(decision), expected \(testCase.expected)")
      }
    }
  }

  @Test func applyReadsTheLastMemberAndWritesEveryMemberBack() {
    for testCase in Self.cases {
      let read = DocumentRecord.read(
        .line(lineNumber: 1, bytes: Array(testCase.json.utf8)), path: "in.jsonl",
        fields: CorpusFields())
      switch (read, testCase.applyText) {
      case (.document(let record), let want?):
        #expect(record.text == want, "\(testCase.json)")
        var writer = JSONWriter()
        record.encode(refinedText: "R", outputField: "refined_text", into: &writer)
        // Every member of the input, in order, then the output field.
        #expect(
          String(decoding: writer.bytes, as: UTF8.self)
            == String(testCase.json.dropLast()) + #","refined_text":"R"}"# + "\n")
      case (.rejected(let rejection), nil):
        #expect(rejection.reason == "invalid_field", "\(testCase.json)")
      default:
        Issue.record(
          "\(testCase.json): \(read), expected the text \(testCase.applyText ?? "rejected")")
      }
    }
  }
}

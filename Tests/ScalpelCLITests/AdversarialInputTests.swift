import Foundation
import Testing

/// Hostile and odd inputs: every record is accounted for, nothing crashes or hangs.
@Suite struct AdversarialInputTests {
  static func runBuildPairs(_ input: Data, extra: [String] = []) throws
    -> (result: ScalpelProcess.Result, rejects: [[String: Any]], pairs: [[String: Any]])
  {
    let directory = try ScalpelProcess.temporaryDirectory()
    let inputURL = directory.appendingPathComponent("input.jsonl")
    try input.write(to: inputURL)
    let rejectsURL = directory.appendingPathComponent("rejects.jsonl")
    let result = try ScalpelProcess.run(
      [
        "build-pairs", inputURL.path, "--rejects", rejectsURL.path, "--no-progress",
        "--instruction", "",
      ]
        + extra)
    let rejects =
      (try? String(contentsOf: rejectsURL, encoding: .utf8))?.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      } ?? []
    let pairs = result.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    try? FileManager.default.removeItem(at: directory)
    return (result, rejects, pairs)
  }

  @Test func oddRecordsAreEachAccountedWithAReason() throws {
    var input = Data()
    func line(_ text: String) { input.append(Data((text + "\n").utf8)) }
    line(#"{"id":"nul","text":"a\u0000b junk junk junk\nkeep\n","refined":"keep\n"}"#)
    line(#"{"id":"surrogate","text":"bad \ud800 here\n","refined":"x\n"}"#)
    line(String(repeating: "[", count: 100_000))
    line(
      "\u{FEFF}"
        + #"{"id":"bom","text":"Menu | Home | About\nContent stays.\n","refined":"Content stays.\n"}"#
    )
    input.append(
      Data(
        #"{"id":"crlf","text":"Menu | Home | About\r\nContent.\r\n","refined":"Content.\n"}"#.utf8))
    input.append(Data("\r\n".utf8))
    line(#"{"id":"empty","text":"","refined":""}"#)
    line(
      #"{"id":"longer","text":"Short text.\n","refined":"Short text, now much longer than before with added words.\n"}"#
    )
    input.append(Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]))  // {"id":"\xFF\xFE"}
    line("[1, 2, 3]")
    line(#"{"id":42,"text":"Nav | Nav | Nav | Nav\nText.\n","refined":"Text.\n"}"#)
    input.append(Data((0..<200).map { UInt8(($0 * 37) % 256) }))
    input.append(Data("\n".utf8))
    let (result, rejects, pairs) = try Self.runBuildPairs(input)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardError.contains(
        "records: 12 in = \(pairs.count) accepted + \(rejects.count) rejected"))
    let reasons = Dictionary(
      uniqueKeysWithValues: rejects.compactMap { reject -> (String, String)? in
        guard let source = reject["source"] as? String, let reason = reject["reason"] as? String
        else { return nil }
        return (String(source.split(separator: ":").last ?? ""), reason)
      })
    #expect(reasons["2"] == "invalid_json")  // lone surrogate
    #expect(reasons["3"] == "invalid_json")  // nesting
    #expect(reasons["6"] == "empty_document")
    #expect(reasons["7"] == "rewrite_too_large")
    #expect(reasons["8"] == "invalid_utf8")
    #expect(reasons["9"] == "not_an_object")
    #expect(reasons["11"] != nil)  // binary garbage
    let accepted = Set(pairs.compactMap { $0["id"] as? String })
    #expect(accepted.isSuperset(of: ["nul#0", "bom#0", "crlf#0", "42#0"]), "\(accepted)")
    let surrogate = rejects.first { ($0["source"] as? String)?.hasSuffix(":2") == true }
    #expect((surrogate?["detail"] as? String)?.contains("surrogate") == true)
  }

  /// 100 MB against a release binary; 10 MB against a debug one, which is much slower.
  @Test func hugeSingleLineDocument() throws {
    let repeatCount = ScalpelProcess.binaryIsOptimized ? 20_000_000 : 2_000_000
    let body = String(repeating: "word ", count: repeatCount)
    let record = #"{"id":"huge","text":"\#(body)[ad] end\n","refined":"\#(body)end\n"}"# + "\n"
    let (result, rejects, pairs) = try Self.runBuildPairs(
      Data(record.utf8), extra: ["-o", "/dev/null"])
    // Every record was rejected, so the run fails (exit 1) and says why.
    #expect(result.status == 1, "\(result.standardError)")
    #expect(
      result.standardError.contains(
        "error: all 1 records were rejected (check the field names and the input format); top reasons: deletions_not_expressible 1"
      ))
    // The single line is longer than any chunk, so the model could never see it whole:
    // the deletion cannot become a program, and the record is rejected with that reason.
    #expect(pairs.isEmpty)
    #expect(rejects.first?["reason"] as? String == "deletions_not_expressible")
    #expect(result.standardError.contains("records: 1 in = 0 accepted + 1 rejected"))
  }

  @Test func lineLongerThanTheLimitIsRejectedUnread() throws {
    let record =
      #"{"id":"big","text":"\#(String(repeating: "x", count: 5_000))","refined":""}"# + "\n"
    let (result, rejects, _) = try Self.runBuildPairs(
      Data(
        (record + #"{"id":"ok","text":"Menu | Home\nText here.\n","refined":"Text here.\n"}"# + "\n")
          .utf8),
      extra: ["--max-record-bytes", "1000", "-o", "/dev/null"])
    #expect(result.status == 0)
    #expect(rejects.first?["reason"] as? String == "line_too_long")
    #expect(result.standardError.contains("records: 2 in = 1 accepted + 1 rejected"))
  }
}

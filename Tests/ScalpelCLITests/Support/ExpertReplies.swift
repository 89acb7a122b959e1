import Foundation

/// Batch output lines made the way a test script would make them from the bundled corpus:
/// each request's chunk is read back from its prompt, and its refinement is cut from the
/// document's `refined` text. Independent of scalpel's code: JSON by Foundation, the cut by
/// a textbook line LCS.
enum ExpertReplies {
  /// A request read back: its custom id, document, chunk and the chunk's text.
  struct Request {
    var customID: String
    var documentID: String
    var chunkIndex: Int
    var chunkText: String
    var line: [String: Any]
  }

  /// Parses request lines; the chunk text is what stands between the template's last
  /// `[doc]\n` and `\n[/doc]`.
  static func requests(_ text: String) throws -> [Request] {
    try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      let customID = object["custom_id"] as! String
      let body = object["body"] as! [String: Any]
      let prompt: String
      if let messages = body["messages"] as? [[String: Any]] {
        prompt = messages[0]["content"] as! String
      } else {
        prompt = body["prompt"] as! String
      }
      let open = prompt.range(of: "[doc]\n", options: .backwards)!
      let close = prompt.range(of: "\n[/doc]", options: .backwards)!
      let hash = customID.lastIndex(of: "#")!
      return Request(
        customID: customID, documentID: String(customID[..<hash]),
        chunkIndex: Int(customID[customID.index(after: hash)...])!,
        chunkText: String(prompt[open.upperBound..<close.lowerBound]), line: object)
    }
  }

  /// The refinement of each chunk of one document: the whole refined text for one chunk;
  /// otherwise each refined line goes to the chunk of the original line it matches in a
  /// line LCS (an unmatched line to the chunk of the next unmatched original line).
  static func refinedChunks(original: String, refined: String, chunks: [String]) -> [String] {
    let trimmed = refined.hasSuffix("\n") ? String(refined.dropLast()) : refined
    if chunks.count == 1 { return [trimmed] }
    let a = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = trimmed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var chunkOfLine: [Int] = []
    for (index, chunk) in chunks.enumerated() {
      chunkOfLine += Array(
        repeating: index,
        count: chunk.split(separator: "\n", omittingEmptySubsequences: false).count)
    }
    // lcs[i][j]: LCS length of a[i...] and b[j...].
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var result = Array(repeating: [String](), count: chunks.count)
    var (i, j) = (0, 0)
    while j < b.count {
      if i < a.count && a[i] == b[j] && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
        result[chunkOfLine[min(i, chunkOfLine.count - 1)]].append(b[j])
        i += 1
        j += 1
      } else if i < a.count && lcs[i + 1][j] >= lcs[i][j + 1] {
        i += 1
      } else {
        result[chunkOfLine[min(i, chunkOfLine.count - 1)]].append(b[j])
        j += 1
      }
    }
    return result.map { $0.joined(separator: "\n") }
  }

  /// The expert's reply text for a refined chunk.
  static func content(_ refined: String) -> String {
    "modification_reason: [doc]Removed the site's navigation and advertisements.[/doc]\n"
      + "refined_text: [doc]\n\(refined)\n[/doc]"
  }

  /// A batch output line with `content`.
  static func line(
    _ customID: String, content: String?, status: Int = 200, finishReason: String = "stop",
    error: [String: Any]? = nil
  ) -> String {
    var message: [String: Any] = ["role": "assistant"]
    message["content"] = content ?? NSNull()
    var response: Any = NSNull()
    if error == nil {
      var body: [String: Any] = ["error": ["message": "server overloaded"]]
      if status == 200 {
        let choice: [String: Any] = ["index": 0, "message": message, "finish_reason": finishReason]
        body = ["id": "cmpl", "object": "chat.completion", "choices": [choice]]
      }
      response = ["status_code": status, "request_id": "req-\(customID)", "body": body]
    }
    let object: [String: Any] = [
      "id": "batch-\(customID)", "custom_id": customID, "response": response,
      "error": error ?? NSNull(),
    ]
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// A usable reply for every request line of the bundled corpus, in request order: each
  /// chunk's refinement cut from its document's `refined` text by ``refinedChunks(original:refined:chunks:)``.
  static func simulatedReplies(requests text: String) throws -> String {
    let records = try ExpertStageTests.corpusRecords()
    var chunksOfDocument: [String: [Request]] = [:]
    var order: [String] = []
    for request in try requests(text) {
      if chunksOfDocument[request.documentID] == nil { order.append(request.documentID) }
      chunksOfDocument[request.documentID, default: []].append(request)
    }
    var lines: [String] = []
    for id in order {
      let record = records[id]!
      let sorted = chunksOfDocument[id]!.sorted { $0.chunkIndex < $1.chunkIndex }
      let refined =
        sorted.last?.chunkIndex == sorted.count - 1
        ? refinedChunks(
          original: record.text.hasSuffix("\n") ? String(record.text.dropLast()) : record.text,
          refined: record.refined, chunks: sorted.map(\.chunkText))
        : sorted.map(\.chunkText)
      for (position, request) in sorted.enumerated() {
        lines.append(line(request.customID, content: content(refined[position])))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Shuffles deterministically (a linear congruential generator).
  static func shuffled<T>(_ items: [T], seed: UInt64) -> [T] {
    var items = items
    var state = seed
    for index in stride(from: items.count - 1, to: 0, by: -1) {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      items.swapAt(index, Int(state >> 33) % (index + 1))
    }
    return items
  }
}

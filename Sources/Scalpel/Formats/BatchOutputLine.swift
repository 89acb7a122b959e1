/// One line of a batch output file (OpenAI Batch API, vLLM `run_batch`): which request it
/// answers and what came back (Specification §5.4).
///
/// `{"id", "custom_id", "response": {"status_code", "body": {"choices": [{"message":
/// {"content"} | "text", "finish_reason"}]}} | null, "error": null | {"code", "message"}}`.
/// The one reader of such lines.
package struct BatchOutputLine: Sendable, Hashable {
  /// What the line says came back.
  package enum Outcome: Sendable, Hashable {
    /// The model's text, with its `finish_reason` when given.
    case content(String, finishReason: String?)
    /// The request failed: an `error` object, no response, or a status other than 200.
    case failed(String)
    /// The response has no text where the formats put it.
    case unparsable(String)
  }

  /// The request's `custom_id`, `<document id>#<chunk index>`.
  package var customID: String
  /// The document id: `custom_id` before its last `#`.
  package var documentID: String
  /// The chunk index: `custom_id` after its last `#`.
  package var chunkIndex: Int
  /// What came back.
  package var outcome: Outcome

  /// Why a line cannot be matched with a request at all.
  package struct Problem: Error, Sendable, Hashable {
    package var description: String
  }

  /// Reads one line.
  ///
  /// - Throws: ``Problem`` when the line is not JSON, not an object, or has no
  ///   `custom_id` of the form `<id>#<k>`.
  /// - Complexity: O(*n*), where *n* is the length of the line.
  package static func read(_ bytes: [UInt8], parser: JSONParser = JSONParser())
    throws(Problem) -> BatchOutputLine
  {
    let value: JSONValue
    var surrogate: UInt16?
    do {
      value = try parser.parse(bytes)
    } catch {
      // A lone surrogate escape (which JSON's grammar allows and some writers emit) makes
      // the reply unusable, not the line unreadable: its custom_id is still read.
      guard case .loneSurrogate(let unit) = error.reason,
        let repaired = try? parser.parse(replacingSurrogateEscapes(in: bytes))
      else { throw Problem(description: "not valid JSON: \(error)") }
      (value, surrogate) = (repaired, unit)
    }
    guard case .object = value else { throw Problem(description: "not a JSON object") }
    guard let customID = value["custom_id"]?.stringValue else {
      throw Problem(description: "no \"custom_id\" string")
    }
    let utf8 = Array(customID.utf8)
    guard let hash = utf8.lastIndex(of: UInt8(ascii: "#")), hash + 1 < utf8.count,
      utf8[(hash + 1)...].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      utf8.count - hash - 1 <= 9, utf8[hash + 1] != UInt8(ascii: "0") || utf8.count == hash + 2,
      let chunkIndex = Int(String(decoding: utf8[(hash + 1)...], as: UTF8.self))
    else {
      throw Problem(
        description: "custom_id '\(customID)' is not \"<document id>#<chunk index>\"")
    }
    var outcome = outcome(of: value)
    if let surrogate {
      outcome = .unparsable(
        "the line has a lone surrogate escape \\u\(String(surrogate, radix: 16, uppercase: true)), which is not Unicode text")
    }
    return BatchOutputLine(
      customID: customID, documentID: String(decoding: utf8[..<hash], as: UTF8.self),
      chunkIndex: chunkIndex, outcome: outcome)
  }

  /// `bytes` with every `\uD800`…`\uDFFF` escape written as `\uFFFD`.
  private static func replacingSurrogateEscapes(in bytes: [UInt8]) -> [UInt8] {
    var result = bytes
    var offset = 0
    while offset + 6 <= result.count {
      if result[offset] == UInt8(ascii: "\\"), result[offset + 1] == UInt8(ascii: "u"),
        result[offset + 2] | 0x20 == UInt8(ascii: "d"),
        (UInt8(ascii: "8")...UInt8(ascii: "9")).contains(result[offset + 3])
          || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(result[offset + 3] | 0x20)
      {
        result.replaceSubrange(offset + 2..<offset + 6, with: Array("FFFD".utf8))
        offset += 6
      } else {
        offset += result[offset] == UInt8(ascii: "\\") ? 2 : 1
      }
    }
    return result
  }

  /// How the detail of a `failed` outcome begins when the status code is not 200, and
  /// only then (``Outcome/program`` tells an HTTP status from an error by it).
  package static let statusDetailPrefix = "status "

  private static func outcome(of value: JSONValue) -> Outcome {
    if let error = value["error"], error != .null {
      let code = error["code"].map(describe) ?? "?"
      let message = error["message"]?.stringValue ?? describe(error)
      return .failed("error \(code): \(message)")
    }
    guard let response = value["response"], response != .null else {
      return .failed("no response and no error")
    }
    guard case .object = response else {
      return .failed("response is not an object: \(describe(response))")
    }
    guard let statusValue = response["status_code"] else {
      return .failed("response has no status_code")
    }
    guard let status = statusValue.integerValue else {
      return .failed("status_code is not an integer: \(describe(statusValue))")
    }
    guard status == 200 else {
      let message = response["body"]?["error"]?["message"]?.stringValue ?? ""
      return .failed(
        statusDetailPrefix + "\(status)" + (message.isEmpty ? "" : ": \(message)"))
    }
    guard case .array(let choices)? = response["body"]?["choices"], let choice = choices.first
    else {
      return .unparsable("response.body.choices is missing or empty")
    }
    let finishReason = choice["finish_reason"]?.stringValue
    if let content = choice["message"]?["content"]?.stringValue {
      return .content(content, finishReason: finishReason)
    }
    if let text = choice["text"]?.stringValue { return .content(text, finishReason: finishReason) }
    return .unparsable("choices[0] has neither a message.content nor a text string")
  }

  private static func describe(_ value: JSONValue) -> String {
    if let string = value.stringValue { return string }
    let text = value.description
    return text.utf8.count > 200 ? String(decoding: Array(text.utf8.prefix(200)), as: UTF8.self) + "…" : text
  }
}

import Foundation
import Testing

@testable import Scalpel

@Suite struct JSONWriterTests {
  private func written(_ body: (inout JSONWriter) -> Void) -> String {
    var writer = JSONWriter()
    body(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test(
    arguments: [
      ("", #""""#),
      ("plain text", #""plain text""#),
      ("a\"b\\c/d", #""a\"b\\c/d""#),
      ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
      ("\u{0}\u{1}\u{B}\u{1F} \u{7F}", #""\u0000\u0001\u000b\u001f \#u{7F}""#),
      ("x\u{2028}y\u{2029}z", #""x\u2028y\u2029z""#),
      ("é€𝄞😀\u{2027}\u{202A}\u{FEFE}\u{FFFF}，", "\"é€𝄞😀\u{2027}\u{202A}\u{FEFE}\u{FFFF}，\""),
      ("\u{FEFF}a\u{FEFF}", #""\ufeffa\ufeff""#),
      (
        "0123456789abcdef\"0123456789abcdef\u{2028}", #""0123456789abcdef\"0123456789abcdef\u2028""#
      ),
    ] as [(String, String)])
  func escapesStrings(input: String, expected: String) {
    #expect(written { $0.appendString(input) } == expected)
  }

  @Test func escapesAtEveryOffsetAroundTheWordScan() throws {
    for special in ["\"", "\\", "\n", "\u{1}", "\u{2028}", "\u{2029}", "\u{FEFF}", "€", "，"] {
      for prefixLength in 0..<20 {
        let input =
          String(repeating: "a", count: prefixLength) + special + String(repeating: "b", count: 11)
        let output = written { $0.appendString(input) }
        #expect(try JSONParser().parse(output) == .string(input), "\(prefixLength) \(special)")
        let escaped = output.utf8.contains(UInt8(ascii: "\\"))
        #expect(escaped == (special != "€" && special != "，"), "\(output)")
      }
    }
  }

  @Test func writesContainersWithCommasInTheGivenKeyOrder() {
    let output = written { writer in
      writer.appendObject { object in
        object.appendKey("id")
        object.appendString("doc-1")
        object.appendKey("messages")
        object.appendArray { messages in
          for (role, content) in [("system", "S"), ("user", "U")] {
            messages.appendObject { message in
              message.appendKey("role")
              message.appendString(role)
              message.appendKey("content")
              message.appendString(content)
            }
          }
        }
        object.appendKey("empty")
        object.appendArray { _ in }
        object.appendKey("meta")
        object.appendObject { meta in
          meta.appendKey("count")
          meta.appendInteger(-3)
          meta.appendKey("flag")
          meta.appendBool(false)
          meta.appendKey("none")
          meta.appendNull()
          meta.appendKey("raw")
          meta.appendRawJSON(Array(#"{"x":[1]}"#.utf8))
        }
      }
      writer.appendNewline()
      writer.appendArray { array in
        array.appendInteger(UInt64.max)
        array.appendInteger(Int.min)
        array.appendBool(true)
      }
      writer.appendNewline()
    }
    #expect(
      output == #"""
        {"id":"doc-1","messages":[{"role":"system","content":"S"},{"role":"user","content":"U"}],"empty":[],"meta":{"count":-3,"flag":false,"none":null,"raw":{"x":[1]}}}
        [18446744073709551615,-9223372036854775808,true]

        """#)
  }

  @Test func removeAllStartsANewRecordAndKeepsCapacity() {
    var writer = JSONWriter(capacity: 64)
    writer.appendInteger(1)
    let capacity = writer.bytes.capacity
    writer.removeAll()
    writer.appendInteger(2)
    #expect(writer.bytes == Array("2".utf8))
    #expect(writer.bytes.capacity == capacity)
  }

  @Test func serialisesValuesCompactlyKeepingRawNumbersAndOrder() throws {
    let text = #"{"z":[1.50,-0,2E+3],"a":{"s":"\u00e9\n"},"z":null}"#
    let value = try JSONParser().parse(text)
    #expect(
      written { $0.appendValue(value) }
        == "{\"z\":[1.50,-0,2E+3],\"a\":{\"s\":\"é\\n\"},\"z\":null}")
  }

  @Test func validatesNumberTextForSerialisation() {
    for valid in ["0", "-0", "12", "1.5", "-1.5e-3", "2E+10", "0.0"] {
      #expect(JSONWriter.isValidNumber(valid), "\(valid)")
    }
    for invalid in ["", "-", "01", "1.", ".5", "1e", "1e+", "+1", "NaN", "inf", "1 ", "0x1"] {
      #expect(!JSONWriter.isValidNumber(invalid), "\(invalid)")
    }
  }

  // MARK: - Properties

  @Test func randomValuesRoundTripThroughWriterAndParser() throws {
    var rng = SplitMix64(seed: 11)
    for _ in 0..<1_500 {
      let value = JSONTestData.randomValue(using: &rng)
      var writer = JSONWriter()
      writer.appendValue(value)
      #expect(!writer.bytes.contains(UInt8(ascii: "\n")), "never pretty-printed")
      #expect(try JSONParser().parse(writer.bytes) == value, "\(value)")
    }
  }

  @Test func randomStringsDecodeIdenticallyWithFoundation() throws {
    var rng = SplitMix64(seed: 5)
    for _ in 0..<1_500 {
      let string = JSONTestData.randomString(using: &rng)
      var writer = JSONWriter()
      writer.appendArray { $0.appendString(string) }
      #expect(try JSONParser().parse(writer.bytes) == .array([.string(string)]))
      let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String]
      #expect(
        decoded?.first.map { Array($0.unicodeScalars) } == Array(string.unicodeScalars),
        "\(writer.bytes)")
      let fragment = try JSONSerialization.jsonObject(
        with: Data(written { $0.appendString(string) }.utf8), options: .fragmentsAllowed)
      #expect(
        (fragment as? String).map { Array($0.unicodeScalars) } == Array(string.unicodeScalars))
    }
  }

  @Test func recordsDecodeWithFoundation() throws {
    var writer = JSONWriter()
    writer.appendObject { object in
      object.appendKey("id")
      object.appendString("a\u{2028}b")
      object.appendKey("n")
      object.appendInteger(42)
      object.appendKey("ok")
      object.appendBool(true)
    }
    let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any]
    #expect(decoded?["id"] as? String == "a\u{2028}b")
    #expect(decoded?["n"] as? Int == 42)
    #expect(decoded?["ok"] as? Bool == true)
  }
}

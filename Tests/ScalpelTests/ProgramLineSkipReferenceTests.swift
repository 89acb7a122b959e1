import Testing

@testable import Scalpel

/// A programs-file line is parsed with only the strings that ``ProgramRecord`` reads built
/// (``JSONParser/parse(_:stringKeys:)``). These tests try to make that parse differ from the
/// reference, the full ``JSONParser/parse(_:)-([UInt8])`` followed by
/// ``ProgramRecord/reading(json:)``: same record, or the same message, for hostile lines.
@Suite struct ProgramLineSkipReferenceTests {
  /// The reference reading of one line: the full parse, then the record.
  static func reference(_ bytes: [UInt8]) -> String {
    let value: JSONValue
    do {
      value = try JSONParser().parse(bytes)
    } catch {
      return "invalid: invalid JSON: \(error)"
    }
    do {
      let (record, isChunkGiven) = try ProgramRecord.reading(json: value)
      return "record: \(record) \(isChunkGiven)"
    } catch {
      return "invalid: \(error.description)"
    }
  }

  static func underTest(_ bytes: [UInt8]) -> String {
    switch ProgramsFileReader.read(.line(lineNumber: 1, bytes: bytes)) {
    case .blank: return "blank"
    case .invalid(let problem): return "invalid: \(problem)"
    case .record(let record, let isChunkGiven): return "record: \(record) \(isChunkGiven)"
    }
  }

  /// String bodies (raw JSON, between the quotes) that are fine or broken in every way the
  /// parser reports.
  static let bodies: [[UInt8]] = [
    Array("plain text".utf8),
    Array(#"esc \n \" \\ \u00e9 \ud83d\ude00 end"#.utf8),
    Array("caf\u{E9} \u{1F600}".utf8),
    Array("bad utf8 ".utf8) + [0xC3, 0x28] + Array(" more".utf8),
    Array("truncated ".utf8) + [0xE2, 0x82],
    [0xFF] + Array(#" then \q bad escape"#.utf8),
    Array("ctrl ".utf8) + [0x01] + Array(" byte".utf8),
    [0x80] + Array(" then ctrl ".utf8) + [0x1F],
    Array(#"lone \ud800 surrogate"#.utf8),
    Array(#"low \udc00 first"#.utf8),
    Array(#"short \u12 escape"#.utf8),
    Array(#"bad \x escape"#.utf8),
    Array(#"trailing backslash \"#.utf8),
    Array(#"overlong "#.utf8) + [0xC0, 0xAF],
    Array("surrogate in utf8 ".utf8) + [0xED, 0xA0, 0x80],
  ]

  static func string(_ body: [UInt8]) -> [UInt8] {
    [UInt8(ascii: "\"")] + body + [UInt8(ascii: "\"")]
  }

  /// Lines with hostile strings in skipped and read members, before and after the read
  /// ones, with duplicate keys and nested objects holding the same key names.
  static func lines() -> [[UInt8]] {
    var lines: [[UInt8]] = []
    for body in bodies {
      let s = string(body)
      let templates: [[[UInt8]]] = [
        [Array(#"{"prompt":"#.utf8), s, Array(#","id":"d#1","completion":"keep_all()"}"#.utf8)],
        [Array(#"{"id":"d#1","completion":"keep_all()","prompt":"#.utf8), s, Array("}".utf8)],
        [
          Array(#"{"id":"d","prompt":"#.utf8), s, Array(#","program":"p","extra":"#.utf8), s,
          Array("}".utf8),
        ],
        [Array(#"{"id":"d","program":"#.utf8), s, Array("}".utf8)],
        [Array(#"{"id":"#.utf8), s, Array(#","program":"p"}"#.utf8)],
        [
          Array(#"{"id":"d","program":"p","meta":{"recipe":"#.utf8), s, Array(#","prompt":"#.utf8),
          s, Array("}}".utf8),
        ],
        [Array(#"{"prompt":"#.utf8), s, Array(#","prompt":"ok","id":"d","program":"p"}"#.utf8)],
        [Array(#"{"id":"d","program":"p","program":"#.utf8), s, Array("}".utf8)],
        [
          Array(#"{"messages":[{"role":"user","content":"#.utf8), s,
          Array(#"},{"role":"assistant","content":"a"}],"id":"d#0"}"#.utf8),
        ],
        [
          Array(#"{"nested":{"prompt":"#.utf8), s,
          Array(#","id":"x"},"id":"d","program":"p"}"#.utf8),
        ],
        [Array(#"["#.utf8), s, Array(#",{"prompt":"#.utf8), s, Array("}]".utf8)],
        [s],
        [Array(#"{"prompt":"#.utf8), s],
        [Array(#"{"prompt":"#.utf8), s, Array(#","id":"d","program":"p""#.utf8)],
        [Array(#"{"prompt":"#.utf8), s, Array(#" "id":"d"}"#.utf8)],
        [Array(#"{"prompt":"#.utf8), Array(body.prefix(body.count / 2))],
        [Array(#"{"input":"#.utf8), s, Array(#","output":"o","id":"d#3"}"#.utf8)],
        [Array(#"{"id":"d","chunk":"#.utf8), s, Array(#","program":"p"}"#.utf8)],
        [Array(#"{"#.utf8), s, Array(#":"v","id":"d","program":"p"}"#.utf8)],
      ]
      lines += templates.map { $0.flatMap { $0 } }
    }
    return lines
  }

  @Test func hostileLinesReadAsTheFullParseReadsThem() {
    for line in Self.lines() {
      #expect(
        Self.underTest(line) == Self.reference(line),
        "\(String(decoding: line, as: UTF8.self))")
    }
  }

  /// Random lines spliced from pieces of valid and broken JSON, against the reference.
  @Test func randomSplicedLinesReadAsTheFullParseReadsThem() {
    var generator = SplitMix64(seed: 0x5CA1_9E1)
    let keys = [
      "prompt", "id", "program", "completion", "output", "chunk", "meta", "x", "messages",
    ]
    let values: [[UInt8]] =
      Self.bodies.map(Self.string) + [
        Array("12".utf8), Array("null".utf8), Array(#"{"recipe":"r","prompt":"q"}"#.utf8),
        Array(#"[{"role":"assistant","content":"c"}]"#.utf8), Array(#""d#2""#.utf8),
        Array("-".utf8),
        Array("tru".utf8),
      ]
    for _ in 0..<3000 {
      var line = Array("{".utf8)
      let memberCount = Int.random(in: 0...5, using: &generator)
      for index in 0..<memberCount {
        if index > 0 { line += Array(",".utf8) }
        let key = keys.randomElement(using: &generator)!
        line += Self.string(Array(key.utf8)) + Array(":".utf8)
        line += values.randomElement(using: &generator)!
      }
      if Int.random(in: 0..<8, using: &generator) > 0 { line += Array("}".utf8) }
      #expect(
        Self.underTest(line) == Self.reference(line),
        "\(String(decoding: line, as: UTF8.self))")
    }
  }

  /// The parse with kept keys equals the full parse with the other top-level strings
  /// emptied, or throws the same error.
  @Test func keptKeysParseIsTheFullParseWithOtherTopLevelStringsEmptied() {
    let kept = ["id", "program"]
    for line in Self.lines() {
      let full = Result { () throws(JSONParseError) in try JSONParser().parse(line) }
      let skipped = Result { () throws(JSONParseError) in
        try JSONParser().parse(line, stringKeys: kept)
      }
      switch (full, skipped) {
      case (.failure(let a), .failure(let b)): #expect(a == b)
      case (.success(.object(let members)), .success(let value)):
        let emptied = JSONValue.object(
          members.map { member in
            if case .string = member.value, !kept.contains(member.key) {
              return (member.key, .string(""))
            }
            return member
          })
        #expect(value == emptied)
      case (.success(let a), .success(let b)): #expect(a == b)
      default: Issue.record("\(full) vs \(skipped)")
      }
    }
  }
}

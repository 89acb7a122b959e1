import Testing

@testable import Scalpel

@Suite struct JSONValueTests {
  @Test func subscriptReturnsTheLastValueForAKey() {
    let value = JSONValue.object([
      (key: "a", value: .number("1")), (key: "b", value: .null), (key: "a", value: .string("x")),
    ])
    #expect(value["a"] == .string("x"))
    #expect(value["b"] == .null)
    #expect(value["c"] == nil)
    #expect(JSONValue.array([.null])["a"] == nil)
  }

  @Test func accessors() {
    #expect(JSONValue.string("s").stringValue == "s")
    #expect(JSONValue.number("1").stringValue == nil)
    #expect(JSONValue.number("-12").integerValue == -12)
    #expect(JSONValue.number("1.5").integerValue == nil)
    #expect(JSONValue.number("99999999999999999999").integerValue == nil)
    #expect(JSONValue.string("1").integerValue == nil)
  }

  @Test func equalityIsExactAndOrderSensitive() {
    // Canonically equivalent but different scalars are different JSON strings.
    #expect(JSONValue.string("\u{E9}") != .string("e\u{301}"))
    #expect(
      JSONValue.object([(key: "\u{E9}", value: .null)])
        != .object([(key: "e\u{301}", value: .null)]))
    #expect(JSONValue.number("1") != .number("1.0"))
    #expect(JSONValue.bool(true) != .number("1"))
    let ab = JSONValue.object([(key: "a", value: .null), (key: "b", value: .null)])
    let ba = JSONValue.object([(key: "b", value: .null), (key: "a", value: .null)])
    #expect(ab != ba)
    #expect(ab == .object([(key: "a", value: .null), (key: "b", value: .null)]))
    #expect(JSONValue.array([.null, .bool(false)]) != .array([.null]))
  }

  @Test func hashingAgreesWithEquality() {
    let values: [JSONValue] = [
      .null, .bool(true), .bool(false), .number("1"), .number("1.0"), .string("1"),
      .string("\u{E9}"),
      .string("e\u{301}"), .array([]), .object([]), .array([.null]),
      .object([(key: "", value: .null)]),
    ]
    #expect(Set(values).count == values.count)
    #expect(Set(values + values).count == values.count)
  }

  @Test func descriptionIsCompactJSON() {
    let value = JSONValue.object([
      (key: "t", value: .string("a\nb")), (key: "n", value: .array([.number("1e3"), .bool(true)])),
    ])
    #expect(value.description == #"{"t":"a\nb","n":[1e3,true]}"#)
  }
}

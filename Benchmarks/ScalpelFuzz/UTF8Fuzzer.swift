import Scalpel

/// Target `utf8`: byte strings built from valid scalars and the classic ill-formed pieces
/// (lone continuations, overlongs, surrogates, > U+10FFFF, truncations, bytes F5–FF).
///
/// ``UTF8Validation/firstInvalidByteOffset(in:)`` is cross-checked against the standard
/// library: `nil` exactly when `String(validating:as:)` succeeds; otherwise the prefix before
/// the offset is valid and the stdlib decoder fails at the offset. The same bytes inside a JSON
/// string and through `NormalizedText(validating:)` must report the same offset.
///
/// Accounting: inputs = valid + invalid.
final class UTF8Fuzzer {
  let report: FuzzReport
  private let parser = JSONParser()

  init(report: FuzzReport) { self.report = report }

  func run(start: Int, iterations: Int) {
    for index in start..<(start + iterations) {
      report.run(index: index) { rng in fuzzInput(index, &rng) }
    }
    report.retimeSlowest { index, rng in fuzzInput(index, &rng) }
  }

  static func appendContinuations(_ count: Int, to bytes: inout [UInt8], _ rng: inout SplitMix64) {
    for _ in 0..<count { bytes.append(UInt8(rng.int(in: 0x80...0xBF))) }
  }

  static func appendInvalidPiece(to bytes: inout [UInt8], _ rng: inout SplitMix64) {
    switch rng.int(below: 10) {
    case 0:
      appendContinuations(1 + rng.int(below: 3), to: &bytes, &rng)
    case 1:
      bytes.append(rng.pick([0xC0, 0xC1]))
      appendContinuations(1, to: &bytes, &rng)
    case 2:
      bytes.append(0xE0)
      bytes.append(UInt8(rng.int(in: 0x80...0x9F)))
      appendContinuations(1, to: &bytes, &rng)
    case 3:
      bytes.append(0xED)
      bytes.append(UInt8(rng.int(in: 0xA0...0xBF)))
      appendContinuations(1, to: &bytes, &rng)
    case 4:
      bytes.append(0xF0)
      bytes.append(UInt8(rng.int(in: 0x80...0x8F)))
      appendContinuations(2, to: &bytes, &rng)
    case 5:
      bytes.append(0xF4)
      bytes.append(UInt8(rng.int(in: 0x90...0xBF)))
      appendContinuations(2, to: &bytes, &rng)
    case 6:
      bytes.append(UInt8(rng.int(in: 0xF5...0xFF)))
      appendContinuations(rng.int(below: 4), to: &bytes, &rng)
    case 7:
      var encoded: [UInt8] = []
      let value = rng.pick([
        rng.int(in: 0x80...0x7FF), rng.int(in: 0x800...0xD7FF), rng.int(in: 0x10000...0x10FFFF),
      ])
      UTF8.encode(Unicode.Scalar(UInt32(value))!) { encoded.append($0) }
      bytes.append(contentsOf: encoded.dropLast(1 + rng.int(below: encoded.count - 1)))
    case 8:
      bytes.append(rng.pick([0xC2, 0xDF, 0xE1, 0xEC, 0xEE, 0xEF, 0xF1, 0xF3]))
      bytes.append(UInt8(rng.int(in: 0x00...0x7F)))
    default:
      bytes.append(UInt8(truncatingIfNeeded: rng.next()))
    }
  }

  private func fuzzInput(_ index: Int, _ rng: inout SplitMix64) -> Int {
    let pieceCount = rng.oneIn(100) ? rng.int(in: 200...4_000) : rng.skewedLength(40)
    let invalidOneIn = rng.pick([3, 20, 200, 1 << 30])
    var bytes: [UInt8] = []
    for _ in 0..<pieceCount {
      if rng.oneIn(invalidOneIn) {
        UTF8Fuzzer.appendInvalidPiece(to: &bytes, &rng)
      } else {
        UTF8.encode(JSONTextGenerator.randomScalar(&rng)) { bytes.append($0) }
      }
    }

    let offset = UTF8Validation.firstInvalidByteOffset(in: bytes)
    let stdlib = String(validating: bytes, as: UTF8.self)
    if (offset == nil) != (stdlib != nil) {
      report.fail(
        index, "validator says \(String(describing: offset)), stdlib disagrees", input: bytes)
    }
    if let offset {
      report.count("invalid")
      if offset < 0 || offset >= bytes.count {
        report.fail(index, "offset \(offset) out of range", input: bytes)
        return bytes.count
      }
      if String(validating: bytes[..<offset], as: UTF8.self) == nil {
        report.fail(index, "bytes before offset \(offset) are not valid UTF-8", input: bytes)
      }
      var iterator = bytes[offset...].makeIterator()
      var decoder = UTF8()
      if case .scalarValue = decoder.decode(&iterator) {
        report.fail(index, "stdlib decodes a scalar at offset \(offset)", input: bytes)
      }
    } else {
      report.count("valid")
      if let stdlib, !stdlib.utf8.elementsEqual(bytes) {
        report.fail(index, "stdlib string differs from the bytes", input: bytes)
      }
    }

    // The same offset through the JSON parser (inside a string) and NormalizedText.
    var quoted: [UInt8] = [UInt8(ascii: "\"")]
    for byte in bytes {
      quoted.append(byte == 0x22 || byte == 0x5C || byte < 0x20 ? UInt8(ascii: "_") : byte)
    }
    quoted.append(UInt8(ascii: "\""))
    switch Result(catching: { () throws(JSONParseError) in try parser.parse(quoted) }) {
    case .success(let value):
      if offset != nil
        || !(value.stringValue?.utf8.elementsEqual(quoted.dropFirst().dropLast()) ?? false)
      {
        report.fail(
          index, "JSON string parsed unexpectedly (validator: \(String(describing: offset)))",
          input: bytes)
      }
    case .failure(let error):
      if case .invalidUTF8 = error.reason, let offset, error.byteOffset == offset + 1 {
      } else {
        report.fail(
          index, "JSON string: \(error), validator: \(String(describing: offset))", input: bytes)
      }
    }
    do {
      _ = try NormalizedText(validating: bytes)
      if offset != nil { report.fail(index, "NormalizedText accepted invalid UTF-8", input: bytes) }
    } catch {
      if case .invalidUTF8(let byteOffset) = error, byteOffset == offset {
      } else {
        report.fail(
          index, "NormalizedText: \(error), validator: \(String(describing: offset))", input: bytes)
      }
    }
    return bytes.count
  }
}

import CZlib
import Foundation
import Testing

@testable import Scalpel

@Suite struct LineReaderTests {
  /// Reads every record from `path`.
  private func records(
    _ path: String, maximum: Int = LineReader.defaultMaximumLineByteCount, bufferSize: Int = 1 << 20
  ) throws -> [LineRecord] {
    let reader = try LineReader(
      path: path, maximumLineByteCount: maximum, readBufferByteCount: bufferSize)
    var result: [LineRecord] = []
    while let record = try reader.nextLine() { result.append(record) }
    #expect(try reader.nextLine() == nil, "stays at the end")
    return result
  }

  private func lines(_ strings: [String]) -> [LineRecord] {
    strings.enumerated().map { .line(lineNumber: $0.offset + 1, bytes: Array($0.element.utf8)) }
  }

  /// The specification of the reader, written as plainly as possible.
  private func referenceRecords(_ bytes: [UInt8], maximum: Int) -> [LineRecord] {
    var parts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if bytes.isEmpty || bytes.last == 0x0A { parts.removeLast() }
    return parts.enumerated().map { index, part in
      var line = Array(part)
      if line.last == 0x0D { line.removeLast() }
      if line.count > maximum { return .lineTooLong(lineNumber: index + 1, byteCount: line.count) }
      return .line(lineNumber: index + 1, bytes: line)
    }
  }

  /// Writes `members` as consecutive gzip members of one file.
  private func writeGzip(_ path: String, members: [[UInt8]]) throws {
    for (index, member) in members.enumerated() {
      let file = try #require(gzopen(path, index == 0 ? "wb" : "ab"))
      if !member.isEmpty {
        let written = member.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        #expect(Int(written) == member.count)
      }
      #expect(gzclose(file) == Z_OK)
    }
  }

  @Test func readsPlainLines() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("a.jsonl", contents: Array("a\nbb\n\nccc\n".utf8))
    #expect(try records(path) == lines(["a", "bb", "", "ccc"]))
  }

  @Test func stripsTheCarriageReturnBeforeTheNewlineOnly() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("crlf.jsonl", contents: Array("a\r\nb\rc\r\r\n\r\nd\r".utf8))
    #expect(try records(path) == lines(["a", "b\rc\r", "", "d"]))
  }

  @Test func reportsAFinalLineWithoutNewline() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("final.jsonl", contents: Array("x\ny".utf8))
    #expect(try records(path) == lines(["x", "y"]))
    #expect(try records(path, bufferSize: 1) == lines(["x", "y"]))
  }

  @Test func emptyInputHasNoLines() throws {
    let directory = try TemporaryDirectory()
    #expect(try records(directory.file("empty", contents: [])) == [])
    #expect(try records(directory.file("newline", contents: [0x0A])) == lines([""]))
    #expect(try records(directory.file("newlines", contents: [0x0A, 0x0A])) == lines(["", ""]))
    let gzipPath = directory.path + "/empty.gz"
    try writeGzip(gzipPath, members: [[]])
    #expect(try records(gzipPath) == [])
  }

  @Test func skipsLinesOverTheMaximumAndKeepsReading() throws {
    let directory = try TemporaryDirectory()
    let text =
      "short\n" + String(repeating: "x", count: 25) + "\nafter\n"
      + String(repeating: "y", count: 30)
    let path = try directory.file("long.jsonl", contents: Array(text.utf8))
    let expected: [LineRecord] = [
      .line(lineNumber: 1, bytes: Array("short".utf8)),
      .lineTooLong(lineNumber: 2, byteCount: 25),
      .line(lineNumber: 3, bytes: Array("after".utf8)),
      .lineTooLong(lineNumber: 4, byteCount: 30),
    ]
    for bufferSize in [1, 4, 7, 1 << 20] {
      #expect(
        try records(path, maximum: 10, bufferSize: bufferSize) == expected, "buffer \(bufferSize)")
      #expect(
        try records(path, maximum: .max, bufferSize: bufferSize).map(\.lineNumber) == [1, 2, 3, 4])
    }
  }

  @Test func theCarriageReturnDoesNotCountTowardsTheMaximum() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("cr.jsonl", contents: Array("abc\r\nabcd\r\nabc\r".utf8))
    for bufferSize in [1, 2, 3, 64] {
      #expect(
        try records(path, maximum: 3, bufferSize: bufferSize) == [
          .line(lineNumber: 1, bytes: Array("abc".utf8)),
          .lineTooLong(lineNumber: 2, byteCount: 4),
          .line(lineNumber: 3, bytes: Array("abc".utf8)),
        ], "buffer \(bufferSize)")
    }
  }

  @Test func matchesTheReferenceOnRandomInput() throws {
    let directory = try TemporaryDirectory()
    var rng = SplitMix64(seed: 99)
    let alphabet: [UInt8] = Array("ab\r\n\n".utf8) + [0xC3, 0xA9, 0x00]
    for iteration in 0..<300 {
      let bytes = (0..<rng.int(below: 300)).map { _ in alphabet[rng.int(below: alphabet.count)] }
      let isGzip = iteration % 5 == 0
      let path = directory.path + "/random-\(iteration)"
      if isGzip {
        let cut = rng.int(below: bytes.count + 1)
        try writeGzip(path, members: [Array(bytes[..<cut]), Array(bytes[cut...])])
      } else {
        try directory.file("random-\(iteration)", contents: bytes)
      }
      for _ in 0..<4 {
        let maximum = rng.int(below: 12)
        let bufferSize = 1 + rng.int(below: 9)
        #expect(
          try records(path, maximum: maximum, bufferSize: bufferSize)
            == referenceRecords(bytes, maximum: maximum),
          "bytes \(bytes), maximum \(maximum), buffer \(bufferSize), gzip \(isGzip)")
      }
    }
  }

  /// A line that spans the read buffer is counted and read again by offset from a regular
  /// file, and kept buffer by buffer from a pipe: both give the reference's lines.
  @Test func pipesAndFilesGiveTheSameLines() throws {
    let directory = try TemporaryDirectory()
    var rng = SplitMix64(seed: 14)
    let alphabet: [UInt8] = Array("ab\r\n".utf8) + [0xC3, 0xA9]
    for iteration in 0..<100 {
      let bytes = (0..<rng.int(below: 400)).map { _ in alphabet[rng.int(below: alphabet.count)] }
      let file = try directory.file("spanning-\(iteration)", contents: bytes)
      let maximum = rng.int(below: 2) == 0 ? Int.max : rng.int(below: 40)
      let bufferSize = 1 + rng.int(below: 16)
      let expected = referenceRecords(bytes, maximum: maximum)
      #expect(
        try records(file, maximum: maximum, bufferSize: bufferSize) == expected,
        "file: bytes \(bytes), maximum \(maximum), buffer \(bufferSize)")
      // A pipe holds far more than these bytes: written whole, then read.
      var ends: [Int32] = [0, 0]
      #expect(pipe(&ends) == 0)
      let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
      #expect(written == bytes.count)
      close(ends[1])
      defer { close(ends[0]) }
      #expect(
        try records("/dev/fd/\(ends[0])", maximum: maximum, bufferSize: bufferSize) == expected,
        "pipe: bytes \(bytes), maximum \(maximum), buffer \(bufferSize)")
    }
  }

  @Test func decompressesGzipByMagicBytes() throws {
    let directory = try TemporaryDirectory()
    let text = (1...2_000).map {
      #"{"id":\#($0),"text":"\#(String(repeating: "é", count: $0 % 50))"}"#
    }
    let bytes = Array(text.joined(separator: "\n").utf8) + [0x0A]
    let path = directory.path + "/corpus.jsonl.gz"
    try writeGzip(path, members: [bytes])
    #expect(directory.contents(of: path)?.prefix(2) == [0x1F, 0x8B])
    #expect(try records(path) == lines(text))
    #expect(try records(path, bufferSize: 1000) == lines(text))
  }

  @Test func readsConcatenatedGzipMembers() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/members.gz"
    try writeGzip(
      path, members: [Array("one\ntw".utf8), Array("o\nthree\r\n".utf8), Array("four".utf8)])
    #expect(try records(path) == lines(["one", "two", "three", "four"]))
  }

  @Test func truncatedGzipIsAnErrorNamingThePath() throws {
    let directory = try TemporaryDirectory()
    let source = directory.path + "/whole.gz"
    let text = (1...500).map { "line \($0) \(String(repeating: "z", count: $0 % 17))" }.joined(
      separator: "\n")
    try writeGzip(source, members: [Array(text.utf8)])
    let compressed = try #require(directory.contents(of: source))
    for cut in [compressed.count - 4, compressed.count / 2, 12] {
      let path = try directory.file("cut-\(cut).gz", contents: Array(compressed[..<cut]))
      let reader = try LineReader(path: path)
      var lineCount = 0
      #expect(
        throws: FileError(
          path: path, operation: "read", reason: "unexpected end of file (truncated gzip stream)")
      ) {
        while try reader.nextLine() != nil { lineCount += 1 }
      }
      #expect(lineCount < 500)
    }
  }

  @Test func corruptGzipIsAnErrorNamingThePath() throws {
    let directory = try TemporaryDirectory()
    let source = directory.path + "/whole.gz"
    var rng = SplitMix64(seed: 3)
    let text = (1...2_000).map { _ in String(rng.next(), radix: 36) }.joined(separator: "\n")
    try writeGzip(source, members: [Array(text.utf8)])
    var compressed = try #require(directory.contents(of: source))
    compressed[compressed.count / 2] ^= 0x55
    let path = try directory.file("corrupt.gz", contents: compressed)
    let reader = try LineReader(path: path)
    do {
      while try reader.nextLine() != nil {}
      Issue.record("corruption went unnoticed")
    } catch {
      #expect(error.path == path)
      #expect(error.description.hasPrefix("cannot read '\(path)': "))
    }
  }

  @Test func openAndReadErrorsNameThePath() throws {
    let directory = try TemporaryDirectory()
    let missing = directory.path + "/missing.jsonl"
    #expect(
      throws: FileError(path: missing, operation: "open", reason: "No such file or directory")
    ) {
      try LineReader(path: missing)
    }
    let reader = try LineReader(path: directory.path)
    #expect(throws: FileError(path: directory.path, operation: "read", reason: "Is a directory")) {
      try reader.nextLine()
    }
  }

  @Test func forEachLineVisitsEveryRecord() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("each", contents: Array("1\n22\n333".utf8))
    var seen: [LineRecord] = []
    try LineReader(path: path).forEachLine { seen.append($0) }
    #expect(seen == lines(["1", "22", "333"]))
    #expect(seen.map(\.lineNumber) == [1, 2, 3])
  }
}

import Foundation
import Testing

@testable import Scalpel

/// The decoder gives what `zstd -d` gives, whatever the sizes of its buffers, and stops with
/// an error at damage; fixtures come from the `zstd` tool.
@Suite(
  .enabled(if: ZstdTool.isInstalled, "needs the zstd tool at /usr/bin/zstd (apt install zstd)"))
struct ZstdDecoderTests {
  /// Bytes that compress somewhat and span many zstd blocks (128 KiB each).
  static func sample(byteCount: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    let words = ["alpha ", "beta ", "é ", "\n", "{\"id\":1}\n", "\r\n", "x"].map { Array($0.utf8) }
    var bytes: [UInt8] = []
    while bytes.count < byteCount {
      bytes += words[Int(generator.next() % UInt64(words.count))]
      if generator.next() % 5 == 0 { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
    }
    return bytes
  }

  /// Decodes `compressed` with the given buffer sizes, reading it in pieces of `readByteCount`.
  static func decode(
    _ compressed: [UInt8], inputByteCount: Int, outputByteCount: Int, readByteCount: Int
  ) throws(FileError) -> [UInt8] {
    let library = try ZstdLibrary.load(for: "test.zst", operation: "read")
    let head = Array(compressed.prefix(4))
    var offset = head.count
    let decoder = try ZstdDecoder(
      path: "test.zst", library: library, head: head, inputByteCount: inputByteCount)
    let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: outputByteCount)
    defer { output.deallocate() }
    var result: [UInt8] = []
    while true {
      let count = try decoder.decompress(into: output) { pointer, capacity in
        let count = min(capacity, readByteCount, compressed.count - offset)
        for index in 0..<count { pointer[index] = compressed[offset + index] }
        offset += count
        return count
      }
      if count == 0 { break }
      result += output[..<count]
    }
    #expect(decoder.consumedByteCount == compressed.count)
    return result
  }

  @Test(arguments: [(4, 1, 1), (5, 3, 2), (64, 7, 64), (128 << 10, 1 << 20, 1 << 20)])
  func decodesLikeTheZstdToolWithAnyBufferSizes(
    inputByteCount: Int, outputByteCount: Int, readByteCount: Int
  ) throws {
    let small = inputByteCount < 1024
    let first = Self.sample(byteCount: small ? 3_000 : 700_000, seed: 1)
    let second = Self.sample(byteCount: small ? 500 : 300_000, seed: 2)
    let compressed =
      try ZstdTool.compress(first) + ZstdTool.compress([]) + ZstdTool.compress(second, level: 19)
    let decoded = try Self.decode(
      compressed, inputByteCount: inputByteCount, outputByteCount: outputByteCount,
      readByteCount: readByteCount)
    #expect(decoded == first + second)
  }

  @Test func theLineReaderReadsZstdLikePlainInput() throws {
    let directory = try TemporaryDirectory()
    let bytes = Self.sample(byteCount: 400_000, seed: 3)
    let plainPath = try directory.file("plain.jsonl", contents: bytes)
    let zstdPath = try directory.file("plain.jsonl.zst", contents: ZstdTool.compress(bytes))
    for bufferSize in [1, 1000, 1 << 20] {
      var records: [[LineRecord]] = []
      for path in [plainPath, zstdPath] {
        let reader = try LineReader(
          path: path, maximumLineByteCount: 50, readBufferByteCount: bufferSize)
        var lines: [LineRecord] = []
        while let record = try reader.nextLine() { lines.append(record) }
        records.append(lines)
      }
      #expect(records[0].count > 1000)
      #expect(records[0] == records[1], "buffer \(bufferSize)")
    }
  }

  @Test func everyCutOfAFrameIsAnErrorNotAShorterInput() throws {
    let bytes = Array("{\"id\":\"a\"}\n{\"id\":\"b\"}\n".utf8)
    let compressed = try ZstdTool.compress(bytes)
    for length in 4..<compressed.count {
      #expect(throws: FileError.self, "cut at \(length)") {
        _ = try Self.decode(
          Array(compressed.prefix(length)), inputByteCount: 16, outputByteCount: 8,
          readByteCount: 3)
      }
    }
  }
}

import Foundation
import Testing

@testable import Scalpel

/// What the encoder writes (through ``AtomicFileWriter``, for a `.zst` name) is what the
/// `zstd` tool reads back.
@Suite(
  .enabled(if: ZstdTool.isInstalled, "needs the zstd tool at /usr/bin/zstd (apt install zstd)"))
struct ZstdEncoderTests {
  @Test func theWriterOutputIsWhatTheZstdToolReads() throws {
    let directory = try TemporaryDirectory()
    let bytes = ZstdDecoderTests.sample(byteCount: 1_500_000, seed: 4)
    let path = directory.path + "/out.jsonl.zst"
    let writer = try AtomicFileWriter(path: path, bufferByteCount: 4096)
    var offset = 0
    while offset < bytes.count {
      let end = min(bytes.count, offset + 1 + offset % 9000)
      try writer.write(Array(bytes[offset..<end]))
      offset = end
    }
    try writer.commit()
    let file = try #require(directory.contents(of: path))
    #expect(file.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD] && file.count < bytes.count)
    #expect(try ZstdTool.decompress(path: path) == bytes)
    #expect(writer.written.byteCount == bytes.count && writer.written.fileByteCount == file.count)
    #expect(try directory.entries() == ["out.jsonl.zst"])
  }

  @Test func theOutputIsDeterministicAndChecksummed() throws {
    let directory = try TemporaryDirectory()
    var files: [[UInt8]] = []
    for name in ["a.zst", "b.zst"] {
      let writer = try AtomicFileWriter(path: directory.path + "/" + name)
      try writer.write("{\"id\":\"a\"}\n")
      try writer.commit()
      files.append(try #require(directory.contents(of: directory.path + "/" + name)))
    }
    #expect(files[0] == files[1])
    // Frame header descriptor: bit 2 is the content checksum flag.
    #expect(files[0].count > 5 && files[0][4] & 0x04 != 0)
  }
}

import Foundation
import Testing

@testable import Scalpel

@Suite struct AtomicFileWriterTests {
  @Test func commitRenamesTheTemporaryFileOntoTheDestination() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/pairs.jsonl"
    let writer = try AtomicFileWriter(path: path)
    let temporaryName = ".pairs.jsonl.tmp-\(getpid())"
    #expect(writer.temporaryPath == directory.path + "/" + temporaryName)
    try writer.write("{\"a\":1}\n")
    try writer.write(Array("{\"é\":2}\n".utf8))
    #expect(try directory.entries() == [temporaryName], "nothing at the destination before commit")
    try writer.commit()
    #expect(try directory.entries() == ["pairs.jsonl"])
    #expect(directory.contents(of: path) == Array("{\"a\":1}\n{\"é\":2}\n".utf8))
  }

  @Test func commitReplacesAnExistingFileOnlyAtTheEnd() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("out.jsonl", contents: Array("old\n".utf8))
    let writer = try AtomicFileWriter(path: path, bufferByteCount: 2)
    try writer.write("new content\n")
    #expect(directory.contents(of: path) == Array("old\n".utf8))
    try writer.commit()
    #expect(directory.contents(of: path) == Array("new content\n".utf8))
  }

  @Test func writesLargerThanTheBufferKeepTheirOrder() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/order"
    let writer = try AtomicFileWriter(path: path, bufferByteCount: 4)
    var expected: [UInt8] = []
    var rng = SplitMix64(seed: 1)
    for index in 0..<200 {
      let chunk = [UInt8](repeating: UInt8(index), count: rng.int(below: 10))
      try writer.write(chunk)
      expected += chunk
    }
    try writer.commit()
    #expect(directory.contents(of: path) == expected)
  }

  /// The counts and checksum a writer records match a reference computed from the final file
  /// (a bitwise CRC-32 over its bytes, its size) and from the bytes given (a newline count),
  /// across empty writes, writes that fill the buffer exactly, straddle it or exceed it,
  /// and a sync in between, compressed or not.
  @Test(arguments: ["out.jsonl", "out.jsonl.gz", "out.jsonl.zst"])
  func recordedCountsAndChecksumMatchAReference(name: String) throws {
    let directory = try TemporaryDirectory()
    let bufferByteCount = 64
    let sizes = [0, 1, 63, 64, 65, 0, 127, 128, 129, 5, 200, 0, 31, 33, 64, 1, 1000, 2, 0]
    let pieces: [[UInt8]] = sizes.enumerated().map { index, size in
      (0..<size).map { offset in
        (offset * 7 + index) % 5 == 0
          ? UInt8(ascii: "\n") : UInt8(truncatingIfNeeded: offset &+ index)
      }
    }
    let path = directory.path + "/" + name
    let writer = try AtomicFileWriter(path: path, bufferByteCount: bufferByteCount)
    for (index, piece) in pieces.enumerated() {
      try writer.write(piece)
      if index == 8 { try writer.syncWritten() }
    }
    try writer.commit()
    let given = pieces.flatMap { $0 }
    let file = try #require(directory.contents(of: path))
    #expect(writer.written.byteCount == given.count)
    #expect(writer.written.lineCount == given.filter { $0 == UInt8(ascii: "\n") }.count)
    #expect(writer.written.fileByteCount == file.count)
    #expect(writer.written.fileChecksum == Self.referenceCRC32(file))
    if !name.hasSuffix(".gz") && !name.hasSuffix(".zst") { #expect(file == given) }
  }

  /// The CRC-32 (IEEE, reflected, as zlib's `crc32`), one bit at a time.
  static func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  @Test func abortAndReleaseLeaveNothingBehind() throws {
    let directory = try TemporaryDirectory()
    let aborted = try AtomicFileWriter(path: directory.path + "/aborted")
    try aborted.write("partial")
    aborted.abort()
    aborted.abort()
    #expect(try directory.entries() == [])
    do {
      let released = try AtomicFileWriter(path: directory.path + "/released", bufferByteCount: 1)
      try released.write("partial output")
      #expect(try directory.entries().count == 1)
    }
    #expect(try directory.entries() == [])
  }

  @Test func abortKeepsTheExistingDestination() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.file("keep", contents: Array("old".utf8))
    let writer = try AtomicFileWriter(path: path)
    try writer.write("new")
    writer.abort()
    #expect(try directory.entries() == ["keep"])
    #expect(directory.contents(of: path) == Array("old".utf8))
  }

  @Test func missingDirectoryIsAnErrorNamingThePath() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/no/such/dir/out.jsonl"
    #expect(
      throws: FileError(
        path: path, operation: "create a temporary file for", reason: "No such file or directory")
    ) {
      try AtomicFileWriter(path: path)
    }
    do {
      _ = try AtomicFileWriter(path: path)
    } catch {
      #expect(
        error.description
          == "cannot create a temporary file for '\(path)': No such file or directory")
    }
  }

  @Test func directoryDestinationFailsBeforeWritingAnything() throws {
    let directory = try TemporaryDirectory()
    // A directory at the destination cannot be replaced by a file: refused at once.
    let path = directory.path + "/taken"
    try FileManager.default.createDirectory(
      atPath: path + "/child", withIntermediateDirectories: true)
    #expect(throws: FileError(path: path, operation: "open", reason: "Is a directory")) {
      _ = try AtomicFileWriter(path: path)
    }
    #expect(try directory.entries() == ["taken"])
  }

  @Test func renameFailureRemovesTheTemporaryFile() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/gone/pairs.jsonl"
    try FileManager.default.createDirectory(
      atPath: directory.path + "/gone", withIntermediateDirectories: true)
    let writer = try AtomicFileWriter(path: path)
    try writer.write("x")
    // The directory disappears before the rename (as when a job's output directory is removed).
    try FileManager.default.removeItem(atPath: directory.path + "/gone")
    #expect(throws: FileError.self) { try writer.commit() }
    #expect(try directory.entries() == [])
  }

  @Test func standardOutputNeedsNoTemporaryFile() throws {
    let writer = try AtomicFileWriter(path: "-")
    #expect(writer.temporaryPath == nil)
    try writer.commit()
  }

  @Test func temporaryPathsSitNextToTheDestination() {
    #expect(
      AtomicFileWriter.temporaryPath(for: "out/b.jsonl", processID: 7) == "out/.b.jsonl.tmp-7")
    #expect(AtomicFileWriter.temporaryPath(for: "b", processID: 7) == ".b.tmp-7")
    #expect(AtomicFileWriter.temporaryPath(for: "/b", processID: 42) == "/.b.tmp-42")
    #expect(AtomicFileWriter.temporaryPath(for: "/x/", processID: 7) == nil)
    #expect(AtomicFileWriter.temporaryPath(for: "x/..", processID: 7) == nil)
    #expect(AtomicFileWriter.temporaryPath(for: "", processID: 7) == nil)
  }
}

extension AtomicFileWriterTests {
  /// Returns a writer whose "temporary file" is `/dev/full`, where every write fails.
  private func writerOntoAFullDevice(_ directory: TemporaryDirectory, bufferByteCount: Int) throws
    -> (AtomicFileWriter, String)
  {
    let temporaryPath = try directory.file(".out.tmp", contents: [])
    let descriptor = open("/dev/full", O_WRONLY | O_CLOEXEC)
    try #require(descriptor >= 0)
    let path = directory.path + "/out"
    let writer = AtomicFileWriter(
      path: path, temporaryPath: temporaryPath, descriptor: descriptor,
      bufferByteCount: bufferByteCount)
    return (writer, path)
  }

  @Test func aFailedFlushAtCommitPublishesNothing() throws {
    let directory = try TemporaryDirectory()
    let (writer, path) = try writerOntoAFullDevice(directory, bufferByteCount: 64)
    try writer.write("buffered")
    #expect(throws: FileError(path: path, operation: "write", reason: "No space left on device")) {
      try writer.commit()
    }
    #expect(try directory.entries() == [])
  }

  @Test func aFailedWriteMakesCommitFail() throws {
    let directory = try TemporaryDirectory()
    let (writer, path) = try writerOntoAFullDevice(directory, bufferByteCount: 4)
    let expected = FileError(path: path, operation: "write", reason: "No space left on device")
    #expect(throws: expected) { try writer.write("more than four bytes") }
    #expect(throws: expected) { try writer.commit() }
    #expect(try directory.entries() == [])
  }
}

@Suite struct AtomicFileWriterSpecialDestinationTests {
  /// Renaming over a FIFO or a device (as root, even /dev/null) would replace it with a
  /// regular file: such destinations are written directly.
  @Test func fifosAreWrittenDirectlyAndSurvive() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/pipe"
    #expect(mkfifo(path, 0o600) == 0)
    // Open the reading end first, so that opening the writing end does not block.
    let reader = open(path, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    let writer = try AtomicFileWriter(path: path)
    #expect(writer.temporaryPath == nil)
    try writer.write("through the pipe\n")
    try writer.commit()
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(reader, &buffer, buffer.count)
    #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through the pipe\n")
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & S_IFMT == S_IFIFO)
    #expect(try directory.entries() == ["pipe"])
  }

  @Test func devNullStaysADevice() throws {
    var info = stat()
    guard stat("/dev/null", &info) == 0, info.st_mode & S_IFMT == S_IFCHR else {
      print("devNullStaysADevice skipped: /dev/null is not a character device on this machine")
      return
    }
    let writer = try AtomicFileWriter(path: "/dev/null")
    #expect(writer.temporaryPath == nil)
    try writer.write("discarded\n")
    try writer.commit()
    #expect(stat("/dev/null", &info) == 0)
    #expect(info.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func symbolicLinksKeepPointingAtTheReplacedFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "scalpel-link-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let target = directory.appendingPathComponent("target.jsonl")
    try Data("old\n".utf8).write(to: target)
    let link = directory.appendingPathComponent("link.jsonl")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
    let writer = try AtomicFileWriter(path: link.path)
    try writer.write("new\n")
    try writer.commit()
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
    #expect(try String(contentsOf: target, encoding: .utf8) == "new\n")
  }
}

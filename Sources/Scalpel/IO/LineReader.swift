import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One line read by ``LineReader``: its bytes, or the report that it was too long to keep.
public enum LineRecord: Sendable, Hashable {
  /// A line's bytes without its `\n` and without a `\r` just before it.
  case line(lineNumber: Int, bytes: [UInt8])
  /// A line longer than the reader's maximum; its bytes were skipped, not buffered.
  ///
  /// `byteCount` is the length the line would have had as a ``line(lineNumber:bytes:)``.
  case lineTooLong(lineNumber: Int, byteCount: Int)

  /// The 1-based number of the line in the decompressed input.
  public var lineNumber: Int {
    switch self {
    case .line(let lineNumber, _), .lineTooLong(let lineNumber, _): return lineNumber
    }
  }
}

/// A streaming reader of `\n`-terminated lines, such as the records of a JSON Lines file.
///
/// The reader opens a path, or standard input for `-`, and decompresses gzip and zstd
/// transparently, whatever the file's name: input that starts with the gzip magic bytes
/// `1F 8B` is inflated, including concatenated gzip members; input that starts with a zstd
/// frame (`28 B5 2F FD`) or a skippable frame (`5? 2A 4D 18`) is decompressed by
/// `ZstdDecoder`, including concatenated frames, with the system's libzstd loaded at run
/// time (`ZstdLibrary`); anything else is read as is. Bytes after a gzip member or zstd
/// frame that do not start another one are an error (`gzip -t` calls them trailing
/// garbage), never dropped, and so is a truncated or corrupt stream. Memory stays bounded
/// by a fixed read buffer plus the current line: a line longer than ``maximumLineByteCount`` is counted to its end
/// without being stored and reported as ``LineRecord/lineTooLong(lineNumber:byteCount:)``.
///
/// Lines are numbered from 1. A final line without `\n` is reported too; an empty input
/// has no lines. A reader is meant for one thread.
///
///     let reader = try LineReader(path: "corpus.jsonl.gz")
///     while let record = try reader.nextLine() {
///       guard case .line(let lineNumber, let bytes) = record else { continue }
///       let value = try JSONParser().parse(bytes)
///     }
public final class LineReader {
  /// The default limit on a line's length: 512 MiB.
  public static let defaultMaximumLineByteCount = 512 << 20
  /// The default size of the read buffer: 1 MiB.
  public static let defaultReadBufferByteCount = 1 << 20

  /// The path being read; `-` is standard input.
  public let path: String
  /// The longest line, in bytes without its terminator, that is returned rather than skipped.
  public let maximumLineByteCount: Int

  private var descriptor: Int32
  private let cancellation: CancellationFlag?
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var bufferStart = 0
  private var bufferEnd = 0
  private var isAtEndOfInput = false
  private var lineCount = 0
  /// The start of the current line when it spans buffer refills.
  private var pendingLine: [UInt8] = []
  /// Whether the input is a regular file read as is, whose lines can be read again by offset.
  private let isRegularFile: Bool
  /// The file offset of the current line while it is counted to its end to be read again
  /// in one piece (see ``nextLine()``).
  private var spanningLineOffset: Int?
  /// Whether the current line is only being counted: too long to keep, or to be read again
  /// from `spanningLineOffset` once its end is found.
  private var isSkippingLine = false
  private var skippedByteCount = 0
  private var lastSkippedByte: UInt8 = 0
  /// How the input is decoded, decided by its first four bytes.
  private var decoding = Decoding.undecided
  /// Compressed input for zlib, and the inflate state (pinned: zlib points back at it).
  private var compressed: UnsafeMutableBufferPointer<UInt8>?
  private var stream: UnsafeMutablePointer<z_stream>?
  /// Raw bytes consumed from the file, for error messages.
  private var rawOffset = 0
  /// The first bytes of a plain input, read to tell it from gzip, not yet returned.
  private var plainPrefix: [UInt8] = []
  /// Whether the last gzip member ended and no next one has started.
  private var isBetweenMembers = false
  /// The zstd state of a zstd input.
  private var zstdDecoder: ZstdDecoder?

  private enum Decoding { case undecided, plain, gzip, zstd }

  /// Bytes of the file consumed so far (compressed bytes for gzip), for progress.
  package var consumedByteCount: Int { rawOffset }

  /// Whether the input is gzip or zstd, known once the first line is read.
  package var isDecompressing: Bool { decoding == .gzip || decoding == .zstd }

  /// Opens `path` for reading lines; `-` reads standard input.
  ///
  /// - Parameters:
  ///   - path: A file path, or `-` for standard input.
  ///   - maximumLineByteCount: The longest line that is returned as bytes.
  ///   - readBufferByteCount: The size of the fixed read buffer.
  ///   - cancellation: When raised, a read interrupted by a signal (blocked on a pipe or
  ///     a terminal) throws at once instead of being retried.
  /// - Throws: ``FileError`` if the file cannot be opened.
  public init(
    path: String,
    maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount,
    readBufferByteCount: Int = LineReader.defaultReadBufferByteCount,
    cancellation: CancellationFlag? = nil
  ) throws(FileError) {
    precondition(maximumLineByteCount >= 0, "maximumLineByteCount must not be negative")
    precondition(readBufferByteCount > 0, "readBufferByteCount must be positive")
    self.path = path
    self.maximumLineByteCount = maximumLineByteCount
    self.cancellation = cancellation
    descriptor =
      path == "-"
      ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0) : open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError(path: path, operation: "open", errorNumber: errno)
    }
    var info = stat()
    isRegularFile = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    // inflate takes an unsigned int length.
    let capacity = min(readBufferByteCount, Int(Int32.max))
    buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
  }

  deinit {
    closeInput()
    buffer.deallocate()
  }

  /// Returns the next line, or `nil` after the last one.
  ///
  /// A line of a regular file read as is that does not end in the read buffer is counted
  /// to its end, like a line too long to keep, and then read again from its offset into an
  /// array of exactly its size: its bytes are touched once, where appending them buffer by
  /// buffer would copy them into ever larger arrays (up to twice the line) and once more
  /// into one of the line's size.
  ///
  /// - Throws: ``FileError`` for a read error, a truncated or corrupt gzip or zstd stream,
  ///   or a zstd input when libzstd cannot be loaded; the lines before the damage have been
  ///   returned already.
  /// - Complexity: Amortized O(*n*), where *n* is the length of the line.
  public func nextLine() throws(FileError) -> LineRecord? {
    while true {
      if bufferStart == bufferEnd {
        if isAtEndOfInput {
          guard isSkippingLine || !pendingLine.isEmpty else { return nil }
          lineCount += 1
          return try finishPendingLine()
        }
        try refill()
        continue
      }
      let start = bufferStart
      let available = bufferEnd - start
      guard let base = buffer.baseAddress,
        let found = memchr(base + start, Int32(UInt8(ascii: "\n")), available)
      else {
        if decoding == .plain && isRegularFile && !isSkippingLine && pendingLine.isEmpty {
          // The buffer ends where the file was read to, less the head bytes still held back.
          spanningLineOffset = rawOffset - plainPrefix.count - (bufferEnd - start)
          isSkippingLine = true
        }
        appendToPendingLine(start..<bufferEnd)
        bufferStart = bufferEnd
        continue
      }
      let newline = found.assumingMemoryBound(to: UInt8.self) - base
      bufferStart = newline + 1
      lineCount += 1
      if isSkippingLine || !pendingLine.isEmpty {
        appendToPendingLine(start..<newline)
        return try finishPendingLine()
      }
      // The whole line lies in the buffer.
      var end = newline
      if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      if end - start > maximumLineByteCount {
        return .lineTooLong(lineNumber: lineCount, byteCount: end - start)
      }
      return .line(
        lineNumber: lineCount, bytes: Array(UnsafeBufferPointer(rebasing: buffer[start..<end])))
    }
  }

  /// Calls `body` with every remaining line, in order.
  ///
  /// - Throws: ``FileError`` from reading, or whatever `body` throws.
  /// - Complexity: O(*n*), where *n* is the number of remaining bytes.
  public func forEachLine(_ body: (LineRecord) throws -> Void) throws {
    while let record = try nextLine() { try body(record) }
  }

  /// Adds bytes of the current line that does not fit in the buffer, or counts them once
  /// the line is known to be too long.
  private func appendToPendingLine(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    if isSkippingLine {
      skippedByteCount += range.count
      lastSkippedByte = buffer[range.upperBound - 1]
    } else if pendingLine.count + range.count - 1 > maximumLineByteCount {
      // One byte of slack: a final `\r` does not count towards the maximum.
      isSkippingLine = true
      skippedByteCount = pendingLine.count + range.count
      lastSkippedByte = buffer[range.upperBound - 1]
      pendingLine = []
    } else {
      pendingLine.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
    }
  }

  /// Ends the line held in `pendingLine`, or being counted, numbered `lineCount`.
  private func finishPendingLine() throws(FileError) -> LineRecord {
    if isSkippingLine {
      isSkippingLine = false
      let byteCount = skippedByteCount - (lastSkippedByte == UInt8(ascii: "\r") ? 1 : 0)
      skippedByteCount = 0
      if let offset = spanningLineOffset {
        spanningLineOffset = nil
        defer { if isAtEndOfInput { closeInput() } }
        if byteCount <= maximumLineByteCount {
          return .line(lineNumber: lineCount, bytes: try readLine(at: offset, count: byteCount))
        }
      }
      return .lineTooLong(lineNumber: lineCount, byteCount: byteCount)
    }
    var line = pendingLine
    pendingLine = []
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    if line.count > maximumLineByteCount {
      return .lineTooLong(lineNumber: lineCount, byteCount: line.count)
    }
    // Appending grew the buffer by doubling: up to twice the line, held as long as the
    // record is. One copy of exactly the line's size costs a memcpy and gives that back.
    if line.capacity - line.count > line.count / 4 {
      line = Array(unsafeUninitializedCapacity: line.count) { copy, initialized in
        initialized = line.withUnsafeBufferPointer { copy.initialize(fromContentsOf: $0) }
      }
    }
    return .line(lineNumber: lineCount, bytes: line)
  }

  /// Reads the next block of decompressed input into the buffer.
  private func refill() throws(FileError) {
    bufferStart = 0
    bufferEnd = 0
    switch decoding {
    case .undecided:
      // Decide on the first four bytes.
      var head = [UInt8](repeating: 0, count: 4)
      var headCount = 0
      while headCount < 4 {
        let count = try head.withUnsafeMutableBufferPointer { (bytes) throws(FileError) in
          guard let base = bytes.baseAddress else { return 0 }
          return try readRaw(into: base + headCount, count: 4 - headCount)
        }
        if count == 0 { break }
        headCount += count
      }
      head.removeLast(4 - headCount)
      rawOffset += headCount
      if headCount >= 2 && head[0] == 0x1F && head[1] == 0x8B {
        rawOffset -= headCount
        try startInflating(with: head)
        try inflateIntoBuffer()
      } else if head.withUnsafeBufferPointer(ZstdDecoder.startsFrame) {
        let library = try ZstdLibrary.load(for: path, operation: "read")
        zstdDecoder = try ZstdDecoder(path: path, library: library, head: head)
        decoding = .zstd
        try decompressIntoBuffer()
      } else {
        decoding = .plain
        plainPrefix = Array(head[..<headCount])
        if headCount == 0 { finishInput() } else { try refill() }
      }
    case .plain:
      if !plainPrefix.isEmpty {
        let count = min(plainPrefix.count, buffer.count)
        for index in 0..<count { buffer[index] = plainPrefix[index] }
        plainPrefix.removeFirst(count)
        bufferEnd = count
        return
      }
      guard let base = buffer.baseAddress else { return finishInput() }
      let count = try readRaw(into: base, count: buffer.count)
      rawOffset += count
      bufferEnd = count
      if count == 0 { finishInput() }
    case .gzip:
      try inflateIntoBuffer()
    case .zstd:
      try decompressIntoBuffer()
    }
  }

  /// Decompresses zstd input until the buffer holds some bytes or the input ends.
  private func decompressIntoBuffer() throws(FileError) {
    guard let zstdDecoder else { return finishInput() }
    let count = try zstdDecoder.decompress(into: buffer) { (pointer, count) throws(FileError) in
      try readRaw(into: pointer, count: count)
    }
    rawOffset = zstdDecoder.consumedByteCount
    bufferEnd = count
    if count == 0 { finishInput() }
  }

  /// Sets up inflation; `head` is the start of the input.
  private func startInflating(with head: [UInt8]) throws(FileError) {
    let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 << 10)
    let count = head.count
    for index in 0..<count { input[index] = head[index] }
    compressed = input
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    self.stream = stream
    stream.pointee.next_in = input.baseAddress
    stream.pointee.avail_in = UInt32(count)
    // 15 + 16: a gzip wrapper only.
    guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else {
      throw FileError(path: path, operation: "read", reason: "cannot allocate zlib state")
    }
    decoding = .gzip
  }

  /// Inflates until the buffer holds some bytes or the input ends.
  private func inflateIntoBuffer() throws(FileError) {
    guard let stream, let compressed, let input = compressed.baseAddress else {
      return finishInput()
    }
    while bufferEnd == 0 {
      if stream.pointee.avail_in == 0 {
        let count = try readRaw(into: input, count: compressed.count)
        if count == 0 {
          if isBetweenMembers { return finishInput() }
          throw FileError(
            path: path, operation: "read", reason: "unexpected end of file (truncated gzip stream)")
        }
        stream.pointee.next_in = compressed.baseAddress
        stream.pointee.avail_in = UInt32(count)
      }
      if isBetweenMembers {
        // Another member must start with the magic bytes; anything else is trailing data.
        let first = stream.pointee.next_in[0]
        var second: UInt8?
        if stream.pointee.avail_in >= 2 {
          second = stream.pointee.next_in[1]
        } else if first == 0x1F {
          // Move the lone byte to the front and read one more.
          compressed[0] = first
          let count = try readRaw(into: input + 1, count: compressed.count - 1)
          stream.pointee.next_in = compressed.baseAddress
          stream.pointee.avail_in = UInt32(1 + count)
          if count > 0 { second = compressed[1] }
        }
        guard first == 0x1F && second == 0x8B else {
          throw FileError(
            path: path, operation: "read",
            reason:
              "data after the end of the gzip stream at compressed byte \(rawOffset) (trailing garbage, not a gzip member)"
          )
        }
        inflateReset(stream)
        isBetweenMembers = false
      }
      let availableBefore = stream.pointee.avail_in
      stream.pointee.next_out = buffer.baseAddress
      stream.pointee.avail_out = UInt32(buffer.count)
      let result = inflate(stream, Z_NO_FLUSH)
      rawOffset += Int(availableBefore - stream.pointee.avail_in)
      bufferEnd = buffer.count - Int(stream.pointee.avail_out)
      switch result {
      case Z_OK, Z_BUF_ERROR:
        continue
      case Z_STREAM_END:
        isBetweenMembers = true
      default:
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
        throw FileError(path: path, operation: "read", reason: message)
      }
    }
  }

  /// The `count` bytes of the file at `offset`, read again.
  private func readLine(at offset: Int, count: Int) throws(FileError) -> [UInt8] {
    var failure: FileError?
    let line = [UInt8](unsafeUninitializedCapacity: count) { bytes, initialized in
      while initialized < count, let base = bytes.baseAddress {
        let result = pread(
          descriptor, base + initialized, count - initialized, off_t(offset + initialized))
        if result > 0 {
          initialized += result
          continue
        }
        let error = errno
        if result < 0 && error == EINTR && cancellation?.isRequested != true { continue }
        failure =
          result == 0
          ? FileError(path: path, operation: "read", reason: "the file shrank while it was read")
          : error == EINTR
            ? FileError(path: path, operation: "read", reason: "interrupted by a signal")
            : FileError(path: path, operation: "read", errorNumber: error)
        return
      }
    }
    if let failure { throw failure }
    return line
  }

  /// Reads up to `count` raw bytes; 0 means the end of the file.
  private func readRaw(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(FileError)
    -> Int
  {
    guard descriptor >= 0 else { return 0 }
    while true {
      let result = read(descriptor, pointer, count)
      if result >= 0 { return result }
      let error = errno
      if error == EINTR {
        if cancellation?.isRequested == true {
          throw FileError(path: path, operation: "read", reason: "interrupted by a signal")
        }
        continue
      }
      throw FileError(path: path, operation: "read", errorNumber: error)
    }
  }

  /// Marks the end of the input and releases the file right away, or once the line being
  /// counted is read.
  private func finishInput() {
    isAtEndOfInput = true
    if spanningLineOffset == nil { closeInput() }
  }

  private func closeInput() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    if let stream {
      inflateEnd(stream)
      stream.deinitialize(count: 1)
      stream.deallocate()
      self.stream = nil
    }
    compressed?.deallocate()
    compressed = nil
    zstdDecoder = nil
  }
}

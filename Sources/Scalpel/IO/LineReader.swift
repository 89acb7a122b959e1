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
/// The reader opens a path, or standard input for `-`, and decompresses gzip transparently:
/// input that starts with the gzip magic bytes `1F 8B` is inflated, including concatenated
/// gzip members, and anything else is read as is. Memory stays bounded by a fixed read buffer
/// plus the current line: a line longer than ``maximumLineByteCount`` is counted to its end
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

  private var file: gzFile?
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var bufferStart = 0
  private var bufferEnd = 0
  private var isAtEndOfInput = false
  private var lineCount = 0
  /// The start of the current line when it spans buffer refills.
  private var pendingLine: [UInt8] = []
  /// Whether the current line is too long and is only being counted.
  private var isSkippingLine = false
  private var skippedByteCount = 0
  private var lastSkippedByte: UInt8 = 0

  /// Opens `path` for reading lines; `-` reads standard input.
  ///
  /// - Parameters:
  ///   - path: A file path, or `-` for standard input.
  ///   - maximumLineByteCount: The longest line that is returned as bytes.
  ///   - readBufferByteCount: The size of the fixed read buffer.
  /// - Throws: ``FileError`` if the file cannot be opened.
  public init(
    path: String,
    maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount,
    readBufferByteCount: Int = LineReader.defaultReadBufferByteCount
  ) throws(FileError) {
    precondition(maximumLineByteCount >= 0, "maximumLineByteCount must not be negative")
    precondition(readBufferByteCount > 0, "readBufferByteCount must be positive")
    self.path = path
    self.maximumLineByteCount = maximumLineByteCount
    let descriptor =
      path == "-"
      ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0) : open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError(path: path, operation: "open", errorNumber: errno)
    }
    guard let file = gzdopen(descriptor, "rb") else {
      close(descriptor)
      throw FileError(path: path, operation: "open", reason: "cannot allocate zlib state")
    }
    gzbuffer(file, 256 << 10)
    self.file = file
    // gzread takes an unsigned int length.
    let capacity = min(readBufferByteCount, Int(Int32.max))
    buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
  }

  deinit {
    if let file { gzclose_r(file) }
    buffer.deallocate()
  }

  /// Returns the next line, or `nil` after the last one.
  ///
  /// - Throws: ``FileError`` for a read error or a truncated or corrupt gzip stream; the
  ///   lines before the damage have been returned already.
  /// - Complexity: Amortized O(*n*), where *n* is the length of the line.
  public func nextLine() throws(FileError) -> LineRecord? {
    while true {
      if bufferStart == bufferEnd {
        if isAtEndOfInput {
          guard isSkippingLine || !pendingLine.isEmpty else { return nil }
          lineCount += 1
          return finishPendingLine()
        }
        try refill()
        continue
      }
      let start = bufferStart
      let available = bufferEnd - start
      guard let base = buffer.baseAddress,
        let found = memchr(base + start, Int32(UInt8(ascii: "\n")), available)
      else {
        appendToPendingLine(start..<bufferEnd)
        bufferStart = bufferEnd
        continue
      }
      let newline = found.assumingMemoryBound(to: UInt8.self) - base
      bufferStart = newline + 1
      lineCount += 1
      if isSkippingLine || !pendingLine.isEmpty {
        appendToPendingLine(start..<newline)
        return finishPendingLine()
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

  /// Ends the line held in `pendingLine` or being skipped, numbered `lineCount`.
  private func finishPendingLine() -> LineRecord {
    if isSkippingLine {
      isSkippingLine = false
      let byteCount = skippedByteCount - (lastSkippedByte == UInt8(ascii: "\r") ? 1 : 0)
      skippedByteCount = 0
      return .lineTooLong(lineNumber: lineCount, byteCount: byteCount)
    }
    var line = pendingLine
    pendingLine = []
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    if line.count > maximumLineByteCount {
      return .lineTooLong(lineNumber: lineCount, byteCount: line.count)
    }
    return .line(lineNumber: lineCount, bytes: line)
  }

  /// Reads the next block of decompressed input into the buffer.
  private func refill() throws(FileError) {
    guard let file else {
      isAtEndOfInput = true
      return
    }
    let readCount = gzread(file, buffer.baseAddress, UInt32(buffer.count))
    if readCount > 0 {
      bufferStart = 0
      bufferEnd = Int(readCount)
      return
    }
    let systemError = errno
    var zlibError: Int32 = Z_OK
    let message = gzerror(file, &zlibError)
    if readCount < 0 || (zlibError != Z_OK && zlibError != Z_STREAM_END) {
      let reason: String
      if zlibError == Z_ERRNO {
        reason = FileError.text(ofErrorNumber: systemError)
      } else if zlibError == Z_BUF_ERROR {
        reason = "unexpected end of file (truncated gzip stream)"
      } else if let message {
        reason = String(cString: message)
      } else {
        reason = "zlib error \(zlibError)"
      }
      throw FileError(path: path, operation: "read", reason: reason)
    }
    // End of input: release the file right away.
    self.file = nil
    isAtEndOfInput = true
    let closeResult = gzclose_r(file)
    if closeResult != Z_OK {
      throw FileError(path: path, operation: "read", reason: "zlib error \(closeResult) at close")
    }
  }
}

import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered file writer that replaces its destination only when the output is complete.
///
/// Bytes go to a temporary file `.<name>.tmp-<pid>` in the destination's directory. ``commit()``
/// flushes, syncs and renames it onto the destination, so readers see either the old file
/// or the complete new one. ``abort()``, or releasing the writer without committing, removes
/// the temporary file. The path `-` writes to standard output directly, without a temporary
/// file, and so does an existing destination that is not a regular file (a device such as
/// `/dev/null`, a FIFO or a socket), which a rename would replace. A symbolic link to a
/// regular file is followed: the file it points to is replaced. A destination whose name ends
/// in `.gz` is written gzip-compressed (one deterministic member), and one that ends in `.zst`
/// zstd-compressed (one deterministic frame with a checksum, by `ZstdEncoder`; libzstd is
/// loaded at run time, and when it is missing the writer fails before it creates a file).
/// The writer counts the bytes
/// and lines it is given and the CRC-32 of the bytes it puts on disk (`Written`), for
/// completion manifests. A writer is meant for one thread at a time.
///
///     let output = try AtomicFileWriter(path: "pairs.jsonl")
///     try output.write(writer.bytes)
///     try output.commit()
public final class AtomicFileWriter {
  /// The default size of the write buffer: 1 MiB.
  public static let defaultBufferByteCount = 1 << 20

  /// The destination path; `-` is standard output.
  public let path: String
  /// The path of the temporary file, or `nil` for standard output.
  public let temporaryPath: String?

  /// What a writer put out: counts of the bytes it was given and the file it wrote.
  package struct Written: Sendable, Hashable {
    /// Bytes given to ``write(_:)-([UInt8])``, before compression.
    package var byteCount = 0
    /// Newlines among them.
    package var lineCount = 0
    /// Bytes written to the file (after compression).
    package var fileByteCount = 0
    /// The CRC-32 of the bytes written to the file.
    package var fileChecksum: UInt32 = 0
  }

  /// The counts so far; final after ``commit()``.
  package private(set) var written = Written()

  private var descriptor: Int32
  private let ownsDescriptor: Bool
  /// The deflate state for a `.gz` destination (pinned: zlib points back at it).
  private var deflater: UnsafeMutablePointer<z_stream>?
  /// The compressor for a `.zst` destination.
  private var zstdEncoder: ZstdEncoder?
  /// Whether the file holds other bytes than those given (`.gz` or `.zst`).
  private var isCompressed = false
  private let renamePath: String
  private var buffer: [UInt8] = []
  private let bufferByteCount: Int
  private var isFinished = false
  private var isPrepared = false
  /// The first failed write; once set, ``commit()`` refuses to publish incomplete output.
  private var writeError: FileError?

  /// Creates the temporary file next to `path`, or prepares standard output for `-`.
  ///
  /// - Parameters:
  ///   - path: The destination path, or `-` for standard output.
  ///   - bufferByteCount: How many bytes to collect before each `write` system call.
  /// - Throws: ``FileError`` naming `path` if the temporary file cannot be created.
  public convenience init(
    path: String, bufferByteCount: Int = AtomicFileWriter.defaultBufferByteCount
  ) throws(FileError) {
    if path == "-" {
      self.init(
        path: path, temporaryPath: nil, descriptor: STDOUT_FILENO, bufferByteCount: bufferByteCount)
      return
    }
    var info = stat()
    if stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
      // A device, FIFO or socket such as /dev/null or /dev/stderr: renaming a file over
      // it would replace it, so write to it directly.
      let descriptor = open(path, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw FileError(path: path, operation: "open", errorNumber: errno)
      }
      self.init(
        path: path, temporaryPath: nil, descriptor: descriptor, bufferByteCount: bufferByteCount,
        ownsDescriptor: true)
      return
    }
    // A symbolic link to a regular file: replace the file it points to, not the link.
    var destination = path
    var linkInfo = stat()
    if lstat(path, &linkInfo) == 0 && linkInfo.st_mode & S_IFMT == S_IFLNK,
      let resolved = realpath(path, nil)
    {
      destination = String(cString: resolved)
      free(resolved)
    }
    guard let temporaryPath = AtomicFileWriter.temporaryPath(for: destination, processID: getpid())
    else {
      throw FileError(path: path, operation: "create", reason: "the path does not name a file")
    }
    // Before any file exists: without libzstd there is nothing to clean up.
    var zstdEncoder: ZstdEncoder?
    if path.hasSuffix(".zst") {
      let library = try ZstdLibrary.load(for: path, operation: "create")
      zstdEncoder = try ZstdEncoder(path: path, library: library)
    }
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw FileError(path: path, operation: "create a temporary file for", errorNumber: errno)
    }
    self.init(
      path: path, temporaryPath: temporaryPath, descriptor: descriptor,
      bufferByteCount: bufferByteCount, ownsDescriptor: true, renamePath: destination)
    if path.hasSuffix(".gz") {
      let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
      stream.initialize(to: z_stream())
      // 15 + 16: a gzip wrapper with no name and mtime 0, so the output is deterministic.
      guard
        deflateInit2_(
          stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
          Int32(MemoryLayout<z_stream>.size)) == Z_OK
      else {
        stream.deallocate()
        abort()
        throw FileError(path: path, operation: "create", reason: "cannot allocate zlib state")
      }
      deflater = stream
      isCompressed = true
    } else if let zstdEncoder {
      self.zstdEncoder = zstdEncoder
      isCompressed = true
    }
  }

  /// Creates a writer for `descriptor`: an open temporary file at `temporaryPath` that
  /// ``commit()`` renames to `renamePath`, or, when `temporaryPath` is `nil`, the destination
  /// itself (standard output, or a device the writer closes when `ownsDescriptor`).
  init(
    path: String, temporaryPath: String?, descriptor: Int32, bufferByteCount: Int,
    ownsDescriptor: Bool = false, renamePath: String? = nil
  ) {
    precondition(bufferByteCount > 0, "bufferByteCount must be positive")
    self.path = path
    self.temporaryPath = temporaryPath
    self.descriptor = descriptor
    self.bufferByteCount = bufferByteCount
    self.ownsDescriptor = ownsDescriptor
    self.renamePath = renamePath ?? path
    buffer.reserveCapacity(bufferByteCount)
  }

  deinit {
    abort()
    endDeflater()
  }

  /// Removes temporary files `.<name>.tmp-<pid>` of `path` left by processes that no longer
  /// run (a run killed with SIGKILL); files of live processes are left alone.
  ///
  /// - Complexity: O(*e*) in the number of entries of the directory.
  package static func removeStaleTemporaryFiles(of path: String) {
    guard path != "-", let own = temporaryPath(for: path, processID: 0) else { return }
    let utf8 = Array(own.utf8)
    let slash = utf8.lastIndex(of: UInt8(ascii: "/"))
    let directory = slash.map { String(decoding: utf8[...$0], as: UTF8.self) } ?? ""
    let prefix = String(decoding: utf8[(slash.map { $0 + 1 } ?? 0)...].dropLast(), as: UTF8.self)
    guard let listing = opendir(directory.isEmpty ? "." : directory) else { return }
    defer { closedir(listing) }
    while let entry = readdir(listing) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name.hasPrefix(prefix), let processID = Int32(name.dropFirst(prefix.count)),
        processID > 0, processID != getpid()
      else { continue }
      if kill(processID, 0) != 0 && errno == ESRCH { unlink(directory + name) }
    }
  }

  /// Returns `.<name>.tmp-<pid>` in the directory of `path`, or `nil` if `path` ends in `/`.
  static func temporaryPath(for path: String, processID: Int32) -> String? {
    let utf8 = Array(path.utf8)
    let nameStart = (utf8.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    let name = String(decoding: utf8[nameStart...], as: UTF8.self)
    guard !name.isEmpty, name != ".", name != ".." else { return nil }
    let directory = String(decoding: utf8[..<nameStart], as: UTF8.self)
    return directory + "." + name + ".tmp-" + String(processID)
  }

  /// The number of newlines in `bytes`.
  private static func newlineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var count = 0
    var offset = 0
    while offset < bytes.count,
      let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset)
    {
      count += 1
      offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
    }
    return count
  }

  /// Appends `bytes` to the output.
  ///
  /// - Throws: ``FileError`` if flushing the buffer fails.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileError) {
    precondition(!isFinished, "write after commit() or abort()")
    written.byteCount += bytes.count
    written.lineCount += Self.newlineCount(bytes)
    // An uncompressed file holds the bytes as given, in order: their checksum is the file's.
    if !isCompressed, let base = bytes.baseAddress, bytes.count > 0 {
      written.fileChecksum = UInt32(crc32(UInt(written.fileChecksum), base, UInt32(bytes.count)))
    }
    if buffer.count + bytes.count > bufferByteCount {
      try flush()
      if bytes.count >= bufferByteCount {
        try writeAll(UnsafeRawBufferPointer(bytes))
        return
      }
    }
    buffer.append(contentsOf: bytes)
  }

  /// Appends `bytes` to the output.
  ///
  /// - Throws: ``FileError`` if flushing the buffer fails.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public func write(_ bytes: [UInt8]) throws(FileError) {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(FileError) in try write(buffer) }
    }
    try result.get()
  }

  /// Appends the UTF-8 bytes of `string` to the output.
  ///
  /// - Throws: ``FileError`` if flushing the buffer fails.
  /// - Complexity: O(*n*), where *n* is the length of `string` in UTF-8 bytes.
  public func write(_ string: String) throws(FileError) {
    var string = string
    let result = string.withUTF8 { buffer in
      Result { () throws(FileError) in try write(buffer) }
    }
    try result.get()
  }

  /// Writes out the buffer, syncs the temporary file and renames it onto ``path``.
  ///
  /// For standard output this only writes out the buffer. After a failure, including an
  /// earlier failed `write`, the temporary file is removed
  /// and the destination is left untouched.
  ///
  /// - Throws: ``FileError`` naming ``path`` and the system's reason.
  public func commit() throws(FileError) {
    try prepare()
    try publish()
  }

  /// Writes out the buffer and syncs and closes the temporary file: the first half of
  /// ``commit()``.
  ///
  /// A later ``publish()`` only renames. A job prepares all outputs of a shard
  /// before it publishes any, so a full disk never leaves new and old outputs side by side.
  ///
  /// - Throws: ``FileError``; the temporary file is then removed.
  package func prepare() throws(FileError) {
    precondition(!isFinished && !isPrepared, "prepare() after commit(), prepare() or abort()")
    do throws(FileError) {
      if let writeError { throw writeError }
      try flush()
      try finishDeflating()
      isPrepared = true
      guard temporaryPath != nil else {
        if ownsDescriptor && close(descriptor) != 0 {
          descriptor = -1
          throw FileError(path: path, operation: "close", errorNumber: errno)
        }
        descriptor = -1
        return
      }
      guard fsync(descriptor) == 0 else {
        throw FileError(path: path, operation: "sync", errorNumber: errno)
      }
      let closeResult = close(descriptor)
      descriptor = -1
      guard closeResult == 0 else {
        throw FileError(path: path, operation: "close", errorNumber: errno)
      }
    } catch {
      abort()
      throw error
    }
  }

  /// Syncs what was written to the temporary file so far, not the buffer.
  ///
  /// The sync of ``prepare()`` then has only the rest to write: a job calls it on the
  /// thread that writes behind the workers. Does nothing for standard output or a device.
  ///
  /// - Throws: ``FileError``, which a later ``commit()`` or ``prepare()`` throws too.
  package func syncWritten() throws(FileError) {
    precondition(!isFinished && !isPrepared, "syncWritten() after commit(), prepare() or abort()")
    if let writeError { throw writeError }
    guard temporaryPath != nil, descriptor >= 0 else { return }
    guard fdatasync(descriptor) == 0 else {
      let error = FileError(path: path, operation: "sync", errorNumber: errno)
      writeError = error
      throw error
    }
  }

  /// The second half of ``commit()``: renames the prepared temporary file onto ``path``.
  ///
  /// - Throws: ``FileError``; the temporary file is then removed.
  package func publish() throws(FileError) {
    precondition(isPrepared && !isFinished, "publish() without prepare()")
    guard let temporaryPath else {
      isFinished = true
      return
    }
    guard rename(temporaryPath, renamePath) == 0 else {
      let error = FileError(
        path: path, operation: "rename the temporary file onto", errorNumber: errno)
      abort()
      throw error
    }
    isFinished = true
    syncDirectory()
  }

  /// Discards the output, closing and removing the temporary file.
  ///
  /// Does nothing after ``commit()`` or a previous ``abort()``.
  public func abort() {
    guard !isFinished else { return }
    isFinished = true
    buffer = []
    guard let temporaryPath else {
      if ownsDescriptor && descriptor >= 0 { close(descriptor) }
      descriptor = -1
      return
    }
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    unlink(temporaryPath)
  }

  /// Writes out what the compressor still holds and the gzip trailer or zstd frame end.
  private func finishDeflating() throws(FileError) {
    if let zstdEncoder {
      try zstdEncoder.compress(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true) {
        (bytes) throws(FileError) in try writeToFile(bytes)
      }
      self.zstdEncoder = nil
      return
    }
    guard deflater != nil else { return }
    try deflateAndWrite(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
    endDeflater()
  }

  private func endDeflater() {
    guard let deflater else { return }
    deflateEnd(deflater)
    deflater.deinitialize(count: 1)
    deflater.deallocate()
    self.deflater = nil
  }

  /// Compresses `bytes` and writes what deflate gives out.
  private func deflateAndWrite(_ bytes: UnsafeRawBufferPointer, flush: Int32) throws(FileError) {
    guard let deflater else { return }
    var output = [UInt8](repeating: 0, count: 256 << 10)
    deflater.pointee.next_in = UnsafeMutablePointer(
      mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    deflater.pointee.avail_in = UInt32(bytes.count)
    while true {
      let (result, produced) = output.withUnsafeMutableBufferPointer { buffer in
        deflater.pointee.next_out = buffer.baseAddress
        deflater.pointee.avail_out = UInt32(buffer.count)
        let result = deflate(deflater, flush)
        return (result, buffer.count - Int(deflater.pointee.avail_out))
      }
      if produced > 0 {
        let outcome = output.withUnsafeBytes { raw in
          Result { () throws(FileError) in
            try writeToFile(UnsafeRawBufferPointer(rebasing: raw[..<produced]))
          }
        }
        try outcome.get()
      }
      if result == Z_STREAM_END { return }
      guard result == Z_OK || result == Z_BUF_ERROR else {
        throw FileError(path: path, operation: "compress", reason: "zlib error \(result)")
      }
      if flush == Z_NO_FLUSH && deflater.pointee.avail_in == 0 && produced < output.count {
        return
      }
    }
  }

  /// Writes the buffered bytes out and empties the buffer.
  private func flush() throws(FileError) {
    guard !buffer.isEmpty else { return }
    let result = buffer.withUnsafeBytes { bytes in
      Result { () throws(FileError) in try writeAll(bytes) }
    }
    buffer.removeAll(keepingCapacity: true)
    try result.get()
  }

  /// Writes all of `bytes`, compressed for a `.gz` or `.zst` destination.
  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
    if let writeError { throw writeError }
    if let zstdEncoder {
      try zstdEncoder.compress(bytes, isFinal: false) { (bytes) throws(FileError) in
        try writeToFile(bytes)
      }
    } else if deflater != nil {
      try deflateAndWrite(bytes, flush: Z_NO_FLUSH)
    } else {
      try writeToFile(bytes)
    }
  }

  /// Writes all of `bytes` to the file, retrying after partial writes and interrupts.
  private func writeToFile(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
    if let writeError { throw writeError }
    if let base = bytes.baseAddress, bytes.count > 0 {
      // Uncompressed bytes were checksummed as they were given (`write`).
      if isCompressed {
        written.fileChecksum = UInt32(
          crc32(
            UInt(written.fileChecksum), base.assumingMemoryBound(to: UInt8.self),
            UInt32(bytes.count)))
      }
      written.fileByteCount += bytes.count
    }
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      let written = systemWrite(descriptor, pointer, remaining)
      if written < 0 {
        if errno == EINTR { continue }
        let error = FileError(path: path, operation: "write", errorNumber: errno)
        writeError = error
        throw error
      }
      pointer += written
      remaining -= written
    }
  }

  /// Syncs the destination's directory so the rename survives a crash; failures are ignored.
  private func syncDirectory() {
    let utf8 = Array(renamePath.utf8)
    let slash = utf8.lastIndex(of: UInt8(ascii: "/"))
    let directory = slash.map { String(decoding: utf8[...$0], as: UTF8.self) } ?? "."
    let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard directoryDescriptor >= 0 else { return }
    _ = fsync(directoryDescriptor)
    close(directoryDescriptor)
  }
}

/// The `write(2)` system call, under a name that the `write` methods do not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

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
/// regular file is followed: the file it points to is replaced. A writer is meant for one
/// thread.
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

  private var descriptor: Int32
  private let ownsDescriptor: Bool
  private let renamePath: String
  private var buffer: [UInt8] = []
  private let bufferByteCount: Int
  private var isFinished = false
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
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw FileError(path: path, operation: "create a temporary file for", errorNumber: errno)
    }
    self.init(
      path: path, temporaryPath: temporaryPath, descriptor: descriptor,
      bufferByteCount: bufferByteCount, ownsDescriptor: true, renamePath: destination)
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

  /// Appends `bytes` to the output.
  ///
  /// - Throws: ``FileError`` if flushing the buffer fails.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileError) {
    precondition(!isFinished, "write after commit() or abort()")
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
    precondition(!isFinished, "commit() after commit() or abort()")
    do throws(FileError) {
      if let writeError { throw writeError }
      try flush()
      guard let temporaryPath else {
        isFinished = true
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
      guard rename(temporaryPath, renamePath) == 0 else {
        throw FileError(path: path, operation: "rename the temporary file onto", errorNumber: errno)
      }
      isFinished = true
      syncDirectory()
    } catch {
      abort()
      throw error
    }
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

  /// Writes the buffered bytes out and empties the buffer.
  private func flush() throws(FileError) {
    guard !buffer.isEmpty else { return }
    let result = buffer.withUnsafeBytes { bytes in
      Result { () throws(FileError) in try writeAll(bytes) }
    }
    buffer.removeAll(keepingCapacity: true)
    try result.get()
  }

  /// Writes all of `bytes`, retrying after partial writes and interrupts.
  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
    if let writeError { throw writeError }
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

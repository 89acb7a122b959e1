/// A streaming zstd compressor that hands its output to a caller.
///
/// It writes one frame at level 3 (the `zstd` default) with a content checksum and without
/// the content size, so that the output is deterministic and checked by `zstd -t`. Memory
/// stays bounded by libzstd's compression state and a fixed output buffer. An encoder is
/// meant for one thread.
package final class ZstdEncoder {
  /// The compression level: 3, the default of the `zstd` tool.
  package static let compressionLevel: Int32 = 3
  /// The size of the output buffer: 128 KiB, libzstd's suggestion.
  static let outputByteCount = 128 << 10

  /// The file being written, for messages.
  package let path: String

  private let library: ZstdLibrary
  private let context: OpaquePointer
  private let output: UnsafeMutableBufferPointer<UInt8>

  /// Creates an encoder for the file at `path`.
  ///
  /// - Throws: ``FileError`` naming `path` if libzstd cannot set up compression.
  package init(path: String, library: ZstdLibrary) throws(FileError) {
    guard let context = library.createCCtx() else {
      throw FileError(path: path, operation: "create", reason: "cannot allocate zstd state")
    }
    for (parameter, value) in [
      (ZstdLibrary.compressionLevelParameter, Self.compressionLevel),
      (ZstdLibrary.checksumFlagParameter, 1),
    ] {
      let result = library.setParameter(context, parameter, value)
      guard !library.isError(result) else {
        _ = library.freeCCtx(context)
        throw FileError(path: path, operation: "create", reason: library.errorName(result))
      }
    }
    self.path = path
    self.library = library
    self.context = context
    output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.outputByteCount)
  }

  deinit {
    _ = library.freeCCtx(context)
    output.deallocate()
  }

  /// Compresses `bytes` and gives what is ready to `write`.
  ///
  /// - Parameters:
  ///   - bytes: More uncompressed bytes; may be empty.
  ///   - isFinal: Whether to end the frame after them; no call may follow.
  ///   - write: Takes compressed bytes, to be written in order.
  /// - Throws: ``FileError`` from libzstd or from `write`.
  /// - Complexity: O(*n*), where *n* is the number of bytes.
  package func compress(
    _ bytes: UnsafeRawBufferPointer, isFinal: Bool,
    writing write: (UnsafeRawBufferPointer) throws(FileError) -> Void
  ) throws(FileError) {
    var inBuffer = ZstdInBuffer(source: bytes.baseAddress, byteCount: bytes.count, position: 0)
    let directive = isFinal ? ZstdLibrary.endDirective : ZstdLibrary.continueDirective
    while true {
      var outBuffer = ZstdOutBuffer(
        destination: UnsafeMutableRawPointer(output.baseAddress), byteCount: output.count,
        position: 0)
      let result = library.compressStream2(context, &outBuffer, &inBuffer, directive)
      guard !library.isError(result) else {
        throw FileError(path: path, operation: "compress", reason: library.errorName(result))
      }
      if outBuffer.position > 0 {
        try write(
          UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[..<outBuffer.position]))
      }
      let isInputConsumed = inBuffer.position == inBuffer.byteCount
      // With ZSTD_e_end, 0 means the frame is complete and flushed.
      if isFinal ? result == 0 : isInputConsumed { return }
    }
  }
}

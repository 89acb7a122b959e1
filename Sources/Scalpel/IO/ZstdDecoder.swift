/// A streaming zstd decompressor over bytes that a caller reads on demand.
///
/// It reads every frame of the input in turn: concatenated frames (`cat a.zst b.zst`) give
/// the concatenation of their contents, and skippable frames are passed over, as `zstd -d`
/// does. Input that ends inside a frame is an error (truncated), and so are corrupt frames
/// and data after a frame that does not start another one, each with a compressed byte
/// offset (the start of the damaged frame for a corrupt one). Memory stays bounded by a fixed input buffer and the decoder's window (at most
/// 128 MiB, libzstd's default limit; frames that need more are refused with its message).
/// A decoder is meant for one thread.
package final class ZstdDecoder {
  /// The default size of the compressed-input buffer: 128 KiB, libzstd's suggestion.
  package static let defaultInputByteCount = 128 << 10

  /// The file being decompressed, for messages.
  package let path: String
  /// Compressed bytes consumed so far, counting those given to ``init(path:library:head:inputByteCount:)``.
  package private(set) var consumedByteCount = 0

  private let library: ZstdLibrary
  private let stream: OpaquePointer
  private let input: UnsafeMutableBufferPointer<UInt8>
  private var inputStart = 0
  private var inputEnd = 0
  private var isAtEndOfFile = false
  /// Whether the last frame ended (libzstd returned 0) and no next one has started.
  private var isBetweenFrames = false
  /// Where the current frame starts in the compressed input, for messages: libzstd does
  /// not say where in a block it found damage.
  private var frameStartByteCount = 0

  /// Creates a decoder whose input starts with `head` (the bytes read to recognize zstd).
  ///
  /// - Throws: ``FileError`` naming `path` if libzstd cannot allocate its state.
  package init(
    path: String, library: ZstdLibrary, head: [UInt8],
    inputByteCount: Int = ZstdDecoder.defaultInputByteCount
  ) throws(FileError) {
    precondition(
      inputByteCount >= head.count && inputByteCount > 0, "the input buffer is too small")
    guard let stream = library.createDStream() else {
      throw FileError(path: path, operation: "read", reason: "cannot allocate zstd state")
    }
    let result = library.initDStream(stream)
    guard !library.isError(result) else {
      _ = library.freeDStream(stream)
      throw FileError(path: path, operation: "read", reason: library.errorName(result))
    }
    self.path = path
    self.library = library
    self.stream = stream
    input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: inputByteCount)
    for (index, byte) in head.enumerated() { input[index] = byte }
    inputEnd = head.count
  }

  /// Whether `bytes` start with the magic number of a zstd frame (`28 B5 2F FD`) or of a
  /// skippable frame (`50`...`5F 2A 4D 18`); fewer than four bytes start none.
  package static func startsFrame(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 4 else { return false }
    let base = bytes.startIndex
    let (first, second, third, fourth) =
      (bytes[base], bytes[base + 1], bytes[base + 2], bytes[base + 3])
    return (first == 0x28 && second == 0xB5 && third == 0x2F && fourth == 0xFD)
      || (first & 0xF0 == 0x50 && second == 0x2A && third == 0x4D && fourth == 0x18)
  }

  deinit {
    _ = library.freeDStream(stream)
    input.deallocate()
  }

  /// Decompresses into `output` and returns how many bytes it filled; 0 only at the end.
  ///
  /// - Parameters:
  ///   - output: Where the decompressed bytes go; must not be empty.
  ///   - read: Reads up to `count` compressed bytes into the pointer and returns how many;
  ///     0 means the end of the file.
  /// - Returns: The number of bytes of `output` filled, from its start.
  /// - Throws: ``FileError`` for a truncated or corrupt stream, or what `read` throws.
  /// - Complexity: O(*n*) in the bytes consumed and produced.
  package func decompress(
    into output: UnsafeMutableBufferPointer<UInt8>,
    reading read: (UnsafeMutablePointer<UInt8>, Int) throws(FileError) -> Int
  ) throws(FileError) -> Int {
    precondition(!output.isEmpty, "output must not be empty")
    guard let inputBase = input.baseAddress else { return 0 }
    while true {
      var inBuffer = ZstdInBuffer(
        source: UnsafeRawPointer(inputBase + inputStart), byteCount: inputEnd - inputStart,
        position: 0)
      var outBuffer = ZstdOutBuffer(
        destination: UnsafeMutableRawPointer(output.baseAddress), byteCount: output.count,
        position: 0)
      let offset = consumedByteCount
      let frameStart = isBetweenFrames ? offset : frameStartByteCount
      // Between frames, the next bytes must start a frame; otherwise they are trailing data.
      let startsFrame =
        !isBetweenFrames
        || ZstdDecoder.startsFrame(
          UnsafeBufferPointer(rebasing: UnsafeBufferPointer(input)[inputStart..<inputEnd]))
      let result = library.decompressStream(stream, &outBuffer, &inBuffer)
      inputStart += inBuffer.position
      consumedByteCount += inBuffer.position
      if library.isError(result) {
        let reason = library.errorName(result)
        if !startsFrame {
          throw FileError(
            path: path, operation: "read",
            reason:
              "data after the end of the zstd stream at compressed byte \(offset) (\(reason), not a zstd frame)"
          )
        }
        throw FileError(
          path: path, operation: "read",
          reason:
            "corrupt or unsupported zstd frame starting at compressed byte \(frameStart) (\(reason))"
        )
      }
      if inBuffer.position > 0 || outBuffer.position > 0 {
        frameStartByteCount = frameStart
        isBetweenFrames = result == 0
      }
      if outBuffer.position > 0 { return outBuffer.position }
      if inputStart < inputEnd { continue }
      if isAtEndOfFile {
        if isBetweenFrames { return 0 }
        throw FileError(
          path: path, operation: "read",
          reason:
            "unexpected end of file at compressed byte \(consumedByteCount) (truncated zstd stream)"
        )
      }
      let count = try read(inputBase, input.count)
      inputStart = 0
      inputEnd = count
      if count == 0 { isAtEndOfFile = true }
    }
  }
}

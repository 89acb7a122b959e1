#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few functions of the system's zstd library that Scalpel calls, found at run time.
///
/// Scalpel has no build-time dependency on zstd: the first `.zst` input or output opens
/// `libzstd.so.1` (the Debian and Ubuntu package `libzstd1`, `libzstd` elsewhere) with
/// `dlopen` and looks up the streaming functions by name. The environment variable
/// `SCALPEL_LIBZSTD` names another library file, for tests and unusual installations. When
/// the library cannot be loaded, only zstd files fail, with an error that says so
/// (``load(for:operation:)``); plain and gzip files do not need it. The library is opened
/// once per process and never closed.
///
/// The functions need libzstd 1.4.0 or later (2019), for `ZSTD_compressStream2`.
package final class ZstdLibrary: @unchecked Sendable {
  /// The library file opened when `SCALPEL_LIBZSTD` is not set.
  package static let defaultFileName = "libzstd.so.1"
  /// The environment variable that names another library file.
  package static let fileNameVariable = "SCALPEL_LIBZSTD"

  /// The loaded library, or why it could not be loaded; opened on first use.
  package static let shared: Result<ZstdLibrary, LoadError> = {
    let variable = getenv(fileNameVariable).map { String(cString: $0) } ?? ""
    return load(fileName: variable.isEmpty ? defaultFileName : variable)
  }()

  /// Why the library could not be loaded: the `dlerror` text (which names the file) or the
  /// missing function.
  package struct LoadError: Error, Sendable, Hashable {
    /// What went wrong.
    package var reason: String
  }

  typealias CreateStream = @convention(c) () -> OpaquePointer?
  typealias FreeStream = @convention(c) (OpaquePointer?) -> Int
  typealias InitDStream = @convention(c) (OpaquePointer?) -> Int
  // The buffers are a `ZstdOutBuffer` and a `ZstdInBuffer`: Swift structs are not C types.
  typealias DecompressStream =
    @convention(c) (
      OpaquePointer?, UnsafeMutableRawPointer, UnsafeMutableRawPointer
    ) -> Int
  typealias SetParameter = @convention(c) (OpaquePointer?, Int32, Int32) -> Int
  typealias CompressStream2 =
    @convention(c) (
      OpaquePointer?, UnsafeMutableRawPointer, UnsafeMutableRawPointer,
      Int32
    ) -> Int
  typealias IsError = @convention(c) (Int) -> UInt32
  typealias ErrorName = @convention(c) (Int) -> UnsafePointer<CChar>?

  /// `ZSTD_c_compressionLevel`.
  static let compressionLevelParameter: Int32 = 100
  /// `ZSTD_c_checksumFlag`.
  static let checksumFlagParameter: Int32 = 201
  /// `ZSTD_e_continue`: compress what was given, output when a block is full.
  static let continueDirective: Int32 = 0
  /// `ZSTD_e_end`: finish the frame.
  static let endDirective: Int32 = 2

  let createDStream: CreateStream
  let freeDStream: FreeStream
  let initDStream: InitDStream
  let decompressStream: DecompressStream
  let createCCtx: CreateStream
  let freeCCtx: FreeStream
  let setParameter: SetParameter
  let compressStream2: CompressStream2
  let isErrorFunction: IsError
  let errorNameFunction: ErrorName

  private init(handle: UnsafeMutableRawPointer, fileName: String) throws(LoadError) {
    func symbol<Function>(_ name: String, as type: Function.Type) throws(LoadError) -> Function {
      guard let address = dlsym(handle, name) else {
        throw LoadError(
          reason: "\(fileName) has no function \(name) (libzstd 1.4.0 or later is needed)")
      }
      return unsafeBitCast(address, to: type)
    }
    createDStream = try symbol("ZSTD_createDStream", as: CreateStream.self)
    freeDStream = try symbol("ZSTD_freeDStream", as: FreeStream.self)
    initDStream = try symbol("ZSTD_initDStream", as: InitDStream.self)
    decompressStream = try symbol("ZSTD_decompressStream", as: DecompressStream.self)
    createCCtx = try symbol("ZSTD_createCCtx", as: CreateStream.self)
    freeCCtx = try symbol("ZSTD_freeCCtx", as: FreeStream.self)
    setParameter = try symbol("ZSTD_CCtx_setParameter", as: SetParameter.self)
    compressStream2 = try symbol("ZSTD_compressStream2", as: CompressStream2.self)
    isErrorFunction = try symbol("ZSTD_isError", as: IsError.self)
    errorNameFunction = try symbol("ZSTD_getErrorName", as: ErrorName.self)
  }

  /// Opens `fileName` and looks up the functions.
  static func load(fileName: String) -> Result<ZstdLibrary, LoadError> {
    guard let handle = dlopen(fileName, RTLD_NOW | RTLD_LOCAL) else {
      let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
      return .failure(LoadError(reason: reason))
    }
    do throws(LoadError) {
      return .success(try ZstdLibrary(handle: handle, fileName: fileName))
    } catch {
      dlclose(handle)
      return .failure(error)
    }
  }

  /// Returns the library for a zstd file at `path`, or an error naming the file.
  ///
  /// - Parameters:
  ///   - path: The zstd file being read or written, for the message.
  ///   - operation: What was being done to it: `read`, or `create` for an output.
  /// - Returns: The library, loaded once per process.
  /// - Throws: ``FileError`` saying that libzstd could not be loaded and how to get it.
  package static func load(for path: String, operation: String) throws(FileError) -> ZstdLibrary {
    switch shared {
    case .success(let library): return library
    case .failure(let error):
      let what = operation == "read" ? "it is zstd-compressed" : "a .zst output is zstd-compressed"
      throw FileError(
        path: path, operation: operation,
        reason:
          "\(what), and the zstd library could not be loaded (\(error.reason)); install libzstd (the package libzstd1 on Debian and Ubuntu, libzstd on Fedora and RHEL) or set \(fileNameVariable) to the path of libzstd.so.1"
      )
    }
  }

  /// Whether a `size_t` result of a zstd function is an error code.
  func isError(_ result: Int) -> Bool { isErrorFunction(result) != 0 }

  /// The text of the error code `result`.
  func errorName(_ result: Int) -> String {
    errorNameFunction(result).map { String(cString: $0) } ?? "zstd error \(result)"
  }
}

/// `ZSTD_inBuffer`: compressed or uncompressed input and how much of it was consumed.
struct ZstdInBuffer {
  /// `src`.
  var source: UnsafeRawPointer?
  /// `size`, in bytes.
  var byteCount: Int
  /// `pos`: the bytes consumed so far.
  var position: Int
}

/// `ZSTD_outBuffer`: room for output and how much of it was filled.
struct ZstdOutBuffer {
  /// `dst`.
  var destination: UnsafeMutableRawPointer?
  /// `size`, in bytes.
  var byteCount: Int
  /// `pos`: the bytes written so far.
  var position: Int
}

import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The portable binary (`swift build -c release --static-swift-stdlib --product scalpel`, see
/// the README): it must start, and give the same output, on a machine without the Swift
/// toolchain. These tests run when `SCALPEL_BINARY` names that build (`.ci/run` sets it, and
/// then every CLI test runs that binary).
@Suite(
  .enabled(
    if: ProcessInfo.processInfo.environment["SCALPEL_BINARY"] != nil,
    "runs when SCALPEL_BINARY names a build made with --static-swift-stdlib (.ci/run sets it)"))
struct PortableBinaryTests {
  /// The newest glibc symbol version the binary may need; the README's "Portable binary"
  /// section names the same version.
  static let newestGlibc = (2, 35)

  static var binary: String { ScalpelProcess.executable.path }

  /// Runs a system command, returning its status and standard output (standard error
  /// appended, so that a failure says why).
  static func system(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String) {
    let scratch = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outputURL = scratch.appendingPathComponent("out")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try output.close()
    return (
      process.terminationStatus, String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
    )
  }

  /// The shared libraries the dynamic loader resolves for the binary, as absolute paths
  /// (the loader itself included).
  static func sharedLibraries() throws -> [String] {
    let (status, text) = try system(["ldd", binary])
    #expect(status == 0, "ldd \(binary): \(text)")
    return text.split(separator: "\n").compactMap { line -> String? in
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if let arrow = fields.firstIndex(of: "=>"), arrow + 1 < fields.count {
        let path = String(fields[arrow + 1])
        return path.hasPrefix("/") ? path : nil
      }
      let first = fields.first.map(String.init) ?? ""
      return first.hasPrefix("/") ? first : nil
    }
  }

  @Test func linksNoSwiftRuntimeAndNoToolchainPath() throws {
    let libraries = try Self.sharedLibraries()
    #expect(!libraries.isEmpty)
    let swiftLibraries = libraries.filter { path in
      let name = (path as NSString).lastPathComponent
      return [
        "libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime",
        "libicu", "libXCTest", "libTesting",
      ].contains { name.hasPrefix($0) }
    }
    #expect(swiftLibraries.isEmpty, "links the Swift runtime dynamically: \(swiftLibraries)")
    // Nothing is looked up in the toolchain's folder: a search path, if any, is the
    // binary's own folder (`$ORIGIN`, which the linker adds).
    let (status, dynamic) = try Self.system(["readelf", "-d", Self.binary])
    #expect(status == 0, "\(dynamic)")
    for line in dynamic.split(separator: "\n")
    where line.contains("RUNPATH") || line.contains("RPATH") {
      #expect(line.hasSuffix("[$ORIGIN]"), "a search path other than the binary's folder: \(line)")
    }
    for library in libraries {
      #expect(!library.contains("swift"), "a library from the toolchain: \(library)")
    }
  }

  @Test func needsNoGlibcNewerThanTheReadmeSays() throws {
    let (status, text) = try Self.system(["objdump", "-T", Self.binary])
    #expect(status == 0, "\(text)")
    var newest = (0, 0)
    var rest = Substring(text)
    while let range = rest.range(of: "GLIBC_2.") {
      let digits = rest[range.upperBound...].prefix { $0.isNumber || $0 == "." }
      let parts = digits.split(separator: ".").compactMap { Int($0) }
      if let minor = parts.first {
        let version = (2, minor)
        if version > newest { newest = version }
      }
      rest = rest[range.upperBound...]
    }
    #expect(newest > (2, 0), "no GLIBC_ symbol versions found")
    #expect(
      newest <= Self.newestGlibc,
      "needs glibc 2.\(newest.1); the README says 2.\(Self.newestGlibc.1)")
  }

  /// The binary alone in a root holding only the C libraries `ldd` names: no toolchain, no
  /// Swift runtime anywhere. Its pairs and rejects equal those of the same binary run outside.
  @Test(.enabled(if: getuid() == 0, "chroot needs root"))
  func runsInARootWithoutTheToolchain() throws {
    let root = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let files = FileManager.default
    for library in try Self.sharedLibraries() {
      let target = root.appendingPathComponent(String(library.dropFirst()))
      try files.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      // The library's bytes under the name the loader asks for (symbolic links resolved).
      let resolved = URL(fileURLWithPath: library).resolvingSymlinksInPath()
      try files.copyItem(at: resolved, to: target)
    }
    try files.copyItem(
      at: ScalpelProcess.executable, to: root.appendingPathComponent("scalpel"))
    for folder in ["in", "out", "tmp"] {
      try files.createDirectory(
        at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    let corpus = ScalpelProcess.packageRoot.appendingPathComponent(
      "Examples/web-corpus/corpus.jsonl")
    try files.copyItem(at: corpus, to: root.appendingPathComponent("in/corpus.jsonl"))
    #expect(!files.fileExists(atPath: root.appendingPathComponent("opt").path))
    // Every Linux machine has /proc (the Swift runtime reads the arguments from
    // /proc/self/cmdline); nothing else of the host is visible.
    let proc = root.appendingPathComponent("proc")
    try files.createDirectory(at: proc, withIntermediateDirectories: true)
    let (mountStatus, mountText) = try Self.system(["mount", "-t", "proc", "proc", proc.path])
    try #require(mountStatus == 0, "mount -t proc: \(mountText)")
    // Unmounted before the root is removed (defers run last first); a lazy unmount if the
    // mount is busy, so that the removal never walks into the host's /proc.
    defer {
      if (try? Self.system(["umount", proc.path]))?.0 != 0 {
        _ = try? Self.system(["umount", "-l", proc.path])
      }
    }

    let (helpStatus, help) = try Self.system(["chroot", root.path, "/scalpel", "--help"])
    #expect(helpStatus == 0, "\(help)")
    #expect(help.contains("build-pairs"), "\(help)")
    let (status, text) = try Self.system([
      "chroot", root.path, "/scalpel", "build-pairs", "in/corpus.jsonl", "-o", "out/pairs.jsonl",
      "--rejects", "out/rejects.jsonl", "-q",
    ])
    #expect(status == 0, "\(text)")

    let outside = try Workspace()
    defer { outside.remove() }
    // The same relative paths (chroot starts the command in /): rejects name their source.
    try outside.write("in/corpus.jsonl", try Data(contentsOf: corpus))
    let result = try outside.run([
      "build-pairs", "in/corpus.jsonl", "-o", "pairs.jsonl", "--rejects", "rejects.jsonl", "-q",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let pairs = try #require(outside.bytes("pairs.jsonl"))
    #expect(pairs.count > 100_000)
    #expect(files.contents(atPath: root.appendingPathComponent("out/pairs.jsonl").path) == pairs)
    #expect(
      files.contents(atPath: root.appendingPathComponent("out/rejects.jsonl").path)
        == outside.bytes("rejects.jsonl"))

    // zstd is loaded at run time: without libzstd in the root a .zst input fails and says
    // why; with the library copied in, it gives the same pairs.
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else {
      print("PortableBinaryTests: zstd part skipped: /usr/bin/zstd is missing")
      return
    }
    try ScalpelProcess.zstd(try Data(contentsOf: corpus)).write(
      to: root.appendingPathComponent("in/corpus.jsonl.zst"))
    let zstdArguments = [
      "chroot", root.path, "/scalpel", "build-pairs", "in/corpus.jsonl.zst", "-o",
      "out/zstd-pairs.jsonl", "-q",
    ]
    let (missingStatus, missing) = try Self.system(zstdArguments)
    #expect(missingStatus != 0)
    #expect(missing.contains("libzstd.so.1") && missing.contains("libzstd1"), "\(missing)")
    #expect(!files.fileExists(atPath: root.appendingPathComponent("out/zstd-pairs.jsonl").path))
    let (found, libraryPath) = try Self.system([
      "sh", "-c", "ldconfig -p | grep -m1 'libzstd.so.1 ' | sed 's/.*=> //'",
    ])
    let library = libraryPath.trimmingCharacters(in: .whitespacesAndNewlines)
    try #require(
      found == 0 && library.hasPrefix("/"), "libzstd.so.1 not found by ldconfig: \(libraryPath)")
    let target = root.appendingPathComponent(String(library.dropFirst()))
    try files.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try files.copyItem(at: URL(fileURLWithPath: library).resolvingSymlinksInPath(), to: target)
    let (zstdStatus, zstdText) = try Self.system(zstdArguments)
    #expect(zstdStatus == 0, "\(zstdText)")
    #expect(
      files.contents(atPath: root.appendingPathComponent("out/zstd-pairs.jsonl").path) == pairs)
  }
}

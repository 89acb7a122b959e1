#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The lines of a batch output file, indexed by `custom_id` for a join with the chunks of a
/// corpus in any order (Specification §5.4).
///
/// The file is read once: every line is parsed (``BatchOutputLine``), its outcome and text are
/// appended to a spool file (created next to the job's output and unlinked at once, so that
/// no run leaves it behind), and an entry of 32 bytes (a hash of the document id, the chunk,
/// the line, the spool range, a flag) is kept in memory. ``take(documentID:)`` finds a
/// document's replies by binary search and reads them back from the spool.
///
/// Memory: 32 bytes per line, plus the slack of the growing array and the sort's buffer
/// (measured: 53 bytes per line over 10⁶ lines, `Benchmarks/replies-memory.sh`), whatever
/// the size of the replies;
/// disk: about the size of the replies' texts.
package final class BatchReplyIndex {
  /// One reply read back from the spool.
  package struct Reply: Sendable, Hashable {
    /// The line of the batch output file.
    package var lineNumber: Int
    /// The request's `custom_id`.
    package var customID: String
    /// The chunk index of the `custom_id`.
    package var chunkIndex: Int
    /// What came back.
    package var outcome: BatchOutputLine.Outcome
  }

  /// 32 bytes: the index's whole memory per line.
  private struct Entry {
    var documentHash: UInt64
    var spoolOffset: Int
    var lineNumber: Int32
    var chunkIndex: Int32
    var spoolLength: Int32
    var isConsumed: Bool
  }

  /// The batch output file.
  package let path: String
  /// Reply lines read (blank lines are not counted).
  package private(set) var lineCount = 0
  /// Reply lines whose outcome carries a program for `apply`
  /// (``BatchOutputLine/Outcome/program`` succeeds).
  package private(set) var programLineCount = 0
  private var entries: [Entry] = []
  /// The first reply (by line) naming a chunk beyond its document's last.
  private var firstStrayReply: JobError.StrayReply?
  /// Records rejected before their id could be read (their replies cannot be matched).
  private var anonymousRejectCount = 0
  private var spool: Int32 = -1

  /// Reads and indexes the batch output file at `path` (plain, gzip or zstd; `-` is standard
  /// input).
  ///
  /// - Parameters:
  ///   - spoolDirectory: Where the spool file is made (and at once unlinked).
  ///   - maximumLineByteCount: A longer line is an error.
  /// - Throws: ``JobError/invalidReply(path:lineNumber:problem:)`` for a line that cannot be
  ///   matched with a request, ``JobError/file(_:)`` for a read or spool error.
  /// - Complexity: O(*n* + *r* log *r*) for *n* bytes and *r* lines.
  package init(
    path: String, spoolDirectory: String, maximumLineByteCount: Int,
    cancellation: CancellationFlag? = nil
  ) throws(JobError) {
    self.path = path
    var template = Array("\(spoolDirectory)/.scalpel-replies-XXXXXX".utf8CString)
    spool = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard spool >= 0 else {
      throw .file(
        FileError(path: spoolDirectory, operation: "create the reply spool in", errorNumber: errno))
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    do {
      try read(maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
    } catch let error as JobError {
      throw error
    } catch let error as FileError {
      throw .file(error)
    } catch {
      throw .file(FileError(path: path, operation: "read", reason: "\(error)"))
    }
    entries.sort {
      ($0.documentHash, $0.chunkIndex, $0.lineNumber) < (
        $1.documentHash, $1.chunkIndex, $1.lineNumber
      )
    }
  }

  deinit {
    if spool >= 0 { close(spool) }
  }

  private func read(maximumLineByteCount: Int, cancellation: CancellationFlag?) throws {
    let reader = try LineReader(
      path: path, maximumLineByteCount: maximumLineByteCount, cancellation: cancellation)
    let parser = JSONParser()
    var buffer: [UInt8] = []
    var spoolSize = 0
    while let record = try reader.nextLine() {
      if record.lineNumber & 4095 == 0, cancellation?.isRequested == true {
        throw JobError.interrupted(completedShardCount: 0)
      }
      let bytes: [UInt8]
      switch record {
      case .lineTooLong(let lineNumber, let byteCount):
        throw JobError.invalidReply(
          path: path, lineNumber: lineNumber,
          problem: "line of \(byteCount) bytes exceeds the line limit (--max-record-bytes)")
      case .line(let lineNumber, let lineBytes):
        if lineBytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
          continue
        }
        _ = lineNumber
        bytes = lineBytes
      }
      lineCount += 1
      guard record.lineNumber < Int(Int32.max) else {
        throw JobError.invalidReply(
          path: path, lineNumber: record.lineNumber,
          problem: "more than \(Int32.max) lines; split the file")
      }
      let line: BatchOutputLine
      do {
        line = try BatchOutputLine.read(bytes, parser: parser)
      } catch {
        throw JobError.invalidReply(
          path: path, lineNumber: record.lineNumber, problem: error.description)
      }
      if case .success = line.outcome.program { programLineCount += 1 }
      let start = buffer.count
      Self.appendSpoolRecord(line, to: &buffer)
      entries.append(
        Entry(
          documentHash: Self.hash(line.documentID), spoolOffset: spoolSize + start,
          lineNumber: Int32(record.lineNumber), chunkIndex: Int32(line.chunkIndex),
          spoolLength: Int32(buffer.count - start), isConsumed: false))
      if buffer.count >= 1 << 20 {
        try flush(&buffer, &spoolSize)
      }
    }
    try flush(&buffer, &spoolSize)
  }

  private func flush(_ buffer: inout [UInt8], _ spoolSize: inout Int) throws(FileError) {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBytes {
        write(spool, $0.baseAddress! + written, $0.count - written)
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, operation: "spool the replies of", errorNumber: errno)
      }
      written += result
    }
    spoolSize += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// The replies naming `documentID` that no earlier call took, by chunk and then line; they
  /// count as consumed.
  ///
  /// - Complexity: O(log *r* + *m*) for *m* bytes of the document's replies.
  package func take(documentID: String) throws(JobError) -> [Reply] {
    let hash = Self.hash(documentID)
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].documentHash < hash { low = middle + 1 } else { high = middle }
    }
    var replies: [Reply] = []
    var index = low
    while index < entries.count && entries[index].documentHash == hash {
      // A second record with the id (a duplicate_id reject) takes nothing.
      if entries[index].isConsumed {
        index += 1
        continue
      }
      let reply = try reply(at: index)
      // Another id with the same 64-bit hash stays for its own document.
      if reply.customID.utf8.count == documentID.utf8.count + 1
        + String(reply.chunkIndex).utf8.count,
        reply.customID.utf8.starts(with: documentID.utf8)
      {
        entries[index].isConsumed = true
        replies.append(reply)
      }
      index += 1
    }
    return replies
  }

  /// Makes every line unconsumed again and forgets the strays noted (after a check of the
  /// whole corpus before the run).
  package func resetConsumption() {
    for index in entries.indices { entries[index].isConsumed = false }
    (firstStrayReply, anonymousRejectCount) = (nil, 0)
  }

  /// The replies of the document `documentID` of `chunkCount` chunks, found at `source`, as
  /// ``take(documentID:)``, without those naming a chunk beyond its last: the first such
  /// reply (by line) is noted for ``checkAllTaken(readsEveryRecord:)``.
  ///
  /// - Complexity: O(log *r* + *m*) for *m* bytes of the document's replies.
  package func take(documentID: String, chunkCount: Int, source: String) throws(JobError)
    -> [Reply]
  {
    let replies = try take(documentID: documentID)
    if let stray = replies.first(where: { $0.chunkIndex >= chunkCount }),
      firstStrayReply.map({ stray.lineNumber < $0.lineNumber }) ?? true
    {
      firstStrayReply = JobError.StrayReply(
        lineNumber: stray.lineNumber, customID: stray.customID,
        detail:
          "document '\(documentID)' (\(source)) has \(chunkCount) chunk(s) under this run's chunking"
      )
    }
    return replies.filter { $0.chunkIndex < chunkCount }
  }

  /// Notes a record rejected before its id could be read, for the message of a reply no
  /// document took.
  package func noteAnonymousReject() { anonymousRejectCount += 1 }

  /// Throws for the first reply (by line) that names no chunk: one beyond its document's
  /// last, or, when every record was read, one no document took.
  ///
  /// - Throws: ``JobError/unmatchedReply(path:lineNumber:customID:detail:)``.
  /// - Complexity: O(*r*).
  package func checkAllTaken(readsEveryRecord: Bool) throws(JobError) {
    var stray = firstStrayReply
    if readsEveryRecord, let unused = try firstUnconsumed(),
      stray.map({ unused.lineNumber < $0.lineNumber }) ?? true
    {
      let idUTF8 = unused.customID.utf8
      let id = String(
        decoding: idUTF8.prefix(idUTF8.count - String(unused.chunkIndex).utf8.count - 1),
        as: UTF8.self)
      var detail = "no record has the id '\(id)'"
      if anonymousRejectCount > 0 {
        detail += "; \(anonymousRejectCount) record(s) were rejected before their id could be read"
      }
      stray = JobError.StrayReply(
        lineNumber: unused.lineNumber, customID: unused.customID, detail: detail)
    }
    if let stray {
      throw .unmatchedReply(
        path: path, lineNumber: stray.lineNumber, customID: stray.customID, detail: stray.detail)
    }
  }

  /// The lines no document took.
  ///
  /// - Complexity: O(*r*).
  package var unconsumedLineCount: Int { entries.reduce(0) { $0 + ($1.isConsumed ? 0 : 1) } }

  /// The first line (in file order) no document took, if any.
  ///
  /// - Complexity: O(*r*).
  package func firstUnconsumed() throws(JobError) -> Reply? {
    var first: Int?
    for index in entries.indices where !entries[index].isConsumed {
      if first.map({ entries[index].lineNumber < entries[$0].lineNumber }) ?? true {
        first = index
      }
    }
    guard let first else { return nil }
    return try reply(at: first)
  }

  private func reply(at index: Int) throws(JobError) -> Reply {
    let entry = entries[index]
    var bytes = [UInt8](repeating: 0, count: Int(entry.spoolLength))
    var done = 0
    while done < bytes.count {
      let result = bytes.withUnsafeMutableBytes {
        pread(spool, $0.baseAddress! + done, $0.count - done, off_t(entry.spoolOffset + done))
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        throw .file(
          FileError(path: path, operation: "read back the spooled replies of", errorNumber: errno))
      }
      done += result
    }
    return Self.readSpoolRecord(
      bytes, lineNumber: Int(entry.lineNumber), chunkIndex: Int(entry.chunkIndex))
  }

  // MARK: Spool records: kind, custom_id, finish reason, text

  private static func appendSpoolRecord(_ line: BatchOutputLine, to buffer: inout [UInt8]) {
    func appendLength(_ count: Int) {
      for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8((count >> shift) & 0xFF)) }
    }
    let kind: UInt8
    var finish: String?
    let text: String
    switch line.outcome {
    case .content(let content, let finishReason): (kind, finish, text) = (0, finishReason, content)
    case .failed(let detail): (kind, text) = (1, detail)
    case .unparsable(let detail): (kind, text) = (2, detail)
    }
    buffer.append(kind)
    buffer.append(finish == nil ? 0 : 1)
    appendLength(line.customID.utf8.count)
    buffer += line.customID.utf8
    appendLength(finish?.utf8.count ?? 0)
    buffer += (finish ?? "").utf8
    buffer += text.utf8
  }

  private static func readSpoolRecord(_ bytes: [UInt8], lineNumber: Int, chunkIndex: Int) -> Reply {
    var offset = 2
    func length() -> Int {
      var value = 0
      for shift in stride(from: 0, to: 32, by: 8) {
        value |= Int(bytes[offset]) << shift
        offset += 1
      }
      return value
    }
    func text(_ count: Int) -> String {
      defer { offset += count }
      return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }
    let customID = text(length())
    let finish = text(length())
    let rest = String(decoding: bytes[offset...], as: UTF8.self)
    let outcome: BatchOutputLine.Outcome
    switch bytes[0] {
    case 0: outcome = .content(rest, finishReason: bytes[1] == 1 ? finish : nil)
    case 1: outcome = .failed(rest)
    default: outcome = .unparsable(rest)
    }
    return Reply(
      lineNumber: lineNumber, customID: customID, chunkIndex: chunkIndex, outcome: outcome)
  }

  private static func hash(_ id: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
  }
}

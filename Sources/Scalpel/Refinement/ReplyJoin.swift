/// The join of documents with the replies of a batch output file, in any order, for
/// `apply` (Specification §6.2).
///
/// The replies are indexed once by ``BatchReplyIndex`` (32 bytes of memory per line, 53
/// measured; their texts are spooled to disk). For each document, ``programs(for:chunkCount:source:)``
/// takes its replies and makes one ``ChunkProgram`` per chunk that has any: the first
/// usable reply in file order (``BatchOutputLine/Outcome/program``) gives the program; when
/// none is usable, the last reply's failure is the chunk's. Every other reply of the chunk
/// is superseded. A reply for a chunk beyond the document's last, or (after every document,
/// ``checkAllTaken(readsEveryRecord:)``) for a document no record has, fails the run naming
/// its line. A join is meant for one thread.
package final class ReplyJoin {
  /// The batch output file.
  package var path: String { index.path }
  /// Reply lines read, blank lines excepted.
  package var lineCount: Int { index.lineCount }
  /// Reply lines that carry a program.
  package var programLineCount: Int { index.programLineCount }
  /// Replies superseded since the last ``takeSupersededCount()``.
  private var supersededCount = 0
  private let index: BatchReplyIndex

  /// Reads and indexes the batch output file.
  ///
  /// - Throws: ``JobError/invalidReply(path:lineNumber:problem:)`` for a line that cannot
  ///   be matched with a chunk, ``JobError/file(_:)`` for a read or spool error.
  package init(
    path: String, spoolDirectory: String, maximumLineByteCount: Int,
    cancellation: CancellationFlag? = nil
  ) throws(JobError) {
    index = try BatchReplyIndex(
      path: path, spoolDirectory: spoolDirectory, maximumLineByteCount: maximumLineByteCount,
      cancellation: cancellation)
  }

  /// The programs of the document `documentID` of `chunkCount` chunks, found at `source`:
  /// one per chunk with replies, in chunk order.
  ///
  /// - Throws: ``JobError/file(_:)`` when the spool cannot be read.
  /// - Complexity: O(log *r* + *m*) for *r* reply lines and *m* bytes of the document's
  ///   replies.
  package func programs(for documentID: String, chunkCount: Int, source: String)
    throws(JobError) -> [ChunkProgram]
  {
    let replies = try index.take(documentID: documentID, chunkCount: chunkCount, source: source)
    var programs: [ChunkProgram] = []
    var cursor = 0
    while cursor < replies.count {
      let chunkIndex = replies[cursor].chunkIndex
      let start = cursor
      while cursor < replies.count && replies[cursor].chunkIndex == chunkIndex { cursor += 1 }
      supersededCount += cursor - start - 1
      programs.append(Self.program(of: replies[start..<cursor]))
    }
    return programs
  }

  /// The program of one chunk from its replies (all of one chunk, in file order): the first
  /// usable reply's, or the last reply's failure when none is usable.
  ///
  /// - Precondition: `replies` is not empty.
  package static func program(of replies: ArraySlice<BatchReplyIndex.Reply>) -> ChunkProgram {
    var chosen: ChunkProgram?
    for reply in replies {
      switch reply.outcome.program {
      case .success(let output):
        return ChunkProgram(chunkIndex: reply.chunkIndex, output: output)
      case .failure(var failure):
        failure.detail = "replies line \(reply.lineNumber): \(failure.detail)"
        chosen = ChunkProgram(chunkIndex: reply.chunkIndex, failure: failure)
      }
    }
    return chosen!
  }

  /// Takes and drops the replies of a rejected record whose id could be read.
  package func drop(documentID: String) throws(JobError) {
    _ = try index.take(documentID: documentID)
  }

  /// Notes a record rejected before its id could be read, for the message of a reply no
  /// document took.
  package func noteAnonymousReject() { index.noteAnonymousReject() }

  /// The replies superseded since the last call.
  package func takeSupersededCount() -> Int {
    defer { supersededCount = 0 }
    return supersededCount
  }

  /// Makes every reply untaken again and forgets what was noted (after a check of the whole
  /// corpus before the run).
  package func reset() {
    index.resetConsumption()
    supersededCount = 0
  }

  /// Throws for the first reply (by line) that names no chunk: one beyond its document's
  /// last, or, when every record was read, one no document took.
  ///
  /// - Throws: ``JobError/unmatchedReply(path:lineNumber:customID:detail:)``.
  /// - Complexity: O(*r*).
  package func checkAllTaken(readsEveryRecord: Bool) throws(JobError) {
    try index.checkAllTaken(readsEveryRecord: readsEveryRecord)
  }

}

/// Where the rounds of a shard end: ``ShardedJob`` reads a shard in rounds of at most
/// ``recordCount`` records or ``byteCount`` bytes.
///
/// With more than one job, a round is never smaller than the first round, an eighth of the
/// others (it is read while the workers wait), and, when the shard is a plain regular file of
/// known size, a round other than the first also ends once it holds half of the bytes of the
/// file that were left when it started. The last rounds of a file then shrink geometrically
/// down to the first round's size, so that the serial tail of the run (the last round's
/// summary and writes, which no next round overlaps) is small, and no core waits long for
/// the other to finish a big last round. With one job, every round has the full size.
/// Rounds decide no output byte: only how the records are grouped.
package struct JobRounds: Sendable, Hashable {
  /// The most records of a round.
  package var recordCount: Int
  /// A round ends at the record that reaches this many bytes.
  package var byteCount: Int
  /// The workers of the run.
  package var jobCount: Int
  /// The size of the shard, when it is a regular file read without decompression.
  package var fileByteCount: Int?

  /// Creates the rule for a shard.
  package init(recordCount: Int, byteCount: Int, jobCount: Int, fileByteCount: Int? = nil) {
    self.recordCount = max(recordCount, 1)
    self.byteCount = max(byteCount, 1)
    self.jobCount = jobCount
    self.fileByteCount = fileByteCount
  }

  /// Whether a round that holds `records` records of `bytes` bytes is complete.
  ///
  /// - Parameters:
  ///   - isFirst: Whether the round is the first of the shard.
  ///   - startOffset: The bytes of the file read before the round started (its lines,
  ///     blank ones included, with their newlines).
  /// - Complexity: O(1).
  package func isComplete(records: Int, bytes: Int, isFirst: Bool, startOffset: Int) -> Bool {
    if records >= recordCount || bytes >= byteCount { return true }
    guard jobCount > 1 else { return false }
    let reachesFirstSize = records >= max(recordCount / 8, 1) || bytes >= max(byteCount / 8, 1)
    if isFirst { return reachesFirstSize }
    guard let fileByteCount, reachesFirstSize else { return false }
    return bytes >= (fileByteCount - startOffset) / 2
  }
}

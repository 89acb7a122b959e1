/// What a programs file of `apply --programs` holds, told by its first non-blank line
/// (Specification §6.2).
package enum ProgramsFileKind: Sendable, Hashable {
  /// Program records (``ProgramRecord``: native lines or pairs), joined in corpus order.
  case programRecords
  /// Batch output lines (``BatchOutputLine``), indexed and joined in any order.
  case batchOutput

  /// The kind of the file at `path`: ``batchOutput`` when its first non-blank line is a JSON
  /// object with a `custom_id` member (or, not being valid JSON, has the bytes
  /// `"custom_id"`, so that the batch reader names what is wrong with it),
  /// ``programRecords`` otherwise: also for an empty file, a first line too long to read,
  /// and for standard input `-` and other files that are not regular (a pipe such as
  /// `<(zcat …)`), which cannot be read twice and are not read here.
  ///
  /// - Throws: ``FileError`` when the file cannot be opened or read.
  /// - Complexity: O(*n*) in the size of the first non-blank line (and the blank lines
  ///   before it).
  package static func detect(
    path: String, maximumLineByteCount: Int = LineReader.defaultMaximumLineByteCount
  ) throws(FileError) -> ProgramsFileKind {
    guard isRereadable(path) else { return .programRecords }
    let reader = try LineReader(path: path, maximumLineByteCount: maximumLineByteCount)
    while let record = try reader.nextLine() {
      guard case .line(_, let bytes) = record else { return .programRecords }
      if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
      guard let value = try? JSONParser().parse(bytes) else {
        return contains(bytes, Array("\"custom_id\"".utf8)) ? .batchOutput : .programRecords
      }
      guard case .object = value else { return .programRecords }
      return value["custom_id"] == nil ? .programRecords : .batchOutput
    }
    return .programRecords
  }

  /// Whether `path` can be read twice: a regular file, not `-` or a pipe.
  package static func isRereadable(_ path: String) -> Bool {
    path != "-" && !ResolvedPath(path).isSpecialFile
  }

  private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
    guard bytes.count >= needle.count else { return false }
    for start in 0...(bytes.count - needle.count)
    where bytes[start..<start + needle.count].elementsEqual(needle) {
      return true
    }
    return false
  }
}

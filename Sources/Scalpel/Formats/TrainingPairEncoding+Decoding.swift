extension TrainingPairEncoding {
  /// Recovers a chunk from the model input that ``numberedText(_:)`` made,
  /// with or without an instruction before it.
  ///
  /// The numbered lines are found from the end of `modelInput`: an optional
  /// last line `[/doc]`, then lines that start with ``linePrefix`` for the
  /// numbers *N*, *N* − 1, …, 1, then, if `[/doc]` was there, a line `[doc]`.
  /// Everything before belongs to the instruction. Whether the input is
  /// wrapped is detected, so ``wrapsInDocumentTags`` is not consulted; only
  /// ``linePrefix`` must match the one used to write the pairs.
  ///
  ///     let encoding = TrainingPairEncoding()
  ///     encoding.chunkText(fromModelInput: "Refine.\n\n[doc]\n[1]Home\n[2]Text\n[/doc]")?.string
  ///     // "Home\nText\n"
  ///
  /// The numbered text does not record whether the chunk ended with a newline;
  /// the recovered chunk always does.
  ///
  /// - Parameter modelInput: A prompt, user message or Alpaca input.
  /// - Returns: The chunk, or `nil` if `modelInput` does not end in numbered lines.
  /// - Complexity: O(*n* + *L* · *p*), where *n* is the length of `modelInput`,
  ///   *L* the number of lines and *p* the length of the prefix.
  public func chunkText(fromModelInput modelInput: String) -> NormalizedText? {
    let bytes = Array(modelInput.utf8)
    var lines: [Range<Int>] = []
    var lineStart = 0
    for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") {
      lines.append(lineStart..<offset)
      lineStart = offset + 1
    }
    lines.append(lineStart..<bytes.count)

    var end = lines.count
    let isWrapped = bytes[lines[end - 1]].elementsEqual("[/doc]".utf8)
    if isWrapped { end -= 1 }
    guard end > 0 else { return nil }
    let parts = prefixParts
    guard parts.count > 1 else { return nil }

    // Longest block first: with a prefix such as "{n}", "12x" may be line 12 or line 1 of "2x".
    for lineCount in numberCandidates(bytes[lines[end - 1]], parts: parts).reversed() {
      let first = end - lineCount
      guard first >= (isWrapped ? 1 : 0) else { continue }
      if isWrapped && !bytes[lines[first - 1]].elementsEqual("[doc]".utf8) { continue }
      var chunk: [UInt8] = []
      chunk.reserveCapacity(lines[end - 1].upperBound - lines[first].lowerBound + 1)
      var matches = true
      for lineNumber in 1...lineCount {
        let line = lines[first + lineNumber - 1]
        let prefix = Array(parts.joined(separator: String(lineNumber)).utf8)
        guard line.count >= prefix.count,
          bytes[line.lowerBound..<(line.lowerBound + prefix.count)].elementsEqual(prefix)
        else {
          matches = false
          break
        }
        chunk.append(contentsOf: bytes[(line.lowerBound + prefix.count)..<line.upperBound])
        chunk.append(UInt8(ascii: "\n"))
      }
      if matches { return NormalizedText(normalizing: chunk) }
    }
    return nil
  }

  /// ``linePrefix`` split on `{n}`.
  private var prefixParts: [String] {
    var parts: [String] = []
    var rest = Substring(linePrefix)
    while let range = rest.firstRange(of: "{n}") {
      parts.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }

  /// The line numbers that `line` may start with, given the prefix `parts`.
  private func numberCandidates(_ line: ArraySlice<UInt8>, parts: [String]) -> [Int] {
    let head = Array(parts[0].utf8)
    guard line.count > head.count, line.prefix(head.count).elementsEqual(head) else { return [] }
    var candidates: [Int] = []
    var number = 0
    var offset = line.startIndex + head.count
    while offset < line.endIndex, offset - line.startIndex - head.count < 9,
      let digit = line[offset] >= UInt8(ascii: "0") && line[offset] <= UInt8(ascii: "9")
        ? Int(line[offset] - UInt8(ascii: "0")) : nil
    {
      number = number * 10 + digit
      offset += 1
      if number == 0 { break }
      let prefix = parts.joined(separator: String(number)).utf8
      if line.count >= prefix.count && line.prefix(prefix.count).elementsEqual(prefix) {
        candidates.append(number)
      }
    }
    return candidates
  }
}

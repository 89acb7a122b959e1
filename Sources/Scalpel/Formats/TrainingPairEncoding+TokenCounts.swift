extension TrainingPairEncoding {
  /// The approximate tokens (``ApproximateTokenCount``) of each chunk's pair: its prompt
  /// as `prompt-completion` renders it (instruction, `\n\n`, numbered document) plus its
  /// completion, whatever ``format`` writes. The chunk budget bounds the prompt part.
  ///
  /// - Returns: One count per chunk of `pair`, in chunk order.
  /// - Complexity: O(*n*), where *n* is the size of the document.
  public func pairTokenCounts(of pair: BuiltPair) -> [Int] {
    pairTokenCounts(of: pair, chunkTextsFrom: nil)
  }

  /// ``pairTokenCounts(of:)``, each chunk's text made from its lines of `original` when it
  /// is given (a pair built without its chunks' texts), one chunk at a time.
  ///
  /// - Complexity: O(*n*), where *n* is the size of the document.
  package func pairTokenCounts(of pair: BuiltPair, chunkTextsFrom original: NormalizedText?)
    -> [Int]
  {
    let head = promptHeadBytes
    let instructionMilliTokens =
      head.isEmpty ? 0 : ApproximateTokenCount.milliTokens(of: head, in: 0..<head.count)
    var document: [UInt8] = []
    var program: [UInt8] = []
    return pair.chunks.map { chunkPair in
      document.removeAll(keepingCapacity: true)
      appendNumberedText(chunkPair.text(of: original), to: &document)
      program.removeAll(keepingCapacity: true)
      chunkPair.program.appendRendered(to: &program)
      return ApproximateTokenCount.wholeTokens(
        instructionMilliTokens
          + ApproximateTokenCount.milliTokens(of: document, in: 0..<document.count)
          + ApproximateTokenCount.milliTokens(of: program, in: 0..<program.count))
    }
  }
}

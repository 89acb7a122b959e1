extension TrainingPairEncoding {
  /// The approximate tokens (``ApproximateTokenCount``) of each chunk's pair: its prompt
  /// as `prompt-completion` renders it (instruction, `\n\n`, numbered document) plus its
  /// completion, whatever ``format`` writes. The chunk budget bounds the prompt part.
  ///
  /// - Returns: One count per chunk of `pair`, in chunk order.
  /// - Complexity: O(*n*), where *n* is the size of the document.
  public func pairTokenCounts(of pair: BuiltPair) -> [Int] {
    let instructionMilliTokens =
      instruction.isEmpty ? 0 : ApproximateTokenCount.milliTokens(of: instruction + "\n\n")
    return pair.chunks.map { chunkPair in
      ApproximateTokenCount.wholeTokens(
        instructionMilliTokens + ApproximateTokenCount.milliTokens(of: numberedText(chunkPair.text))
          + ApproximateTokenCount.milliTokens(of: chunkPair.program.rendered))
    }
  }
}

extension RecordProcessor.Configuration {
  /// The configuration as `"\(configuration)"` describes it by reflection, written out
  /// field by field: the text the build-pairs options hash is made from.
  ///
  /// Reflection walks every stored property through the runtime and costs millions of
  /// instructions; this writes the same bytes directly. A stored property added to any type
  /// reached here must be added here too (`RecordProcessorFingerprintTests` compares the two).
  ///
  /// - Complexity: O(*n*), where *n* is the size of the description.
  package var fingerprint: String {
    var text = "Configuration("
    text += "fields: "
    fields.appendReflectedDescription(to: &text)
    text += ", isExpertResponse: \(isExpertResponse), pairOptions: "
    pairOptions.appendReflectedDescription(to: &text)
    text += ", encoding: "
    encoding.appendReflectedDescription(to: &text)
    text += ", keepAllRate: \(String(reflecting: keepAllRate)), seed: \(seed)"
    text += ", expertSampleRate: \(String(reflecting: expertSampleRate))"
    text += ", maximumPairTokenCount: \(String(reflecting: maximumPairTokenCount)))"
    return text
  }
}

extension CorpusFields {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.CorpusFields(id: \(String(reflecting: id))"
    text += ", text: \(String(reflecting: self.text)), refined: \(String(reflecting: refined))"
    text += ", output: \(String(reflecting: output)))"
  }
}

extension PairOptions {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.PairOptions(alignment: "
    alignment.appendReflectedDescription(to: &text)
    text += ", maximumRewriteCharacterCount: \(maximumRewriteCharacterCount)"
    text += ", minimumDeletedCharacterCount: \(minimumDeletedCharacterCount)"
    text += ", hunkJoinUTF8Count: \(hunkJoinUTF8Count), chunking: "
    chunking.appendReflectedDescription(to: &text)
    text += ", toleratesWhitespaceRewrites: \(toleratesWhitespaceRewrites)"
    text += ", maximumLeftoverShare: \(String(reflecting: maximumLeftoverShare))"
    text += ", minimumWindowCoverage: \(String(reflecting: minimumWindowCoverage)))"
  }
}

extension AlignmentOptions {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.AlignmentOptions(workBudgetPerByte: \(workBudgetPerByte)"
    text += ", minimumWorkBudget: \(minimumWorkBudget)"
    text += ", exactRegionWordsPerByte: \(exactRegionWordsPerByte)"
    text += ", weakAnchorUTF8Count: \(weakAnchorUTF8Count)"
    text += ", minimumSuspiciousInsertUTF8Count: \(minimumSuspiciousInsertUTF8Count)"
    text += ", slidesDeletions: \(slidesDeletions)"
    text += ", maximumSlideUTF8Count: \(maximumSlideUTF8Count)"
    text += ", lineWorkPerLine: \(lineWorkPerLine)"
    text += ", minimumInOrderUniqueShare: \(String(reflecting: minimumInOrderUniqueShare)))"
  }
}

extension ChunkingOptions {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.ChunkingOptions(budget: Scalpel.ChunkingOptions.Budget."
    switch budget {
    case .characters(let count): text += "characters(\(count))"
    case .approximateTokens(let count): text += "approximateTokens(\(count))"
    }
    text += ", overlapLineCount: \(overlapLineCount), frame: Scalpel.PromptFrame(characters: "
    frame.characters.appendReflectedDescription(to: &text)
    text += ", milliTokens: "
    frame.milliTokens.appendReflectedDescription(to: &text)
    text += "))"
  }
}

extension PromptFrame.Costs {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.PromptFrame.Costs(fixed: \(fixed), separator: \(separator)"
    text += ", prefixByDigitCount: \(String(reflecting: prefixByDigitCount)))"
  }
}

extension TrainingPairEncoding {
  /// Appends `String(reflecting: self)`, as reflection writes it.
  fileprivate func appendReflectedDescription(to text: inout String) {
    text += "Scalpel.TrainingPairEncoding(format: Scalpel.TrainingPairFormat."
    switch format {
    case .promptCompletion: text += "promptCompletion"
    case .messages: text += "messages"
    case .alpaca: text += "alpaca"
    case .conversational: text += "conversational"
    }
    text += ", instruction: \(String(reflecting: instruction))"
    text += ", linePrefix: \(String(reflecting: linePrefix))"
    text += ", wrapsInDocumentTags: \(wrapsInDocumentTags), includesMeta: \(includesMeta)"
    text += ", recipeHash: \(String(reflecting: recipeHash)))"
  }
}

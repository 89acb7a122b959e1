/// What `scalpel inspect` shows: statistics over every input document, and the
/// documents kept for display.
///
/// Documents are added one at a time in input order (``add(_:)``), so inputs of
/// any size are summarised in a single pass. Every document counts in the
/// statistics; only the first ``limitPerKind`` documents of each kind
/// (`changed`, `keep_all`, `rejected`) are kept for display, so that each filter
/// of the page has examples however the kinds are ordered in the input.
///
/// Invariants: `documentCount == acceptedDocumentCount + rejectedDocumentCount`
/// and `acceptedDocumentCount == changedDocumentCount + keepAllDocumentCount`.
public struct InspectionReport: Sendable, Hashable {
  /// The number of bins of ``deletedShareHistogram``.
  public static let histogramBinCount = 10

  /// The page title.
  public var title: String
  /// One line per input, such as `pairs: pairs.jsonl`.
  public var inputDescriptions: [String]
  /// Remarks about the input, such as unmatched programs.
  public var notes: [String] = []
  /// Documents of each kind kept for display at most.
  public let limitPerKind: Int

  /// The documents kept for display, in input order.
  public private(set) var documents: [InspectedDocument] = []
  /// Documents kept for display, by kind (`changed`, `keep_all`, `rejected`).
  public private(set) var displayedCountByKind: [String: Int] = [:]
  /// Documents kept for display, by reject reason.
  public private(set) var displayedCountByReason: [String: Int] = [:]

  /// Documents read, accepted or rejected.
  public private(set) var documentCount = 0
  /// Documents with pairs.
  public private(set) var acceptedDocumentCount = 0
  /// Documents with pairs whose programs change something.
  public private(set) var changedDocumentCount = 0
  /// Documents with pairs whose programs are all `keep_all()`.
  public private(set) var keepAllDocumentCount = 0
  /// Rejected documents, by reason code.
  public private(set) var rejectsByReason: [String: Int] = [:]
  /// Chunks of documents with pairs.
  public private(set) var chunkCount = 0
  /// Chunks that have a program (training pairs, or programs given for them).
  public private(set) var pairCount = 0
  /// `remove_lines` calls over all programs.
  public private(set) var removeLinesCallCount = 0
  /// `remove_str` calls over all programs.
  public private(set) var removeStringCallCount = 0
  /// Programs that are `keep_all()` (or empty).
  public private(set) var keepAllCallCount = 0
  /// Calls the executor skipped.
  public private(set) var skippedCallCount = 0
  /// Program lines the parser could not read.
  public private(set) var programErrorCount = 0
  /// Unicode scalars of documents with pairs.
  public private(set) var characterCount = 0
  /// Unicode scalars the programs delete.
  public private(set) var deletedCharacterCount = 0
  /// Documents with pairs whose leftover is known (`--corpus`, or pairs with `meta`).
  public private(set) var fidelityDocumentCount = 0
  /// Characters the expert deleted that the programs keep, over documents with pairs.
  public private(set) var leftoverCharacterCount = 0
  /// Documents with pairs that keep some of the expert's deletions.
  public private(set) var leftoverDocumentCount = 0
  /// Characters the programs delete that the expert kept, over documents with pairs.
  public private(set) var overDeletedCharacterCount = 0
  /// Documents with pairs, counted by deleted share.
  ///
  /// Bin *i* holds shares in [*i*/10, (*i*+1)/10), the last bin includes 1.
  /// `keep_all` documents are in bin 0.
  public private(set) var deletedShareHistogram = [Int](repeating: 0, count: histogramBinCount)

  /// Creates an empty report.
  public init(title: String, inputDescriptions: [String] = [], limitPerKind: Int = 500) {
    self.title = title
    self.inputDescriptions = inputDescriptions
    self.limitPerKind = limitPerKind
  }

  /// Rejected documents of every reason.
  public var rejectedDocumentCount: Int { rejectsByReason.values.reduce(0, +) }

  /// Documents read but not kept for display.
  public var undisplayedDocumentCount: Int { documentCount - documents.count }

  /// Counts `document` and keeps it for display if its kind is still under the limit.
  ///
  /// - Complexity: O(*k*), where *k* is the number of chunks of `document`.
  public mutating func add(_ document: InspectedDocument) {
    documentCount += 1
    switch document.status {
    case .rejected(let reason, _):
      rejectsByReason[reason, default: 0] += 1
    case .changed, .keepAll:
      acceptedDocumentCount += 1
      if case .keepAll = document.status {
        keepAllDocumentCount += 1
      } else {
        changedDocumentCount += 1
      }
      var documentCharacters = 0
      var documentDeleted = 0
      for chunk in document.chunks {
        chunkCount += 1
        documentCharacters += chunk.characterCount
        documentDeleted += chunk.deletedCharacterCount
        guard chunk.hasProgram else { continue }
        pairCount += 1
        removeLinesCallCount += chunk.removeLinesCallCount
        removeStringCallCount += chunk.removeStringCallCount
        if chunk.isKeepAll { keepAllCallCount += 1 }
        skippedCallCount += chunk.skippedCallCount
        programErrorCount += chunk.programErrorCount
      }
      if let leftover = document.leftoverCharacterCount {
        fidelityDocumentCount += 1
        leftoverCharacterCount += leftover
        if leftover > 0 { leftoverDocumentCount += 1 }
        overDeletedCharacterCount += document.overDeletedCharacterCount ?? 0
      }
      characterCount += documentCharacters
      deletedCharacterCount += documentDeleted
      deletedShareHistogram[
        InspectionReport.histogramBin(deleted: documentDeleted, of: documentCharacters)] += 1
    }
    let kind = document.status.kind
    guard displayedCountByKind[kind, default: 0] < limitPerKind else { return }
    displayedCountByKind[kind, default: 0] += 1
    if case .rejected(let reason, _) = document.status {
      displayedCountByReason[reason, default: 0] += 1
    }
    documents.append(document)
  }

  /// Adds a note about the input.
  public mutating func addNote(_ note: String) {
    notes.append(note)
  }

  /// The histogram bin of a document that deletes `deleted` of `total` characters.
  static func histogramBin(deleted: Int, of total: Int) -> Int {
    guard total > 0, deleted > 0 else { return 0 }
    return min(deleted * histogramBinCount / total, histogramBinCount - 1)
  }
}

/// How a model's deletions agree with the label's, in one unit (characters or lines),
/// summed over chunks: the counts and the precision, recall and F1 made from them
/// (micro-averaged: every unit of every chunk weighs the same).
public struct DeletionAgreement: Sendable, Hashable {
  /// Units the label deletes.
  public var labelCount = 0
  /// Units the model deletes.
  public var modelCount = 0
  /// Units both delete.
  public var bothCount = 0

  /// Creates empty counts.
  public init() {}

  /// Both / model; `nil` when the model deletes nothing.
  public var precision: Double? { EvaluationRatio.ratio(bothCount, modelCount) }
  /// Both / label; `nil` when the label deletes nothing.
  public var recall: Double? { EvaluationRatio.ratio(bothCount, labelCount) }
  /// The harmonic mean of precision and recall; `nil` when either is.
  public var f1: Double? { EvaluationRatio.f1(precision, recall) }
  /// Units the model deletes that the label keeps (over-deletion).
  public var modelOnlyCount: Int { modelCount - bothCount }
  /// Units the label deletes that the model keeps.
  public var labelOnlyCount: Int { labelCount - bothCount }

  /// Adds the counts of `other`.
  public mutating func add(_ other: DeletionAgreement) {
    labelCount += other.labelCount
    modelCount += other.modelCount
    bothCount += other.bothCount
  }
}

/// The agreement of the deletions of one call kind (`remove_lines` or `remove_str`): how
/// many of the units the model's calls of the kind delete the label deletes too (by any
/// call), and how many of the units the label's calls of the kind delete the model deletes
/// too (by any call).
public struct KindAgreement: Sendable, Hashable {
  /// Units the model's calls of the kind delete.
  public var modelCount = 0
  /// Of those, units the label deletes.
  public var modelCorrectCount = 0
  /// Units the label's calls of the kind delete.
  public var labelCount = 0
  /// Of those, units the model deletes.
  public var labelFoundCount = 0

  /// Creates empty counts.
  public init() {}

  /// Correct / model; `nil` when the model's calls of the kind delete nothing.
  public var precision: Double? { EvaluationRatio.ratio(modelCorrectCount, modelCount) }
  /// Found / label; `nil` when the label's calls of the kind delete nothing.
  public var recall: Double? { EvaluationRatio.ratio(labelFoundCount, labelCount) }
  /// The harmonic mean of precision and recall; `nil` when either is.
  public var f1: Double? { EvaluationRatio.f1(precision, recall) }

  /// Adds the counts of `other`.
  public mutating func add(_ other: KindAgreement) {
    modelCount += other.modelCount
    modelCorrectCount += other.modelCorrectCount
    labelCount += other.labelCount
    labelFoundCount += other.labelFoundCount
  }
}

/// Ratios of counts, `nil` for 0/0-like cases, as `eval` reports them.
enum EvaluationRatio {
  /// `part / whole`, or `nil` when `whole` is 0.
  static func ratio(_ part: Int, _ whole: Int) -> Double? {
    whole > 0 ? Double(part) / Double(whole) : nil
  }

  /// 2PR / (P + R); 0 when both are 0; `nil` when either is `nil`.
  static func f1(_ precision: Double?, _ recall: Double?) -> Double? {
    guard let precision, let recall else { return nil }
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
  }
}

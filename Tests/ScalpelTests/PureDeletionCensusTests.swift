import Foundation
import Testing

@testable import Scalpel

/// A triage table over the generated pure deletions, for people fixing issue 10.
///
/// It asserts nothing. Run it with
/// `SCALPEL_FIDELITY_CENSUS=1 swift test --filter PureDeletionCensusTests`
/// to print one line per seed that is not exact, then totals by feature
/// (`SCALPEL_FIDELITY_SEEDS=N` for seeds 0..<N; `SCALPEL_FIDELITY_SEED=k` for the
/// full repro of one seed).
@Suite struct PureDeletionCensusTests {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SCALPEL_FIDELITY_CENSUS"] != nil))
  func printFidelityCensus() {
    let seedCount = Int(ProcessInfo.processInfo.environment["SCALPEL_FIDELITY_SEEDS"] ?? "") ?? 400
    var documents = 0
    var expressible = 0
    var accepted = 0
    var acceptedExact = 0
    var expressibleNotExact = 0
    var expressibleRejected = 0
    var leftover = 0
    var expectedLeftover = 0
    var overDeleted = 0
    var overDeletedDocuments = 0
    var rejectsByReason: [String: Int] = [:]
    var failuresByFeature: [String: Int] = [:]
    var documentsByFeature: [String: Int] = [:]
    var lines: [String] = []
    let onlySeed = Int(ProcessInfo.processInfo.environment["SCALPEL_FIDELITY_SEED"] ?? "")
    for seed in onlySeed.map({ $0...$0 }) ?? 0...(seedCount - 1) {
      let testCase = PureDeletionGenerator.makeCase(seed: seed)
      if onlySeed != nil {
        print(PureDeletionPropertyTests.repro(testCase, PureDeletionPropertyTests.build(testCase)))
      }
      documents += 1
      if testCase.isFullyExpressible { expressible += 1 }
      for feature in testCase.features { documentsByFeature[feature, default: 0] += 1 }
      let outcome = PureDeletionPropertyTests.build(testCase)
      let refined = PureDeletionPropertyTests.normalized(testCase.refined)
      var isFailure = false
      var summary = ""
      switch outcome.result {
      case .rejected(let reason, _):
        rejectsByReason[reason.code, default: 0] += 1
        let isTooFew = reason.code == "too_few_deletions" && testCase.deletedScalarCount < 10
        if testCase.isFullyExpressible && !isTooFew {
          expressibleRejected += 1
          isFailure = true
        }
        summary = "rejected \(reason.code)"
      case .accepted:
        accepted += 1
        let output = outcome.output ?? ""
        let counts = FidelityCounts(output: output, refined: refined)
        let exact = output == refined
        if exact { acceptedExact += 1 }
        if testCase.isFullyExpressible && !exact { expressibleNotExact += 1 }
        leftover += counts?.leftoverScalarCount ?? 0
        expectedLeftover += testCase.nonExpressibleScalarCount
        overDeleted += counts?.overDeletedScalarCount ?? 0
        if (counts?.overDeletedScalarCount ?? 0) > 0 { overDeletedDocuments += 1 }
        isFailure =
          counts?.overDeletedScalarCount != 0
          || counts?.leftoverScalarCount != testCase.nonExpressibleScalarCount
        summary =
          "accepted exact=\(exact) \(counts.map(\.description) ?? "too large")"
          + " expected-leftover \(testCase.nonExpressibleScalarCount)"
      }
      if isFailure {
        for feature in testCase.features { failuresByFeature[feature, default: 0] += 1 }
        lines.append(
          "seed \(seed) expressible=\(testCase.isFullyExpressible) \(summary)"
            + " [\(testCase.features.joined(separator: ","))]")
      }
    }
    print(lines.joined(separator: "\n"))
    print(
      """
      documents \(documents), fully expressible \(expressible), accepted \(accepted), \
      accepted exact \(acceptedExact)
      expressible but not exact \(expressibleNotExact), expressible but rejected \
      \(expressibleRejected)
      leftover \(leftover) (ground-truth minimum \(expectedLeftover)), over-deleted \
      \(overDeleted) in \(overDeletedDocuments) documents
      rejects: \(rejectsByReason.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
      failures by feature (of documents with it): \
      \(documentsByFeature.keys.sorted().map { "\($0)=\(failuresByFeature[$0, default: 0])/\(documentsByFeature[$0]!)" })
      """)
  }
}

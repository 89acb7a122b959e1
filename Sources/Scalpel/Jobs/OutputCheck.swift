/// The check every job makes before it reads anything: no output may be an input or another
/// output, after resolving links and `..` (`ResolvedPath`).
package enum OutputCheck {
  /// One file a job reads or writes, with the option that named it.
  package struct Role: Sendable {
    /// The option or argument, such as `--rejects` or `input`.
    package var option: String
    /// The path as given.
    package var path: String

    package init(_ option: String, _ path: String) {
      self.option = option
      self.path = path
    }
  }

  /// Throws when an output names the same file as an input or as another output.
  ///
  /// More than one standard output is refused too. Devices (`/dev/null`) may be named by several
  /// outputs: writing them replaces nothing.
  ///
  /// - Throws: ``JobError/unsafeOutputs(_:)`` naming both paths.
  /// - Complexity: O(*i* · *o* + *o*²) comparisons.
  package static func check(inputs: [Role], outputs: [Role]) throws(JobError) {
    let standardOutputs = outputs.filter { $0.path == "-" }
    if standardOutputs.count > 1 {
      throw .unsafeOutputs(
        "only one output can be standard output (\(standardOutputs.map(\.option).joined(separator: ", ")))"
      )
    }
    let resolvedInputs = inputs.filter { $0.path != "-" }.map { ($0, ResolvedPath($0.path)) }
    var resolvedOutputs: [(Role, ResolvedPath)] = []
    for output in outputs where output.path != "-" {
      let resolved = ResolvedPath(output.path)
      if resolved.isSpecialFile { continue }
      for (input, inputPath) in resolvedInputs where resolved.isSameFile(as: inputPath) {
        throw .unsafeOutputs(
          "\(output.option) '\(output.path)' is the \(input.option) '\(input.path)' (\(resolved.absolute)); it would be overwritten"
        )
      }
      for (other, otherPath) in resolvedOutputs where resolved.isSameFile(as: otherPath) {
        throw .unsafeOutputs(
          "\(output.option) '\(output.path)' and \(other.option) '\(other.path)' are the same file (\(resolved.absolute))"
        )
      }
      resolvedOutputs.append((output, resolved))
    }
  }
}

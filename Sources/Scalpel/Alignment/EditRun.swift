/// A run of one kind of edit step in a character alignment, in scalar units.
struct EditRun: Hashable {
  /// What the steps do.
  enum Kind: UInt8 {
    /// The next `count` scalars of both sides are equal.
    case match
    /// The next `count` scalars of the original are deleted.
    case delete
    /// The next `count` scalars of the refined text are inserted.
    case insert
  }

  var kind: Kind
  var count: Int
}

extension Array where Element == EditRun {
  /// Appends `count` steps of `kind`, extending the last run when it has the same kind.
  @inline(__always)
  mutating func appendRun(_ kind: EditRun.Kind, count: Int) {
    guard count > 0 else { return }
    if let last = self.last, last.kind == kind {
      self[self.count - 1].count += count
    } else {
      append(EditRun(kind: kind, count: count))
    }
  }
}

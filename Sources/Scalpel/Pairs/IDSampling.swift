/// Deterministic sampling by id: a hash of the seed and the id against the rate, so that a
/// decision never depends on order, threads or shards.
enum IDSampling {
  /// What a sample is drawn for; each purpose draws independently of the others.
  enum Purpose: UInt64 {
    /// Unchanged documents kept as `keep_all()` pairs (`--keep-all-rate`).
    case keepAll = 0
    /// Documents sent to the expert (`expert-requests --sample-rate`).
    case expert = 0x6578_7065_7274_0001
    /// Documents whose pairs go to the hold-out file (`build-pairs --holdout-rate`).
    case holdout = 0x686F_6C64_6F75_7401
  }

  /// Whether `id` is drawn at `rate` (0…1) with `seed`.
  ///
  /// - Complexity: O(*n*) in the length of the id.
  static func isDrawn(id: String, seed: UInt64, rate: Double, purpose: Purpose) -> Bool {
    if rate >= 1 { return true }
    if rate <= 0 { return false }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed ^ purpose.rawValue
    for byte in id.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    hash ^= hash >> 33
    hash = hash &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    return Double(hash >> 11) / Double(1 << 53) < rate
  }
}

/// Exact counts of non-negative lengths in log-spaced buckets, mergeable by addition.
///
/// Lengths below 128 have a bucket each. Above, a bucket holds the lengths that share
/// their 7 leading bits, so a bucket spans less than 1/64 of its lower bound.
/// ``percentile(_:)`` answers the largest length of the bucket that holds the
/// nearest-rank percentile (capped at the exact ``maximum``): it is never below the
/// true percentile and at most 1/64 (1.6 %) above it, and exact below 128.
///
/// Adding histograms adds counts, so the result does not depend on the order of
/// records, shards or workers: per-shard summaries add up to the run's.
public struct LengthHistogram: Sendable, Hashable {
  /// Counts by bucket index.
  private(set) var countsByBucket: [Int: Int] = [:]
  /// Lengths counted.
  public private(set) var count = 0
  /// The largest length counted, exactly; 0 when empty.
  public private(set) var maximum = 0

  /// Creates an empty histogram.
  public init() {}

  /// The lengths below this have one bucket each.
  static let exactLimit = 128
  /// Mantissa bits kept above ``exactLimit``.
  static let mantissaBits = 6

  /// Counts `length` (negative lengths count as 0).
  public mutating func add(_ length: Int) {
    let length = max(length, 0)
    countsByBucket[Self.bucket(of: length), default: 0] += 1
    count += 1
    maximum = max(maximum, length)
  }

  /// Adds the counts of `other`.
  ///
  /// - Complexity: O(*b*) in the buckets of `other`.
  public mutating func add(_ other: LengthHistogram) {
    for (bucket, bucketCount) in other.countsByBucket {
      countsByBucket[bucket, default: 0] += bucketCount
    }
    count += other.count
    maximum = max(maximum, other.maximum)
  }

  /// The nearest-rank `fraction` percentile (0 < `fraction` ≤ 1), as the largest length of
  /// its bucket, at most ``maximum``; 0 when empty.
  ///
  /// - Complexity: O(*b* log *b*) in the number of buckets.
  public func percentile(_ fraction: Double) -> Int {
    guard count > 0 else { return 0 }
    let rank = max(1, min(count, Int((fraction * Double(count)).rounded(.up))))
    var seen = 0
    for bucket in countsByBucket.keys.sorted() {
      seen += countsByBucket[bucket] ?? 0
      if seen >= rank { return min(Self.bounds(of: bucket).upperBound, maximum) }
    }
    return maximum
  }

  /// The bucket of `length` ≥ 0.
  static func bucket(of length: Int) -> Int {
    if length < exactLimit { return length }
    let topBit = Int.bitWidth - 1 - length.leadingZeroBitCount
    let shift = topBit - mantissaBits
    let mantissa = length >> shift  // 64..<128
    return exactLimit + (shift - 1) * (1 << mantissaBits) + (mantissa - (1 << mantissaBits))
  }

  /// The smallest and the largest length of `bucket`.
  static func bounds(of bucket: Int) -> ClosedRange<Int> {
    if bucket < exactLimit { return bucket...bucket }
    let offset = bucket - exactLimit
    let shift = offset / (1 << mantissaBits) + 1
    let mantissa = offset % (1 << mantissaBits) + (1 << mantissaBits)
    let lower = mantissa << shift
    return lower...(lower + (1 << shift) - 1)
  }

  /// Appends `[[lower bound, count], …]`, lower bounds ascending.
  public func encode(into writer: inout JSONWriter) {
    writer.appendArray { array in
      for bucket in countsByBucket.keys.sorted() {
        array.appendArray { pair in
          pair.appendInteger(Self.bounds(of: bucket).lowerBound)
          pair.appendInteger(countsByBucket[bucket] ?? 0)
        }
      }
    }
  }

  /// Reads ``encode(into:)``'s array back; `maximum` is stored beside it.
  public init(json: JSONValue?, maximum: Int) {
    guard case .array(let pairs)? = json else { return }
    for pair in pairs {
      guard case .array(let members) = pair, members.count == 2,
        let lower = members[0].integerValue, let bucketCount = members[1].integerValue,
        lower >= 0, bucketCount > 0
      else { continue }
      countsByBucket[Self.bucket(of: lower), default: 0] += bucketCount
      count += bucketCount
    }
    self.maximum = count > 0 ? max(maximum, 0) : 0
  }
}

/// The counts a command adds to the summary core of its job.
///
/// A command's counters are summed over records and shards (``add(_:)``), written between
/// the core's keys (``encode(into:)``) and read back from there (``init(json:)``), and shown
/// as lines for people (``humanReadableLines``).
public protocol JobCounters: Sendable, Hashable {
  /// The word for records in keys and messages: `records`, `documents`.
  static var recordNoun: String { get }
  /// The word for records that made it to the output: `accepted`, `written`.
  static var writtenWord: String { get }
  /// Empty counters.
  init()
  /// Reads the counters back from ``encode(into:)``'s members of a summary object.
  init(json: JSONValue)
  /// Adds `other`.
  mutating func add(_ other: Self)
  /// Appends the counters as members (keys and values) of the summary object.
  func encode(into object: inout JSONWriter)
  /// Text after the headline `records: N in = A accepted + R rejected`, such as `; 2 changed`.
  var headlineSuffix: String { get }
  /// Lines for people, after the headline.
  var humanReadableLines: [String] { get }
}

/// The counts of a job: every record read is written or rejected with a reason; the command's
/// own counts are ``counters``.
///
/// JSON: `{"<noun>_in", "<noun>_<written>", "<noun>_rejected", "balanced", "rejects_by_reason",
/// …counters…, "input_bytes", "output_bytes", "resumed_shards", "seconds", "mb_per_second"}`.
@dynamicMemberLookup
public struct JobSummary<Counters: JobCounters>: Sendable, Hashable {
  /// Input records read.
  public var recordCount = 0
  /// Records written to the output.
  public var writtenRecordCount = 0
  /// Records rejected, by reason code.
  public var rejectedByReason: [String: Int] = [:]
  /// Wall-clock seconds of the run.
  public var seconds: Double = 0
  /// Bytes of input record lines.
  public var inputByteCount = 0
  /// Bytes of output lines written.
  public var outputByteCount = 0
  /// Shards whose output `--resume` kept.
  public var resumedShardCount = 0
  /// The command's own counts.
  public var counters = Counters()

  /// Creates an empty summary.
  public init() {}

  /// The command's counts, as if they were the summary's.
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Counters, Value>) -> Value {
    get { counters[keyPath: keyPath] }
    set { counters[keyPath: keyPath] = newValue }
  }

  /// Records rejected for any reason.
  public var rejectedRecordCount: Int { rejectedByReason.values.reduce(0, +) }

  /// Whether every record is accounted for: read = written + rejected.
  public var isBalanced: Bool { recordCount == writtenRecordCount + rejectedRecordCount }

  /// Input megabytes (10⁶ bytes) per second of wall-clock time.
  public var megabytesPerSecond: Double {
    seconds > 0 ? Double(inputByteCount) / seconds / 1e6 : 0
  }

  /// Adds the counts of `other` (a shard or a record); seconds are not added.
  public mutating func add(_ other: JobSummary) {
    recordCount += other.recordCount
    writtenRecordCount += other.writtenRecordCount
    for (reason, count) in other.rejectedByReason { rejectedByReason[reason, default: 0] += count }
    inputByteCount += other.inputByteCount
    outputByteCount += other.outputByteCount
    resumedShardCount += other.resumedShardCount
    counters.add(other.counters)
  }

  /// Counts a written record of `byteCount` input and `outputByteCount` output bytes.
  mutating func recordWritten(byteCount: Int, outputByteCount written: Int, counters: Counters) {
    recordCount += 1
    writtenRecordCount += 1
    inputByteCount += byteCount
    outputByteCount += written
    self.counters.add(counters)
  }

  /// Counts a rejected record of `byteCount` bytes.
  mutating func recordRejected(_ rejection: RecordRejection, byteCount: Int) {
    recordCount += 1
    inputByteCount += byteCount
    rejectedByReason[rejection.reason, default: 0] += 1
  }

  /// The most frequent reject reasons, most frequent first (ties by name): `missing_field 12`.
  public func topRejectReasons(_ count: Int = 3) -> [String] {
    rejectedByReason.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(count).map {
      "\($0.key) \($0.value)"
    }
  }

  /// Reject reasons that are sampling decisions, not failures: `--max-reject-rate` leaves
  /// them out of both sides of its share.
  public static var sampledOutReasons: [String] {
    [RejectCode.keepAllSampledOut.code, RejectCode.notSampled.code]
  }

  /// Why the run must not count as a success, or `nil` when it may.
  ///
  /// A run fails when the counts do not balance, when no record was read (unless
  /// `allowsEmptyInput`), or when the share of rejected records exceeds `maximumRejectRate`
  /// (`nil`: when every record was rejected). Records sampled out
  /// (``sampledOutReasons``) do not count in that share.
  public func failureReason(maximumRejectRate: Double?, allowsEmptyInput: Bool = false)
    -> String?
  {
    let noun = Counters.recordNoun
    if !isBalanced {
      return
        "\(noun) do not balance: \(recordCount) in != \(writtenRecordCount) + \(rejectedRecordCount)"
    }
    if recordCount == 0 {
      return allowsEmptyInput ? nil : "no \(noun) were read from the inputs (see --allow-empty)"
    }
    let top = "top reasons: " + topRejectReasons().joined(separator: ", ")
    if let maximumRejectRate {
      // Records left out by a sampling decision are not failures.
      let sampledOut = Self.sampledOutReasons.reduce(0) { $0 + (rejectedByReason[$1] ?? 0) }
      let (considered, failed) = (recordCount - sampledOut, rejectedRecordCount - sampledOut)
      let rate = considered > 0 ? Double(failed) / Double(considered) : 0
      guard rate > maximumRejectRate else { return nil }
      return
        "\(failed) of \(considered) \(noun) rejected (\(Self.decimal(rate * 100, places: 1))%), more than --max-reject-rate \(maximumRejectRate)"
        + (sampledOut > 0 ? " (\(sampledOut) sampled out not counted)" : "") + "; \(top)"
    }
    guard rejectedRecordCount == recordCount else { return nil }
    return
      "all \(recordCount) \(noun) were rejected (check the field names and the input format); \(top)"
  }

  /// The summary as one JSON object with keys in a fixed order; with a `recipe`, its hash and
  /// the recipe itself come last (`recipe_hash`, `recipe`).
  public func encode(into writer: inout JSONWriter, recipe: Recipe? = nil) {
    let noun = Counters.recordNoun
    writer.appendObject { object in
      object.appendKey("\(noun)_in")
      object.appendInteger(recordCount)
      object.appendKey("\(noun)_\(Counters.writtenWord)")
      object.appendInteger(writtenRecordCount)
      object.appendKey("\(noun)_rejected")
      object.appendInteger(rejectedRecordCount)
      object.appendKey("balanced")
      object.appendBool(isBalanced)
      object.appendKey("rejects_by_reason")
      object.appendCounts(rejectedByReason)
      counters.encode(into: &object)
      object.appendKey("input_bytes")
      object.appendInteger(inputByteCount)
      object.appendKey("output_bytes")
      object.appendInteger(outputByteCount)
      object.appendKey("resumed_shards")
      object.appendInteger(resumedShardCount)
      object.appendKey("seconds")
      object.appendRawJSON(Array(Self.decimal(seconds, places: 3).utf8))
      object.appendKey("mb_per_second")
      object.appendRawJSON(Array(Self.decimal(megabytesPerSecond, places: 2).utf8))
      if let recipe {
        object.appendKey("recipe_hash")
        object.appendString(recipe.hash)
        object.appendKey("recipe")
        object.appendValue(recipe.jsonValue(splittingLines: false))
      }
    }
  }

  /// Reads the counts back from ``encode(into:recipe:)``'s JSON, or returns `nil`; `seconds` and
  /// `resumed_shards` are not read.
  public init?(json: JSONValue) {
    let noun = Counters.recordNoun
    guard let records = json["\(noun)_in"]?.integerValue else { return nil }
    recordCount = records
    writtenRecordCount = json["\(noun)_\(Counters.writtenWord)"]?.integerValue ?? 0
    rejectedByReason = Self.counts(json["rejects_by_reason"])
    inputByteCount = json["input_bytes"]?.integerValue ?? 0
    outputByteCount = json["output_bytes"]?.integerValue ?? 0
    counters = Counters(json: json)
  }

  /// The non-zero integer members of an object, by key.
  package static func counts(_ value: JSONValue?) -> [String: Int] {
    guard case .object(let members)? = value else { return [:] }
    var result: [String: Int] = [:]
    for (name, count) in members where (count.integerValue ?? 0) != 0 {
      result[name] = count.integerValue ?? 0
    }
    return result
  }

  /// A few lines for people, for standard error.
  public var humanReadable: String {
    var lines = [
      "\(Counters.recordNoun): \(recordCount) in = \(writtenRecordCount) \(Counters.writtenWord) + \(rejectedRecordCount) rejected"
        + (isBalanced ? "" : "  (UNBALANCED)") + counters.headlineSuffix
    ]
    lines += counters.humanReadableLines
    if !rejectedByReason.isEmpty {
      let reasons = rejectedByReason.keys.sorted().map { "\($0) \(rejectedByReason[$0] ?? 0)" }
      lines.append("rejected: " + reasons.joined(separator: ", "))
    }
    if resumedShardCount > 0 {
      lines.append("resumed: \(resumedShardCount) shards already complete")
    }
    lines.append(
      "throughput: \(Self.decimal(Double(inputByteCount) / 1e6, places: 1)) MB in \(Self.decimal(seconds, places: 2)) s = \(Self.decimal(megabytesPerSecond, places: 1)) MB/s"
    )
    return lines.joined(separator: "\n")
  }

  /// Formats `value` with a fixed number of decimal places, without Foundation.
  package static func decimal(_ value: Double, places: Int) -> String {
    SummaryNumberFormat.decimal(value, places: places)
  }
}

/// Fixed-point formatting for summaries, without Foundation.
package enum SummaryNumberFormat {
  /// Formats `value` with `places` decimal places.
  package static func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var fractionText = String(fraction)
    while fractionText.count < places { fractionText = "0" + fractionText }
    let sign = value < 0 && scaled > 0 ? "-" : ""
    return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
  }
}

extension JSONWriter {
  /// Appends `counts` as an object with its keys sorted: `{"a": 1, "b": 2}`.
  ///
  /// - Complexity: O(*k* log *k*) in the number of keys.
  package mutating func appendCounts(_ counts: [String: Int]) {
    appendObject { object in
      for key in counts.keys.sorted() {
        object.appendKey(key)
        object.appendInteger(counts[key] ?? 0)
      }
    }
  }
}

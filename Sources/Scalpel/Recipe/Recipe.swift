/// Every option that shapes what a model sees or what is accepted, in one file shared by
/// every stage (Specification §5).
///
/// The expert's requests, the training pairs and the refiner's prompts are made from the
/// same recipe, so the refiner sees the chunks, line numbers and instruction it was trained
/// on. `scalpel recipe init` writes the defaults; every command takes `--recipe`, and its
/// flags override the file. The effective recipe and its ``hash`` go into every `--stats`
/// file, and the hash into each pair's `meta`.
public struct Recipe: Sendable, Hashable {
  /// The version of the file layout this package writes and reads.
  public static let formatVersion = 1

  /// How documents are split into chunks (before the expert sees them, for pairs, and for
  /// the refiner).
  public var chunking: ChunkingOptions
  /// How a chunk is shown to the refine model and how pairs are written. Whether pairs carry
  /// `meta` (``TrainingPairEncoding/includesMeta``) is not part of the recipe: it changes
  /// nothing a model sees, and pairs with and without it agree with the same recipe.
  public var encoding: TrainingPairEncoding
  /// The expert's prompt and sampling parameters.
  public var expert: ExpertRequestOptions
  /// What a pair must satisfy to be accepted.
  public var filters: PairFilters
  /// The seed of every sampling decision (expert sampling, keep-all sampling).
  public var seed: UInt64
  /// The share of documents sent to the expert, 0…1, drawn by id hash and seed.
  public var sampleRate: Double

  /// Creates a recipe; every parameter has a default, the paper's where it states one.
  public init(
    chunking: ChunkingOptions = ChunkingOptions(),
    encoding: TrainingPairEncoding = TrainingPairEncoding(),
    expert: ExpertRequestOptions = ExpertRequestOptions(), filters: PairFilters = PairFilters(),
    seed: UInt64 = 0, sampleRate: Double = 1
  ) {
    (self.chunking, self.encoding, self.expert) = (chunking, encoding, expert)
    (self.filters, self.seed, self.sampleRate) = (filters, seed, sampleRate)
  }

  /// The recipe's fingerprint: 16 hex digits of a 64-bit FNV-1a hash of its canonical JSON
  /// (compact, keys in a fixed order, texts as single strings), the same for every way of writing the same recipe in a file.
  public var hash: String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in canonicalJSON { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// The chunking with the frame of this recipe's prompt (``PromptFrame``): what every stage
  /// cuts documents with, so that the budget bounds the refiner's whole prompt.
  public var framedChunking: ChunkingOptions {
    var framed = chunking
    framed.frame = PromptFrame(encoding: encoding)
    return framed
  }

  /// The pair builder's options: chunking and filters.
  public var pairOptions: PairOptions {
    var options = PairOptions(
      maximumRewriteCharacterCount: filters.maximumRewriteCharacterCount,
      minimumDeletedCharacterCount: filters.minimumDeletedCharacterCount,
      chunking: framedChunking, toleratesWhitespaceRewrites: filters.toleratesWhitespaceRewrites,
      maximumLeftoverShare: filters.maximumLeftoverShare)
    options.alignment.workBudgetPerByte = filters.workBudgetPerByte
    return options
  }

  /// How `build-pairs` processes records made with this recipe.
  public func processing(fields: CorpusFields = CorpusFields(), isExpertResponse: Bool = false)
    -> RecordProcessor.Configuration
  {
    var encoding = self.encoding
    encoding.recipeHash = hash
    var configuration = RecordProcessor.Configuration(
      fields: fields, isExpertResponse: isExpertResponse, pairOptions: pairOptions,
      encoding: encoding, keepAllRate: filters.keepAllRate, seed: seed)
    configuration.expertSampleRate = sampleRate
    configuration.maximumPairTokenCount = filters.maximumPairTokenCount
    return configuration
  }
}

/// What a pair must satisfy to be accepted (Specification §3.8).
public struct PairFilters: Sendable, Hashable {
  /// A rewrite hunk that changes at least this many characters rejects the pair.
  public var maximumRewriteCharacterCount: Int
  /// A pair that deletes more than zero but fewer than this many characters is rejected.
  public var minimumDeletedCharacterCount: Int
  /// The largest share of the expert's deleted characters the programs may leave in.
  public var maximumLeftoverShare: Double
  /// Whether whitespace-only rewrites are exempt from the rewrite limit.
  public var toleratesWhitespaceRewrites: Bool
  /// The share of unchanged documents kept as `keep_all()` pairs, 0…1.
  public var keepAllRate: Double
  /// Alignment work units per input byte.
  public var workBudgetPerByte: Int
  /// A pair (prompt + completion) over this many approximate tokens rejects its record as
  /// `pair_too_long`; `nil` for no limit.
  public var maximumPairTokenCount: Int?

  /// Creates filters; the defaults are ``PairOptions``'.
  public init(
    maximumRewriteCharacterCount: Int = 20, minimumDeletedCharacterCount: Int = 10,
    maximumLeftoverShare: Double = 0.05, toleratesWhitespaceRewrites: Bool = false,
    keepAllRate: Double = 1, workBudgetPerByte: Int = 512, maximumPairTokenCount: Int? = nil
  ) {
    self.maximumPairTokenCount = maximumPairTokenCount
    self.maximumRewriteCharacterCount = maximumRewriteCharacterCount
    self.minimumDeletedCharacterCount = minimumDeletedCharacterCount
    self.maximumLeftoverShare = maximumLeftoverShare
    self.toleratesWhitespaceRewrites = toleratesWhitespaceRewrites
    self.keepAllRate = keepAllRate
    self.workBudgetPerByte = workBudgetPerByte
  }
}

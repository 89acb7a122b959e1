/// The one place where documents are cut into the chunks the expert sees: `expert-requests`
/// writes one request per chunk and `build-pairs --expert-replies` joins the replies back by
/// the same chunks, so both must cut identically.
enum ExpertChunking {
  /// The chunks of `text` under `recipe`'s chunking (the packer of ``Chunker``).
  ///
  /// - Complexity: O(*n*) in the size of the text.
  static func chunks(of text: NormalizedText, recipe chunking: ChunkingOptions) -> [Chunk] {
    Chunker.chunks(of: text, options: chunking)
  }
}

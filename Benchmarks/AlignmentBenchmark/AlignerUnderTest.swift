import Scalpel

/// The aligner this benchmark measures: always the library's own `Scalpel.Aligner`.
///
/// Spelled with the module name so that nothing in this target can shadow it.
typealias AlignerUnderTest = Scalpel.Aligner

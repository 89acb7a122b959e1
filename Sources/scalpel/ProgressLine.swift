import Scalpel

/// A progress line on standard error, redrawn at most twice a second, shown only when
/// asked for (`--progress`) or, by default, when standard error is a terminal.
struct ProgressLine {
  /// Whether the line is drawn at all.
  let isEnabled: Bool
  private var lastDrawSeconds = 0.0

  init(showsProgress: Bool?) {
    isEnabled = showsProgress ?? StandardError.isTerminal
  }

  /// Redraws the line with `text`, unless it was drawn less than half a second ago.
  mutating func update(_ text: @autoclosure () -> String) {
    guard isEnabled else { return }
    let now = MonotonicClock.seconds()
    guard now - lastDrawSeconds >= 0.5 else { return }
    lastDrawSeconds = now
    StandardError.writeProgress(text())
  }

  /// Clears the line.
  func clear() {
    if isEnabled { StandardError.writeProgress(nil) }
  }
}

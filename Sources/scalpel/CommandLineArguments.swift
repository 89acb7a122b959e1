import Scalpel

/// A command-line usage error: exit code 64 (`EX_USAGE`).
struct UsageError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A cursor over command-line arguments that understands `--key value`,
/// `--key=value`, short flags and `--`.
struct CommandLineArguments {
  private var remaining: [String]
  private(set) var positional: [String] = []
  private var isAfterDoubleDash = false

  init(_ arguments: some Sequence<String>) { remaining = Array(arguments) }

  /// The next option name (with its inline value, if any), or `nil` when only positionals remain.
  mutating func nextOption() -> (name: String, inlineValue: String?)? {
    while !remaining.isEmpty {
      let argument = remaining.removeFirst()
      if isAfterDoubleDash || argument == "-" || !argument.hasPrefix("-") {
        positional.append(argument)
        continue
      }
      if argument == "--" {
        isAfterDoubleDash = true
        continue
      }
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
      }
      return (argument, nil)
    }
    return nil
  }

  /// The value of option `name`: its inline value or the next argument.
  mutating func value(for name: String, inline: String?) throws(UsageError) -> String {
    if let inline { return inline }
    guard !remaining.isEmpty else { throw UsageError("option \(name) needs a value") }
    return remaining.removeFirst()
  }

  /// The value of option `name` as an integer within `range`.
  mutating func integer(for name: String, inline: String?, in range: ClosedRange<Int>)
    throws(UsageError) -> Int
  {
    let text = try value(for: name, inline: inline)
    guard let number = Int(text), range.contains(number) else {
      throw UsageError(
        "option \(name) needs an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'"
      )
    }
    return number
  }

  /// The value of option `name` as a number within `range`.
  mutating func number(for name: String, inline: String?, in range: ClosedRange<Double>)
    throws(UsageError) -> Double
  {
    let text = try value(for: name, inline: inline)
    guard let number = Double(text), range.contains(number) else {
      throw UsageError(
        "option \(name) needs a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return number
  }

  /// Rejects an inline value on a flag that takes none.
  static func flag(_ name: String, _ inline: String?) throws(UsageError) {
    if inline != nil { throw UsageError("option \(name) takes no value") }
  }

  /// An error for an unknown option, suggesting a close known one.
  static func unknown(_ name: String, known: [String]) -> UsageError {
    let suggestion = known.min { editDistance($0, name) < editDistance($1, name) }
    if let suggestion, editDistance(suggestion, name) <= 3 {
      return UsageError("unknown option \(name) (did you mean \(suggestion)?)")
    }
    return UsageError("unknown option \(name)")
  }

  private static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var row = Array(0...y.count)
    for i in 1...max(x.count, 1) where !x.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in 1...max(y.count, 1) where !y.isEmpty {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[y.count]
  }
}

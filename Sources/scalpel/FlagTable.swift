/// A command-line usage error: exit code 64 (`EX_USAGE`).
struct UsageError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// One flag, declared once: its names, its value, its help, its default, the flags it cannot
/// be combined with, and how it sets the command's arguments.
struct Flag<Arguments> {
  /// `["-o", "--output"]`; the last is the canonical name.
  var names: [String]
  /// The value's placeholder, such as `<file>`; `nil` for a switch.
  var value: String?
  /// The help text; `\n` starts a continuation line.
  var help: String
  /// The default, shown in the usage.
  var defaultValue: String?
  /// Canonical names of flags that cannot be given with this one.
  var conflicts: [String] = []
  /// Whether the flag may be given more than once (each value is set in turn).
  var isRepeatable = false
  /// Sets the arguments from the value (`nil` for a switch).
  var set: (inout Arguments, String?) throws(UsageError) -> Void

  var name: String { names.last ?? "" }

  /// The flag acting on the `keyPath` part of larger arguments: how shared groups are used.
  func lifted<Parent>(_ keyPath: WritableKeyPath<Parent, Arguments> & Sendable) -> Flag<Parent> {
    let set = self.set
    var lifted = Flag<Parent>(
      names: names, value: value, help: help, defaultValue: defaultValue, conflicts: conflicts
    ) { (parent: inout Parent, value: String?) throws(UsageError) in
      try set(&parent[keyPath: keyPath], value)
    }
    lifted.isRepeatable = isRepeatable
    return lifted
  }

  /// The flag, allowed more than once.
  var repeatable: Flag {
    var flag = self
    flag.isRepeatable = true
    return flag
  }

  /// A flag whose value is text.
  static func text(
    _ names: [String], _ value: String, _ help: String, default defaultValue: String? = nil,
    conflicts: [String] = [], _ set: @escaping (inout Arguments, String) throws(UsageError) -> Void
  ) -> Flag {
    Flag(
      names: names, value: value, help: help, defaultValue: defaultValue, conflicts: conflicts
    ) { (arguments: inout Arguments, text: String?) throws(UsageError) in
      try set(&arguments, text ?? "")
    }
  }

  /// A flag whose value is an integer in `range`.
  static func integer(
    _ names: [String], _ value: String = "<n>", in range: ClosedRange<Int>, _ help: String,
    default defaultValue: String? = nil, conflicts: [String] = [],
    _ set: @escaping (inout Arguments, Int) -> Void
  ) -> Flag {
    let name = names.last ?? ""
    return Flag(
      names: names, value: value, help: help, defaultValue: defaultValue, conflicts: conflicts
    ) { (arguments: inout Arguments, text: String?) throws(UsageError) in
      guard let text, let number = Int(text), range.contains(number) else {
        throw UsageError(
          "option \(name) needs an integer in \(range.lowerBound)...\(range.upperBound), got '\(text ?? "")'"
        )
      }
      set(&arguments, number)
    }
  }

  /// A flag whose value is a number in `range`.
  static func number(
    _ names: [String], _ value: String, in range: ClosedRange<Double>, _ help: String,
    default defaultValue: String? = nil, _ set: @escaping (inout Arguments, Double) -> Void
  ) -> Flag {
    let name = names.last ?? ""
    return Flag(names: names, value: value, help: help, defaultValue: defaultValue) {
      (arguments: inout Arguments, text: String?) throws(UsageError) in
      guard let text, let number = Double(text), range.contains(number) else {
        throw UsageError(
          "option \(name) needs a number in \(range.lowerBound)...\(range.upperBound), got '\(text ?? "")'"
        )
      }
      set(&arguments, number)
    }
  }

  /// A switch without a value.
  static func toggle(
    _ names: [String], _ help: String, conflicts: [String] = [],
    _ set: @escaping (inout Arguments) -> Void
  ) -> Flag {
    Flag(names: names, value: nil, help: help, conflicts: conflicts) {
      (arguments: inout Arguments, _: String?) throws(UsageError) in set(&arguments)
    }
  }
}

/// A titled group of flags in the usage.
struct FlagGroup<Arguments> {
  var title: String
  var flags: [Flag<Arguments>]

  func lifted<Parent>(_ keyPath: WritableKeyPath<Parent, Arguments> & Sendable) -> FlagGroup<Parent>
  {
    FlagGroup<Parent>(title: title, flags: flags.map { $0.lifted(keyPath) })
  }
}

/// The flag table of one command: parsing, conflicts and the usage text all come from it.
struct FlagTable<Arguments> {
  /// The command, such as `build-pairs`.
  var command: String
  /// The usage lines after `USAGE:`.
  var synopsis: [String]
  /// The paragraph after the synopsis.
  var about: String
  /// The flag groups, in usage order.
  var groups: [FlagGroup<Arguments>]
  /// Text after the flags (examples, notes).
  var footer: String = ""

  /// The parsed arguments, the positional arguments, and the canonical names given.
  struct Parsed {
    var arguments: Arguments
    var positional: [String]
    var given: Set<String>
  }

  var flags: [Flag<Arguments>] { groups.flatMap(\.flags) }

  /// Parses `arguments` onto `initial`; `nil` means `--help` was asked for.
  ///
  /// `--name value`, `--name=value`, short names and `--` are understood. A value that looks
  /// like a flag (`--output -q`) is an error (write `--output=-q` to mean it), as are a flag
  /// given twice and two conflicting flags.
  func parse(_ arguments: some Sequence<String>, onto initial: Arguments) throws(UsageError)
    -> Parsed?
  {
    var result = Parsed(arguments: initial, positional: [], given: [])
    var remaining = Array(arguments)[...]
    var isAfterDoubleDash = false
    var settings: [(Flag<Arguments>, String?)] = []
    while let argument = remaining.popFirst() {
      if isAfterDoubleDash || argument == "-" || !argument.hasPrefix("-") {
        result.positional.append(argument)
        continue
      }
      if argument == "--" {
        isAfterDoubleDash = true
        continue
      }
      if argument == "-h" || argument == "--help" { return nil }
      var name = argument
      var inline: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      guard let flag = flags.first(where: { $0.names.contains(name) }) else {
        throw Self.unknown(name, known: flags.map(\.name) + ["--help"])
      }
      if result.given.contains(flag.name) && !flag.isRepeatable {
        throw UsageError("option \(flag.name) given twice")
      }
      result.given.insert(flag.name)
      var value: String?
      if flag.value != nil {
        if let inline {
          value = inline
        } else {
          guard let next = remaining.popFirst() else {
            throw UsageError("option \(name) needs a value \(flag.value ?? "")")
          }
          if next.hasPrefix("-") && next != "-" && Double(next) == nil {
            throw UsageError(
              "option \(name) needs a value \(flag.value ?? ""), got the option '\(next)' (write \(name)=\(next) if that is the value)"
            )
          }
          value = next
        }
      } else if inline != nil {
        throw UsageError("option \(name) takes no value")
      }
      settings.append((flag, value))
    }
    // Conflicts are checked before any flag acts (a flag may read a file).
    for flag in flags where result.given.contains(flag.name) {
      if let other = flag.conflicts.first(where: { result.given.contains($0) }) {
        throw UsageError("\(flag.name) cannot be combined with \(other)")
      }
    }
    for (flag, value) in settings { try flag.set(&result.arguments, value) }
    return result
  }

  /// The usage text, generated from the table.
  var usage: String {
    var lines = ["USAGE: " + (synopsis.first ?? "")]
    lines += synopsis.dropFirst().map { "       " + $0 }
    lines += ["", about]
    for group in groups {
      lines += ["", group.title]
      for flag in group.flags {
        var label = "  " + flag.names.joined(separator: ", ")
        if let value = flag.value { label += " " + value }
        var help = flag.help.split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init)
        if let defaultValue = flag.defaultValue {
          help[help.count - 1] += " (default \(defaultValue))"
        }
        let column = 30
        if label.count + 1 >= column {
          lines.append(label)
        } else {
          label += String(repeating: " ", count: column - label.count)
          lines.append(label + help.removeFirst())
        }
        lines += help.map { String(repeating: " ", count: column) + $0 }
      }
    }
    lines += ["", "  -h, --help                  Show this help."]
    if !footer.isEmpty { lines += ["", footer] }
    return lines.joined(separator: "\n")
  }

  /// An error for an unknown option, suggesting a close known one.
  static func unknown(_ name: String, known: [String]) -> UsageError {
    if let suggestion = closest(to: name, in: known) {
      return UsageError("unknown option \(name) (did you mean \(suggestion)?)")
    }
    return UsageError("unknown option \(name)")
  }
}

/// The candidate closest to `word` by edit distance, if it is close (at most 3 edits, or a
/// prefix such as `build` of `build-pairs`).
func closest(to word: String, in candidates: [String]) -> String? {
  if let prefixed = candidates.first(where: { $0.hasPrefix(word) && word.count >= 3 }) {
    return prefixed
  }
  let best = candidates.min { editDistance($0, word) < editDistance($1, word) }
  guard let best, editDistance(best, word) <= 3 else { return nil }
  return best
}

private func editDistance(_ a: String, _ b: String) -> Int {
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

/// The flags every job command shares: workers, resume, round size, progress, quiet.
struct RunFlags {
  var jobCount: Int?
  var resumes = false
  var roundByteCount: Int?
  var showsProgress: Bool?
  var isQuiet = false

  /// The names, for suggestions on unknown options.
  static let names = [
    "--jobs", "--resume", "--round-bytes", "--progress", "--no-progress", "--quiet",
  ]

  /// Consumes option `name` if it is a shared one; returns whether it was.
  mutating func parse(_ name: String, _ inline: String?, _ cursor: inout CommandLineArguments)
    throws(UsageError) -> Bool
  {
    switch name {
    case "-j", "--jobs": jobCount = try cursor.integer(for: name, inline: inline, in: 1...256)
    case "--resume":
      try CommandLineArguments.flag(name, inline)
      resumes = true
    case "--round-bytes":
      roundByteCount = try cursor.integer(for: name, inline: inline, in: 1...Int.max)
    case "--progress", "--no-progress":
      try CommandLineArguments.flag(name, inline)
      showsProgress = name == "--progress"
    case "-q", "--quiet":
      try CommandLineArguments.flag(name, inline)
      isQuiet = true
    default:
      return false
    }
    return true
  }
}

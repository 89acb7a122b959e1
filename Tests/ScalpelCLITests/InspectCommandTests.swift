import Foundation
import Testing

@Suite struct InspectCommandTests {
  static let corpus = ScalpelProcess.packageRoot.appendingPathComponent(
    "Examples/web-corpus/corpus.jsonl"
  ).path

  /// The summary of the bundled corpus (SPEC §3 defaults), as build-pairs --stats reports it.
  static let corpusSummaryRows = [
    "<tr><th>Documents</th><td>300 (278 with pairs, 22 rejected)</td></tr>",
    "<tr><th>Chunks</th><td>282</td></tr>",
    "<tr><th>Pairs</th><td>282</td></tr>",
    "<tr><th>Rejects</th><td>22 (rewrite_too_large 12, too_few_deletions 6, deletions_not_expressible 4)</td></tr>",
    "<tr><th>Calls</th><td>remove_lines 1,179, remove_str 366, keep_all 18</td></tr>",
    "<tr><th>keep_all documents</th><td>18 of 278 documents with pairs (6.5%)</td></tr>",
  ]

  /// Runs build-pairs on the bundled corpus into `directory`: pairs.jsonl and rejects.jsonl.
  static func buildPairs(in directory: URL, _ extra: [String] = []) throws {
    let result = try ScalpelProcess.run(
      ["build-pairs", corpus, "-o", "pairs.jsonl", "--rejects", "rejects.jsonl", "-q"] + extra,
      in: directory)
    try #require(result.status == 0, "\(result.standardError)")
  }

  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func endToEndOnTheBundledCorpus() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.buildPairs(in: directory)
    let result = try ScalpelProcess.run(
      [
        "inspect", "pairs.jsonl", "--rejects", "rejects.jsonl", "-o", "report.html", "--title",
        "Web <corpus>",
      ],
      in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError
        == "inspect: 300 documents (278 with pairs, 22 rejected), 282 pairs, 300 shown -> report.html\n"
    )
    let html = try String(
      contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
    for row in Self.corpusSummaryRows {
      #expect(html.contains(row), "\(row)")
    }
    #expect(
      html.contains("<tr><th>Characters deleted</th><td>106,930 of 368,442 (29.0%)</td></tr>"))
    #expect(html.contains("<title>Web &lt;corpus&gt;</title>"))
    #expect(html.contains("<p class=\"inputs\">pairs: pairs.jsonl · rejects: rejects.jsonl</p>"))
    #expect(Self.count("<article class=\"doc\"", in: html) == 300)
    #expect(Self.count("data-kind=\"rejected\" data-reason=\"rewrite_too_large\"", in: html) == 12)
    #expect(Self.count("<svg ", in: html) == 3)
    #expect(Self.count("<rect class=\"bar\"", in: html) == 10 + 3 + 3)
    #expect(
      html.contains(
        "<div class=\"l removed\"><span class=\"ln\">1</span><span class=\"tx\"><del class=\"line\">HOME | NEWS | SPORTS | WEATHER | OPINION | LOGIN</del></span></div>"
      ))
    #expect(html.contains("# Bleeding Radiators Before Winter<mark> [click to enlarge]</mark>"))
    // web-0088 (one 26k-character line, over the chunk budget) is rejected now: its
    // deletions sit in an unrefinable chunk. Its long line is cut in corpus mode.
    #expect(!html.contains("<span class=\"omitted\">"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
        ".pairs.jsonl.manifest.json", "pairs.jsonl", "rejects.jsonl", "report.html",
      ])
  }

  @Test func corpusModeBuildsThePairsItself() throws {
    let result = try ScalpelProcess.run(["inspect", "--corpus", Self.corpus, "--limit", "5"])
    #expect(result.status == 0, "\(result.standardError)")
    let html = result.standardOutput
    for row in Self.corpusSummaryRows {
      #expect(html.contains(row), "\(row)")
    }
    // Rejected records keep their text, and the limit applies per kind.
    #expect(Self.count("<article class=\"doc\"", in: html) == 15)
    #expect(html.contains(">Showing 15 of 15 documents</span>"))
    // build-pairs --stats on this corpus: "65 of 106995 expert-deleted chars left in, 0 kept
    // chars deleted".
    #expect(
      html.contains(
        "<tr><th>Left in</th><td>65 characters the expert deleted are kept by the programs, in 7 of 278 documents with pairs; 0 over-deleted</td></tr>"
      ))
    #expect(
      html.contains(
        "sampled: the page holds 15 of the 300 documents read, the first 5 of each kind (changed, keep_all, rejected), in input order (see --limit)."
      ))
    #expect(html.contains("<option value=\"rejected\">rejected (5)</option>"))
    #expect(html.contains("<code class=\"reason\">rewrite_too_large</code>"))
    #expect(!html.contains("The text of rejected records is not in a rejects file"))
    // Every rejected document names its cause; the 5 shown here are all span causes.
    #expect(Self.count(" data-reject-cause=\"", in: html) == 5)
    #expect(Self.count("<code class=\"reason\">", in: html) == 5)
    #expect(html.contains("<ins class=\"rw\" data-reject-cause=\"rewrite_too_large\""))
  }

  /// The leftover the page marks on each document is what build-pairs counts
  /// (`meta.document_leftover_chars`, Specification §3.8), document by document.
  @Test func corpusLeftoverMarksAddUpToTheFidelityCounts() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.buildPairs(in: directory, ["--meta"])
    var expected: [String: Int] = [:]
    let pairs = try String(
      contentsOf: directory.appendingPathComponent("pairs.jsonl"), encoding: .utf8)
    for line in pairs.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let id = try #require(object["id"] as? String).split(separator: "#")[0]
      let meta = try #require(object["meta"] as? [String: Any])
      expected[String(id)] = try #require(meta["document_leftover_chars"] as? Int)
    }
    let result = try ScalpelProcess.run(["inspect", "--corpus", Self.corpus], in: directory)
    try #require(result.status == 0, "\(result.standardError)")
    var found: [String: Int] = [:]
    for article in result.standardOutput.components(separatedBy: "<article class=\"doc\"")
      .dropFirst()
    {
      let tag = String(article.prefix { $0 != ">" })
      guard !tag.contains("data-kind=\"rejected\"") else { continue }
      func attribute(_ name: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
      }
      found[try #require(attribute("data-id"))] = Int(try #require(attribute("data-leftover")))
    }
    #expect(found.count == 278)
    #expect(found == expected)
    // The bundled corpus: 65 characters left in (build-pairs' fidelity line).
    #expect(found.values.reduce(0, +) == 65)
  }

  @Test func documentsAndProgramsMode() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(
      """
      {"id":"a","text":"Home\\nGood [ad] text\\n"}
      {"id":"b","text":"plain\\n"}

      """.utf8
    ).write(to: directory.appendingPathComponent("documents.jsonl"))
    try Data(
      """
      {"id":"a","program":"remove_lines(1, 1)\\nremove_str(2, \\"[ad] \\")\\nremove_str(9, \\"x\\")"}

      """.utf8
    ).write(to: directory.appendingPathComponent("programs.jsonl"))
    let result = try ScalpelProcess.run(
      [
        "inspect", "--documents", "documents.jsonl", "--programs", "programs.jsonl", "-o",
        "out.html",
      ], in: directory)
    #expect(result.status == 0, "\(result.standardError)")
    let html = try String(contentsOf: directory.appendingPathComponent("out.html"), encoding: .utf8)
    #expect(html.contains("<tr><th>Documents</th><td>2 (1 with pairs, 1 rejected)</td></tr>"))
    #expect(html.contains("<tr><th>Rejects</th><td>1 (missing_program 1)</td></tr>"))
    #expect(
      html.contains(
        "<tr><th>Program problems</th><td>0 unreadable program lines, 1 skipped call</td></tr>"))
    #expect(html.contains("Good <mark>[ad] </mark>text"))
    #expect(html.contains("<span class=\"why\">  # skipped: line_out_of_range</span>"))
  }

  @Test func helpIsComplete() throws {
    let result = try ScalpelProcess.run(["inspect", "--help"])
    #expect(result.status == 0)
    for flag in [
      "--rejects", "--corpus", "--documents", "--programs", "--output", "--limit", "--title",
      "--line-prefix",
      "--chunk-chars", "--expert-response", "--help",
    ] {
      #expect(result.standardOutput.contains(flag), "\(flag)")
    }
    let top = try ScalpelProcess.run(["--help"])
    #expect(top.standardOutput.contains("inspect       One HTML page"))
  }

  @Test(arguments: [
    ([], "no input given"),
    (["a.jsonl", "b.jsonl"], "one pairs file at a time, got 2"),
    (["--corpus", "c.jsonl", "--rejects", "r.jsonl"], "--rejects goes with a pairs file"),
    (["--documents", "d.jsonl"], "--documents needs --programs"),
    (["--programs", "p.jsonl"], "--programs needs --documents"),
    (["p.jsonl", "--corpus", "c.jsonl"], "give one input"),
    (["p.jsonl", "--expert-response"], "--expert-response goes with --corpus"),
    (["p.jsonl", "--line-prefix", "[n]"], "--line-prefix must contain {n}"),
    (["p.jsonl", "--limit", "-1"], "option --limit needs an integer"),
    (["p.jsonl", "--limt", "3"], "unknown option --limt (did you mean --limit?)"),
  ])
  func usageErrorsExit64(arguments: [String], message: String) throws {
    let result = try ScalpelProcess.run(["inspect"] + arguments)
    #expect(result.status == 64)
    #expect(result.standardError.contains(message), "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
  }

  @Test func aMissingFileFailsWithoutOutput() throws {
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try ScalpelProcess.run(
      ["inspect", "missing.jsonl", "-o", "report.html"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.standardError == "scalpel: cannot open 'missing.jsonl': No such file or directory\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }
}

/// Renders the page in headless Chromium (Debian's `chromium` package) and checks what a person would see.
@Suite struct InspectRenderingTests {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Decodes an 8-bit RGB(A), non-interlaced PNG with the standard library only and prints
  /// `width height non-white red yellow blue` pixel counts.
  static let pngStatistics = #"""
    import struct, sys, zlib
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, color, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        pos += 12 + length
    assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b''.join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    nonwhite = red = yellow = blue = 0
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 245 or g < 245 or b < 245: nonwhite += 1
            if r > 170 and g < 90 and b < 90: red += 1
            if r > 230 and g > 200 and b < 150: yellow += 1
            if r < 100 and 100 < g < 140 and b > 160: blue += 1
        prev = line
    print(width, height, nonwhite, red, yellow, blue)
    """#

  /// Runs `executable` with a time limit; standard output and error go to files, not pipes.
  static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (
    Int32, String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = ["120", executable] + arguments
    process.currentDirectoryURL = directory
    let outputURL = directory.appendingPathComponent("process-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try output.close()
    let text = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
    try? FileManager.default.removeItem(at: outputURL)
    return (process.terminationStatus, text)
  }

  static func chromiumArguments(_ directory: URL) -> [String] {
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      "--user-data-dir=\(directory.appendingPathComponent("chromium-profile").path)",
    ]
  }

  @Test(
    .enabled(
      if: chromium != nil && python != nil,
      "needs Debian's chromium (/usr/bin/chromium; .ci/run installs it) and python3"))
  func theReportRendersWithMarksChartsAndAWorkingFilter() throws {
    let chromium = try #require(Self.chromium)
    let python = try #require(Self.python)
    let directory = try ScalpelProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try InspectCommandTests.buildPairs(in: directory)
    let inspect = try ScalpelProcess.run(
      ["inspect", "pairs.jsonl", "--rejects", "rejects.jsonl", "-o", "report.html"], in: directory)
    try #require(inspect.status == 0, "\(inspect.standardError)")
    let report = directory.appendingPathComponent("report.html")
    try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(
      to: directory.appendingPathComponent("blank.html"))

    // The DOM after the script ran: the summary is there and #filter= chose the rejected documents.
    let (domStatus, dom) = try Self.run(
      chromium,
      Self.chromiumArguments(directory) + [
        "--dump-dom", report.absoluteString + "#filter=rejected",
      ],
      in: directory)
    #expect(domStatus == 0)
    #expect(dom.contains("<tr><th>Documents</th><td>300 (278 with pairs, 22 rejected)</td></tr>"))
    #expect(
      dom.contains(
        "<span id=\"filter-count\" data-total=\"300\">Showing 22 of 300 documents</span>"))
    #expect(InspectCommandTests.count("<article class=\"doc\"", in: dom) == 300)
    #expect(InspectCommandTests.count("data-reason=\"\" ", in: dom) == 278)
    #expect(InspectCommandTests.count(" hidden=\"\">\n<header>", in: dom) == 278)

    // Screenshots of the report and of a blank page of the same size.
    for (page, png) in [
      (report, "report.png"), (directory.appendingPathComponent("blank.html"), "blank.png"),
    ] {
      let (status, _) = try Self.run(
        chromium,
        Self.chromiumArguments(directory) + [
          "--screenshot=\(directory.appendingPathComponent(png).path)", "--window-size=1200,1600",
          page.absoluteString,
        ], in: directory)
      #expect(status == 0)
    }
    let reportSize = try Data(contentsOf: directory.appendingPathComponent("report.png")).count
    let blankSize = try Data(contentsOf: directory.appendingPathComponent("blank.png")).count
    // Measured once: blank 8,939 bytes, report 188,346 bytes.
    #expect(reportSize > 5 * blankSize, "report \(reportSize) bytes, blank \(blankSize) bytes")

    func statistics(_ png: String) throws -> [Int] {
      let (status, output) = try Self.run(
        python, ["-c", Self.pngStatistics, directory.appendingPathComponent(png).path],
        in: directory)
      #expect(status == 0, "\(output)")
      return output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }
    // Measured once on the report: 502,555 non-white pixels of 1,920,000; 13,602 red
    // (struck-through lines), 4,639 yellow (marks), 17,067 blue (histogram bars).
    let shot = try statistics("report.png")
    try #require(shot.count == 6, "\(shot)")
    #expect(shot[0] == 1200 && shot[1] == 1600)
    #expect(shot[2] > 1200 * 1600 / 20, "non-white pixels: \(shot[2])")
    #expect(shot[3] > 1_000, "red pixels: \(shot[3])")
    #expect(shot[4] > 300, "yellow pixels: \(shot[4])")
    #expect(shot[5] > 2_000, "blue pixels: \(shot[5])")
    let blank = try statistics("blank.png")
    #expect(blank.count == 6 && blank[2] < 1200 * 1600 / 1000, "\(blank)")
  }
}

import Testing

@testable import Scalpel

@Suite struct SVGChartTests {
  static func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.split(separator: needle, omittingEmptySubsequences: false).count - 1
  }

  @Test(arguments: [SVGChart.Orientation.vertical, .horizontal], [0, 1, 3, 10])
  func drawsOneRectPerBar(orientation: SVGChart.Orientation, barCount: Int) {
    let bars = (0..<barCount).map { SVGChart.Bar(label: "bar \($0)", value: $0 * 7) }
    let svg = SVGChart(title: "T", orientation: orientation, bars: bars).svg
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" "))
    #expect(svg.hasSuffix("</svg>"))
    #expect(Self.occurrences(of: "<rect class=\"bar\"", in: svg) == barCount)
    #expect(Self.occurrences(of: "<rect", in: svg) == barCount)
    #expect(svg.contains("no data") == (barCount == 0))
  }

  @Test func scalesBarsToTheLargestValue() {
    let svg = SVGChart(
      title: "Calls", orientation: .horizontal,
      bars: [
        .init(label: "a", value: 100), .init(label: "b", value: 50), .init(label: "c", value: 0),
        .init(label: "d", value: 1),
      ]
    ).svg
    #expect(
      svg.contains("width=\"240\" height=\"14\" fill=\"#4a78b5\"><title>a: 100</title></rect>"))
    #expect(
      svg.contains("width=\"120\" height=\"14\" fill=\"#4a78b5\"><title>b: 50</title></rect>"))
    #expect(svg.contains("width=\"0\" height=\"14\" fill=\"#4a78b5\"><title>c: 0</title></rect>"))
    // A non-zero value stays visible.
    #expect(svg.contains("width=\"2\" height=\"14\" fill=\"#4a78b5\"><title>d: 1</title></rect>"))
  }

  @Test func columnsGrowUpFromTheBaseline() {
    let svg = SVGChart(
      title: "Histogram", orientation: .vertical,
      bars: [.init(label: "0–10", value: 4), .init(label: "10–20", value: 2)],
      axisLabel: "% deleted"
    ).svg
    #expect(
      svg.contains(
        "<rect class=\"bar\" x=\"14\" y=\"18\" width=\"32\" height=\"140\" fill=\"#4a78b5\"><title>0–10: 4</title></rect><text class=\"value\" x=\"30\" y=\"14\" text-anchor=\"middle\" fill=\"#333\">4</text><text class=\"label\" x=\"30\" y=\"171\" text-anchor=\"middle\" fill=\"#333\">0–10</text>"
      ))
    #expect(svg.contains("y=\"88\" width=\"32\" height=\"70\""))
    #expect(svg.contains(">% deleted</text>"))
  }

  @Test func escapesTitleLabelsAndColour() {
    let svg = SVGChart(
      title: "a \"b\" <c>", orientation: .horizontal,
      bars: [.init(label: "x<y> & 'z'", value: 1_234)], color: "\"red"
    ).svg
    #expect(svg.contains("aria-label=\"a &quot;b&quot; &lt;c&gt;\""))
    #expect(svg.contains(">x&lt;y&gt; &amp; &#39;z&#39;</text>"))
    #expect(svg.contains("<title>x&lt;y&gt; &amp; &#39;z&#39;: 1,234</title>"))
    #expect(svg.contains("fill=\"&quot;red\""))
    #expect(!svg.contains("<y>"))
  }

  @Test func shortensLongLabels() {
    #expect(SVGChart.shortened("short", to: 30) == "short")
    #expect(
      SVGChart.shortened(String(repeating: "é", count: 40), to: 30) == String(
        repeating: "é", count: 29) + "…")
  }
}

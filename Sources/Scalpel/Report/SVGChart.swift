/// A bar chart drawn as inline SVG, for the inspection report.
///
/// Every bar is one `<rect class="bar">` with a `<title>` (its label and
/// value, shown as a tooltip), the value is written next to the bar, and the
/// label under it (columns) or before it (rows). Bars are scaled to the largest
/// value; a bar with a value above zero is at least one pixel long. A chart
/// without bars, or whose values are all zero, still draws its bars and says
/// "no data" when there are none. All text is escaped; coordinates are integers.
/// The chart has no fixed size: it scales to its container through its `viewBox`, up to
/// its natural width, so it fits a phone's screen.
///
///     let chart = SVGChart(
///       title: "Calls per kind", orientation: .horizontal,
///       bars: [.init(label: "remove_lines", value: 12), .init(label: "remove_str", value: 5)])
///     chart.svg   // <svg xmlns="http://www.w3.org/2000/svg" … role="img" aria-label="Calls per kind">…
package struct SVGChart: Sendable, Hashable {
  /// Which way the bars grow.
  package enum Orientation: Sendable, Hashable {
    /// Columns growing upwards, labels underneath: histograms.
    case vertical
    /// Rows growing rightwards, labels on the left: long category names.
    case horizontal
  }

  /// One bar.
  package struct Bar: Sendable, Hashable {
    /// The category or bin name.
    package var label: String
    /// The bar's value, 0 or more.
    package var value: Int
    /// Where a click on the bar goes (a `#…` address of the page), if anywhere.
    package var link: String?

    /// Creates a bar.
    package init(label: String, value: Int, link: String? = nil) {
      self.label = label
      self.value = value
      self.link = link
    }
  }

  /// The chart's accessible name (`aria-label`).
  package var title: String
  /// Which way the bars grow.
  package var orientation: Orientation
  /// The bars, drawn in order (left to right, or top to bottom).
  package var bars: [Bar]
  /// A caption under the bars, such as the unit of a histogram's bins.
  package var axisLabel: String?
  /// The fill colour of the bars, as a CSS colour.
  package var color: String

  /// Creates a chart.
  package init(
    title: String, orientation: Orientation, bars: [Bar], axisLabel: String? = nil,
    color: String = "#4a78b5"
  ) {
    self.title = title
    self.orientation = orientation
    self.bars = bars
    self.axisLabel = axisLabel
    self.color = color
  }

  /// The chart as an `<svg>` element.
  ///
  /// - Complexity: O(*b* + *t*), where *b* is the number of bars and *t* the length of the labels.
  package var svg: String {
    var html = HTMLText(capacity: 256 + bars.count * 256)
    switch orientation {
    case .vertical: drawColumns(into: &html)
    case .horizontal: drawRows(into: &html)
    }
    return html.string
  }

  /// Columns: 44 px per bar, 140 px of plot height.
  private func drawColumns(into html: inout HTMLText) {
    let slot = 44
    let barWidth = 32
    let top = 18
    let plotHeight = 140
    let width = max(16 + bars.count * slot, 160)
    let height = top + plotHeight + 18 + (axisLabel == nil ? 0 : 16)
    open(&html, width: width, height: height)
    let baseline = top + plotHeight
    if bars.isEmpty { noData(&html, x: width / 2, y: baseline / 2) }
    let maximum = bars.map(\.value).max() ?? 0
    for (index, bar) in bars.enumerated() {
      let length = scaled(bar.value, maximum: maximum, to: plotHeight)
      let x = 8 + index * slot + (slot - barWidth) / 2
      let center = 8 + index * slot + slot / 2
      rect(&html, bar, x: x, y: baseline - length, width: barWidth, height: length)
      text(
        &html, ReportNumberFormat.grouped(bar.value), x: center, y: baseline - length - 4,
        anchor: "middle", cssClass: "value")
      text(&html, bar.label, x: center, y: baseline + 13, anchor: "middle", cssClass: "label")
    }
    html.appendRaw(
      "<line x1=\"8\" y1=\"\(baseline)\" x2=\"\(width - 8)\" y2=\"\(baseline)\" stroke=\"#888\"/>")
    if let axisLabel {
      text(&html, axisLabel, x: width / 2, y: height - 4, anchor: "middle", cssClass: "axis")
    }
    html.appendRaw("</svg>")
  }

  /// Rows: 22 px per bar, labels up to 30 characters in a column sized to them.
  private func drawRows(into html: inout HTMLText) {
    let rowHeight = 22
    let barHeight = 14
    let plotWidth = 240
    let labels = bars.map { SVGChart.shortened($0.label, to: 30) }
    let labelWidth = max(60, (labels.map(\.unicodeScalars.count).max() ?? 0) * 7 + 12)
    let valueWidth = 64
    let width = labelWidth + plotWidth + valueWidth
    let height = 8 + max(bars.count, 1) * rowHeight + (axisLabel == nil ? 0 : 18)
    open(&html, width: width, height: height)
    if bars.isEmpty { noData(&html, x: width / 2, y: 8 + rowHeight / 2 + 4) }
    let maximum = bars.map(\.value).max() ?? 0
    for (index, bar) in bars.enumerated() {
      let length = scaled(bar.value, maximum: maximum, to: plotWidth)
      let y = 8 + index * rowHeight
      text(
        &html, labels[index], x: labelWidth - 8, y: y + barHeight - 2, anchor: "end",
        cssClass: "label")
      rect(&html, bar, x: labelWidth, y: y, width: length, height: barHeight)
      text(
        &html, ReportNumberFormat.grouped(bar.value), x: labelWidth + length + 4,
        y: y + barHeight - 2, anchor: "start", cssClass: "value")
    }
    html.appendRaw(
      "<line x1=\"\(labelWidth)\" y1=\"4\" x2=\"\(labelWidth)\" y2=\"\(8 + max(bars.count, 1) * rowHeight - 4)\" stroke=\"#888\"/>"
    )
    if let axisLabel {
      text(
        &html, axisLabel, x: labelWidth + plotWidth / 2, y: height - 4, anchor: "middle",
        cssClass: "axis")
    }
    html.appendRaw("</svg>")
  }

  private func open(_ html: inout HTMLText, width: Int, height: Int) {
    html.appendRaw(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" style=\"width:100%;max-width:\(width)px;height:auto\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\""
    )
    html.appendEscaped(title)
    html.appendRaw("\" font-family=\"system-ui, sans-serif\" font-size=\"11\">")
  }

  private func rect(_ html: inout HTMLText, _ bar: Bar, x: Int, y: Int, width: Int, height: Int) {
    if let link = bar.link {
      html.appendRaw("<a href=\"")
      html.appendEscaped(link)
      html.appendRaw("\">")
    }
    defer { if bar.link != nil { html.appendRaw("</a>") } }
    html.appendRaw(
      "<rect class=\"bar\" x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" fill=\"")
    html.appendEscaped(color)
    html.appendRaw("\"><title>")
    html.appendEscaped("\(bar.label): \(ReportNumberFormat.grouped(bar.value))")
    html.appendRaw("</title></rect>")
  }

  private func text(
    _ html: inout HTMLText, _ content: String, x: Int, y: Int, anchor: String, cssClass: String
  ) {
    html.appendRaw(
      "<text class=\"\(cssClass)\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" fill=\"#333\">")
    html.appendEscaped(content)
    html.appendRaw("</text>")
  }

  private func noData(_ html: inout HTMLText, x: Int, y: Int) {
    text(&html, "no data", x: x, y: y, anchor: "middle", cssClass: "empty")
  }

  /// The length of a bar of `value` when `maximum` is `full` pixels long.
  private func scaled(_ value: Int, maximum: Int, to full: Int) -> Int {
    guard maximum > 0, value > 0 else { return 0 }
    return max(1, Int((Double(value) / Double(maximum) * Double(full)).rounded()))
  }

  /// `text` cut to `limit` scalars with a trailing `…`.
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.unicodeScalars.count > limit else { return text }
    var result = String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))
    result.append("…")
    return String(result)
  }
}

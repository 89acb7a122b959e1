import Testing

@testable import Scalpel

@Suite struct HTMLTextTests {
  @Test func escapesTheFiveSpecialCharacters() {
    #expect(
      HTMLText.escaping("<b>\"Tom\" & 'Jerry'</b>")
        == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
    #expect(HTMLText.escaping("&amp;") == "&amp;amp;")
    #expect(HTMLText.escaping("") == "")
  }

  @Test func keepsTabsNewlinesAndNonASCII() {
    #expect(HTMLText.escaping("a\tb\nc é 日本 👉") == "a\tb\nc é 日本 👉")
  }

  @Test func showsControlCharactersAsControlPictures() {
    #expect(HTMLText.escaping("a\u{0}b\u{1B}c\u{7F}d\r") == "a\u{2400}b\u{241B}c\u{2421}d\u{240D}")
  }

  @Test func mixesRawMarkupAndEscapedText() {
    var html = HTMLText()
    html.appendRaw("<p title=\"")
    html.appendEscaped("\"quoted\"")
    html.appendRaw("\">")
    html.appendEscaped(utf8: Array("a < b & c".utf8)[0..<5])
    html.appendRaw("</p>")
    #expect(html.string == "<p title=\"&quot;quoted&quot;\">a &lt; b</p>")
  }
}

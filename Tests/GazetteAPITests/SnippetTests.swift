import Testing

@testable import GazetteAPI

/// `Snippet.make`: the `snippet` of a search result, as HTML.
@Suite struct SnippetTests {
    @Test func eachMatchOfATerm_isMarked() {
        #expect(
            Snippet.make(title: "", text: "北京今天下雨，北京明天晴", terms: ["北京"])
                == "<mark>北京</mark>今天下雨，<mark>北京</mark>明天晴")
    }

    @Test func matching_ignoresCaseAndDiacritics_andKeepsTheTextAsWritten() {
        #expect(
            Snippet.make(title: "", text: "Swift at the Café", terms: ["swift", "cafe"])
                == "<mark>Swift</mark> at the <mark>Café</mark>")
    }

    @Test func severalTermsStartingTogether_markTheLongest() {
        #expect(Snippet.make(title: "", text: "在北京市", terms: ["北", "北京市"]) == "在<mark>北京市</mark>")
    }

    @Test func text_isHTMLEscaped_insideAndOutsideMarks() {
        #expect(
            Snippet.make(title: "", text: #"a <b> & "c" 'd'"#, terms: ["<b>"])
                == "a <mark>&lt;b&gt;</mark> &amp; &quot;c&quot; &#39;d&#39;")
    }

    @Test func termsNeverMatchInsideTheEscapes() {
        // `amp`, `lt` and `quot` occur in the escaped text, not in the text.
        #expect(
            Snippet.make(title: "", text: "x & y < z \" amp", terms: ["amp", "lt", "quot"])
                == "x &amp; y &lt; z &quot; <mark>amp</mark>")
    }

    @Test func longText_isCutFortyCharactersBeforeAndAHundredAfterTheMatch() {
        let text = String(repeating: "字", count: 60) + "北京" + String(repeating: "文", count: 150)
        #expect(
            Snippet.make(title: "", text: text, terms: ["北京"])
                == "…" + String(repeating: "字", count: 40) + "<mark>北京</mark>" + String(repeating: "文", count: 98)
                + "…")
    }

    @Test func cuts_fallBetweenCharacters_neverInsideOne() {
        // 👍🏽 is two scalars and é (e + U+0301) is two: each must stay whole at the cuts.
        let text = String(repeating: "👍🏽", count: 60) + "mark" + String(repeating: "e\u{301}", count: 150)
        let snippet = Snippet.make(title: "", text: text, terms: ["mark"])
        #expect(
            snippet
                == "…" + String(repeating: "👍🏽", count: 40) + "<mark>mark</mark>"
                + String(repeating: "e\u{301}", count: 96) + "…")
        #expect(snippet.unicodeScalars.first == "…" && snippet.unicodeScalars.dropFirst().first == "👍")
    }

    @Test func shortText_hasNoEllipsis() {
        #expect(Snippet.make(title: "", text: "短文 北京", terms: ["北京"]) == "短文 <mark>北京</mark>")
    }

    @Test func noMatchInTheText_takesTheTitle() {
        #expect(Snippet.make(title: "北京新闻", text: "今天天气很好", terms: ["北京"]) == "<mark>北京</mark>新闻")
    }

    @Test func noMatchAnywhere_showsTheTitle() {
        let text = String(repeating: "a", count: 150)
        #expect(Snippet.make(title: "标题 <i>", text: text, terms: ["zzz"]) == "标题 &lt;i&gt;")
    }

    @Test func nothingToShow_isEmpty() {
        #expect(Snippet.make(title: "", text: "", terms: ["x"]) == "")
    }

    @Test func emptyTerm_matchesNothing() {
        #expect(Snippet.make(title: "a < b", text: "c", terms: [""]) == "a &lt; b")
    }
}

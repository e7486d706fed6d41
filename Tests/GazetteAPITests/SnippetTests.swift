import TestSupport
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

    /// Matching by bytes gives exactly Foundation's case- and diacritic-insensitive answer: on
    /// random text made of ideographs, digits, ASCII and CJK punctuation (with the invisible and
    /// look-alike characters the plain list lets through: soft hyphen, zero-width space, word
    /// joiner, no-break and ideographic spaces, controls, fullwidth forms, Roman numerals…) mixed
    /// with what must send a text back to Foundation (combining marks, a compatibility ideograph and its
    /// unified twin, kana voicing marks, joiners, variation selectors, fullwidth and superscript
    /// digits, a Kangxi radical, Hangul, emoji, CR LF, and for letter terms `é`, `ß`, `ſ`, `ı`,
    /// `İ`, the Kelvin sign, `ﬁ`…), every snippet is the same both ways, and
    /// most of the plain texts are really matched by bytes.
    @Test func byteMatching_agreesWithFoundation_onRandomText() {
        let plainPieces = [
            "一", "个", "中", "国", "中国", "豈", "1", "2", "0", "a", "A", " ", "，", "。", "“", "”", "—", "é", "\n",
            "<", "&", "\u{AD}", "\u{200B}", "\u{2060}", "\u{200E}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}",
            "\u{7}", "\u{0}", "\u{FE30}", "\u{E000}", "\u{2E80}", "\u{303B}", "\u{3005}", "\u{FF10}", "\u{FF21}",
            "\u{2160}", "\u{2070}", "\u{3031}", "\u{309B}", "\u{FE4F}", "\u{2D7E}", "\u{2CEE}", "b", "B", "s", "S",
            "k", "K", "i", "I", "f", "F", "Swift", "sWIFT",
        ]
        let trickyPieces = [
            "\u{301}", "\u{F900}", "\u{3099}", "\u{302A}", "\u{200D}", "\u{FE0F}", "１", "²", "\u{2F00}", "한", "👍",
            "\r\n", "\u{FEFF}", "\u{FF9E}", "が", "\u{20DD}", "①", "é", "ß", "ſ", "ı", "İ", "\u{212A}", "\u{212B}", "ﬁ",
            "Ａ", "ª", "µ", "Å",
        ]
        let termPieces = [
            "一", "个", "中", "国", "豈", "1", "2", "a", "A", "b", "s", "k", "K", "i", "fi", "ss", "SS", "swift",
        ]
        var random = SplitMix64(seed: 7)
        func pick(_ pieces: [String]) -> String { pieces[Int(random.next() % UInt64(pieces.count))] }
        var plainTexts = 0
        for round in 0..<10_000 {
            let tricky = round % 3 == 0
            var text = ""
            for _ in 0..<Int(random.next() % 60) {
                text += tricky && random.next() % 4 == 0 ? pick(trickyPieces) : pick(plainPieces)
            }
            let terms = (0...Int(random.next() % 2)).map { _ in
                (0...Int(random.next() % 2)).map { _ in pick(termPieces) }.joined()
            }
            let title = random.next() % 2 == 0 ? "" : pick(plainPieces) + pick(termPieces)
            let expected = Snippet.make(title: title, text: text, terms: terms, byBytes: false)
            #expect(
                Snippet.make(title: title, text: text, terms: terms) == expected,
                "\(text.unicodeScalars.map { String($0.value, radix: 16) }) \(terms)")
            var copy = text
            if copy.withUTF8({ PlainMatching.isPlainText($0) }) { plainTexts += 1 }
        }
        #expect(plainTexts > 5_000)
    }
}

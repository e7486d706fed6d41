import Testing

@testable import GazetteCore

struct TextMetricsTests {
    @Test func shortText_isKeptWithWhitespaceFolded() {
        #expect(TextMetrics.excerpt(of: "　　7月28日上午，\n\n江苏省委  召开会议。 ") == "7月28日上午， 江苏省委 召开会议。")
    }

    @Test func longText_isCutAt120GraphemesWithEllipsis() {
        let text = String(repeating: "疫", count: 130)
        let excerpt = TextMetrics.excerpt(of: text)
        #expect(excerpt == String(repeating: "疫", count: 120) + "…")
    }

    @Test func textOfExactly120Graphemes_isNotCut() {
        let text = String(repeating: "a", count: 120)
        #expect(TextMetrics.excerpt(of: text) == text)
    }

    @Test func emojiAndFlags_areNeverSplit() {
        let family = "👨‍👩‍👧‍👦"
        let text = String(repeating: "x", count: 119) + family + "🇨🇳 more"
        let excerpt = TextMetrics.excerpt(of: text)
        #expect(excerpt == String(repeating: "x", count: 119) + family + "…")
        #expect(excerpt.unicodeScalars.last == "…")
    }

    @Test func cutAtASpace_doesNotLeaveATrailingSpace() {
        let text = String(repeating: "a", count: 120) + " b"
        #expect(TextMetrics.excerpt(of: text) == String(repeating: "a", count: 120) + "…")
    }

    @Test func characterCount_countsGraphemesWithoutWhitespace() {
        #expect(TextMetrics.characterCount(of: "　　江苏 省委\n\nab 👨‍👩‍👧") == 7)
        #expect(TextMetrics.characterCount(of: "") == 0)
    }
}

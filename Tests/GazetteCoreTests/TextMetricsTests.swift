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

struct WhitespaceTableTests {
    @Test func table_agreesWithTheStandardLibraryOnEveryScalar() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if TextMetrics.isWhitespace(scalar) != scalar.properties.isWhitespace { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func characterCount_agreesWithCountingCharacters() {
        let samples = [
            "a\r\nb", "a\r\n", "\r\n\r\n", "江苏省委，「会议」。ＡＢ", "é©®ab", "かな\u{3099}", "〰〽", "ﾞ", " \u{301}x",
            "　　江苏\u{3000}省委 \t\n", "e\u{301}\u{2028}👨‍👩‍👧 🇨🇳", "", "\r\r\n\n",
        ]
        for text in samples {
            #expect(
                TextMetrics.characterCount(of: text) == text.filter { !$0.isWhitespace }.count,
                "\(text.debugDescription)")
        }
    }
}

struct AlwaysBreaksTests {
    @Test func everyScalarMarkedAlwaysBreaking_isItsOwnClusterBesideAnyOther() {
        // Against the standard library's segmentation: each such scalar next to a combining-free
        // letter, and two of them in a row, must make two clusters.
        let probes: [Unicode.Scalar] = ["a", "江", "\u{3000}", "\r", "\n"]
        var wrong: [UInt32] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), TextMetrics.alwaysBreaks(scalar) else { continue }
            for probe in probes where !(scalar == "\r" && probe == "\n") {
                var text = String(scalar)
                text.unicodeScalars.append(probe)
                if text.count != 2 { wrong.append(value) }
            }
        }
        #expect(wrong.isEmpty, "scalars that join with a neighbour: \(wrong.prefix(20))")
    }
}

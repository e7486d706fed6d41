import Foundation
import Testing

@testable import GazetteCore

/// The search tokens and the query expressions built over them. Queries carry no column
/// filter, so these tests hold up the invariant that makes that safe: word tokens and CJK
/// tokens never meet.
struct SearchTextTests {
    @Test func everyWordCharacter_foldsToNoCJKCharacter() {
        var escaped: [String] = []
        for value in UInt32(0x80)...0x3_FFFF {
            guard let scalar = Unicode.Scalar(value), !SearchText.isCJK(scalar) else { continue }
            var word = ""
            SearchText.forEachSegment(of: String(scalar)) { segment in
                if case .word(let text) = segment { word = text }
            }
            if word.unicodeScalars.contains(where: SearchText.isCJK) {
                escaped.append(String(value, radix: 16, uppercase: true))
            }
        }
        #expect(escaped.isEmpty, "word characters that fold to CJK: \(escaped.prefix(20))")
    }

    @Test func wordTokensHoldNoCJK_andCJKTokensHoldNothingElse() {
        let text = "江苏疫情 Café ＡＢＣ１２ ｶﾀｶﾅ ﾡﾢ 한국어 ひらがな Москва 2021年7月 e-mail 々〇"
        let grams = SearchText.grams(of: text)
        let words = grams.grams1.split(separator: " ")
        let cjk = grams.grams2.split(separator: " ")
        #expect(words.contains("cafe") && words.contains("abc12") && words.contains("москва"))
        #expect(cjk.contains("江苏") && cjk.contains("한국") && cjk.contains("ｶﾀ"))
        #expect(words.allSatisfy { !$0.unicodeScalars.contains(where: SearchText.isCJK) })
        #expect(cjk.allSatisfy { $0.unicodeScalars.allSatisfy(SearchText.isCJK) })
    }

    /// The tokens of ``SearchText/forEachSegment(of:_:)``'s segments, joined as the index
    /// takes them: what ``SearchText/grams(of:)`` must write, made the plain way.
    static func referenceGrams(of text: String) -> SearchText.Grams {
        var words: [String] = []
        var cjk: [String] = []
        SearchText.forEachSegment(of: text) { segment in
            switch segment {
            case .cjk(let run):
                for index in 0..<(run.count - 1) { cjk.append(String(run[index]) + String(run[index + 1])) }
                if let last = run.last { cjk.append(String(last)) }
            case .word(let word):
                words.append(word)
            }
        }
        return SearchText.Grams(grams1: words.joined(separator: " "), grams2: cjk.joined(separator: " "))
    }

    @Test func grams_equalTheTokensOfTheSegments_onMixedScriptText() {
        // Every kind of character the segmenter tells apart, and the edges between them.
        let pieces: [String] = [
            "江", "苏", "疫", "情", "々", "〇", "한", "국", "ひ", "ら", "ｶ", "ﾀ", "ﾡ", "𠀋", "A", "z", "Q", "0", "9", "ＡＢ",
            "ｚ", "１", "é", "Café", "É", "ß", "Москва", "Ωμέγα", "\u{0301}", "e\u{0301}", "ﬁ", " ", "  ", "\n", "-",
            "，", "。", "！", "😀", "_", "'", "\"", "Ⅻ", "٣", "x²", "ǅ",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var mismatches: [String] = []
        for _ in 0..<2_000 {
            let text = (0..<next(24)).map { _ in pieces[next(pieces.count)] }.joined()
            if SearchText.grams(of: text) != Self.referenceGrams(of: text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "grams differ from the segments' tokens for: \(mismatches.prefix(5))")
        #expect(SearchText.grams(of: "") == SearchText.Grams(grams1: "", grams2: ""))
        #expect(SearchText.grams(of: "Ａb江苏疫 Café，中") == SearchText.Grams(grams1: "ab cafe", grams2: "江苏 苏疫 疫 中"))
    }

    @Test func queryExpressions_quoteEveryTokenAndNameNoColumn() throws {
        let cases: [(String, String)] = [
            ("疫情", #""疫情""#),
            ("江苏疫情", #""江苏 苏疫 疫情""#),
            ("疫", #""疫" *"#),
            ("hello", #""hello" *"#),
            (#""hello world""#, #""hello world""#),
            ("南京 -股市", #"("南京") NOT "股市""#),
            // A column name and an operator are words like any other.
            ("title1:x OR", #""title1 x" AND "or" *"#),
        ]
        for (text, expected) in cases {
            let actual = try SearchQuery(parsing: text).expression
            #expect(actual == expected, "q=\(text): \(actual)")
        }
    }

    /// Only a prefix longer than one character has no index of its own (migrations/0006).
    @Test func longPrefix_isTheLastPlainWordOfSeveralCharacters() throws {
        let cases: [(String, Bool)] = [
            ("hello", true), ("疫", false), ("疫情", false), ("a", false), (#""hello""#, false),
            ("hello 疫情", false), ("疫情 hello", true), ("hello -world", true), ("covid-19", true), ("covid-1", false),
        ]
        for (text, expected) in cases {
            #expect(try SearchQuery(parsing: text).hasLongPrefix == expected, "q=\(text)")
        }
    }
}

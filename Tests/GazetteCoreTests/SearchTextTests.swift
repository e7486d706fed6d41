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
}

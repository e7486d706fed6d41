import Testing

@testable import GazetteCore

struct CategoryPathTests {
    @Test(arguments: ["金融›新浪财经", "金融 › 新浪财经", "金融/新浪财经", " 金融 / 新浪财经 "])
    func queryForms_parseToTheSamePath(text: String) {
        #expect(CategoryPath(parsing: text)?.components == ["金融", "新浪财经"])
    }

    @Test func namesAreKeptExactlyAsWritten() {
        let path = CategoryPath(["金融", "新浪财经", "新浪财经－国內"])
        #expect(path?.joined == "金融 › 新浪财经 › 新浪财经－国內")
        #expect(path?.prefixes.map(\.joined) == ["金融", "金融 › 新浪财经", "金融 › 新浪财经 › 新浪财经－国內"])
    }

    @Test func emptyPaths_areRejected() {
        #expect(CategoryPath([]) == nil)
        #expect(CategoryPath(["", " "]) == nil)
        #expect(CategoryPath(parsing: " / ") == nil)
    }

    /// Trimming by `Character`s, as written before the fast path: the definition the fast path
    /// must agree with.
    private func trimmedByCharacters(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
            let end = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[start...end])
    }

    @Test func trimming_agreesWithCharacterWhitespace_whateverTheEdges() {
        // Edges that end a cluster alone (ASCII, CJK), whitespace (ASCII, U+3000, NBSP, CR LF),
        // and scalars that extend a cluster begun by whitespace (a combining accent, a spacing
        // mark, ZWJ, an emoji modifier): every ordered pair, touching and around two middles.
        let pieces = [
            "a", "金", "~", " ", "\u{3000}", "\u{00A0}", "\r\n", "\t", "\u{0301}", "\u{0903}", "\u{200D}", "\u{1F3FB}",
            "é", "😀",
        ]
        var checked = 0
        for first in pieces {
            for last in pieces {
                for middle in ["", "x", " 中 "] {
                    let text = first + middle + last
                    #expect(
                        text.trimmingWhitespace() == trimmedByCharacters(text),
                        "\(text.unicodeScalars.map { $0.value })")
                    checked += 1
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * 3)
        // A space carrying an accent is one whitespace `Character`: trimmed, though the last
        // scalar is not whitespace (why the fast path looks at what the last scalar is).
        #expect(" \u{0301}金".trimmingWhitespace() == "金")
        #expect("金 \u{0301}".trimmingWhitespace() == "金")
        #expect("\u{3000}金融\u{3000}".trimmingWhitespace() == "金融")
    }
}

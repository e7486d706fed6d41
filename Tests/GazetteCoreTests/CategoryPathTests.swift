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
}

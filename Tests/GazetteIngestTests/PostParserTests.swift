import Foundation
import GazetteCore
import Testing

@testable import GazetteIngest

struct PostParserTests {
    let parser = PostParser()

    func parse(_ text: String, file: String? = "post.md") throws -> ParsedPost {
        try parser.parse(Array(text.utf8), fileName: file)
    }

    func error(_ bytes: [UInt8], file: String? = "post.md") -> IngestError? {
        do {
            _ = try parser.parse(bytes, fileName: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func sinaStyleFrontMatter_isReadExactly() throws {
        let post = try parse(
            "\n---\ntitle: '\"倒查20年\"，挽回损失523亿！'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\n"
                + "headimg: 'https://n.sinaimg.cn/a.png'\nauthor: 新浪财经\ncomments: false\n"
                + "date: Sat, 06 Nov 2021 09:13:06 GMT\nthumbnail: 'https://n.sinaimg.cn/b.png'\n---\n\n<div>   \n<p>x</p>\n</div>\n   ",
            file: "\"倒查20年\"，挽回损失523亿！.md")
        #expect(post.title == "\"倒查20年\"，挽回损失523亿！")
        #expect(post.categoryPaths.map(\.components) == [["金融", "新浪财经", "新浪财经－国內"]])
        #expect(post.author == "新浪财经")
        #expect(post.publishedAt.map(RFC3339.format) == "2021-11-06T09:13:06Z")
        #expect(post.headimg == "https://n.sinaimg.cn/a.png")
        #expect(post.thumbnail == "https://n.sinaimg.cn/b.png")
        #expect(post.slug == "\"倒查20年\"，挽回损失523亿！")
        #expect(post.extraJSON == #"{"comments":false}"#)
        #expect(post.body == "\n<div>   \n<p>x</p>\n</div>\n   ")
        #expect(post.bodyFormat == .html)
    }

    @Test func bomCRLFAndTrailingSpacesOnFences_areTolerated() throws {
        let post = try parse("\u{FEFF}\r\n---  \r\ntitle: Hello\r\ntags: [a, b]\r\n--- \r\nBody *text*\r\n")
        #expect(post.title == "Hello")
        #expect(post.tags == ["a", "b"])
        #expect(post.body == "Body *text*\r\n")
        #expect(post.bodyFormat == .markdown)
    }

    @Test func categoryForms_followHexo() throws {
        #expect(try parse("---\ntitle: t\ncategories: News\n---\n").categoryPaths.map(\.components) == [["News"]])
        #expect(try parse("---\ntitle: t\ncategory: release\n---\n").categoryPaths.map(\.components) == [["release"]])
        let lists = try parse("---\ntitle: t\ncategories:\n - [A, B]\n - [C]\n---\n")
        #expect(lists.categoryPaths.map(\.components) == [["A", "B"], ["C"]])
        #expect(try parse("---\ntitle: t\ncategories: []\n---\n").categoryPaths.isEmpty)
    }

    @Test func tagForms_andJekyllAliases_areRead() throws {
        let post = try parse("---\ntitle: t\ntag: solo\ncover: https://e/c.jpg\n---\n")
        #expect(post.tags == ["solo"])
        #expect(post.headimg == "https://e/c.jpg")
        let jekyll = try parse(
            "---\nlayout:     post\ntitle:      \"SF (软件基础)\"\ntags:\n    - 前端\n    - SF (软件基础)\n---\n")
        #expect(jekyll.title == "SF (软件基础)")
        #expect(jekyll.tags == ["前端", "SF (软件基础)"])
        #expect(jekyll.extraJSON == #"{"layout":"post"}"#)
    }

    @Test func missingDate_comesFromTheFileName() throws {
        let post = try parse("---\ntitle: Hexo 3.0 Released\n---\nx", file: "2015-03-06-hexo-3-0-released.md")
        #expect(post.publishedAt.map(RFC3339.format) == "2015-03-06T00:00:00Z")
        #expect(post.slug == "2015-03-06-hexo-3-0-released")
        #expect(try parse("---\ntitle: t\n---\n", file: "no-date.md").publishedAt == nil)
    }

    @Test func unquotedYAMLTimestamp_isReadFromItsText() throws {
        let post = try parse("---\ntitle: t\ndate: 2011-03-18T03:17:12.000Z\n---\n")
        #expect(post.publishedAt.map(RFC3339.format) == "2011-03-18T03:17:12Z")
    }

    @Test func slugAndPermalink_winOverTheFileName() throws {
        #expect(try parse("---\ntitle: t\nslug: my-slug\n---\n").slug == "my-slug")
        #expect(try parse("---\ntitle: t\npermalink: /blog/2020/hello.html\n---\n").slug == "hello")
    }

    @Test func unknownKeys_areKeptAsTypedJSON() throws {
        let post = try parse(
            "---\ntitle: t\nhidden: true\ncount: 3\nratio: 0.5\nnote: ~\nlist: [1, two]\nmap: {a: b}\n---\n")
        #expect(
            post.extraJSON == #"{"hidden":true,"count":3,"ratio":0.5,"note":null,"list":[1,"two"],"map":{"a":"b"}}"#)
    }

    @Test func badInput_failsWithAReasonThatSaysWhy() {
        #expect(error([0x2D, 0x2D, 0x2D, 0x0A, 0x00]) == .binary)
        #expect(error(Array("---\ntitle: caf".utf8) + [0xC3, 0x28] + Array("\n---\n".utf8)) == .notUTF8(offset: 14))
        #expect(error(Array("just text, no front matter\n".utf8)) == .missingFrontMatter)
        #expect(error(Array("---\ntitle: open\nbody".utf8)) == .unterminatedFrontMatter)
        #expect(error(Array("---\n- a list\n---\n".utf8)) == .frontMatterNotMapping)
        #expect(error(Array("---\nauthor: x\n---\n".utf8)) == .missingTitle)
        #expect(error(Array("---\ntitle: ''\n---\n".utf8)) == .missingTitle)
        if case .invalidYAML = error(Array("---\ntitle: [unclosed\n---\n".utf8)) {
        } else {
            Issue.record("broken YAML must be reported as invalid YAML")
        }
        if case .invalidField(name: "date", _) = error(Array("---\ntitle: t\ndate: someday\n---\n".utf8)) {
        } else {
            Issue.record("an unreadable date must name the field")
        }
        if case .invalidField(name: "categories", _) = error(Array("---\ntitle: t\ncategories: {a: b}\n---\n".utf8)) {
        } else {
            Issue.record("a mapping as categories must name the field")
        }
    }

    @Test func oversizedPost_isRefusedBeforeParsing() {
        let small = PostParser(configuration: IngestConfiguration(maxPostBytes: 2_048))
        let big = Array("---\ntitle: t\n---\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 4_096)
        #expect(throws: IngestError.tooLarge(bytes: big.count, limit: 2_048)) { try small.parse(big, fileName: nil) }
    }
}

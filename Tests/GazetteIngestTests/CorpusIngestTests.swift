import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

@testable import GazetteIngest

/// Ingests the whole of `../shared/corpus` and checks what a reader of the API would see.
@Suite(.serialized)
struct CorpusIngestTests {
    static let qrFooter = "https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"

    /// Files of the corpus that are not posts, and the reason each must fail with.
    static let expectedFailures: [String: String] = ["SOURCES.md": "no front matter"]

    @Test(.enabled(if: CorpusLocator.isPresent, CorpusLocator.skipReason))
    func wholeCorpus_storesEveryPostFile_andFailsOnlyForTheRightReasons() throws {
        let corpus = try #require(CorpusLocator.corpus)
        // Counted from the folder, so a folder added to the corpus is covered without editing.
        let files = CorpusLocator.postFiles(in: corpus)
        #expect(files.count > Self.expectedFailures.count, "no post files found under \(corpus.path)")
        let folder = try TemporaryFolder()
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store)
        let summary = try ingestor.ingest(paths: [corpus.path])
        for failure in summary.failures {
            let name = URL(fileURLWithPath: failure.path).lastPathComponent
            let expected = try #require(
                Self.expectedFailures[name], "unexpected failure: \(failure.path): \(failure.reason)")
            #expect(failure.reason.contains(expected), "\(name): \(failure.reason)")
        }
        #expect(summary.failed == Self.expectedFailures.count)
        // Every file is accounted for, and every post is an article of its own (the corpus has
        // no two posts with the same bytes).
        #expect(summary.added + summary.updated + summary.unchanged + summary.failed == files.count)
        #expect(summary.added == files.count - Self.expectedFailures.count, "\(summary.line)")
        #expect(try store.reader.articleCount() == summary.added)

        let again = try ingestor.ingest(paths: [corpus.path])
        #expect(again.line == "added 0, updated 0, unchanged \(summary.added), failed \(summary.failed)")
    }

    @Test(.enabled(if: CorpusLocator.isPresent, CorpusLocator.skipReason))
    func sinaPosts_haveExactFrontMatterAndCleanBodies() throws {
        let corpus = try #require(CorpusLocator.corpus)
        let sina = corpus.appendingPathComponent("rsshub-page-sina")
        let folder = try TemporaryFolder()
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let summary = try Ingestor(store: store).ingest(paths: [sina.path])
        #expect(summary.line == "added 29, updated 0, unchanged 0, failed 0")

        let files = try FileManager.default.contentsOfDirectory(atPath: sina.path).filter { $0.hasSuffix(".md") }
        #expect(files.count == 29)
        for file in files {
            let text = try String(contentsOf: sina.appendingPathComponent(file), encoding: .utf8)
            let oracle = try #require(SinaFrontMatter(text), "cannot read the front matter of \(file)")
            let slug = String(file.dropLast(3))
            let article = try #require(try store.reader.article(idOrSlug: slug), "\(file) not stored")
            #expect(article.title == oracle.title, "\(file)")
            #expect(article.author == oracle.author, "\(file)")
            #expect(article.categories == oracle.categories, "\(file)")
            #expect(article.publishedAt == oracle.date, "\(file)")

            let body = oracle.body
            for forbidden in ["<style", "<script", "<!--", "appendQr", "&#123;", "新浪财经APP", "海量资讯"] {
                #expect(!article.bodyHTML.contains(forbidden), "\(file): body_html contains \(forbidden)")
            }
            if body.contains("责任编辑") { #expect(article.editor?.isEmpty == false, "\(file): editor") }
            if body.contains("原标题") { #expect(article.originalTitle?.isEmpty == false, "\(file): original_title") }
            if body.contains("来源：") || body.contains("来源|") {
                #expect(article.source?.isEmpty == false, "\(file): source")
            }
            #expect(article.thumbnail != Self.qrFooter && article.headimg != Self.qrFooter, "\(file): QR thumbnail")
            #expect(!article.images.contains { $0.src == Self.qrFooter }, "\(file): QR image")
            for paragraph in SinaFrontMatter.visibleParagraphs(of: body) {
                #expect(
                    SinaFrontMatter.folded(article.bodyText).contains(SinaFrontMatter.folded(paragraph)),
                    "\(file): body_text lost the paragraph «\(paragraph.prefix(40))»")
            }
        }
        // Values checked by hand against the posts.
        let bribery = try #require(try store.reader.article(idOrSlug: "\"倒查20年\"，挽回损失523亿！"))
        #expect(bribery.editor == "李琳琳")
        #expect(bribery.publishedAt.map(RFC3339.format) == "2021-11-06T09:13:06Z")
        #expect(bribery.thumbnail?.hasSuffix("0d5b-902058d68719f3a15fcabdebcf3b63dc.png") == true)
    }
}

/// An independent reading of a Sina post's front matter (line by line, no YAML library) and
/// of its visible paragraphs, to check the ingest against.
struct SinaFrontMatter {
    var title = ""
    var author: String?
    var categories: [String] = []
    var date: Int64?
    var body = ""

    init?(_ text: String) {
        // The posts start with "\n---\n": the front matter is the text between the first two fences.
        let parts = text.components(separatedBy: "---\n")
        guard parts.count >= 3, parts[0].allSatisfy(\.isWhitespace) else { return nil }
        let lines = parts[1].components(separatedBy: "\n")
        body = parts.dropFirst(2).joined(separator: "---\n")
        var inCategories = false
        for line in lines {
            if line.hasPrefix(" - "), inCategories {
                categories.append(String(line.dropFirst(3)))
                continue
            }
            inCategories = line.hasPrefix("categories:")
            if line.hasPrefix("title: ") {
                var value = String(line.dropFirst(7))
                if value.hasPrefix("'") && value.hasSuffix("'") {
                    value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                }
                title = value
            } else if line.hasPrefix("author: ") {
                author = String(line.dropFirst(8))
            } else if line.hasPrefix("date: ") {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
                date = formatter.date(from: String(line.dropFirst(6))).map { Int64($0.timeIntervalSince1970) }
            }
        }
    }

    /// The text of every `<p>` outside comments and the footer that is article content (not
    /// the editor, original-title or source lines).
    static func visibleParagraphs(of body: String) -> [String] {
        var text = body
        while let start = text.range(of: "<!--"),
            let end = text.range(of: "-->", range: start.upperBound..<text.endIndex)
        {
            text.removeSubrange(start.lowerBound..<end.upperBound)
        }
        var paragraphs: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<p"),
            let close = rest.range(of: "</p>", range: open.upperBound..<rest.endIndex)
        {
            let inner = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            guard let gt = inner.firstIndex(of: ">") else { continue }
            var plain = ""
            var inTag = false
            for character in inner[inner.index(after: gt)...] {
                if character == "<" {
                    inTag = true
                } else if character == ">" {
                    inTag = false
                } else if !inTag {
                    plain.append(character)
                }
            }
            plain = plain.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"")
            let trimmed = plain.trimmingWhitespace()
            if trimmed.isEmpty || ["责任编辑", "原标题", "来源：", "来源|"].contains(where: trimmed.contains) { continue }
            paragraphs.append(trimmed)
        }
        return paragraphs
    }

    /// Whitespace removed entirely, so layout differences do not matter.
    static func folded(_ text: String) -> String { String(text.filter { !$0.isWhitespace }) }
}

import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

@testable import GazetteIngest

struct IngestorTests {
    func post(_ title: String, body: String = "Hello **world**.", extra: String = "") -> String {
        "---\ntitle: \(title)\ndate: 2024-01-02 03:04:05\n\(extra)---\n\(body)\n"
    }

    @Test func folderIngest_addsThenReportsUnchanged() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(post("One"), to: "a/2024-01-02-one.md")
        _ = try folder.write(post("Two"), to: "b/two.markdown")
        _ = try folder.write("not a post", to: "b/notes.txt")
        _ = try folder.write(post("Hidden"), to: ".git/hidden.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store)
        let first = try ingestor.ingest(paths: [folder.path])
        #expect(first.line == "added 2, updated 0, unchanged 0, failed 0")
        let again = try ingestor.ingest(paths: [folder.path])
        #expect(again.line == "added 0, updated 0, unchanged 2, failed 0")
        #expect(
            try store.reader.article(idOrSlug: "2024-01-02-one")?.bodyHTML.contains("<strong>world</strong>") == true)
    }

    @Test func editedPost_updatesOnlyThatArticleKeepingIDAndSlug() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(post("One"), to: "one.md")
        _ = try folder.write(post("Two"), to: "two.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store, clock: { 1_000 })
        _ = try ingestor.ingest(paths: [folder.path])
        let before = try #require(try store.reader.article(idOrSlug: "one"))
        let other = try #require(try store.reader.article(idOrSlug: "two"))
        try Data(post("One, edited", body: "New body.").utf8).write(to: file)
        let later = Ingestor(store: store, clock: { 2_000 })
        #expect(try later.ingest(paths: [folder.path]).line == "added 0, updated 1, unchanged 1, failed 0")
        let after = try #require(try store.reader.article(idOrSlug: "one"))
        #expect(after.id == before.id && after.title == "One, edited" && after.bodyText == "New body.")
        #expect(after.ingestedAt == 1_000 && after.updatedAt == 2_000)
        #expect(try store.reader.article(idOrSlug: "two") == other)
    }

    @Test func failingFiles_areReportedWithPathAndReason_andDoNotStopTheRest() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(post("Good"), to: "good.md")
        let bad = try folder.write("no front matter here", to: "bad.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let summary = try Ingestor(store: store).ingest(paths: [
            folder.path, folder.url.appendingPathComponent("missing").path,
        ])
        #expect(summary.added == 1)
        #expect(
            summary.failures.map(\.path).sorted()
                == [bad.path, folder.url.appendingPathComponent("missing").path].sorted())
        #expect(summary.failures.contains { $0.reason.contains("front matter") })
        #expect(summary.failures.contains { $0.reason.contains("no such file") })
    }

    @Test func identicalFilesAtTwoPaths_makeOneArticle() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(post("Same"), to: "x/same.md")
        _ = try folder.write(post("Same"), to: "y/same.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let summary = try Ingestor(store: store).ingest(paths: [folder.path])
        #expect(summary.line == "added 1, updated 0, unchanged 1, failed 0")
        #expect(try store.reader.articleCount() == 1)
    }

    @Test func movedFolder_keepsItsArticles() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(post("Moving"), to: "old/moving.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store)
        _ = try ingestor.ingest(paths: [folder.url.appendingPathComponent("old").path])
        let id = try #require(try store.reader.article(idOrSlug: "moving")?.id)
        try FileManager.default.moveItem(
            at: folder.url.appendingPathComponent("old"), to: folder.url.appendingPathComponent("new"))
        let newFolder = folder.url.appendingPathComponent("new")
        #expect(try ingestor.ingest(paths: [newFolder.path]).line == "added 0, updated 0, unchanged 1, failed 0")
        // The new path is adopted: editing the moved file now updates the same article.
        try Data(post("Moving on").utf8).write(to: newFolder.appendingPathComponent("moving.md"))
        #expect(try ingestor.ingest(paths: [newFolder.path]).updated == 1)
        #expect(try store.reader.article(id: id)?.title == "Moving on")
    }

    @Test func parseWidth_leavesTheWriterAProcessor_unlessSet() {
        #expect(IngestConfiguration().parseWidth(processors: 2) == 1)
        #expect(IngestConfiguration().parseWidth(processors: 8) == 7)
        #expect(IngestConfiguration().parseWidth(processors: 1) == 1)
        #expect(IngestConfiguration(parseThreads: 3).parseWidth(processors: 2) == 3)
    }

    /// Each parse thread takes the next file as it finishes: every file of every batch is
    /// parsed exactly once, whatever the width, and the same articles come out.
    @Test(arguments: [1, 3, 5])
    func everyParseWidth_ingestsEveryFileOnce(threads: Int) throws {
        let folder = try TemporaryFolder()
        for index in 0..<37 { _ = try folder.write(post("Post \(index)"), to: "p/post-\(index).md") }
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let configuration = IngestConfiguration(batchSize: 8, parseThreads: threads)
        let summary = try Ingestor(store: store, configuration: configuration).ingest(paths: [folder.path])
        #expect(summary.line == "added 37, updated 0, unchanged 0, failed 0")
        for index in 0..<37 { #expect(try store.reader.article(idOrSlug: "post-\(index)")?.title == "Post \(index)") }
    }

    @Test func batchesSmallerThanTheFolder_commitEverything() throws {
        let folder = try TemporaryFolder()
        for n in 0..<57 { _ = try folder.write(post("Post \(n)"), to: "p\(n).md") }
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        var reports: [IngestProgress] = []
        let summary = try Ingestor(store: store, configuration: IngestConfiguration(batchSize: 10))
            .ingest(paths: [folder.path]) { reports.append($0) }
        #expect(summary.added == 57)
        #expect(try store.reader.articleCount() == 57)
        #expect(reports.last == IngestProgress(done: 57, total: 57))
    }
}

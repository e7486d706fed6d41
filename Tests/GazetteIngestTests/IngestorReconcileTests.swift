import Foundation
import GazetteCore
import GazetteStore
import TestSupport
import Testing

@testable import GazetteIngest

/// The fast reconcile (size and mtime instead of reading) and `prune`.
struct IngestorReconcileTests {
    func post(_ title: String, body: String = "Hello.") -> String {
        "---\ntitle: \(title)\ndate: 2024-01-02 03:04:05\n---\n\(body)\n"
    }

    func setModificationTime(_ file: URL, to date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
    }

    func modificationTime(_ file: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
    }

    @Test func unchangedStamp_isNotRead_andTheDocumentedLimitHolds() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(post("Kept", body: "AAAA"), to: "posts/kept.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store)
        #expect(try ingestor.ingest(paths: [folder.path]).line == "added 1, updated 0, unchanged 0, failed 0")

        // Touched, same bytes: unchanged (read and hashed once, then its new stamp is stored).
        try setModificationTime(file, to: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try ingestor.ingest(paths: [folder.path]).line == "added 0, updated 0, unchanged 1, failed 0")

        // The limit README documents: other bytes of the same size with the mtime set back are
        // not noticed, which shows the file was not read.
        let stamp = try modificationTime(file)
        try Data(post("Kept", body: "BBBB").utf8).write(to: file)
        try setModificationTime(file, to: stamp)
        #expect(try ingestor.ingest(paths: [folder.path]).line == "added 0, updated 0, unchanged 1, failed 0")
        #expect(try store.reader.article(idOrSlug: "kept")?.bodyText == "AAAA")

        // The same rewrite with a new mtime is read and updates the article.
        try setModificationTime(file, to: stamp.addingTimeInterval(1))
        #expect(try ingestor.ingest(paths: [folder.path]).line == "added 0, updated 1, unchanged 0, failed 0")
        #expect(try store.reader.article(idOrSlug: "kept")?.bodyText == "BBBB")
    }

    @Test func movedFile_adoptedWithTheNewFilesStamp() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(post("Moving"), to: "a/moving.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let ingestor = Ingestor(store: store)
        _ = try ingestor.ingest(paths: [folder.path])
        let id = try #require(try store.reader.article(idOrSlug: "moving")?.id)
        let moved = folder.url.appendingPathComponent("b/moving.md")
        try FileManager.default.createDirectory(
            at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: file, to: moved)
        #expect(try ingestor.ingest(paths: [folder.path]).line == "added 0, updated 0, unchanged 1, failed 0")
        var keys: [StoredArticleKey] = []
        try store.forEachKey { keys.append($0) }
        #expect(keys.count == 1 && keys[0].id == id && keys[0].sourcePath == moved.path)
        // The old path's stamp went with the adoption; the new file's, as read, is recorded.
        let size = Int64(post("Moving").utf8.count)
        let mtime = try modificationTime(moved).timeIntervalSince1970
        let stamp = try #require(keys[0].sourceStamp)
        #expect(stamp.size == size && abs(Double(stamp.modifiedNanoseconds) / 1e9 - mtime) < 0.001)
    }

    @Test func prune_deletesOnlyGoneFilesUnderThePaths_onWholeComponents_neverHTTPArticles() throws {
        let folder = try TemporaryFolder()
        let gone = try folder.write(post("Gone"), to: "posts/gone.md")
        try folder.write(post("Stays"), to: "posts/sub/stays.md")
        let sibling = try folder.write(post("Sibling"), to: "postsX/sibling.md")
        let store = try ArticleStore(location: .file(folder.url.appendingPathComponent("db.sqlite").path))
        let posts = folder.url.appendingPathComponent("posts").path
        let ingestor = Ingestor(store: store)
        _ = try ingestor.ingest(paths: [posts, folder.url.appendingPathComponent("postsX").path])
        try store.transaction {
            try store.insert(
                Article(slug: "over-http", title: "Over HTTP", contentHash: "sha256:http", ingestedAt: 1, updatedAt: 1),
                sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
        }
        try FileManager.default.removeItem(at: gone)
        try FileManager.default.removeItem(at: sibling)

        let summary = try ingestor.ingest(paths: [posts], prune: true)
        #expect(summary.line == "added 0, updated 0, unchanged 1, failed 0, deleted 1")
        #expect(try store.reader.article(idOrSlug: "gone") == nil)
        // `/…/postsX` is not under `/…/posts`: its gone file is another tree's business.
        #expect(try store.reader.article(idOrSlug: "sibling") != nil)
        #expect(try store.reader.article(idOrSlug: "over-http") != nil)
        #expect(try ingestor.ingest(paths: [posts], prune: true).deleted == 0)
        #expect(try ingestor.ingest(paths: [posts]).deleted == nil)
    }
}

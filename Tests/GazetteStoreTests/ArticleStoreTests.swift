import GazetteCore
import Testing

@testable import GazetteStore

struct ArticleStoreTests {
    func article(
        _ slug: String, title: String = "T", paths: [[String]] = [], tags: [String] = [],
        author: String? = nil, at: Int64? = 1_600_000_000
    ) -> Article {
        Article(
            slug: slug, title: title, author: author, publishedAt: at,
            categoryPaths: paths.compactMap(CategoryPath.init), tags: tags, bodyHTML: "<p>x</p>", bodyText: "x",
            contentHash: "sha256:\(slug)\(title)", ingestedAt: 10, updatedAt: 10)
    }

    @Test func insertedArticle_readsBackEqual() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        var original = article("a", paths: [["金融", "新浪财经", "新浪财经－国內"], ["科技"]], tags: ["x", "y"], author: "新浪财经")
        original.images = [ArticleImage(src: "https://e/1.jpg", alt: "a", caption: "c")]
        original.extraJSON = #"{"comments":false}"#
        let stored = try store.transaction { try store.insert(original, sourcePath: "/p/a.md", ingestVersion: 1) }
        var expected = original
        expected.id = stored.id
        #expect(try store.reader.article(id: stored.id) == expected)
        #expect(try store.reader.article(idOrSlug: "a") == expected)
        #expect(try store.reader.article(idOrSlug: "\(stored.id)") == expected)
    }

    @Test func deletedNewestID_isNeverGivenToAnotherArticle() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let first = try store.insert(article("first"), sourcePath: nil, ingestVersion: 1)
        let newest = try store.insert(article("newest"), sourcePath: nil, ingestVersion: 1)
        #expect(try store.delete(id: newest.id))
        let next = try store.insert(article("next"), sourcePath: nil, ingestVersion: 1)
        #expect(next.id > newest.id && newest.id > first.id)
        #expect(try store.reader.article(id: newest.id) == nil)
    }

    @Test func slugCollision_getsNumberedSuffixes() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let slugs = try (1...3).map { n in
            try store.insert(article("same", title: "t\(n)"), sourcePath: nil, ingestVersion: 1).slug
        }
        #expect(slugs == ["same", "same-2", "same-3"])
    }

    @Test func allDigitSlug_isFoundWhenNoArticleHasThatID() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let stored = try store.insert(article("2021"), sourcePath: nil, ingestVersion: 1)
        #expect(try store.reader.article(idOrSlug: "2021")?.id == stored.id)
        #expect(try store.reader.article(idOrSlug: "999") == nil)
    }

    @Test func categoryCounts_includeDescendantsAndFollowUpdatesAndDeletes() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let a = try store.insert(article("a", paths: [["金融", "新浪财经"]], at: 100), sourcePath: nil, ingestVersion: 1)
        _ = try store.insert(
            article("b", paths: [["金融", "东方财富"], ["金融", "新浪财经"]], at: 200), sourcePath: nil, ingestVersion: 1)
        func counts() throws -> [String: Int] {
            var result: [String: Int] = [:]
            try store.connection.statement("SELECT path, count FROM categories").forEachRow {
                result[$0.string(0)] = $0.int(1)
            }
            return result
        }
        #expect(try counts() == ["金融": 2, "金融 › 新浪财经": 2, "金融 › 东方财富": 1])
        var moved = a
        moved.categoryPaths = [CategoryPath(["科技"])].compactMap { $0 }
        try store.update(moved, sourcePath: nil, ingestVersion: 1)
        #expect(try counts() == ["金融": 1, "金融 › 新浪财经": 1, "金融 › 东方财富": 1, "科技": 1])
        #expect(try store.delete(id: a.id))
        #expect(try counts()["科技"] == 0)
        let latest = try store.connection.statement("SELECT latest_at FROM categories WHERE path = '金融'").first {
            $0.optionalInt64(0)
        }
        #expect(latest == 200)
    }

    @Test func changeLog_recordsUpsertsAndDeletesInOrder() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let a = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        try store.update(a, sourcePath: nil, ingestVersion: 1)
        try store.delete(id: a.id)
        var log: [String] = []
        try store.connection.statement("SELECT slug, change FROM changes ORDER BY seq").forEachRow {
            log.append("\($0.string(0)):\($0.string(1))")
        }
        #expect(log == ["a:upserted", "a:upserted", "a:deleted"])
    }

    @Test func tagAndAuthorCounts_followWrites() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let a = try store.insert(article("a", tags: ["x"], author: "甲"), sourcePath: nil, ingestVersion: 1)
        _ = try store.insert(article("b", tags: ["x", "y"], author: "甲"), sourcePath: nil, ingestVersion: 1)
        try store.delete(id: a.id)
        let x = try store.connection.statement("SELECT count FROM tags WHERE name = 'x'").first { $0.int(0) }
        let author = try store.connection.statement("SELECT count FROM authors WHERE name = '甲'").first { $0.int(0) }
        #expect(x == 1 && author == 1)
        #expect(try store.reader.statistics().tags == 2)
    }

    @Test func everyWrite_bumpsTheDataVersion() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let v0 = try store.reader.dataVersion()
        let a = try store.insert(article("a"), sourcePath: nil, ingestVersion: 1)
        let v1 = try store.reader.dataVersion()
        try store.delete(id: a.id)
        let v2 = try store.reader.dataVersion()
        #expect(v0 < v1 && v1 < v2)
    }

    @Test func failedTransaction_leavesNothingBehind() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.transaction {
                _ = try store.insert(article("a", paths: [["新"]]), sourcePath: nil, ingestVersion: 1)
                throw Boom()
            }
        }
        #expect(try store.reader.articleCount() == 0)
        // The category created in the rolled-back transaction is created again, not reused from a stale cache.
        let b = try store.insert(article("b", paths: [["新"]]), sourcePath: nil, ingestVersion: 1)
        #expect(try store.reader.article(id: b.id)?.categories == ["新"])
    }

    @Test func readOnlyConnection_refusesWrites() throws {
        let db = try TemporaryDatabase()
        _ = try ArticleStore(location: db.location)
        let reader = try Connection(location: db.location, readOnly: true)
        #expect(throws: SQLiteError.self) { try reader.execute("DELETE FROM articles") }
        #expect(try ArticleReader(connection: reader).articleCount() == 0)
    }
}

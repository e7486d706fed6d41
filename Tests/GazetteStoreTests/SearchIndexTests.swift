import GazetteCore
import Testing

@testable import GazetteStore

/// Rebuilding the search index: by `gazette reindex` and when another tokenizer version made it.
struct SearchIndexTests {
    static func seed(_ store: ArticleStore, count: Int) throws -> Set<Int64> {
        var ids: Set<Int64> = []
        try store.transaction {
            for index in 0..<count {
                let article = Article(
                    slug: "s\(index)", title: "第\(index)篇", publishedAt: Int64(index),
                    bodyText: index % 2 == 0 ? "北京疫情通报。" : "上海天气。", contentHash: "h\(index)")
                ids.insert(try store.insert(article, sourcePath: nil, ingestVersion: 1).id)
            }
        }
        return ids
    }

    static func search(_ text: String, _ store: ArticleStore) throws -> (ids: Set<Int64>, total: Int) {
        var query = ArticleQuery()
        query.search = try SearchQuery(parsing: text)
        query.limit = 100
        var ids: Set<Int64> = []
        let listing = try store.reader.list(query) { ids.insert($0.id) }
        return (ids, listing.total)
    }

    @Test func rebuild_inChunks_indexesEveryArticleOnce() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let ids = try Self.seed(store, count: 25)
        let beijing = try Self.search("北京", store)
        #expect(beijing.total == 13)
        try store.connection.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
        #expect(try Self.search("北京", store).total == 0)

        // 25 articles read 10 at a time: three chunks, the last one short.
        #expect(try store.rebuildSearchIndex(chunk: 10) == 25)
        #expect(try Self.search("北京", store) == beijing)
        #expect(try Self.search("上海", store).total == 12)
        #expect(beijing.ids.union(try Self.search("上海", store).ids) == ids)
    }

    @Test func indexMadeByAnotherTokenizerVersion_isRebuiltOnOpen() throws {
        let db = try TemporaryDatabase()
        do {
            let store = try ArticleStore(location: db.location)
            _ = try Self.seed(store, count: 4)
            try store.connection.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            try store.connection.execute("UPDATE search_meta SET tokenizer_version = 0 WHERE id = 1")
            #expect(try !store.reader.isSearchIndexCurrent())
        }
        let reopened = try ArticleStore(location: db.location)
        #expect(try reopened.reader.isSearchIndexCurrent())
        #expect(try Self.search("北京", reopened).total == 2)
    }
    static func article(_ slug: String, body: String) -> Article {
        Article(slug: slug, title: slug, publishedAt: 1, bodyText: body, contentHash: "h-\(slug)")
    }

    // The store queues an article's tokens and gives them to FTS5 just before the commit; these
    // write the same article twice in one transaction, where a queued row must be replaced or
    // dropped rather than deleted from an index that never saw it.

    @Test func insertThenUpdate_inOneTransaction_indexesOnlyTheNewText() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let id = try store.transaction {
            var stored = try store.insert(Self.article("a", body: "北京疫情通报"), sourcePath: nil, ingestVersion: 1)
            stored.bodyText = "上海天气晴朗"
            try store.update(stored, sourcePath: nil, ingestVersion: 1)
            return stored.id
        }
        #expect(try Self.search("北京", store).total == 0)
        #expect(try Self.search("上海天气", store).ids == [id])
        try store.connection.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)")
    }

    @Test func insertThenDelete_inOneTransaction_leavesNothingToFind() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let kept = try store.transaction {
            let gone = try store.insert(Self.article("gone", body: "北京疫情通报"), sourcePath: nil, ingestVersion: 1)
            let kept = try store.insert(Self.article("kept", body: "北京天气"), sourcePath: nil, ingestVersion: 1)
            #expect(try store.delete(id: gone.id))
            return kept.id
        }
        #expect(try Self.search("北京", store).ids == [kept])
        #expect(try Self.search("疫情", store).total == 0)
    }

    @Test func rolledBackTransaction_queuesNothingForTheNext() throws {
        struct Abort: Error {}
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        #expect(throws: Abort.self) {
            try store.transaction {
                try store.insert(Self.article("a", body: "北京疫情通报"), sourcePath: nil, ingestVersion: 1)
                throw Abort()
            }
        }
        let id = try store.insert(Self.article("b", body: "上海天气"), sourcePath: nil, ingestVersion: 1).id
        #expect(try Self.search("北京", store).total == 0)
        #expect(try Self.search("上海", store).ids == [id])
    }

    @Test func searchIndex_flushesAtSixteenMebibytes() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let hashsize = try store.connection.statement("SELECT v FROM search_index_config WHERE k = 'hashsize'")
            .first { $0.int(0) }
        #expect(hashsize == 16 << 20)
    }

    @Test func searchIndex_mergesEightSegmentsAtATime() throws {
        let db = try TemporaryDatabase()
        let store = try ArticleStore(location: db.location)
        let automerge = try store.connection.statement("SELECT v FROM search_index_config WHERE k = 'automerge'")
            .first { $0.int(0) }
        #expect(automerge == 8)
    }
}

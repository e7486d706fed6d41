import Testing

@testable import GazetteStore

struct ConnectionTests {
    private static func pragma(_ name: String, _ connection: Connection) throws -> Int? {
        try connection.statement("PRAGMA \(name)").first { $0.int(0) }
    }

    @Test func writer_usesTheWriterCacheAndCheckpointInterval() throws {
        let db = try TemporaryDatabase()
        let configuration = StoreConfiguration(
            cacheSizeKiB: 2_048, writerCacheSizeKiB: 65_536, walAutocheckpointPages: 3_000)
        let writer = try Connection(location: db.location, configuration: configuration)
        // A negative cache_size is in KiB (https://sqlite.org/pragma.html#pragma_cache_size).
        #expect(try Self.pragma("cache_size", writer) == -65_536)
        #expect(try Self.pragma("wal_autocheckpoint", writer) == 3_000)
    }

    @Test func reader_keepsTheSmallCache() throws {
        let db = try TemporaryDatabase()
        let configuration = StoreConfiguration(cacheSizeKiB: 2_048, writerCacheSizeKiB: 65_536)
        _ = try Connection(location: db.location, configuration: configuration)
        let reader = try Connection(location: db.location, readOnly: true, configuration: configuration)
        #expect(try Self.pragma("cache_size", reader) == -2_048)
    }

    @Test func bulkWrites_checkpointLessOften_andNothingElseChanges() throws {
        let configuration = StoreConfiguration(walAutocheckpointPages: 900, bulkWALAutocheckpointPages: 7_000)
        let bulk = configuration.forBulkWrites()
        #expect(bulk.walAutocheckpointPages == 7_000)
        var back = bulk
        back.walAutocheckpointPages = 900
        #expect(back == configuration)
        let db = try TemporaryDatabase()
        let writer = try Connection(location: db.location, configuration: bulk)
        #expect(try Self.pragma("wal_autocheckpoint", writer) == 7_000)
        #expect(StoreConfiguration().walAutocheckpointPages == 1_000)
    }
}

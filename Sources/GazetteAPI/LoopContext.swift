import GazetteStore

/// What one event loop owns: a read-only SQLite connection (with its prepared statements) and
/// a response cache.
///
/// Thread safety: the server runs every request of a loop on that loop's serial queue, and the
/// app hands a request only the context of `request.loopIndex`; so each context is used by one
/// thread at a time and never concurrently. That is what justifies `@unchecked Sendable`.
final class LoopContext: @unchecked Sendable {
    let connection: Connection
    var reader: ArticleReader { ArticleReader(connection: connection) }
    var cache: ResponseCache
    /// SQLite's per-connection change counter (`PRAGMA data_version`), last seen.
    private var sqliteVersion: Int64 = -1
    /// The schema's data version (`data_version.version`), re-read when SQLite's counter moves.
    private var dataVersion: Int64 = 0

    init(connection: Connection, cacheEntries: Int) {
        self.connection = connection
        cache = ResponseCache(capacity: cacheEntries)
    }

    /// The current data version, for ETags and the cache.
    ///
    /// `PRAGMA data_version` changes only when another connection commits
    /// (https://sqlite.org/pragma.html#pragma_data_version), so the common case costs one
    /// pragma step and no table read.
    func currentDataVersion() throws -> Int64 {
        let counter = try connection.statement("PRAGMA data_version").first { $0.int64(0) } ?? 0
        if counter != sqliteVersion {
            dataVersion = try reader.dataVersion()
            sqliteVersion = counter
        }
        return dataVersion
    }
}

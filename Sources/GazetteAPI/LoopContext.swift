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

    /// When SQLite was last asked, and the app's count of its own writes then.
    private var checkedAt: ContinuousClock.Instant?
    private var writesWhenChecked = 0

    /// How long a data version read from SQLite is trusted without asking again, when this
    /// process has written nothing since: a cached response then needs no read transaction
    /// (SQLite's is two `fcntl` locks and an `fstat` per request). A commit by another process
    /// is seen at most this late; one by this process at once (see ``currentDataVersion(writes:)``).
    static let trustedFor: Duration = .milliseconds(1)

    /// The data version last read, if it was read within ``trustedFor`` of `now` and `writes`
    /// (the app's count of its own writes) has not moved since; else `nil`.
    func recentDataVersion(now: ContinuousClock.Instant, writes: Int) -> Int64? {
        guard let checkedAt, writes == writesWhenChecked, now - checkedAt < Self.trustedFor else { return nil }
        return dataVersion
    }

    /// The current data version, for ETags and the cache, read inside the request's read
    /// transaction.
    ///
    /// `PRAGMA data_version` changes only when another connection commits
    /// (https://sqlite.org/pragma.html#pragma_data_version), so the common case costs one
    /// pragma step and no table read.
    /// - Parameter writes: the app's count of its own writes, read before this call (so a write
    ///   committing meanwhile is never taken as seen).
    func currentDataVersion(writes: Int) throws -> Int64 {
        let counter = try connection.statement("PRAGMA data_version").first { $0.int64(0) } ?? 0
        if counter != sqliteVersion {
            dataVersion = try reader.dataVersion()
            sqliteVersion = counter
        }
        checkedAt = .now
        writesWhenChecked = writes
        return dataVersion
    }
}

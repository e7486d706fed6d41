import GazetteStore
import Synchronization

/// What one event loop owns: a read-only reader of the store (with its prepared statements) and
/// a response cache.
///
/// Thread safety: the server runs every request of a loop on that loop's serial queue, and the
/// app hands a request only the context of `request.loopIndex`; so each context is used by one
/// thread at a time and never concurrently. That is what justifies `@unchecked Sendable`. Only
/// ``cachedEntries`` and ``cachedBytes`` are read from other loops (by `/metrics`): atomics.
final class LoopContext: @unchecked Sendable {
    let reader: ArticleReader
    private var cache: ResponseCache
    /// The store's data version, last read.
    private var dataVersion: Int64 = 0
    /// The cache's entry count, published after each change for `/metrics`.
    let cachedEntries = Atomic<Int>(0)
    /// The cache's byte count (``ResponseCache/byteCount``), published after each change for `/metrics`.
    let cachedBytes = Atomic<Int>(0)

    init(reader: ArticleReader, cacheLimits: ResponseCache.Limits) {
        self.reader = reader
        cache = ResponseCache(limits: cacheLimits)
    }

    /// The cached response for `key` made under `version` (``ResponseCache/entry(for:version:)``).
    func cachedResponse(for key: String, version: Int64) -> ResponseCache.Entry? {
        let entry = cache.entry(for: key, version: version)
        publishCacheSize()
        return entry
    }

    /// Caches `entry` for `key` under `version` (``ResponseCache/store(_:for:version:)``).
    func cache(_ entry: ResponseCache.Entry, for key: String, version: Int64) {
        cache.store(entry, for: key, version: version)
        publishCacheSize()
    }

    private func publishCacheSize() {
        cachedEntries.store(cache.count, ordering: .relaxed)
        cachedBytes.store(cache.byteCount, ordering: .relaxed)
    }

    /// When the store was last asked, and the app's count of its own writes then.
    private var checkedAt: ContinuousClock.Instant?
    private var writesWhenChecked = 0

    /// How long a data version read from the store is trusted without asking again, when this
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
    /// (``ArticleReading/dataVersion()``: cheap when nothing changed).
    /// - Parameter writes: the app's count of its own writes, read before this call (so a write
    ///   committing meanwhile is never taken as seen).
    func currentDataVersion(writes: Int) throws -> Int64 {
        dataVersion = try reader.dataVersion()
        checkedAt = .now
        writesWhenChecked = writes
        return dataVersion
    }
}

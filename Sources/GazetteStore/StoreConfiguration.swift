/// Settings of a SQLite connection. Every default is the one `config/gazette.yaml` documents.
public struct StoreConfiguration: Sendable, Equatable {
    /// How long a connection waits for a lock held by another before giving up, in milliseconds.
    /// Default 5,000.
    public var busyTimeoutMilliseconds: Int32
    /// Page cache per connection, in KiB. Default 16,384 (16 MiB).
    public var cacheSizeKiB: Int
    /// Page cache of the read-write connection, in KiB, instead of ``cacheSizeKiB``. Default
    /// 131,072 (128 MiB).
    ///
    /// A bulk ingest touches the pages of random-key indexes (slugs, content hashes) all over a
    /// large database, and FTS5 merges read back the segments it wrote; with 16 MiB those pages
    /// were read again from the file (beyond `mmap_size`, one `pread` each). SQLite allocates
    /// the cache as pages are used, so a writer that writes little keeps little.
    public var writerCacheSizeKiB: Int
    /// Pages in the write-ahead log after which a commit copies it into the database (SQLite's
    /// `wal_autocheckpoint`, https://sqlite.org/pragma.html#pragma_wal_autocheckpoint), for the
    /// read-write connection. Default 1,000 (SQLite's own).
    ///
    /// The checkpoint runs inside the commit that crosses the mark, so it delays what that commit
    /// makes visible: a server's live writes (the folder watcher, HTTP posts) keep each checkpoint
    /// short. Bulk ingests use ``bulkWALAutocheckpointPages``.
    public var walAutocheckpointPages: Int
    /// ``walAutocheckpointPages`` for a bulk ingest (``forBulkWrites()``). Default 8,192 (32 MiB
    /// of 4 KiB pages).
    ///
    /// A 500-post ingest batch writes more than 1,000 pages, so each commit was followed by a
    /// checkpoint; with 8,192, pages written by several commits in a row (index interior pages,
    /// FTS5's structure record) are copied once per checkpoint: 100,000 posts took 57.5 s
    /// against 71.3 s with 1,000. In a server the same mark made one watched commit wait 1.5 s
    /// for its checkpoint. Durability is that of the WAL (`synchronous = NORMAL`) whatever the value.
    public var bulkWALAutocheckpointPages: Int
    /// Bytes of the database file memory-mapped for reads. Default 268,435,456 (256 MiB).
    public var mmapSizeBytes: Int64
    /// Prepared statements kept per connection. Default 64.
    public var statementCacheCapacity: Int

    public init(
        busyTimeoutMilliseconds: Int32 = 5_000, cacheSizeKiB: Int = 16_384, writerCacheSizeKiB: Int = 131_072,
        walAutocheckpointPages: Int = 1_000, bulkWALAutocheckpointPages: Int = 8_192,
        mmapSizeBytes: Int64 = 268_435_456, statementCacheCapacity: Int = 64
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.cacheSizeKiB = cacheSizeKiB
        self.writerCacheSizeKiB = writerCacheSizeKiB
        self.walAutocheckpointPages = walAutocheckpointPages
        self.bulkWALAutocheckpointPages = bulkWALAutocheckpointPages
        self.mmapSizeBytes = mmapSizeBytes
        self.statementCacheCapacity = statementCacheCapacity
    }

    /// This configuration for a bulk ingest: checkpoints every ``bulkWALAutocheckpointPages``.
    public func forBulkWrites() -> StoreConfiguration {
        var bulk = self
        bulk.walAutocheckpointPages = bulkWALAutocheckpointPages
        return bulk
    }
}

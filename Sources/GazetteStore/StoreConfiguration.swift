/// Settings of a SQLite connection. Every default is the one `config/gazette.yaml` documents.
public struct StoreConfiguration: Sendable, Equatable {
    /// How long a connection waits for a lock held by another before giving up, in milliseconds.
    /// Default 5,000.
    public var busyTimeoutMilliseconds: Int32
    /// Page cache per connection, in KiB. Default 16,384 (16 MiB).
    public var cacheSizeKiB: Int
    /// Bytes of the database file memory-mapped for reads. Default 268,435,456 (256 MiB).
    public var mmapSizeBytes: Int64
    /// Prepared statements kept per connection. Default 64.
    public var statementCacheCapacity: Int

    public init(
        busyTimeoutMilliseconds: Int32 = 5_000, cacheSizeKiB: Int = 16_384, mmapSizeBytes: Int64 = 268_435_456,
        statementCacheCapacity: Int = 64
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.cacheSizeKiB = cacheSizeKiB
        self.mmapSizeBytes = mmapSizeBytes
        self.statementCacheCapacity = statementCacheCapacity
    }
}

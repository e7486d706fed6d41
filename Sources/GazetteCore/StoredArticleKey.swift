/// What the ingest needs to know of an article already stored to decide add, update or skip.
public struct StoredArticleKey: Sendable, Equatable {
    public let id: Int64
    public let slug: String
    public let contentHash: String
    public let ingestVersion: Int
    public let sourcePath: String?
    /// Size and modification time of the source file when it was last read, `nil` when not
    /// recorded (the ingest then reads and hashes the file).
    public let sourceStamp: FileStamp?

    /// A key as a storage engine read it.
    public init(
        id: Int64, slug: String, contentHash: String, ingestVersion: Int, sourcePath: String?,
        sourceStamp: FileStamp? = nil
    ) {
        self.id = id
        self.slug = slug
        self.contentHash = contentHash
        self.ingestVersion = ingestVersion
        self.sourcePath = sourcePath
        self.sourceStamp = sourceStamp
    }
}

/// A file's size and modification time: what the fast reconcile compares instead of reading.
///
/// Limit: a file rewritten with the same size whose modification time is then set back to the
/// old value (`touch -d`) compares equal, and is not read again.
public struct FileStamp: Sendable, Hashable {
    /// Size in bytes.
    public let size: Int64
    /// Modification time in nanoseconds since 1970-01-01T00:00:00Z.
    public let modifiedNanoseconds: Int64

    /// A stamp as `stat(2)` gave it.
    public init(size: Int64, modifiedNanoseconds: Int64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }
}

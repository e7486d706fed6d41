/// What the ingest needs to know of an article already stored to decide add, update or skip.
public struct StoredArticleKey: Sendable, Equatable {
    public let id: Int64
    public let slug: String
    public let contentHash: String
    public let ingestVersion: Int
    public let sourcePath: String?

    /// A key as a storage engine read it.
    public init(id: Int64, slug: String, contentHash: String, ingestVersion: Int, sourcePath: String?) {
        self.id = id
        self.slug = slug
        self.contentHash = contentHash
        self.ingestVersion = ingestVersion
        self.sourcePath = sourcePath
    }
}

/// What the ingest needs to know of an article already stored to decide add, update or skip.
public struct StoredArticleKey: Sendable, Equatable {
    public let id: Int64
    public let slug: String
    public let contentHash: String
    public let ingestVersion: Int
    public let sourcePath: String?
}

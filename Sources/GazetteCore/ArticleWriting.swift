/// Where the ingest writes articles: what a storage engine offers a writer. Declared here so
/// that the ingest depends on no engine (`GazetteStore`'s `ArticleStore` is the SQLite one).
///
/// Calls come from one thread at a time (the ingest's writer queue).
public protocol ArticleWriting: AnyObject {
    /// Calls `body` with the key fields of every stored article.
    func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws

    /// Calls `body` with the keys of the articles stored from one of `sourcePaths` or with one
    /// of `contentHashes` (an article may come twice): the ingest's snapshot for a few files,
    /// without reading every key.
    func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void) throws

    /// Calls `body` with the keys of the articles whose source path is `root` or lies under it
    /// (`root` + `/`…): the candidates of a prune.
    func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T

    /// Inserts `article` with a fresh id (and a unique slug); returns it as stored.
    @discardableResult
    func insert(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws
        -> Article

    /// Replaces the content of the article with `article.id`, keeping its id and slug.
    func update(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws

    /// Records that the article with `id` now lives at `sourcePath` (its file was moved).
    func adoptSourcePath(_ sourcePath: String, forArticle id: Int64) throws

    /// Deletes the article with `id` (its source file is gone); `false` when there was none.
    @discardableResult
    func delete(id: Int64) throws -> Bool

    /// Records the size and modification time of the file the article at `sourcePath` was just
    /// read from (nothing when no article has that path), so an unchanged file is not read again.
    func recordSourceStamp(_ stamp: FileStamp, forSourcePath sourcePath: String) throws
}

extension ArticleWriting {
    /// By filtering every key; an engine with indexes answers it directly.
    public func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void
    ) throws {
        let paths = Set(sourcePaths)
        let hashes = Set(contentHashes)
        try forEachKey { key in
            if key.sourcePath.map(paths.contains) == true || hashes.contains(key.contentHash) { try body(key) }
        }
    }

    /// By filtering every key; an engine with indexes answers it directly.
    public func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws {
        try forEachKey { key in
            guard let path = key.sourcePath,
                roots.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") })
            else { return }
            try body(key)
        }
    }
}

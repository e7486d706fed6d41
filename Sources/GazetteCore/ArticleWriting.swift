/// Where the ingest writes articles: what a storage engine offers a writer. Declared here so
/// that the ingest depends on no engine (`GazetteStore`'s `ArticleStore` is the SQLite one).
///
/// Calls come from one thread at a time (the ingest's writer queue).
public protocol ArticleWriting: AnyObject {
    /// Calls `body` with the key fields of every stored article.
    func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws

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

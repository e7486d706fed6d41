import GazetteCore
import GazetteIngest
import GazetteStore
import Synchronization

extension GazetteApp {
    /// The app's writer as an ``ArticleWriting``, for a ``FolderWatcher``: each transaction
    /// takes the writer's lock for its duration, so watched files and HTTP writes take turns on
    /// the one connection, and after each commit the app notices the write as it does an HTTP
    /// write (caches, streams, the webhook worker).
    public func sharedWriter() -> any ArticleWriting {
        LockedArticleWriter(app: self)
    }

    /// Tells the app how to read the folder watcher's state (for `/readyz` and `/metrics`).
    public func observeWatcher(_ status: @escaping @Sendable () -> WatchStatus) {
        watchStatus.withLock { $0 = status }
    }

    /// The watcher's state, `nil` when no folder is watched.
    var currentWatchStatus: WatchStatus? { watchStatus.withLock { $0 }?() }

    /// After a write that did not come over HTTP: every loop asks the store again, and streams
    /// and the webhook worker look for the new changes.
    func noticeWrite() {
        localWrites.add(1, ordering: .releasing)
        streams.signal()
        for observer in writeObservers.withLock({ $0 }) { observer() }
    }
}

/// ``ArticleWriting`` through the app's writer lock.
///
/// Thread safety: the store is reached only under `GazetteApp.writer`'s `Mutex`: a transaction
/// holds it throughout, and the writes the ingest makes inside the transaction (on the thread
/// that runs it) use the store the transaction holds, kept in `held` (a `Mutex` too). That is
/// what justifies `@unchecked Sendable`.
private final class LockedArticleWriter: ArticleWriting, @unchecked Sendable {
    private weak var app: GazetteApp?
    private let held = Mutex<ArticleStoreBox?>(nil)

    init(app: GazetteApp) { self.app = app }

    private func withStore<T>(_ body: (ArticleStore) throws -> T) throws -> T {
        if let box = held.withLock({ $0 }) { return try body(box.store) }
        guard let app else { throw SQLiteError(code: 21, message: "the server is shutting down") }
        var result: T?
        try app.writer.withLock { box in result = try body(box.store) }
        guard let result else { throw SQLiteError(code: 21, message: "the write did not run") }
        return result
    }

    func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws {
        try withStore { try $0.forEachKey(body) }
    }

    func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void
    ) throws {
        try withStore { try $0.forEachKey(sourcePaths: sourcePaths, contentHashes: contentHashes, body) }
    }

    func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws {
        try withStore { try $0.forEachKey(sourcePathsUnder: roots, body) }
    }

    func transaction<T>(_ body: () throws -> T) throws -> T {
        guard let app else { throw SQLiteError(code: 21, message: "the server is shutting down") }
        var result: T?
        defer { app.noticeWrite() }
        try app.writer.withLock { box in
            held.withLock { $0 = box }
            defer { held.withLock { $0 = nil } }
            result = try box.store.transaction(body)
        }
        guard let result else { throw SQLiteError(code: 21, message: "the transaction did not run") }
        return result
    }

    func insert(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws
        -> Article
    {
        try withStore { try $0.insert(article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search) }
    }

    func update(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws {
        try withStore { try $0.update(article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search) }
    }

    func adoptSourcePath(_ sourcePath: String, forArticle id: Int64) throws {
        try withStore { try $0.adoptSourcePath(sourcePath, forArticle: id) }
    }

    func delete(id: Int64) throws -> Bool {
        try withStore { try $0.delete(id: id) }
    }

    func recordSourceStamp(_ stamp: FileStamp, forSourcePath sourcePath: String) throws {
        try withStore { try $0.recordSourceStamp(stamp, forSourcePath: sourcePath) }
    }
}

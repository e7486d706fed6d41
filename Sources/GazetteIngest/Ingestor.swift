import Dispatch
import Foundation
import GazetteCore
import Logging
import Synchronization

/// Ingests post files into the store: idempotent, parallel, crash-safe.
///
/// - Files are parsed and cleaned on all cores (`parserThreads`), while one writer commits the
///   previous batch in a single transaction: a `kill -9` loses at most the batches in flight,
///   and the next run completes them.
/// - A file whose bytes (and the ingest rules) are unchanged since it was stored is skipped
///   without parsing. A changed file updates its article, keeping id and slug. A file with the
///   same bytes as an article stored from another path is that article (unchanged); when that
///   article's file no longer exists, the new path is adopted (the folder was moved).
/// - A file whose size and modification time (nanoseconds) are those recorded when it was last
///   read is unchanged without being opened: a no-op run is a walk, a `stat` per file and one
///   snapshot query. (A file rewritten with the same size and its mtime set back is missed.)
/// - With `prune`, articles whose source file was under one of the paths and is gone are
///   deleted; articles posted over HTTP (no source file) never are.
///
/// It writes through ``ArticleWriting`` (GazetteCore), which the SQLite `ArticleStore`
/// implements: the ingest knows no storage engine.
public final class Ingestor {
    private let store: any ArticleWriting
    private let configuration: IngestConfiguration
    private let builder: ArticleBuilder
    private let logger: Logger
    private let clock: @Sendable () -> Int64
    private let runsOnCallingThread: Bool

    /// An ingest writing to `store`.
    ///
    /// - Parameter runsOnCallingThread: parse, hash and commit on the thread that calls
    ///   ``ingest(paths:prune:progress:)``, one file after another, instead of on Dispatch's pool
    ///   and a writer queue: the folder watcher's small batches, so that its thread's lower
    ///   scheduling priority covers all of its work.
    public init(
        store: any ArticleWriting, configuration: IngestConfiguration = IngestConfiguration(),
        logger: Logger = Logger(label: "gazette.ingest"),
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
        runsOnCallingThread: Bool = false
    ) {
        self.store = store
        self.configuration = configuration
        self.builder = ArticleBuilder(configuration: configuration)
        self.logger = logger
        self.clock = clock
        self.runsOnCallingThread = runsOnCallingThread
    }

    /// Runs `body` for every index below `count`: in parallel, or in order on the calling thread.
    private func forEachIndex(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard !runsOnCallingThread else {
            for index in 0..<count { body(index) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// What was stored before this run, keyed for the parse stage's decisions.
    private struct Snapshot: Sendable {
        var byPath: [String: StoredArticleKey] = [:]
        var byHash: [String: StoredArticleKey] = [:]
    }

    /// Ingests the files and folders at `paths`.
    ///
    /// - Parameters:
    ///   - prune: afterwards, delete the articles whose source file was under one of `paths` and
    ///     no longer exists (`gazette ingest --prune`); the summary's `deleted` is then set.
    ///   - progress: called on the calling thread after each batch.
    /// - Throws: what the store throws when the database fails (files that fail are reported in the
    ///   summary instead).
    public func ingest(paths: [String], prune: Bool = false, progress: ((IngestProgress) -> Void)? = nil) throws
        -> IngestSummary
    {
        let (files, missing) = PostFileFinder(extensions: configuration.extensions).find(paths)
        var summary = IngestSummary()
        summary.failures = missing
        let snapshot =
            try files.count <= Self.targetedSnapshotLimit && paths.count == files.count
            && missing.isEmpty && paths.allSatisfy({ PostFileSystem.kind(of: $0) == .file })
            ? loadSnapshot(of: files) : loadSnapshot()
        let writerQueue = DispatchQueue(label: "gazette.ingest.writer")
        let box = WriterState(store: store)
        let batchSize = max(1, configuration.batchSize)
        // At most two batches wait for the writer: memory stays bounded whatever the corpus.
        let inFlight = DispatchSemaphore(value: 2)
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            start += batch.count
            let (outcomes, stamps) = parse(batch, snapshot: snapshot)
            if runsOnCallingThread {
                box.commit(batch: batch, outcomes: outcomes, stamps: stamps)
                if let error = box.shared.withLock({ $0.error }) { throw error }
                progress?(IngestProgress(done: box.shared.withLock { $0.committed }, total: files.count))
                continue
            }
            // Waits only when two batches are already queued; never for the batch being written,
            // so parsing the next batch overlaps writing this one.
            inFlight.wait()
            if let error = box.shared.withLock({ $0.error }) {
                inFlight.signal()
                throw error
            }
            writerQueue.async {
                defer { inFlight.signal() }
                box.commit(batch: batch, outcomes: outcomes, stamps: stamps)
            }
            // Report what is committed, not merely parsed.
            progress?(IngestProgress(done: box.shared.withLock { $0.committed }, total: files.count))
        }
        writerQueue.sync {}
        if let error = box.shared.withLock({ $0.error }) { throw error }
        summary.added = box.summary.added
        summary.updated = box.summary.updated
        summary.unchanged = box.summary.unchanged
        summary.failures += box.summary.failures
        if prune {
            summary.deleted = try self.prune(under: paths, keeping: Set(files))
        }
        progress?(IngestProgress(done: files.count, total: files.count))
        return summary
    }

    /// Deletes the articles whose source file was under one of `paths` (whole path components:
    /// `/a/b` owns `/a/b/x.md`, not `/a/bc/x.md`) and no longer exists.
    ///
    /// Articles without a source file (posted over HTTP) are never deleted.
    /// - Parameter present: files known to exist (found by the walk just made), not checked again.
    /// - Returns: the number of articles deleted.
    @discardableResult
    public func prune(under paths: [String], keeping present: Set<String> = []) throws -> Int {
        let roots = paths.map(PostFileFinder.absolute).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        var gone: [Int64] = []
        var seen: Set<Int64> = []
        try store.forEachKey(sourcePathsUnder: roots) { key in
            guard let path = key.sourcePath, !present.contains(path),
                roots.contains(where: { path.hasPrefix($0) || path + "/" == $0 }), seen.insert(key.id).inserted
            else { return }
            if PostFileSystem.kind(of: path) != .file { gone.append(key.id) }
        }
        let batchSize = max(1, configuration.batchSize)
        var deleted = 0
        var start = 0
        while start < gone.count {
            let batch = gone[start..<min(start + batchSize, gone.count)]
            start += batch.count
            deleted += try store.transaction {
                var count = 0
                for id in batch where try store.delete(id: id) { count += 1 }
                return count
            }
        }
        return deleted
    }

    /// Files named one by one (the folder watcher's batches) up to this many get a snapshot of
    /// their own keys (index lookups) instead of every key (100,000 keys take about half a second).
    static let targetedSnapshotLimit = 1_000

    /// The snapshot for `files` alone: the keys stored from their paths, and from their content
    /// hashes (read here, except for files whose stamp shows them unchanged).
    private func loadSnapshot(of files: [String]) throws -> Snapshot {
        var snapshot = Snapshot()
        try store.forEachKey(sourcePaths: files, contentHashes: []) { key in
            if let path = key.sourcePath { snapshot.byPath[path] = key }
        }
        let maxBytes = configuration.maxPostBytes
        let version = ArticleBuilder.ingestVersion
        let toHash = files.filter { file in
            guard let stored = snapshot.byPath[file], stored.ingestVersion == version, let stamp = stored.sourceStamp
            else { return true }
            return PostFileSystem.stamp(of: file) != stamp
        }
        let hashes = ResultSlots<String>(count: toHash.count)
        forEachIndex(toHash.count) { index in
            // A file that cannot be read is reported by the parse stage.
            if let bytes = try? PostFileSystem.read(toHash[index], maxBytes: maxBytes) {
                hashes.set(ArticleBuilder.contentHash(of: bytes), at: index)
            }
        }
        try store.forEachKey(sourcePaths: [], contentHashes: hashes.values().compactMap { $0 }) { key in
            if let path = key.sourcePath { snapshot.byPath[path] = key }
            if snapshot.byHash[key.contentHash] == nil { snapshot.byHash[key.contentHash] = key }
        }
        return snapshot
    }

    private func loadSnapshot() throws -> Snapshot {
        var snapshot = Snapshot()
        try store.forEachKey { key in
            if let path = key.sourcePath { snapshot.byPath[path] = key }
            if snapshot.byHash[key.contentHash] == nil { snapshot.byHash[key.contentHash] = key }
        }
        return snapshot
    }

    /// Reads, hashes and (when needed) builds every file of the batch, in parallel; with each
    /// outcome, the stamp of the file as read (`nil` when it was not read).
    private func parse(_ batch: [String], snapshot: Snapshot) -> ([FileOutcome], [FileStamp?]) {
        let slots = ResultSlots<FileOutcome>(count: batch.count)
        let stampSlots = ResultSlots<FileStamp>(count: batch.count)
        let builder = self.builder
        let now = clock()
        let maxBytes = configuration.maxPostBytes
        forEachIndex(batch.count) { index in
            var stamp: FileStamp?
            slots.set(
                Self.outcome(
                    for: batch[index], snapshot: snapshot, builder: builder, now: now, maxBytes: maxBytes,
                    stamp: &stamp),
                at: index)
            if let stamp { stampSlots.set(stamp, at: index) }
        }
        return (slots.values().map { $0 ?? .failed("internal error: file was not processed") }, stampSlots.values())
    }

    /// - Parameter stamp: set to the file's size and mtime when it was read.
    private static func outcome(
        for path: String, snapshot: Snapshot, builder: ArticleBuilder, now: Int64, maxBytes: Int,
        stamp: inout FileStamp?
    ) -> FileOutcome {
        let version = ArticleBuilder.ingestVersion
        // The fast path: same size and mtime as when last read, same rules: not opened.
        if let stored = snapshot.byPath[path], stored.ingestVersion == version, let recorded = stored.sourceStamp,
            PostFileSystem.stamp(of: path) == recorded
        {
            return .unchanged(adoptPathFor: nil)
        }
        let bytes: [UInt8]
        do {
            bytes = try PostFileSystem.read(path, maxBytes: maxBytes, stamp: &stamp)
        } catch {
            stamp = nil
            return .failed(error.description)
        }
        let hash = ArticleBuilder.contentHash(of: bytes)
        let existing = snapshot.byPath[path]
        if let existing, existing.contentHash == hash, existing.ingestVersion == version {
            return .unchanged(adoptPathFor: nil)
        }
        if existing == nil, let twin = snapshot.byHash[hash], twin.ingestVersion == version {
            let orphaned = twin.sourcePath.map { !FileManager.default.fileExists(atPath: $0) } ?? true
            return .unchanged(adoptPathFor: orphaned ? twin.id : nil)
        }
        do {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            // The hash made above, not a second digest of the same bytes.
            let article = builder.build(try builder.parser.parse(bytes, fileName: name), contentHash: hash, now: now)
            // Search tokens are made here, on the parallel threads, not by the single writer.
            return .build(
                article, existingID: existing?.id,
                search: SearchDocument(title: article.title, bodyText: article.bodyText))
        } catch {
            stamp = nil
            return .failed(error.description)
        }
    }
}

/// The writer's side of an ingest: the store and what it has done, confined to the writer queue.
///
/// Thread safety: `store`, `summary` and `insertedHashes` are used only on the ingest's serial
/// writer queue (the ingest thread reads `summary` after `writerQueue.sync {}` has drained it);
/// `shared` is a `Mutex`. So there is never unsynchronised concurrent access, which is what
/// justifies `@unchecked Sendable`.
private final class WriterState: @unchecked Sendable {
    /// What the ingest thread may read while a batch is being written.
    struct Shared: Sendable {
        var committed = 0
        var error: SendableError?
    }

    let store: any ArticleWriting
    var summary = IngestSummary()
    let shared = Mutex(Shared())
    /// Content hashes inserted in this run, so two identical new files make one article.
    var insertedHashes: Set<String> = []

    init(store: any ArticleWriting) { self.store = store }

    /// Writes one batch in one transaction. After a database error nothing more is written.
    ///
    /// - Parameter stamps: per file, its size and mtime as read, recorded for the article it
    ///   ended at; `nil` for a file not read (unchanged by its stamp) or failed.
    func commit(batch: [String], outcomes: [FileOutcome], stamps: [FileStamp?]) {
        guard shared.withLock({ $0.error == nil }) else { return }
        var batchSummary = IngestSummary()
        var batchHashes: Set<String> = []
        // A batch of files unchanged by their stamps writes nothing: no transaction at all.
        let writes = zip(outcomes, stamps).contains { outcome, stamp in
            if case .unchanged(nil) = outcome { return stamp != nil }
            if case .failed = outcome { return false }
            return true
        }
        do {
            try Self.inTransaction(store, if: writes) {
                for (index, (path, outcome)) in zip(batch, outcomes).enumerated() {
                    switch outcome {
                    case .failed(let reason):
                        batchSummary.failures.append(IngestFailure(path: path, reason: reason))
                    case .unchanged(let adoptFor):
                        if let id = adoptFor { try store.adoptSourcePath(path, forArticle: id) }
                        batchSummary.unchanged += 1
                    case .build(let article, let existingID, let search):
                        if let id = existingID {
                            var replacement = article
                            replacement.id = id
                            try store.update(
                                replacement, sourcePath: path, ingestVersion: ArticleBuilder.ingestVersion,
                                search: search)
                            batchSummary.updated += 1
                        } else if insertedHashes.contains(article.contentHash)
                            || batchHashes.contains(article.contentHash)
                        {
                            batchSummary.unchanged += 1
                        } else {
                            try store.insert(
                                article, sourcePath: path, ingestVersion: ArticleBuilder.ingestVersion, search: search)
                            batchHashes.insert(article.contentHash)
                            batchSummary.added += 1
                        }
                    }
                    if let stamp = stamps[index] { try store.recordSourceStamp(stamp, forSourcePath: path) }
                }
            }
        } catch {
            shared.withLock { $0.error = SendableError(error) }
            return
        }
        insertedHashes.formUnion(batchHashes)
        summary.added += batchSummary.added
        summary.updated += batchSummary.updated
        summary.unchanged += batchSummary.unchanged
        summary.failures += batchSummary.failures
        shared.withLock { $0.committed += batch.count }
    }
}

extension WriterState {
    /// Runs `body` in a transaction when `writes`, else bare (it then only counts).
    fileprivate static func inTransaction(
        _ store: any ArticleWriting, if writes: Bool, _ body: () throws -> Void
    ) throws {
        if writes { try store.transaction(body) } else { try body() }
    }
}

/// An error from the writer, carried to the ingest thread as its description.
struct SendableError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ error: Error) { description = "\(error)" }
}

/// What the parse stage decided for one file.
private enum FileOutcome: Sendable {
    /// Stored already; when the id is given, that article's file is gone and this path adopts it.
    case unchanged(adoptPathFor: Int64?)
    /// Built: to insert, or to replace the article with `existingID`.
    case build(Article, existingID: Int64?, search: SearchDocument)
    case failed(String)
}

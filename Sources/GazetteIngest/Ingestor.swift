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
///
/// It writes through ``ArticleWriting`` (GazetteCore), which the SQLite `ArticleStore`
/// implements: the ingest knows no storage engine.
public final class Ingestor {
    private let store: any ArticleWriting
    private let configuration: IngestConfiguration
    private let builder: ArticleBuilder
    private let logger: Logger
    private let clock: @Sendable () -> Int64

    public init(
        store: any ArticleWriting, configuration: IngestConfiguration = IngestConfiguration(),
        logger: Logger = Logger(label: "gazette.ingest"),
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.store = store
        self.configuration = configuration
        self.builder = ArticleBuilder(configuration: configuration)
        self.logger = logger
        self.clock = clock
    }

    /// What was stored before this run, keyed for the parse stage's decisions.
    private struct Snapshot: Sendable {
        var byPath: [String: StoredArticleKey] = [:]
        var byHash: [String: StoredArticleKey] = [:]
    }

    /// Ingests the files and folders at `paths`.
    ///
    /// - Parameter progress: called on the calling thread after each batch.
    /// - Throws: what the store throws when the database fails (files that fail are reported in the
    ///   summary instead).
    public func ingest(paths: [String], progress: ((IngestProgress) -> Void)? = nil) throws -> IngestSummary {
        let (files, missing) = PostFileFinder(extensions: configuration.extensions).find(paths)
        var summary = IngestSummary()
        summary.failures = missing
        let snapshot = try loadSnapshot()
        let writerQueue = DispatchQueue(label: "gazette.ingest.writer")
        let box = WriterState(store: store)
        let batchSize = max(1, configuration.batchSize)
        // At most two batches wait for the writer: memory stays bounded whatever the corpus.
        let inFlight = DispatchSemaphore(value: 2)
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            start += batch.count
            let outcomes = parse(batch, snapshot: snapshot)
            // Waits only when two batches are already queued; never for the batch being written,
            // so parsing the next batch overlaps writing this one.
            inFlight.wait()
            if let error = box.shared.withLock({ $0.error }) {
                inFlight.signal()
                throw error
            }
            writerQueue.async {
                defer { inFlight.signal() }
                box.commit(batch: batch, outcomes: outcomes)
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
        progress?(IngestProgress(done: files.count, total: files.count))
        return summary
    }

    private func loadSnapshot() throws -> Snapshot {
        var snapshot = Snapshot()
        try store.forEachKey { key in
            if let path = key.sourcePath { snapshot.byPath[path] = key }
            if snapshot.byHash[key.contentHash] == nil { snapshot.byHash[key.contentHash] = key }
        }
        return snapshot
    }

    /// Reads, hashes and (when needed) builds every file of the batch, in parallel.
    private func parse(_ batch: [String], snapshot: Snapshot) -> [FileOutcome] {
        let slots = ResultSlots<FileOutcome>(count: batch.count)
        let builder = self.builder
        let now = clock()
        let maxBytes = configuration.maxPostBytes
        DispatchQueue.concurrentPerform(iterations: batch.count) { index in
            slots.set(
                Self.outcome(for: batch[index], snapshot: snapshot, builder: builder, now: now, maxBytes: maxBytes),
                at: index)
        }
        return slots.values().map { $0 ?? .failed("internal error: file was not processed") }
    }

    private static func outcome(
        for path: String, snapshot: Snapshot, builder: ArticleBuilder, now: Int64, maxBytes: Int
    ) -> FileOutcome {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path, maxBytes: maxBytes)
        } catch {
            return .failed(error.description)
        }
        let hash = ArticleBuilder.contentHash(of: bytes)
        let version = ArticleBuilder.ingestVersion
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
            return .failed(error.description)
        }
    }

    private static func readFile(_ path: String, maxBytes: Int) throws(IngestError) -> [UInt8] {
        try PostFileSystem.read(path, maxBytes: maxBytes)
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
    func commit(batch: [String], outcomes: [FileOutcome]) {
        guard shared.withLock({ $0.error == nil }) else { return }
        var batchSummary = IngestSummary()
        var batchHashes: Set<String> = []
        do {
            try store.transaction {
                for (path, outcome) in zip(batch, outcomes) {
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

import Foundation
import GazetteCore
import GazetteStore
import Logging
import Synchronization
import TestSupport
import Testing

@testable import GazetteIngest

/// ``FolderWatcher`` on a real store and real folders. The end-to-end behaviour (a server, the
/// API and search) is tested in `GazetteCLITests/WatchCLITests.swift`.
struct FolderWatcherTests {
    func post(_ title: String) -> String {
        "---\ntitle: \(title)\ndate: 2024-01-02 03:04:05\n---\nBody of \(title).\n"
    }

    /// Polls `condition` until it holds or a generous deadline passes: a condition wait on the
    /// watcher's own state, not an ordering by sleeping (the pause only spaces the checks).
    func eventually(within seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return try condition()
    }

    @Test(.timeLimit(.minutes(3)))
    func watchLimitReached_isLoggedCounted_andPeriodicRescansApplyUnwatchedFolders() throws {
        let folder = try TemporaryFolder()
        try folder.write(post("First"), to: "posts/a/first.md")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("posts/b"), withIntermediateDirectories: true)
        let db = folder.url.appendingPathComponent("db.sqlite").path
        let store = try ArticleStore(location: .file(db))
        let reader = try ArticleReader(readOnlyAt: .file(db))
        // The kernel's limit is per user and global to the machine: a limit of one watch (the
        // root) stands in for it, so posts/a and posts/b cannot be watched.
        let watcher = FolderWatcher(
            store: store,
            configuration: WatchConfiguration(
                folders: [folder.url.appendingPathComponent("posts").path], rescanInterval: .milliseconds(100),
                watchLimit: 1),
            ingest: IngestConfiguration())
        watcher.start()
        defer { watcher.stop() }
        #expect(eventually { watcher.status.isReconciled })
        #expect(watcher.status.watchLimitFallbacks >= 1)
        #expect(try reader.article(idOrSlug: "first") != nil)

        // A post in an unwatched folder arrives by a periodic rescan.
        try folder.write(post("Second"), to: "posts/b/second.md")
        #expect(try eventually { try reader.article(idOrSlug: "second") != nil })
        #expect(watcher.status.rescans >= 1)
        #expect(watcher.status.failures == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func queueOverflow_rescansAndFindsWhatNoEventReported() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("posts/unwatched"), withIntermediateDirectories: true)
        let db = folder.url.appendingPathComponent("db.sqlite").path
        let store = try ArticleStore(location: .file(db))
        let reader = try ArticleReader(readOnlyAt: .file(db))
        try store.transaction {
            try store.insert(
                Article(slug: "over-http", title: "Over HTTP", contentHash: "sha256:http", ingestedAt: 1, updatedAt: 1),
                sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
        }
        // posts/unwatched gets no watch (limit of one), and the periodic rescan is an hour away:
        // a file there is found by the overflow's rescan or not at all.
        let watcher = FolderWatcher(
            store: store,
            configuration: WatchConfiguration(
                folders: [folder.url.appendingPathComponent("posts").path], rescanInterval: .seconds(3_600),
                watchLimit: 1),
            ingest: IngestConfiguration())
        watcher.start()
        defer { watcher.stop() }
        #expect(eventually { watcher.status.isReconciled })
        try folder.write(post("Unseen"), to: "posts/unwatched/unseen.md")
        #expect(watcher.status.rescans == 0)
        watcher.receive([Inotify.Event(watch: -1, mask: Inotify.Flag.overflow, cookie: 0, name: "")])
        #expect(try eventually { try reader.article(idOrSlug: "unseen") != nil })
        #expect(watcher.status.rescans == 1)
        // An article posted over HTTP has no file: no rescan deletes it.
        #expect(try reader.article(idOrSlug: "over-http") != nil)
    }

    @Test(.timeLimit(.minutes(3)))
    func editorSwapFilesAndOtherExtensions_areIgnored_andAFileIsReadOnlyOnceClosed() throws {
        let folder = try TemporaryFolder()
        let posts = folder.url.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let db = folder.url.appendingPathComponent("db.sqlite").path
        let store = try ArticleStore(location: .file(db))
        let reader = try ArticleReader(readOnlyAt: .file(db))
        // No quiet period, and an open file waits an hour: only the close can make it ready.
        let watcher = FolderWatcher(
            store: store,
            configuration: WatchConfiguration(
                folders: [posts.path], quietPeriod: .zero, unclosedFileTimeout: .seconds(3_600)),
            ingest: IngestConfiguration())
        watcher.start()
        defer { watcher.stop() }
        #expect(eventually { watcher.status.isReconciled })
        try folder.write(post("Swap"), to: "posts/.swap.md.swp")
        try folder.write(post("Backup"), to: "posts/backup.md~")
        try folder.write(post("Text"), to: "posts/notes.txt")

        // Half a post (its front matter not closed yet), the file still open.
        let slow = posts.appendingPathComponent("slow.md")
        // Created open (IN_CREATE), not created-and-closed first as FileManager would.
        let descriptor = open(slow.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        #expect(descriptor >= 0)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data("---\ntitle: Slow\n".utf8))
        #expect(eventually { watcher.status.pending >= 1 })
        // Another post, written and closed, is applied; had the open file been read, it would
        // have failed (front matter not closed) in that flush or before.
        try folder.write(post("Other"), to: "posts/other.md")
        #expect(try eventually { try reader.article(idOrSlug: "other") != nil })
        #expect(try reader.article(idOrSlug: "slow") == nil)
        #expect(watcher.status.failures == 0)

        try handle.write(contentsOf: Data("---\nAll of it.\n".utf8))
        try handle.close()
        #expect(try eventually { try reader.article(idOrSlug: "slow") != nil })
        #expect(try reader.article(idOrSlug: "slow")?.bodyText == "All of it.")
        #expect(try reader.articleCount() == 2)
        #expect(watcher.status.failures == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func filesArrivingOneByOne_duringABurst_areCommittedTogether() throws {
        let folder = try TemporaryFolder()
        let posts = folder.url.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let db = folder.url.appendingPathComponent("db.sqlite").path
        let store = CountingWriter(try ArticleStore(location: .file(db)))
        let reader = try ArticleReader(readOnlyAt: .file(db))
        // No quiet period: without the commit interval each file, seen alone, is a commit of its
        // own. Two seconds is far more than the writes below take, even on a busy machine.
        let watcher = FolderWatcher(
            store: store,
            configuration: WatchConfiguration(folders: [posts.path], quietPeriod: .zero, commitInterval: .seconds(2)),
            ingest: IngestConfiguration())
        watcher.start()
        defer { watcher.stop() }
        #expect(eventually { watcher.status.isReconciled })
        let count = 10
        for n in 0..<count {
            // Written aside and renamed in: one event, due at once.
            let temporary = try folder.write(post("Burst \(n)"), to: "posts/.burst-\(n).tmp")
            #expect(rename(temporary.path, posts.appendingPathComponent("burst-\(n).md").path) == 0)
            // Each file is seen by the watcher before the next is written: apart, not one read.
            #expect(
                eventually {
                    let status = watcher.status
                    return status.pending + status.applied == n + 1
                })
        }
        #expect(try eventually { try reader.articleCount() == count })
        #expect(watcher.status.applied == count)
        #expect(store.transactions > 0)
        #expect(store.transactions < count)
        #expect(watcher.status.failures == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func watcherThread_isNicerByTheConfiguredSteps_andCommitsOnIt() throws {
        let folder = try TemporaryFolder()
        let posts = folder.url.appendingPathComponent("posts")
        try folder.write(post("Niced"), to: "posts/niced.md")
        let db = folder.url.appendingPathComponent("db.sqlite").path
        let store = CountingWriter(try ArticleStore(location: .file(db)))
        let ownNice = Self.niceValue(ofThread: Self.currentThreadID())
        let watcher = FolderWatcher(
            store: store, configuration: WatchConfiguration(folders: [posts.path], niceness: 7),
            ingest: IngestConfiguration())
        watcher.start()
        defer { watcher.stop() }
        #expect(eventually { watcher.status.isReconciled })
        let thread = watcher.threadID
        #expect(thread != 0)
        // Seven steps nicer than the thread that started it.
        #expect(Self.niceValue(ofThread: thread) == min(19, (ownNice ?? 0) + 7))
        #expect(Self.name(ofThread: thread) == "gazette-watch")
        // The start's reconcile committed the post on that thread, at that priority.
        #expect(store.transactions == 1)
        #expect(store.committingThreads == [thread])
        // The test's own thread is not changed.
        #expect(Self.niceValue(ofThread: Self.currentThreadID()) == ownNice)
    }

    /// The calling thread's kernel id, from `/proc/thread-self` (a link to `PID/task/TID`).
    static func currentThreadID() -> Int32 {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
        return link.split(separator: "/").last.flatMap { Int32($0) } ?? 0
    }

    /// A thread's name (`/proc/self/task/TID/comm`); `nil` when unreadable.
    static func name(ofThread thread: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/self/task/\(thread)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines)
    }

    /// A thread's nice value, field 19 of `/proc/self/task/TID/stat` (proc(5)); `nil` when
    /// unreadable.
    static func niceValue(ofThread thread: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/self/task/\(thread)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // Fields 3 on follow the command name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 16 ? Int(fields[16]) : nil
    }
}

/// The store, counting the transactions and the threads they ran on.
///
/// Thread safety: the counts are in a `Mutex`; the store is used by one thread at a time (the
/// watcher's). That is what justifies `@unchecked Sendable`.
final class CountingWriter: ArticleWriting, @unchecked Sendable {
    private let store: ArticleStore
    private let counts = Mutex<(transactions: Int, threads: Set<Int32>)>((0, []))

    init(_ store: ArticleStore) { self.store = store }

    var transactions: Int { counts.withLock { $0.transactions } }
    var committingThreads: Set<Int32> { counts.withLock { $0.threads } }

    func forEachKey(_ body: (StoredArticleKey) throws -> Void) throws { try store.forEachKey(body) }

    func forEachKey(
        sourcePaths: [String], contentHashes: [String], _ body: (StoredArticleKey) throws -> Void
    ) throws {
        try store.forEachKey(sourcePaths: sourcePaths, contentHashes: contentHashes, body)
    }

    func forEachKey(sourcePathsUnder roots: [String], _ body: (StoredArticleKey) throws -> Void) throws {
        try store.forEachKey(sourcePathsUnder: roots, body)
    }

    func transaction<T>(_ body: () throws -> T) throws -> T {
        let thread = FolderWatcherTests.currentThreadID()
        counts.withLock {
            $0.transactions += 1
            $0.threads.insert(thread)
        }
        return try store.transaction(body)
    }

    func insert(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws
        -> Article
    {
        try store.insert(article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search)
    }

    func update(_ article: Article, sourcePath: String?, ingestVersion: Int, search: SearchDocument?) throws {
        try store.update(article, sourcePath: sourcePath, ingestVersion: ingestVersion, search: search)
    }

    func adoptSourcePath(_ sourcePath: String, forArticle id: Int64) throws {
        try store.adoptSourcePath(sourcePath, forArticle: id)
    }

    func delete(id: Int64) throws -> Bool { try store.delete(id: id) }

    func recordSourceStamp(_ stamp: FileStamp, forSourcePath sourcePath: String) throws {
        try store.recordSourceStamp(stamp, forSourcePath: sourcePath)
    }
}

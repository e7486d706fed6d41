import Dispatch
import Foundation
import GazetteCore
import Logging
import Synchronization

/// Keeps the database in step with folders of posts while the server serves (API.md, "Watching
/// folders"): a reconcile at start, then inotify events, applied through the same ``Ingestor``
/// and the same writer as `gazette ingest`.
///
/// - Watches are added to every folder of the trees (inotify is not recursive); a new or
///   moved-in folder is watched and then scanned, since files may land in it before its watch.
/// - An event only marks its path as changed. Once the path has been quiet for
///   `quietPeriod` (and a file opened for writing has been closed), what is on disk decides:
///   a post file is ingested (the ingest's rules: unchanged, updated, or a moved file adopted
///   with its id and slug), a folder is scanned, and articles whose file is gone are deleted.
///   So write-to-temporary-then-rename (`.x.md.tmp` → `x.md`) is one update, and a move
///   between sub-folders (both events land together) keeps the article.
/// - Paths that are due together are applied as one batch: one ingest, one prune. While a burst
///   lasts, batches start at most once per `commitInterval`: fewer, larger commits (fewer FTS
///   segments to merge, fewer invalidations of the readers' caches).
/// - `IN_Q_OVERFLOW` (events were dropped) gives a full rescan. `ENOSPC` from
///   `inotify_add_watch` (the per-user watch limit) is logged once as an error, counted, and
///   periodic full rescans take over for as long as the watcher runs.
/// - A file that fails is logged with its path and reason and counted; its article stays as
///   it was. A database error is logged, counted, and the batch is tried again later.
/// - Everything runs on one thread of the watcher's own, at a lower kernel priority
///   (`niceness`; see ``WatcherThread``): the reads of inotify, the timers and the ingest, whose
///   parsing and commits then take a core shared with the event loops only as they leave it.
///
/// Thread safety: every mutable property is used only on the watcher's thread (``WatcherThread``),
/// which runs the event handling, the timers and the ingest; other threads reach it through
/// `inbox` and `status` (`Mutex`es), `stopped` (an atomic) and ``WatcherThread/wake()``. That is
/// what justifies `@unchecked Sendable`.
public final class FolderWatcher: @unchecked Sendable {
    private let configuration: WatchConfiguration
    private let ingest: IngestConfiguration
    private let ingestor: Ingestor
    private let logger: Logger
    private let thread = WatcherThread()
    private let shared = Mutex(WatchStatus())
    /// Events handed over by ``receive(_:)``, for the watcher's thread.
    private let inbox = Mutex<[[Inotify.Event]]>([])
    /// Signalled when the watcher's thread has returned (and at once again for each waiter).
    private let finished = DispatchSemaphore(value: 0)
    private let isStarted = Atomic<Bool>(false)

    /// The watched trees' roots, absolute with links resolved (as stored source paths are).
    private let roots: [String]
    private var inotify: Inotify?
    /// Watched folders by watch descriptor, and back.
    private var folders: [Int32: String] = [:]
    private var watches: [String: Int32] = [:]
    /// Paths with events not applied yet, and when they last changed.
    private var pending: [String: ContinuousClock.Instant] = [:]
    /// Files opened for writing and not closed yet (`IN_CREATE`/`IN_MODIFY` without
    /// `IN_CLOSE_WRITE`).
    private var unclosed: Set<String> = []
    /// When the pending paths are applied next; `nil`: none is pending.
    private var flushAt: ContinuousClock.Instant?
    /// When the next periodic rescan is due; `nil`: every folder is watched, none is.
    private var rescanAt: ContinuousClock.Instant?
    /// When the last batch started: the next waits for `commitInterval` after it.
    private var lastApplied: ContinuousClock.Instant?
    /// Set by ``stop(waitingAtMost:)`` from any thread; checked on the watcher's thread.
    private let stopped = Atomic<Bool>(false)
    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private static let mask =
        Inotify.Flag.create | Inotify.Flag.closeWrite | Inotify.Flag.modify | Inotify.Flag.movedFrom
        | Inotify.Flag.movedTo | Inotify.Flag.delete | Inotify.Flag.deleteSelf | Inotify.Flag.moveSelf
        | Inotify.Flag.excludeUnlinked

    /// A watcher of `configuration.folders` writing to `store`.
    ///
    /// - Parameter store: the writer; in `gazette serve` the app's, so HTTP writes and the
    ///   watcher take turns on one connection.
    public init(
        store: any ArticleWriting, configuration: WatchConfiguration, ingest: IngestConfiguration,
        logger: Logger = Logger(label: "gazette.watch")
    ) {
        self.configuration = configuration
        self.ingest = ingest
        self.ingestor = Ingestor(store: store, configuration: ingest, logger: logger, runsOnCallingThread: true)
        self.logger = logger
        self.roots = configuration.folders.map(PostFileFinder.absolute)
        shared.withLock { $0.folders = configuration.folders.count }
    }

    /// What the watcher has done and what waits.
    public var status: WatchStatus { shared.withLock { $0 } }

    /// Starts watching and reconciling, on the watcher's own thread; returns at once.
    public func start() {
        guard !isStarted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let logger = self.logger
        let niceness = configuration.niceness
        thread.start(
            name: "gazette-watch", niceness: niceness,
            failedToLowerPriority: { reason in
                logger.warning(
                    "the folder watcher runs at the server's priority: cannot raise its nice value by \(niceness): \(reason)"
                )
            }
        ) {
            self.run()
            self.finished.signal()
        }
    }

    /// The kernel id of the watcher's thread once it runs, else 0 (tests read its nice value).
    var threadID: Int32 { thread.threadID.load(ordering: .acquiring) }

    /// Stops watching: nothing new is started. Waits for a batch being applied to complete, but
    /// at most `limit`; a longer one (the first reconcile of a large folder) is abandoned with
    /// the process, and the next start's reconcile completes it (every batch is a transaction).
    ///
    /// - Returns: whether the watcher was idle by then.
    @discardableResult
    public func stop(waitingAtMost limit: Duration = .seconds(5)) -> Bool {
        stopped.store(true, ordering: .releasing)
        guard isStarted.load(ordering: .acquiring) else { return true }
        thread.wake()
        guard finished.wait(timeout: .now() + .nanoseconds(Self.nanoseconds(limit))) == .success else {
            logger.warning(
                "the folder watcher is still applying a batch; stopping without it (the next start completes it)")
            return false
        }
        // For the next caller.
        finished.signal()
        return true
    }

    // MARK: - The thread

    /// The watcher's thread: the start, then waits for events, hand-overs and deadlines, and
    /// handles them, until stopped.
    private func run() {
        begin()
        while !isStopped {
            let readable = thread.wait(for: inotify?.descriptor, until: [flushAt, rescanAt].compactMap { $0 }.min())
            guard !isStopped else { break }
            let handedOver = inbox.withLock { inbox in
                var taken: [[Inotify.Event]] = []
                swap(&taken, &inbox)
                return taken
            }
            for events in handedOver { process(events) }
            if readable { readEvents() }
            let now = ContinuousClock.now
            if let rescanAt, rescanAt <= now {
                self.rescanAt = now + configuration.rescanInterval
                rescan(reason: "periodic, since not every folder could be watched")
            }
            if let flushAt, flushAt <= ContinuousClock.now { flush() }
        }
        inotify = nil
    }

    // MARK: - Start and rescans

    private func begin() {
        guard !isStopped else { return }
        do {
            inotify = try Inotify(watchLimit: configuration.watchLimit)
        } catch {
            logger.error("cannot use inotify: \(error); rescanning the watched folders periodically instead")
            fallBackToRescans()
        }
        // Watches first, then the scan: a file that lands meanwhile has an event, or is scanned.
        for root in roots { watchTree(root) }
        reconcile()
        shared.withLock { $0.isReconciled = true }
        logger.info("watching \(roots.count) folder(s): \(roots.joined(separator: ", "))")
        scheduleFlush()
    }

    /// Ingests every watched tree and deletes the articles whose file is gone. A root that does
    /// not exist is skipped (and logged): an unmounted disk deletes nothing.
    private func reconcile() {
        let present = roots.filter { root in
            guard PostFileSystem.kind(of: root) == .folder else {
                logger.error("watched folder \(root) does not exist or is not a folder")
                return false
            }
            return true
        }
        guard !present.isEmpty else { return }
        apply(present, prune: present, isWholeTree: true)
    }

    /// A full rescan: watches for folders not watched yet, then a reconcile. What was pending
    /// is covered by it.
    private func rescan(reason: String) {
        guard !isStopped else { return }
        logger.info("rescanning the watched folders: \(reason)")
        shared.withLock { $0.rescans += 1 }
        for root in roots { watchTree(root) }
        pending.removeAll()
        unclosed.removeAll()
        updatePendingCount()
        reconcile()
    }

    /// After a watch could not be added: rescans every `rescanInterval`, from now on.
    private func fallBackToRescans() {
        shared.withLock { $0.watchLimitFallbacks += 1 }
        guard rescanAt == nil else { return }
        rescanAt = .now + configuration.rescanInterval
    }

    // MARK: - Watches

    /// Watches `folder` and every folder below it (hidden ones excepted, as the ingest skips them).
    private func watchTree(_ folder: String, depth: Int = 0) {
        guard depth <= 64, let inotify else { return }
        do {
            let watch = try inotify.addWatch(folder, mask: Self.mask)
            if let old = folders[watch], old != folder { watches[old] = nil }
            folders[watch] = folder
            watches[folder] = watch
        } catch .watchLimit {
            if rescanAt == nil {
                logger.error(
                    """
                    cannot watch \(folder): the inotify watch limit is reached (\(inotify.watchCount) folders \
                    watched; raise fs.inotify.max_user_watches); falling back to a full rescan every \
                    \(configuration.rescanInterval)
                    """)
            }
            fallBackToRescans()
            return
        } catch .gone {
            return
        } catch {
            logger.error("cannot watch \(folder): \(error)")
            shared.withLock { $0.failures += 1 }
            return
        }
        for subfolder in PostFileSystem.subfolders(of: folder) { watchTree(subfolder, depth: depth + 1) }
    }

    /// Stops the watches of `folder` and the folders below it (it was moved away or deleted).
    private func unwatchTree(_ folder: String) {
        let prefix = folder + "/"
        for (path, watch) in watches where path == folder || path.hasPrefix(prefix) {
            inotify?.removeWatch(watch)
            watches[path] = nil
            folders[watch] = nil
        }
    }

    // MARK: - Events

    private func readEvents() {
        guard let inotify, !isStopped else { return }
        process(inotify.readEvents())
    }

    /// Hands `events` to the watcher as if inotify had queued them (tests: an `IN_Q_OVERFLOW`
    /// cannot be caused without changing the machine's `max_queued_events`).
    func receive(_ events: [Inotify.Event]) {
        inbox.withLock { $0.append(events) }
        thread.wake()
    }

    private func process(_ events: [Inotify.Event]) {
        guard !events.isEmpty, !isStopped else { return }
        var overflowed = false
        for event in events {
            if event.has(Inotify.Flag.overflow) {
                overflowed = true
                continue
            }
            handle(event)
        }
        if overflowed {
            logger.warning("the inotify event queue overflowed; rescanning")
            rescan(reason: "the inotify event queue overflowed")
        }
        scheduleFlush()
    }

    private func handle(_ event: Inotify.Event) {
        guard let folder = folders[event.watch] else { return }
        if event.has(Inotify.Flag.ignored) {
            // The kernel dropped the watch: its folder is gone.
            inotify?.forget(event.watch)
            folders[event.watch] = nil
            if watches[folder] == event.watch { watches[folder] = nil }
            return
        }
        guard !event.name.isEmpty else {
            // An event of the watched folder itself; its parent reports sub-folders, so only a
            // root's own deletion or move matters here.
            if event.has(Inotify.Flag.deleteSelf) || event.has(Inotify.Flag.moveSelf), roots.contains(folder) {
                logger.warning("watched folder \(folder) was deleted or moved away")
                markChanged(folder)
            }
            return
        }
        guard !event.name.hasPrefix(".") else { return }
        let path = folder.hasSuffix("/") ? folder + event.name : folder + "/" + event.name
        if event.has(Inotify.Flag.isFolder) {
            if event.has(Inotify.Flag.movedFrom) || event.has(Inotify.Flag.delete) { unwatchTree(path) }
            if event.has(Inotify.Flag.create) || event.has(Inotify.Flag.movedTo) { watchTree(path) }
            markChanged(path)
            return
        }
        guard isPostName(event.name) else { return }
        if event.has(Inotify.Flag.create) || event.has(Inotify.Flag.modify) {
            unclosed.insert(path)
        } else {
            unclosed.remove(path)
        }
        markChanged(path)
    }

    /// Whether a file of this name is a post: a configured extension, and not an editor's
    /// swap or backup file.
    private func isPostName(_ name: String) -> Bool {
        guard !name.hasSuffix("~"), let dot = name.lastIndex(of: ".") else { return false }
        return ingest.extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    private func markChanged(_ path: String) {
        pending[path] = .now
        updatePendingCount()
    }

    private func updatePendingCount() {
        let count = pending.count
        shared.withLock { $0.pending = count }
    }

    // MARK: - Applying

    /// When each pending path may be applied: after the quiet period, or for a file not
    /// closed yet, after the longer timeout.
    private func due(_ path: String, changed: ContinuousClock.Instant) -> ContinuousClock.Instant {
        changed + (unclosed.contains(path) ? configuration.unclosedFileTimeout : configuration.quietPeriod)
    }

    /// Sets the next flush: when the earliest pending path is due, and not before
    /// `commitInterval` after the last batch started.
    private func scheduleFlush() {
        guard !isStopped, shared.withLock({ $0.isReconciled }),
            let next = pending.map({ due($0.key, changed: $0.value) }).min()
        else {
            flushAt = nil
            return
        }
        flushAt = lastApplied.map { max(next, $0 + configuration.commitInterval) } ?? next
    }

    /// Applies every path that is due, as one batch.
    private func flush() {
        guard !isStopped else { return }
        let now = ContinuousClock.now
        let ready = pending.filter { due($0.key, changed: $0.value) <= now }.map(\.key).sorted()
        guard !ready.isEmpty else { return scheduleFlush() }
        for path in ready {
            pending[path] = nil
            unclosed.remove(path)
        }
        updatePendingCount()
        var files: [String] = []
        var gone: [String] = []
        for path in ready {
            switch PostFileSystem.kind(of: path) {
            case .file?: files.append(path)
            case .folder?:
                // A folder scanned whole: its files may have landed before its watch, and
                // files deleted from it while unwatched are gone.
                files.append(path)
                gone.append(path)
            case .other?: continue
            case nil: gone.append(path)
            }
        }
        apply(files, prune: gone)
        scheduleFlush()
    }

    /// Ingests `paths`, then deletes the articles whose file under `prune` is gone. Failures are
    /// logged and counted; after a database error the paths are tried again later.
    ///
    /// - Parameter isWholeTree: `paths` and `prune` are the same folders: one ingest with
    ///   `prune`, which knows the files its walk found.
    private func apply(_ paths: [String], prune: [String], isWholeTree: Bool = false) {
        lastApplied = .now
        do {
            var summary: IngestSummary
            if isWholeTree {
                summary = try ingestor.ingest(paths: paths, prune: true)
            } else {
                summary = paths.isEmpty ? IngestSummary() : try ingestor.ingest(paths: paths)
                if !prune.isEmpty { summary.deleted = try ingestor.prune(under: prune, keeping: []) }
            }
            for failure in summary.failures {
                logger.warning("cannot ingest \(failure.path): \(failure.reason)")
            }
            let applied = summary.added + summary.updated + (summary.deleted ?? 0)
            shared.withLock {
                $0.applied += applied
                $0.failures += summary.failed
            }
            if applied > 0 || summary.failed > 0 {
                logger.info("watch: \(summary.line)")
            }
        } catch {
            logger.error("watch: database error applying \(paths.count + prune.count) path(s): \(error); retrying")
            shared.withLock { $0.failures += 1 }
            let retry = ContinuousClock.now + .seconds(1)
            for path in paths + prune { pending[path] = retry }
            updatePendingCount()
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}

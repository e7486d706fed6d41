/// Settings of `gazette serve --watch`. Every default is the one `config/gazette.yaml` documents.
public struct WatchConfiguration: Sendable {
    /// Folders kept in step with the database while serving. Default none.
    public var folders: [String]
    /// How long a file must have had no event before it is read (a file still being written
    /// keeps changing). Default 100 ms.
    public var quietPeriod: Duration
    /// How long a file opened for writing and not yet closed waits before it is read anyway (a
    /// writer that died, a hard link). Default 5 s.
    public var unclosedFileTimeout: Duration
    /// How often every folder is rescanned when inotify cannot watch them all (the per-user
    /// watch limit, `ENOSPC`). Default 30 s.
    public var rescanInterval: Duration
    /// While files keep arriving, batches start at most this often: fewer, larger commits, each
    /// of which makes new FTS segments and invalidates the readers' cached responses. A file's
    /// delay grows by up to this much during a burst; a lone file waits only `quietPeriod`.
    /// Default 250 ms.
    public var commitInterval: Duration
    /// How much the watcher's thread, which does all of its work (parsing, commits,
    /// checkpoints), is nicer than the server (added to its nice value, up to 19; 0: the same
    /// priority): on a busy core the event loops then get the larger share. Default 0: measured
    /// with `Benchmarks/live-bench.sh` (64 readers saturating the core, 50 posts a second), the
    /// readers' p99 stayed within 1.2–1.6× idle at 0, 2 and 5, while a post's visibility p99 rose
    /// from 0.85 s at 0 to 1.5 s at 5 (the loop keeps a saturated core, the watcher waits).
    public var niceness: Int
    /// Watches at most this many folders, as if the kernel's limit were reached there; `nil`:
    /// the kernel's limit. For tests of the fallback (the kernel's limit is global).
    public var watchLimit: Int?

    public init(
        folders: [String] = [], quietPeriod: Duration = .milliseconds(100),
        unclosedFileTimeout: Duration = .seconds(5), rescanInterval: Duration = .seconds(30),
        commitInterval: Duration = .milliseconds(250), niceness: Int = 0, watchLimit: Int? = nil
    ) {
        self.folders = folders
        self.quietPeriod = quietPeriod
        self.unclosedFileTimeout = unclosedFileTimeout
        self.rescanInterval = rescanInterval
        self.commitInterval = commitInterval
        self.niceness = niceness
        self.watchLimit = watchLimit
    }
}

/// What a ``FolderWatcher`` has done and what waits: for `/readyz` and `/metrics`.
public struct WatchStatus: Sendable, Equatable {
    /// Folders given to watch.
    public var folders = 0
    /// Whether the start-up reconcile (ingest of changed files, delete of gone ones) is done.
    public var isReconciled = false
    /// Changed paths waiting to be applied.
    public var pending = 0
    /// Articles added, updated or deleted by the watcher (the reconcile and rescans included).
    public var applied = 0
    /// Files that failed (each logged with its path and reason), and failed database writes.
    public var failures = 0
    /// Full rescans after start: queue overflows and the periodic rescans of the fallback.
    public var rescans = 0
    /// Times inotify could not watch a folder (`ENOSPC`) and periodic rescans took over.
    public var watchLimitFallbacks = 0

    public init() {}
}

import CSQLite

/// One SQLite connection with its pragmas set and a cache of prepared statements.
///
/// The store uses one read-write connection (the writer) and any number of read-only ones.
///
/// Thread safety: SQLite is opened with `SQLITE_OPEN_NOMUTEX`, so a connection and its
/// statements must be used by one thread at a time. Each owner confines its connection: the
/// ingest writer to its writer thread, the server to one event-loop queue per connection.
/// Handing a connection to another thread happens only through a queue hand-off (which orders
/// memory), which is what makes the `@unchecked Sendable` below sound.
package final class Connection: @unchecked Sendable {
    let db: OpaquePointer
    /// Whether this connection may write.
    package let isReadOnly: Bool
    private let configuration: StoreConfiguration
    private var statements: [String: Statement] = [:]
    /// Where `gazette_collect` puts a relevance search's best matches (``SearchRanking``);
    /// allocated with the connection, freed after it closes.
    let relevance: UnsafeMutablePointer<RelevanceCollector>
    /// What the last date-ordered search on this connection did (tests and measurements read it).
    var lastDateSearchWork = DateOrderedSearch.Work()
    /// Where `gazette_phrase_rows` puts a one-phrase search's matches (``PhraseRows``);
    /// allocated with the connection, freed after it closes.
    let phraseRows: UnsafeMutablePointer<PhraseRows>
    /// When ``withTimeLimit(_:_:)`` stops statements, `nil` outside one; read by the progress
    /// handler. Allocated with the connection, freed after it closes.
    private let deadline: UnsafeMutablePointer<ContinuousClock.Instant?>
    /// SQLite's change counter (`PRAGMA data_version`) when the schema's data version was last
    /// read on this connection, and that version (``ArticleReader/dataVersion()``).
    var lastDataVersion: (counter: Int64, version: Int64) = (-1, 0)

    /// Opens (and for a writer, creates) the database at `location`.
    package init(
        location: DatabaseLocation, readOnly: Bool = false, configuration: StoreConfiguration = StoreConfiguration()
    ) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(location.openName, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(code: code, db: handle, sql: nil)
            sqlite3_close_v2(handle)
            throw error
        }
        self.db = handle
        self.isReadOnly = readOnly
        self.configuration = configuration
        self.relevance = .allocate(capacity: 1)
        relevance.initialize(to: RelevanceCollector())
        self.phraseRows = .allocate(capacity: 1)
        phraseRows.initialize(to: PhraseRows())
        self.deadline = .allocate(capacity: 1)
        deadline.initialize(to: nil)
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, configuration.busyTimeoutMilliseconds)
        // Fully initialised from here: when configuring throws, deinit closes the handle.
        try configure(location: location)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(db)
        relevance.deinitialize(count: 1)
        relevance.deallocate()
        phraseRows.deinitialize(count: 1)
        phraseRows.deallocate()
        deadline.deinitialize(count: 1)
        deadline.deallocate()
    }

    private func configure(location: DatabaseLocation) throws(SQLiteError) {
        // https://sqlite.org/wal.html: readers do not block the writer nor the writer readers.
        // synchronous=NORMAL in WAL mode is durable against application crashes (kill -9) and
        // consistent after power loss (https://sqlite.org/pragma.html#pragma_synchronous).
        if !isReadOnly && !location.isMemory {
            try execute("PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        try execute(
            "PRAGMA cache_size = -\(isReadOnly ? configuration.cacheSizeKiB : configuration.writerCacheSizeKiB)")
        if !isReadOnly { try execute("PRAGMA wal_autocheckpoint = \(configuration.walAutocheckpointPages)") }
        try execute("PRAGMA temp_store = MEMORY")
        if !location.isMemory { try execute("PRAGMA mmap_size = \(configuration.mmapSizeBytes)") }
        if isReadOnly { try execute("PRAGMA query_only = ON") }
        try SearchRanking.register(on: db, collector: relevance)
        try PhraseRows.register(on: db, rows: phraseRows)
    }

    /// Runs one or more SQL statements with no parameters (schema, pragmas).
    package func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(db), message: text, sql: sql)
        }
    }

    /// A prepared statement for `sql`, from the cache when it was prepared before.
    package func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(db: db, sql: sql)
        if statements.count >= configuration.statementCacheCapacity { statements.removeAll() }
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a busy database fails at the start
    /// (after the busy timeout) rather than midway.
    @discardableResult
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        // Prepared once and cached: a read path runs this per request.
        try statement(isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE").execute()
        do {
            let result = try body()
            try statement("COMMIT").execute()
            return result
        } catch {
            try? statement("ROLLBACK").execute()
            throw error
        }
    }

    /// Runs `body` with a time limit on its statements: once `limit` has passed, the running
    /// statement fails with `SQLITE_INTERRUPT` (``SQLiteError/isInterrupted``). `nil`: no limit.
    ///
    /// SQLite checks the time every 1,000 steps of its virtual machine, so a limit can be
    /// overrun by one step's work: a single step can be long (an FTS5 prefix query merging
    /// thousands of lists took up to 0.2 s in one step over 100,000 articles). Call it inside a
    /// transaction, not around one, so that `COMMIT` and `ROLLBACK` are never the statement
    /// interrupted.
    package func withTimeLimit<T>(_ limit: Duration?, _ body: () throws -> T) throws -> T {
        guard let limit else { return try body() }
        deadline.pointee = .now + limit
        sqlite3_progress_handler(db, 1_000, Self.checkDeadline, UnsafeMutableRawPointer(deadline))
        defer {
            sqlite3_progress_handler(db, 0, nil, nil)
            deadline.pointee = nil
        }
        return try body()
    }

    /// The deadline of the ``withTimeLimit(_:_:)`` running now, `nil` outside one (for work
    /// that runs no virtual-machine step, which the progress handler never sees).
    var activeDeadline: ContinuousClock.Instant? { deadline.pointee }

    /// SQLite's progress handler: non-zero (stop) once the deadline its argument points to has passed.
    private static let checkDeadline: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { argument in
        guard let deadline = argument?.assumingMemoryBound(to: ContinuousClock.Instant?.self).pointee else { return 0 }
        return ContinuousClock.now >= deadline ? 1 : 0
    }

    /// Whether a transaction is open (`BEGIN` without its `COMMIT` or `ROLLBACK` yet).
    package var isInTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

    /// The rowid of the last row this connection inserted.
    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    package var changedRowCount: Int { Int(sqlite3_changes(db)) }

    /// Runs a checkpoint that copies the WAL into the database and truncates it.
    package func checkpoint() throws(SQLiteError) {
        try execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}

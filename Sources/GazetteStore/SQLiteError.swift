import CSQLite

/// An error from SQLite or from the store's own checks, with what was being done.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The SQLite result code (extended when available), or `SQLITE_ERROR` for the store's own checks.
    public let code: Int32
    /// SQLite's message, or the store's.
    public let message: String
    /// The SQL being run, when there was one.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The error SQLite reports on `db` for result `code`.
    init(code: Int32, db: OpaquePointer?, sql: String? = nil) {
        let message =
            db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: message, sql: sql)
    }

    /// Whether a statement was stopped: by a time limit (``Connection/withTimeLimit(_:_:)``) or
    /// an interrupt.
    public var isInterrupted: Bool { code & 0xFF == SQLITE_INTERRUPT }

    public var description: String {
        let base = "SQLite error \(code): \(message)"
        guard let sql else { return base }
        return "\(base) (while running: \(sql.prefix(200)))"
    }
}

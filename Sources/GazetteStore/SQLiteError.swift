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

    /// Whether the database was busy or locked (another writer): worth retrying later.
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    /// Whether a UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE (19 | 8 << 8) and SQLITE_CONSTRAINT_PRIMARYKEY (19 | 6 << 8): the
        // C macros are expressions Swift does not import (https://sqlite.org/rescode.html).
        code == SQLITE_CONSTRAINT | 8 << 8 || code == SQLITE_CONSTRAINT | 6 << 8
    }

    public var description: String {
        let base = "SQLite error \(code): \(message)"
        guard let sql else { return base }
        return "\(base) (while running: \(sql.prefix(200)))"
    }
}

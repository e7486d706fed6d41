import CSQLite

/// A prepared SQLite statement: bind, step, read columns.
///
/// Thread safety: a statement belongs to its ``Connection`` and is used only by the thread
/// that currently owns that connection.
package final class Statement {
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    package let sql: String
    private let db: OpaquePointer

    init(db: OpaquePointer, sql: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            sqlite3_finalize(handle)
            throw SQLiteError(code: code, db: db, sql: sql)
        }
        self.handle = handle
        self.db = db
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears bindings and rewinds, ready to run again.
    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: - Binding (1-based positions, as SQLite's `?NNN`)

    /// Binds `values` to positions 1…n after a reset.
    package func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        reset()
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    package func bind(_ value: SQLiteValue, at position: Int32) throws(SQLiteError) {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, position)
        case .integer(let v): code = sqlite3_bind_int64(handle, position, v)
        case .real(let v): code = sqlite3_bind_double(handle, position, v)
        case .text(let v): code = sqlite3_bind_text(handle, position, v, -1, gazette_sqlite_transient())
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, position, $0.baseAddress, Int32($0.count), gazette_sqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, db: db, sql: sql) }
    }

    // MARK: - Stepping

    /// Runs one step; `true` when a row is available.
    @discardableResult
    package func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: sqlite3_extended_errcode(db), db: db, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion with `values` bound, ignoring rows.
    package func execute(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Calls `body` for each row of the statement run with `values`.
    package func forEachRow(
        _ values: [SQLiteValue] = [], _ body: (Row) throws -> Void
    ) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(statement: self)) }
    }

    /// The first row mapped by `body`, or `nil` when there is none.
    package func first<T>(_ values: [SQLiteValue] = [], _ body: (Row) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try body(Row(statement: self))
    }
}

/// A value to bind to a statement parameter.
package enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// `.text(value)` or `.null`.
    package static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// `.integer(value)` or `.null`.
    package static func integer(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
}

/// The current row of a stepping statement; valid only until the next step.
package struct Row {
    let statement: Statement

    package func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement.handle, column) == SQLITE_NULL
    }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.handle, column) }

    package func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement.handle, column)) }

    package func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    package func double(_ column: Int32) -> Double { sqlite3_column_double(statement.handle, column) }

    /// The column as text (`""` for NULL).
    package func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(statement.handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    package func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    /// Calls `body` with the column's UTF-8 bytes without copying them.
    package func withUTF8<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let text = sqlite3_column_text(statement.handle, column)
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        return try body(UnsafeBufferPointer(start: text, count: text == nil ? 0 : count))
    }
}

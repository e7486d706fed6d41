/// Applies migrations that are not applied yet, each in its own transaction, and records each
/// with its checksum.
///
/// An applied migration whose SQL has changed since is an error: the schema on disk would no
/// longer be what the files say, so Gazette refuses to guess.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.bundled) {
        self.migrations = migrations.sorted { $0.name < $1.name }
    }

    /// Opens the database at `location` (creating it) and applies what is pending (`gazette migrate`).
    /// - Returns: the names of the migrations applied by this call, in order.
    @discardableResult
    public func migrate(
        at location: DatabaseLocation, configuration: StoreConfiguration = StoreConfiguration()
    ) throws -> [String] {
        try migrate(try Connection(location: location, configuration: configuration))
    }

    /// The names of the migrations applied by this call, in order.
    @discardableResult
    package func migrate(_ connection: Connection) throws -> [String] {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)
            """)
        let applied = try appliedChecksums(connection)
        for name in applied.keys.sorted() where !migrations.contains(where: { $0.name == name }) {
            throw SQLiteError(
                code: 1,
                message:
                    "the database has migration \(name), which this Gazette does not know: it is newer than this binary"
            )
        }
        var done: [String] = []
        for migration in migrations {
            if let recorded = applied[migration.name] {
                guard recorded == migration.checksum else {
                    throw SQLiteError(
                        code: 1,
                        message: "migration \(migration.name) was applied with checksum \(recorded), "
                            + "but the file now has \(migration.checksum): applied migrations must never be edited; "
                            + "add a new migration instead")
                }
                continue
            }
            // Another process opening the same database may have applied it since `applied` was
            // read (two servers started at once): asked again under the write lock, it is skipped.
            let appliedHere = try connection.transaction {
                let recorded = try connection.statement("SELECT checksum FROM schema_migrations WHERE name = ?")
                    .first([.text(migration.name)]) { $0.string(0) }
                if let recorded {
                    guard recorded == migration.checksum else {
                        throw SQLiteError(
                            code: 1,
                            message: "migration \(migration.name) was applied by another process with checksum "
                                + "\(recorded), but this Gazette has \(migration.checksum)")
                    }
                    return false
                }
                try connection.execute(migration.sql)
                try connection.statement(
                    "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (?, ?, CAST(strftime('%s','now') AS INTEGER))"
                ).execute([.text(migration.name), .text(migration.checksum)])
                return true
            }
            if appliedHere { done.append(migration.name) }
        }
        return done
    }

    /// Whether every known migration is applied (for readiness checks).
    package func isUpToDate(_ connection: Connection) throws -> Bool {
        let applied = try appliedChecksums(connection)
        return migrations.allSatisfy { applied[$0.name] == $0.checksum }
    }

    private func appliedChecksums(_ connection: Connection) throws -> [String: String] {
        var result: [String: String] = [:]
        let exists = try connection.statement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).first { _ in true }
        guard exists == true else { return result }
        try connection.statement("SELECT name, checksum FROM schema_migrations").forEachRow { row in
            result[row.string(0)] = row.string(1)
        }
        return result
    }
}

import Testing

@testable import GazetteStore

struct MigratorTests {
    @Test func bundledMigrations_includeTheInitialSchema() {
        #expect(Migration.bundled.first?.name == "0001_initial.sql")
        #expect(Migration.bundled.first?.sql.contains("CREATE TABLE articles") == true)
    }

    @Test func migrate_appliesOnceAndRecordsChecksums() throws {
        let db = try TemporaryDatabase()
        let connection = try Connection(location: db.location)
        let first = try Migrator().migrate(connection)
        #expect(first == Migration.bundled.map(\.name))
        #expect(try Migrator().migrate(connection).isEmpty)
        #expect(try Migrator().isUpToDate(connection))
        let recorded = try connection.statement(
            "SELECT checksum FROM schema_migrations WHERE name = '0001_initial.sql'"
        )
        .first { $0.string(0) }
        #expect(recorded == Migration.bundled.first?.checksum)
    }

    /// Two processes opening one database at once: a migration the other process applied after
    /// this one read the applied list is skipped, not run twice. (Here the first migration,
    /// run by this migrator, plays the other process by applying the second one itself.)
    @Test func migrationAppliedMeanwhileByAnotherProcess_isSkipped() throws {
        let db = try TemporaryDatabase()
        let connection = try Connection(location: db.location)
        let second = Migration(name: "0002_b.sql", sql: "CREATE TABLE b (x);")
        let first = Migration(
            name: "0001_a.sql",
            sql: """
                CREATE TABLE a (x); CREATE TABLE b (x);
                INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('0002_b.sql', '\(second.checksum)', 0);
                """)
        let applied = try Migrator(migrations: [first, second]).migrate(connection)
        #expect(applied == ["0001_a.sql"])
        #expect(try Migrator(migrations: [first, second]).isUpToDate(connection))
    }

    @Test func editedAppliedMigration_isAnErrorNamingTheFile() throws {
        let db = try TemporaryDatabase()
        let connection = try Connection(location: db.location)
        try Migrator(migrations: [Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x);")]).migrate(connection)
        let edited = Migrator(migrations: [Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x, y);")])
        let error = #expect(throws: SQLiteError.self) { try edited.migrate(connection) }
        #expect(error?.message.contains("0001_a.sql") == true)
        #expect(error?.message.contains("never be edited") == true)
    }

    @Test func failingMigration_rollsBackAndLeavesEarlierOnesApplied() throws {
        let db = try TemporaryDatabase()
        let connection = try Connection(location: db.location)
        let migrator = Migrator(migrations: [
            Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x);"),
            Migration(name: "0002_b.sql", sql: "CREATE TABLE b (x); INSERT INTO nowhere VALUES (1);"),
        ])
        #expect(throws: SQLiteError.self) { try migrator.migrate(connection) }
        let tables = try connection.statement("SELECT group_concat(name) FROM sqlite_master WHERE name IN ('a','b')")
            .first { $0.string(0) }
        #expect(tables == "a")
        let applied = try connection.statement("SELECT group_concat(name) FROM schema_migrations").first {
            $0.string(0)
        }
        #expect(applied == "0001_a.sql")
    }

    @Test func databaseFromANewerGazette_isRefused() throws {
        let db = try TemporaryDatabase()
        let connection = try Connection(location: db.location)
        try Migrator(migrations: [
            Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x);"), Migration(name: "0002_b.sql", sql: "SELECT 1;"),
        ]).migrate(connection)
        let older = Migrator(migrations: [Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x);")])
        let error = #expect(throws: SQLiteError.self) { try older.migrate(connection) }
        #expect(error?.message.contains("0002_b.sql") == true)
    }
}

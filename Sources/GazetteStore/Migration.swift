import GazetteCore

/// One schema change: a plain SQL file from `migrations/`, applied once, in order.
public struct Migration: Sendable, Equatable {
    /// The file name, e.g. `0001_initial.sql`; migrations apply in the order of their names.
    public let name: String
    public let sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// `sha256:` + the digest of the SQL text, recorded when applied.
    public var checksum: String { "sha256:" + SHA256.hexDigest(of: Array(sql.utf8)) }

    /// The migrations built into the binary from the package's `migrations/` folder.
    public static let bundled: [Migration] = EmbeddedMigrations.all.map { Migration(name: $0.name, sql: $0.text) }
}

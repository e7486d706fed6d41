import ArgumentParser
import Foundation
import GazetteIngest
import GazetteStore

/// `--db` and `--config`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (default: GAZETTE_DB, the config file, or gazette.sqlite).")
    var db: String?

    @Option(name: .long, help: "The config file (default: GAZETTE_CONFIG, or config/gazette.yaml when present).")
    var config: String?

    /// The settings, with `--db` and then the command's own flags applied on top, validated.
    ///
    /// - Parameter flags: applies the command's flags (strongest of all layers).
    func settings(
        applyingFlags flags: (inout Settings) throws(SettingsError) -> Void = { _ in }
    ) throws(SettingsError) -> Settings {
        var settings = try Settings.resolve(configFlag: config, environment: ProcessInfo.processInfo.environment)
        try settings.apply(flag: db, for: Setting.db)
        try flags(&settings)
        try settings.validate()
        return settings
    }

    /// Opens (creating and migrating when needed) the database the settings name, and stores
    /// the webhook endpoints the settings name in it (when they name any).
    ///
    /// - Parameter bulk: tuned for a bulk ingest (``StoreConfiguration/forBulkWrites()``).
    func openStore(_ settings: Settings, bulk: Bool = false) throws -> ArticleStore {
        do {
            let configuration = bulk ? settings.storeConfiguration.forBulkWrites() : settings.storeConfiguration
            let store = try ArticleStore(location: .file(settings.db), configuration: configuration)
            if let endpoints = settings.webhookEndpointsToSync { try store.syncWebhookEndpoints(endpoints) }
            return store
        } catch {
            throw CLIError("cannot open database \(settings.db): \(error)")
        }
    }
}

/// An error the CLI reports as one line and exit code 2.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes bytes to standard output without going through `print`'s String conversion.
func writeOut(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
}

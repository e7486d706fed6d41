import ArgumentParser
import GazetteStore

/// `gazette migrate`: apply the migrations that are not applied yet.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the SQL migrations that are not applied yet.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let settings = try database.settings()
        do {
            let applied = try Migrator().migrate(at: .file(settings.db), configuration: settings.storeConfiguration)
            print(
                applied.isEmpty
                    ? "\(settings.db): up to date" : "\(settings.db): applied \(applied.joined(separator: ", "))")
        } catch {
            throw CLIError("cannot migrate \(settings.db): \(error)")
        }
    }
}

import ArgumentParser
import Foundation

/// The `gazette` command line: one executable, subcommands as API.md lists them.
@main
struct Gazette: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "A self-hosted news API: ingest Hexo-style posts into SQLite and serve them over HTTP.",
        subcommands: [
            ServeCommand.self, IngestCommand.self, MigrateCommand.self, StatsCommand.self, ExportCommand.self,
            ShowCommand.self, ReindexCommand.self, ConfigCommand.self, FidelityCommand.self, WebhooksCommand.self,
        ])

    /// Runs the command; help exits 0, any error prints one line and exits 2 (API.md), except
    /// where a command chooses its own code (`ingest` exits 1 when some files failed).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as CLIError {
            printError("gazette: \(error.description)")
            Foundation.exit(2)
        } catch let error as SettingsError {
            printError("gazette: \(error.description)")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            printError(
                fullMessage(for: error).split(separator: "\n").first.map { "gazette: \($0)" } ?? "gazette: \(error)")
            Foundation.exit(2)
        }
    }
}

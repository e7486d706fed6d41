import ArgumentParser
import GazetteCore
import GazetteStore

/// `gazette stats`: counts, date range, size.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts of articles, categories, tags, authors; date range; database size.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let settings = try database.settings()
        let store = try database.openStore(settings)
        let stats: StoreStatistics
        do {
            stats = try store.reader.statistics()
        } catch {
            throw CLIError("cannot read \(settings.db): \(error)")
        }
        print("database:   \(settings.db) (\(stats.databaseBytes) bytes)")
        print("articles:   \(stats.articles) (\(stats.undated) undated)")
        print("categories: \(stats.categories)")
        print("tags:       \(stats.tags)")
        print("authors:    \(stats.authors)")
        if let oldest = stats.oldest, let newest = stats.newest {
            print("dates:      \(RFC3339.format(oldest)) → \(RFC3339.format(newest))")
        } else {
            print("dates:      none")
        }
    }
}

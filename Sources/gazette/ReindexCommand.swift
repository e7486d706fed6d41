import ArgumentParser
import GazetteStore

/// `gazette reindex`: rebuild the full-text search index from the articles.
struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex", abstract: "Rebuild the full-text search index from the stored articles.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let settings = try database.settings()
        do {
            let store = try ArticleStore(
                location: .file(settings.db), configuration: settings.storeConfiguration,
                rebuildingStaleSearchIndex: false)
            let count = try store.rebuildSearchIndex()
            print("\(settings.db): indexed \(count) articles")
        } catch {
            throw CLIError("cannot reindex \(settings.db): \(error)")
        }
    }
}

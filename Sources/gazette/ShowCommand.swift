import ArgumentParser
import GazetteCore
import GazetteStore

/// `gazette show ID-OR-SLUG`: one full article as JSON.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One full article as JSON.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The article's id or slug.")
    var idOrSlug: String

    func run() throws {
        let settings = try database.settings()
        let store = try database.openStore(settings)
        var json = JSONWriter()
        let found: Void?
        do {
            found = try store.reader.withArticle(idOrSlug: idOrSlug) { $0.writeJSON(to: &json) }
        } catch {
            throw CLIError("cannot read \(settings.db): \(error)")
        }
        guard found != nil else { throw CLIError("no article with id or slug '\(idOrSlug)'") }
        writeOut(json.bytes + [UInt8(ascii: "\n")])
    }
}

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
        let found: Article?
        do {
            found = try store.reader.article(idOrSlug: idOrSlug)
        } catch {
            throw CLIError("cannot read \(settings.db): \(error)")
        }
        guard let article = found else { throw CLIError("no article with id or slug '\(idOrSlug)'") }
        var json = JSONWriter()
        ArticleJSON.writeFull(article, to: &json)
        writeOut(json.bytes + [UInt8(ascii: "\n")])
    }
}

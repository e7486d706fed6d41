import ArgumentParser
import GazetteCore
import GazetteStore

/// `gazette export`: every article as JSON Lines, oldest first.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every article as JSON Lines on standard output (one full article per line), oldest first.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let settings = try database.settings()
        let store = try database.openStore(settings)
        do {
            var buffer: [UInt8] = []
            try store.reader.forEachArticle { article in
                var json = JSONWriter(capacity: 32 * 1_024)
                article.writeJSON(to: &json)
                buffer.append(contentsOf: json.bytes)
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count > 1 << 20 {
                    writeOut(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            writeOut(buffer)
        } catch {
            throw CLIError("cannot export \(settings.db): \(error)")
        }
    }
}

import ArgumentParser
import GazetteIngest

/// `gazette fidelity PATH…`: per publisher, how much of the posts under PATH the cleaner
/// keeps and which of its rules fire, without touching a database.
struct FidelityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fidelity",
        abstract: "Show, per publisher, how well Gazette cleans the posts under PATH (nothing is stored).",
        discussion: """
            For each publisher: posts, characters of source text and of kept text, images, \
            posts with an empty body, credit lines read, refused header images, and how often \
            each cleaning rule fired. Posts that no publisher rule matches are listed as "site? NAME".
            """)

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Argument(help: "Post files and folders (searched recursively for *.md, *.markdown, *.html).")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder") }
    }

    func run() throws {
        let report = FidelityReport(paths: paths)
        let text = json ? report.json() + "\n" : report.table()
        writeOut(Array(text.utf8))
    }
}

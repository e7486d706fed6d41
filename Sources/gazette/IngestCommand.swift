import ArgumentParser
import Foundation
import GazetteIngest

/// `gazette ingest PATH…`: files and folders into the database, idempotently.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest post files and folders (recursively: *.md, *.markdown, *.html).",
        discussion: """
            Prints a summary: added, updated, unchanged, failed (each failure with file and reason), and with \
            --prune, deleted. A file whose size and modification time are unchanged since it was read is not \
            read again. \
            Exit status: 0 when nothing failed, 1 when some files failed, 2 on a usage or database error.
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print the summary as one JSON object with a failures list.")
    var json = false

    @Flag(
        name: .long,
        help: """
            After ingesting, delete the articles whose source file was under one of the PATHs and no longer \
            exists (articles posted over HTTP are kept); the summary then ends with ', deleted N'.
            """)
    var prune = false

    @Argument(help: "Files and folders of posts.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder to ingest") }
    }

    func run() throws {
        let settings = try database.settings()
        let store = try database.openStore(settings, bulk: true)
        let configuration = settings.ingestConfiguration
        let bar = ProgressBar()
        let summary: IngestSummary
        do {
            summary = try Ingestor(store: store, configuration: configuration).ingest(paths: paths, prune: prune) {
                bar.update($0)
            }
        } catch {
            throw CLIError("database error while ingesting: \(error)")
        }
        if json {
            var out = JSONSummary(summary).encoded()
            out.append(UInt8(ascii: "\n"))
            writeOut(out)
        } else {
            for failure in summary.failures { printError("\(failure.path): \(failure.reason)") }
            print(summary.line)
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

/// `--json` output: the counts and the failures.
private struct JSONSummary {
    let summary: IngestSummary
    init(_ summary: IngestSummary) { self.summary = summary }

    func encoded() -> [UInt8] {
        var json = JSONWriterBridge()
        return json.write(summary)
    }
}

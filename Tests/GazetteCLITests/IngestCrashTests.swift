import Foundation
import TestSupport
import Testing

@testable import GazetteStore

/// `kill -9` during an ingest must leave a consistent database that the next run completes.
struct IngestCrashTests {
    static let postCount = 3_000

    @Test(.timeLimit(.minutes(3)))
    func sigkillMidwayThenRerun_storesEveryPostExactlyOnce() throws {
        let folder = try TemporaryFolder()
        for n in 0..<Self.postCount {
            let body = (0..<8).map { "<p>Paragraph \($0) of post \(n): 南京 疫情 股市 news.</p>" }.joined(separator: "\n")
            try folder.write(
                "---\ntitle: Post \(n)\ndate: 2021-07-\(String(format: "%02d", n % 28 + 1)) 10:00:\(String(format: "%02d", n % 60))\n"
                    + "categories:\n - 金融\n - 新浪财经\ntags: [t\(n % 7)]\n---\n<div>\n\(body)\n</div>\n",
                to: "posts/\(n / 500)/post-\(n).md")
        }
        try folder.write("ingest_batch_size: 50\n", to: "config/gazette.yaml")
        let db = folder.url.appendingPathComponent("crash.sqlite").path

        let process = GazetteProcess.start(["ingest", "--db", db, "posts"], in: folder.url)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some batches are committed, then kill without warning.
        var committed = 0
        let deadline = Date().addingTimeInterval(60)
        while committed < 200 && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            committed = (try? Self.count(db)) ?? 0
        }
        #expect(process.isRunning, "the ingest finished before it could be killed; make the test corpus larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let atKill = try Self.count(db)
        #expect(atKill > 0 && atKill < Self.postCount)

        let rerun = try GazetteProcess.run(["ingest", "--db", db, "posts"], in: folder.url)
        #expect(rerun.status == 0)
        #expect(rerun.stdout.contains("added \(Self.postCount - atKill), updated 0, unchanged \(atKill), failed 0"))

        let connection = try Connection(location: .file(db), readOnly: true)
        #expect(try connection.statement("PRAGMA integrity_check").first { $0.string(0) } == "ok")
        #expect(try connection.statement("PRAGMA foreign_key_check").first { _ in true } == nil)
        let distinct = try connection.statement("SELECT COUNT(DISTINCT title), COUNT(*) FROM articles").first {
            ($0.int(0), $0.int(1))
        }
        #expect(distinct?.0 == Self.postCount && distinct?.1 == Self.postCount)
        // Derived counts agree with the rows after the crash and the re-run.
        let categoryCount = try connection.statement("SELECT count FROM categories WHERE path = '金融'").first {
            $0.int(0)
        }
        #expect(categoryCount == Self.postCount)
        let tagTotal = try connection.statement("SELECT SUM(count) FROM tags").first { $0.int(0) }
        #expect(tagTotal == Self.postCount)
    }

    static func count(_ db: String) throws -> Int {
        try ArticleReader(readOnlyAt: .file(db)).articleCount()
    }
}

import Foundation
import TestSupport
import Testing

@testable import GazetteStore

/// `kill -9` during an ingest must leave a consistent database that the next run completes.
struct IngestCrashTests {
    static let postCount = 3_000

    @Test(.timeLimit(.minutes(10)))
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
        // A trigger stalls the ingest's writer midway through the transaction of one batch (the
        // insert of `Post 1525` never ends), so the ingest cannot finish before it is killed,
        // however fast or slow the machine is. The files are read in name order, 50 to a batch:
        // posts 0–1499 are committed, 1500–1524 are written but not committed when it stalls.
        _ = try ArticleStore(location: .file(db))
        let setup = try Connection(location: .file(db))
        try setup.execute(Self.stallSQL)

        let process = GazetteProcess.start(["ingest", "--db", db, "posts"], in: folder.url)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The order comes from the condition: 1,500 committed means the writer is at the stall
        // (it cannot commit more). The pause only spaces the checks; the deadline bounds a failure.
        var committed = 0
        let deadline = Date().addingTimeInterval(300)
        while committed < Self.committedAtStall && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            committed = (try? Self.count(db)) ?? 0
        }
        #expect(committed == Self.committedAtStall)
        #expect(process.isRunning, "the ingest ended before it was killed, despite the stall")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let atKill = try Self.count(db)
        #expect(atKill == Self.committedAtStall)
        try setup.execute("DROP TRIGGER stall_midway; DROP TABLE stall_rows")

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

    /// The posts committed when the writer stalls: every batch before the one with `Post 1525`.
    static let committedAtStall = 1_500

    /// A trigger whose insert of `Post 1525` counts a cross join of 10^12 rows (far longer than
    /// the test's time limit), and the rows it joins.
    static let stallSQL = """
        CREATE TABLE stall_rows(x INTEGER);
        WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)
        INSERT INTO stall_rows SELECT x FROM n;
        CREATE TRIGGER stall_midway BEFORE INSERT ON articles WHEN NEW.title = 'Post 1525'
        BEGIN
            SELECT count(*) FROM stall_rows a, stall_rows b, stall_rows c, stall_rows d
            WHERE a.x + b.x + c.x + d.x > 0;
        END;
        """

    static func count(_ db: String) throws -> Int {
        try ArticleReader(readOnlyAt: .file(db)).articleCount()
    }
}

import Foundation
import TestSupport
import Testing

struct CommandTests {
    func post(_ n: Int) -> String {
        "---\ntitle: Post \(n)\ndate: 2024-01-\(String(format: "%02d", n % 28 + 1))\ncategories: [A, B\(n % 3)]\n---\nBody \(n).\n"
    }

    @Test func ingest_printsTheSummaryLineAndExitsByOutcome() throws {
        let folder = try TemporaryFolder()
        try folder.write(post(1), to: "posts/one.md")
        let ok = try GazetteProcess.run(["ingest", "--db", "g.sqlite", "posts"], in: folder.url)
        #expect(ok.status == 0)
        #expect(ok.stdout.split(separator: "\n").last == "added 1, updated 0, unchanged 0, failed 0")

        let bad = try folder.write("no front matter", to: "posts/bad.md")
        let failed = try GazetteProcess.run(["ingest", "--db", "g.sqlite", "posts"], in: folder.url)
        #expect(failed.status == 1)
        #expect(failed.stdout.split(separator: "\n").last == "added 0, updated 0, unchanged 1, failed 1")
        #expect(failed.stderr.contains("\(bad.path): no front matter"))
    }

    @Test func ingestJSON_listsFailuresWithPathAndReason() throws {
        let folder = try TemporaryFolder()
        try folder.write(post(1), to: "p/one.md")
        let bad = try folder.write("---\ntitle: [x\n---\n", to: "p/broken.md")
        let result = try GazetteProcess.run(["ingest", "--json", "--db", "g.sqlite", "p"], in: folder.url)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["added"] as? Int == 1 && object["failed"] as? Int == 1)
        let failures = try #require(object["failures"] as? [[String: String]])
        #expect(failures.first?["path"] == bad.path)
        #expect(failures.first?["reason"]?.contains("YAML") == true)
    }

    @Test func usageAndDatabaseErrors_exitWithTwoAndOneLine() throws {
        let folder = try TemporaryFolder()
        let usage = try GazetteProcess.run(["ingest", "--no-such-flag"], in: folder.url)
        #expect(usage.status == 2)
        #expect(usage.stderr.split(separator: "\n").count == 1)
        try folder.write("not sqlite at all", to: "broken.sqlite")
        let database = try GazetteProcess.run(["stats", "--db", "broken.sqlite"], in: folder.url)
        #expect(database.status == 2)
        #expect(database.stderr.contains("broken.sqlite"))
        let help = try GazetteProcess.run(["ingest", "-h"], in: folder.url)
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }

    @Test func showAndExport_printFullArticlesOldestFirst() throws {
        let folder = try TemporaryFolder()
        for n in 1...3 { try folder.write(post(n), to: "p/\(n).md") }
        _ = try GazetteProcess.run(["ingest", "--db", "g.sqlite", "p"], in: folder.url)
        let show = try GazetteProcess.run(["show", "--db", "g.sqlite", "2"], in: folder.url)
        let article = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(article["slug"] as? String == "2" && article["body_text"] as? String == "Body 2.")
        #expect(article["categories"] as? [String] == ["A", "B2"])
        let missing = try GazetteProcess.run(["show", "--db", "g.sqlite", "nope"], in: folder.url)
        #expect(missing.status == 2 && missing.stderr.contains("nope"))

        let export = try GazetteProcess.run(["export", "--db", "g.sqlite"], in: folder.url)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let dates = try lines.map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["published_at"] as? String)
        }
        #expect(dates == dates.sorted())
    }

    @Test func settings_comeFromFlagsThenEnvironmentThenConfigFile() throws {
        let folder = try TemporaryFolder()
        try folder.write(post(1), to: "p/1.md")
        try folder.write("db: from-config.sqlite\n", to: "config/gazette.yaml")
        _ = try GazetteProcess.run(["ingest", "p"], in: folder.url)
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("from-config.sqlite").path))
        _ = try GazetteProcess.run(["ingest", "p"], in: folder.url, environment: ["GAZETTE_DB": "from-env.sqlite"])
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("from-env.sqlite").path))
        _ = try GazetteProcess.run(
            ["ingest", "--db", "from-flag.sqlite", "p"], in: folder.url, environment: ["GAZETTE_DB": "x.sqlite"])
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("from-flag.sqlite").path))
        try folder.write("port: 99999\n", to: "bad.yaml")
        let bad = try GazetteProcess.run(["stats", "--config", "bad.yaml"], in: folder.url)
        #expect(bad.status == 2 && bad.stderr.contains("99999"))
        try folder.write("query_timeout_ms: -5\n", to: "negative.yaml")
        let negative = try GazetteProcess.run(["stats", "--config", "negative.yaml"], in: folder.url)
        #expect(negative.status == 2 && negative.stderr.contains("query_timeout_ms"), "\(negative.stderr)")
    }

    @Test func migrate_reportsWhatItApplied() throws {
        let folder = try TemporaryFolder()
        let first = try GazetteProcess.run(["migrate", "--db", "m.sqlite"], in: folder.url)
        #expect(first.status == 0 && first.stdout.contains("0001_initial.sql"))
        let second = try GazetteProcess.run(["migrate", "--db", "m.sqlite"], in: folder.url)
        #expect(second.stdout.contains("up to date"))
    }
}

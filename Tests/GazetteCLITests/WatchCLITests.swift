import Foundation
import TestSupport
import Testing

/// `gazette serve --watch` and `gazette ingest --prune` through the real binary, a real server on
/// 127.0.0.1 and real files: every change ends with the API and search showing exactly the
/// folder's state.
///
/// Waits are condition waits: the test polls the server's answers (`/v1/articles`, `/readyz`,
/// `/metrics`) until they show the expected state or a generous deadline (60 s) passes; nothing
/// is ordered by sleeping.
@Suite(.serialized)
struct WatchCLITests {
    static let writeToken = "watch-test-token"

    /// A post's title and the word only its body has.
    struct Post: Equatable {
        var title: String
        var word: String
    }

    /// A post file whose body has `gazettewatch` (every post) and its own word.
    static func text(_ post: Post) -> String {
        "---\ntitle: \(post.title)\ndate: 2024-01-02 03:04:05\n---\nBody of \(post.title): gazettewatch \(post.word).\n"
    }

    /// A word of letters only, unique for `n` < 26³, all of one length (so none is a prefix of
    /// another, which search would also find).
    static func word(_ n: Int) -> String {
        var n = n
        var letters = "bw"
        for _ in 0..<3 {
            letters.append(Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(n % 26))))
            n /= 26
        }
        return letters
    }

    /// A running `gazette serve`, stopped when released.
    final class Server {
        let process: Process
        let port: Int

        init(in folder: URL, watching: [String], db: String = "db.sqlite") throws {
            let arguments =
                ["--config", "gazette.yaml", "--db", db, "--port", "0"] + watching.flatMap { ["--watch", $0] }
            let started = try GazetteProcess.serve(arguments, in: folder)
            guard let port = started.port else {
                started.process.terminate()
                throw HTTPTestClient.Failure(description: "the server did not start: \(started.line)")
            }
            process = started.process
            self.port = port
        }

        deinit { stop() }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }

        func killHard() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func request(_ method: String, _ target: String, body: String? = nil) throws -> HTTPTestResponse {
            let client = try HTTPTestClient(port: port)
            var head = "\(method) \(target) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
            if let body {
                head += "Authorization: Bearer \(WatchCLITests.writeToken)\r\nContent-Type: application/json\r\n"
                head += "Content-Length: \(body.utf8.count)\r\n"
            }
            try client.send(head + "\r\n" + (body ?? ""))
            return try client.readResponse()
        }

        func json(_ target: String) throws -> [String: Any] {
            let response = try request("GET", target)
            guard response.status == 200,
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            else { throw HTTPTestClient.Failure(description: "GET \(target): \(response.status)") }
            return object
        }

        /// Every article, by slug: its id and title (all pages of the list).
        func articles() throws -> [String: (id: Int, title: String)] {
            var result: [String: (id: Int, title: String)] = [:]
            var cursor: String?
            repeat {
                var target = "/v1/articles?limit=100&fields=id,slug,title"
                if let cursor {
                    target += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }
                let page = try json(target)
                for item in page["data"] as? [[String: Any]] ?? [] {
                    if let slug = item["slug"] as? String, let id = item["id"] as? Int,
                        let title = item["title"] as? String
                    {
                        result[slug] = (id, title)
                    }
                }
                cursor = (page["meta"] as? [String: Any])?["next_cursor"] as? String
            } while cursor != nil
            return result
        }

        func titles() throws -> [String: String] { try articles().mapValues(\.title) }

        func total(_ query: String = "") throws -> Int {
            let meta = try json("/v1/articles?limit=1\(query.isEmpty ? "" : "&q=\(query)")")["meta"] as? [String: Any]
            return meta?["total"] as? Int ?? -1
        }

        func searchSlugs(_ word: String) throws -> Set<String> {
            let found = try json("/v1/articles?limit=100&fields=slug&q=\(word)")["data"] as? [[String: Any]] ?? []
            return Set(found.compactMap { $0["slug"] as? String })
        }

        /// A counter or gauge of `/metrics`.
        func metric(_ name: String) throws -> Int {
            let text = String(decoding: try request("GET", "/metrics").body, as: UTF8.self)
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
        }

        func readiness() throws -> (reconciled: Bool, pending: Int) {
            let watch = try json("/readyz")["watch"] as? [String: Any]
            return (watch?["reconciled"] as? Bool ?? false, watch?["pending"] as? Int ?? -1)
        }
    }

    /// Polls until `condition` holds or 60 s pass (a condition wait on the server's answers).
    static func eventually(_ condition: () throws -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if (try? condition()) == true { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return (try? condition()) == true
    }

    /// Waits until the list shows exactly `expected`, then checks search agrees: each post is
    /// found by its own word and only by it, `retired` words find nothing, and the word every
    /// post has finds them all.
    static func expectState(
        _ server: Server, _ expected: [String: Post], retired: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let titles = expected.mapValues(\.title)
        _ = eventually { try server.titles() == titles && server.readiness() == (true, 0) }
        #expect(try server.titles() == titles, sourceLocation: sourceLocation)
        for (slug, post) in expected {
            #expect(try server.searchSlugs(post.word) == [slug], "search \(post.word)", sourceLocation: sourceLocation)
        }
        for word in retired {
            #expect(try server.searchSlugs(word) == [], "search \(word)", sourceLocation: sourceLocation)
        }
        #expect(try server.total("gazettewatch") == expected.count, sourceLocation: sourceLocation)
    }

    static func prepare() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("write_token: \(writeToken)\n", to: "gazette.yaml")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("posts"), withIntermediateDirectories: true)
        return folder
    }

    /// `rename(2)`, which replaces the target (FileManager's move refuses to).
    static func move(_ folder: TemporaryFolder, _ from: String, _ to: String) throws {
        let source = folder.url.appendingPathComponent(from).path
        let target = folder.url.appendingPathComponent(to).path
        guard rename(source, target) == 0 else {
            throw HTTPTestClient.Failure(description: "rename \(source) \(target): errno \(errno)")
        }
    }

    static func remove(_ folder: TemporaryFolder, _ path: String) throws {
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent(path))
    }

    @Test(.timeLimit(.minutes(10)))
    func everyKindOfChange_endsWithTheAPIAndSearchShowingTheFolder() throws {
        let folder = try Self.prepare()
        var expected: [String: Post] = [:]
        let alpha1 = Post(title: "Alpha", word: "alphawordone")
        try folder.write(Self.text(alpha1), to: "posts/alpha.md")
        try folder.write(Self.text(Post(title: "Gone", word: "gonewordone")), to: "posts/gone.md")
        #expect(try GazetteProcess.run(["ingest", "--db", "db.sqlite", "posts"], in: folder.url).status == 0)
        // Deleted while no server ran: the reconcile at start deletes its article.
        try Self.remove(folder, "posts/gone.md")

        let server = try Server(in: folder.url, watching: ["posts"])
        let http = Post(title: "From HTTP", word: "httpwordone")
        let put = try server.request(
            "PUT", "/v1/articles/from-http",
            body: #"{"title": "From HTTP", "body_markdown": "Posted: gazettewatch httpwordone."}"#)
        #expect(put.status == 201)
        expected["from-http"] = http
        expected["alpha"] = alpha1
        try Self.expectState(server, expected, retired: ["gonewordone"])
        let alphaID = try #require(try server.articles()["alpha"]?.id)

        // Created.
        let bravo1 = Post(title: "Bravo", word: "bravowordone")
        try folder.write(Self.text(bravo1), to: "posts/bravo.md")
        expected["bravo"] = bravo1
        try Self.expectState(server, expected)
        let bravoID = try #require(try server.articles()["bravo"]?.id)

        // Edited in place: same id, the old text no longer found.
        let alpha2 = Post(title: "Alpha, edited", word: "alphawordtwo")
        try folder.write(Self.text(alpha2), to: "posts/alpha.md")
        expected["alpha"] = alpha2
        try Self.expectState(server, expected, retired: ["alphawordone"])
        #expect(try server.articles()["alpha"]?.id == alphaID)

        // Written to a temporary name, then renamed into place: a new post, and over an
        // existing one (one update: same id).
        let charlie1 = Post(title: "Charlie", word: "charliewordone")
        try folder.write(Self.text(charlie1), to: "posts/.charlie.md.tmp")
        try Self.move(folder, "posts/.charlie.md.tmp", "posts/charlie.md")
        let bravo2 = Post(title: "Bravo, replaced", word: "bravowordtwo")
        try folder.write(Self.text(bravo2), to: "posts/.bravo.md.tmp")
        try Self.move(folder, "posts/.bravo.md.tmp", "posts/bravo.md")
        expected["charlie"] = charlie1
        expected["bravo"] = bravo2
        try Self.expectState(server, expected, retired: ["bravowordone"])
        #expect(try server.articles()["bravo"]?.id == bravoID)

        // New sub-folders with posts: one made in place (its file lands at once), one made
        // outside and moved in whole (its files were there before any watch).
        let delta = Post(title: "Delta", word: "deltawordone")
        let echo = Post(title: "Echo", word: "echowordone")
        let foxtrot = Post(title: "Foxtrot", word: "foxtrotwordone")
        try folder.write(Self.text(delta), to: "posts/s1/delta.md")
        try folder.write(Self.text(echo), to: "outside/s2/echo.md")
        try folder.write(Self.text(foxtrot), to: "outside/s2/deeper/foxtrot.md")
        try Self.move(folder, "outside/s2", "posts/s2")
        expected["delta"] = delta
        expected["echo"] = echo
        expected["foxtrot"] = foxtrot
        try Self.expectState(server, expected)
        let deltaID = try #require(try server.articles()["delta"]?.id)

        // Moved between sub-folders: the same article.
        try Self.move(folder, "posts/s1/delta.md", "posts/s2/delta.md")
        try Self.expectState(server, expected)
        #expect(try server.articles()["delta"]?.id == deltaID)
        // A file in the moved-in folder's sub-folder is followed too.
        let foxtrot2 = Post(title: "Foxtrot, edited", word: "foxtrotwordtwo")
        try folder.write(Self.text(foxtrot2), to: "posts/s2/deeper/foxtrot.md")
        expected["foxtrot"] = foxtrot2
        try Self.expectState(server, expected, retired: ["foxtrotwordone"])

        // Deleted.
        try Self.remove(folder, "posts/charlie.md")
        expected["charlie"] = nil
        try Self.expectState(server, expected, retired: ["charliewordone"])

        // A whole folder deleted.
        try Self.remove(folder, "posts/s2")
        for slug in ["delta", "echo", "foxtrot"] { expected[slug] = nil }
        try Self.expectState(server, expected, retired: ["deltawordone", "echowordone", "foxtrotwordtwo"])

        // Posts that fail: a new one, and an edit that breaks an existing one (which stays as
        // it was). Both are counted; then both are fixed.
        let failuresBefore = try server.metric("gazette_watch_failures_total")
        try folder.write("---\ndate: 2024-01-02\n---\nno title: golfwordzero\n", to: "posts/golf.md")
        try folder.write("no front matter: alphawordbroken\n", to: "posts/alpha.md")
        #expect(Self.eventually { try server.metric("gazette_watch_failures_total") >= failuresBefore + 2 })
        try Self.expectState(server, expected, retired: ["golfwordzero", "alphawordbroken"])
        let golf = Post(title: "Golf", word: "golfwordone")
        let alpha3 = Post(title: "Alpha, fixed", word: "alphawordthree")
        try folder.write(Self.text(golf), to: "posts/golf.md")
        try folder.write(Self.text(alpha3), to: "posts/alpha.md")
        expected["golf"] = golf
        expected["alpha"] = alpha3
        try Self.expectState(server, expected, retired: ["alphawordtwo"])
        #expect(try server.articles()["alpha"]?.id == alphaID)
        #expect(try server.metric("gazette_watch_changes_applied_total") > 0)

        // A restart reconciles again: nothing changes, and the HTTP article survives.
        server.stop()
        let again = try Server(in: folder.url, watching: ["posts"])
        try Self.expectState(again, expected)
    }

    @Test(.timeLimit(.minutes(10)))
    func burstOf2000Files_allAppliedAndFound() throws {
        let folder = try Self.prepare()
        let server = try Server(in: folder.url, watching: ["posts"])
        _ = Self.eventually { try server.readiness().reconciled }
        var expected: [String: Post] = [:]
        for n in 0..<2_000 {
            let post = Post(title: "Burst \(n)", word: Self.word(n))
            try folder.write(Self.text(post), to: "posts/b\(n % 4)/burst-\(n).md")
            expected["burst-\(n)"] = post
        }
        _ = Self.eventually { try server.total() == 2_000 && server.readiness() == (true, 0) }
        #expect(try server.titles() == expected.mapValues(\.title))
        #expect(try server.total("gazettewatch") == 2_000)
        for n in stride(from: 0, to: 2_000, by: 97) {
            #expect(try server.searchSlugs(Self.word(n)) == ["burst-\(n)"])
        }
        #expect(try server.metric("gazette_watch_failures_total") == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func watchNice_lowersTheWatcherThreadOnly_notTheEventLoops() throws {
        let folder = try Self.prepare()
        try folder.write("write_token: \(Self.writeToken)\nwatch_nice: 6\nloops: 2\n", to: "gazette.yaml")
        try folder.write(Self.text(Post(title: "Niced", word: "nicedword")), to: "posts/niced.md")
        let server = try Server(in: folder.url, watching: ["posts"])
        _ = Self.eventually { try server.total() == 1 && server.readiness() == (true, 0) }
        #expect(try server.total() == 1)
        let threads = Self.threads(of: server.process.processIdentifier)
        let base = try #require(threads.first { $0.id == server.process.processIdentifier }?.nice)
        #expect(threads.filter { $0.name == "gazette-watch" }.map(\.nice) == [min(19, base + 6)])
        let loops = threads.filter { $0.name.hasPrefix("gazette-loop-") }
        #expect(loops.count == 2)
        #expect(loops.allSatisfy { $0.nice == base })
    }

    /// Every thread of process `pid`: kernel id, name and nice value (`/proc/PID/task/TID/stat`,
    /// proc(5): the name in parentheses, the nice value the 19th field).
    static func threads(of pid: Int32) -> [(id: Int32, name: String, nice: Int)] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { task in
            guard let id = Int32(task),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 16, let nice = Int(fields[16]) else { return nil }
            return (id, String(stat[stat.index(after: open)..<close]), nice)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func sigkillDuringABurst_restartMakesTheDatabaseEqualTheFolder() throws {
        let folder = try Self.prepare()
        let server = try Server(in: folder.url, watching: ["posts"])
        _ = Self.eventually { try server.readiness().reconciled }
        var expected: [String: Post] = [:]
        for n in 0..<1_000 {
            let post = Post(title: "Burst \(n)", word: Self.word(n))
            try folder.write(Self.text(post), to: "posts/b\(n % 2)/burst-\(n).md")
            expected["burst-\(n)"] = post
        }
        // Killed once the watcher has begun to apply the burst.
        #expect(Self.eventually { try server.total() > 0 })
        server.killHard()
        // More changes while no server runs: new files, deleted files.
        for n in 1_000..<2_000 {
            let post = Post(title: "Burst \(n)", word: Self.word(n))
            try folder.write(Self.text(post), to: "posts/b\(n % 2 + 2)/burst-\(n).md")
            expected["burst-\(n)"] = post
        }
        for n in stride(from: 0, to: 2_000, by: 10) {
            try Self.remove(folder, "posts/b\(n < 1_000 ? n % 2 : n % 2 + 2)/burst-\(n).md")
            expected["burst-\(n)"] = nil
        }
        let restarted = try Server(in: folder.url, watching: ["posts"])
        _ = Self.eventually { try restarted.total() == expected.count && restarted.readiness() == (true, 0) }
        #expect(try restarted.titles() == expected.mapValues(\.title))
        #expect(try restarted.total("gazettewatch") == expected.count)
        for n in stride(from: 0, to: 2_000, by: 97) {
            #expect(try restarted.searchSlugs(Self.word(n)) == (n % 10 == 0 ? [] : ["burst-\(n)"]))
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func bulkIngestAndWatchedFolder_giveTheSameArticles() throws {
        let folder = try Self.prepare()
        let samples = SettingsDocumentTests.root.appendingPathComponent("Samples")
        // SOURCES.md is the list of where they come from, not a post.
        let names = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter {
            ($0.hasSuffix(".md") || $0.hasSuffix(".markdown")) && $0 != "SOURCES.md"
        }
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("bulk"), withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                at: samples.appendingPathComponent(name), to: folder.url.appendingPathComponent("bulk/\(name)"))
        }
        let bulk = try GazetteProcess.run(["ingest", "--db", "bulk.sqlite", "bulk"], in: folder.url)
        #expect(bulk.status == 0)
        let count = try Self.articleCount(export: Self.export("bulk.sqlite", in: folder))

        let server = try Server(in: folder.url, watching: ["posts"], db: "watched.sqlite")
        _ = Self.eventually { try server.readiness().reconciled }
        for name in names {
            try FileManager.default.copyItem(
                at: samples.appendingPathComponent(name), to: folder.url.appendingPathComponent("posts/\(name)"))
        }
        _ = Self.eventually { try server.total() == count && server.readiness() == (true, 0) }
        server.stop()
        let watched = try Self.export("watched.sqlite", in: folder)
        #expect(Self.articleCount(export: watched) == count)
        #expect(watched == (try Self.export("bulk.sqlite", in: folder)))
    }

    /// `gazette export`, each article without what differs by when and in which order it was
    /// stored (id, url, times), sorted by slug, as canonical JSON.
    static func export(_ db: String, in folder: TemporaryFolder) throws -> [String] {
        let result = try GazetteProcess.run(["export", "--db", db], in: folder.url)
        return try result.stdout.split(separator: "\n").map { line in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["id", "url", "ingested_at", "updated_at"] { object[key] = nil }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }.sorted()
    }

    static func articleCount(export: [String]) -> Int { export.count }

    @Test func ingestPrune_deletesGoneFilesUnderThePathOnly_andSaysSo() throws {
        let folder = try Self.prepare()
        try folder.write(Self.text(Post(title: "Kept", word: "keptword")), to: "posts/kept.md")
        try folder.write(Self.text(Post(title: "Gone", word: "goneword")), to: "posts/sub/gone.md")
        try folder.write(Self.text(Post(title: "Other", word: "otherword")), to: "postsX/other.md")
        let first = try GazetteProcess.run(["ingest", "--db", "db.sqlite", "posts", "postsX"], in: folder.url)
        #expect(first.stdout.contains("added 3, updated 0, unchanged 0, failed 0\n"))
        try Self.remove(folder, "posts/sub")
        try Self.remove(folder, "postsX/other.md")

        let plain = try GazetteProcess.run(["ingest", "--db", "db.sqlite", "posts"], in: folder.url)
        #expect(plain.stdout.hasSuffix("added 0, updated 0, unchanged 1, failed 0\n"))
        let pruned = try GazetteProcess.run(["ingest", "--db", "db.sqlite", "--prune", "posts"], in: folder.url)
        #expect(pruned.status == 0)
        #expect(pruned.stdout.hasSuffix("added 0, updated 0, unchanged 1, failed 0, deleted 1\n"))
        let json = try GazetteProcess.run(
            ["ingest", "--db", "db.sqlite", "--prune", "--json", "posts"], in: folder.url)
        #expect(json.stdout.contains(#""deleted":0"#))
        // postsX was not named: its gone file's article stays.
        let slugs = try Self.export("db.sqlite", in: folder).compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["slug"] as? String
        }
        #expect(slugs.sorted() == ["kept", "other"])
    }
}

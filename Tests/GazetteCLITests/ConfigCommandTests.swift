import Foundation
import TestSupport
import Testing

@testable import gazette

/// The command line around settings: `--help`, `gazette config`, and settings reaching `serve`.
struct ConfigCommandTests {
    @Test func help_listsEachSubcommandOnce() throws {
        let help = try GazetteProcess.run(["--help"])
        #expect(help.status == 0)
        let after = try #require(help.stdout.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first)
        let section = after.components(separatedBy: "\n\n")[0]
        // A command's line starts with its name after two spaces; wrapped text is indented further.
        let listed = section.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        let names = Gazette.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        #expect(listed.count == names.count, "\(help.stdout)")
        for name in names {
            #expect(listed.filter { $0 == name }.count == 1, "\(name) in:\n\(help.stdout)")
        }
    }

    @Test func configDefaults_printsTheShippedConfigFile() throws {
        let result = try GazetteProcess.run(["config", "--defaults"])
        #expect(result.status == 0)
        let committed = try String(
            contentsOf: SettingsDocumentTests.root.appendingPathComponent("config/gazette.yaml"), encoding: .utf8)
        #expect(result.stdout == committed)
    }

    @Test func config_printsResolvedValuesWithTheirSources() throws {
        let folder = try TemporaryFolder()
        try folder.write("max_connections: 50\n", to: "config/gazette.yaml")
        let result = try GazetteProcess.run(["config"], in: folder.url, environment: ["GAZETTE_PORT": "9000"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("max_connections: 50  # from config file config/gazette.yaml"))
        #expect(result.stdout.contains("port: 9000  # from environment GAZETTE_PORT"))
    }

    @Test func badSettings_exitWithTwoAndOneLineNamingSettingAndSource() throws {
        let folder = try TemporaryFolder()
        try folder.write("idle_timeout_msec: 5\n", to: "unknown.yaml")
        let unknown = try GazetteProcess.run(["stats", "--config", "unknown.yaml", "--db", "s.sqlite"], in: folder.url)
        #expect(unknown.status == 2 && unknown.stderr.split(separator: "\n").count == 1)
        #expect(unknown.stderr.contains("idle_timeout_msec") && unknown.stderr.contains("unknown.yaml"))

        let port = try GazetteProcess.run(["serve", "--port", "70000", "--db", "s.sqlite"], in: folder.url)
        #expect(port.status == 2 && port.stderr.contains("port") && port.stderr.contains("--port"), "\(port.stderr)")

        let environment = try GazetteProcess.run(
            ["stats", "--db", "s.sqlite"], in: folder.url, environment: ["GAZETTE_PORT": "x"])
        #expect(environment.status == 2 && environment.stderr.contains("GAZETTE_PORT"), "\(environment.stderr)")
    }

    @Test func serveHelp_showsEveryDeclaredFlag() throws {
        let help = try GazetteProcess.run(["serve", "--help"])
        for flag in Setting.all.compactMap(\.flag) {
            #expect(help.stdout.contains(flag), "\(flag)")
        }
    }

    @Test func serve_appliesServerLimitsAndAPISettingsFromTheConfigFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("max_header_count: 3\ncache_control: \"private, max-age=7\"\n", to: "limits.yaml")
        let (process, bound, text) = try GazetteProcess.serve(
            ["--db", "s.sqlite", "--port", "0", "--config", "limits.yaml"], in: folder.url)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let port = try #require(bound, "\(text)")

        let client = try HTTPTestClient(port: port, timeout: 30)
        try client.send("GET /v1/tags HTTP/1.1\r\nHost: a\r\nX-One: 1\r\n\r\n")
        let ok = try client.readResponse()
        #expect(ok.status == 200 && ok.header("Cache-Control") == "private, max-age=7")
        try client.send("GET /v1/tags HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nX-Two: 2\r\nX-Three: 3\r\n\r\n")
        #expect(try client.readResponse().status == 431)
    }
}

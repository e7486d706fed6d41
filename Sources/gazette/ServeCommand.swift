import ArgumentParser
import Foundation
import GazetteAPI
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging

/// `gazette serve`: migrate if needed and serve the API until SIGTERM/SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTP API (migrating the database first if needed).")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Address to listen on (default: GAZETTE_HOST, the config file, or 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on; 0 picks a free one and prints it (default 8080).")
    var port: Int?

    @Flag(name: .long, help: "Serve the sample articles that ship with Gazette from an in-memory database.")
    var demo = false

    func run() throws {
        var settings = try database.settings()
        if let host { settings.host = host }
        if let port { settings.port = port }
        try settings.validate()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "gazette")
        let ingest = IngestConfiguration(timeZone: settings.timeZone, maxPostBytes: settings.maxPostBytes)

        let store: ArticleStore
        do {
            if demo {
                store = try ArticleStore(location: .memory(name: "gazette-demo-\(getpid())"))
                let added = try DemoLoader.load(into: store, configuration: ingest)
                logger.info("demo: \(added) sample articles in an in-memory database")
            } else {
                store = try ArticleStore(location: .file(settings.db))
            }
        } catch {
            throw CLIError("cannot open database \(demo ? "(demo)" : settings.db): \(error)")
        }

        var server = ServerConfiguration(host: settings.host, port: settings.port)
        if settings.loops > 0 { server.loopCount = settings.loops }
        server.maxBodyBytes = settings.maxPostBytes
        server.accessLogLevel = settings.accessLog ? .info : nil
        let api = APIConfiguration(
            writeToken: settings.writeToken, corsOrigins: settings.corsOrigins, cacheControl: settings.cacheControl,
            baseURL: settings.baseURL, responseCacheEnabled: settings.responseCache,
            responseCacheEntries: settings.responseCacheEntries, queryTimeLimit: settings.queryTimeLimit)
        let app: GazetteApp
        do {
            app = try GazetteApp(
                store: store, loopCount: server.loopCount, configuration: api, ingest: ingest, logger: logger)
        } catch {
            throw CLIError("cannot open read connections to \(settings.db): \(error)")
        }
        let corsHeaders = app.headersForServerErrors()
        server.errorHeaders = { _ in corsHeaders }
        let http = HTTPServer(configuration: server, logger: logger) { app.handle($0) }
        app.observeConnections { http.openConnectionCount }
        let bound: Int
        do {
            bound = try http.start()
        } catch {
            throw CLIError("cannot listen on \(settings.host):\(settings.port): \(error)")
        }
        let shownHost = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        // Written unbuffered: scripts wait for this line to learn the port.
        writeOut(Array("gazette: listening on http://\(shownHost):\(bound)\(demo ? " (demo data)" : "")\n".utf8))
        http.shutdownOnSignals()
        http.waitUntilStopped()
        app.checkpoint()
        logger.info("stopped")
    }
}

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

    @Option(
        name: .long,
        help: """
            A folder of posts to keep the database in step with while serving (repeatable; default: the config \
            file's watch list).
            """)
    var watch: [String] = []

    func run() throws {
        // Before any thread starts (the demo's ingest starts several): a SIGTERM sent as soon as
        // the port is printed, or earlier, waits for the signal sources instead of being lost.
        HTTPServer.holdTerminationSignals()
        let settings = try database.settings { settings throws(SettingsError) in
            try settings.apply(flag: host, for: Setting.host)
            try settings.apply(flag: port, for: Setting.port)
            try settings.apply(flag: watch.isEmpty ? nil : watch, for: Setting.watch)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "gazette")
        let ingest = settings.ingestConfiguration

        let store: ArticleStore
        do {
            if demo {
                store = try ArticleStore(
                    location: .memory(name: "gazette-demo-\(getpid())"), configuration: settings.storeConfiguration)
                let added = try DemoLoader.load(into: store, configuration: ingest)
                logger.info("demo: \(added) sample articles in an in-memory database")
            } else {
                store = try ArticleStore(location: .file(settings.db), configuration: settings.storeConfiguration)
            }
            if let endpoints = settings.webhookEndpointsToSync { try store.syncWebhookEndpoints(endpoints) }
        } catch {
            throw CLIError("cannot open database \(demo ? "(demo)" : settings.db): \(error)")
        }

        var server = settings.serverConfiguration
        let api = settings.apiConfiguration
        let app: GazetteApp
        do {
            app = try GazetteApp(
                store: store, loopCount: server.loopCount, configuration: api, ingest: ingest, logger: logger)
        } catch {
            throw CLIError("cannot open read connections to \(settings.db): \(error)")
        }
        let webhooks: WebhookDeliverer
        do {
            webhooks = WebhookDeliverer(
                outbox: try WebhookOutbox(location: store.location, configuration: store.configuration),
                configuration: settings.webhookConfiguration, logger: logger,
                report: { app.recordWebhookDelivery(endpoint: $0, outcome: $1) })
        } catch {
            throw CLIError("cannot open the webhook outbox of \(settings.db): \(error)")
        }
        // HTTP writes of this process wake the worker; other processes' are found by its poll.
        app.observeWrites { webhooks.wake() }
        let corsHeaders = app.headersForServerErrors()
        server.errorHeaders = { _ in corsHeaders }
        let http = HTTPServer(configuration: server, logger: logger) { app.handle($0) }
        app.observeConnections(of: http)
        let bound: Int
        do {
            bound = try http.start()
        } catch {
            throw CLIError("cannot listen on \(server.host):\(server.port): \(error)")
        }
        http.shutdownOnSignals()
        let shownHost = server.host.contains(":") ? "[\(server.host)]" : server.host
        // Written unbuffered: scripts wait for this line to learn the port.
        writeOut(Array("gazette: listening on http://\(shownHost):\(bound)\(demo ? " (demo data)" : "")\n".utf8))
        webhooks.start()
        let watching = settings.watchConfiguration
        let watcher =
            watching.folders.isEmpty
            ? nil
            : FolderWatcher(store: app.sharedWriter(), configuration: watching, ingest: ingest, logger: logger)
        if let watcher {
            app.observeWatcher { watcher.status }
            watcher.start()
        }
        http.waitUntilStopped()
        watcher?.stop()
        webhooks.stop()
        app.checkpoint()
        logger.info("stopped")
    }
}

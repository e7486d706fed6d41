import Foundation
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging
import Synchronization

/// Gazette's HTTP API: routes requests of ``HTTPServer`` to the store, per API.md.
///
/// Reads run on the request's event loop with that loop's own read-only ``ArticleReader`` (the
/// store's ``ArticleReading``); writes go through the one ``ArticleStore``, serialised by a lock
/// (they are rare and short).
public final class GazetteApp: Sendable {
    let configuration: APIConfiguration
    let contexts: [LoopContext]
    let writer: Mutex<ArticleStoreBox>
    let builder: ArticleBuilder
    let dates: DateParser
    let metrics: Metrics
    let logger: Logger
    /// The server whose connection gauges `/metrics` shows, once it exists (held weakly).
    let connectionsSource = Mutex(WeakServer())
    /// Writes this app has made (bumped after each write request): a loop that sees it move
    /// asks the store for the data version instead of trusting the one it read last.
    let localWrites = Atomic<Int>(0)
    /// The open `/v1/stream` clients and what feeds them.
    let streams: StreamHub
    /// Called after each write request (committed or not), e.g. to wake the webhook worker.
    let writeObservers = Mutex<[@Sendable () -> Void]>([])
    /// Set once a folder watcher runs (`serve --watch`), for `/readyz` and `/metrics`.
    let watchStatus = Mutex<(@Sendable () -> WatchStatus)?>(nil)

    /// Creates the app over an opened (and migrated) store.
    ///
    /// - Parameters:
    ///   - store: the writer; the app owns it from now on.
    ///   - loopCount: the server's number of event loops: one read-only reader is opened per loop.
    public init(
        store: ArticleStore, loopCount: Int, configuration: APIConfiguration = APIConfiguration(),
        ingest: IngestConfiguration = IngestConfiguration(), logger: Logger = Logger(label: "gazette.api")
    ) throws {
        self.configuration = configuration
        let loops = max(1, loopCount)
        let cacheLimits =
            configuration.responseCacheEnabled
            ? ResponseCache.Limits(
                entries: configuration.responseCacheEntries, bytes: configuration.responseCacheBytes / loops)
            : ResponseCache.Limits(entries: 0, bytes: 0)
        contexts = try (0..<loops).map { _ in
            LoopContext(
                reader: try ArticleReader(readOnlyAt: store.location, configuration: store.configuration),
                cacheLimits: cacheLimits)
        }
        writer = Mutex(ArticleStoreBox(store: store))
        builder = ArticleBuilder(configuration: ingest)
        dates = DateParser(timeZone: ingest.timeZone)
        metrics = Metrics(loopCount: loopCount)
        self.logger = logger
        let withReader: StreamHub.ReaderAccess
        let app = Mutex(WeakApp())
        if case .memory = store.location {
            withReader = { body in
                guard let self = app.withLock({ $0.app }) else { return }
                try self.writer.withLock { box in try body(box.store.reader) }
            }
        } else {
            let reader = ArticleReaderBox(
                reader: try ArticleReader(readOnlyAt: store.location, configuration: store.configuration))
            withReader = { body in try body(reader.reader) }
        }
        streams = StreamHub(withReader: withReader, pollInterval: configuration.streamPollInterval, logger: logger)
        app.withLock { $0.app = self }
    }

    /// The server whose connection gauges `/metrics` shows. Held weakly: the server holds the
    /// app (its handler calls ``handle(_:)``), so a strong reference back would keep both, with
    /// their SQLite connections, alive after the server stops.
    public func observeConnections(of server: HTTPServer) {
        connectionsSource.withLock { $0.server = server }
    }

    /// The connection gauges of the observed server (zeros before there is one).
    var connectionGauges: ConnectionGauges {
        guard let server = connectionsSource.withLock({ $0.server }) else { return ConnectionGauges() }
        return ConnectionGauges(
            open: server.openConnectionCount, limit: server.connectionCap, refusedAccepts: server.refusedAcceptCount)
    }

    /// Calls `observer` after each write request this app answers, so work that follows writes
    /// (the webhook worker) starts at once instead of at its next poll.
    public func observeWrites(_ observer: @escaping @Sendable () -> Void) {
        writeObservers.withLock { $0.append(observer) }
    }

    /// Headers for errors the server itself answers (framing, limits): CORS, so a browser
    /// client can read them too.
    public func headersForServerErrors() -> [HTTPHeader] {
        configuration.corsOrigins.contains("*") ? [HTTPHeader(name: "Access-Control-Allow-Origin", value: "*")] : []
    }

    /// Checkpoints the WAL into the database (on shutdown).
    public func checkpoint() {
        writer.withLock { box in
            do {
                try box.store.checkpoint()
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Answers one request. Never throws, never traps on input: every failure is a problem
    /// response.
    ///
    /// The request goes down once and back once (ARCHITECTURE.md):
    /// routing (`Routing/`: ``Route``, method) → a read through the representation stage
    /// (`Representation/`: data version, ETag, 304, cache, gzip) and its handler (`Handlers/`),
    /// or a write → on the way back, the cross-cutting stage (`CrossCutting/`: CORS, metrics).
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        let (route, key) = Route.match(request.path)
        var response: Response
        do {
            response = try respond(to: request, route: route, key: key)
        } catch let error as APIError {
            response = error.problemResponse
        } catch {
            logger.error(
                "request failed",
                metadata: ["path": "\(request.path)", "error": "\(error)", "id": "\(request.requestID)"])
            response = APIError(.internalServerError, "the server could not answer this request").problemResponse
        }
        addCORSHeaders(to: &response, request: request)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: route, status: response.status.code, seconds: seconds, loop: request.loopIndex)
        return response
    }
}

/// The app, weakly (the stream hub's way back to the writer, without a cycle).
struct WeakApp {
    weak var app: GazetteApp?
}

/// A reference to the server that does not keep it alive (``GazetteApp/observeConnections(of:)``).
struct WeakServer {
    weak var server: HTTPServer?
}

/// The stream hub's own read-only reader.
///
/// Thread safety: used only on the hub's serial queue (``StreamHub``).
final class ArticleReaderBox: @unchecked Sendable {
    let reader: ArticleReader
    init(reader: ArticleReader) { self.reader = reader }
}

/// The writer store, owned by the app and used under its lock.
///
/// Thread safety: reached only through `GazetteApp.writer`'s `Mutex`, so one thread at a time.
final class ArticleStoreBox: @unchecked Sendable {
    let store: ArticleStore
    init(store: ArticleStore) { self.store = store }
}

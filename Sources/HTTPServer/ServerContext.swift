import Logging
import Synchronization

/// What every loop and the listener share: the configuration, the handler, the logger, the
/// counters, and the accept call.
///
/// Everything is immutable except the atomic counter and the listener reference (set once,
/// under a mutex), so the class is `Sendable` without exceptions.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let limits: RequestParser.Limits
    let handler: @Sendable (Request) -> Response
    let logger: Logger
    /// Whether the access log is on at the logger's level (decided once, not per request).
    let accessLogLevel: Logger.Level?
    let openConnections = Atomic<Int>(0)
    /// Open connections at which the listener pauses: ``ServerConfiguration/maxConnections``, or
    /// less when the descriptor limit is lower (set by the listener at start).
    let connectionCap: Atomic<Int>
    /// Accepts refused because the process was out of descriptors or memory.
    let refusedAccepts = Atomic<Int>(0)
    /// `accept4` on the listening socket; replaced by tests to simulate descriptor exhaustion.
    let accept: @Sendable (Int32) throws(HTTPError) -> Int32?
    /// Set as soon as shutdown is requested, so that responses being produced right then
    /// already say `Connection: close` (the loops learn of the drain a little later).
    let isShuttingDown = Atomic<Bool>(false)
    private let listenerBox = Mutex<Listener?>(nil)

    init(
        configuration: ServerConfiguration, logger: Logger,
        accept: @escaping @Sendable (Int32) throws(HTTPError) -> Int32? = { fd throws(HTTPError) in
            try Syscall.accept(fd)
        },
        handler: @escaping @Sendable (Request) -> Response
    ) {
        self.configuration = configuration
        self.connectionCap = Atomic(configuration.maxConnections)
        self.accept = accept
        self.limits = configuration.parserLimits
        self.handler = handler
        self.logger = logger
        if let level = configuration.accessLogLevel, logger.logLevel <= level {
            self.accessLogLevel = level
        } else {
            self.accessLogLevel = nil
        }
    }

    func attach(_ listener: Listener?) {
        listenerBox.withLock { $0 = listener }
    }

    /// Called once per closed connection, from its loop.
    func connectionClosed() {
        let remaining = openConnections.subtract(1, ordering: .relaxed).newValue
        if remaining < connectionCap.load(ordering: .relaxed) {
            listenerBox.withLock { $0 }?.resumeIfPaused()
        }
    }
}

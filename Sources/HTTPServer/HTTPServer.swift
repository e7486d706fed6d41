import Dispatch
import Logging
import Synchronization

/// A small HTTP/1.1 server on POSIX sockets and epoll.
///
/// A fixed set of event loops (a thread each, about one per core) serves the connections;
/// each request is parsed from bytes and handled synchronously on its connection's loop, so a
/// handler must not block for long. The server knows nothing of the application.
///
/// ```swift
/// HTTPServer.holdTerminationSignals() // first thing in main, before any thread starts
/// let server = HTTPServer(configuration: ServerConfiguration(port: 8080)) { request in
///     Response(status: .ok, headers: [HTTPHeader(name: "Content-Type", value: "text/plain")],
///              body: Array("hello".utf8))
/// }
/// let port = try server.start()
/// server.shutdownOnSignals()          // SIGTERM / SIGINT → graceful shutdown
/// server.waitUntilStopped()           // returns after the grace period at most
/// ```
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(listener: Listener, loops: [EventLoop])
        case stopping
        case stopped
    }

    private let context: ServerContext
    private let state = Mutex<State>(.idle)
    private let port = Atomic<Int>(-1)
    private let stopped = DispatchGroup()

    /// Creates a server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - configuration: limits, timeouts, address and hooks.
    ///   - logger: receives the access log (at ``ServerConfiguration/accessLogLevel``) and errors.
    ///   - handler: answers each request, on the request's loop; it must not block for long.
    public init(
        configuration: ServerConfiguration = ServerConfiguration(), logger: Logger = Logger(label: "gazette.http"),
        handler: @escaping @Sendable (Request) -> Response
    ) {
        self.context = ServerContext(configuration: configuration, logger: logger, handler: handler)
    }

    /// Creates a server whose listener accepts with `accept` instead of `accept4(2)` (tests
    /// use it to make the process look out of descriptors).
    init(
        configuration: ServerConfiguration, logger: Logger,
        accept: @escaping @Sendable (Int32) throws(HTTPError) -> Int32?,
        handler: @escaping @Sendable (Request) -> Response
    ) {
        self.context = ServerContext(configuration: configuration, logger: logger, accept: accept, handler: handler)
    }

    /// The configuration the server runs with.
    public var configuration: ServerConfiguration { context.configuration }

    /// Binds, starts the loops and begins accepting.
    ///
    /// - Returns: the bound port (useful with port 0).
    /// - Throws: ``HTTPError`` when the configuration is invalid, the address cannot be bound,
    ///   or the server was already started.
    @discardableResult
    public func start() throws(HTTPError) -> Int {
        try context.configuration.validate()
        return try state.withLock { (state) throws(HTTPError) -> Int in
            guard case .idle = state else { throw HTTPError(.alreadyStarted) }
            Syscall.ignoreSIGPIPE()
            let target = DispatchQueue.global(qos: .userInitiated)
            let loops = try (0..<context.configuration.loopCount).map { (index) throws(HTTPError) in
                try EventLoop(index: index, context: context)
            }
            let listener = try Listener(context: context, loops: loops, target: target)
            context.attach(listener)
            for loop in loops { try loop.start() }
            listener.start()
            stopped.enter()
            state = .running(listener: listener, loops: loops)
            port.store(listener.port, ordering: .releasing)
            context.logger.info(
                "listening",
                metadata: [
                    "host": "\(context.configuration.host)", "port": "\(listener.port)",
                    "loops": "\(loops.count)",
                ])
            return listener.port
        }
    }

    /// The bound port once started, else `nil`.
    public var boundPort: Int? {
        let value = port.load(ordering: .acquiring)
        return value >= 0 ? value : nil
    }

    /// Connections currently open (accepted and not yet closed), across all loops.
    public var openConnectionCount: Int {
        context.openConnections.load(ordering: .relaxed)
    }

    /// Open connections at which the listener stops accepting: ``ServerConfiguration/maxConnections``,
    /// or less when the descriptor limit would not leave ``ServerConfiguration/reservedDescriptors``
    /// free (known once started).
    public var connectionCap: Int {
        context.connectionCap.load(ordering: .relaxed)
    }

    /// Connections refused so far because the process was out of descriptors or memory
    /// (`accept4` failed with `EMFILE`, `ENFILE`, `ENOBUFS` or `ENOMEM`); each pause of the
    /// listener counts one.
    public var refusedAcceptCount: Int {
        context.refusedAccepts.load(ordering: .relaxed)
    }

    /// Begins a graceful shutdown and returns at once.
    ///
    /// The listener closes; idle connections close; requests already arriving are answered
    /// (with `Connection: close`); requests that start arriving now get `503` and close; after
    /// `gracePeriod` whatever is left is closed. ``waitUntilStopped()`` returns then.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        let running: (Listener, [EventLoop])? = state.withLock { state in
            guard case .running(let listener, let loops) = state else { return nil }
            state = .stopping
            return (listener, loops)
        }
        guard let (listener, loops) = running else { return }
        context.isShuttingDown.store(true, ordering: .relaxed)
        context.logger.info("shutting down", metadata: ["grace-period": "\(gracePeriod)"])
        listener.close()
        context.attach(nil)
        let finished: @Sendable () -> Void = { [self] in
            state.withLock { $0 = .stopped }
            port.store(-1, ordering: .releasing)
            context.logger.info("stopped")
            stopped.leave()
        }
        let box = RemainingLoops(loops.count)
        for loop in loops {
            loop.beginDrain(gracePeriod: gracePeriod) {
                if box.count.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finished() }
            }
        }
    }

    /// Blocks the calling thread until the server has stopped (returns at once if it never
    /// started).
    public func waitUntilStopped() {
        stopped.wait()
    }

    /// Starts the server, shuts it down gracefully on `SIGTERM` or `SIGINT`, and blocks until
    /// it has stopped; then the caller can close its resources (e.g. the database).
    ///
    /// - Throws: as ``start()``.
    public func run() throws(HTTPError) {
        try start()
        shutdownOnSignals()
        waitUntilStopped()
    }

    /// Blocks `SIGTERM` and `SIGINT` in the calling thread and in every thread it starts from
    /// now on. Call it first thing on the main thread of a server process, before anything
    /// starts a thread: a termination signal that arrives before
    /// ``shutdownOnSignals(_:gracePeriod:)`` then stays pending until that waits for it, instead
    /// of killing the process half-started.
    public static func holdTerminationSignals() {
        Syscall.blockSignals(Syscall.terminationSignals)
    }

    /// Wires `SIGTERM` and `SIGINT` (or the given signal numbers) to ``shutdown(gracePeriod:)``:
    /// a thread of its own waits for them with `sigwait`.
    ///
    /// The signals must be blocked in every thread of the process (``holdTerminationSignals()``
    /// at the start of `main`), or the kernel may hand one to a thread that has not blocked it,
    /// whose default action ends the process at once. `sigwait` takes a signal that is already
    /// pending, so one sent at any moment after ``holdTerminationSignals()`` (even before this
    /// call) shuts the server down. A `DispatchSourceSignal` was used before: a signal sent
    /// while it was being registered was lost (the signal ignored, the source not yet armed),
    /// and a `gazette serve` told to stop right after it printed its port ran on.
    ///
    /// - Parameter gracePeriod: defaults to ``ServerConfiguration/shutdownGracePeriod``.
    public func shutdownOnSignals(_ signalNumbers: [Int32]? = nil, gracePeriod: Duration? = nil) {
        let signals = signalNumbers ?? Syscall.terminationSignals
        let grace = gracePeriod ?? context.configuration.shutdownGracePeriod
        Syscall.blockSignals(signals)
        do {
            try Syscall.startThread(name: "gazette-signals") { [weak self] in
                while true {
                    let number = Syscall.waitForSignal(signals)
                    guard let self else { return }
                    self.context.logger.info("signal received", metadata: ["signal": "\(number)"])
                    self.shutdown(gracePeriod: grace)
                }
            }
        } catch {
            context.logger.error("cannot wait for termination signals", metadata: ["error": "\(error)"])
        }
    }
}

/// The loops still draining, shared by their completion callbacks.
private final class RemainingLoops: Sendable {
    let count: Atomic<Int>

    init(_ count: Int) {
        self.count = Atomic(count)
    }
}

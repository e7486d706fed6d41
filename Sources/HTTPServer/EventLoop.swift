import Dispatch
import Logging

/// One event loop: a serial queue, the connections assigned to it and the epoll set that
/// watches their sockets, a reusable read buffer, the cached `Date` value and one timer that
/// sweeps its connections' timeouts.
///
/// The server creates ``ServerConfiguration/loopCount`` of them once, at start. One Dispatch
/// read source on the loop's ``Poller`` fires on the loop's queue when any of its sockets is
/// ready; the loop then serves every ready connection, and asks again until none is ready (or a
/// bounded number of rounds has passed, so queued work such as new connections and the sweep
/// gets its turn). Handlers run there synchronously, so per-loop resources
/// (``Request/loopIndex``) need no locks.
///
/// Thread safety: all mutable state (the connection table, the poller, the read buffer, the
/// date cache, the request-id counter, the drain state) is touched only on `queue`: the source
/// and the timer are created with that queue, and the entry points from other threads (`adopt`,
/// `beginDrain`) hop onto it with `queue.async`. This confinement is what makes the
/// `@unchecked Sendable` sound.
final class EventLoop: @unchecked Sendable {
    let index: Int
    let queue: DispatchQueue
    let context: ServerContext
    /// Scratch space for `read(2)`, shared by this loop's connections (one reads at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    var date = HTTPDate()

    /// The epoll set of this loop's sockets.
    let poller: Poller
    private var connections: [Int32: Connection] = [:]
    /// Distinguishes successive connections on the same descriptor number (see ``token(fd:generation:)``).
    private var generation: UInt32 = 0
    private var pollSource: DispatchSourceRead?
    private var sweepTimer: DispatchSourceTimer?
    /// Request ids are 5 random hex digits and 2 of loop index (this prefix), then 8 of a
    /// counter: 15 bytes, which Swift keeps inline as a small string (no allocation).
    private let requestIDPrefix: [UInt8]
    private var requestCounter: UInt32

    /// Set once shutdown began; new requests get `503` and close.
    private(set) var isDraining = false
    /// Monotonic time at which draining began.
    private(set) var drainStartNanoseconds: UInt64 = 0
    private var onDrained: (() -> Void)?

    /// Events taken from the epoll set per round; rounds per wake-up, and the time after which
    /// no new round starts, before the loop yields its queue to other work (new connections,
    /// the sweep timer). Under load a wake-up serves many requests, yet a new connection waits
    /// a few milliseconds at most.
    static let eventsPerRound = 128
    static let roundsPerWakeup = 16
    static let wakeupBudgetNanoseconds: UInt64 = 5_000_000

    init(index: Int, context: ServerContext, target: DispatchQueue) throws(HTTPError) {
        self.index = index
        self.context = context
        self.poller = try Poller(capacity: Self.eventsPerRound)
        self.queue = DispatchQueue(label: "gazette.http.loop.\(index)", qos: .userInitiated, target: target)
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: context.configuration.readBufferBytes, alignment: 16)
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        // 5 hex digits of randomness + 2 of loop index + 8 of counter: 15 bytes, a small string.
        self.requestIDPrefix = Self.hex(random & 0xFFFFF, digits: 5) + Self.hex(UInt64(index & 0xFF), digits: 2)
        self.requestCounter = UInt32(truncatingIfNeeded: random >> 32)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts watching the sockets and the sweep timer.
    func start() {
        queue.async {
            let source = DispatchSource.makeReadSource(fileDescriptor: self.poller.fd, queue: self.queue)
            source.setEventHandler { [weak self] in self?.serveReadyConnections() }
            let poller = self.poller
            // Dispatch has stopped watching the epoll set once this runs: only then close it.
            source.setCancelHandler { poller.close() }
            self.pollSource = source
            source.resume()

            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            let milliseconds = Self.sweepIntervalMilliseconds(for: self.context.configuration)
            timer.schedule(
                deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds),
                leeway: .milliseconds(milliseconds / 4))
            timer.setEventHandler { [weak self] in self?.sweep() }
            self.sweepTimer = timer
            timer.resume()
        }
    }

    /// A quarter of the shortest timeout, between 50 ms and 1 s.
    static func sweepIntervalMilliseconds(for configuration: ServerConfiguration) -> Int {
        let shortest = min(
            configuration.headerTimeout, configuration.idleTimeout, configuration.writeTimeout,
            configuration.pushHeartbeatInterval * 2)
        let milliseconds = shortest.components.seconds * 1000 + shortest.components.attoseconds / 1_000_000_000_000_000
        return Int(max(50, min(1000, milliseconds / 4)))
    }

    /// Takes ownership of an accepted descriptor (called from the listener's queue).
    func adopt(_ fd: Int32) {
        queue.async {
            if self.isDraining {
                Syscall.close(fd)
                self.context.connectionClosed()
                return
            }
            self.generation &+= 1
            let connection = Connection(fd: fd, token: Self.token(fd: fd, generation: self.generation), loop: self)
            self.connections[fd] = connection
            connection.start()
        }
    }

    /// A connection's epoll token: its descriptor and the loop's count of adopted connections,
    /// so an event still carrying a closed connection's token never reaches the next connection
    /// given the same descriptor.
    static func token(fd: Int32, generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
    }

    /// The descriptor a token was made for.
    static func descriptor(of token: UInt64) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: token))
    }

    /// Serves every connection the epoll set reports ready, round after round while any is.
    ///
    /// Once shutdown has been requested but this loop has not begun draining, it stops and
    /// yields the queue, so the queued ``beginDrain(gracePeriod:onDrained:)`` runs before any
    /// further request is read; the events it skipped are reported again (level-triggered).
    private func serveReadyConnections() {
        let deadline = Syscall.monotonicNanoseconds() &+ Self.wakeupBudgetNanoseconds
        for _ in 0..<Self.roundsPerWakeup {
            var yielding = false
            let delivered: Int
            do {
                delivered = try poller.poll { token, readable, writable in
                    if yielding { return }
                    if !isDraining && context.isShuttingDown.load(ordering: .relaxed) {
                        yielding = true
                        return
                    }
                    guard let connection = connections[Self.descriptor(of: token)], connection.token == token
                    else { return }
                    connection.handleReadiness(readable: readable, writable: writable)
                }
            } catch {
                context.logger.error("epoll_wait failed", metadata: ["error": "\(error)"])
                return
            }
            if delivered == 0 || yielding || Syscall.monotonicNanoseconds() >= deadline { return }
        }
    }

    /// The open connection a token was made for, if it is still open (for ``PushWriter``).
    func connection(token: UInt64) -> Connection? {
        guard let connection = connections[Self.descriptor(of: token)], connection.token == token else { return nil }
        return connection
    }

    /// Connections with pushed bytes to send, and whether a flush pass is queued.
    private var pendingFlush: [Connection] = []
    private var isFlushScheduled = false

    /// Sends `connection`'s pushed bytes in a pass queued after the work already on the queue,
    /// so the pushes queued before it are sent together.
    func scheduleFlush(_ connection: Connection) {
        pendingFlush.append(connection)
        guard !isFlushScheduled else { return }
        isFlushScheduled = true
        queue.async { [weak self] in
            guard let self else { return }
            isFlushScheduled = false
            let connections = pendingFlush
            pendingFlush = []
            for connection in connections { connection.flushPushed() }
        }
    }

    /// Called by a connection when it has closed (it has left the epoll set and its
    /// descriptor is closed).
    func remove(_ connection: Connection) {
        connections[connection.fd] = nil
        if isDraining && connections.isEmpty { finishDrain() }
    }

    // MARK: Shutdown

    /// Starts draining: idle connections close now, busy ones after their response; after
    /// `gracePeriod` every connection is closed. `onDrained` runs on this queue once the loop
    /// has no connection left.
    func beginDrain(gracePeriod: Duration, onDrained: @escaping @Sendable () -> Void) {
        // Requests that began arriving before this moment are in flight and will be answered.
        let start = Syscall.monotonicNanoseconds()
        queue.async {
            guard !self.isDraining else { return }
            self.isDraining = true
            self.drainStartNanoseconds = start
            self.onDrained = onDrained
            for connection in Array(self.connections.values) { connection.closeIfIdle() }
            if self.connections.isEmpty {
                self.finishDrain()
                return
            }
            let nanoseconds = Self.nanoseconds(gracePeriod)
            self.queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) { [weak self] in
                guard let self else { return }
                for connection in Array(self.connections.values) { connection.close() }
                self.finishDrain()
            }
        }
    }

    private func finishDrain() {
        guard let onDrained else { return }
        self.onDrained = nil
        sweepTimer?.cancel()
        sweepTimer = nil
        pollSource?.cancel()
        pollSource = nil
        onDrained()
    }

    // MARK: Per-request services

    /// A new request id: 15 hex digits, unique per server run with high probability.
    func nextRequestID() -> String {
        requestCounter &+= 1
        let counter = requestCounter
        let prefix = requestIDPrefix
        return String(unsafeUninitializedCapacity: 15) { buffer in
            guard buffer.count >= 15 else { return 0 }
            for index in 0..<7 { buffer[index] = prefix[index] }
            var value = counter
            for index in stride(from: 14, through: 7, by: -1) {
                let digit = UInt8(truncatingIfNeeded: value & 0xF)
                buffer[index] = digit < 10 ? 0x30 + digit : 0x57 + digit
                value >>= 4
            }
            return 15
        }
    }

    /// Logs one access-log line and calls the observer.
    func record(_ record: AccessRecord) {
        context.configuration.responseObserver?(record)
        if let level = context.accessLogLevel {
            let milliseconds =
                Double(record.duration.components.attoseconds / 1_000_000_000_000) / 1000
                + Double(record.duration.components.seconds) * 1000
            context.logger.log(
                level: level,
                "\(record.method) \(record.path) \(record.status) \(record.bodyBytes)B \(milliseconds)ms",
                metadata: ["request-id": "\(record.requestID)", "loop": "\(record.loopIndex)"])
        }
    }

    private func sweep() {
        let now = Syscall.monotonicNanoseconds()
        for connection in Array(connections.values) { connection.checkTimeouts(now: now) }
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? UInt64.max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex(_ value: UInt64, digits: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0x30, count: digits)
        var value = value
        for position in stride(from: digits - 1, through: 0, by: -1) {
            out[position] = hexDigits[Int(value & 0xF)]
            value >>= 4
        }
        return out
    }
}

import Logging
import Synchronization

/// One event loop: a thread of its own, the connections assigned to it and the epoll set that
/// watches their sockets, a reusable read buffer, the cached `Date` value and the sweep of its
/// connections' timeouts.
///
/// The server creates ``ServerConfiguration/loopCount`` of them once, at start. The loop's
/// thread blocks in `epoll_wait` on its own set and serves every connection reported ready;
/// handlers run there synchronously, so per-loop resources (``Request/loopIndex``) need no locks.
/// Work from other threads (a connection to adopt, pushed bytes, the drain) is queued with
/// ``execute(_:)``, which wakes the thread through an eventfd in the same set. The timeout sweep
/// and the end of the drain's grace period are the wait's timeout, not timers.
///
/// Why not Dispatch: with a Dispatch read source on the epoll set, every wake-up went through
/// libdispatch's manager thread (the source is one-shot and re-armed there after each handler),
/// and under saturation on one core the loop's worker and the manager thread were both seen
/// asleep for 50–450 ms while requests waited in the sockets (see `Benchmarks/tail-bench.sh`).
///
/// Fairness: one wait delivers at most ``eventsPerRound`` events, each connection reads at most
/// ``Connection/readsPerWakeup`` buffers per event, and queued work runs before the events of
/// each round, so a connection that always has data cannot hold the others (or new
/// connections) back for more than one round.
///
/// Thread safety: all mutable state (the connection table, the poller, the read buffer, the
/// date cache, the request-id counter, the drain state) is touched only on the loop's thread;
/// the entry points from other threads (`execute`, and through it `adopt`, `beginDrain` and
/// ``PushWriter``) only append to `tasks` under its mutex and signal the eventfd. This
/// confinement is what makes the `@unchecked Sendable` sound.
final class EventLoop: @unchecked Sendable {
    let index: Int
    let context: ServerContext
    /// Scratch space for `read(2)`, shared by this loop's connections (one reads at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    var date = HTTPDate()

    /// The epoll set of this loop's sockets (and of `wakeFD`).
    let poller: Poller
    /// An eventfd in the epoll set: readable when `tasks` may hold work.
    private let wakeFD: Int32
    /// Work queued from other threads, run on the loop's thread in order.
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    /// Whether `wakeFD` has been signalled since the thread last reset it (so a burst of
    /// `execute` calls costs one `write`).
    private let isWakeSignalled = Atomic<Bool>(false)
    private var connections: [Int32: Connection] = [:]
    /// The connection events of the current round (kept to reuse its storage).
    private var ready: [(token: UInt64, readable: Bool, writable: Bool)] = []
    /// Distinguishes successive connections on the same descriptor number (see ``token(fd:generation:)``).
    private var generation: UInt32 = 0
    /// Request ids are 5 random hex digits and 2 of loop index (this prefix), then 8 of a
    /// counter: 15 bytes, which Swift keeps inline as a small string (no allocation).
    private let requestIDPrefix: [UInt8]
    private var requestCounter: UInt32

    /// Set once shutdown began; new requests get `503` and close.
    private(set) var isDraining = false
    /// Monotonic time at which draining began.
    private(set) var drainStartNanoseconds: UInt64 = 0
    /// Monotonic time after which the connections still open are closed.
    private var drainDeadline: UInt64?
    private var onDrained: (() -> Void)?
    /// Set when the drain is over: the thread leaves its loop.
    private var isStopped = false

    /// Events taken from the epoll set per wait: the most connections served before queued
    /// work (new connections, pushed bytes) gets its turn again.
    static let eventsPerRound = 128
    /// The token of `wakeFD` in the epoll set; connection tokens never equal it (their low 32
    /// bits are a descriptor, never `-1`).
    static let wakeToken = UInt64.max

    init(index: Int, context: ServerContext) throws(HTTPError) {
        self.index = index
        self.context = context
        self.poller = try Poller(capacity: Self.eventsPerRound)
        do {
            self.wakeFD = try Syscall.eventCreate()
        } catch {
            poller.close()
            throw error
        }
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
        // Closed only here, never when the thread stops: a ``PushWriter`` may still signal it,
        // and a closed number could by then belong to another file.
        Syscall.close(wakeFD)
    }

    /// Starts the loop's thread.
    func start() throws(HTTPError) {
        try poller.register(wakeFD, token: Self.wakeToken, interest: .init(read: true, write: false))
        try Syscall.startThread(name: "gazette-loop-\(index)") { self.run() }
    }

    /// Runs `task` on the loop's thread, after the tasks queued before it; callable from any
    /// thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        if !isWakeSignalled.exchange(true, ordering: .acquiringAndReleasing) { Syscall.eventSignal(wakeFD) }
    }

    /// A quarter of the shortest timeout, between 50 ms and 1 s.
    static func sweepIntervalMilliseconds(for configuration: ServerConfiguration) -> Int {
        let shortest = min(
            configuration.headerTimeout, configuration.idleTimeout, configuration.writeTimeout,
            configuration.pushHeartbeatInterval * 2)
        let milliseconds = shortest.components.seconds * 1000 + shortest.components.attoseconds / 1_000_000_000_000_000
        return Int(max(50, min(1000, milliseconds / 4)))
    }

    // MARK: The loop's thread

    private func run() {
        let sweepInterval = UInt64(Self.sweepIntervalMilliseconds(for: context.configuration)) * 1_000_000
        var nextSweep = Syscall.monotonicNanoseconds() &+ sweepInterval
        while !isStopped {
            let now = Syscall.monotonicNanoseconds()
            let deadline = min(nextSweep, drainDeadline ?? .max)
            let timeout = deadline <= now ? 0 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            serveRound(timeoutMilliseconds: timeout)
            flushPushed()
            let after = Syscall.monotonicNanoseconds()
            if after >= nextSweep {
                sweep(now: after)
                nextSweep = after &+ sweepInterval
            }
            if let drainDeadline, after >= drainDeadline {
                for connection in Array(connections.values) { connection.close() }
                finishDrain()
            }
        }
        // Work queued while the thread stopped: adopted descriptors are closed (the loop is
        // draining), writes to pushed bodies find no connection.
        runTasks()
        poller.close()
    }

    /// Waits for events, runs queued work, then serves every connection that was ready.
    ///
    /// Once shutdown has been requested but this loop has not begun draining, connections are
    /// left alone for this round, so the queued ``beginDrain(gracePeriod:onDrained:)`` runs
    /// before any further request is read; their events are reported again (level-triggered).
    private func serveRound(timeoutMilliseconds: Int32) {
        ready.removeAll(keepingCapacity: true)
        var isWoken = false
        do {
            _ = try poller.poll(timeoutMilliseconds: timeoutMilliseconds) { token, readable, writable in
                if token == Self.wakeToken {
                    isWoken = true
                } else {
                    ready.append((token, readable, writable))
                }
            }
        } catch {
            context.logger.error("epoll_wait failed", metadata: ["error": "\(error)"])
            return
        }
        if isWoken {
            Syscall.eventReset(wakeFD)
            isWakeSignalled.store(false, ordering: .releasing)
            runTasks()
        }
        if !isDraining && context.isShuttingDown.load(ordering: .relaxed) { return }
        for event in ready {
            guard let connection = connections[Self.descriptor(of: event.token)], connection.token == event.token
            else { continue }
            connection.handleReadiness(readable: event.readable, writable: event.writable)
        }
    }

    private func runTasks() {
        let queued = tasks.withLock { tasks in
            let taken = tasks
            tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in queued { task() }
    }

    /// Takes ownership of an accepted descriptor (called from the listener's queue).
    func adopt(_ fd: Int32) {
        execute {
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

    /// The open connection a token was made for, if it is still open (for ``PushWriter``).
    func connection(token: UInt64) -> Connection? {
        guard let connection = connections[Self.descriptor(of: token)], connection.token == token else { return nil }
        return connection
    }

    /// Connections with pushed bytes to send in this round's flush pass.
    private var pendingFlush: [Connection] = []

    /// Sends `connection`'s pushed bytes in the pass at the end of the current round, so the
    /// pushes of one round (a burst of events) leave together.
    func scheduleFlush(_ connection: Connection) {
        pendingFlush.append(connection)
    }

    private func flushPushed() {
        while !pendingFlush.isEmpty {
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
    /// `gracePeriod` every connection is closed. `onDrained` runs on the loop's thread once the
    /// loop has no connection left.
    func beginDrain(gracePeriod: Duration, onDrained: @escaping @Sendable () -> Void) {
        // Requests that began arriving before this moment are in flight and will be answered.
        let start = Syscall.monotonicNanoseconds()
        execute {
            guard !self.isDraining else { return }
            self.isDraining = true
            self.drainStartNanoseconds = start
            self.onDrained = onDrained
            for connection in Array(self.connections.values) { connection.closeIfIdle() }
            if self.connections.isEmpty {
                self.finishDrain()
                return
            }
            self.drainDeadline = Syscall.monotonicNanoseconds() &+ Self.nanoseconds(gracePeriod)
        }
    }

    private func finishDrain() {
        guard let onDrained else { return }
        self.onDrained = nil
        drainDeadline = nil
        isStopped = true
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

    private func sweep(now: UInt64) {
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

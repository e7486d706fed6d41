import Dispatch
import Logging

/// The listening socket: accepts connections and hands them round-robin to the event loops.
///
/// One `DispatchSourceRead` on a serial queue of its own; each wake-up drains the backlog with
/// non-blocking `accept4` until `EAGAIN`. At ``ServerConfiguration/maxConnections`` open
/// connections (or fewer, so that ``ServerConfiguration/reservedDescriptors`` stay free below
/// the descriptor limit)
/// connections it suspends its source (clients wait in the kernel backlog) and resumes when a
/// connection closes. When the process is out of descriptors (`EMFILE`, `ENFILE`) or memory,
/// the connection stays in the backlog (`accept4` does not take it), so the listener pauses
/// instead of spinning: it resumes after ``ServerConfiguration/acceptBackoff`` or as soon as a
/// connection closes, whichever comes first, and tries again. The connections it has are served
/// all along. Each refused accept is counted (``HTTPServer/refusedAcceptCount``); a warning is
/// logged at most once per ``ServerConfiguration/resourceWarningInterval``, with the number of
/// accepts refused since the previous one.
///
/// Thread safety: every mutable property is read and written only on `queue` (the source's
/// handlers run there, and the public entry points hop onto it with `queue.async`), which is
/// what makes the `@unchecked Sendable` sound.
final class Listener: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let queue: DispatchQueue
    private let loops: [EventLoop]
    private let context: ServerContext
    private var source: DispatchSourceRead?
    private var isPaused = false
    private var isClosed = false
    private var nextLoop = 0
    /// When the last out-of-resources warning was logged (monotonic ns), and the refusals since.
    private var lastResourceWarning: UInt64?
    private var refusalsSinceWarning = 0

    init(context: ServerContext, loops: [EventLoop], target: DispatchQueue) throws(HTTPError) {
        let configuration = context.configuration
        let (fd, port) = try Syscall.makeListeningSocket(
            host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        self.fd = fd
        self.port = port
        self.loops = loops
        self.context = context
        self.queue = DispatchQueue(label: "gazette.http.listener", qos: .userInitiated, target: target)
    }

    /// Starts accepting.
    func start() {
        capConnectionsByDescriptorLimit()
        queue.async {
            let source = DispatchSource.makeReadSource(fileDescriptor: self.fd, queue: self.queue)
            source.setEventHandler { [weak self] in self?.acceptAll() }
            let fd = self.fd
            source.setCancelHandler { Syscall.close(fd) }
            self.source = source
            source.resume()
        }
    }

    /// Lowers the connection cap so that accepting never takes the descriptors reserved below
    /// the process's limit.
    private func capConnectionsByDescriptorLimit() {
        let configuration = context.configuration
        guard let limit = Syscall.descriptorLimit() else { return }
        // Descriptors are numbered from the lowest free one: the next number is about how many are open.
        let inUse = Syscall.lowestFreeDescriptor(above: fd) ?? 0
        let available = max(1, limit - configuration.reservedDescriptors - inUse)
        guard available < configuration.maxConnections else { return }
        context.connectionCap.store(available, ordering: .relaxed)
        context.logger.warning(
            "the descriptor limit caps open connections below max_connections",
            metadata: [
                "connection-cap": "\(available)", "max-connections": "\(configuration.maxConnections)",
                "descriptor-limit": "\(limit)", "reserved-descriptors": "\(configuration.reservedDescriptors)",
            ])
    }

    /// Stops accepting and closes the socket.
    func close() {
        queue.async {
            guard !self.isClosed else { return }
            self.isClosed = true
            guard let source = self.source else {
                Syscall.close(self.fd)
                return
            }
            if self.isPaused { source.resume() }
            self.isPaused = false
            source.cancel()
        }
    }

    /// Resumes accepting after the connection cap was reached, once a connection closed.
    func resumeIfPaused() {
        queue.async {
            guard self.isPaused, !self.isClosed,
                self.context.openConnections.load(ordering: .relaxed)
                    < self.context.connectionCap.load(ordering: .relaxed)
            else { return }
            self.isPaused = false
            self.source?.resume()
        }
    }

    /// Counts the refusal, warns if none was logged for a while, and pauses accepting until
    /// the backoff has passed or a connection closes (``resumeIfPaused()``).
    private func refuseForLackOfResources(_ error: HTTPError) {
        context.refusedAccepts.add(1, ordering: .relaxed)
        refusalsSinceWarning += 1
        let now = Syscall.monotonicNanoseconds()
        let interval = EventLoop.nanoseconds(context.configuration.resourceWarningInterval)
        if lastResourceWarning.map({ now &- $0 >= interval }) ?? true {
            context.logger.warning(
                "accept: out of resources; pausing accepts, serving the open connections",
                metadata: [
                    "error": "\(error)", "refused-accepts": "\(refusalsSinceWarning)",
                    "open-connections": "\(context.openConnections.load(ordering: .relaxed))",
                ])
            lastResourceWarning = now
            refusalsSinceWarning = 0
        }
        pause()
        let backoff = EventLoop.nanoseconds(context.configuration.acceptBackoff)
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: backoff))) { [weak self] in
            guard let self, self.isPaused, !self.isClosed else { return }
            self.isPaused = false
            self.source?.resume()
        }
    }

    private func pause() {
        guard !isPaused, !isClosed else { return }
        isPaused = true
        source?.suspend()
    }

    private func acceptAll() {
        let maxConnections = context.connectionCap.load(ordering: .relaxed)
        while !isClosed {
            if context.openConnections.load(ordering: .relaxed) >= maxConnections {
                pause()
                // A connection may have closed between the check and the pause.
                resumeIfPaused()
                return
            }
            let accepted: Int32?
            do {
                accepted = try context.accept(fd)
            } catch {
                switch Syscall.classifyAcceptError(error) {
                case .skip:
                    continue
                case .outOfResources:
                    refuseForLackOfResources(error)
                    return
                case .other:
                    context.logger.error("accept failed", metadata: ["error": "\(error)"])
                }
                return
            }
            guard let connectionFD = accepted else { return }
            context.openConnections.add(1, ordering: .relaxed)
            Syscall.setNoDelay(connectionFD)
            let loop = loops[nextLoop]
            nextLoop = (nextLoop + 1) % loops.count
            loop.adopt(connectionFD)
        }
    }
}

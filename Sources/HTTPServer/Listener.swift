import Dispatch
import Logging

/// The listening socket: accepts connections and hands them round-robin to the event loops.
///
/// One `DispatchSourceRead` on a serial queue of its own; each wake-up drains the backlog with
/// non-blocking `accept4` until `EAGAIN`. At ``ServerConfiguration/maxConnections`` open
/// connections it suspends its source (clients wait in the kernel backlog) and resumes when a
/// connection closes. When the process is out of descriptors it pauses for a moment instead
/// of spinning.
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
        queue.async {
            let source = DispatchSource.makeReadSource(fileDescriptor: self.fd, queue: self.queue)
            source.setEventHandler { [weak self] in self?.acceptAll() }
            let fd = self.fd
            source.setCancelHandler { Syscall.close(fd) }
            self.source = source
            source.resume()
        }
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
                self.context.openConnections.load(ordering: .relaxed) < self.context.configuration.maxConnections
            else { return }
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
        let maxConnections = context.configuration.maxConnections
        while !isClosed {
            if context.openConnections.load(ordering: .relaxed) >= maxConnections {
                pause()
                // A connection may have closed between the check and the pause.
                resumeIfPaused()
                return
            }
            let accepted: Int32?
            do {
                accepted = try Syscall.accept(fd)
            } catch {
                switch Syscall.classifyAcceptError(error) {
                case .skip:
                    continue
                case .outOfResources:
                    context.logger.warning("accept: out of resources, pausing", metadata: ["error": "\(error)"])
                    pause()
                    queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
                        guard let self, self.isPaused, !self.isClosed else { return }
                        self.isPaused = false
                        self.source?.resume()
                    }
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

import CEpoll

/// One loop's set of connection sockets, watched with a level-triggered epoll set.
///
/// The loop's thread waits in ``poll(timeoutMilliseconds:_:)`` (`epoll_wait`) and serves the
/// sockets it reports, so one wake-up serves many connections and no other thread takes part.
///
/// Each socket is registered with a token that comes back in its events; the loop uses it to
/// find the connection and to ignore an event for a descriptor that was closed and reused.
///
/// Thread safety: used only on its loop's thread, like the rest of the loop's state.
final class Poller {
    /// The epoll set's descriptor.
    let fd: Int32
    private let events: UnsafeMutableBufferPointer<epoll_event>
    private var isClosed = false

    /// - Parameter capacity: the most events one ``poll(_:)`` returns.
    init(capacity: Int) throws(HTTPError) {
        fd = try Syscall.epollCreate()
        events = .allocate(capacity: max(1, capacity))
    }

    deinit {
        events.deallocate()
        close()
    }

    /// Starts watching `socket` for `interest`.
    func register(_ socket: Int32, token: UInt64, interest: Interest) throws(HTTPError) {
        try Syscall.epollRegister(fd, socket, events: interest.epollEvents, token: token, modify: false)
    }

    /// Changes what `socket` is watched for.
    func update(_ socket: Int32, token: UInt64, interest: Interest) throws(HTTPError) {
        try Syscall.epollRegister(fd, socket, events: interest.epollEvents, token: token, modify: true)
    }

    /// Stops watching `socket` (call before closing it).
    func deregister(_ socket: Int32) {
        Syscall.epollDeregister(fd, socket)
    }

    /// Calls `body` with the token and readiness of every socket that is ready, after waiting
    /// up to `timeoutMilliseconds` for one to be (`0`, the default: not at all; `-1`: no limit).
    ///
    /// - Returns: the number of events delivered; when it equals the capacity, more may be ready.
    func poll(
        timeoutMilliseconds: Int32 = 0, _ body: (_ token: UInt64, _ readable: Bool, _ writable: Bool) -> Void
    ) throws(HTTPError) -> Int {
        let count = try Syscall.epollPoll(fd, into: events, timeoutMilliseconds: timeoutMilliseconds)
        for index in 0..<count {
            let event = events[index]
            let (readable, writable) = Syscall.epollReadiness(event.events)
            body(event.data.u64, readable, writable)
        }
        return count
    }

    /// Closes the epoll set (once).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Syscall.close(fd)
    }

    /// What a connection wants to be told about.
    struct Interest: Equatable {
        var read: Bool
        var write: Bool

        var epollEvents: UInt32 { Syscall.epollEvents(read: read, write: write) }
    }
}

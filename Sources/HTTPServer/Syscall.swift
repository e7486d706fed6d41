import CEpoll

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#endif

/// The one door to the operating system: every system call of the server goes through here,
/// is retried on `EINTR`, and has its `errno` turned into an ``HTTPError``.
///
/// Calls on non-blocking descriptors return ``IOResult/wouldBlock`` for `EAGAIN` instead of
/// throwing. Pointer work for addresses and I/O vectors is confined to this file, inside
/// `withUnsafe…` scopes. Model: swift-nio's `System.swift`.
enum Syscall {
    /// The outcome of a call on a non-blocking descriptor.
    enum IOResult: Equatable {
        case processed(Int)
        case wouldBlock
    }

    /// Runs `body` until it does not fail with `EINTR`; `-1` becomes a thrown error.
    @inline(__always)
    private static func retrying(_ call: StaticString, _ body: () -> Int) throws(HTTPError) -> Int {
        while true {
            let result = body()
            if result >= 0 { return result }
            let error = errno
            if error == EINTR { continue }
            throw HTTPError(.system(call: "\(call)", errno: error))
        }
    }

    /// As ``retrying(_:_:)``, but `EAGAIN`/`EWOULDBLOCK` is ``IOResult/wouldBlock``.
    @inline(__always)
    private static func nonBlocking(_ call: StaticString, _ body: () -> Int) throws(HTTPError) -> IOResult {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            throw HTTPError(.system(call: "\(call)", errno: error))
        }
    }

    // MARK: Listening sockets

    /// Creates a non-blocking listening TCP socket bound to `host:port` (IPv4 or IPv6 literal,
    /// or `localhost`) with `SO_REUSEADDR`; returns the descriptor and the bound port.
    static func makeListeningSocket(host: String, port: Int, backlog: Int) throws(HTTPError) -> (fd: Int32, port: Int) {
        let literal = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
        } else if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(truncatingIfNeeded: port).bigEndian
        } else {
            throw HTTPError(.invalidConfiguration("host '\(host)' is not an IPv4 or IPv6 address"))
        }
        let fd = Int32(
            try retrying("socket") {
                Int(
                    socket(
                        family,
                        Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0))
            })
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if family == AF_INET6 { try setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0) }
            if family == AF_INET {
                _ = try retrying("bind") {
                    withUnsafePointer(to: &v4) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            Int(bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)))
                        }
                    }
                }
            } else {
                _ = try retrying("bind") {
                    withUnsafePointer(to: &v6) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            Int(bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)))
                        }
                    }
                }
            }
            _ = try retrying("listen") { Int(listen(fd, Int32(clamping: backlog))) }
            return (fd, try boundPort(fd))
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
    }

    /// The local port a socket is bound to.
    static func boundPort(_ fd: Int32) throws(HTTPError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try retrying("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Int(getsockname(fd, $0, &length)) }
            }
        }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        default:
            throw HTTPError(.system(call: "getsockname", errno: EAFNOSUPPORT))
        }
    }

    /// Sets an integer socket option.
    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(HTTPError) {
        var value = value
        _ = try retrying("setsockopt") {
            Int(setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    /// Accepts one connection as a non-blocking, close-on-exec descriptor, or `nil` when the
    /// backlog is empty.
    static func accept(_ listener: Int32) throws(HTTPError) -> Int32? {
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        switch try nonBlocking("accept4", { Int(accept4(listener, nil, nil, flags)) }) {
        case .processed(let fd): return Int32(truncatingIfNeeded: fd)
        case .wouldBlock: return nil
        }
    }

    // MARK: I/O

    /// Reads into `buffer`; `.processed(0)` is end of input.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(HTTPError) -> IOResult {
        try nonBlocking("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes the bytes of `chunks` (at most `maxIOVecs` of them), starting `offset` bytes into
    /// the first, with one `writev(2)`.
    static func writev(_ fd: Int32, _ chunks: ArraySlice<[UInt8]>, firstOffset offset: Int) throws(HTTPError)
        -> IOResult
    {
        if chunks.count == 1, let only = chunks.first {
            // The common case (one head + small body): a plain write, no vector to build.
            return try only.withUnsafeBytes { (raw) -> Result<IOResult, HTTPError> in
                let skip = min(offset, raw.count)
                return Result { () throws(HTTPError) in
                    try nonBlocking("write") { Glibc.write(fd, raw.baseAddress.map { $0 + skip }, raw.count - skip) }
                }
            }.get()
        }
        let count = min(chunks.count, maxIOVecs)
        var iovecs = [iovec](repeating: iovec(), count: count)
        return try iovecs.withUnsafeMutableBufferPointer { (vectors) -> Result<IOResult, HTTPError> in
            fill(vectors, from: chunks, index: chunks.startIndex, filled: 0, offset: offset) {
                Result { () throws(HTTPError) in
                    try nonBlocking("writev") { Glibc.writev(fd, vectors.baseAddress, Int32(count)) }
                }
            }
        }.get()
    }

    /// Most vectors in one `writev`; more chunks wait for the next call.
    static let maxIOVecs = 64

    /// Pins each chunk's storage in turn (nested scopes, so no pointer outlives its array) and
    /// runs `body` once all vectors point at live storage.
    private static func fill(
        _ vectors: UnsafeMutableBufferPointer<iovec>, from chunks: ArraySlice<[UInt8]>, index: Int, filled: Int,
        offset: Int, _ body: () -> Result<IOResult, HTTPError>
    ) -> Result<IOResult, HTTPError> {
        if filled == vectors.count { return body() }
        return chunks[index].withUnsafeBytes { (bytes) -> Result<IOResult, HTTPError> in
            let skip = filled == 0 ? min(offset, bytes.count) : 0
            vectors[filled] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress.map { $0 + skip }),
                iov_len: bytes.count - skip)
            return fill(vectors, from: chunks, index: index + 1, filled: filled + 1, offset: offset, body)
        }
    }

    // MARK: Readiness (epoll)

    /// A new, empty epoll set (close-on-exec).
    static func epollCreate() throws(HTTPError) -> Int32 {
        Int32(truncatingIfNeeded: try retrying("epoll_create1") { Int(epoll_create1(Int32(EPOLL_CLOEXEC))) })
    }

    /// What an epoll registration asks for, as `epoll_event.events` bits (level-triggered).
    static func epollEvents(read: Bool, write: Bool) -> UInt32 {
        (read ? EPOLLIN.rawValue : 0) | (write ? EPOLLOUT.rawValue : 0)
    }

    /// The bits of a ready event: `EPOLLERR` and `EPOLLHUP` count as both readable and writable,
    /// so that the next `read` or `write` reports what happened.
    static func epollReadiness(_ events: UInt32) -> (readable: Bool, writable: Bool) {
        let failed = EPOLLERR.rawValue | EPOLLHUP.rawValue
        return (events & (EPOLLIN.rawValue | failed) != 0, events & (EPOLLOUT.rawValue | failed) != 0)
    }

    /// Adds `fd` to the set `epfd`, or changes what it is watched for (`modify`), with `token`
    /// handed back in its events.
    static func epollRegister(_ epfd: Int32, _ fd: Int32, events: UInt32, token: UInt64, modify: Bool)
        throws(HTTPError)
    {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        let operation = modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD
        _ = try retrying("epoll_ctl") { Int(epoll_ctl(epfd, operation, fd, &event)) }
    }

    /// Removes `fd` from the set `epfd`; errors are ignored (closing the descriptor removes it too).
    static func epollDeregister(_ epfd: Int32, _ fd: Int32) {
        var event = epoll_event()
        _ = try? retrying("epoll_ctl") { Int(epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event)) }
    }

    /// Collects the ready events of `epfd` into `buffer`, waiting up to `timeoutMilliseconds`
    /// for the first (`0`: not at all; `-1`: without limit). A wait cut short by a signal
    /// returns no events rather than waiting again, so the caller recomputes its timeout.
    ///
    /// - Returns: how many events were stored (at most `buffer.count`).
    static func epollPoll(
        _ epfd: Int32, into buffer: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32 = 0
    ) throws(HTTPError) -> Int {
        let count = epoll_wait(epfd, buffer.baseAddress, Int32(clamping: buffer.count), timeoutMilliseconds)
        if count >= 0 { return Int(count) }
        let error = errno
        if error == EINTR { return 0 }
        throw HTTPError(.system(call: "epoll_wait", errno: error))
    }

    // MARK: Waking a loop's thread (eventfd)

    /// A new non-blocking, close-on-exec eventfd with a count of zero.
    static func eventCreate() throws(HTTPError) -> Int32 {
        Int32(
            truncatingIfNeeded: try retrying("eventfd") {
                Int(eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)))
            })
    }

    /// Adds one to an eventfd's count, making it readable. Errors are ignored: the only possible
    /// one on a valid eventfd is a count at its maximum, which is readable already.
    static func eventSignal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = try? nonBlocking("write") { Glibc.write(fd, &one, MemoryLayout<UInt64>.size) }
    }

    /// Resets an eventfd's count to zero (it stops being readable).
    static func eventReset(_ fd: Int32) {
        var count: UInt64 = 0
        _ = try? nonBlocking("read") { Glibc.read(fd, &count, MemoryLayout<UInt64>.size) }
    }

    // MARK: Threads

    /// Starts a detached thread named `name` (at most 15 bytes are kept) that runs `body`.
    static func startThread(name: String, _ body: @escaping @Sendable () -> Void) throws(HTTPError) {
        let context = Unmanaged.passRetained(ThreadBody(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let body = Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
                _ = setThreadName(pthread_self(), String(body.name.utf8.prefix(15)) ?? "gazette")
                body.body()
                return nil
            }, context)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw HTTPError(.system(call: "pthread_create", errno: result))
        }
        pthread_detach(thread)
    }

    /// What a thread started by ``startThread(name:_:)`` runs, passed through `pthread_create`.
    private final class ThreadBody {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Writes `bytes` (used for the small, immediate `100 Continue`).
    static func write(_ fd: Int32, _ bytes: [UInt8]) throws(HTTPError) -> IOResult {
        try bytes.withUnsafeBytes { (raw) -> Result<IOResult, HTTPError> in
            Result { () throws(HTTPError) in try nonBlocking("write") { Glibc.write(fd, raw.baseAddress, raw.count) } }
        }.get()
    }

    /// Half-closes the sending side (`shutdown(fd, SHUT_WR)`); errors are ignored, the peer may
    /// already be gone.
    static func shutdownOutput(_ fd: Int32) {
        _ = try? retrying("shutdown") { Int(Glibc.shutdown(fd, Int32(SHUT_WR))) }
    }

    /// Closes a descriptor. `EINTR` is not retried: on Linux the descriptor is released anyway.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Disables Nagle's algorithm: responses are written whole, so delaying them only adds latency.
    static func setNoDelay(_ fd: Int32) {
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Ignores `SIGPIPE` process-wide: `writev` has no `MSG_NOSIGNAL`, and a client that goes
    /// away must not kill the server.
    static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Blocks `numbers` in the calling thread (threads it starts inherit the mask).
    static func blockSignals(_ numbers: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in numbers { sigaddset(&set, number) }
        _ = pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until one of `numbers` (blocked in every thread) is pending, takes it and returns it.
    static func waitForSignal(_ numbers: [Int32]) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for number in numbers { sigaddset(&set, number) }
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
        return number
    }

    // MARK: Clocks and machine

    /// Monotonic time in nanoseconds (`CLOCK_MONOTONIC`, served by the vDSO: no kernel entry).
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        _ = clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }

    /// Wall-clock seconds since the epoch.
    @inline(__always)
    static func wallClockSeconds() -> Int {
        Int(time(nil))
    }

    /// Splits `seconds` since the epoch into UTC calendar fields (`gmtime_r`).
    static func utcCalendar(_ seconds: Int) -> tm {
        var value = time_t(seconds)
        var result = tm()
        _ = gmtime_r(&value, &result)
        return result
    }

    /// The process's soft limit on open descriptors (`RLIMIT_NOFILE`), or `nil` when unlimited
    /// or unknown.
    static func descriptorLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max
        else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// The lowest descriptor number free right now (found by duplicating `fd`, then closing the
    /// copy), or `nil` when none is.
    static func lowestFreeDescriptor(above fd: Int32) -> Int? {
        let copy = dup(fd)
        guard copy >= 0 else { return nil }
        Glibc.close(copy)
        return Int(copy)
    }

    /// Processors currently online.
    static func activeProcessorCount() -> Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

}

/// `accept4(2)`: Glibc declares it only under `_GNU_SOURCE`, which the Swift Glibc module is
/// not built with, so it is bound to the C symbol here. Its arguments (two ints, two pointers)
/// are passed in the same registers by the Swift and C calling conventions on the supported
/// Linux targets.
@_silgen_name("accept4")
private func accept4(
    _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?,
    _ flags: Int32
) -> Int32

/// `pthread_setname_np(3)`: also declared only under `_GNU_SOURCE`; bound as `accept4` is.
@_silgen_name("pthread_setname_np")
private func setThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32

extension Syscall {
    /// How the listener should react to a failed `accept4`.
    enum AcceptFailure {
        /// The connection died before it was accepted: accept the next one.
        case skip
        /// Out of descriptors or memory: pause accepting for a moment.
        case outOfResources
        /// Anything else: log it and wait for the next wake-up.
        case other
    }

    static func classifyAcceptError(_ error: HTTPError) -> AcceptFailure {
        switch error.errno {
        case ECONNABORTED, EPROTO: return .skip
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources
        default: return .other
        }
    }
}

extension Syscall {
    /// The signals that mean "stop": `SIGTERM` and `SIGINT`.
    static let terminationSignals: [Int32] = [SIGTERM, SIGINT]
}

import Logging

/// One client connection: its socket, input and output buffers, parser and timeouts.
///
/// Reading: the socket is in its loop's epoll set (``Poller``); each time it is readable the
/// connection reads into the loop's buffer, parses every complete request, runs the handler
/// inline and appends the responses (in order) to one output buffer, then flushes once with
/// `writev`. Writing: when a write would block, the socket is also watched for writability
/// until the output has drained; while pending output is above the watermark (or a streamed
/// body is being sent) it is not watched for reading. After a framing error, the error
/// response is sent and the connection closes. Closing: `shutdown(SHUT_WR)` after the last
/// response, then what the client still sends is discarded for a short linger time so the
/// response is not lost to a reset; then the socket leaves the epoll set and is closed, both on
/// the loop's thread, so no event can reach a reused descriptor number (tokens differ, too).
///
/// A pushed body (``PushBody``) is written by its producer through the loop's thread: the
/// connection keeps reading while it is open (input is discarded; end of input means the
/// client has gone), sends heartbeats from the sweep instead of timing out when idle, and
/// closes a client whose unread output passes ``ServerConfiguration/pushOutputLimitBytes``.
///
/// Thread safety: an instance is created on its loop's thread, the loop delivers its events on
/// that thread, and calls it only from that thread (sweep, drain, queued tasks). No state is ever touched from
/// another thread, which is what makes the `@unchecked Sendable` sound.
final class Connection: @unchecked Sendable {
    private enum Phase {
        case open
        /// Output half closed; discarding input until EOF or the deadline.
        case lingering(deadline: UInt64)
        case closed
    }

    /// What a body sent after its head (streamed or pushed) needs for its framing and, at its
    /// end, its access record.
    private struct BodyProgress {
        var isChunked: Bool
        var bytesSent = 0
        var method: String
        var path: String
        var status: Int
        var requestID: String
        var started: UInt64
    }

    /// A streamed response body being sent.
    private struct ActiveStream {
        var stream: BodyStream
        var progress: BodyProgress
    }

    /// A pushed body being sent (``PushBody``).
    private struct ActivePush {
        var body: PushBody
        var writer: PushWriter
        var progress: BodyProgress
        /// Monotonic time of the last write, for the heartbeat.
        var lastWrite: UInt64
    }

    let fd: Int32
    /// Comes back with the socket's epoll events (see ``EventLoop/token(fd:generation:)``).
    let token: UInt64
    private let loop: EventLoop
    private let context: ServerContext
    private let configuration: ServerConfiguration
    /// What the epoll set watches the socket for: reading unless suspended, writing while armed.
    private var isReadSuspended = false
    private var isWriteArmed = false

    private var phase = Phase.open
    private var input: [UInt8] = []
    /// Offset of the current request's first byte in `input`.
    private var inputStart = 0
    private var parser: RequestParser
    private var output = OutputBuffer()
    private var stream: ActiveStream?
    private var push: ActivePush?
    /// Whether pushed bytes wait for the loop's next flush pass (``EventLoop/scheduleFlush(_:)``).
    var isFlushPending = false
    private var requestCount = 0
    private var closeAfterFlush = false
    private var peerClosedInput = false

    /// Monotonic times (ns): first byte of the current request, last read, output blocked since.
    private var requestStarted: UInt64 = 0
    private var lastRead: UInt64
    private var writeBlockedSince: UInt64 = 0

    init(fd: Int32, token: UInt64, loop: EventLoop) {
        self.fd = fd
        self.token = token
        self.loop = loop
        self.context = loop.context
        self.configuration = loop.context.configuration
        self.parser = RequestParser(limits: loop.context.limits)
        self.lastRead = Syscall.monotonicNanoseconds()
    }

    /// Adds the socket to the loop's epoll set, watched for reading.
    func start() {
        do {
            try loop.poller.register(fd, token: token, interest: interest)
        } catch {
            context.logger.error("epoll_ctl failed; closing the connection", metadata: ["error": "\(error)"])
            close()
        }
    }

    // MARK: Events

    /// Called by the loop when the epoll set reports the socket ready. An error or hang-up
    /// counts as both, so the next `read` or `write` finds out what happened.
    func handleReadiness(readable: Bool, writable: Bool) {
        if isReadSuspended && !isWriteArmed {
            // Watched for nothing, so this is an error or hang-up, which epoll always reports
            // (level-triggered: it would be reported again at once). Nothing is left to send.
            close()
            return
        }
        if readable && !isReadSuspended { onReadable() }
        if writable && isWriteArmed, case .open = phase { onWritable() }
    }

    /// Full buffers read per readiness event at most. A client that sends faster than the
    /// loop reads would otherwise keep it in the read loop (and grow the input without bound);
    /// what is left is reported again on the next round (level-triggered), after the other
    /// connections have had theirs.
    static let readsPerWakeup = 4

    private func onReadable() {
        var sawEOF = false
        var reads = 0
        readLoop: while true {
            let result: Syscall.IOResult
            do {
                result = try Syscall.read(fd, into: loop.readBuffer)
            } catch {
                close()
                return
            }
            switch result {
            case .wouldBlock:
                break readLoop
            case .processed(0):
                sawEOF = true
                break readLoop
            case .processed(let count):
                lastRead = Syscall.monotonicNanoseconds()
                if case .open = phase {
                    if inputStart == input.count { requestStarted = lastRead }
                    input.append(contentsOf: UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
                }
                reads += 1
                if count < loop.readBuffer.count || reads >= Self.readsPerWakeup { break readLoop }
            }
        }
        switch phase {
        case .closed:
            return
        case .lingering:
            if sawEOF { close() }
            return
        case .open:
            break
        }
        if push != nil {
            // Nothing more is read while a body is pushed: input is discarded, and the end of
            // input means the client has gone.
            input = []
            inputStart = 0
            if sawEOF { close() }
            return
        }
        if sawEOF {
            peerClosedInput = true
            suspendReading()
        }
        drive()
    }

    private func onWritable() {
        drive()
    }

    // MARK: The request/response cycle

    /// Parses and answers what can be answered, flushes, and changes what the socket is watched for.
    private func drive() {
        while case .open = phase {
            var mayHaveMore = processInput()
            pumpStream()
            if !output.isEmpty {
                let drained: Bool
                do {
                    drained = try output.flush(to: fd)
                } catch {
                    close()
                    return
                }
                if !drained {
                    if writeBlockedSince == 0 { writeBlockedSince = Syscall.monotonicNanoseconds() }
                    armWrite()
                    if let push {
                        // Reading goes on, so that a client that goes away is noticed.
                        push.writer.setOverWatermark(output.count >= configuration.outputHighWatermarkBytes)
                        resumeReading()
                    } else if output.count >= configuration.outputHighWatermarkBytes || stream != nil {
                        suspendReading()
                    }
                    return
                }
                writeBlockedSince = 0
                mayHaveMore = true
            }
            disarmWrite()
            if stream != nil { continue }
            if let push {
                push.writer.setOverWatermark(false)
                resumeReading()
                return
            }
            if closeAfterFlush {
                finish()
                return
            }
            if !mayHaveMore || inputStart == input.count {
                // Everything is answered and sent. When the peer has closed its side nothing
                // more can arrive (a partial request would never complete), so close.
                if peerClosedInput { close() } else { resumeReading() }
                return
            }
        }
    }

    /// Parses and handles complete requests while allowed.
    ///
    /// - Returns: `true` when it stopped for backpressure (more requests may be buffered).
    private func processInput() -> Bool {
        defer { compactInput() }
        while inputStart < input.count {
            if closeAfterFlush || stream != nil || push != nil || output.count >= configuration.outputHighWatermarkBytes
            {
                return true
            }
            switch parseNext() {
            case .failure(let error):
                respondToFramingError(error)
                return false
            case .needMore:
                if parser.takeContinueRequest() { output.append(copying: ResponseEncoder.continueResponse) }
                return false
            case .request(let parsed):
                let arrival = requestStarted
                inputStart += parsed.consumed
                // Bytes after this request belong to the next one, which began arriving then.
                requestStarted = inputStart < input.count ? lastRead : 0
                handle(parsed, arrivedAt: arrival)
            }
        }
        return false
    }

    /// What one parse attempt gave. A concrete enum (rather than `Result<Parsed?, …>`) keeps
    /// the hot path free of generic value-witness calls.
    private enum ParseStep {
        case needMore
        case request(RequestParser.Parsed)
        case failure(HTTPError)
    }

    private func parseNext() -> ParseStep {
        let start = inputStart
        return input.withUnsafeBytes { raw -> ParseStep in
            do throws(HTTPError) {
                guard let parsed = try parser.parse(UnsafeRawBufferPointer(rebasing: raw[start...])) else {
                    return .needMore
                }
                return .request(parsed)
            } catch {
                return .failure(error)
            }
        }
    }

    private func compactInput() {
        if inputStart == input.count {
            if input.capacity > 4 * configuration.readBufferBytes {
                input = []
            } else {
                input.removeAll(keepingCapacity: true)
            }
            inputStart = 0
        } else if inputStart > 0 && inputStart >= input.count / 2 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    /// Runs the handler (or refuses the request while draining) and queues the response.
    private func handle(_ parsed: RequestParser.Parsed, arrivedAt arrival: UInt64) {
        let started = Syscall.monotonicNanoseconds()
        requestCount += 1
        let requestID =
            parsed.head.requestIDRange.flatMap { acceptedRequestID(parsed.headBytes[$0]) }
            ?? loop.nextRequestID()
        let request = Request(parsed: parsed, requestID: requestID, loopIndex: loop.index)
        var keepAlive = request.keepAlive && requestCount < configuration.maxRequestsPerConnection
        let response: Response
        if loop.isDraining && arrival >= loop.drainStartNanoseconds {
            // Began arriving after shutdown started: not in flight, so refused (RFC 9110 §15.6.4).
            let error = HTTPError(.serviceUnavailable)
            response = Response.problem(for: error, extraHeaders: configuration.errorHeaders?(error) ?? [])
            keepAlive = false
        } else {
            response = context.handler(request)
            if context.isShuttingDown.load(ordering: .relaxed) { keepAlive = false }
        }
        queue(
            response, method: request.method, version: request.version, path: request.path,
            requestID: requestID, keepAlive: keepAlive, started: started)
        // A pushed body's connection closes when the body ends (``pushEnd(farewell:)``).
        if !keepAlive && push == nil { closeAfterFlush = true }
    }

    /// The client's `X-Request-Id` when it is 1–64 characters of `[A-Za-z0-9._-]`.
    private func acceptedRequestID(_ bytes: ArraySlice<UInt8>) -> String? {
        guard (1...64).contains(bytes.count) else { return nil }
        for byte in bytes {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F, 0x2D: continue
            default: return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends a response's head and body to the output, or starts its stream.
    private func queue(
        _ response: Response, method: HTTPMethod, version: HTTPVersion, path: String, requestID: String,
        keepAlive: Bool, started: UInt64
    ) {
        var response = response
        do {
            try ResponseEncoder.validate(response.headers)
        } catch {
            context.logger.error(
                "handler returned an invalid header; answering 500",
                metadata: ["request-id": "\(requestID)", "error": "\(error)"])
            switch response.body {
            case .bytes: break
            case .stream(let stream): stream.onClose()
            case .push(let body): body.onClose()
            }
            response = Response.problem(status: .internalServerError, detail: "invalid response header")
        }
        let isHead = method == .head
        let forbidsBody = response.status.forbidsBody
        let date = loop.date.current()
        switch response.body {
        case .bytes(let body):
            let framing: ResponseEncoder.Framing = forbidsBody ? .omitted : .contentLength(body.count)
            output.withOwnedChunk {
                ResponseEncoder.appendHead(
                    to: &$0, status: response.status, headers: response.headers, framing: framing,
                    keepAlive: keepAlive, date: date, requestID: requestID)
            }
            let sent = isHead || forbidsBody ? 0 : body.count
            if sent > 0 { output.append(body: body) }
            recordAccess(
                method: method.rawValue, path: path, status: response.status.code, bytes: sent,
                requestID: requestID, started: started)
        case .stream(let body):
            if isHead || forbidsBody {
                output.withOwnedChunk {
                    ResponseEncoder.appendHead(
                        to: &$0, status: response.status, headers: response.headers,
                        framing: forbidsBody ? .omitted : .chunked, keepAlive: keepAlive, date: date,
                        requestID: requestID)
                }
                body.onClose()
                recordAccess(
                    method: method.rawValue, path: path, status: response.status.code, bytes: 0,
                    requestID: requestID, started: started)
                return
            }
            let isChunked = version != .http1_0
            if !isChunked { closeAfterFlush = true }
            output.withOwnedChunk {
                ResponseEncoder.appendHead(
                    to: &$0, status: response.status, headers: response.headers,
                    framing: isChunked ? .chunked : .omitted, keepAlive: keepAlive && isChunked, date: date,
                    requestID: requestID)
            }
            stream = ActiveStream(
                stream: body,
                progress: BodyProgress(
                    isChunked: isChunked, method: method.rawValue, path: path, status: response.status.code,
                    requestID: requestID, started: started))
        case .push(let body):
            let isChunked = version != .http1_0
            let sendsBody = !isHead && !forbidsBody
            output.withOwnedChunk {
                ResponseEncoder.appendHead(
                    to: &$0, status: response.status, headers: response.headers,
                    framing: forbidsBody || !isChunked ? .omitted : .chunked, keepAlive: false, date: date,
                    requestID: requestID)
            }
            guard sendsBody else {
                closeAfterFlush = true
                body.onClose()
                recordAccess(
                    method: method.rawValue, path: path, status: response.status.code, bytes: 0,
                    requestID: requestID, started: started)
                return
            }
            let writer = PushWriter(loop: loop, token: token)
            push = ActivePush(
                body: body, writer: writer,
                progress: BodyProgress(
                    isChunked: isChunked, method: method.rawValue, path: path, status: response.status.code,
                    requestID: requestID, started: started),
                lastWrite: Syscall.monotonicNanoseconds())
            body.onOpen(writer)
            // In flight when shutdown began: it ends at once, as the streams the drain ended.
            if loop.isDraining { pushEnd(farewell: body.farewell) }
        }
    }

    // MARK: Pushed bodies (called on the loop, through ``PushWriter``)

    /// Appends a pushed chunk and sends it; disconnects a client whose unread output is over
    /// the limit.
    ///
    /// The bytes are sent by the loop's next flush pass, so that writes queued together (a burst
    /// of events) leave in one `writev`.
    func pushWrite(_ bytes: [UInt8]) {
        guard case .open = phase, var active = push else { return }
        appendPushed(bytes, to: &active)
        push = active
        if !isFlushPending {
            isFlushPending = true
            loop.scheduleFlush(self)
        }
    }

    /// Sends what was pushed; disconnects a client whose unread output is over the limit.
    func flushPushed() {
        isFlushPending = false
        guard case .open = phase, let active = push else { return }
        drive()
        // What the socket did not take is what the client has not read.
        guard case .open = phase, output.count > configuration.pushOutputLimitBytes else { return }
        context.logger.info(
            "client stopped reading a pushed body; disconnecting",
            metadata: ["request-id": "\(active.progress.requestID)", "unread-bytes": "\(output.count)"])
        close()
    }

    /// Ends the pushed body (after `farewell`, if any) and closes the connection once it is sent.
    func pushEnd(farewell: [UInt8]?) {
        guard case .open = phase, var active = push else { return }
        if let farewell { appendPushed(farewell, to: &active) }
        if active.progress.isChunked { output.append(copying: ResponseEncoder.lastChunk) }
        push = nil
        active.writer.markClosed()
        active.body.onClose()
        recordAccess(active.progress)
        closeAfterFlush = true
        drive()
    }

    private func appendPushed(_ bytes: [UInt8], to active: inout ActivePush) {
        guard !bytes.isEmpty else { return }
        appendBodyChunk(bytes, to: &active.progress)
        active.lastWrite = Syscall.monotonicNanoseconds()
    }

    /// Appends one piece of a streamed or pushed body, as an HTTP chunk when the body is chunked.
    private func appendBodyChunk(_ bytes: [UInt8], to progress: inout BodyProgress) {
        if progress.isChunked {
            output.withOwnedChunk { ResponseEncoder.appendChunkHeader(size: bytes.count, to: &$0) }
            output.append(body: bytes)
            output.append(copying: ResponseEncoder.crlf)
        } else {
            output.append(body: bytes)
        }
        progress.bytesSent += bytes.count
    }

    /// Pulls chunks from the active stream while the output is below the watermark.
    private func pumpStream() {
        while var active = stream, output.count < configuration.outputHighWatermarkBytes {
            guard let chunk = active.stream.next() else {
                if active.progress.isChunked { output.append(copying: ResponseEncoder.lastChunk) }
                active.stream.onClose()
                stream = nil
                recordAccess(active.progress)
                return
            }
            guard !chunk.isEmpty else { continue }
            appendBodyChunk(chunk, to: &active.progress)
            stream = active
        }
    }

    /// Answers a request that could not be framed (or took too long), then closes.
    private func respondToFramingError(_ error: HTTPError) {
        let started = Syscall.monotonicNanoseconds()
        let requestID = loop.nextRequestID()
        let response = Response.problem(for: error, extraHeaders: configuration.errorHeaders?(error) ?? [])
        input = []
        inputStart = 0
        parser.reset()
        closeAfterFlush = true
        queue(
            response, method: .get, version: .http1_1, path: "-", requestID: requestID, keepAlive: false,
            started: started)
    }

    /// Records the access of a streamed or pushed body at its end.
    private func recordAccess(_ progress: BodyProgress) {
        recordAccess(
            method: progress.method, path: progress.path, status: progress.status, bytes: progress.bytesSent,
            requestID: progress.requestID, started: progress.started)
    }

    private func recordAccess(method: String, path: String, status: Int, bytes: Int, requestID: String, started: UInt64)
    {
        guard context.accessLogLevel != nil || configuration.responseObserver != nil else { return }
        let elapsed = Syscall.monotonicNanoseconds() &- started
        loop.record(
            AccessRecord(
                method: method, path: path, status: status, bodyBytes: bytes,
                duration: .nanoseconds(Int64(clamping: elapsed)), requestID: requestID, loopIndex: loop.index))
    }

    // MARK: Timeouts (called by the loop's sweep)

    func checkTimeouts(now: UInt64) {
        switch phase {
        case .closed:
            return
        case .lingering(let deadline):
            if now >= deadline { close() }
            return
        case .open:
            break
        }
        if let active = push {
            // An open pushed body is never idle: it gets its heartbeat instead.
            if writeBlockedSince != 0, now &- writeBlockedSince > EventLoop.nanoseconds(configuration.writeTimeout) {
                close()
            } else if let heartbeat = active.body.heartbeat,
                now &- active.lastWrite >= EventLoop.nanoseconds(configuration.pushHeartbeatInterval)
            {
                pushWrite(heartbeat)
            }
            return
        }
        if !output.isEmpty || stream != nil {
            if writeBlockedSince != 0, now &- writeBlockedSince > EventLoop.nanoseconds(configuration.writeTimeout) {
                close()
            }
            return
        }
        if closeAfterFlush { return }
        if inputStart < input.count || parser.hasCompleteHead {
            if !parser.hasCompleteHead {
                if now &- requestStarted > EventLoop.nanoseconds(configuration.headerTimeout) {
                    respondToFramingError(HTTPError(.headerTimeout))
                    drive()
                }
            } else if now &- lastRead > EventLoop.nanoseconds(configuration.idleTimeout) {
                respondToFramingError(HTTPError(.headerTimeout, detail: "request body not received in time"))
                drive()
            }
        } else if now &- lastRead > EventLoop.nanoseconds(configuration.idleTimeout) {
            close()
        }
    }

    /// Closes the connection if it is between requests (used when draining). Bytes already in
    /// the socket are read first: a request that arrived after shutdown began gets its `503`
    /// instead of a silent close.
    func closeIfIdle() {
        if let active = push {
            // A pushed body never ends by itself: end it now, cleanly.
            pushEnd(farewell: active.body.farewell)
            return
        }
        if case .lingering = phase {
            // Its last response is out; discard what is buffered so the close sends no reset.
            onReadable()
            close()
            return
        }
        guard case .open = phase, !isReadSuspended else { return }
        onReadable()
        guard case .open = phase else { return }
        if inputStart == input.count && !parser.hasCompleteHead && output.isEmpty && stream == nil {
            close()
        }
    }

    // MARK: Readiness interest and closing

    private var interest: Poller.Interest { Poller.Interest(read: !isReadSuspended, write: isWriteArmed) }

    private func suspendReading() {
        guard !isReadSuspended else { return }
        isReadSuspended = true
        updateInterest()
    }

    private func resumeReading() {
        guard isReadSuspended else { return }
        isReadSuspended = false
        updateInterest()
    }

    private func armWrite() {
        guard !isWriteArmed else { return }
        isWriteArmed = true
        updateInterest()
    }

    private func disarmWrite() {
        guard isWriteArmed else { return }
        isWriteArmed = false
        updateInterest()
    }

    /// Tells the epoll set what the socket is now watched for. Only fails when the kernel is out
    /// of memory; the connection is closed then, since it could not be served.
    private func updateInterest() {
        if case .closed = phase { return }
        do {
            try loop.poller.update(fd, token: token, interest: interest)
        } catch {
            context.logger.error("epoll_ctl failed; closing the connection", metadata: ["error": "\(error)"])
            close()
        }
    }

    /// After the final response: half-close and linger, or close at once if the peer is gone.
    private func finish() {
        Syscall.shutdownOutput(fd)
        if peerClosedInput {
            close()
            return
        }
        phase = .lingering(
            deadline: Syscall.monotonicNanoseconds() &+ EventLoop.nanoseconds(configuration.lingerTimeout))
        input = []
        inputStart = 0
        resumeReading()
    }

    /// Closes now: the socket leaves the epoll set and is closed.
    func close() {
        if case .closed = phase { return }
        phase = .closed
        if let active = stream {
            stream = nil
            active.stream.onClose()
        }
        if let active = push {
            push = nil
            active.writer.markClosed()
            active.body.onClose()
            recordAccess(active.progress)
        }
        loop.poller.deregister(fd)
        Syscall.close(fd)
        context.connectionClosed()
        loop.remove(self)
    }
}

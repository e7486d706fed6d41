import Dispatch
import Synchronization

/// A long-lived response body that its producer writes to over time (server push), such as a
/// `text/event-stream`.
///
/// The server sends the head (chunked; `Connection: close`, since the stream is the last
/// response on its connection), then calls ``onOpen`` on the connection's loop with a
/// ``PushWriter``. The producer keeps the writer and writes whenever it has something, from
/// any thread. The body ends when the producer calls ``PushWriter/end()``, when the client
/// goes away (the socket reports end of input or an error), when the client stops reading and
/// its unread output passes ``ServerConfiguration/pushOutputLimitBytes``, or when the server
/// shuts down (it writes ``farewell`` first). In every case ``onClose`` is called once, on the
/// loop; after it, writes are dropped.
///
/// Idle streams cost a connection and nothing else: no thread, no timer. The loop's sweep
/// (one timer per loop) writes ``heartbeat`` into a stream that has been silent for
/// ``ServerConfiguration/pushHeartbeatInterval``, and the idle timeout does not apply.
///
/// ```swift
/// Response(status: .ok, headers: [HTTPHeader(name: "Content-Type", value: "text/event-stream")],
///          push: PushBody(heartbeat: Array(": keep-alive\n\n".utf8),
///                         onOpen: { writer in hub.add(writer) }, onClose: { hub.remove() }))
/// ```
public struct PushBody: Sendable {
    /// Written by the loop's sweep when the stream has been silent for the heartbeat interval;
    /// `nil` for none.
    public var heartbeat: [UInt8]?
    /// Written before the stream ends because the server is shutting down; `nil` for none.
    public var farewell: [UInt8]?
    /// Called once on the connection's loop, after the head is queued, with the stream's writer.
    public var onOpen: @Sendable (PushWriter) -> Void
    /// Called once on the connection's loop when the stream has ended, for whatever reason.
    /// Also called (without ``onOpen``) when no body is sent: a `HEAD` request.
    public var onClose: @Sendable () -> Void

    /// Creates a pushed body.
    public init(
        heartbeat: [UInt8]? = nil, farewell: [UInt8]? = nil, onOpen: @escaping @Sendable (PushWriter) -> Void,
        onClose: @escaping @Sendable () -> Void = {}
    ) {
        self.heartbeat = heartbeat
        self.farewell = farewell
        self.onOpen = onOpen
        self.onClose = onClose
    }
}

/// Writes to one pushed body (``PushBody``) from any thread.
///
/// Each call hops onto the connection's loop queue, so writes from one thread arrive in the
/// order they were made. Back-pressure is visible, not blocking: ``isOverWatermark`` is `true`
/// while the connection's unsent output is above
/// ``ServerConfiguration/outputHighWatermarkBytes`` (a producer may skip, coalesce or wait); a
/// client whose unread output passes ``ServerConfiguration/pushOutputLimitBytes`` is
/// disconnected by the server.
///
/// Thread safety: the loop and token are immutable; the state flags are atomic; everything else
/// happens on the loop's queue.
public final class PushWriter: Sendable {
    private let loop: EventLoop
    private let token: UInt64
    private let closedFlag = Atomic<Bool>(false)
    private let overWatermarkFlag = Atomic<Bool>(false)

    init(loop: EventLoop, token: UInt64) {
        self.loop = loop
        self.token = token
    }

    /// Whether the stream has ended (writes are dropped).
    public var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    /// Whether the connection's unsent output is above the high watermark right now.
    public var isOverWatermark: Bool { overWatermarkFlag.load(ordering: .relaxed) }

    /// Queues `bytes` to be sent (as one HTTP chunk). Ignored once the stream has ended.
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !isClosed else { return }
        let loop = self.loop
        let token = self.token
        loop.queue.async { loop.connection(token: token)?.pushWrite(bytes) }
    }

    /// Ends the body after what was written: the last chunk is sent and the connection closes.
    public func end() {
        guard !isClosed else { return }
        let loop = self.loop
        let token = self.token
        loop.queue.async { loop.connection(token: token)?.pushEnd(farewell: nil) }
    }

    /// Called by the connection on its loop.
    func markClosed() { closedFlag.store(true, ordering: .releasing) }

    /// Called by the connection on its loop after each flush.
    func setOverWatermark(_ value: Bool) { overWatermarkFlag.store(value, ordering: .relaxed) }
}

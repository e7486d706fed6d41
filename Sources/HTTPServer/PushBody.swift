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

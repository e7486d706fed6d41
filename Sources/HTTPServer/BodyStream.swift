/// A response body produced in chunks, pulled by the server as the client reads.
///
/// The server calls ``next`` on the connection's loop whenever its pending output is below the
/// watermark, and sends each non-empty chunk as one HTTP chunk; `nil` ends the body. Pulling
/// is the backpressure: a slow client simply causes fewer calls. `next` runs on the loop, so it
/// must not block; it is never called for `HEAD` requests or after the client has gone
/// (``onClose`` is called then, and also after the last chunk).
///
/// ```swift
/// var rows = store.cursor(matching: query)
/// let stream = BodyStream { rows.nextPage().map(encode) }
/// ```
public struct BodyStream {
    /// Returns the next chunk, or `nil` at the end.
    public let next: () -> [UInt8]?
    /// Called once when the stream is finished or abandoned (release cursors here).
    public let onClose: () -> Void

    /// Creates a stream from a chunk producer and an optional clean-up.
    public init(next: @escaping () -> [UInt8]?, onClose: @escaping () -> Void = {}) {
        self.next = next
        self.onClose = onClose
    }
}

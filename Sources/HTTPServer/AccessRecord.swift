/// What the server knows about one answered request: given to
/// ``ServerConfiguration/responseObserver`` and written to the access log.
public struct AccessRecord: Sendable {
    /// The request method (`"-"` when the request could not be parsed).
    public let method: String
    /// The decoded path (`"-"` when the request could not be parsed).
    public let path: String
    /// The status sent.
    public let status: Int
    /// Body bytes sent, excluding framing (0 for `HEAD`; for a streamed body, the total once
    /// it has ended: the record is made then).
    public let bodyBytes: Int
    /// Time from the request being complete to its response being queued (to the end of the
    /// stream for a streamed body).
    public let duration: Duration
    /// The request id sent back in `X-Request-Id`.
    public let requestID: String
    /// The loop that served it.
    public let loopIndex: Int
}

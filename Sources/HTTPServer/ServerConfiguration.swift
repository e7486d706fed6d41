import Logging

/// Every limit, timeout and hook of an ``HTTPServer``, with its unit and default.
///
/// Defaults are chosen for a small JSON API behind no proxy; each is documented where it is
/// declared. Example:
/// ```swift
/// var configuration = ServerConfiguration(host: "127.0.0.1", port: 8080)
/// configuration.maxBodyBytes = 64 * 1024
/// configuration.errorHeaders = { _ in [HTTPHeader(name: "Access-Control-Allow-Origin", value: "*")] }
/// ```
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal (`"0.0.0.0"`, `"::"`, `"::1"`) or `"localhost"`.
    /// `"::"` accepts IPv4 too (dual stack). Default `"127.0.0.1"`.
    public var host: String
    /// TCP port; `0` lets the kernel choose, and ``HTTPServer/start()`` returns the bound port.
    /// Default `8080`.
    public var port: Int
    /// Number of event loops (a thread each), each serving its own connections.
    /// Default: the number of active processors.
    public var loopCount: Int
    /// `listen(2)` backlog, in connections. Default 1,024.
    public var backlog: Int

    /// Longest request line (method, target, version), in bytes; beyond it: `414`. Default 8 KiB.
    public var maxRequestLineBytes: Int
    /// Largest header section (request line included), in bytes; beyond it: `431`. Default 64 KiB.
    public var maxHeaderBytes: Int
    /// Most header fields in one request; beyond it: `431`. Default 100.
    public var maxHeaderCount: Int
    /// Largest request body (after chunked decoding), in bytes; beyond it: `413`. Default 2 MiB.
    public var maxBodyBytes: Int

    /// Time from a request's first byte until its header section is complete; beyond it:
    /// `408` and close, so a slow client cannot hold a connection. Default 10 s.
    public var headerTimeout: Duration
    /// Time a keep-alive connection may sit without a request (or a request body may make no
    /// progress) before it is closed. Default 60 s.
    public var idleTimeout: Duration
    /// Time pending output may make no progress before the connection is closed. Default 30 s.
    public var writeTimeout: Duration
    /// Requests served on one connection before the server answers with `Connection: close`.
    /// Default 1,000.
    public var maxRequestsPerConnection: Int
    /// Open connections across all loops; at the cap the listener stops accepting (new clients
    /// wait in the backlog) until a connection closes. Default 10,000.
    public var maxConnections: Int

    /// Descriptors kept free below the process's limit (`RLIMIT_NOFILE`): the listener accepts
    /// at most limit − this − the descriptors open at start connections (fewer than
    /// ``maxConnections`` when the limit is low), so the database, the log and libdispatch still
    /// get a descriptor when clients are many. libdispatch's Linux worker-pool monitor aborts the
    /// process when it cannot open `/proc/<tid>/stat`. Default 64.
    public var reservedDescriptors: Int
    /// How long the listener stops accepting after `accept4` failed for lack of descriptors or
    /// memory, unless a connection closes first. Default 100 ms.
    public var acceptBackoff: Duration
    /// Shortest time between two warnings about accepts refused for lack of descriptors or
    /// memory (each says how many were refused since the previous one). Default 10 s.
    public var resourceWarningInterval: Duration

    /// Pending output per connection, in bytes, above which the server stops reading (and stops
    /// pulling a streamed body) until the client has read some. Default 64 KiB.
    public var outputHighWatermarkBytes: Int
    /// Size of each loop's reusable read buffer, in bytes. Default 64 KiB.
    public var readBufferBytes: Int
    /// Unread output, in bytes, above which a pushed body's client is disconnected (it stopped
    /// reading; see ``PushBody``). Default 1 MiB.
    public var pushOutputLimitBytes: Int
    /// Longest time a pushed body stays silent: after it, the loop's sweep writes the body's
    /// ``PushBody/heartbeat`` bytes. Default 15 s.
    public var pushHeartbeatInterval: Duration
    /// Time given to in-flight requests by the signal helper
    /// (``HTTPServer/shutdownOnSignals(gracePeriod:)``) when none is passed. Default 10 s.
    public var shutdownGracePeriod: Duration
    /// After the final response of a closing connection, time spent discarding what the client
    /// still sends so that the response is not lost to a TCP reset. Default 2 s.
    public var lingerTimeout: Duration

    /// Level of the access-log line written per response, or `nil` for none. Default `.info`.
    public var accessLogLevel: Logger.Level?
    /// Extra headers for the problem+json responses the server itself produces (framing errors,
    /// limits, `503` while shutting down), e.g. CORS headers. Default: none.
    public var errorHeaders: (@Sendable (HTTPError) -> [HTTPHeader])?
    /// Called on the connection's loop after each response is queued, e.g. to count metrics.
    /// Keep it cheap: it runs on the hot path. Default: none.
    public var responseObserver: (@Sendable (AccessRecord) -> Void)?

    /// Creates a configuration with every default listed above.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        loopCount: Int = ServerConfiguration.defaultLoopCount
    ) {
        self.host = host
        self.port = port
        self.loopCount = loopCount
        self.backlog = 1024
        self.maxRequestLineBytes = 8 * 1024
        self.maxHeaderBytes = 64 * 1024
        self.maxHeaderCount = 100
        self.maxBodyBytes = 2 * 1024 * 1024
        self.headerTimeout = .seconds(10)
        self.idleTimeout = .seconds(60)
        self.writeTimeout = .seconds(30)
        self.maxRequestsPerConnection = 1000
        self.maxConnections = 10_000
        self.reservedDescriptors = 64
        self.acceptBackoff = .milliseconds(100)
        self.resourceWarningInterval = .seconds(10)
        self.outputHighWatermarkBytes = 64 * 1024
        self.readBufferBytes = 64 * 1024
        self.pushOutputLimitBytes = 1024 * 1024
        self.pushHeartbeatInterval = .seconds(15)
        self.shutdownGracePeriod = .seconds(10)
        self.lingerTimeout = .seconds(2)
        self.accessLogLevel = .info
        self.errorHeaders = nil
        self.responseObserver = nil
    }

    /// The number of active processors, at least 1.
    public static var defaultLoopCount: Int { max(1, Int(Syscall.activeProcessorCount())) }

    /// The parser's share of the limits.
    var parserLimits: RequestParser.Limits {
        RequestParser.Limits(
            maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
            maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
    }

    /// Throws when a value cannot work (zero loops, a negative limit, a port out of range).
    func validate() throws(HTTPError) {
        func require(_ condition: Bool, _ what: String) throws(HTTPError) {
            if !condition { throw HTTPError(.invalidConfiguration(what)) }
        }
        try require((0...65535).contains(port), "port must be 0...65535")
        try require((1...1024).contains(loopCount), "loopCount must be 1...1024")
        try require(backlog > 0, "backlog must be positive")
        try require(maxRequestLineBytes >= 16, "maxRequestLineBytes must be at least 16")
        try require(maxHeaderBytes >= maxRequestLineBytes, "maxHeaderBytes must be at least maxRequestLineBytes")
        try require(maxHeaderCount > 0, "maxHeaderCount must be positive")
        try require(maxBodyBytes >= 0, "maxBodyBytes must not be negative")
        try require(maxRequestsPerConnection > 0, "maxRequestsPerConnection must be positive")
        try require(maxConnections > 0, "maxConnections must be positive")
        try require(reservedDescriptors >= 0, "reservedDescriptors must not be negative")
        try require(outputHighWatermarkBytes > 0, "outputHighWatermarkBytes must be positive")
        try require(readBufferBytes >= 1024, "readBufferBytes must be at least 1024")
        try require(pushOutputLimitBytes > 0, "pushOutputLimitBytes must be positive")
        for (name, value) in [
            ("headerTimeout", headerTimeout), ("idleTimeout", idleTimeout), ("writeTimeout", writeTimeout),
            ("pushHeartbeatInterval", pushHeartbeatInterval), ("acceptBackoff", acceptBackoff),
            ("resourceWarningInterval", resourceWarningInterval),
        ] {
            try require(value > .zero, "\(name) must be positive")
        }
    }
}

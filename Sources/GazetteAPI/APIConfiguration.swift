import Foundation

/// Settings of the HTTP API. Every default is the one `config/gazette.yaml` documents.
public struct APIConfiguration: Sendable {
    /// The bearer token for writes; `nil`: write endpoints answer 403. Default `nil`.
    public var writeToken: String?
    /// Origins allowed by CORS; `["*"]` allows any. Default `["*"]`.
    public var corsOrigins: [String]
    /// `Cache-Control` of successful GET responses. Default `public, max-age=60`.
    public var cacheControl: String
    /// Absolute base URL for feed links; `nil`: from the request's `Host`. Default `nil`.
    public var baseURL: String?
    /// Whether encoded responses of reads are cached in memory. Default `true`.
    public var responseCacheEnabled: Bool
    /// Responses kept per event loop. Default 4,096.
    public var responseCacheEntries: Int
    /// Bytes of cached responses, all event loops together (each loop keeps an equal share), in
    /// bytes. A response is counted as its key, headers and body plus an estimate of the
    /// bookkeeping around them; one larger than an eighth of a loop's share is served but not
    /// cached. Default 64 MiB.
    public var responseCacheBytes: Int
    /// Bodies at least this large are gzipped when the client accepts it, in bytes. Default 1,024.
    public var gzipMinimumBytes: Int
    /// zlib's level for the bodies gzipped per response, 1 (fastest) to 9 (smallest). Default 1,
    /// as nginx's `gzip_comp_level`: on an uncached 20-article list it compresses to 4% more
    /// bytes than level 6 at about half the CPU. The fixed documents (the reader page,
    /// `/openapi.json`) are compressed once, at 9.
    public var gzipLevel: Int32 = 1
    /// Entries of `/v1/changes` per page. Default 1,000.
    public var changesPageSize: Int
    /// The longest a read may spend in SQLite before it is stopped and answered `503`; `nil`:
    /// no limit. Handlers run on the server's event loops, so this also bounds how long one
    /// request can hold up the other connections of its loop. Default 2 s.
    public var queryTimeLimit: Duration?
    /// Concurrent `/v1/stream` clients; beyond it `503` with `Retry-After`. Default 1,000.
    public var maxStreams: Int = 1_000
    /// The `retry:` field of `/v1/stream`: how long a client waits before reconnecting. Default 3 s.
    public var streamRetry: Duration = .seconds(3)
    /// How often `/v1/stream` asks SQLite whether another process committed (one poll for all
    /// streams). Default 200 ms.
    public var streamPollInterval: Duration = .milliseconds(200)

    public init(
        writeToken: String? = nil, corsOrigins: [String] = ["*"], cacheControl: String = "public, max-age=60",
        baseURL: String? = nil, responseCacheEnabled: Bool = true, responseCacheEntries: Int = 4_096,
        responseCacheBytes: Int = 64 << 20, gzipMinimumBytes: Int = 1_024, changesPageSize: Int = 1_000,
        queryTimeLimit: Duration? = .seconds(2)
    ) {
        self.writeToken = writeToken
        self.corsOrigins = corsOrigins
        self.cacheControl = cacheControl
        self.baseURL = baseURL
        self.responseCacheEnabled = responseCacheEnabled
        self.responseCacheEntries = responseCacheEntries
        self.responseCacheBytes = responseCacheBytes
        self.gzipMinimumBytes = gzipMinimumBytes
        self.changesPageSize = changesPageSize
        self.queryTimeLimit = queryTimeLimit
    }
}

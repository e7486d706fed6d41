import GazetteCore

/// Settings of webhook delivery (API.md, "Webhooks"). Every default is the one
/// `config/gazette.yaml` documents.
public struct WebhookConfiguration: Sendable, Equatable {
    /// The endpoints of the config file, stored in the database by the process that opens it
    /// (the worker sends to what the database holds). Default none.
    public var endpoints: [WebhookEndpoint]
    /// The waits after each failed attempt; when they run out the message is marked failed.
    /// Default about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (API.md): eight attempts over a day
    /// and a half.
    public var retryDelays: [Duration]
    /// The longest one attempt may take, connection included. Default 10 s.
    public var timeout: Duration
    /// Whether targets on loopback, link-local, private or unique-local addresses are allowed.
    /// Default `false`: refused, as a failed attempt.
    public var allowsPrivateTargets: Bool
    /// How often the outbox is looked at for new messages (another process's included).
    /// Default 1 s.
    public var pollInterval: Duration

    public init(
        endpoints: [WebhookEndpoint] = [],
        retryDelays: [Duration] = [
            .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3_600), .seconds(5 * 3_600),
            .seconds(10 * 3_600), .seconds(10 * 3_600),
        ],
        timeout: Duration = .seconds(10), allowsPrivateTargets: Bool = false, pollInterval: Duration = .seconds(1)
    ) {
        self.endpoints = endpoints
        self.retryDelays = retryDelays
        self.timeout = timeout
        self.allowsPrivateTargets = allowsPrivateTargets
        self.pollInterval = pollInterval
    }
}

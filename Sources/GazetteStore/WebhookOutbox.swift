import GazetteCore

/// The webhook outbox's delivery side: the messages ``ArticleStore`` queued, for the delivery
/// worker (what is due, what came of each attempt) and for `gazette webhooks` (counts, retry).
///
/// Thread safety: owns a read-write ``Connection`` (its own, so the worker never waits on the
/// API's writer lock) and inherits its rule: one thread at a time.
public final class WebhookOutbox: @unchecked Sendable {
    private let connection: Connection

    /// Opens a connection of its own to the database at `location`, migrating it if needed.
    public init(location: DatabaseLocation, configuration: StoreConfiguration = StoreConfiguration()) throws {
        connection = try Connection(location: location, configuration: configuration)
        try Migrator().migrate(connection)
    }

    /// Uses `store`'s connection (for a command that already opened the store).
    public init(store: ArticleStore) {
        connection = store.connection
    }

    /// The endpoints that are sent to, with the key material to sign.
    public func activeEndpoints() throws -> [OutboxEndpoint] {
        var endpoints: [OutboxEndpoint] = []
        try connection.statement("SELECT id, url, secret FROM webhook_endpoints WHERE is_active = 1 ORDER BY id")
            .forEachRow { endpoints.append(OutboxEndpoint(id: $0.int64(0), url: $0.string(1), secret: $0.string(2))) }
        return endpoints
    }

    /// The oldest pending message of the endpoint with `endpointID` (per-endpoint order: a
    /// message waits for the one before it); `nil` when none is pending.
    public func nextPendingMessage(endpoint endpointID: Int64) throws -> OutboxMessage? {
        try connection.statement(
            """
            SELECT id, message_id, body, attempts, next_attempt_at FROM webhook_messages
            WHERE endpoint_id = ? AND state = 'pending' ORDER BY id LIMIT 1
            """
        ).first([.integer(endpointID)]) {
            OutboxMessage(
                id: $0.int64(0), endpointID: endpointID, messageID: $0.string(1), body: $0.string(2),
                attempts: $0.int(3), nextAttemptAt: $0.int64(4))
        }
    }

    /// Records a 2xx answer to the message with row id `id`.
    ///
    /// - Parameter now: milliseconds since 1970.
    public func markDelivered(_ id: Int64, now: Int64) throws {
        try connection.statement(
            """
            UPDATE webhook_messages SET state = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                delivered_at = ?, last_error = NULL WHERE id = ?
            """
        ).execute([.integer(now), .integer(now), .integer(id)])
    }

    /// Records a failed attempt: the message is tried again at `retryAt`, or, when `nil` (the
    /// schedule ran out), marked failed.
    ///
    /// - Parameter now: milliseconds since 1970, as is `retryAt`.
    public func recordFailedAttempt(_ id: Int64, error: String, now: Int64, retryAt: Int64?) throws {
        try connection.statement(
            """
            UPDATE webhook_messages SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
                state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END, next_attempt_at = coalesce(?, 0)
            WHERE id = ?
            """
        ).execute([.integer(now), .text(error), .integer(retryAt), .integer(retryAt), .integer(id)])
    }

    /// Queues every failed message again, from a fresh schedule (`gazette webhooks retry`).
    ///
    /// - Returns: how many were queued.
    @discardableResult
    public func requeueFailed() throws -> Int {
        try connection.statement(
            "UPDATE webhook_messages SET state = 'pending', attempts = 0, next_attempt_at = 0 WHERE state = 'failed'"
        ).execute()
        return connection.changedRowCount
    }

    /// Every endpoint, active or not, with its delivered, pending and failed counts and its
    /// last error (`gazette webhooks`).
    public func endpointSummaries() throws -> [WebhookEndpointSummary] {
        var summaries: [WebhookEndpointSummary] = []
        try connection.statement(
            """
            SELECT e.id, e.url, e.is_active,
                (SELECT count(*) FROM webhook_messages WHERE endpoint_id = e.id AND state = 'delivered'),
                (SELECT count(*) FROM webhook_messages WHERE endpoint_id = e.id AND state = 'pending'),
                (SELECT count(*) FROM webhook_messages WHERE endpoint_id = e.id AND state = 'failed'),
                (SELECT last_error FROM webhook_messages WHERE endpoint_id = e.id AND last_error IS NOT NULL
                    ORDER BY last_attempt_at DESC, id DESC LIMIT 1)
            FROM webhook_endpoints e ORDER BY e.id
            """
        ).forEachRow { row in
            summaries.append(
                WebhookEndpointSummary(
                    url: row.string(1), isActive: row.int64(2) != 0, delivered: row.int(3), pending: row.int(4),
                    failed: row.int(5), lastError: row.optionalString(6)))
        }
        return summaries
    }
}

/// An endpoint as the worker sends to it.
public struct OutboxEndpoint: Sendable, Equatable {
    public var id: Int64
    public var url: String
    /// `whsec_` + base64 of the key.
    public var secret: String
}

/// One queued message.
public struct OutboxMessage: Sendable, Equatable {
    /// The row id (outbox order).
    public var id: Int64
    public var endpointID: Int64
    /// The `webhook-id` header: the same on every attempt.
    public var messageID: String
    /// The JSON body, fixed when the change was made.
    public var body: String
    /// Attempts made so far.
    public var attempts: Int
    /// When it may be sent, in milliseconds since 1970.
    public var nextAttemptAt: Int64
}

/// What `gazette webhooks` shows of one endpoint.
public struct WebhookEndpointSummary: Sendable, Equatable {
    public var url: String
    /// `false` when the config file no longer names it.
    public var isActive: Bool
    public var delivered: Int
    public var pending: Int
    public var failed: Int
    /// The error of the most recent failed attempt, if any.
    public var lastError: String?
}

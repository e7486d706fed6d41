import Dispatch
import Foundation
import GazetteCore
import GazetteStore
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The webhook delivery worker: sends the outbox's messages (API.md, "Webhooks") on a queue of
/// its own, never on an event loop.
///
/// - At least once: a message is marked delivered only after a 2xx answer, in the database, so
///   a crash or `kill -9` mid-attempt sends it again after the restart.
/// - In order per endpoint: an endpoint's next message is sent only when the one before it is
///   delivered or failed; endpoints do not wait for one another.
/// - Retries: after each failed attempt (non-2xx, 3xx included; no answer within the timeout;
///   refused connection; a refused target address) the message waits the next delay of
///   ``WebhookConfiguration/retryDelays``; when they run out it is marked failed.
///
/// Thread safety: every mutable property is touched only on `queue` (a serial queue); URLSession
/// callbacks hop onto it.
public final class WebhookDeliverer: @unchecked Sendable {
    /// What one attempt came to, for `/metrics`.
    public enum Outcome: String, Sendable, CaseIterable {
        /// A 2xx answer.
        case delivered
        /// Failed; will be tried again.
        case retrying
        /// Failed, and the schedule ran out: marked failed.
        case failed
    }

    private let outbox: WebhookOutbox
    private let configuration: WebhookConfiguration
    private let logger: Logger
    private let report: @Sendable (_ endpoint: String, _ outcome: Outcome) -> Void
    private let queue = DispatchQueue(label: "gazette.webhooks")
    private let transport: WebhookTransport
    private var timer: DispatchSourceTimer?
    /// Endpoints with an attempt in flight (their next message waits).
    private var inFlight: Set<Int64> = []
    private var isRunning = false
    /// Entered per attempt in flight, left once its outcome is recorded (``stop()`` waits).
    private let attempts = DispatchGroup()

    /// - Parameters:
    ///   - outbox: the worker's own connection to the outbox.
    ///   - report: called after each attempt with the endpoint's URL and what came of it.
    public init(
        outbox: WebhookOutbox, configuration: WebhookConfiguration = WebhookConfiguration(),
        logger: Logger = Logger(label: "gazette.webhooks"),
        report: @escaping @Sendable (_ endpoint: String, _ outcome: Outcome) -> Void = { _, _ in }
    ) {
        self.outbox = outbox
        self.configuration = configuration
        self.logger = logger
        self.report = report
        transport = WebhookTransport(timeout: configuration.timeout)
    }

    /// Starts delivering; logs the endpoints whose target is refused.
    public func start() {
        queue.async { [self] in
            guard !isRunning else { return }
            isRunning = true
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { [weak self] in self?.pass() }
            timer = source
            source.schedule(deadline: .now())
            source.activate()
            do {
                for endpoint in try outbox.activeEndpoints() {
                    if let refusal = refusal(of: endpoint) {
                        logger.warning(
                            "webhook target refused", metadata: ["url": "\(endpoint.url)", "reason": "\(refusal)"])
                    } else {
                        logger.info("webhook endpoint", metadata: ["url": "\(endpoint.url)"])
                    }
                }
            } catch {
                logger.error("cannot read webhook endpoints", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Looks at the outbox now rather than at the next poll (after a write of this process).
    public func wake() {
        queue.async { [self] in if isRunning { pass() } }
    }

    /// Stops sending: waits for the attempts in flight to end and be recorded (at most the
    /// timeout), then cancels what is left, whose messages stay pending (sent again after the
    /// next start).
    public func stop() {
        queue.sync {
            isRunning = false
            timer?.cancel()
            timer = nil
        }
        _ = attempts.wait(timeout: .now() + .milliseconds(Int(clamping: Self.milliseconds(configuration.timeout))))
        transport.invalidate()
    }

    // MARK: - On `queue`

    /// Sends each active endpoint's oldest pending message that is due, and sets the timer for
    /// the next look (none when no endpoint is active).
    private func pass() {
        guard isRunning else { return }
        let now = Self.now()
        var next = now + Self.milliseconds(configuration.pollInterval)
        do {
            let endpoints = try outbox.activeEndpoints()
            // Endpoints are set at start (from the configuration): with none, there is nothing to
            // poll for, and an idle server stays asleep.
            if endpoints.isEmpty { return }
            for endpoint in endpoints where !inFlight.contains(endpoint.id) {
                guard let message = try outbox.nextPendingMessage(endpoint: endpoint.id) else { continue }
                guard message.nextAttemptAt <= now else {
                    next = min(next, message.nextAttemptAt)
                    continue
                }
                attempt(message, to: endpoint)
            }
        } catch {
            logger.error("cannot read the webhook outbox", metadata: ["error": "\(error)"])
        }
        timer?.schedule(deadline: .now() + .milliseconds(Int(clamping: max(0, next - now))))
    }

    private func attempt(_ message: OutboxMessage, to endpoint: OutboxEndpoint) {
        guard let url = URL(string: endpoint.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { return finish(message, endpoint, .failure("not an http or https URL")) }
        guard let key = WebhookEndpoint(url: endpoint.url, secret: endpoint.secret).secretKey, !key.isEmpty else {
            return finish(message, endpoint, .failure("the secret is not whsec_ followed by base64"))
        }
        if let refusal = refusal(of: endpoint) {
            logger.warning("webhook target refused", metadata: ["url": "\(endpoint.url)", "reason": "\(refusal)"])
            return finish(message, endpoint, .failure("refused: \(refusal)"))
        }
        let body = Array(message.body.utf8)
        let timestamp = Self.now() / 1_000
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.messageID, forHTTPHeaderField: "webhook-id")
        request.setValue(String(timestamp), forHTTPHeaderField: "webhook-timestamp")
        request.setValue(
            WebhookSignature.header(messageID: message.messageID, timestamp: timestamp, body: body, key: key),
            forHTTPHeaderField: "webhook-signature")
        request.setValue("Gazette-Webhooks/1", forHTTPHeaderField: "User-Agent")
        inFlight.insert(endpoint.id)
        attempts.enter()
        transport.send(request) { [self] outcome in
            queue.async { [self] in
                defer { attempts.leave() }
                inFlight.remove(endpoint.id)
                switch outcome {
                case .status(let status) where (200..<300).contains(status): finish(message, endpoint, .success)
                case .status(let status): finish(message, endpoint, .failure("HTTP \(status)"))
                case .failed(let reason): finish(message, endpoint, .failure(reason))
                }
                pass()
            }
        }
    }

    private enum Result {
        case success
        case failure(String)
    }

    /// Records what came of an attempt.
    private func finish(_ message: OutboxMessage, _ endpoint: OutboxEndpoint, _ result: Result) {
        let now = Self.now()
        do {
            switch result {
            case .success:
                try outbox.markDelivered(message.id, now: now)
                report(endpoint.url, .delivered)
            case .failure(let reason):
                let attempts = message.attempts + 1
                let retryAt =
                    attempts <= configuration.retryDelays.count
                    ? now + Self.milliseconds(configuration.retryDelays[attempts - 1]) : nil
                try outbox.recordFailedAttempt(message.id, error: reason, now: now, retryAt: retryAt)
                report(endpoint.url, retryAt == nil ? .failed : .retrying)
                logger.warning(
                    retryAt == nil ? "webhook message failed" : "webhook attempt failed",
                    metadata: [
                        "url": "\(endpoint.url)", "webhook-id": "\(message.messageID)", "attempt": "\(attempts)",
                        "error": "\(reason)",
                    ])
            }
        } catch {
            // The message stays as it was (pending): it is sent again, at least once holds.
            logger.error("cannot record a webhook attempt", metadata: ["error": "\(error)"])
        }
    }

    /// Why the endpoint's target is refused, or `nil` when it may be sent to.
    private func refusal(of endpoint: OutboxEndpoint) -> TargetAddressGuard.Refusal? {
        guard !configuration.allowsPrivateTargets else { return nil }
        guard let host = URL(string: endpoint.url)?.host, !host.isEmpty else {
            return TargetAddressGuard.Refusal(description: "the URL has no host")
        }
        do {
            try TargetAddressGuard.check(host: host)
            return nil
        } catch {
            return error
        }
    }

    /// Milliseconds since 1970 (the outbox's clock: it survives restarts).
    private static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded()) }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}

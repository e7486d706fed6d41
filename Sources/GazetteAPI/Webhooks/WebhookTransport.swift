import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts webhook messages with `URLSession` (libcurl underneath on Linux, TLS included) and
/// never follows a redirect: a 3xx answer is the attempt's result, a failure (Standard
/// Webhooks: "3xx is a failure"; OWASP: redirects would walk past the address guard).
///
/// Tasks are delegate-driven, not completion-handler tasks: swift-corelibs-foundation asks the
/// delegate about redirects only for those.
final class WebhookTransport: Sendable {
    /// What came of one attempt.
    enum Outcome: Sendable, Equatable {
        /// An HTTP answer with this status.
        case status(Int)
        /// No answer: refused, reset, timed out…
        case failed(String)
    }

    private let session: URLSession
    private let delegate: Delegate

    init(timeout: Duration) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        delegate = Delegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    /// Sends `request`; `completion` runs once, on a URLSession queue.
    func send(_ request: URLRequest, completion: @escaping @Sendable (Outcome) -> Void) {
        let task = session.dataTask(with: request)
        delegate.pending.withLock { $0[task.taskIdentifier] = completion }
        task.resume()
    }

    /// Cancels what is in flight (on shutdown).
    func invalidate() {
        session.invalidateAndCancel()
    }

    /// Routes each task's end to its completion.
    ///
    /// Thread safety: its one mutable table is behind a `Mutex`.
    private final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let pending = Mutex<[Int: @Sendable (Outcome) -> Void]>([:])

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {}

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            guard let completion = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
            if let error {
                completion(.failed(error.localizedDescription))
            } else if let response = task.response as? HTTPURLResponse {
                completion(.status(response.statusCode))
            } else {
                completion(.failed("no HTTP response"))
            }
        }
    }
}

import Dispatch
import Foundation
import HTTPServer
import Synchronization

/// A webhook receiver for one test: our own ``HTTPServer`` on 127.0.0.1, port 0, recording every
/// request and answering the statuses it was given, in order (then 200).
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        /// Header fields by lowercased name.
        let headers: [String: String]
        let body: [UInt8]
        let method: String
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
        var slug: String? { (json?["data"] as? [String: Any])?["slug"] as? String }
    }

    private let http: HTTPServer
    let port: Int
    private final class State: Sendable {
        let value: Mutex<(deliveries: [Delivery], statuses: [Int])>
        init(statuses: [Int]) { value = Mutex(([], statuses)) }
    }
    private let state: State
    private let arrived = DispatchSemaphore(value: 0)

    var url: String { "http://127.0.0.1:\(port)/hook" }

    init(statuses: [Int] = [], extraHeaders: [HTTPHeader] = []) throws {
        let state = State(statuses: statuses)
        let arrived = arrived
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.accessLogLevel = nil
        http = HTTPServer(configuration: configuration, logger: quietLogger) { request in
            var headers: [String: String] = [:]
            for field in request.headerFields { headers[field.name.lowercased()] = field.value }
            let delivery = Delivery(headers: headers, body: request.body, method: "\(request.method)")
            let status = state.value.withLock { state in
                state.deliveries.append(delivery)
                return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
            }
            arrived.signal()
            return Response(
                status: HTTPStatus(code: status, reasonPhrase: "Status"),
                headers: status / 100 == 3 ? extraHeaders : [], body: Array("ok".utf8))
        }
        self.state = state
        port = try http.start()
    }

    deinit { http.shutdown(gracePeriod: .milliseconds(100)) }

    /// Waits until `count` requests in all have arrived (generous: 60 s), and returns them all.
    func waitForDeliveries(_ count: Int) -> [Delivery] {
        while deliveries.count < count {
            guard arrived.wait(timeout: .now() + 60) == .success else { break }
        }
        return deliveries
    }

    var deliveries: [Delivery] { state.value.withLock { $0.deliveries } }
}

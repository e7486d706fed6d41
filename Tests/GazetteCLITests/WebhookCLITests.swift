import Dispatch
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Webhooks through the real `gazette` binary: messages pending when the server is killed
/// with SIGKILL are delivered after a restart; `gazette webhooks` and `gazette webhooks retry`.
@Suite(.serialized)
struct WebhookCLITests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let writeToken = "cli-test-token"

    /// A receiver on 127.0.0.1 that records each request's `webhook-id` and slug and answers
    /// `status` (changeable while it runs).
    final class Receiver: Sendable {
        private final class State: Sendable {
            let value = Mutex<(status: Int, received: [(id: String, slug: String, status: Int)])>((500, []))
        }
        private let state = State()
        private let arrived = DispatchSemaphore(value: 0)
        private let http: HTTPServer
        let port: Int

        init(status: Int) throws {
            let state = state
            let arrived = arrived
            state.value.withLock { $0.status = status }
            var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1)
            configuration.accessLogLevel = nil
            http = HTTPServer(configuration: configuration) { request in
                let json = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
                let slug = (json?["data"] as? [String: Any])?["slug"] as? String ?? "?"
                let status = state.value.withLock { state in
                    state.received.append((request.header("webhook-id") ?? "", slug, state.status))
                    return state.status
                }
                arrived.signal()
                return Response(status: HTTPStatus(code: status, reasonPhrase: "Status"), body: Array("ok".utf8))
            }
            port = try http.start()
        }

        deinit { http.shutdown(gracePeriod: .milliseconds(100)) }

        var url: String { "http://127.0.0.1:\(port)/hook" }
        var received: [(id: String, slug: String, status: Int)] { state.value.withLock { $0.received } }
        func answer(_ status: Int) { state.value.withLock { $0.status = status } }

        /// Waits (generously: 60 s per request) until `condition` holds of what arrived.
        func wait(until condition: ([(id: String, slug: String, status: Int)]) -> Bool) -> Bool {
            while !condition(received) {
                guard arrived.wait(timeout: .now() + 60) == .success else { return condition(received) }
            }
            return true
        }
    }

    /// A folder with posts and a config file naming the receiver.
    static func prepare(
        posts: Int, receiver: Receiver, retryDelays: String, pollIntervalMilliseconds: Int = 50
    ) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for index in 1...posts {
            try folder.write(
                "---\ntitle: Post \(index)\ndate: 2024-01-\(index < 10 ? "0" : "")\(index)\nslug: post-\(index)\n---\nBody \(index)\n",
                to: "posts/post-\(index).md")
        }
        try folder.write(
            """
            webhooks:
              - url: \(receiver.url)
                secret: \(secret)
            allow_private_webhook_targets: true
            webhook_retry_delays: \(retryDelays)
            webhook_poll_interval_ms: \(pollIntervalMilliseconds)
            write_token: \(writeToken)

            """, to: "gazette.yaml")
        return folder
    }

    /// Starts `gazette serve` in `folder` and waits for the line naming its port.
    static func serve(in folder: TemporaryFolder) throws -> Process {
        try serveWithPort(in: folder).process
    }

    /// Starts `gazette serve` in `folder`; the process and the port its first line names.
    static func serveWithPort(in folder: TemporaryFolder) throws -> (process: Process, port: Int) {
        let (process, port, _) = try GazetteProcess.serve(
            ["--db", "g.sqlite", "--port", "0", "--config", "gazette.yaml"], in: folder.url)
        return (process, port ?? 0)
    }

    static func gazette(_ arguments: [String], in folder: TemporaryFolder) throws -> GazetteProcess.Result {
        try GazetteProcess.run(arguments + ["--db", "g.sqlite", "--config", "gazette.yaml"], in: folder.url)
    }

    @Test func httpWrite_wakesTheWorker_insteadOfWaitingForItsPoll() throws {
        let receiver = try Receiver(status: 200)
        // The worker polls every 10 minutes: only the write's wake-up can deliver within the wait.
        let folder = try Self.prepare(
            posts: 1, receiver: receiver, retryDelays: "[100ms]", pollIntervalMilliseconds: 600_000)
        let (server, port) = try Self.serveWithPort(in: folder)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        try #require(port > 0)
        let post = "---\ntitle: Woken\nslug: woken\n---\nBody\n"
        let client = try HTTPTestClient(port: port)
        try client.send(
            "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(Self.writeToken)\r\n"
                + "Content-Type: text/markdown\r\nContent-Length: \(post.utf8.count)\r\n\r\n\(post)")
        let reply = try client.readResponse()
        #expect(reply.status == 201)
        #expect(receiver.wait { $0.contains { $0.slug == "woken" } })
    }

    @Test func sigkillWithMessagesPending_thenRestart_deliversEveryMessage() throws {
        let receiver = try Receiver(status: 500)
        let folder = try Self.prepare(
            posts: 5, receiver: receiver,
            retryDelays:
                "[100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms, 100ms]"
        )
        // Another process queues the messages: the ingest, with the same config.
        let ingest = try Self.gazette(["ingest", "posts"], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let first = try Self.serve(in: folder)
        // The server is trying (and failing) to deliver: kill it without warning.
        #expect(receiver.wait { $0.count >= 2 })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(receiver.received.allSatisfy { $0.status == 500 })

        receiver.answer(200)
        let second = try Self.serve(in: folder)
        defer {
            second.terminate()
            second.waitUntilExit()
        }
        #expect(receiver.wait { received in received.filter { $0.status == 200 }.count >= 5 })
        let delivered = receiver.received.filter { $0.status == 200 }
        #expect(delivered.count == 5)
        #expect(Set(delivered.map(\.slug)) == Set((1...5).map { "post-\($0)" }))
        #expect(Set(delivered.map(\.id)).count == 5)
        // Every webhook-id the first server tried is among those delivered: the same messages.
        #expect(Set(receiver.received.map(\.id)) == Set(delivered.map(\.id)))

        second.terminate()
        second.waitUntilExit()
        let list = try Self.gazette(["webhooks"], in: folder)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\(receiver.url)  delivered 5, pending 0, failed 0"), "\(list.stdout)")
        #expect(!list.stdout.contains("MfKQ9r8G"))
    }

    @Test func failedMessages_areListed_andRetryQueuesThemAgain() throws {
        let receiver = try Receiver(status: 500)
        let folder = try Self.prepare(posts: 3, receiver: receiver, retryDelays: "[]")
        #expect(try Self.gazette(["ingest", "posts"], in: folder).status == 0)
        let server = try Self.serve(in: folder)
        #expect(receiver.wait { $0.count >= 3 })
        server.terminate()
        server.waitUntilExit()

        let failed = try Self.gazette(["webhooks"], in: folder)
        #expect(failed.stdout.contains("delivered 0, pending 0, failed 3"), "\(failed.stdout)")
        #expect(failed.stdout.contains("last error: HTTP 500"), "\(failed.stdout)")

        let retry = try Self.gazette(["webhooks", "retry"], in: folder)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("queued 3"), "\(retry.stdout)")
        let pending = try Self.gazette(["webhooks"], in: folder)
        #expect(pending.stdout.contains("delivered 0, pending 3, failed 0"), "\(pending.stdout)")

        receiver.answer(200)
        let again = try Self.serve(in: folder)
        defer {
            again.terminate()
            again.waitUntilExit()
        }
        #expect(receiver.wait { received in received.filter { $0.status == 200 }.count >= 3 })
    }
}

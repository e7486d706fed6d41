import Dispatch
import Foundation
import Synchronization
import Testing

/// Writes racing many readers: no reader ever sees an error or a torn response.
///
/// The time limits only stop a hung run; they are generous for a busy two-core machine.
@Suite(.timeLimit(.minutes(10)))
struct ConcurrencyTests {
    static let readerCount = 50
    static let requestsPerReader = 40
    static let writeCount = 100

    @Test func writesRacingFiftyReaders_neverFailARead() throws {
        try withAPIServer { server in
            let port = server.port
            let failures = Mutex<[String]>([])
            let reads = Atomic<Int>(0)
            let writes = Atomic<Int>(0)
            let group = DispatchGroup()
            let targets = [
                "/v1/articles", "/v1/articles?limit=3", "/v1/articles?sort=published_at&limit=5",
                "/v1/articles?category=%E9%87%91%E8%9E%8D", "/v1/articles/jiangsu", "/v1/articles/12345/body",
                "/v1/categories", "/v1/tags", "/v1/articles?tag=AI&fields=id,title",
            ]

            for reader in 0..<Self.readerCount {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    do {
                        let client = try APITestClient(port: port, timeout: 20)
                        for index in 0..<Self.requestsPerReader {
                            let target = targets[(reader + index) % targets.count]
                            let headers = index % 4 == 0 ? [("Accept-Encoding", "gzip")] : []
                            let response = try client.get(target, headers: headers)
                            if response.status != 200 {
                                failures.withLock {
                                    $0.append("\(target): \(response.status) \(response.text.prefix(200))")
                                }
                                continue
                            }
                            if target.hasSuffix("/body") {
                                if response.body.isEmpty { failures.withLock { $0.append("\(target): empty body") } }
                            } else if (try? response.json()) == nil {
                                failures.withLock { $0.append("\(target): invalid JSON \(response.text.prefix(200))") }
                            }
                            reads.add(1, ordering: .relaxed)
                        }
                    } catch {
                        failures.withLock { $0.append("reader \(reader): \(error)") }
                    }
                }
                thread.start()
            }

            group.enter()
            let writer = Thread {
                defer { group.leave() }
                do {
                    let client = try APITestClient(port: port, timeout: 20)
                    var created: [Int] = []
                    for index in 0..<Self.writeCount {
                        if index % 3 == 2, let id = created.popLast() {
                            let response = try client.request("DELETE", "/v1/articles/\(id)", headers: authorized)
                            if response.status != 204 { failures.withLock { $0.append("DELETE: \(response.status)") } }
                        } else {
                            let body =
                                #"{"title":"并发写入 \#(index)","body_markdown":"正文 \#(index)","categories":["金融"],"published_at":"2021-07-2\#(index % 10)T00:00:00Z"}"#
                            let response = try client.request(
                                "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")],
                                body: Array(body.utf8))
                            if response.status != 201 { failures.withLock { $0.append("POST: \(response.status)") } }
                            if let id = try response.json()["id"] as? Int { created.append(id) }
                        }
                        writes.add(1, ordering: .relaxed)
                    }
                } catch {
                    failures.withLock { $0.append("writer: \(error)") }
                }
            }
            writer.start()

            let finished = group.wait(timeout: .now() + 240)
            try #require(finished == .success, "readers or writer did not finish in time")
            let problems = failures.withLock { $0 }
            #expect(problems.isEmpty, "\(problems.count) failures, first: \(problems.prefix(5))")
            #expect(reads.load(ordering: .relaxed) == Self.readerCount * Self.requestsPerReader)
            #expect(writes.load(ordering: .relaxed) == Self.writeCount)

            // The writes all landed: 67 posts, 33 of them deleted again.
            let client = try server.client()
            #expect(try client.get("/v1/articles").meta()["total"] as? Int == 10 + 67 - 33)
            #expect(try client.get("/readyz").json()["articles"] as? Int == 44)
        }
    }
}

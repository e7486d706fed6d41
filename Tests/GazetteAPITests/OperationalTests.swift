import Foundation
import GazetteIngest
import Testing

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, and the routes not built yet.
@Suite(.timeLimit(.minutes(10)))
struct OperationalTests {
    @Test func healthz_isOK() throws {
        try withAPIServer(posts: []) { server in
            let response = try server.client().get("/healthz")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            #expect(try response.json()["status"] as? String == "ok")
        }
    }

    @Test func readyz_reportsTheArticleCount() throws {
        try withAPIServer { server in
            let client = try server.client()
            let response = try client.get("/readyz")
            #expect(response.status == 200)
            #expect(try response.json()["articles"] as? Int == 10)
            #expect(try client.request("DELETE", "/v1/articles/ai", headers: authorized).status == 204)
            #expect(try client.get("/readyz").json()["articles"] as? Int == 9)
        }
    }

    @Test func readyzAndMetrics_reportTheFolderWatcher_onlyWhenThereIsOne() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            #expect(try client.get("/readyz").json()["watch"] == nil)
            #expect(try client.get("/metrics").text.contains("gazette_watch_") == false)
            var status = WatchStatus()
            status.folders = 2
            status.pending = 3
            status.applied = 40
            status.failures = 5
            status.rescans = 6
            status.watchLimitFallbacks = 7
            let reported = status
            server.app.observeWatcher { reported }
            let watch = try #require(try client.get("/readyz").json()["watch"] as? [String: Any])
            #expect(
                watch["folders"] as? Int == 2 && watch["reconciled"] as? Bool == false && watch["pending"] as? Int == 3)
            let lines = try client.get("/metrics").text.split(separator: "\n").map(String.init)
            for line in [
                "gazette_watch_changes_applied_total 40", "gazette_watch_failures_total 5",
                "gazette_watch_rescans_total 6",
                "gazette_watch_limit_fallbacks_total 7", "gazette_watch_pending 3", "gazette_watch_reconciled 0",
                "# TYPE gazette_watch_pending gauge", "# TYPE gazette_watch_failures_total counter",
            ] {
                #expect(lines.contains(line), "\(line)")
            }
        }
    }

    @Test func metrics_isPrometheusText_withRequestsHistogramConnectionsAndArticles() throws {
        try withAPIServer { server in
            let client = try server.client()
            #expect(try client.get("/v1/articles").status == 200)
            #expect(try client.get("/v1/articles/nope").status == 404)
            let response = try client.get("/metrics")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = response.text.split(separator: "\n").map(String.init)
            #expect(lines.contains("# TYPE gazette_http_requests_total counter"))
            #expect(lines.contains(#"gazette_http_requests_total{route="/v1/articles",status="200"} 1"#))
            #expect(lines.contains(#"gazette_http_requests_total{route="/v1/articles/{id}",status="404"} 1"#))
            #expect(lines.contains("# TYPE gazette_http_request_duration_seconds histogram"))
            #expect(lines.contains(#"gazette_http_request_duration_seconds_bucket{route="/v1/articles",le="+Inf"} 1"#))
            #expect(
                lines.contains(#"gazette_http_request_duration_seconds_count{route="/v1/articles",le="+Inf"} 1"#)
                    == false)
            #expect(lines.contains(#"gazette_http_request_duration_seconds_count{route="/v1/articles"} 1"#))
            #expect(
                lines.contains { $0.hasPrefix(#"gazette_http_request_duration_seconds_sum{route="/v1/articles"} "#) })
            #expect(lines.contains("# TYPE gazette_http_connections_open gauge"))
            let open = lines.first { $0.hasPrefix("gazette_http_connections_open ") }
            #expect((open?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 1)
            // The server's own limit (max_connections or less) and no refused accept yet.
            let limit = lines.first { $0.hasPrefix("gazette_http_connections_limit ") }
            #expect((limit?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 1)
            #expect(lines.contains("gazette_http_accepts_refused_total 0"))
            #expect(lines.contains("gazette_articles 10"))
            // Every sample line is `name{labels} value` with a number.
            for line in lines where !line.hasPrefix("#") {
                #expect(line.split(separator: " ").last.flatMap { Double($0) } != nil, "\(line)")
            }
        }
    }

    @Test func openAPI_isTheJSONDocument() throws {
        try withAPIServer(posts: []) { server in
            let response = try server.client().get("/openapi.json")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let document = try response.json()
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            #expect((document["paths"] as? [String: Any])?["/v1/articles"] != nil)
            #expect(response.header("ETag") != nil)
        }
    }
}

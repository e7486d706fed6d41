import Foundation
import Testing

/// Headers every response carries, and `HEAD` on every `GET` route.
@Suite(.timeLimit(.minutes(10)))
struct HeaderTests {
    static let getRoutes = [
        "/v1/articles", "/v1/articles/jiangsu", "/v1/articles/jiangsu/body", "/v1/articles/jiangsu/body?format=raw",
        "/v1/categories", "/v1/tags", "/v1/authors", "/v1/changes", "/healthz", "/readyz", "/metrics", "/openapi.json",
    ]

    @Test func saneRequestID_isEchoed() throws {
        try withAPIServer { server in
            let client = try server.client()
            for id in ["abc-123.XYZ_9", "a", String(repeating: "f", count: 64)] {
                #expect(try client.get("/v1/articles", headers: [("X-Request-Id", id)]).header("X-Request-Id") == id)
                #expect(
                    try client.get("/v1/articles/nope", headers: [("X-Request-Id", id)]).header("X-Request-Id") == id)
            }
        }
    }

    @Test func insaneRequestID_isReplaced() throws {
        try withAPIServer { server in
            let client = try server.client()
            for id in ["has space", "semi;colon", "<script>", String(repeating: "f", count: 65), "ünïcode"] {
                let response = try client.get("/v1/articles", headers: [("X-Request-Id", id)])
                #expect(response.status == 200)
                let echoed = try #require(response.header("X-Request-Id"))
                #expect(echoed != id)
                #expect(!echoed.isEmpty && echoed.count <= 64)
                #expect(echoed.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber || "._-".contains($0) })
            }
            let a = try client.get("/healthz").header("X-Request-Id")
            let b = try client.get("/healthz").header("X-Request-Id")
            #expect(a != nil && a != b)
        }
    }

    @Test func everyResponse_hasNosniffDateAndAContentTypeWithCharset() throws {
        try withAPIServer { server in
            let client = try server.client()
            var responses = try Self.getRoutes.map { try client.get($0) }
            let etag = try #require(responses[0].header("ETag"))
            responses.append(try client.get("/v1/articles", headers: [("If-None-Match", etag)]))
            responses.append(try client.request("OPTIONS", "/v1/articles"))
            responses.append(try client.request("DELETE", "/v1/articles/world", headers: authorized))
            for response in responses {
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(response.status)")
                #expect(response.header("Date") != nil)
                #expect(response.header("X-Request-Id") != nil)
                if response.status == 200 {
                    #expect(response.header("Content-Type")?.contains("charset=utf-8") == true)
                    #expect(response.header("Content-Length") == "\(response.body.count)")
                    #expect(response.header("ETag") != nil)
                }
            }
            #expect(responses.map(\.status).suffix(3) == [304, 204, 204])
        }
    }

    @Test func cacheControl_isTheConfiguredOne() throws {
        try withAPIServer { server in
            let client = try server.client()
            #expect(try client.get("/v1/articles").header("Cache-Control") == "public, max-age=60")
            #expect(try client.get("/healthz").header("Cache-Control") == "no-store")
        }
    }

    @Test func head_onEveryGetRoute_givesTheHeadersWithoutABody() throws {
        try withAPIServer { server in
            let client = try server.client()
            for route in Self.getRoutes where route != "/metrics" {
                let get = try client.get(route)
                let head = try client.request("HEAD", route)
                #expect(head.status == 200, "\(route)")
                #expect(head.header("Content-Length") == "\(get.body.count)", "\(route)")
                #expect(head.header("Content-Type") == get.header("Content-Type"))
                #expect(head.header("ETag") == get.header("ETag"), "\(route)")
                // Were a body sent, the next response on this connection would not parse.
                #expect(try client.get("/healthz").status == 200)
            }
            let missing = try client.request("HEAD", "/v1/articles/nope")
            #expect(missing.status == 404)
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func http10_isAnswered() throws {
        try withAPIServer { server in
            let client = try server.client()
            try client.sendRaw(Array("GET /v1/articles?limit=2 HTTP/1.0\r\n\r\n".utf8))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(try response.data().count == 2)
        }
    }
}

import Foundation
import GazetteAPI
import Testing

/// The 4xx answers of the API layer, each an RFC 9457 problem with CORS and `nosniff`.
@Suite(.timeLimit(.minutes(10)))
struct ProblemTests {
    static let post = TestPost.catalog[0].text

    @Test func unknownPath_is404() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            for path in ["/v2/articles", "/v1", "/v1/article", "/v1/articles/a/b/c", "/healthz/x"] {
                expectProblem(try client.get(path), status: 404)
            }
        }
    }

    @Test func readPastTheQueryTimeLimit_is503_andLaterReadsSeeNewData() throws {
        // A zero limit stops any statement that runs 1,000 SQLite steps: listing 3,000 articles
        // (and counting them for `total`) runs far more; reading one article runs far fewer.
        let api = APIConfiguration(writeToken: APITestServer.token, queryTimeLimit: .zero)
        try withAPIServer(posts: [], api: api, seed: CursorWalkTests.seed) { server in
            let client = try server.client()
            let list = try client.get("/v1/articles?limit=100")
            expectProblem(list, status: 503)
            #expect(list.text.contains("limit of 0 ms"), "\(list.text)")
            // The stopped read left no transaction open: an article written afterwards is seen.
            let created = try client.request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "text/markdown")],
                body: Array(Self.post.utf8))
            #expect(created.status == 201, "\(created.text)")
            let id = try created.json()["id"] as? Int ?? 0
            let read = try client.get("/v1/articles/\(id)")
            #expect(read.status == 200, "\(read.text)")
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func wrongMethod_is405WithAllow() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let patch = try client.request("PATCH", "/v1/articles", body: Array("{}".utf8))
            expectProblem(patch, status: 405)
            #expect(patch.header("Allow") == "GET, HEAD, POST, OPTIONS")
            let put = try client.request("PUT", "/v1/categories", headers: authorized, body: Array("{}".utf8))
            expectProblem(put, status: 405)
            #expect(put.header("Allow") == "GET, HEAD, OPTIONS")
            let postOne = try client.request(
                "POST", "/v1/articles/jiangsu", headers: authorized, body: Array("{}".utf8))
            expectProblem(postOne, status: 405)
            #expect(postOne.header("Allow") == "GET, HEAD, PUT, DELETE, OPTIONS")
            let deleteBody = try client.request("DELETE", "/v1/articles/jiangsu/body", headers: authorized)
            expectProblem(deleteBody, status: 405)
            #expect(deleteBody.header("Allow")?.contains("DELETE") == false)
        }
    }

    @Test func writeWithoutToken_is401WithChallenge() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let markdown = [("Content-Type", "text/markdown")]
            let requests: [(String, String, [(String, String)])] = [
                ("POST", "/v1/articles", markdown), ("PUT", "/v1/articles/x", markdown),
                ("DELETE", "/v1/articles/x", []),
            ]
            for (method, path, headers) in requests {
                for auth in [
                    [], [("Authorization", "Bearer wrong-token")], [("Authorization", "Bearer ")],
                    [("Authorization", "Basic \(APITestServer.token)")],
                    [("Authorization", "Bearer \(APITestServer.token)x")],
                ] {
                    let response = try client.request(
                        method, path, headers: headers + auth, body: Array(Self.post.utf8))
                    expectProblem(response, status: 401)
                    #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                }
            }
            // The scheme is case-insensitive (RFC 9110 §11.1).
            let lower = try client.request(
                "POST", "/v1/articles", headers: markdown + [("Authorization", "bearer \(APITestServer.token)")],
                body: Array(Self.post.utf8))
            #expect(lower.status == 201)
        }
    }

    @Test func writeWithNoTokenConfigured_is403() throws {
        try withAPIServer(posts: [], api: APIConfiguration(writeToken: nil)) { server in
            let client = try server.client()
            for auth in [[], authorized, [("Authorization", "Bearer ")]] {
                let response = try client.request(
                    "POST", "/v1/articles", headers: [("Content-Type", "text/markdown")] + auth,
                    body: Array(Self.post.utf8))
                expectProblem(response, status: 403)
                expectProblem(try client.request("DELETE", "/v1/articles/1", headers: auth), status: 403)
            }
        }
        try withAPIServer(posts: [], api: APIConfiguration(writeToken: "")) { server in
            expectProblem(
                try server.client().request("DELETE", "/v1/articles/1", headers: [("Authorization", "Bearer ")]),
                status: 403)
        }
    }

    @Test func bodyOverTheLimit_is413_beforeAuthentication() throws {
        try withAPIServer(posts: [], server: { $0.maxBodyBytes = 1_024 }) { server in
            let big = Array(String(repeating: "x", count: 4_096).utf8)
            for auth in [[], [("Authorization", "Bearer wrong")], authorized] {
                let client = try server.client()
                let response = try client.request(
                    "POST", "/v1/articles", headers: [("Content-Type", "text/markdown")] + auth, body: big)
                expectProblem(response, status: 413)
                #expect(response.header("Access-Control-Allow-Origin") == "*")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
            }
            // At the limit it is read, and then authentication decides.
            let client = try server.client()
            let atLimit = Array(String(repeating: "x", count: 1_024).utf8)
            expectProblem(
                try client.request("POST", "/v1/articles", headers: [("Content-Type", "text/markdown")], body: atLimit),
                status: 401)
        }
    }

    @Test func wrongContentType_is415() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", nil] {
                let headers = authorized + (type.map { [("Content-Type", $0)] } ?? [])
                expectProblem(
                    try client.request("POST", "/v1/articles", headers: headers, body: Array(Self.post.utf8)),
                    status: 415)
                expectProblem(
                    try client.request("PUT", "/v1/articles/x", headers: headers, body: Array(Self.post.utf8)),
                    status: 415)
            }
            // Parameters and case do not matter.
            let withCharset = try client.request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "Text/Markdown; charset=utf-8")],
                body: Array(Self.post.utf8))
            #expect(withCharset.status == 201)
        }
    }

    @Test(arguments: [
        ("missing title", "---\nauthor: x\n---\nbody\n"),
        ("empty title", "---\ntitle: ''\n---\nbody\n"),
        ("broken YAML", "---\ntitle: [unclosed\n  - : :\n---\nbody\n"),
        ("no front matter", "just text, no front matter\n"),
        ("unterminated front matter", "---\ntitle: x\nbody without the closing fence\n"),
        ("bad date", "---\ntitle: x\ndate: someday\n---\nbody\n"),
    ])
    func unparseableMarkdown_is422SayingWhy(name: String, post: String) throws {
        try withAPIServer(posts: []) { server in
            let response = try server.client().request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "text/markdown")],
                body: Array(post.utf8))
            expectProblem(response, status: 422)
            #expect((try? response.json()["detail"] as? String)?.isEmpty == false, "\(name)")
        }
    }

    @Test(arguments: [
        ("not JSON", "{title: x"),
        ("not an object", #"["title"]"#),
        ("missing title", #"{"body_markdown":"x"}"#),
        ("blank title", #"{"title":"  "}"#),
        ("title not a string", #"{"title":5}"#),
        ("tags not strings", #"{"title":"t","tags":[1]}"#),
        ("bad date", #"{"title":"t","published_at":"soon"}"#),
        ("both bodies", #"{"title":"t","body_html":"<p>a</p>","body_markdown":"a"}"#),
        ("empty body", ""),
    ])
    func unparseableJSON_is422(name: String, json: String) throws {
        try withAPIServer(posts: []) { server in
            let response = try server.client().request(
                "POST", "/v1/articles", headers: authorized + [("Content-Type", "application/json")],
                body: Array(json.utf8))
            expectProblem(response, status: 422)
        }
    }

    @Test func badPercentEncoding_is400NamingTheParameter() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            expectProblem(try client.get("/v1/articles?tag=%FF"), status: 400, parameter: "tag")
            expectProblem(try client.get("/v1/articles?author=%E9%87"), status: 400, parameter: "author")
        }
    }

    @Test func everyProblem_carriesCORSAndNosniffAndACharset() throws {
        try withAPIServer(posts: []) { server in
            let client = try server.client()
            let responses = [
                try client.get("/nope"), try client.get("/v1/articles?limit=0"),
                try client.request("PATCH", "/v1/articles", body: [1]),
                try client.request("DELETE", "/v1/articles/x"),
            ]
            for response in responses {
                #expect(response.header("Access-Control-Allow-Origin") == "*")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                #expect(response.header("Content-Type") == "application/problem+json; charset=utf-8")
                #expect(response.header("X-Request-Id")?.isEmpty == false)
                #expect(response.header("Date") != nil)
            }
        }
    }
}

/// Problems the HTTP server itself produces (limits, framing) are outside the API layer; the
/// contract still asks every response for a `Content-Type` with a charset.
@Suite(.timeLimit(.minutes(10)))
struct ServerProblemTests {
    @Test func serverProblem_hasAContentTypeWithCharset() throws {
        try withAPIServer(posts: [], server: { $0.maxBodyBytes = 16 }) { server in
            let response = try server.client().request(
                "POST", "/v1/articles", headers: [("Content-Type", "text/markdown")],
                body: Array(String(repeating: "x", count: 64).utf8))
            expectProblem(response, status: 413)
            #expect(response.header("Content-Type") == "application/problem+json; charset=utf-8")
        }
    }
}

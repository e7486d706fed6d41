import Foundation
import GazetteAPI
import Testing

/// CORS: any origin by default, the configured ones otherwise; preflights answered.
@Suite(.timeLimit(.minutes(10)))
struct CORSTests {
    @Test func anyOrigin_byDefault_onSuccessAndOnErrors() throws {
        try withAPIServer { server in
            let client = try server.client()
            let origin = [("Origin", "https://reader.example")]
            for response in [
                try client.get("/v1/articles", headers: origin), try client.get("/v1/articles/nope", headers: origin),
                try client.get("/v1/articles?limit=0", headers: origin), try client.get("/healthz"),
                try client.request("DELETE", "/v1/articles/jiangsu", headers: origin),
            ] {
                #expect(response.header("Access-Control-Allow-Origin") == "*", "\(response.status)")
                #expect(response.header("Access-Control-Expose-Headers")?.contains("ETag") == true)
            }
        }
    }

    @Test func preflight_is204WithMethodsAndHeaders() throws {
        try withAPIServer { server in
            let client = try server.client()
            let response = try client.request(
                "OPTIONS", "/v1/articles",
                headers: [
                    ("Origin", "https://reader.example"), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "authorization, content-type"),
                ])
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
            #expect(response.header("Access-Control-Allow-Origin") == "*")
            let methods = response.header("Access-Control-Allow-Methods") ?? ""
            for method in ["GET", "POST", "HEAD"] { #expect(methods.contains(method), "\(methods)") }
            let headers = (response.header("Access-Control-Allow-Headers") ?? "").lowercased()
            for header in ["authorization", "content-type", "if-none-match"] {
                #expect(headers.contains(header), "\(headers)")
            }
            #expect(response.header("Access-Control-Max-Age") != nil)
            let one = try client.request(
                "OPTIONS", "/v1/articles/jiangsu", headers: [("Origin", "https://reader.example")])
            #expect(one.status == 204)
            #expect(one.header("Access-Control-Allow-Methods")?.contains("DELETE") == true)
            let read = try client.request("OPTIONS", "/v1/tags", headers: [("Origin", "https://reader.example")])
            #expect(read.status == 204)
            #expect(read.header("Access-Control-Allow-Methods")?.contains("POST") == false)
            // The connection is still in step after the bodiless 204s.
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func configuredOrigins_areEchoedOnlyWhenTheyMatch() throws {
        let api = APIConfiguration(writeToken: APITestServer.token, corsOrigins: ["https://a.example"])
        try withAPIServer(api: api) { server in
            let client = try server.client()
            let allowed = try client.get("/v1/articles", headers: [("Origin", "https://a.example")])
            #expect(allowed.header("Access-Control-Allow-Origin") == "https://a.example")
            #expect(allowed.headers(named: "Vary").joined(separator: ",").contains("Origin"))
            let error = try client.get("/v1/articles/nope", headers: [("Origin", "https://a.example")])
            #expect(error.status == 404)
            #expect(error.header("Access-Control-Allow-Origin") == "https://a.example")
            let other = try client.get("/v1/articles", headers: [("Origin", "https://b.example")])
            #expect(other.status == 200)
            #expect(other.header("Access-Control-Allow-Origin") == nil)
            let lookalike = try client.get("/v1/articles", headers: [("Origin", "https://a.example.evil")])
            #expect(lookalike.header("Access-Control-Allow-Origin") == nil)
            #expect(try client.get("/v1/articles").header("Access-Control-Allow-Origin") == nil)
            let preflight = try client.request(
                "OPTIONS", "/v1/articles",
                headers: [("Origin", "https://a.example"), ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "https://a.example")
            let refused = try client.request(
                "OPTIONS", "/v1/articles",
                headers: [("Origin", "https://b.example"), ("Access-Control-Request-Method", "POST")])
            #expect(refused.header("Access-Control-Allow-Origin") == nil)
        }
    }
}

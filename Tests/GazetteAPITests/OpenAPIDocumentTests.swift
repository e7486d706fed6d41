import Foundation
import GazetteCore
import Testing

@testable import GazetteAPI

/// `OpenAPIDocument.json` is JSON, OpenAPI 3.1, self-contained, and describes every endpoint of
/// API.md the way the server answers it. `Scripts/validate-openapi.sh` checks the same text with
/// openapi-spec-validator; these tests pin what a schema validator cannot know.
struct OpenAPIDocumentTests {
    /// A path and the methods it documents (HEAD and OPTIONS are described once, in `info`).
    struct Endpoint: Sendable, CustomTestStringConvertible {
        let path: String
        let methods: Set<String>
        var testDescription: String { "\(methods.sorted().joined(separator: ",")) \(path)" }
    }

    /// A path and the media type of its successful answer, for those that are not plain JSON.
    struct MediaType: Sendable, CustomTestStringConvertible {
        let path: String
        let contentType: String
        var testDescription: String { "\(path) → \(contentType)" }
    }

    static let endpoints: [Endpoint] = [
        Endpoint(path: "/v1/articles", methods: ["get", "post"]),
        Endpoint(path: "/v1/articles/{idOrSlug}", methods: ["get", "put", "delete"]),
        Endpoint(path: "/v1/articles/{idOrSlug}/body", methods: ["get"]),
        Endpoint(path: "/v1/categories", methods: ["get"]),
        Endpoint(path: "/v1/tags", methods: ["get"]),
        Endpoint(path: "/v1/authors", methods: ["get"]),
        Endpoint(path: "/v1/changes", methods: ["get"]),
        Endpoint(path: "/v1/stream", methods: ["get"]),
        Endpoint(path: "/v1/feed.atom", methods: ["get"]),
        Endpoint(path: "/v1/feed.rss", methods: ["get"]),
        Endpoint(path: "/v1/feed.json", methods: ["get"]),
        Endpoint(path: "/healthz", methods: ["get"]),
        Endpoint(path: "/readyz", methods: ["get"]),
        Endpoint(path: "/metrics", methods: ["get"]),
        Endpoint(path: "/openapi.json", methods: ["get"]),
        Endpoint(path: "/", methods: ["get"]),
        Endpoint(path: "/articles/{idOrSlug}", methods: ["get"]),
    ]

    static let nonJSONMediaTypes: [MediaType] = [
        MediaType(path: "/v1/articles/{idOrSlug}/body", contentType: "text/html; charset=utf-8"),
        MediaType(path: "/v1/articles/{idOrSlug}/body", contentType: "text/plain; charset=utf-8"),
        MediaType(path: "/v1/feed.atom", contentType: "application/atom+xml; charset=utf-8"),
        MediaType(path: "/v1/feed.rss", contentType: "application/rss+xml; charset=utf-8"),
        MediaType(path: "/v1/feed.json", contentType: "application/feed+json; charset=utf-8"),
        MediaType(path: "/v1/stream", contentType: "text/event-stream"),
        MediaType(path: "/metrics", contentType: "text/plain; version=0.0.4; charset=utf-8"),
        MediaType(path: "/", contentType: "text/html; charset=utf-8"),
        MediaType(path: "/articles/{idOrSlug}", contentType: "text/html; charset=utf-8"),
    ]

    /// The operation keys of a Path Item Object (OpenAPI 3.1 §4.8.9).
    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static let feeds = ["/v1/feed.atom", "/v1/feed.rss", "/v1/feed.json"]

    // MARK: Shape

    @Test func json_parsesAsAJSONObject() throws {
        _ = try Self.document()
    }

    @Test func openapiField_declaresVersion3_1() throws {
        let version = try #require(try Self.document()["openapi"] as? String)
        #expect(version.hasPrefix("3.1."))
    }

    @Test func infoAndServers_nameGazetteAtTheRoot() throws {
        let document = try Self.document()
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] as? String == "Gazette")
        #expect(info["version"] as? String == "1.0.0")
        #expect((info["description"] as? String)?.isEmpty == false)
        let servers = try #require(document["servers"] as? [[String: Any]])
        #expect(servers.map { $0["url"] as? String } == ["/"])
    }

    @Test(arguments: endpoints)
    func endpoint_isListedWithExactlyItsMethods(_ endpoint: Endpoint) throws {
        let pathItem = try #require(try Self.paths()[endpoint.path] as? [String: Any])
        #expect(Set(pathItem.keys).intersection(Self.httpMethods) == endpoint.methods)
    }

    @Test func paths_areExactlyTheEndpoints() throws {
        #expect(Set(try Self.paths().keys) == Set(Self.endpoints.map(\.path)))
    }

    // MARK: The document and the router agree

    /// Every operation the router answers, as the document writes operations: HEAD (with every
    /// GET) and OPTIONS (CORS preflight) are described once, in `info.description`, not per path.
    /// Keyed by `METHOD shape` (see ``templateShape(_:)``), the value naming the router's template.
    static func routerOperations() -> [String: String] {
        var operations: [String: String] = [:]
        for route in Route.allCases {
            for method in route.allowedMethods.map({ "\($0)".uppercased() })
            where method != "HEAD" && method != "OPTIONS" {
                operations["\(method) \(templateShape(route.rawValue))"] = "\(method) \(route.rawValue)"
            }
        }
        return operations
    }

    /// Every operation of the document, keyed as ``routerOperations()``.
    static func documentedOperations() throws -> [String: String] {
        var documented: [String: String] = [:]
        for (path, operation) in try operations() {
            let method = (operation["method"] as? String ?? "").uppercased()
            documented["\(method) \(templateShape(path))"] = "\(method) \(path)"
        }
        return documented
    }

    /// A path template with its variables' names dropped (`/v1/articles/{id}` → `/v1/articles/{}`):
    /// the router names `{id}` what the document names `{idOrSlug}`, and the document's parameter
    /// names are checked by `everyPathTemplateVariable_hasAPathParameter`.
    static func templateShape(_ path: String) -> String {
        path.replacing(/\{[^}]*\}/, with: "{}")
    }

    @Test func documentedOperations_areExactlyTheRoutersOperations() throws {
        let router = Self.routerOperations()
        let documented = try Self.documentedOperations()
        let undocumented = router.filter { documented[$0.key] == nil }.values.sorted()
        let unrouted = documented.filter { router[$0.key] == nil }.values.sorted()
        #expect(
            undocumented.isEmpty,
            "Route answers \(undocumented), but Documents/openapi.json does not describe it")
        #expect(
            unrouted.isEmpty,
            "Documents/openapi.json describes \(unrouted), but Route (allCases, allowedMethods) does not answer it")
    }

    @Test func everyRoute_answersHEADWithGET_andOPTIONS_asTheDocumentSays() throws {
        let description = try #require((try Self.document()["info"] as? [String: Any])?["description"] as? String)
        #expect(description.contains("Every GET is also answered for HEAD"))
        #expect(description.contains("OPTIONS"))
        for route in Route.allCases where route != .unmatched {
            let methods = Set(route.allowedMethods.map { "\($0)".uppercased() })
            #expect(methods.contains("GET") == methods.contains("HEAD"), "\(route.rawValue): \(methods.sorted())")
            #expect(methods.contains("OPTIONS"), "\(route.rawValue): \(methods.sorted())")
        }
        for (path, item) in try Self.paths() {
            let keys = Set((item as? [String: Any] ?? [:]).keys)
            #expect(keys.isDisjoint(with: ["head", "options"]), "\(path) describes HEAD or OPTIONS per path")
        }
    }

    @Test func everyRef_resolvesInsideTheDocument() throws {
        let document = try Self.document()
        var references: [String] = []
        Self.collectReferences(in: document, into: &references)
        #expect(!references.isEmpty)
        for reference in references {
            #expect(Self.resolve(reference, in: document) != nil, "unresolved $ref \(reference)")
        }
    }

    @Test func everyPathTemplateVariable_hasAPathParameter() throws {
        let document = try Self.document()
        for (path, operation) in try Self.operations() {
            let variables = Set(
                path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first }.map(String.init))
            let pathItem = try #require(try Self.paths()[path] as? [String: Any])
            let declared = ((pathItem["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? []))
                .compactMap { Self.dereference($0, in: document) }
                .filter { $0["in"] as? String == "path" }
                .compactMap { $0["name"] as? String }
            #expect(Set(declared) == variables, "\(path)")
        }
    }

    // MARK: Operations

    @Test func everyOperation_hasAUniqueOperationId() throws {
        let ids = try Self.operations().map { $0.operation["operationId"] as? String }
        #expect(!ids.contains(nil))
        #expect(Set(ids).count == ids.count)
    }

    @Test func everyOperation_documentsA4xxProblemResponse() throws {
        let document = try Self.document()
        for (path, operation) in try Self.operations() {
            let responses = try #require(operation["responses"] as? [String: Any])
            let problems = responses.filter { code, response in
                guard code.hasPrefix("4"), let response = Self.dereference(response, in: document),
                    let content = response["content"] as? [String: Any],
                    let problem = content["application/problem+json"] as? [String: Any],
                    let schema = problem["schema"] as? [String: Any]
                else { return false }
                return schema["$ref"] as? String == "#/components/schemas/Problem"
            }
            #expect(!problems.isEmpty, "\(operation["operationId"] ?? path) has no 4xx problem+json response")
        }
    }

    @Test func everyGet_documents304NotModified() throws {
        // The event stream is no representation to revalidate: it has no ETag and no 304.
        for (path, operation) in try Self.operations(method: "get") where path != "/v1/stream" {
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(responses["304"] != nil, "GET \(path)")
        }
    }

    @Test func writes_requireTheBearerToken_andReadsDoNot() throws {
        let document = try Self.document()
        let schemes = try #require((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])
        let bearer = try #require(schemes["bearerAuth"] as? [String: Any])
        #expect(bearer["type"] as? String == "http")
        #expect(bearer["scheme"] as? String == "bearer")
        #expect(document["security"] == nil)
        for (path, operation) in try Self.operations() {
            let security = operation["security"] as? [[String: [String]]]
            if operation["method"] as? String == "get" {
                #expect(security == nil, "GET \(path)")
            } else {
                #expect(security == [["bearerAuth": []]], "\(path)")
                let responses = try #require(operation["responses"] as? [String: Any])
                #expect(responses["401"] != nil && responses["403"] != nil, "\(path)")
            }
        }
    }

    @Test(arguments: feeds)
    func feed_takesTheSameParametersAsTheArticleList(_ feed: String) throws {
        let operations = try Self.operations(method: "get")
        let list = try #require(
            operations.first { $0.path == "/v1/articles" }?.operation["parameters"] as? [[String: String]])
        let feedParameters = try #require(
            operations.first { $0.path == feed }?.operation["parameters"] as? [[String: String]])
        #expect(feedParameters == list)
    }

    @Test(arguments: nonJSONMediaTypes)
    func successResponse_declaresItsMediaTypeWithCharset(_ mediaType: MediaType) throws {
        let operation = try #require(try Self.operations(method: "get").first { $0.path == mediaType.path }?.operation)
        let ok = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any])
        let content = try #require(ok["content"] as? [String: Any])
        #expect(content[mediaType.contentType] != nil)
    }

    // MARK: Token patterns describe what the server gives out and reads back

    /// Cursors the server writes: by date (dated, undated, before 1970) and by relevance.
    static let issuedCursors: [ArticleCursor] = [
        ArticleCursor(sort: .newest, publishedAt: 1_627_469_417, id: 1_842),
        ArticleCursor(sort: .oldest, publishedAt: nil, id: 7),
        ArticleCursor(sort: .newest, publishedAt: -86_400, id: 12_345_678),
        ArticleCursor(sort: .oldest, publishedAt: 0, id: 1),
        ArticleCursor(sort: .relevance, publishedAt: nil, id: 42, score: -3.25),
        ArticleCursor(sort: .relevance, publishedAt: nil, id: 99_999_999, score: -0.000_001),
    ]

    @Test(arguments: issuedCursors)
    func cursorPattern_matchesEveryCursorTheServerWrites_andTheServerReadsIt(_ cursor: ArticleCursor) throws {
        let token = cursor.token
        #expect(try Self.tokenSchemaMatches(try Self.cursorAlternatives(), token), "\(token)")
        #expect(ArticleCursor(token: token) == cursor)
    }

    @Test(arguments: [Int64(0), 1, 42, 123_456_789, 999_999_999_999_999_999])
    func changeTokenPattern_matchesEveryTokenTheServerWrites_andTheServerReadsIt(_ sequence: Int64) throws {
        let token = GazetteApp.changeToken(sequence)
        #expect(try Self.tokenSchemaMatches(try Self.changeTokenAlternatives(), token), "\(token)")
        #expect(GazetteApp.sequence(ofChangeToken: token) == sequence)
    }

    @Test(arguments: ["0000", "djE6ZDox", "YzE6", "YzE6LTE", "not a token", "djE6cjpmZmYwMDAwMDAwMDAwMDAwOjE"])
    func tokenPatterns_refuseWhatTheServerRefuses(_ text: String) throws {
        #expect(ArticleCursor(token: text) == nil)
        #expect(try !Self.tokenSchemaMatches(try Self.cursorAlternatives(), text))
        #expect(GazetteApp.sequence(ofChangeToken: text) == nil)
        #expect(try !Self.tokenSchemaMatches(try Self.changeTokenAlternatives(), text))
    }

    /// The `anyOf` string schemas of the Cursor parameter.
    private static func cursorAlternatives() throws -> [[String: Any]] {
        let parameters = try #require((try document()["components"] as? [String: Any])?["parameters"] as? [String: Any])
        let cursor = try #require(parameters["Cursor"] as? [String: Any])
        return try #require((cursor["schema"] as? [String: Any])?["anyOf"] as? [[String: Any]])
    }

    /// The `anyOf` string schemas of `since` on `GET /v1/changes`.
    private static func changeTokenAlternatives() throws -> [[String: Any]] {
        let changes = try #require(try operations(method: "get").first { $0.path == "/v1/changes" }?.operation)
        let parameters = try #require(changes["parameters"] as? [[String: Any]])
        let since = try #require(parameters.first { $0["name"] as? String == "since" })
        return try #require((since["schema"] as? [String: Any])?["anyOf"] as? [[String: Any]])
    }

    /// Whether `text` fits one of `alternatives` (pattern and maxLength, as JSON Schema reads them).
    private static func tokenSchemaMatches(_ alternatives: [[String: Any]], _ text: String) throws -> Bool {
        for alternative in alternatives {
            if let maxLength = alternative["maxLength"] as? Int, text.count > maxLength { continue }
            guard let pattern = alternative["pattern"] as? String else { return true }
            if try Regex(pattern).firstMatch(in: text) != nil { return true }
        }
        return false
    }

    // MARK: Schemas agree with what ArticleJSON writes

    @Test func summarySchema_requiresExactlyTheSummaryFields() throws {
        let summary = try Self.schema("ArticleSummary")
        #expect(summary["required"] as? [String] == ArticleJSON.summaryFields)
        #expect(Set((summary["properties"] as? [String: Any] ?? [:]).keys) == Set(ArticleJSON.summaryFields))
    }

    @Test func articleSchema_addsExactlyTheDetailFieldsToTheSummary() throws {
        let parts = try #require(try Self.schema("Article")["allOf"] as? [[String: Any]])
        #expect(parts.first?["$ref"] as? String == "#/components/schemas/ArticleSummary")
        let detail = try #require(parts.last)
        #expect(detail["required"] as? [String] == ArticleJSON.detailFields)
        #expect(Set((detail["properties"] as? [String: Any] ?? [:]).keys) == Set(ArticleJSON.detailFields))
    }

    @Test func listItemSchema_requiresNoKeySoSparseFieldsetsValidate() throws {
        let item = try Self.schema("ArticleListItem")
        #expect(item["required"] == nil)
        #expect(Set((item["properties"] as? [String: Any] ?? [:]).keys) == Set(ArticleJSON.summaryFields + ["snippet"]))
    }

    @Test func fieldsParameter_acceptsEverySummaryFieldName() throws {
        let parameters = try #require(
            (try Self.document()["components"] as? [String: Any])?["parameters"] as? [String: Any])
        let fields = try #require(parameters["Fields"] as? [String: Any])
        let pattern = try #require((fields["schema"] as? [String: Any])?["pattern"] as? String)
        let regex = try Regex(pattern)
        #expect(try regex.wholeMatch(in: ArticleJSON.summaryFields.joined(separator: ",")) != nil)
        #expect(try regex.wholeMatch(in: "id,body_html") == nil)
    }

    // MARK: Helpers

    private static func document() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
        return try #require(object as? [String: Any])
    }

    private static func paths() throws -> [String: Any] {
        try #require(try document()["paths"] as? [String: Any])
    }

    private static func schema(_ name: String) throws -> [String: Any] {
        let components = try #require(try document()["components"] as? [String: Any])
        return try #require((components["schemas"] as? [String: Any])?[name] as? [String: Any])
    }

    /// Every operation with its path; the operation dictionary gains a `method` key.
    private static func operations(method wanted: String? = nil) throws -> [(path: String, operation: [String: Any])] {
        var found: [(path: String, operation: [String: Any])] = []
        for (path, item) in try paths() {
            let pathItem = try #require(item as? [String: Any])
            for (method, value) in pathItem where httpMethods.contains(method) && (wanted == nil || wanted == method) {
                var operation = try #require(value as? [String: Any])
                operation["method"] = method
                found.append((path, operation))
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func collectReferences(in value: Any, into references: inout [String]) {
        if let object = value as? [String: Any] {
            if let reference = object["$ref"] as? String { references.append(reference) }
            for child in object.values { collectReferences(in: child, into: &references) }
        } else if let array = value as? [Any] {
            for child in array { collectReferences(in: child, into: &references) }
        }
    }

    /// Follows a local reference, a JSON Pointer after `#` (RFC 6901 §6).
    private static func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = node as? [String: Any], let next = object[key] {
                node = next
            } else if let array = node as? [Any], let index = Int(key), array.indices.contains(index) {
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// The object itself, or the one its `$ref` points to.
    private static func dereference(_ value: Any, in document: [String: Any]) -> [String: Any]? {
        guard let object = value as? [String: Any] else { return nil }
        guard let reference = object["$ref"] as? String else { return object }
        return resolve(reference, in: document) as? [String: Any]
    }
}

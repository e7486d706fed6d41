import GazetteCore
import GazetteStore
import HTTPServer

extension GazetteApp {
    /// The operational routes, answered without the data version: `nil` for data routes.
    func operational(_ route: Route, request: Request, context: LoopContext) throws -> OperationalReply? {
        switch route {
        case .healthz:
            return OperationalReply(
                fixed(
                    Array(#"{"status":"ok"}"#.utf8), contentType: "application/json; charset=utf-8",
                    cacheControl: "no-store"))
        case .readyz:
            let articles: Int
            switch try context.reader.readiness() {
            case .notMigrated: throw APIError(.serviceUnavailable, "the database is not migrated")
            case .rebuildingSearchIndex: throw APIError(.serviceUnavailable, "the search index is being rebuilt")
            case .ready(let count): articles = count
            }
            var json = JSONWriter(capacity: 128)
            json.objectStart()
            json.key("status")
            json.string("ready")
            json.key("articles")
            json.int(articles)
            json.key("migrations")
            json.string("applied")
            json.key("search_index")
            json.string("ready")
            if let watch = currentWatchStatus {
                // API.md: whether the watched folders are reconciled, and how many changes wait.
                json.key("watch")
                json.objectStart()
                json.key("folders")
                json.int(watch.folders)
                json.key("reconciled")
                json.bool(watch.isReconciled)
                json.key("pending")
                json.int(watch.pending)
                json.objectEnd()
            }
            json.objectEnd()
            return OperationalReply(
                fixed(json.bytes, contentType: "application/json; charset=utf-8", cacheControl: "no-store"))
        case .metrics:
            let connections = connectionGauges
            let text = metrics.exposition(
                connections: connections, articles: try context.reader.articleCount(),
                openStreams: streams.openStreams.load(ordering: .relaxed),
                responseCache: (
                    entries: contexts.reduce(0) { $0 + $1.cachedEntries.load(ordering: .relaxed) },
                    bytes: contexts.reduce(0) { $0 + $1.cachedBytes.load(ordering: .relaxed) }
                ), watch: currentWatchStatus)
            return OperationalReply(
                fixed(
                    Array(text.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8",
                    cacheControl: "no-store"))
        case .openAPI:
            let document = FixedDocument.openAPI
            return OperationalReply(
                fixed(
                    document.body, contentType: "application/json; charset=utf-8",
                    cacheControl: configuration.cacheControl, etag: document.etag),
                gzipped: document.gzipped)
        case .reader:
            return OperationalReply(readerPage(request), gzipped: FixedDocument.reader.gzipped)
        default:
            return nil
        }
    }

    /// A 200 with an ETag from the body's hash (content that does not follow the data version);
    /// `etag`, when given, is that hash made once (a ``FixedDocument``'s).
    func fixed(_ body: [UInt8], contentType: String, cacheControl: String, etag: String? = nil) -> Response {
        Response(
            status: .ok,
            headers: [
                HTTPHeader(name: "Content-Type", value: contentType),
                HTTPHeader(name: "ETag", value: etag ?? Self.fixedETag(body)),
                HTTPHeader(name: "Cache-Control", value: cacheControl),
            ], body: body)
    }

    /// The strong ETag of a body that does not follow the data version: its FNV-1a hash.
    static func fixedETag(_ body: [UInt8]) -> String { "\"\(String(FNV1a.hash(body), radix: 36))\"" }

    /// An operational route's response and, for a ``FixedDocument``, its body gzipped once.
    struct OperationalReply {
        var response: Response
        var gzipped: [UInt8]?

        init(_ response: Response, gzipped: [UInt8]? = nil) {
            self.response = response
            self.gzipped = gzipped
        }
    }
}

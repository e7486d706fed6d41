import Foundation
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer

extension GazetteApp {
    /// `POST /v1/articles`, `PUT /v1/articles/{slug}`, `DELETE /v1/articles/{id-or-slug}`.
    ///
    /// Size limits are enforced by the server before the handler runs, so before
    /// authentication (API.md); then the token; then the body.
    func write(_ request: Request, route: Route, key: String?) throws -> Response {
        try authorize(request)
        // After the write has committed (or failed): every loop then asks the store again.
        defer {
            localWrites.add(1, ordering: .releasing)
            streams.signal()
            for observer in writeObservers.withLock({ $0 }) { observer() }
        }
        let now = Int64(Date().timeIntervalSince1970)
        switch (request.method, route) {
        case (.post, .articles):
            let article = try buildArticle(from: request, slug: nil, now: now)
            return try writer.withLock { box throws -> Response in
                let store = box.store
                if let existing = try store.reader.key(contentHash: article.contentHash) {
                    return try articleResponse(store, id: existing.id, status: .ok)
                }
                let stored = try store.transaction {
                    try store.insert(article, sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
                }
                return try articleResponse(store, id: stored.id, status: .created)
            }
        case (.put, .article):
            let slug = key ?? ""
            var article = try buildArticle(from: request, slug: slug, now: now)
            return try writer.withLock { box throws -> Response in
                let store = box.store
                guard let existing = try store.reader.key(slug: slug) else {
                    let stored = try store.transaction {
                        try store.insert(article, sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
                    }
                    return try articleResponse(store, id: stored.id, status: .created)
                }
                if existing.contentHash != article.contentHash || existing.ingestVersion != ArticleBuilder.ingestVersion
                {
                    article.id = existing.id
                    _ = try store.transaction {
                        try store.update(article, sourcePath: nil, ingestVersion: ArticleBuilder.ingestVersion)
                    }
                }
                return try articleResponse(store, id: existing.id, status: .ok)
            }
        case (.delete, .article):
            let target = key ?? ""
            return try writer.withLock { box throws -> Response in
                let store = box.store
                guard let id = try store.reader.withArticle(idOrSlug: target, { $0.id }) else {
                    throw APIError(.notFound, "no article with id or slug '\(target)'")
                }
                _ = try store.transaction { try store.delete(id: id) }
                return Response(status: .noContent)
            }
        default:
            throw APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(route.rawValue)")
        }
    }

    /// 403 when writes are disabled, 401 without the right bearer token.
    private func authorize(_ request: Request) throws {
        guard let token = configuration.writeToken, !token.isEmpty else {
            throw APIError(.forbidden, "writes are disabled: the server has no write token configured")
        }
        let challenge = [HTTPHeader(name: "WWW-Authenticate", value: "Bearer realm=\"gazette\"")]
        guard let header = request.header("Authorization") else {
            throw APIError(.unauthorized, "this needs Authorization: Bearer <token>", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            Self.constantTimeEquals(Array(parts[1].utf8), Array(token.utf8))
        else {
            throw APIError(.unauthorized, "the bearer token is not valid", headers: challenge)
        }
    }

    /// Compares without an early exit, so the time taken does not tell how much matched.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let count = max(a.count, b.count)
        for index in 0..<count {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }

    /// The article a request body describes: a Hexo post (`text/markdown`) or JSON fields.
    private func buildArticle(from request: Request, slug: String?, now: Int64) throws -> Article {
        let mediaType =
            (request.header("Content-Type") ?? "").split(separator: ";").first
            .map { $0.trimmingWhitespace().lowercased() } ?? ""
        var article: Article
        switch mediaType {
        case "text/markdown", "text/x-markdown":
            do {
                article = try builder.build(request.body, fileName: nil, now: now)
            } catch {
                throw APIError(.unprocessableContent, "the post cannot be ingested: \(error.description)")
            }
        case "application/json":
            let post = try Self.parsedPost(fromJSON: request.body, dates: dates)
            article = builder.build(post, contentHash: ArticleBuilder.contentHash(of: request.body), now: now)
        default:
            throw APIError(
                .unsupportedMediaType,
                "send the article as text/markdown (a Hexo post) or application/json, not '\(mediaType)'")
        }
        if let slug {
            guard !slug.isEmpty else { throw APIError(.badRequest, "the slug in the path is empty") }
            article.slug = slug
        }
        return article
    }

    /// API.md: JSON takes the article's own field names; `title` is required.
    static func parsedPost(fromJSON body: [UInt8], dates: DateParser) throws -> ParsedPost {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw APIError(.unprocessableContent, "the body must be a JSON object")
            }
            object = parsed
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.unprocessableContent, "the body is not valid JSON")
        }
        /// A string field; `null` and `""` mean not given.
        func string(_ name: String) throws -> String? {
            guard let value = object[name], !(value is NSNull) else { return nil }
            guard let text = value as? String else {
                throw APIError(.unprocessableContent, "'\(name)' must be a string")
            }
            return text.isEmpty ? nil : text
        }
        func strings(_ name: String) throws -> [String]? {
            guard let value = object[name], !(value is NSNull) else { return nil }
            guard let list = value as? [String] else {
                throw APIError(.unprocessableContent, "'\(name)' must be a list of strings")
            }
            return list
        }
        guard let title = try string("title")?.trimmingWhitespace(), !title.isEmpty else {
            throw APIError(.unprocessableContent, "'title' is required")
        }
        var publishedAt: Int64?
        if let date = try string("published_at") {
            guard let parsed = dates.parse(date) else {
                throw APIError(.unprocessableContent, "'published_at' is not a date (use RFC 3339)")
            }
            publishedAt = parsed
        }
        // Both fields are checked whenever present; `category_paths` wins when it names any.
        let categories = try strings("categories")
        var paths: [CategoryPath] = []
        if let raw = object["category_paths"], !(raw is NSNull) {
            guard let lists = raw as? [[String]] else {
                throw APIError(.unprocessableContent, "'category_paths' must be a list of lists of strings")
            }
            paths = lists.compactMap(CategoryPath.init)
        }
        if paths.isEmpty, let categories {
            paths = CategoryPath(categories).map { [$0] } ?? []
        }
        let html = try string("body_html")
        let markdown = try string("body_markdown")
        if html != nil && markdown != nil {
            throw APIError(.unprocessableContent, "give body_html or body_markdown, not both")
        }
        return ParsedPost(
            title: title, slug: try string("slug"), author: try string("author"), publishedAt: publishedAt,
            categoryPaths: paths,
            tags: try strings("tags") ?? [], thumbnail: try string("thumbnail"), headimg: try string("headimg"),
            extraJSON: "{}",
            body: html ?? markdown ?? "", bodyFormat: markdown != nil ? .markdown : .html)
    }

    /// The full article as the response of a write.
    private func articleResponse(_ store: ArticleStore, id: Int64, status: HTTPStatus) throws -> Response {
        var json = JSONWriter(capacity: 16 * 1_024)
        guard try store.reader.withArticle(id: id, { $0.writeJSON(to: &json) }) != nil
        else {
            throw APIError(.internalServerError, "the article was written but cannot be read back")
        }
        var headers = [HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8")]
        if status == .created { headers.append(HTTPHeader(name: "Location", value: "/v1/articles/\(id)")) }
        return Response(status: status, headers: headers, body: json.bytes)
    }
}

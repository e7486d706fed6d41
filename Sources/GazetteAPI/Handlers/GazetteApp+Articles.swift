import GazetteCore
import GazetteStore
import HTTPServer

/// `GET /v1/articles`, `GET /v1/articles/{id-or-slug}` and its `/body`.
extension GazetteApp {
    func list(_ request: Request, context: LoopContext) throws -> Reply {
        let parameters = try ListParameters.parse(request, dates: dates)
        let highlights = parameters.query.search?.highlights
        var json = JSONWriter(capacity: 16 * 1_024)
        json.objectStart()
        json.key("data")
        json.arrayStart()
        let listing = try context.reader.list(parameters.query) { article in
            let snippet = highlights.map { terms in
                Snippet.make(title: article.title, text: article.searchedText, terms: terms)
            }
            article.writeSummaryJSON(fields: parameters.fields, snippet: snippet, to: &json)
        }
        json.arrayEnd()
        json.key("meta")
        json.objectStart()
        json.key("limit")
        json.int(parameters.query.limit)
        json.key("next_cursor")
        json.string(listing.nextCursor?.token)
        json.key("total")
        json.int(listing.total)
        json.objectEnd()
        json.objectEnd()
        var reply = Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
        if let next = listing.nextCursor {
            reply.link = "<\(Self.nextPageTarget(request, cursor: next.token))>; rel=\"next\""
        }
        return reply
    }

    /// The request's path and query with `cursor` replaced (and `offset` dropped).
    static func nextPageTarget(_ request: Request, cursor: String) -> String {
        var target = request.path
        target.append("?")
        if let query = request.rawQuery {
            for pair in query.utf8.split(separator: UInt8(ascii: "&")) {
                let name = pair.prefix { $0 != UInt8(ascii: "=") }
                if name.elementsEqual("cursor".utf8) || name.elementsEqual("offset".utf8) { continue }
                target.append(contentsOf: Substring(pair))
                target.append("&")
            }
        }
        target.append("cursor=")
        target.append(cursor)
        return target
    }

    func article(_ key: String, context: LoopContext) throws -> Reply {
        var json = JSONWriter(capacity: 16 * 1_024)
        let updated = try context.reader.withArticle(idOrSlug: key) { article -> Int64 in
            article.writeJSON(to: &json)
            return article.updatedAt
        }
        guard let updated else { throw APIError(.notFound, "no article with id or slug '\(key)'") }
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8", lastModified: updated)
    }

    func articleBody(_ request: Request, key: String, context: LoopContext) throws -> Reply {
        let value: String?
        do {
            value = try request.queryParameter("format")
        } catch {
            throw APIError.badParameter("format", "format must be html, text or raw")
        }
        guard let format = BodyFormat(rawValue: value ?? "html") else {
            throw APIError.badParameter("format", "format must be html, text or raw")
        }
        let contentType = format == .html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
        let found = try context.reader.withArticle(idOrSlug: key) { article in
            (article.withBody(format) { Array($0) }, article.updatedAt)
        }
        guard let (body, updated) = found else { throw APIError(.notFound, "no article with id or slug '\(key)'") }
        return Reply(body: body, contentType: contentType, lastModified: updated)
    }
}

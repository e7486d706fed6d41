import GazetteCore
import GazetteStore
import HTTPServer

extension GazetteApp {
    /// The operational routes, answered without the data version: `nil` for data routes.
    func operational(_ route: Route, request: Request, context: LoopContext) throws -> Response? {
        switch route {
        case .healthz:
            return fixed(
                Array(#"{"status":"ok"}"#.utf8), contentType: "application/json; charset=utf-8",
                cacheControl: "no-store")
        case .readyz:
            let upToDate = try Migrator().isUpToDate(context.connection)
            guard upToDate else { throw APIError(.serviceUnavailable, "the database is not migrated") }
            guard try context.reader.isSearchIndexCurrent() else {
                throw APIError(.serviceUnavailable, "the search index is being rebuilt")
            }
            var json = JSONWriter(capacity: 128)
            json.objectStart()
            json.key("status")
            json.string("ready")
            json.key("articles")
            json.int(try context.reader.articleCount())
            json.key("migrations")
            json.string("applied")
            json.key("search_index")
            json.string("ready")
            json.objectEnd()
            return fixed(json.bytes, contentType: "application/json; charset=utf-8", cacheControl: "no-store")
        case .metrics:
            let open = connectionCount.withLock { $0?() } ?? 0
            let text = metrics.exposition(openConnections: open, articles: try context.reader.articleCount())
            return fixed(
                Array(text.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8", cacheControl: "no-store")
        case .openAPI:
            return fixed(
                Array(OpenAPIDocument.json.utf8), contentType: "application/json; charset=utf-8",
                cacheControl: configuration.cacheControl)
        case .reader:
            return readerPage(request)
        default:
            return nil
        }
    }

    /// A 200 with an ETag from the body's hash (content that does not follow the data version).
    private func fixed(_ body: [UInt8], contentType: String, cacheControl: String) -> Response {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Response(
            status: .ok,
            headers: [
                HTTPHeader(name: "Content-Type", value: contentType),
                HTTPHeader(name: "ETag", value: "\"\(String(hash, radix: 36))\""),
                HTTPHeader(name: "Cache-Control", value: cacheControl),
            ], body: body)
    }

    /// The body of a data route.
    func dataReply(_ request: Request, route: Route, key: String?, context: LoopContext) throws -> Reply {
        switch route {
        case .articles: return try list(request, context: context)
        case .article: return try article(key ?? "", context: context)
        case .articleBody: return try articleBody(request, key: key ?? "", context: context)
        case .categories: return try categories(request, context: context)
        case .tags: return try names(.tags, context: context)
        case .authors: return try names(.authors, context: context)
        case .changes: return try changes(request, context: context)
        case .feedAtom, .feedRSS, .feedJSON: return try feed(request, route: route, context: context)
        default: throw APIError(.notFound, "no resource at \(request.path)")
        }
    }

    // MARK: - Articles

    private func list(_ request: Request, context: LoopContext) throws -> Reply {
        let parameters = try ListParameters.parse(request, dates: dates)
        let highlights = parameters.query.search?.highlights
        var json = JSONWriter(capacity: 16 * 1_024)
        json.objectStart()
        json.key("data")
        json.arrayStart()
        let listing = try context.reader.list(parameters.query) { row in
            let snippet = highlights.map { terms in
                Snippet.make(title: row.string(2), text: row.string(ArticleReader.bodyTextColumn), terms: terms)
            }
            ArticleRowJSON.writeSummary(row, fields: parameters.fields, snippet: snippet, to: &json)
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
        var parts: [String] = []
        if let query = request.rawQuery {
            for pair in query.split(separator: "&") {
                let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                if name != "cursor" && name != "offset" { parts.append(String(pair)) }
            }
        }
        parts.append("cursor=\(cursor)")
        return "\(request.path)?\(parts.joined(separator: "&"))"
    }

    private func article(_ key: String, context: LoopContext) throws -> Reply {
        var json = JSONWriter(capacity: 16 * 1_024)
        let updated = try context.reader.withArticleRow(idOrSlug: key) { row -> Int64 in
            ArticleRowJSON.writeFull(row, to: &json)
            return row.int64(21)
        }
        guard let updated else { throw APIError(.notFound, "no article with id or slug '\(key)'") }
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8", lastModified: updated)
    }

    private func articleBody(_ request: Request, key: String, context: LoopContext) throws -> Reply {
        let format: String
        do {
            format = try request.queryParameter("format") ?? "html"
        } catch {
            throw APIError.badParameter("format", "format must be html, text or raw")
        }
        let (column, contentType): (Int32, String)
        switch format {
        case "html": (column, contentType) = (15, "text/html; charset=utf-8")
        case "text": (column, contentType) = (16, "text/plain; charset=utf-8")
        case "raw": (column, contentType) = (17, "text/plain; charset=utf-8")
        default: throw APIError.badParameter("format", "format must be html, text or raw")
        }
        let found = try context.reader.withArticleRow(idOrSlug: key) { row in
            (row.withUTF8(column) { Array($0) }, row.int64(21))
        }
        guard let (body, updated) = found else { throw APIError(.notFound, "no article with id or slug '\(key)'") }
        return Reply(body: body, contentType: contentType, lastModified: updated)
    }

    // MARK: - Lists of names

    private func categories(_ request: Request, context: LoopContext) throws -> Reply {
        let flatValue: String?
        do {
            flatValue = try request.queryParameter("flat")
        } catch {
            throw APIError.badParameter("flat", "flat must be true or false")
        }
        let flat: Bool
        switch flatValue {
        case nil, "false", "0": flat = false
        case "true", "1": flat = true
        default: throw APIError.badParameter("flat", "flat must be true or false")
        }
        var rows: [CategoryRow] = []
        try context.reader.forEachCategory { rows.append($0) }
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [Int64: [CategoryRow]] = [:]
        for row in rows { if let parent = row.parentID { children[parent, default: []].append(row) } }
        func components(_ row: CategoryRow) -> [String] {
            var names = [row.name]
            var current = row.parentID
            var guardCount = 0
            while let id = current, let parent = byID[id], guardCount < 64 {
                names.insert(parent.name, at: 0)
                current = parent.parentID
                guardCount += 1
            }
            return names
        }
        // Each path once: the flat sort compares them many times.
        var paths: [Int64: [String]] = [:]
        for row in rows { paths[row.id] = components(row) }
        var json = JSONWriter(capacity: 8 * 1_024)
        func write(_ row: CategoryRow, depth: Int) {
            json.objectStart()
            json.key("name")
            json.string(row.name)
            json.key("path")
            json.strings(paths[row.id] ?? [row.name])
            json.key("count")
            json.int(row.count)
            json.key("latest_at")
            json.string(row.latestAt.map(RFC3339.format))
            if !flat {
                json.key("children")
                json.arrayStart()
                if depth < 64 { for child in children[row.id] ?? [] { write(child, depth: depth + 1) } }
                json.arrayEnd()
            }
            json.objectEnd()
        }
        json.objectStart()
        json.key("data")
        json.arrayStart()
        if flat {
            for row in rows.sorted(by: { (paths[$0.id] ?? []).lexicographicallyPrecedes(paths[$1.id] ?? []) }) {
                write(row, depth: 0)
            }
        } else {
            for row in rows where row.parentID == nil || byID[row.parentID ?? 0] == nil { write(row, depth: 0) }
        }
        json.arrayEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }

    private func names(_ kind: NameKind, context: LoopContext) throws -> Reply {
        var json = JSONWriter(capacity: 4 * 1_024)
        json.objectStart()
        json.key("data")
        json.arrayStart()
        try context.reader.forEachName(of: kind) { name, count in
            json.objectStart()
            json.key("name")
            json.string(name)
            json.key("count")
            json.int(count)
            json.objectEnd()
        }
        json.arrayEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }

    // MARK: - Changes

    /// Change tokens are opaque to clients: base64url of `c1:<sequence>`.
    static func changeToken(_ sequence: Int64) -> String { Base64URL.encode(Array("c1:\(sequence)".utf8)) }

    static func sequence(ofChangeToken token: String) -> Int64? {
        guard token.utf8.count <= 64, let bytes = Base64URL.decode(token),
            let text = String(validating: bytes, as: UTF8.self),
            text.hasPrefix("c1:"), let value = Int64(text.dropFirst(3)), value >= 0
        else { return nil }
        return value
    }

    private func changes(_ request: Request, context: LoopContext) throws -> Reply {
        var after: Int64 = 0
        do {
            if let token = try request.queryParameter("since"), !token.isEmpty {
                guard let sequence = Self.sequence(ofChangeToken: token) else {
                    throw APIError.badParameter("since", "since is not a token this server gave out (use meta.next)")
                }
                after = sequence
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badParameter("since", "since is not valid percent-encoded UTF-8")
        }
        var json = JSONWriter(capacity: 8 * 1_024)
        var last = after
        json.objectStart()
        json.key("data")
        json.arrayStart()
        try context.reader.forEachChange(after: after, limit: configuration.changesPageSize) { change in
            json.objectStart()
            json.key("id")
            json.int(change.articleID)
            json.key("slug")
            json.string(change.slug)
            json.key("change")
            json.string(change.isDeletion ? "deleted" : "upserted")
            json.key("at")
            json.string(RFC3339.format(change.at))
            json.objectEnd()
            last = change.sequence
        }
        json.arrayEnd()
        json.key("meta")
        json.objectStart()
        json.key("next")
        json.string(Self.changeToken(last))
        json.objectEnd()
        json.objectEnd()
        return Reply(body: json.bytes, contentType: "application/json; charset=utf-8")
    }
}

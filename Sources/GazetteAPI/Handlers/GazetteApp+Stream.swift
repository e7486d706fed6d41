import GazetteCore
import GazetteStore
import HTTPServer

/// `GET /v1/stream`: the change log as Server-Sent Events, replayed from a token, then live.
extension GazetteApp {
    /// Sent when the stream has been silent for the keep-alive interval (the server's sweep).
    static let streamKeepAlive = Array(": keep-alive\n\n".utf8)
    /// Sent before a stream ends because the server shuts down; the client reconnects.
    static let streamFarewell = Array(": server shutting down; reconnect with Last-Event-ID\n\n".utf8)

    func stream(_ request: Request) throws -> Response {
        let filters = try Self.streamFilters(request)
        let after = try streamStart(request)
        var headers = [
            HTTPHeader(name: "Content-Type", value: "text/event-stream"),
            HTTPHeader(name: "Cache-Control", value: "no-store"),
            HTTPHeader(name: "X-Accel-Buffering", value: "no"),
        ]
        if request.method == .head { return Response(status: .ok, headers: headers) }
        guard streams.reserve(limit: configuration.maxStreams) else {
            throw APIError(
                .serviceUnavailable,
                "the server has \(configuration.maxStreams) streams open, its limit; retry later",
                headers: [
                    HTTPHeader(name: "Retry-After", value: "\(Self.retryAfterSeconds(configuration.streamRetry))")
                ]
            )
        }
        headers.append(HTTPHeader(name: "Vary", value: "Last-Event-ID"))
        let hub = streams
        let retry = Array("retry: \(Self.milliseconds(configuration.streamRetry))\n\n".utf8)
        return Response(
            status: .ok, headers: headers,
            push: PushBody(
                heartbeat: Self.streamKeepAlive, farewell: Self.streamFarewell,
                onOpen: { writer in
                    writer.write(retry)
                    hub.add(writer, filters: filters, after: after)
                },
                onClose: {
                    hub.release()
                    hub.pruneClosed()
                }))
    }

    /// The sequence the stream starts after: `Last-Event-ID` (which wins), else `since`, else
    /// the newest change now. A token older than the log keeps is `410`; one beyond it `400`.
    private func streamStart(_ request: Request) throws -> Int64 {
        guard request.loopIndex >= 0, request.loopIndex < contexts.count else {
            throw APIError(.internalServerError, "request on an unknown event loop")
        }
        let bounds = try contexts[request.loopIndex].reader.changeLogBounds()
        var token: (name: String, value: String)?
        if let header = request.header("Last-Event-ID"), !header.isEmpty {
            token = ("Last-Event-ID", header)
        } else {
            do {
                if let since = try request.queryParameter("since"), !since.isEmpty { token = ("since", since) }
            } catch {
                throw APIError.badParameter("since", "since is not valid percent-encoded UTF-8")
            }
        }
        guard let token else { return bounds.newest }
        guard let after = Self.sequence(ofChangeToken: token.value) else {
            throw APIError.badParameter(token.name, "\(token.name) is not a change token this server gave out")
        }
        guard after <= bounds.newest else {
            throw APIError.badParameter(token.name, "\(token.name) is newer than the newest change of this server")
        }
        // The change log is never trimmed today, so this holds for every token given out.
        if let oldest = bounds.oldest, after < oldest - 1 {
            throw APIError(
                .gone, "the change log no longer reaches back to \(token.name); resync from /v1/articles")
        }
        return after
    }

    /// The `category`, `tag` and `author` filters, as the list reads them.
    static func streamFilters(_ request: Request) throws -> ArticleQuery {
        var query = ArticleQuery()
        let items: [HTTPHeader]
        do {
            items = try request.queryItems()
        } catch {
            if case .invalidQueryParameter(let name) = error.code {
                throw APIError.badParameter(name, "the value of '\(name)' is not valid percent-encoded UTF-8")
            }
            throw APIError(.badRequest, error.detail)
        }
        for item in items where !item.value.isEmpty {
            switch item.name {
            case "category":
                let value = item.value
                guard !value.trimmingWhitespace().isEmpty else {
                    throw APIError.badParameter("category", "category must name a category")
                }
                if value.contains("›") || value.contains("/") {
                    guard let path = CategoryPath(parsing: value) else {
                        throw APIError.badParameter("category", "'\(value)' is not a category path")
                    }
                    query.categories.append(.path(path))
                } else {
                    query.categories.append(.name(value.trimmingWhitespace()))
                }
            case "tag": query.tags.append(item.value)
            case "author": query.authors.append(item.value)
            default: continue
            }
        }
        return query
    }

    /// Whole seconds, at least 1, for `Retry-After`.
    static func retryAfterSeconds(_ duration: Duration) -> Int64 {
        max(1, duration.components.seconds)
    }
}

import GazetteCore
import HTTPServer

/// Routing: a request's method and route choose its stage (preflight, a read through the
/// representation stage, or a write), and a data route its handler.
extension GazetteApp {
    /// The response of a matched request: a CORS preflight, a read (through the representation
    /// stage) or a write.
    func respond(to request: Request, route: Route, key: String?) throws -> Response {
        let method = request.method
        guard route != .unmatched else { throw APIError(.notFound, "no resource at \(request.path)") }
        if method == .options { return preflight(request, route: route) }
        guard route.allowedMethods.contains(method) else {
            throw APIError(
                .methodNotAllowed, "\(method) is not allowed on \(route.rawValue)",
                headers: [HTTPHeader(name: "Allow", value: route.allowHeader)])
        }
        if route == .stream && (method == .get || method == .head) { return try stream(request) }
        switch method {
        case .get, .head: return try read(request, route: route, key: key)
        default: return try write(request, route: route, key: key)
        }
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
        case .articlePage: return try articlePage(request, key: key ?? "", context: context)
        default: throw APIError(.notFound, "no resource at \(request.path)")
        }
    }
}

import HTTPServer

/// CORS (https://fetch.spec.whatwg.org/#http-cors-protocol): preflight answers and the
/// headers added to every response for the configured origins.
extension GazetteApp {
    func preflight(_ request: Request, route: Route) -> Response {
        var headers = [
            HTTPHeader(name: "Access-Control-Allow-Methods", value: route.allowHeader),
            HTTPHeader(
                name: "Access-Control-Allow-Headers",
                value: "Authorization, Content-Type, If-None-Match, If-Modified-Since, X-Request-Id"),
            HTTPHeader(name: "Access-Control-Max-Age", value: "600"),
        ]
        headers.append(HTTPHeader(name: "Allow", value: route.allowHeader))
        return Response(status: .noContent, headers: headers)
    }

    func addCORSHeaders(to response: inout Response, request: Request) {
        let origins = configuration.corsOrigins
        if origins.contains("*") {
            response.headers.append(HTTPHeader(name: "Access-Control-Allow-Origin", value: "*"))
        } else if let origin = request.header("Origin"), origins.contains(origin) {
            response.headers.append(HTTPHeader(name: "Access-Control-Allow-Origin", value: origin))
            response.headers.append(HTTPHeader(name: "Vary", value: "Origin"))
        } else {
            return
        }
        response.headers.append(
            HTTPHeader(name: "Access-Control-Expose-Headers", value: "ETag, Link, Location, X-Request-Id"))
    }
}

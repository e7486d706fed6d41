import GazetteCore
import HTTPServer

/// An error a request ends with: an HTTP status, a detail for the client, and for bad query
/// parameters the parameter's name. Becomes `application/problem+json` in one place:
/// ``problemResponse``.
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPStatus
    public let detail: String
    /// The query parameter that was wrong, when one was.
    public let parameter: String?
    /// Extra headers (`Allow` on 405, `WWW-Authenticate` on 401).
    public let headers: [HTTPHeader]

    public init(_ status: HTTPStatus, _ detail: String, parameter: String? = nil, headers: [HTTPHeader] = []) {
        self.status = status
        self.detail = detail
        self.parameter = parameter
        self.headers = headers
    }

    /// 400 naming the parameter.
    public static func badParameter(_ name: String, _ detail: String) -> APIError {
        APIError(.badRequest, detail, parameter: name)
    }

    /// The RFC 9457 response for this error.
    var problemResponse: Response {
        var json = JSONWriter(capacity: 256)
        json.objectStart()
        json.key("type")
        json.string("about:blank")
        json.key("title")
        json.string(status.reasonPhrase)
        json.key("status")
        json.int(status.code)
        json.key("detail")
        json.string(detail)
        if let parameter {
            json.key("parameter")
            json.string(parameter)
        }
        json.objectEnd()
        return Response(
            status: status,
            headers: [HTTPHeader(name: "Content-Type", value: "application/problem+json; charset=utf-8")] + headers,
            body: json.bytes)
    }
}

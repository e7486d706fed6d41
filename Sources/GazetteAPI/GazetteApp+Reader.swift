import HTTPServer

extension GazetteApp {
    /// `GET /`: the built-in reader (``ReaderPage``), with a strong ETag from its bytes, 304 on
    /// `If-None-Match`, gzip when accepted, and a Content-Security-Policy that allows only this
    /// origin (and article images from anywhere).
    func readerPage(_ request: Request) -> Response {
        var headers = [
            HTTPHeader(name: "ETag", value: ReaderPage.etag),
            HTTPHeader(name: "Cache-Control", value: configuration.cacheControl),
            HTTPHeader(name: "Vary", value: "Accept-Encoding"),
        ]
        if let tags = request.header("If-None-Match"), Self.matches(tags, etag: ReaderPage.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers += [
            HTTPHeader(name: "Content-Type", value: "text/html; charset=utf-8"),
            HTTPHeader(name: "Content-Security-Policy", value: ReaderPage.contentSecurityPolicy),
            HTTPHeader(name: "Referrer-Policy", value: "no-referrer"),
        ]
        if acceptsGzip(request), let gzipped = ReaderPage.gzippedBody {
            headers.append(HTTPHeader(name: "Content-Encoding", value: "gzip"))
            return Response(status: .ok, headers: headers, body: gzipped)
        }
        return Response(status: .ok, headers: headers, body: ReaderPage.body)
    }
}

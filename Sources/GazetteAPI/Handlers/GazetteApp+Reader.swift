import HTTPServer

extension GazetteApp {
    /// `GET /`: the built-in reader (``ReaderPage``) with a strong ETag from its bytes and a
    /// Content-Security-Policy that allows only this origin (and article images from anywhere).
    /// The read pipeline answers `If-None-Match` with 304 and gzips it, as for every fixed route.
    func readerPage(_ request: Request) -> Response {
        Response(
            status: .ok,
            headers: [
                HTTPHeader(name: "Content-Type", value: "text/html; charset=utf-8"),
                HTTPHeader(name: "ETag", value: ReaderPage.etag),
                HTTPHeader(name: "Cache-Control", value: configuration.cacheControl),
                HTTPHeader(name: "Content-Security-Policy", value: ReaderPage.contentSecurityPolicy),
                HTTPHeader(name: "Referrer-Policy", value: "no-referrer"),
            ], body: ReaderPage.body)
    }
}

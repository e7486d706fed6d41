import CZlib

/// gzip (RFC 1952) compression of response bodies with zlib.
enum Gzip {
    /// The compressed bytes, or `nil` when zlib fails (the caller then sends the body as is).
    ///
    /// `level` is zlib's (1 fastest … 9 smallest). The hash table is sized to the body: zlib's
    /// default (`memLevel` 8, a 64 KiB table cleared for every stream) is for long streams, and
    /// a body of at most 32 KiB, as most API responses are, compresses as well with half of it
    /// (`memLevel` 7) and faster, the table being cleared and filled per response.
    static func compress(_ input: [UInt8], level: Int32) -> [UInt8]? {
        var stream = z_stream()
        let memoryLevel: Int32 = input.count <= 32 << 10 ? 7 : 8
        guard gazette_deflate_init_gzip(&stream, level, memoryLevel) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count))) + 32
        var finished = false
        let output = [UInt8](unsafeUninitializedCapacity: bound) { destination, written in
            input.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                finished = deflate(&stream, Z_FINISH) == Z_STREAM_END
            }
            written = finished ? Int(stream.total_out) : 0
        }
        return finished ? output : nil
    }
}

/// A body that does not change while the server runs (the reader page, `/openapi.json`): its
/// strong ETag and its gzip form are made once, on first use, instead of for every request (the
/// 94 KB OpenAPI document took some 2 ms to gzip, and the 22 KB reader page is fetched by every
/// browser that opens the site).
struct FixedDocument: Sendable {
    let body: [UInt8]
    let etag: String
    /// The body gzipped at zlib's best level (it is made once); `nil` if zlib failed.
    let gzipped: [UInt8]?

    init(body: [UInt8], etag: String) {
        self.body = body
        self.etag = etag
        gzipped = Gzip.compress(body, level: 9)
    }

    /// The built-in reader page (``ReaderPage``).
    static let reader = FixedDocument(body: ReaderPage.body, etag: ReaderPage.etag)
    /// `/openapi.json`, its ETag the body's FNV-1a hash as for the other fixed bodies.
    static let openAPI: FixedDocument = {
        let body = Array(OpenAPIDocument.json.utf8)
        return FixedDocument(body: body, etag: GazetteApp.fixedETag(body))
    }()
}

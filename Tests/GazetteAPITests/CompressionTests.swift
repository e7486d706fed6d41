import Foundation
import Testing

@testable import GazetteAPI

/// `Accept-Encoding: gzip` on bodies over ~1 KB (RFC 9110 §12.5.3).
@Suite(.timeLimit(.minutes(10)))
struct CompressionTests {
    /// The first coding that names gzip (or `*`) decides, by its `q`; case and the spaces
    /// around parts do not matter; a longer or shorter name is another coding.
    @Test(arguments: [
        ("gzip", true), ("GZip", true), ("x-gzip", true), ("*", true), ("gzip, deflate, br, zstd", true),
        ("deflate, br", false), ("identity", false), ("", false), (",", false), ("gzipx", false), ("gzi", false),
        (" \tbr ,  gzip \t", true), ("gzip;q=0", false), ("gzip; q=0.000", false), ("gzip;Q=0", false),
        ("gzip;q=0.001", true), ("gzip ; level=1 ; q=0", false), ("gzip;level=1", true), ("gzip;q=1.0", true),
        ("*;q=0, gzip", false), ("gzip;q=0, *", false), ("br;q=1, x-GZIP;q=0.5", true), ("gzip;q=junk", true),
        ("gzip;q=", true), ("deflate;q=0;gzip", false),
    ])
    func acceptEncoding_allowsGzip(header: String, expected: Bool) {
        #expect(GazetteApp.acceptsGzip(acceptEncoding: header) == expected, "\(header)")
    }

    @Test func gzip_onALargeBody_decodesToTheSameJSON() throws {
        try withAPIServer { server in
            let client = try server.client()
            for path in [
                "/v1/articles?limit=100", "/v1/articles/jiangsu", "/v1/articles?sort=published_at&limit=8",
                "/openapi.json",
            ] {
                let plain = try client.get(path)
                #expect(plain.header("Content-Encoding") == nil)
                try #require(plain.body.count > 1_024, "\(path) is \(plain.body.count) bytes")
                let zipped = try client.get(path, headers: [("Accept-Encoding", "gzip, deflate, br")])
                #expect(zipped.status == 200)
                #expect(zipped.header("Content-Encoding") == "gzip", "\(path)")
                #expect(zipped.headers(named: "Vary").joined(separator: ",").contains("Accept-Encoding"))
                #expect(zipped.body.count < plain.body.count)
                #expect(zipped.header("Content-Length") == "\(zipped.body.count)")
                let decoded = Gzip.decompress(zipped.body)
                #expect(decoded.map { $0 == plain.body } == true, "\(path): gzip does not decode to the plain body")
                #expect(NSDictionary(dictionary: try zipped.json()) == NSDictionary(dictionary: try plain.json()))
                // The representations differ, so their tags do.
                #expect(zipped.header("ETag") != plain.header("ETag"))
                let etag = try #require(zipped.header("ETag"))
                #expect(
                    try client.get(path, headers: [("Accept-Encoding", "gzip"), ("If-None-Match", etag)]).status == 304)
            }
        }
    }

    @Test func smallBodies_areNotCompressed() throws {
        try withAPIServer { server in
            let client = try server.client()
            let small = try client.get("/v1/articles?limit=1&fields=id", headers: [("Accept-Encoding", "gzip")])
            #expect(small.status == 200)
            #expect(small.body.count < 1_024)
            #expect(small.header("Content-Encoding") == nil)
            #expect(try small.data().count == 1)
        }
    }

    @Test(arguments: ["gzip;q=0", "gzip; q=0.0", "identity", "br", "deflate, gzip;q=0"])
    func refusedGzip_isNotCompressed(acceptEncoding: String) throws {
        try withAPIServer { server in
            let response = try server.client().get(
                "/v1/articles?limit=100", headers: [("Accept-Encoding", acceptEncoding)])
            #expect(response.status == 200)
            #expect(response.header("Content-Encoding") == nil)
            #expect(try response.data().count == 10)
        }
    }

    @Test func gzip_isAlsoGivenForAnyCodingAndUppercase() throws {
        try withAPIServer { server in
            let client = try server.client()
            for value in ["*", "GZIP", "x-gzip", "gzip;q=0.5"] {
                let response = try client.get("/v1/articles?limit=100", headers: [("Accept-Encoding", value)])
                #expect(response.header("Content-Encoding") == "gzip", "\(value)")
                #expect(try response.data().count == 10)
            }
        }
    }

    /// The reader page and `/openapi.json`, whose gzip form is made once (``FixedDocument``):
    /// every request gets the same compressed bytes, which decode to the plain body, under their
    /// own ETag, and a 304 for it.
    @Test func fixedDocuments_gzipped_decodeToThePlainBody_underTheirOwnETag() throws {
        try withAPIServer { server in
            let client = try server.client()
            for path in ["/", "/openapi.json"] {
                let plain = try client.get(path)
                #expect(plain.status == 200 && plain.header("Content-Encoding") == nil)
                let first = try client.get(path, headers: [("Accept-Encoding", "gzip")])
                let second = try client.get(path, headers: [("Accept-Encoding", "gzip")])
                #expect(first.header("Content-Encoding") == "gzip", "\(path)")
                #expect(first.body == second.body && first.body.count < plain.body.count / 2, "\(path)")
                #expect(Gzip.decompress(first.body) == plain.body, "\(path)")
                let etag = try #require(first.header("ETag"))
                #expect(etag != plain.header("ETag") && etag.hasSuffix("-gz\""))
                #expect(
                    try client.get(path, headers: [("Accept-Encoding", "gzip"), ("If-None-Match", etag)]).status
                        == 304)
            }
        }
    }

    /// Every level round-trips, a higher level is no larger on a real list, and a body over the
    /// 32 KiB that selects the smaller hash table round-trips too.
    @Test func everyLevel_roundTrips_andNineIsNoLargerThanOne() throws {
        try withAPIServer { server in
            let list = try server.client().get("/v1/articles?limit=100").body
            var sizes: [Int32: Int] = [:]
            for level: Int32 in 1...9 {
                let compressed = try #require(Gzip.compress(list, level: level))
                #expect(Gzip.decompress(compressed) == list, "level \(level)")
                sizes[level] = compressed.count
            }
            #expect(try #require(sizes[9]) <= #require(sizes[1]))
            let large = Array(repeating: list, count: 40_000 / max(list.count, 1) + 2).flatMap { $0 }
            try #require(large.count > 32 << 10)
            #expect(Gzip.decompress(try #require(Gzip.compress(large, level: 1))) == large)
        }
    }

    /// `gzip_level` reaches the per-response compressor: level 9 is chosen over the default 1
    /// and the body still decodes.
    @Test func configuredLevel_isUsedForResponses() throws {
        var api = APIConfiguration(writeToken: APITestServer.token)
        api.gzipLevel = 9
        let path = "/v1/articles?limit=100"
        let levelNine = try withAPIServer(api: api) { server in
            try server.client().get(path, headers: [("Accept-Encoding", "gzip")]).body
        }
        let levelOne = try withAPIServer { server in
            try server.client().get(path, headers: [("Accept-Encoding", "gzip")]).body
        }
        #expect(Gzip.decompress(levelNine) == Gzip.decompress(levelOne))
        #expect(levelNine.count < levelOne.count)
    }
}

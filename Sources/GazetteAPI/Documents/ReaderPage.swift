import Foundation
import GazetteCore

/// The built-in reader at `/`: `Documents/reader.html` with `reader.css` and `reader.js`
/// inlined into it at build time (the EmbedFiles plugin), so it is one response that fetches
/// nothing from another site and uses only the public API: `/v1/categories`, `/v1/articles`
/// (filters, `q`, `cursor`) and `/v1/articles/{id}`.
///
/// The inline style and script are allowed by their SHA-256 hashes in the
/// Content-Security-Policy (CSP Level 2 hash sources), computed here from the very files the
/// page inlines, so the policy needs no `'unsafe-inline'` and cannot drift from the page.
enum ReaderPage {
    /// The page, UTF-8.
    static let body: [UInt8] = Array(EmbeddedDocuments.readerHTML.utf8)

    /// A strong validator: the body's SHA-256 (first 128 bits), quoted.
    static let etag: String = "\"" + String(SHA256.hexDigest(of: body).prefix(32)) + "\""

    /// Only this origin, for everything but article images, which live on the publishers'
    /// servers (`img-src` allows any http/https and `data:` images, as `body_html` may hold).
    static let contentSecurityPolicy: String = [
        "default-src 'self'",
        "script-src '\(hashSource(EmbeddedDocuments.readerJS))'",
        "style-src '\(hashSource(EmbeddedDocuments.readerCSS))'",
        "img-src 'self' https: http: data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// `sha256-<base64 of the digest>` of `text`'s UTF-8 (CSP Level 3 §2.3.1 hash-source).
    static func hashSource(_ text: String) -> String {
        let hex = Array(SHA256.hexDigest(of: text.utf8).utf8)
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var index = 0
        while index + 1 < hex.count {
            digest.append(nibble(hex[index]) << 4 | nibble(hex[index + 1]))
            index += 2
        }
        return "sha256-" + Data(digest).base64EncodedString()
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
    }
}

import HTTPServer

/// IMF-fixdate (RFC 9110 §5.6.7) as text, for `Last-Modified` and RSS: `Sun, 06 Nov 1994 08:49:37 GMT`.
/// Formatted by the server's ``HTTPDate`` (the one formatter of HTTP dates).
enum HTTPDates {
    static func format(_ seconds: Int64) -> String {
        String(decoding: HTTPDate.format(Int(truncatingIfNeeded: seconds)), as: UTF8.self)
    }
}

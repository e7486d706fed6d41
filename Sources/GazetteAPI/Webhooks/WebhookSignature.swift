import GazetteCore

/// Standard Webhooks v1 signatures (standardwebhooks.com, "Signature scheme"): HMAC-SHA256 over
/// `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the secret's decoded bytes, sent as
/// `v1,` + base64.
public enum WebhookSignature {
    /// The `webhook-signature` header value.
    ///
    /// - Parameters:
    ///   - messageID: the `webhook-id` (never contains `.`).
    ///   - timestamp: the `webhook-timestamp`, Unix seconds.
    ///   - body: the exact bytes sent.
    ///   - key: the secret's bytes (``WebhookEndpoint/secretKey``).
    public static func header(messageID: String, timestamp: Int64, body: [UInt8], key: [UInt8]) -> String {
        let signed = Array("\(messageID).\(timestamp).".utf8) + body
        return "v1," + Base64.encode(HMACSHA256.authenticationCode(key: key, message: signed))
    }
}

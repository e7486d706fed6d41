/// Base64 with the standard alphabet and padding (RFC 4648 §4): Standard Webhooks' secrets and
/// signatures. Written over ``Base64URL``, whose alphabet differs only in its last two letters.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        let unpadded = String(
            Base64URL.encode(bytes).map { character -> Character in
                switch character {
                case "-": "+"
                case "_": "/"
                default: character
                }
            })
        return unpadded + String(repeating: "=", count: (4 - unpadded.utf8.count % 4) % 4)
    }

    /// The bytes of `text`; `nil` when it is not standard base64 (padding optional).
    public static func decode(_ text: String) -> [UInt8]? {
        var body = Substring(text)
        while body.hasSuffix("=") { body = body.dropLast() }
        guard text.utf8.count - body.utf8.count <= 2, !body.contains("-"), !body.contains("_") else { return nil }
        return Base64URL.decode(
            String(
                body.map { character -> Character in
                    switch character {
                    case "+": "-"
                    case "/": "_"
                    default: character
                    }
                }))
    }
}

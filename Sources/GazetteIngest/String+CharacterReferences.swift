extension String {
    /// The named character references most often left undecoded in scraped titles, with what
    /// they stand for. A short table on purpose: an unknown `&name;` stays as written.
    static let commonCharacterReferences: [Substring: String] = [
        "nbsp": "\u{00A0}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "hellip": "…",
        "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "middot": "·",
        "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "trade": "™", "times": "×", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}",
    ]

    /// The string with HTML character references (`&nbsp;`, `&amp;`, `&#39;`, `&#x2014;`)
    /// decoded to the characters they name; any `&` that does not start one (`AT&T`,
    /// `Love, Death & Robots`) stays.
    ///
    /// Used on titles: RSSHub writes item titles as HTML text, and the Hexo site they were
    /// scraped into shows `_AC_&nbsp;…` as `_AC_ …`; a title is plain text in Gazette, so the
    /// reference is decoded to the character the site's readers saw.
    func decodingCharacterReferences() -> String {
        guard utf8.contains(UInt8(ascii: "&")) else { return self }
        var result = ""
        var rest = self[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            let candidate = rest[afterAmpersand...].prefix(12)
            if let semicolon = candidate.firstIndex(of: ";"),
                let decoded = Self.decodeReference(rest[afterAmpersand..<semicolon])
            {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        result += rest
        return result
    }

    private static func decodeReference(_ name: Substring) -> String? {
        if name.first == "#" {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return String(Character(scalar))
        }
        return commonCharacterReferences[name]
    }
}

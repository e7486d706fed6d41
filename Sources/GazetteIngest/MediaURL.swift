/// String-level URL helpers for the cleaner: hosts, CORS-proxy and redirect unwrapping,
/// `srcset` reading, placeholder images and embedded players. Plain byte work, no `Foundation`
/// URL parsing and no regular expressions: these run on every image and link of every post.
enum MediaURL {
    /// The lowercased host of an absolute `http(s)` or protocol-relative URL, without port.
    static func host(of url: String) -> String? {
        guard let rest = afterScheme(url) else { return nil }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<end]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
        return authority.isEmpty ? nil : authority.lowercased()
    }

    /// Whether `host` is one of `domains` or a subdomain of one.
    static func host(_ host: String, isWithin domains: Set<String>) -> Bool {
        if domains.contains(host) { return true }
        var rest = Substring(host)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if domains.contains(String(rest)) { return true }
        }
        return false
    }

    /// The part after `http://`, `https://` or `//`, or `nil` for any other URL.
    private static func afterScheme(_ url: String) -> Substring? {
        let trimmed = Substring(url)
        for prefix in ["https://", "http://", "//"] where trimmed.utf8.count >= prefix.utf8.count {
            let head = trimmed.prefix(prefix.count)
            if head.lowercased() == prefix { return trimmed.dropFirst(prefix.count) }
        }
        return nil
    }

    /// `https://PROXY/?http://target…` gives `http://target…`: the shape of CORS proxies
    /// (cors-anywhere, Cloudflare-worker proxies) whose whole query is the target URL. Any host
    /// in `proxyHosts` is unwrapped; with an empty set, any URL of exactly that shape is.
    static func unwrappingProxy(_ url: String, proxyHosts: Set<String>) -> String {
        guard let rest = afterScheme(url), let marker = rest.firstIndex(of: "?") else { return url }
        let path = rest[..<marker]
        guard let slash = path.firstIndex(of: "/"), path[slash...] == "/" else { return url }
        let target = rest[rest.index(after: marker)...]
        let lowered = target.prefix(8).lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return url }
        if !proxyHosts.isEmpty {
            guard let host = host(of: url), self.host(host, isWithin: proxyHosts) else { return url }
        }
        return String(target)
    }

    /// The target of a redirect endpoint (`…/redir.php?url=https%3A%2F%2F…`), percent-decoded;
    /// `nil` when `url` goes through none of `redirects`.
    static func redirectTarget(of url: String, redirects: [PublisherRules.RedirectLink]) -> String? {
        guard !redirects.isEmpty, let rest = afterScheme(url) else { return nil }
        let query = rest.firstIndex(of: "?")
        let hostAndPath = (query.map { rest[..<$0] } ?? rest).lowercased()
        guard let query,
            let redirect = redirects.first(where: {
                hostAndPath == $0.hostAndPath.lowercased()
                    || ($0.hostAndPath.hasSuffix("/") && hostAndPath.hasPrefix($0.hostAndPath.lowercased()))
            })
        else { return nil }
        for pair in rest[rest.index(after: query)...].split(separator: "&") {
            guard let equals = pair.firstIndex(of: "="), pair[..<equals] == redirect.parameter else { continue }
            let value = percentDecoded(pair[pair.index(after: equals)...])
            return host(of: value) == nil ? nil : value
        }
        return nil
    }

    /// `%XX` sequences decoded (and `+` as a space, as in form-encoded queries); invalid UTF-8
    /// gives the input unchanged.
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? String(text)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The candidate of a `srcset` with the largest descriptor (`2x` over `1x`, `1200w` over
    /// `600w`; a candidate without one counts as `1x`).
    static func largestCandidate(inSrcset srcset: String) -> String? {
        var best: (url: String, size: Double)?
        for candidate in srcset.split(separator: ",") {
            let parts = candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            guard let url = parts.first else { continue }
            var size = 1.0
            if parts.count > 1, let descriptor = parts.last, let unit = descriptor.last, unit == "x" || unit == "w" {
                size = Double(descriptor.dropLast()) ?? 1
            }
            if best == nil || size > (best?.size ?? 0) { best = (String(url), size) }
        }
        return best?.url
    }

    /// Whether `src` is a placeholder rather than an article image: on a placeholder host, or a
    /// spacer or pixel file name.
    static func isPlaceholderImage(_ src: String, rules: PublisherRules) -> Bool {
        if let found = host(of: src), host(found, isWithin: rules.placeholderImageHosts) { return true }
        guard !rules.placeholderImageFileNames.isEmpty else { return false }
        let path = src.prefix { $0 != "?" && $0 != "#" }
        guard let name = path.split(separator: "/").last else { return false }
        return rules.placeholderImageFileNames.contains(name.lowercased())
    }

    /// Whether `url` names a page rather than an image: its path ends in `/` (a folder or an
    /// article page; no image file is named so), as a proxy-wrapped article address does.
    static func isPageURL(_ url: String) -> Bool {
        guard let rest = afterScheme(url) else { return false }
        let path = rest.prefix { $0 != "?" && $0 != "#" }
        guard let slash = path.firstIndex(of: "/") else { return true }
        return path[slash...].hasSuffix("/")
    }

    /// The address a reader opens for an embedded player: YouTube and Youku embeds become
    /// their watch pages, anything else stays as it is.
    static func watchURL(forEmbed src: String) -> String {
        guard let host = host(of: src), let rest = afterScheme(src) else { return src }
        let path = rest.drop { $0 != "/" }.prefix { $0 != "?" && $0 != "#" }
        if host == "youtube.com" || host.hasSuffix(".youtube.com") || host.hasSuffix("youtube-nocookie.com"),
            path.hasPrefix("/embed/")
        {
            let id = path.dropFirst("/embed/".count)
            if !id.isEmpty && !id.contains("/") { return "https://www.youtube.com/watch?v=\(id)" }
        }
        if host == "player.youku.com", path.hasPrefix("/embed/") {
            let id = path.dropFirst("/embed/".count)
            if !id.isEmpty && !id.contains("/") { return "https://v.youku.com/v_show/id_\(id).html" }
        }
        return src.hasPrefix("//") ? "https:" + src : src
    }
}

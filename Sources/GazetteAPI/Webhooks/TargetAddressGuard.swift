#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refuses webhook targets that resolve to addresses inside the host or its network
/// (server-side request forgery): loopback, unspecified, private, unique-local, link-local
/// (169.254/16 holds cloud metadata services), CGNAT, multicast and reserved ranges, and the
/// IPv6 forms that wrap an IPv4 address (mapped, compatible, NAT64, 6to4). Every address the
/// name resolves to is checked (OWASP SSRF cheat sheet; a name with one public and one private
/// address is refused).
///
/// Known gap: URLSession resolves the name again when it connects, so a name whose answer
/// changes between the check and the connection (DNS rebinding) can still reach a private
/// address. Closing it needs connecting to the checked address with the URL's Host and SNI,
/// which URLSession does not offer; a deployment that must close it sends through an egress
/// proxy that checks addresses itself (smokescreen).
public enum TargetAddressGuard {
    /// Why a target is refused.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Resolves `host` and checks every address.
    ///
    /// - Throws: ``Refusal`` naming the host and the first refused address, or saying that the
    ///   name does not resolve.
    public static func check(host: String) throws(Refusal) {
        let addresses = resolve(host)
        guard !addresses.isEmpty else { throw Refusal(description: "\(host) does not resolve") }
        for address in addresses where isRefused(address) {
            throw Refusal(
                description: "\(host) resolves to \(format(address)), a loopback, private or link-local address "
                    + "(allow_private_webhook_targets)")
        }
    }

    /// The addresses `host` resolves to: 4 bytes for IPv4, 16 for IPv6.
    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var entry = list
        while let info = entry?.pointee {
            if let socketAddress = info.ai_addr {
                switch info.ai_family {
                case AF_INET:
                    socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        addresses.append(withUnsafeBytes(of: v4.pointee.sin_addr) { Array($0) })
                    }
                case AF_INET6:
                    socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        addresses.append(withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) })
                    }
                default: break
                }
            }
            entry = info.ai_next
        }
        return addresses
    }

    /// Whether an address (4 or 16 bytes) is one webhooks must not reach.
    static func isRefused(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return isRefusedIPv4(address) }
        guard address.count == 16 else { return true }
        let a = address
        if a.allSatisfy({ $0 == 0 }) { return true }  // ::
        if a[0..<15].allSatisfy({ $0 == 0 }) && a[15] == 1 { return true }  // ::1
        if a[0] == 0xfe && a[1] & 0xc0 == 0x80 { return true }  // fe80::/10 link-local
        if a[0] == 0xfe && a[1] & 0xc0 == 0xc0 { return true }  // fec0::/10 site-local (deprecated)
        if a[0] & 0xfe == 0xfc { return true }  // fc00::/7 unique-local
        if a[0] == 0xff { return true }  // multicast
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated).
        if a[0..<10].allSatisfy({ $0 == 0 }) && ((a[10] == 0xff && a[11] == 0xff) || (a[10] == 0 && a[11] == 0)) {
            return isRefusedIPv4(Array(a[12..<16]))
        }
        // 64:ff9b::/96 NAT64 (RFC 6052) and 64:ff9b:1::/48 (RFC 8215): the IPv4 address in the last 4 bytes.
        if a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b { return isRefusedIPv4(Array(a[12..<16])) }
        // 2002::/16 6to4 (RFC 3056): the IPv4 address in bytes 2–5.
        if a[0] == 0x20 && a[1] == 0x02 { return isRefusedIPv4(Array(a[2..<6])) }
        return false
    }

    private static func isRefusedIPv4(_ a: [UInt8]) -> Bool {
        switch (a[0], a[1]) {
        case (0, _), (10, _), (127, _): return true  // this network, private, loopback
        case (169, 254): return true  // link-local, cloud metadata
        case (172, 16...31): return true  // private
        case (192, 168): return true  // private
        case (100, 64...127): return true  // CGNAT (RFC 6598)
        case (192, 0) where a[2] == 0: return true  // IETF protocol assignments
        case (198, 18...19): return true  // benchmarking
        case (224...255, _): return true  // multicast, reserved, broadcast
        default: return false
        }
    }

    private static func format(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: address.count, by: 2).map {
            String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
        }.joined(separator: ":")
    }
}

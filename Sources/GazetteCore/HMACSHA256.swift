/// HMAC-SHA256 (RFC 2104) over ``SHA256``: the MAC of Standard Webhooks signatures.
///
/// Tested against every case of RFC 4231 §4 (`HMACSHA256Tests`).
public enum HMACSHA256 {
    /// SHA-256's block size in bytes (RFC 2104 §2: "B").
    private static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    ///
    /// A key longer than the block is hashed first; a shorter one is padded with zeros
    /// (RFC 2104 §2).
    public static func authenticationCode(key: [UInt8], message: some Sequence<UInt8>) -> [UInt8] {
        var block = key.count > blockSize ? SHA256.digest(of: key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// Whether two MACs are equal, in time that depends only on their lengths.
    public static func isEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

import Testing

@testable import GazetteCore

struct HMACSHA256Tests {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static let longKey = [UInt8](repeating: 0xaa, count: 131)

    // RFC 4231 §4.2–4.8, test cases 1–7 (HMAC-SHA-256 rows).
    @Test(arguments: [
        (
            [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            bytes(hex: "0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            longKey, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            longKey,
            Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func rfc4231Vectors_match(key: [UInt8], data: [UInt8], mac: String) {
        #expect(Self.hex(HMACSHA256.authenticationCode(key: key, message: data)) == mac)
    }

    /// Test case 5 checks a MAC truncated to 128 bits.
    @Test func rfc4231Case5_truncatedMatches() {
        let mac = HMACSHA256.authenticationCode(
            key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(Self.hex(Array(mac.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func isEqual_comparesWholeValues() {
        #expect(HMACSHA256.isEqual([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.isEqual([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256.isEqual([1, 2, 3], [1, 2]))
    }

    @Test(arguments: [
        ([UInt8](), ""), ([UInt8](Array("f".utf8)), "Zg=="), (Array("fo".utf8), "Zm8="), (Array("foo".utf8), "Zm9v"),
        ([0xfb, 0xff], "+/8="),
    ])
    func base64_roundTrips(bytes: [UInt8], text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.decode(text) == bytes)
    }

    @Test func base64_refusesTheURLAlphabetAndBadPadding() {
        #expect(Base64.decode("-_8=") == nil)
        #expect(Base64.decode("Zg===") == nil)
    }
}

import Testing

@testable import GazetteCore

@Suite struct FNV1aTests {
    /// Known answers of 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3), as
    /// published with the algorithm (draft-eastlake-fnv, test vectors for "", "a" and "foobar").
    @Test func knownAnswers() {
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    @Test func differentTargets_getDifferentHashes() {
        #expect(FNV1a.hash("/v1/articles?limit=1".utf8) != FNV1a.hash("/v1/articles?limit=2".utf8))
    }
}

/// The ids of the articles one search matches: filled from one pass over the FTS5 doclist,
/// then tested while a date-ordered search walks the date index (``DateOrderedSearch``).
///
/// A bitmap over ids: FTS5 lists rowids in ascending order, so the bitmap grows as they
/// arrive, one bit per id up to the largest (125 KB at 1,000,000 articles), and a test is a
/// shift and a mask. Ids at or above ``bitmapLimit`` (which SQLite's rowid assignment never
/// reaches in practice) go to a hash set, so the bitmap's size stays bounded whatever the ids.
struct MatchSet {
    /// Ids below this are kept in the bitmap (at most 8 MiB of it).
    static let bitmapLimit: Int64 = 1 << 26

    private var words: [UInt64] = []
    private var others: Set<Int64> = []
    /// How many distinct ids were inserted.
    private(set) var count = 0

    /// Adds `id`; inserting an id twice counts it once.
    mutating func insert(_ id: Int64) {
        guard id >= 0 && id < Self.bitmapLimit else {
            if others.insert(id).inserted { count += 1 }
            return
        }
        let word = Int(id >> 6)
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: word - words.count + 1))
        }
        let bit: UInt64 = 1 << UInt64(id & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    func contains(_ id: Int64) -> Bool {
        guard id >= 0 && id < Self.bitmapLimit else { return others.contains(id) }
        let word = Int(id >> 6)
        return word < words.count && words[word] & (1 << UInt64(id & 63)) != 0
    }

    /// Calls `body` with every id, ascending.
    func forEach(_ body: (Int64) throws -> Void) rethrows {
        let negative = others.filter { $0 < 0 }.sorted()
        for id in negative { try body(id) }
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                try body(Int64(index) << 6 | Int64(rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        for id in others.filter({ $0 >= 0 }).sorted() { try body(id) }
    }
}

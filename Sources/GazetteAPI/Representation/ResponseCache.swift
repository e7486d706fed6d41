/// Encoded responses of reads, kept per event loop and valid for one data version.
///
/// Keyed by the raw request target and the encoding; all entries are dropped when the data
/// version changes (any write). Two bounds hold after every store: at most ``Limits/entries``
/// entries and at most ``Limits/bytes`` bytes, an entry's bytes being its ``cost(of:key:)``
/// (key, header names and values, body, and an estimate of the bookkeeping around them). Over
/// either bound, the least recently used entries go first: a lookup that finds an entry makes it
/// the most recent. A response costing more than ``Limits/largestEntryBytes`` (an eighth of the
/// byte bound) is never stored, so one large body cannot empty the cache of the many small ones.
///
/// The order of use is a doubly linked list threaded through an array of slots (indices, not
/// references: no allocation per entry beyond the entry's own).
struct ResponseCache {
    struct Entry {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]
        /// The representation's `Last-Modified`, for `If-Modified-Since` on a cache hit.
        var lastModified: Int64? = nil
    }

    /// How much one cache keeps.
    struct Limits: Equatable {
        /// Most entries kept; 0 keeps nothing.
        var entries: Int
        /// Most bytes kept, entries costed by ``ResponseCache/cost(of:key:)``; 0 keeps nothing.
        var bytes: Int

        /// The largest entry stored, in bytes: an eighth of ``bytes``. Larger responses are
        /// served but not cached.
        var largestEntryBytes: Int { bytes / 8 }
    }

    /// What Swift adds around an entry's bytes, estimated for a 64-bit platform: the
    /// dictionary's slot (key and index), the slot in the use list (key, entry, links, cost)
    /// and the heap headers of the body, the header list and the key.
    static let entryOverheadBytes = 256
    /// What Swift adds around each header: the tuple of two strings in the header list and
    /// the heap header of a value too long to be stored inline.
    static let headerOverheadBytes = 48

    /// The bytes an entry stored under `key` counts for.
    static func cost(of entry: Entry, key: String) -> Int {
        var bytes = entryOverheadBytes + key.utf8.count + entry.body.count
        for (name, value) in entry.headers { bytes += headerOverheadBytes + name.utf8.count + value.utf8.count }
        return bytes
    }

    private struct Slot {
        var key: String
        var entry: Entry
        var bytes: Int
        /// The slot used just before this one (towards the least recent), or -1.
        var older: Int
        /// The slot used just after this one (towards the most recent), or -1.
        var newer: Int
    }

    let limits: Limits
    private var version: Int64 = -1
    private var slotIndex: [String: Int] = [:]
    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var newest = -1
    private var oldest = -1
    /// The bytes of the entries kept, by ``cost(of:key:)``: never more than ``Limits/bytes``.
    private(set) var byteCount = 0

    /// Entries kept.
    var count: Int { slotIndex.count }

    init(limits: Limits) { self.limits = limits }

    private var isDisabled: Bool { limits.entries <= 0 || limits.bytes <= 0 }

    /// The entry for `key` if it was stored under `version`; finding it makes it the most
    /// recently used.
    mutating func entry(for key: String, version: Int64) -> Entry? {
        guard !isDisabled else { return nil }
        if version != self.version {
            removeAll()
            self.version = version
            return nil
        }
        guard let index = slotIndex[key], let entry = slots[index]?.entry else { return nil }
        if index != newest {
            unlink(index)
            linkAsNewest(index)
        }
        return entry
    }

    /// Keeps `entry` under `key` as the most recently used, if it was made for the current
    /// version and is not larger than ``Limits/largestEntryBytes``; then drops the least
    /// recently used entries until both bounds hold.
    mutating func store(_ entry: Entry, for key: String, version: Int64) {
        guard !isDisabled, version == self.version else { return }
        let bytes = Self.cost(of: entry, key: key)
        if let index = slotIndex[key] { remove(index) }
        guard bytes <= limits.largestEntryBytes else { return }
        let slot = Slot(key: key, entry: entry, bytes: bytes, older: -1, newer: -1)
        let index: Int
        if let free = freeSlots.popLast() {
            index = free
            slots[index] = slot
        } else {
            index = slots.count
            slots.append(slot)
        }
        slotIndex[key] = index
        byteCount += bytes
        linkAsNewest(index)
        while slotIndex.count > limits.entries || byteCount > limits.bytes, oldest >= 0 {
            remove(oldest)
        }
    }

    /// The keys kept, least recently used first (for tests).
    var keysByUse: [String] {
        var keys: [String] = []
        var index = oldest
        while index >= 0, let slot = slots[index] {
            keys.append(slot.key)
            index = slot.newer
        }
        return keys
    }

    private mutating func removeAll() {
        slotIndex.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        freeSlots.removeAll(keepingCapacity: true)
        newest = -1
        oldest = -1
        byteCount = 0
    }

    private mutating func remove(_ index: Int) {
        guard let slot = slots[index] else { return }
        unlink(index)
        slotIndex[slot.key] = nil
        byteCount -= slot.bytes
        slots[index] = nil
        freeSlots.append(index)
    }

    private mutating func unlink(_ index: Int) {
        guard let slot = slots[index] else { return }
        if slot.older >= 0 { slots[slot.older]?.newer = slot.newer } else { oldest = slot.newer }
        if slot.newer >= 0 { slots[slot.newer]?.older = slot.older } else { newest = slot.older }
        slots[index]?.older = -1
        slots[index]?.newer = -1
    }

    private mutating func linkAsNewest(_ index: Int) {
        slots[index]?.older = newest
        slots[index]?.newer = -1
        if newest >= 0 { slots[newest]?.newer = index } else { oldest = index }
        newest = index
    }
}

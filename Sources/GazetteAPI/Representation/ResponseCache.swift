/// Encoded responses of reads, kept per event loop and valid for one data version.
///
/// Keyed by the raw request target and the encoding; all entries are dropped when the data
/// version changes (any write), and the oldest when the cache is full.
struct ResponseCache {
    struct Entry {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]
        /// The representation's `Last-Modified`, for `If-Modified-Since` on a cache hit.
        var lastModified: Int64? = nil
    }

    private let capacity: Int
    private var version: Int64 = -1
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var orderStart = 0

    init(capacity: Int) { self.capacity = capacity }

    /// The entry for `key` if it was stored under `version`.
    mutating func entry(for key: String, version: Int64) -> Entry? {
        guard capacity > 0 else { return nil }
        if version != self.version {
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            orderStart = 0
            self.version = version
            return nil
        }
        return entries[key]
    }

    mutating func store(_ entry: Entry, for key: String, version: Int64) {
        guard capacity > 0, version == self.version else { return }
        if entries.updateValue(entry, forKey: key) == nil { order.append(key) }
        while entries.count > capacity, orderStart < order.count {
            entries[order[orderStart]] = nil
            orderStart += 1
        }
        if orderStart > capacity {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}

import GazetteStore
import Glibc

/// The category nodes as a tree and as a flat list, built once per request from the store's rows
/// with every lookup by array index: each node's full path, its children in the store's order
/// (most used first), the roots, and the flat order (by path, component by component, comparing
/// UTF-8 bytes, so a parent comes just before its children).
///
/// Built in O(n log n) with no hashing in the sort: `/v1/categories` is read on every page load
/// of a frontend, and with the response cache off it used to spend most of its time in a sort
/// whose comparator looked both paths up in a dictionary and compared them as `String`s.
struct CategoryTree {
    /// The store's rows, in the store's order.
    let rows: [CategoryRow]
    /// `paths[i]`: the names from the root to `rows[i]`.
    let paths: [[String]]
    /// `children[i]`: indices of `rows[i]`'s children, in the store's order.
    let children: [[Int]]
    /// Indices of the nodes with no parent among `rows`, in the store's order.
    let roots: [Int]
    /// Every index, ordered by path.
    let flatOrder: [Int]

    /// Deeper paths than this are cut (a parent cycle in a damaged database cannot loop).
    static let maximumDepth = 64

    init(rows: [CategoryRow]) {
        self.rows = rows
        var indexByID: [Int64: Int] = [:]
        indexByID.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() where indexByID[row.id] == nil { indexByID[row.id] = index }
        let parents: [Int?] = rows.map { row in row.parentID.flatMap { indexByID[$0] } }
        var children = [[Int]](repeating: [], count: rows.count)
        var roots: [Int] = []
        for (index, parent) in parents.enumerated() {
            if let parent { children[parent].append(index) } else { roots.append(index) }
        }
        var paths: [[String]] = []
        paths.reserveCapacity(rows.count)
        var keys: [[UInt8]] = []
        keys.reserveCapacity(rows.count)
        var chain: [Int] = []
        for index in rows.indices {
            chain.removeAll(keepingCapacity: true)
            chain.append(index)
            var current = parents[index]
            while let parent = current, chain.count <= Self.maximumDepth {
                chain.append(parent)
                current = parents[parent]
            }
            let names = chain.reversed().map { rows[$0].name }
            paths.append(names)
            keys.append(Self.sortKey(names))
        }
        self.paths = paths
        self.children = children
        self.roots = roots
        flatOrder = rows.indices.sorted { Self.precedes(keys[$0], keys[$1]) }
    }

    /// One byte string per path whose byte order is the path's order, component by component:
    /// each name's UTF-8 followed by 0x00, with 0x00 and 0x01 inside a name written as 0x01 0x01
    /// and 0x01 0x02, so a shorter name (its 0x00) sorts before any longer one it begins.
    static func sortKey(_ names: [String]) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(names.reduce(0) { $0 + $1.utf8.count + 1 })
        for name in names {
            if name.utf8.contains(where: { $0 <= 0x01 }) {
                for byte in name.utf8 {
                    if byte <= 0x01 { key += [0x01, byte + 1] } else { key.append(byte) }
                }
            } else {
                key.append(contentsOf: name.utf8)
            }
            key.append(0x00)
        }
        return key
    }

    /// `memcmp` order of two byte strings, the shorter first when one begins the other.
    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let common = min(left.count, right.count)
        let order = left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                guard let l = l.baseAddress, let r = r.baseAddress, common > 0 else { return Int32(0) }
                return memcmp(l, r, common)
            }
        }
        return order != 0 ? order < 0 : left.count < right.count
    }
}

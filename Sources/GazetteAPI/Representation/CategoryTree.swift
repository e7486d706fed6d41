import GazetteStore
import Glibc

/// The category nodes as a tree and as a flat list, built once per request from the store's rows
/// with every lookup by array index: each node's path (the chain of nodes from its root), its
/// children in the store's order (most used first), the roots, and the flat order (by path,
/// component by component, comparing UTF-8 bytes, so a parent comes just before its children).
///
/// Built in O(n log n) with no hashing in the sort and a fixed number of allocations whatever
/// the number of nodes: `/v1/categories` is read on every page load of a frontend, and with the
/// response cache off it used to spend most of its time in a sort whose comparator looked both
/// paths up in a dictionary and compared them as `String`s, and then in one array per node (its
/// path, its children, its sort key). Chains, children and sort keys now each live in one flat
/// array, a node's part of it found by offset.
struct CategoryTree {
    /// The store's rows, in the store's order.
    let rows: [CategoryRow]
    /// Indices of the nodes with no parent among `rows`, in the store's order.
    let roots: [Int]
    /// Every index, ordered by path.
    let flatOrder: [Int]
    /// Every node's chain, root first, one after another: node `i`'s is
    /// `chains[chainStarts[i]..<chainStarts[i + 1]]`.
    private let chains: [Int]
    private let chainStarts: [Int]
    /// Every node's children in the store's order, grouped by parent: node `i`'s are
    /// `childLists[childStarts[i]..<childStarts[i + 1]]`.
    private let childLists: [Int]
    private let childStarts: [Int]

    /// Deeper paths than this are cut (a parent cycle in a damaged database cannot loop).
    static let maximumDepth = 64

    init(rows: [CategoryRow]) {
        self.rows = rows
        var indexByID: [Int64: Int] = [:]
        indexByID.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() where indexByID[row.id] == nil { indexByID[row.id] = index }
        // -1: no parent among `rows`.
        let parents: [Int] = rows.map { row in row.parentID.flatMap { indexByID[$0] } ?? -1 }

        var childCounts = [Int](repeating: 0, count: rows.count + 1)
        var roots: [Int] = []
        for (index, parent) in parents.enumerated() {
            if parent >= 0 { childCounts[parent + 1] += 1 } else { roots.append(index) }
        }
        var childStarts = childCounts
        for index in rows.indices { childStarts[index + 1] += childStarts[index] }
        var childLists = [Int](repeating: 0, count: rows.count - roots.count)
        var filled = childStarts
        for (index, parent) in parents.enumerated() where parent >= 0 {
            childLists[filled[parent]] = index
            filled[parent] += 1
        }

        var chains: [Int] = []
        chains.reserveCapacity(rows.count * 3)
        var chainStarts: [Int] = [0]
        chainStarts.reserveCapacity(rows.count + 1)
        for index in rows.indices {
            let start = chains.count
            chains.append(index)
            var current = parents[index]
            while current >= 0, chains.count - start <= Self.maximumDepth {
                chains.append(current)
                current = parents[current]
            }
            chains[start...].reverse()
            chainStarts.append(chains.count)
        }

        self.roots = roots
        self.chains = chains
        self.chainStarts = chainStarts
        self.childLists = childLists
        self.childStarts = childStarts
        flatOrder = Self.pathOrder(rows: rows, chains: chains, chainStarts: chainStarts)
    }

    /// The nodes from the root to `index`, root first.
    func chain(of index: Int) -> ArraySlice<Int> { chains[chainStarts[index]..<chainStarts[index + 1]] }

    /// The names from the root to `index`.
    func path(of index: Int) -> [String] { chain(of: index).map { rows[$0].name } }

    /// `index`'s children, in the store's order.
    func children(of index: Int) -> ArraySlice<Int> { childLists[childStarts[index]..<childStarts[index + 1]] }

    /// Every index, ordered by its path's ``sortKey(_:)``: each name's key segment is made once,
    /// a node's key is its chain's segments one after another in one shared buffer, and two keys
    /// are compared with `memcmp`.
    private static func pathOrder(rows: [CategoryRow], chains: [Int], chainStarts: [Int]) -> [Int] {
        var segments: [UInt8] = []
        var segmentStarts: [Int] = [0]
        segmentStarts.reserveCapacity(rows.count + 1)
        for row in rows {
            appendSegment(row.name, to: &segments)
            segmentStarts.append(segments.count)
        }
        var keys: [UInt8] = []
        var keyStarts: [Int] = [0]
        keyStarts.reserveCapacity(rows.count + 1)
        segments.withUnsafeBufferPointer { segments in
            for index in rows.indices {
                for node in chains[chainStarts[index]..<chainStarts[index + 1]] {
                    keys.append(contentsOf: segments[segmentStarts[node]..<segmentStarts[node + 1]])
                }
                keyStarts.append(keys.count)
            }
        }
        var order = Array(rows.indices)
        keys.withUnsafeBufferPointer { keys in
            order.sort { left, right in
                precedes(
                    UnsafeBufferPointer(rebasing: keys[keyStarts[left]..<keyStarts[left + 1]]),
                    UnsafeBufferPointer(rebasing: keys[keyStarts[right]..<keyStarts[right + 1]]))
            }
        }
        return order
    }

    /// One byte string per path whose byte order is the path's order, component by component:
    /// each name's UTF-8 followed by 0x00, with 0x00 and 0x01 inside a name written as 0x01 0x01
    /// and 0x01 0x02, so a shorter name (its 0x00) sorts before any longer one it begins.
    static func sortKey(_ names: [String]) -> [UInt8] {
        var key: [UInt8] = []
        for name in names { appendSegment(name, to: &key) }
        return key
    }

    /// Appends `name`'s part of a ``sortKey(_:)``.
    private static func appendSegment(_ name: String, to key: inout [UInt8]) {
        var name = name
        name.withUTF8 { utf8 in
            if utf8.contains(where: { $0 <= 0x01 }) {
                for byte in utf8 {
                    if byte <= 0x01 {
                        key.append(0x01)
                        key.append(byte + 1)
                    } else {
                        key.append(byte)
                    }
                }
            } else {
                key.append(contentsOf: utf8)
            }
        }
        key.append(0x00)
    }

    /// `memcmp` order of two byte strings, the shorter first when one begins the other.
    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBufferPointer { left in right.withUnsafeBufferPointer { right in precedes(left, right) } }
    }

    private static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(left.count, right.count)
        if common > 0, let l = left.baseAddress, let r = right.baseAddress {
            let order = memcmp(l, r, common)
            if order != 0 { return order < 0 }
        }
        return left.count < right.count
    }
}

import Testing

@testable import GazetteAPI
@testable import GazetteStore

/// The tree and flat list `/v1/categories` serves, from the store's rows (most used first).
@Suite struct CategoryTreeTests {
    static func row(_ id: Int64, _ parent: Int64?, _ name: String, _ count: Int) -> CategoryRow {
        CategoryRow(id: id, parentID: parent, path: name, name: name, count: count, latestAt: nil)
    }

    static let rows = [
        row(1, nil, "金融", 9), row(2, 1, "证券", 5), row(3, nil, "A B", 4), row(4, nil, "A", 3),
        row(5, 4, "C", 2), row(6, 1, "基金", 2), row(7, 2, "港股", 1),
    ]

    @Test func paths_runFromTheRoot() {
        let tree = CategoryTree(rows: Self.rows)
        #expect(tree.path(of: 6) == ["金融", "证券", "港股"])
        #expect(tree.path(of: 3) == ["A"])
    }

    @Test func childrenAndRoots_keepTheStoresOrder() {
        let tree = CategoryTree(rows: Self.rows)
        #expect(tree.roots.map { tree.rows[$0].name } == ["金融", "A B", "A"])
        #expect(tree.children(of: 0).map { tree.rows[$0].name } == ["证券", "基金"])
        #expect(tree.children(of: 1).map { tree.rows[$0].name } == ["港股"])
    }

    /// Component by component: `A › C` sorts after `A` and before `A B`, which comparing the
    /// joined strings would get wrong.
    @Test func flatOrder_isByPath_parentsFirst() {
        let tree = CategoryTree(rows: Self.rows)
        #expect(
            tree.flatOrder.map { tree.path(of: $0) } == [
                ["A"], ["A", "C"], ["A B"], ["金融"], ["金融", "基金"], ["金融", "证券"], ["金融", "证券", "港股"],
            ])
    }

    /// A damaged database whose parents form a loop has no root there, and every path stays
    /// bounded.
    @Test func parentCycle_isBounded() {
        let tree = CategoryTree(rows: [Self.row(1, 2, "x", 1), Self.row(2, 1, "y", 1), Self.row(3, 9, "orphan", 1)])
        #expect(tree.roots.map { tree.rows[$0].name } == ["orphan"])
        #expect(tree.rows.indices.allSatisfy { tree.path(of: $0).count <= CategoryTree.maximumDepth + 1 })
        #expect(tree.flatOrder.count == 3)
    }

    /// Names holding the bytes the key escapes still sort as their components do.
    @Test func sortKey_ordersAsTheComponents() {
        let paths: [[String]] = [
            ["a"], ["a", ""], ["a", "\u{0}"], ["a", "\u{1}"], ["a", "\u{1}b"], ["a", "b"], ["a\u{0}"], ["ab"],
        ]
        for left in paths {
            for right in paths {
                let expected = left.lexicographicallyPrecedes(right) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                #expect(
                    CategoryTree.precedes(CategoryTree.sortKey(left), CategoryTree.sortKey(right)) == expected,
                    "\(left) < \(right)")
            }
        }
    }
}

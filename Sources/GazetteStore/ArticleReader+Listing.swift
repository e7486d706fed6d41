import GazetteCore

/// The result of a listing besides its rows.
public struct ArticleListing: Sendable, Equatable {
    /// Exact number of articles matching the filters (all pages).
    public var total: Int
    /// Where the next page starts; `nil` on the last page.
    public var nextCursor: ArticleCursor?
}

extension ArticleReader {
    /// Lists the articles `query` selects, calling `each` with every article of the page in order.
    ///
    /// A page is one index range: by date over all articles, or by date within one category or
    /// one tag (the `article_categories`/`article_tags` indexes carry the date). Totals come
    /// from the counters the triggers keep when a single filter is given, and are counted
    /// otherwise. A search makes one pass over its matches, which counts them: ranked by
    /// relevance (``SearchRanking``), or in date order by walking the date index against them
    /// (``DateOrderedSearch``).
    public func list(_ query: ArticleQuery, each: (ListedArticle) throws -> Void) throws -> ArticleListing {
        guard let plan = try ListingPlan(query: query, connection: connection) else {
            return ArticleListing(total: 0, nextCursor: nil)
        }
        var emitted = 0
        var last: (publishedAt: Int64?, id: Int64, score: Double?)?
        var hasMore = false
        let hasText = query.search != nil
        let visit: (Row) throws -> Bool = { row in
            guard emitted < query.limit else {
                hasMore = true
                return false
            }
            let article = ListedArticle(row: row, hasText: hasText)
            try each(article)
            emitted += 1
            last = (article.publishedAt, article.id, query.sort == .relevance ? article.score : nil)
            return true
        }
        let order: ListingPlan.Order = query.sort == .oldest ? .ascending : .descending
        var total: Int?
        if query.sort == .relevance, let search = query.search {
            total = try plan.runRelevance(
                search, cursor: query.cursor, limit: query.limit + 1, offset: query.offset, visit)
        } else if let search = query.search {
            total = try plan.runByDate(
                search, order: order, cursor: query.offset > 0 ? nil : query.cursor, limit: query.limit + 1,
                offset: query.offset, visit)
        } else if query.offset > 0 {
            try plan.run(order: order, phase: .all, cursor: nil, limit: query.limit + 1, offset: query.offset, visit)
        } else {
            // Dated articles in order, then the undated ones (last in both orders): two index
            // ranges, each entered with one seek from the cursor, no sort.
            if query.cursor == nil || query.cursor?.publishedAt != nil {
                try plan.run(
                    order: order, phase: .dated, cursor: query.cursor, limit: query.limit + 1, offset: 0, visit)
            }
            if !hasMore && plan.includesUndated {
                let cursor = query.cursor?.publishedAt == nil ? query.cursor : nil
                try plan.run(
                    order: order, phase: .undated, cursor: cursor, limit: query.limit + 1 - emitted, offset: 0, visit)
            }
        }
        let next =
            hasMore
            ? last.map { ArticleCursor(sort: query.sort, publishedAt: $0.publishedAt, id: $0.id, score: $0.score) }
            : nil
        return ArticleListing(total: try total ?? plan.total(), nextCursor: next)
    }
}

/// One listing turned into SQL: the driving index, the conditions and their values.
struct ListingPlan {
    enum Order {
        case descending
        case ascending
    }

    enum Phase {
        /// Every article in one statement, undated last (with `offset`).
        case all
        case dated
        case undated
    }

    let connection: Connection
    let query: ArticleQuery
    /// `FROM …` with the driving table.
    let from: String
    /// The date and id columns of the driving index.
    let dateColumn: String
    let idColumn: String
    var conditions: [String] = []
    var values: [SQLiteValue] = []
    /// Resolved filter ids, for the search path's rowid-only conditions.
    var categoryIDs: [Int64] = []
    var tagIDs: [Int64] = []
    /// A counter that holds the exact total, when one filter alone is given.
    var counterSQL: (String, [SQLiteValue])?

    /// `nil` when a filter names nothing that exists (the result is empty).
    init?(query: ArticleQuery, connection: Connection) throws {
        self.connection = connection
        self.query = query
        var categoryIDs: [Int64] = []
        for filter in query.categories {
            switch filter {
            case .name(let name):
                try connection.statement("SELECT id FROM categories WHERE name = ?").forEachRow([.text(name)]) {
                    categoryIDs.append($0.int64(0))
                }
            case .path(let path):
                if let id = try connection.statement("SELECT id FROM categories WHERE path = ?").first(
                    [.text(path.joined)], { $0.int64(0) })
                {
                    categoryIDs.append(id)
                }
            }
        }
        var tagIDs: [Int64] = []
        for tag in query.tags {
            if let id = try connection.statement("SELECT id FROM tags WHERE name = ?").first(
                [.text(tag)], { $0.int64(0) })
            {
                tagIDs.append(id)
            }
        }
        categoryIDs = Array(Set(categoryIDs)).sorted()
        tagIDs = Array(Set(tagIDs)).sorted()
        self.categoryIDs = categoryIDs
        self.tagIDs = tagIDs
        if !query.categories.isEmpty && categoryIDs.isEmpty { return nil }
        if !query.tags.isEmpty && tagIDs.isEmpty { return nil }

        let onlyDates = query.authors.isEmpty && query.search == nil
        if categoryIDs.count == 1 && tagIDs.isEmpty && onlyDates {
            from = "FROM article_categories x JOIN articles a ON a.id = x.article_id"
            dateColumn = "x.published_at"
            idColumn = "x.article_id"
            conditions.append("x.category_id = ?")
            values.append(.integer(categoryIDs[0]))
            if query.since == nil && query.until == nil {
                counterSQL = ("SELECT count FROM categories WHERE id = ?", [.integer(categoryIDs[0])])
            }
        } else if tagIDs.count == 1 && categoryIDs.isEmpty && onlyDates {
            from = "FROM article_tags x JOIN articles a ON a.id = x.article_id"
            dateColumn = "x.published_at"
            idColumn = "x.article_id"
            conditions.append("x.tag_id = ?")
            values.append(.integer(tagIDs[0]))
            if query.since == nil && query.until == nil {
                counterSQL = ("SELECT count FROM tags WHERE id = ?", [.integer(tagIDs[0])])
            }
        } else {
            // A search is not run from here but by `runRelevance` and `runByDate`.
            from = "FROM articles a"
            dateColumn = "a.published_at"
            idColumn = "a.id"
            let membership = Self.membership(of: "a.id", categoryIDs: categoryIDs, tagIDs: tagIDs)
            conditions += membership.conditions
            values += membership.values
            let byAuthor = Self.authorFilter(of: "a.author", authors: query.authors)
            conditions += byAuthor.conditions
            values += byAuthor.values
            if !query.hasFilters {
                counterSQL = ("SELECT articles FROM data_version WHERE id = 1", [])
            } else if query.authors.count == 1 && categoryIDs.isEmpty && tagIDs.isEmpty && query.since == nil
                && query.until == nil
            {
                counterSQL = ("SELECT count FROM authors WHERE name = ?", [.text(query.authors[0])])
            }
        }
        let byDate = Self.dateBounds(of: dateColumn, since: query.since, until: query.until)
        conditions += byDate.conditions
        values += byDate.values
    }

    /// Undated articles can match only when no date bound is given.
    var includesUndated: Bool { query.since == nil && query.until == nil }

    func run(order: Order, phase: Phase, cursor: ArticleCursor?, limit: Int, offset: Int, _ visit: (Row) throws -> Bool)
        throws
    {
        guard limit > 0 else { return }
        var conditions = self.conditions
        var values = self.values
        switch phase {
        case .all: break
        case .dated: conditions.append("\(dateColumn) IS NOT NULL")
        case .undated: conditions.append("\(dateColumn) IS NULL")
        }
        if let cursor {
            // Row values keep the keyset one range of the index (https://sqlite.org/rowvalue.html).
            let comparison = order == .descending ? "<" : ">"
            if let date = cursor.publishedAt {
                conditions.append("(\(dateColumn), \(idColumn)) \(comparison) (?, ?)")
                values += [.integer(date), .integer(cursor.id)]
            } else {
                conditions.append("\(idColumn) \(comparison) ?")
                values.append(.integer(cursor.id))
            }
        }
        let direction = order == .descending ? "DESC" : "ASC"
        func orderClause(date: String, id: String) -> String {
            switch phase {
            case .dated: return "\(date) \(direction), \(id) \(direction)"
            case .undated: return "\(id) \(direction)"
            case .all:
                // SQLite sorts NULL first: descending puts undated last by itself (index order),
                // ascending needs the explicit key (a sort; only reached with `offset`).
                return order == .descending
                    ? "\(date) DESC, \(id) DESC" : "\(date) IS NULL, \(date) ASC, \(id) ASC"
            }
        }
        let orderBy = orderClause(date: dateColumn, id: idColumn)
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(SummaryRow.columns) \(from)\(whereClause) ORDER BY \(orderBy) LIMIT ? OFFSET ?"
        let statement = try connection.statement(sql)
        try statement.bind(values + [.integer(Int64(limit)), .integer(Int64(offset))])
        defer { statement.reset() }
        while try statement.step() {
            guard try visit(Row(statement: statement)) else { break }
        }
    }

    /// A search ranked by relevance; returns the number of matches.
    ///
    /// One pass over the matches (``SearchRanking``): `gazette_collect` scores every row that
    /// passes the filters, counts it and keeps the best `offset + limit` after the cursor; then
    /// only the page's articles are read, body text included for snippets. Equal scores list
    /// the newer id first.
    func runRelevance(
        _ search: SearchQuery, cursor: ArticleCursor?, limit: Int, offset: Int, _ visit: (Row) throws -> Bool
    ) throws -> Int {
        let (from, conditions, values) = searchFilter(search)
        // The filters are tested before the row is offered: a CASE fixes the order, where
        // plain AND terms may be evaluated in any order.
        let filters = conditions.dropFirst()
        let collect = "\(SearchRanking.functionName)(search_index)"
        let offered =
            filters.isEmpty ? collect : "CASE WHEN \(filters.joined(separator: " AND ")) THEN \(collect) ELSE 0 END"
        let collector = connection.relevance
        collector.pointee.reset(
            keeping: offset + limit,
            after: cursor.map { RelevanceCollector.Match(score: $0.score ?? 0, id: $0.id) })
        let statement = try connection.statement("SELECT 1 \(from) WHERE \(conditions[0]) AND \(offered)")
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {}
        let page = try connection.statement(
            "SELECT \(SummaryRow.columns), a.body_text, ? FROM articles a WHERE a.id = ?")
        defer { page.reset() }
        for match in collector.pointee.best().dropFirst(offset) {
            try page.bind([.real(match.score), .integer(match.id)])
            guard try page.step() else { continue }
            guard try visit(Row(statement: page)) else { break }
        }
        return collector.pointee.matched
    }

    /// A search in date order (``DateOrderedSearch``); returns the number of matches.
    func runByDate(
        _ search: SearchQuery, order: Order, cursor: ArticleCursor?, limit: Int, offset: Int,
        _ visit: (Row) throws -> Bool
    ) throws -> Int {
        let (from, conditions, values) = searchFilter(search)
        let dated = DateOrderedSearch(
            connection: connection, isDescending: order == .descending, since: query.since, until: query.until)
        // Only with no filter; a long prefix would be merged twice (by the statement and by the walk).
        let mayWalkPhrase = conditions.count == 1 && from == "FROM search_index" && !search.hasLongPrefix
        let (total, work) = try dated.run(
            matchSQL: "SELECT search_index.rowid \(from) WHERE \(conditions.joined(separator: " AND "))",
            values: values, unfilteredExpression: mayWalkPhrase ? search.expression : nil, cursor: cursor,
            limit: limit, offset: offset, visit)
        connection.lastDateSearchWork = work
        return total
    }

    /// `FROM` and conditions of a search over rowids: category and tag filters test the rowid;
    /// the articles table is joined only for author and date filters.
    private func searchFilter(_ search: SearchQuery) -> (String, [String], [SQLiteValue]) {
        var from = "FROM search_index"
        var conditions = ["search_index MATCH ?"]
        var values: [SQLiteValue] = [.text(search.expression)]
        let membership = Self.membership(of: "search_index.rowid", categoryIDs: categoryIDs, tagIDs: tagIDs)
        conditions += membership.conditions
        values += membership.values
        if !query.authors.isEmpty || query.since != nil || query.until != nil {
            from += " JOIN articles a ON a.id = search_index.rowid"
            let byAuthor = Self.authorFilter(of: "a.author", authors: query.authors)
            let byDate = Self.dateBounds(of: "a.published_at", since: query.since, until: query.until)
            conditions += byAuthor.conditions + byDate.conditions
            values += byAuthor.values + byDate.values
        }
        return (from, conditions, values)
    }

    /// The exact number of matching articles (a search counts its own, in its one pass).
    func total() throws -> Int {
        if let (sql, values) = counterSQL {
            return try connection.statement(sql).first(values) { $0.int(0) } ?? 0
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try connection.statement("SELECT COUNT(*) \(from)\(whereClause)").first(values) { $0.int(0) } ?? 0
    }

    /// "`column` is an article in one of these categories (and one of these tags)": ORed within
    /// a kind, ANDed across kinds, tested on the index tables alone.
    static func membership(
        of column: String, categoryIDs: [Int64], tagIDs: [Int64]
    ) -> (conditions: [String], values: [SQLiteValue]) {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if !categoryIDs.isEmpty {
            conditions.append(
                "\(column) IN (SELECT article_id FROM article_categories WHERE category_id IN (\(placeholders(categoryIDs.count))))"
            )
            values += categoryIDs.map { .integer($0) }
        }
        if !tagIDs.isEmpty {
            conditions.append(
                "\(column) IN (SELECT article_id FROM article_tags WHERE tag_id IN (\(placeholders(tagIDs.count))))")
            values += tagIDs.map { .integer($0) }
        }
        return (conditions, values)
    }

    /// "`column` is one of these authors" (no condition when `authors` is empty).
    static func authorFilter(of column: String, authors: [String]) -> (conditions: [String], values: [SQLiteValue]) {
        guard !authors.isEmpty else { return ([], []) }
        return (["\(column) IN (\(placeholders(authors.count)))"], authors.map { .text($0) })
    }

    /// "`column` is at or after `since` and before `until`" (each bound only when given).
    static func dateBounds(of column: String, since: Int64?, until: Int64?) -> (
        conditions: [String], values: [SQLiteValue]
    ) {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let since {
            conditions.append("\(column) >= ?")
            values.append(.integer(since))
        }
        if let until {
            conditions.append("\(column) < ?")
            values.append(.integer(until))
        }
        return (conditions, values)
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

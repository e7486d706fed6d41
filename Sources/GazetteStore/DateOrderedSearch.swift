import GazetteCore

/// A search in date order (`sort=-published_at` or `sort=published_at`): one pass over the
/// FTS5 doclist collects the matches into a ``MatchSet`` (its size is the exact `total`; for
/// one phrase with no filter a walk of the phrase's rows, ``PhraseRows``, else a statement), then
/// the page comes from one of two strategies, chosen by the number of matches:
/// - **walk**: the articles' `(published_at, id)` index is walked in the requested order from
///   the cursor, each article tested against the set, until the page is full. A common word's
///   newest 20 are among the first few dozen articles, whatever the size of the archive.
/// - **sort**: each match's date is looked up in the covering `(id, published_at)` index
///   (`migrations/0002`) and the matches are sorted. For a rare term this is a few lookups,
///   where a walk would pass thousands of articles that do not match.
///
/// A walk is expected to pass `wanted · articles / matches` articles (matches spread evenly
/// over time), a sort costs one lookup per match; a lookup costs about
/// ``walkedRowsPerSortedMatch`` walked rows, so the walk is chosen when its expected length is
/// under that many rows per match. Matches need not be spread evenly (a word of last year's
/// news, walked from today), so the walk stops at twice that (the slack keeps a walk chosen
/// near the switch from giving up on an unlucky stretch) and the sort takes over: a query
/// never costs more than about three times what the better strategy would have.
///
/// Undated articles come after the dated ones in both orders (API.md), newer id first with
/// `-published_at`, older first with `published_at`.
struct DateOrderedSearch {
    /// What one date-ordered search did: which strategy gave the page and how much it read.
    struct Work: Equatable {
        enum Strategy: Equatable {
            case walk
            case sort
            /// The walk reached its budget before the page was full; the sort gave the page.
            case walkThenSort
        }

        /// How the matches were collected.
        enum MatchPass: Equatable {
            /// `SELECT rowid … WHERE search_index MATCH ?` and the filters, stepped per match.
            case statement
            /// One phrase's rows, walked by ``PhraseRows``.
            case phraseWalk
        }

        var strategy: Strategy = .sort
        var matchPass: MatchPass = .statement
        /// Rows of the date index the walk passed.
        var walked = 0
        /// Matches whose date was looked up for the sort.
        var sorted = 0
    }

    /// Rows walked that cost about as much as one match's date lookup and its share of the
    /// sort: 0.08–0.18 µs against 0.55–0.75 µs on the 100,000-article benchmark database
    /// (README, Benchmarks → "Search that stays fast as the archive grows").
    static let walkedRowsPerSortedMatch = 8

    let connection: Connection
    let isDescending: Bool
    /// Date bounds of the query (`since` inclusive, `until` exclusive); undated articles match
    /// only when neither is given.
    let since: Int64?
    let until: Int64?

    /// Runs the search whose matches `matchSQL` selects (one rowid per row; `values` are its
    /// parameters), calling `visit` with the page's articles in order (body text included, for
    /// snippets) until it returns `false`; returns the number of matches and the work done.
    ///
    /// - Parameters:
    ///   - unfilteredExpression: the MATCH expression, when `matchSQL` tests nothing else: a
    ///     one-phrase search's matches are then collected by ``PhraseRows``.
    ///   - cursor: the last article of the previous page; the page starts after it.
    ///   - limit: the most articles to visit.
    ///   - offset: matches to skip first (after the cursor, when both are given).
    func run(
        matchSQL: String, values: [SQLiteValue], unfilteredExpression: String?, cursor: ArticleCursor?, limit: Int,
        offset: Int, _ visit: (Row) throws -> Bool
    ) throws -> (total: Int, work: Work) {
        var work = Work()
        let matches = try collect(
            matchSQL: matchSQL, values: values, unfilteredExpression: unfilteredExpression, work: &work)
        guard matches.count > 0, limit > 0 else { return (matches.count, work) }
        let start = cursor.map { Key(publishedAt: $0.publishedAt, id: $0.id) }
        let wanted = offset + limit
        let articles =
            try connection.statement("SELECT articles FROM data_version WHERE id = 1").first { $0.int(0) } ?? 0
        let breakEven = Self.walkedRowsPerSortedMatch * matches.count
        var page: [Int64]?
        if Double(wanted) * Double(articles) / Double(matches.count) <= Double(breakEven) {
            page = try walk(matches, after: start, wanted: wanted, budget: 2 * breakEven, work: &work)
            work.strategy = page == nil ? .walkThenSort : .walk
        }
        let ids = try page ?? sort(matches, after: start, wanted: wanted, work: &work)
        let row = try connection.statement(
            "SELECT \(SummaryRow.columns), a.body_text, NULL FROM articles a WHERE a.id = ?")
        defer { row.reset() }
        for id in ids.dropFirst(offset) {
            try row.bind([.integer(id)])
            guard try row.step() else { continue }
            guard try visit(Row(statement: row)) else { break }
        }
        return (matches.count, work)
    }

    /// Every match: by ``PhraseRows`` when `unfilteredExpression` is one phrase, else by
    /// stepping `matchSQL`.
    private func collect(
        matchSQL: String, values: [SQLiteValue], unfilteredExpression: String?, work: inout Work
    ) throws -> MatchSet {
        if let unfilteredExpression {
            let rows = connection.phraseRows
            rows.pointee.reset(deadline: connection.activeDeadline)
            _ = try connection.statement(
                "SELECT \(PhraseRows.functionName)(search_index) FROM search_index WHERE search_index MATCH ? LIMIT 1"
            ).first([.text(unfilteredExpression)]) { _ in () }
            // Not called means no row matches: the set, empty, is complete all the same.
            if rows.pointee.outcome != .severalPhrases {
                work.matchPass = .phraseWalk
                defer { rows.pointee.reset(deadline: nil) }
                return rows.pointee.matches
            }
        }
        var matches = MatchSet()
        let statement = try connection.statement(matchSQL)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {
            matches.insert(Row(statement: statement).int64(0))
        }
        work.matchPass = .statement
        return matches
    }

    /// An article's place in the order.
    struct Key {
        var publishedAt: Int64?
        var id: Int64
    }

    /// Whether `a` comes before `b` in this search's order.
    func precedes(_ a: Key, _ b: Key) -> Bool {
        switch (a.publishedAt, b.publishedAt) {
        case (let x?, let y?):
            return isDescending ? (x > y || (x == y && a.id > b.id)) : (x < y || (x == y && a.id < b.id))
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return isDescending ? a.id > b.id : a.id < b.id
        }
    }

    /// The first `wanted` matches after `start` in index order, or `nil` when more than
    /// `budget` rows would be walked to find them.
    private func walk(_ matches: MatchSet, after start: Key?, wanted: Int, budget: Int, work: inout Work) throws
        -> [Int64]?
    {
        var found: [Int64] = []
        found.reserveCapacity(wanted)
        let comparison = isDescending ? "<" : ">"
        let direction = isDescending ? "DESC" : "ASC"
        // Dated articles, one seek into `articles_newest` from the cursor and the date bounds.
        if start == nil || start?.publishedAt != nil {
            var conditions = ["published_at IS NOT NULL"]
            var values: [SQLiteValue] = []
            if let start, let date = start.publishedAt {
                // Row values keep the keyset one range of the index (https://sqlite.org/rowvalue.html).
                conditions.append("(published_at, id) \(comparison) (?, ?)")
                values += [.integer(date), .integer(start.id)]
            }
            let byDate = ListingPlan.dateBounds(of: "published_at", since: since, until: until)
            conditions += byDate.conditions
            values += byDate.values
            let sql = """
                SELECT id FROM articles INDEXED BY articles_newest WHERE \(conditions.joined(separator: " AND ")) \
                ORDER BY published_at \(direction), id \(direction)
                """
            guard try walk(sql, values, matches, wanted: wanted, budget: budget, into: &found, work: &work) else {
                return nil
            }
        }
        if found.count < wanted && since == nil && until == nil {
            var sql = "SELECT id FROM articles INDEXED BY articles_newest WHERE published_at IS NULL"
            var values: [SQLiteValue] = []
            if let start, start.publishedAt == nil {
                sql += " AND id \(comparison) ?"
                values.append(.integer(start.id))
            }
            sql += " ORDER BY id \(direction)"
            guard try walk(sql, values, matches, wanted: wanted, budget: budget, into: &found, work: &work) else {
                return nil
            }
        }
        return found
    }

    /// Steps `sql` (ids in order), appending the matching ones to `found` until it holds
    /// `wanted`; `false` when the budget of walked rows ran out first.
    private func walk(
        _ sql: String, _ values: [SQLiteValue], _ matches: MatchSet, wanted: Int, budget: Int,
        into found: inout [Int64], work: inout Work
    ) throws -> Bool {
        let statement = try connection.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while found.count < wanted, try statement.step() {
            guard work.walked < budget else { return false }
            work.walked += 1
            let id = Row(statement: statement).int64(0)
            if matches.contains(id) { found.append(id) }
        }
        return true
    }

    /// The first `wanted` matches after `start`, by looking up each match's date and sorting.
    private func sort(_ matches: MatchSet, after start: Key?, wanted: Int, work: inout Work) throws -> [Int64] {
        let lookup = try connection.statement(
            "SELECT published_at FROM articles INDEXED BY articles_id_published WHERE id = ?")
        var keys: [Key] = []
        keys.reserveCapacity(min(matches.count, 4096))
        try matches.forEach { id in
            work.sorted += 1
            // `nil` when the article is gone, `.some(nil)` when it is undated.
            guard let date = try lookup.first([.integer(id)], { $0.optionalInt64(0) }) else { return }
            let key = Key(publishedAt: date, id: id)
            if let start, !precedes(start, key) { return }
            keys.append(key)
        }
        keys.sort(by: precedes)
        return keys.prefix(wanted).map(\.id)
    }
}

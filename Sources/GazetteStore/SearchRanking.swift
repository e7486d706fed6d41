import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The relevance order of search results, computed in one pass over the matches by an FTS5
/// auxiliary function, `gazette_collect`, that every connection registers.
///
/// The score is BM25 with k1 = 1.2 and b = 0, per column, title columns weighted five times
/// the body's: for each query phrase and column, the phrase's hits in the row, saturated
/// (`tf · (k1 + 1) / (tf + k1)`), weighted and summed; with several phrases each is weighted
/// by its inverse document frequency (with one phrase that weight is the same for every row
/// and is left out). It returns the negated sum, so ascending order is best first, as
/// FTS5's `bm25()` does.
///
/// b = 0 (no normalisation by document length) is the difference from FTS5's `bm25()`: that
/// needs each row's column sizes, which FTS5 reads with one SQL lookup per matching row, and
/// that lookup was 85% of the time of ranking a common word's tens of thousands of matches.
/// Everything this function reads is in the position list FTS5 already holds for the row.
///
/// Why a collector rather than `ORDER BY score LIMIT n`: a common word matches tens of
/// thousands of articles, and one pass that counts them and keeps the best `offset + limit`
/// in a heap costs about half of a sorted query plus a separate `COUNT(*)`.
enum SearchRanking {
    /// The SQL name of the function; the statement's `WHERE` calls it once per matching row.
    static let functionName = "gazette_collect"
    /// Weights of `title1, title2, body1, body2`, the columns ``SearchText`` fills.
    static let columnWeights: (Double, Double, Double, Double) = (5, 5, 1, 1)
    /// BM25's term-frequency saturation.
    static let k1 = 1.2

    /// Registers `gazette_collect` on `db` (FTS5 functions belong to a connection), feeding
    /// `collector`, which must live as long as the connection.
    static func register(
        on db: OpaquePointer, collector: UnsafeMutablePointer<RelevanceCollector>
    ) throws(SQLiteError) {
        try createFunction(on: db, named: functionName, userData: collector, collect)
    }

    /// Registers the FTS5 auxiliary function `name` on `db`; `userData` must live as long as
    /// the connection.
    static func createFunction(
        on db: OpaquePointer, named name: String, userData: UnsafeMutableRawPointer,
        _ function: fts5_extension_function
    ) throws(SQLiteError) {
        var api: UnsafeMutablePointer<fts5_api>?
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nil)
        guard code == SQLITE_OK else { throw SQLiteError(code: code, db: db, sql: "SELECT fts5(?1)") }
        defer { sqlite3_finalize(statement) }
        // SQLite compares the pointer's type name while the statement runs, so the C string
        // must outlive the step: both happen inside this closure.
        code = "fts5_api_ptr".withCString { type in
            withUnsafeMutablePointer(to: &api) { pointer in
                sqlite3_bind_pointer(statement, 1, pointer, type, nil)
                return sqlite3_step(statement)
            }
        }
        guard code == SQLITE_ROW, let api, let create = api.pointee.xCreateFunction else {
            throw SQLiteError(code: SQLITE_ERROR, message: "FTS5 is not available in this SQLite", sql: nil)
        }
        code = create(api, name, userData, function, nil)
        guard code == SQLITE_OK else { throw SQLiteError(code: code, db: db, sql: nil) }
    }

    /// `tf · (k1 + 1) / (tf + k1)`: 1 for one hit, approaching 2.2.
    static func saturated(_ hits: Int32) -> Double {
        hits == 0 ? 0 : Double(hits) * (k1 + 1) / (Double(hits) + k1)
    }

    /// BM25's inverse document frequency, always positive.
    static func inverseDocumentFrequency(rows: Int64, matching: Int64) -> Double {
        let n = Double(rows)
        let m = Double(matching)
        return log((n - m + 0.5) / (m + 0.5) + 1)
    }
}

/// The FTS5 callback behind `gazette_collect(search_index)`: scores the row and offers it to
/// the connection's ``RelevanceCollector`` (the function's user data). Returns 0, so the row
/// never reaches the statement's result.
private let collect: fts5_extension_function = { api, context, result, _, _ in
    guard let api, let context, let userData = api.pointee.xUserData?(context),
        let rowid = api.pointee.xRowid
    else {
        sqlite3_result_error(result, "gazette_collect: incomplete FTS5 API", -1)
        return
    }
    let collector = userData.assumingMemoryBound(to: RelevanceCollector.self)
    let worst = collector.pointee.worstKeptScore
    let rowScore =
        collector.pointee.hasOnePhrase(api, context)
        ? onePhraseScore(api, context, against: worst) : score(api, context, against: worst)
    switch rowScore {
    case .scored(let score):
        collector.pointee.offer(RelevanceCollector.Match(score: score, id: rowid(context)))
    case .outranked:
        collector.pointee.count()
    case .failed:
        sqlite3_result_error(result, "gazette_collect: cannot read the row's matches", -1)
        return
    }
    sqlite3_result_int(result, 0)
}

/// ``score(_:_:against:)`` for a query of one phrase, in one walk of the row's hits: the title
/// hits (FTS5 lists them first) give ``rowCeiling(_:_:_:_:)``'s bound, and only when the row can
/// still precede `worst` does the walk go on through the body hits. Most of a common word's rows
/// have no title hit and stop at their first hit; the general path walks the title hits for the
/// bound and then every hit again. The arithmetic is the general path's (``phraseScore(_:)``,
/// ``phraseCeiling(titles:nextColumn:)``), so scores and the cursors made from their bits are the same.
private func onePhraseScore(
    _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, against worst: Double?
) -> RowScore {
    guard let first = api.pointee.xPhraseFirst, let next = api.pointee.xPhraseNext else { return .failed }
    var iterator = Fts5PhraseIter()
    var column: Int32 = -1
    var offset: Int32 = 0
    var hits: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    // A failed first read leaves no hits, as in the general path.
    if first(context, 0, &iterator, &column, &offset) != SQLITE_OK { column = -1 }
    while column == 0 || column == 1 {
        if column == 0 { hits.0 += 1 } else { hits.1 += 1 }
        next(context, &iterator, &column, &offset)
    }
    if let worst, 0.0 + phraseCeiling(titles: (hits.0, hits.1), nextColumn: column) + 1e-9 <= -worst {
        return .outranked
    }
    while column >= 0 {
        switch column {
        case 0: hits.0 += 1
        case 1: hits.1 += 1
        case 2: hits.2 += 1
        case 3: hits.3 += 1
        default: break
        }
        next(context, &iterator, &column, &offset)
    }
    return .scored(-(0.0 + phraseScore(hits)))
}

/// What scoring one row found.
private enum RowScore {
    /// The row's relevance score, negated (lower is better).
    case scored(Double)
    /// The row cannot enter the kept matches, whatever the rest of its hits: counted only.
    case outranked
    /// FTS5 lacks a function.
    case failed
}

/// The row's relevance score, negated (lower is better).
///
/// A row whose best possible score cannot reach `worst`, the worst score kept once the
/// collector is full, is only counted (`rowCeiling`): its body hits (dozens per
/// article for `的`) are never walked. For one phrase that makes title hits a tier of their
/// own, every title hit scoring at least 5 and a row without one at most 2.2 (CJK: one body
/// column) or 4.4; the 20 commonest characters' p99 at 100,000 articles went from 46.5 to
/// 28.0 ms (README, Benchmarks → search). With several phrases each is weighted by its
/// inverse document frequency in the bound as in the score, so a row without a title hit of
/// a rare phrase cannot pass rows with one once enough of those are kept. The result is
/// exact: a row is skipped only when it cannot precede the worst row kept. With fewer such
/// rows than `offset + limit` the worst kept row can be passed, and every row is scored in full.
/// A query of one phrase takes ``onePhraseScore(_:_:against:)``, the same computation in one walk.
private func score(
    _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, against worst: Double?
) -> RowScore {
    let functions = api.pointee
    guard let phraseCount = functions.xPhraseCount, let first = functions.xPhraseFirst,
        let next = functions.xPhraseNext
    else { return .failed }
    let phrases = phraseCount(context)
    let weights = phrases > 1 ? phraseWeights(api, context, phrases) : nil
    // The margin covers rounding in `saturated`; the gaps it guards are far wider.
    if let worst, rowCeiling(api, context, phrases, weights) + 1e-9 <= -worst { return .outranked }
    var score = 0.0
    for phrase in 0..<phrases {
        var iterator = Fts5PhraseIter()
        var column: Int32 = -1
        var offset: Int32 = 0
        var hits: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        guard first(context, phrase, &iterator, &column, &offset) == SQLITE_OK else { continue }
        while column >= 0 {
            switch column {
            case 0: hits.0 += 1
            case 1: hits.1 += 1
            case 2: hits.2 += 1
            case 3: hits.3 += 1
            default: break
            }
            next(context, &iterator, &column, &offset)
        }
        score += phraseScore(hits) * (weights?[Int(phrase)] ?? 1)
    }
    return .scored(-score)
}

/// The most the row can score, read from its title hits alone: FTS5 lists a phrase's hits by
/// column, titles first, so once a phrase's title hits are counted the next hit's column says
/// which body columns can still add, and each adds less than its weight times `k1 + 1`
/// (saturation's limit). Each phrase counts with the weight it has in the score.
private func rowCeiling(
    _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, _ phrases: Int32,
    _ weights: UnsafeMutablePointer<Double>?
) -> Double {
    guard let first = api.pointee.xPhraseFirst, let next = api.pointee.xPhraseNext else { return .infinity }
    var ceiling = 0.0
    for phrase in 0..<phrases {
        var iterator = Fts5PhraseIter()
        var column: Int32 = -1
        var offset: Int32 = 0
        var titles: (Int32, Int32) = (0, 0)
        guard first(context, phrase, &iterator, &column, &offset) == SQLITE_OK else { continue }
        while column == 0 || column == 1 {
            if column == 0 { titles.0 += 1 } else { titles.1 += 1 }
            next(context, &iterator, &column, &offset)
        }
        ceiling += phraseCeiling(titles: titles, nextColumn: column) * (weights?[Int(phrase)] ?? 1)
    }
    return ceiling
}

/// One phrase's score from its hits in `title1, title2, body1, body2`: each column's hits
/// saturated and weighted. ``score(_:_:against:)`` and ``onePhraseScore(_:_:against:)`` both
/// use it, so the two paths give the same bits.
@inline(__always)
private func phraseScore(_ hits: (Int32, Int32, Int32, Int32)) -> Double {
    let w = SearchRanking.columnWeights
    return w.0 * SearchRanking.saturated(hits.0) + w.1 * SearchRanking.saturated(hits.1)
        + w.2 * SearchRanking.saturated(hits.2) + w.3 * SearchRanking.saturated(hits.3)
}

/// The most one phrase can score once its title hits are counted: those, and each body column
/// still ahead (`nextColumn`, the column of the first hit after the titles, -1 for none) at
/// less than its weight times `k1 + 1`, saturation's limit. ``rowCeiling(_:_:_:_:)`` and
/// ``onePhraseScore(_:_:against:)`` both use it.
@inline(__always)
private func phraseCeiling(titles: (Int32, Int32), nextColumn: Int32) -> Double {
    let w = SearchRanking.columnWeights
    let limit = SearchRanking.k1 + 1
    let bodies: Double
    switch nextColumn {
    case 2: bodies = (w.2 + w.3) * limit
    case 3: bodies = w.3 * limit
    default: bodies = 0
    }
    return w.0 * SearchRanking.saturated(titles.0) + w.1 * SearchRanking.saturated(titles.1) + bodies
}

/// Each phrase's inverse document frequency, computed once per query and kept as the
/// function's auxiliary data (FTS5 frees it with the query).
private func phraseWeights(
    _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, _ phrases: Int32
) -> UnsafeMutablePointer<Double>? {
    let functions = api.pointee
    if let saved = functions.xGetAuxdata?(context, 0) {
        return saved.assumingMemoryBound(to: Double.self)
    }
    guard let rowCount = functions.xRowCount, let queryPhrase = functions.xQueryPhrase,
        let setAuxdata = functions.xSetAuxdata
    else { return nil }
    var rows: Int64 = 0
    guard rowCount(context, &rows) == SQLITE_OK else { return nil }
    let weights = UnsafeMutablePointer<Double>.allocate(capacity: Int(phrases))
    for phrase in 0..<phrases {
        var matching: Int64 = 0
        let code = queryPhrase(context, phrase, &matching) { _, _, counter in
            counter?.assumingMemoryBound(to: Int64.self).pointee += 1
            return SQLITE_OK
        }
        weights[Int(phrase)] =
            code == SQLITE_OK ? SearchRanking.inverseDocumentFrequency(rows: rows, matching: matching) : 1
    }
    guard setAuxdata(context, weights, { $0?.deallocate() }) == SQLITE_OK else {
        // FTS5 has already called the destructor on failure.
        return nil
    }
    return weights
}

/// The best matches of one relevance-ordered search, and how many rows matched: filled by
/// `gazette_collect` while a statement runs, read by the store after it.
///
/// Owned by one ``Connection`` (behind a pointer it allocates, so the per-row calls pay no
/// reference counting or exclusivity checks) and used only by the thread using the connection.
struct RelevanceCollector {
    /// One match: its score (lower is better) and article id.
    struct Match: Equatable {
        var score: Double
        var id: Int64

        /// Relevance order: lower score first, then the newer (higher) id.
        func precedes(_ other: Match) -> Bool {
            score < other.score || (score == other.score && id > other.id)
        }
    }

    /// Rows offered since the last reset (every match, before the cursor or after it).
    private(set) var matched = 0
    /// Whether the query has exactly one phrase, asked of FTS5 on the first row (`nil` before).
    private var onePhrase: Bool?
    /// Rows scored in full since the last reset; the others were only counted.
    private(set) var scored = 0
    private var capacity = 0
    private var after: Match?
    /// A binary heap whose root is the worst match kept.
    private var heap: [Match] = []

    /// Starts a search that keeps the best `capacity` matches ordered after `after`.
    mutating func reset(keeping capacity: Int, after: Match?) {
        matched = 0
        scored = 0
        onePhrase = nil
        self.capacity = capacity
        self.after = after
        heap.removeAll(keepingCapacity: true)
        heap.reserveCapacity(min(capacity, 1024))
    }

    /// The score of the worst match kept once `capacity` are kept (a match must precede it to
    /// enter), `nil` before.
    var worstKeptScore: Double? {
        heap.count == capacity ? heap.first?.score : nil
    }

    /// Whether the running query has exactly one phrase (the same for every row of a statement,
    /// so FTS5 is asked once per search).
    @inline(__always)
    mutating func hasOnePhrase(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer) -> Bool {
        if let onePhrase { return onePhrase }
        let answer = api.pointee.xPhraseCount.map { $0(context) == 1 } ?? false
        onePhrase = answer
        return answer
    }

    /// Counts a match known not to precede the worst kept one (see ``worstKeptScore``).
    mutating func count() {
        matched += 1
    }

    mutating func offer(_ match: Match) {
        matched += 1
        scored += 1
        if let after, !after.precedes(match) { return }
        if heap.count < capacity {
            heap.append(match)
            siftUp(heap.count - 1)
        } else if let worst = heap.first, match.precedes(worst) {
            heap[0] = match
            siftDown(0)
        }
    }

    /// The kept matches, best first.
    func best() -> [Match] {
        heap.sorted { $0.precedes($1) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].precedes(heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < heap.count && heap[worst].precedes(heap[left]) { worst = left }
            if right < heap.count && heap[worst].precedes(heap[right]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}

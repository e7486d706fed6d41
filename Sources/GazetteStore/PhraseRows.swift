import CSQLite

/// The articles a one-phrase search matches, read straight from FTS5's index by an auxiliary
/// function, `gazette_phrase_rows`, that every connection registers.
///
/// `SELECT rowid FROM search_index WHERE search_index MATCH ?` costs about 60 ns a match: the
/// virtual machine steps once per row and the row comes back through `sqlite3_step`. The
/// function is instead called once, on the first matching row (`… MATCH ? LIMIT 1`), and walks
/// the phrase's rows with FTS5's `xQueryPhrase`, which iterates the phrase's doclist in rowid
/// order and calls back with each row (https://sqlite.org/fts5.html#xQueryPhrase), so no
/// statement steps per match. The rows are those of the same phrase as parsed by FTS5 (prefix
/// and column filter included), so the set is exactly the statement's. With several phrases
/// (an AND, a NOT) the function declines (``Outcome/severalPhrases``) and the statement is used:
/// FTS5 evaluates those with skips through the rarer phrase's rows, which a walk of each phrase
/// would not.
///
/// No virtual-machine step runs during the walk, so SQLite's progress handler (the read time
/// limit) is not called: the walk checks ``deadline`` itself every ``deadlineCheckInterval`` rows
/// and stops with `SQLITE_INTERRUPT`, as the progress handler would.
struct PhraseRows {
    /// The SQL name of the function.
    static let functionName = "gazette_phrase_rows"
    /// Rows walked between two looks at the clock.
    static let deadlineCheckInterval = 16_384

    /// What the last call did.
    enum Outcome: Equatable {
        /// The function was not called: no row matches.
        case notCalled
        /// ``matches`` holds every row the phrase matches.
        case collected
        /// The query has more than one phrase; nothing was collected.
        case severalPhrases
    }

    var matches = MatchSet()
    var outcome = Outcome.notCalled
    /// When the walk must stop (the read's time limit), `nil` for none.
    var deadline: ContinuousClock.Instant?
    /// Rows walked since the last look at the clock (the first row looks).
    fileprivate var sinceDeadlineCheck = PhraseRows.deadlineCheckInterval - 1

    /// Starts a new search.
    mutating func reset(deadline: ContinuousClock.Instant?) {
        self = PhraseRows(deadline: deadline)
    }

    /// Registers `gazette_phrase_rows` on `db`, filling `rows`, which must live as long as the
    /// connection.
    static func register(on db: OpaquePointer, rows: UnsafeMutablePointer<PhraseRows>) throws(SQLiteError) {
        try SearchRanking.createFunction(on: db, named: functionName, userData: rows, collectPhraseRows)
    }
}

/// The FTS5 callback behind `gazette_phrase_rows(search_index)`: walks the only phrase's rows
/// into the connection's ``PhraseRows`` (the function's user data). Returns 0.
private let collectPhraseRows: fts5_extension_function = { api, context, result, _, _ in
    guard let api, let context, let userData = api.pointee.xUserData?(context),
        let phraseCount = api.pointee.xPhraseCount, let queryPhrase = api.pointee.xQueryPhrase
    else {
        sqlite3_result_error(result, "gazette_phrase_rows: incomplete FTS5 API", -1)
        return
    }
    let rows = userData.assumingMemoryBound(to: PhraseRows.self)
    guard phraseCount(context) == 1 else {
        rows.pointee.outcome = .severalPhrases
        sqlite3_result_int(result, 0)
        return
    }
    let code = queryPhrase(context, 0, userData, insertRow)
    guard code == SQLITE_OK else {
        sqlite3_result_error_code(result, code)
        return
    }
    rows.pointee.outcome = .collected
    sqlite3_result_int(result, 0)
}

/// `xQueryPhrase`'s callback: adds the row to the ``PhraseRows`` its user data points to.
private let insertRow:
    @convention(c) (UnsafePointer<Fts5ExtensionApi>?, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = {
        api, context, userData in
        guard let api, let context, let userData, let rowid = api.pointee.xRowid else { return SQLITE_ERROR }
        let rows = userData.assumingMemoryBound(to: PhraseRows.self)
        rows.pointee.matches.insert(rowid(context))
        rows.pointee.sinceDeadlineCheck += 1
        if rows.pointee.sinceDeadlineCheck == PhraseRows.deadlineCheckInterval {
            rows.pointee.sinceDeadlineCheck = 0
            if let deadline = rows.pointee.deadline, ContinuousClock.now >= deadline { return SQLITE_INTERRUPT }
        }
        return SQLITE_OK
    }

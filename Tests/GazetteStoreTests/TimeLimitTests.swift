import Testing

@testable import GazetteStore

/// `Connection.withTimeLimit`: a statement past its limit stops, and the connection stays usable.
@Suite struct TimeLimitTests {
    /// Counts to 20 million: far more than 1,000 virtual-machine steps, and seconds of work.
    private let longCount =
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000000) SELECT count(*) FROM n"

    @Test func statementPastItsLimit_isInterrupted_andTheConnectionStaysUsable() throws {
        let db = try TemporaryDatabase()
        _ = try ArticleStore(location: db.location)
        let reader = try Connection(location: db.location, readOnly: true)
        let started = ContinuousClock.now
        do {
            try reader.transaction {
                try reader.withTimeLimit(.milliseconds(20)) {
                    _ = try reader.statement(longCount).first { $0.int64(0) }
                }
            }
            Issue.record("the count finished within its limit")
        } catch let error as SQLiteError {
            #expect(error.isInterrupted, "\(error)")
        }
        // The error above is the evidence that the limit stopped the count; this bound is only
        // generous (the whole count takes seconds unloaded, the limit is 20 ms).
        #expect(ContinuousClock.now - started < .seconds(10))
        // The transaction was rolled back, and the next statements run with no limit.
        #expect(!reader.isInTransaction)
        let count = try reader.statement("SELECT count(*) FROM articles").first { $0.int64(0) }
        #expect(count == 0)
        let small = try reader.statement(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) SELECT count(*) FROM n"
        ).first { $0.int64(0) }
        #expect(small == 5000)
    }

    @Test func statementWithinItsLimit_completes() throws {
        let db = try TemporaryDatabase()
        _ = try ArticleStore(location: db.location)
        let reader = try Connection(location: db.location, readOnly: true)
        let total = try reader.withTimeLimit(.seconds(30)) {
            try reader.statement(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000) SELECT count(*) FROM n"
            ).first { $0.int64(0) }
        }
        #expect(total == 100_000)
    }
}

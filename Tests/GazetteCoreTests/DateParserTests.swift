import Foundation
import Testing

@testable import GazetteCore

struct DateParserTests {
    let utc = DateParser()

    @Test func rfc2822InGMT_isParsed() {
        #expect(utc.parse("Wed, 28 Jul 2021 10:50:17 GMT").map(RFC3339.format) == "2021-07-28T10:50:17Z")
        #expect(utc.parse("Sun, 31 Jul 2022 06:13:25 GMT").map(RFC3339.format) == "2022-07-31T06:13:25Z")
    }

    @Test func rfc2822WithNumericOffsetAndNoWeekday_isParsed() {
        #expect(utc.parse("28 Jul 2021 18:50:17 +0800").map(RFC3339.format) == "2021-07-28T10:50:17Z")
        #expect(utc.parse("Mon, 8 Aug 2022 06:21 -0130").map(RFC3339.format) == "2022-08-08T07:51:00Z")
    }

    @Test(arguments: [
        ("2020-04-03T20:26:28.000Z", "2020-04-03T20:26:28Z"),
        ("2026-08-14T00:00:00Z", "2026-08-14T00:00:00Z"),
        ("2025-03-17T10:00:00-04:00", "2025-03-17T14:00:00Z"),
        ("2025-03-17T10:00:00+0530", "2025-03-17T04:30:00Z"),
        ("2021-07-28 10:50:17", "2021-07-28T10:50:17Z"),
        ("2019-01-11 22:13", "2019-01-11T22:13:00Z"),
        ("2014-10-1 12:00:00", "2014-10-01T12:00:00Z"),
        ("2021-07-28", "2021-07-28T00:00:00Z"),
    ])
    func isoAndNaiveForms_areParsed(input: String, expected: String) {
        #expect(utc.parse(input).map(RFC3339.format) == expected)
    }

    @Test func naiveDates_areReadInTheConfiguredZone() throws {
        let shanghai = DateParser(timeZone: try #require(TimeZone(identifier: "Asia/Shanghai")))
        #expect(shanghai.parse("2022-03-06 15:09:14").map(RFC3339.format) == "2022-03-06T07:09:14Z")
        // An explicit zone wins over the configured one.
        #expect(shanghai.parse("2022-03-06T15:09:14Z").map(RFC3339.format) == "2022-03-06T15:09:14Z")
    }

    @Test(arguments: [
        "", "yesterday", "2021-02-30", "2021-13-01", "2021-07-28T25:00:00Z", "Wed, 32 Jul 2021 10:50:17 GMT",
        "2021-07-28T10:50:17+99:00", "2021-07-28 10:50:17 garbage", String(repeating: "9", count: 500),
        "99999999999999999999-01-01",
    ])
    func invalidDates_areRejected(input: String) {
        #expect(utc.parse(input) == nil)
    }
}

struct CivilTimeTests {
    @Test func secondsRoundTripThroughCivilTime_acrossCenturies() {
        for seconds in stride(from: Int64(-5_000_000_000), through: 9_000_000_000, by: 86_399 * 37) {
            #expect(CivilTime(secondsSinceEpoch: seconds).secondsSinceEpoch == seconds)
        }
    }

    @Test func leapDay_isValidOnlyInLeapYears() {
        #expect(CivilTime(year: 2024, month: 2, day: 29).isValid)
        #expect(!CivilTime(year: 2023, month: 2, day: 29).isValid)
        #expect(CivilTime(year: 2000, month: 2, day: 29).isValid)
        #expect(!CivilTime(year: 1900, month: 2, day: 29).isValid)
    }
}

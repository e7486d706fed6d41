/// Conversions between a proleptic-Gregorian civil date-time and seconds since the Unix epoch,
/// without Foundation (cheap enough for every response).
///
/// The day arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (https://howardhinnant.github.io/date_algorithms.html).
public struct CivilTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether every field is in its calendar range (February 29 only in leap years).
    public var isValid: Bool {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return false }
        return (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
    }

    /// Seconds since 1970-01-01T00:00:00Z, reading the fields as UTC.
    public var secondsSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
    }

    /// The UTC civil time of `seconds` since the epoch.
    public init(secondsSinceEpoch seconds: Int64) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(
            year: Int(year), month: Int(month), day: Int(day), hour: Int(rest / 3_600),
            minute: Int(rest % 3_600 / 60), second: Int(rest % 60))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// RFC 3339 formatting of epoch seconds in UTC: `2021-07-28T10:50:17Z`.
public enum RFC3339 {
    /// Formats `seconds` since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The length of every form ``write(_:to:)`` writes.
    public static let length = 20

    /// Appends the RFC 3339 form of `seconds` to `bytes` (no allocation beyond growth).
    public static func append(_ seconds: Int64, to bytes: inout [UInt8]) {
        // The twenty bytes are made on the stack and appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { text in
            guard let start = text.baseAddress else { return }
            write(seconds, to: start)
            bytes.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// Writes the RFC 3339 form of `seconds` to the ``length`` bytes at `text` (a list page
    /// writes one date per article, straight into the JSON writer's buffer).
    public static func write(_ seconds: Int64, to text: UnsafeMutablePointer<UInt8>) {
        let time = CivilTime(secondsSinceEpoch: seconds)
        // The last `count` decimal digits of `value` (0 when negative) at `offset`.
        func put(_ value: Int, count: Int, at offset: Int) {
            var value = max(0, value)
            for index in stride(from: offset + count - 1, through: offset, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(time.year, count: 4, at: 0)
        text[4] = UInt8(ascii: "-")
        put(time.month, count: 2, at: 5)
        text[7] = UInt8(ascii: "-")
        put(time.day, count: 2, at: 8)
        text[10] = UInt8(ascii: "T")
        put(time.hour, count: 2, at: 11)
        text[13] = UInt8(ascii: ":")
        put(time.minute, count: 2, at: 14)
        text[16] = UInt8(ascii: ":")
        put(time.second, count: 2, at: 17)
        text[19] = UInt8(ascii: "Z")
    }
}

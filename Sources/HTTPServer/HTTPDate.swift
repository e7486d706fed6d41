/// The `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once per second.
///
/// Each event loop keeps its own, so it needs no lock; `DateFormatter` is never used.
public struct HTTPDate {
    private var second = -1
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, 29 bytes.
    private(set) var bytes: [UInt8] = []

    /// The value for the current second, re-formatting only when the second changed.
    mutating func current() -> [UInt8] {
        let now = Syscall.wallClockSeconds()
        if now != second {
            second = now
            bytes = Self.format(now)
        }
        return bytes
    }

    private static let days: [[UInt8]] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf8) }
    private static let months: [[UInt8]] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ].map { Array($0.utf8) }

    /// Formats seconds since the epoch as IMF-fixdate: the one formatter of HTTP dates
    /// (`Date`, `Last-Modified`, RSS dates).
    public static func format(_ seconds: Int) -> [UInt8] {
        let fields = Syscall.utcCalendar(seconds)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += days[Int(fields.tm_wday) % 7]
        out += Array(", ".utf8)
        appendTwoDigits(Int(fields.tm_mday), to: &out)
        out.append(0x20)
        out += months[Int(fields.tm_mon) % 12]
        out.append(0x20)
        let year = Int(fields.tm_year) + 1900
        appendTwoDigits(year / 100, to: &out)
        appendTwoDigits(year % 100, to: &out)
        out.append(0x20)
        appendTwoDigits(Int(fields.tm_hour), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(fields.tm_min), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(fields.tm_sec), to: &out)
        out += Array(" GMT".utf8)
        return out
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        let clamped = max(0, min(99, value))
        out.append(UInt8(0x30 + clamped / 10))
        out.append(UInt8(0x30 + clamped % 10))
    }
}
